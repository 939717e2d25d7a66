//! Managed state: the open KB (behind a lock, swapped when another folder is opened), its
//! watcher, and the background opening that reports progress as `index-progress` events.
//! While a KB opens, searches are answered from the index its last session left (if any).
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex, RwLock};
use std::time::Duration;

use fieldguide_core::index::SearchIndex;
use fieldguide_core::kb::open_last_index;
use fieldguide_core::kb::watch::{watch, WatchHandle};
use fieldguide_core::{Kb, KbOptions, Progress, SearchRequest, SearchResults};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use ts_rs::TS;

use crate::error::{CmdError, CmdResult};

/// Everything the commands share.
#[derive(Default)]
pub struct AppState {
    /// Returns the heap freed by a burst of searches to the OS once the app is idle.
    idle_trim: IdleTrim,
    kb: RwLock<Option<Arc<Kb>>>,
    /// The last session's index of the KB being opened (read-only), searched until `kb` is set.
    last_index: RwLock<Option<Arc<SearchIndex>>>,
    watcher: Mutex<Option<WatchHandle>>,
    opening: Mutex<Option<PathBuf>>,
    open_error: Mutex<Option<CmdError>>,
}

/// Payload of `kb-changed`.
#[derive(TS, Clone, Serialize)]
pub struct KbChanged {
    /// KB-relative paths that changed.
    pub paths: Vec<String>,
}

impl AppState {
    /// The open KB, or a `loading` error while the first index is being built.
    pub fn kb(&self) -> CmdResult<Arc<Kb>> {
        if let Some(kb) = self.kb.read().expect("kb lock").clone() {
            return Ok(kb);
        }
        if let Some(e) = self.open_error.lock().expect("lock").as_ref() {
            return Err(CmdError::new(&e.code, e.message.clone()));
        }
        Err(CmdError::new(
            "loading",
            "the knowledge base is still being indexed",
        ))
    }

    /// Searches the open KB; while it is still opening, the index its last session left
    /// (results may lag behind files changed since; the UI searches again on `kb-changed`).
    /// Without either: the `loading` (or open) error of [`AppState::kb`].
    pub fn search(&self, request: &SearchRequest) -> CmdResult<SearchResults> {
        self.idle_trim.touch();
        match self.kb() {
            Ok(kb) => Ok(kb.search(request)?),
            Err(e) => match self.last_index.read().expect("index lock").clone() {
                Some(index) if e.code == "loading" => Ok(index.search(request)?),
                _ => Err(e),
            },
        }
    }

    /// No KB to open at start (a first run): commands answer `no_kb` until a folder is opened
    /// or cloned from the first-run screen.
    pub fn set_no_kb(&self) {
        *self.open_error.lock().expect("lock") = Some(CmdError::new(
            "no_kb",
            "no knowledge base is open: open a folder or clone the team's KB",
        ));
    }

    /// Says the app was busy: its freed heap goes back to the OS once it is idle again.
    pub fn busy(&self) {
        self.idle_trim.touch();
    }

    /// The folder being opened, if any.
    pub fn opening(&self) -> Option<PathBuf> {
        self.opening.lock().expect("lock").clone()
    }
}

/// Opens `root` on a background thread; the window stays responsive and receives
/// `index-progress` events, then `kb-changed` with no paths when the KB is ready. `data_dir`:
/// where its index and journal live (`--data-dir`; None = the per-KB default).
pub fn open_in_background<R: Runtime>(app: AppHandle<R>, root: PathBuf, data_dir: Option<PathBuf>) {
    {
        let state = app.state::<AppState>();
        *state.opening.lock().expect("lock") = Some(root.clone());
        *state.open_error.lock().expect("lock") = None;
    }
    std::thread::spawn(move || {
        // Searchable at once: the index the last session left (milliseconds to open), while
        // the files are loaded and checked (seconds on a large KB). Same data folder as below.
        let base = KbOptions {
            data_dir: data_dir.clone(),
            ..Default::default()
        };
        let last = open_last_index(&root, &base).map(Arc::new);
        crate::commands::perf::mark(if last.is_some() {
            "last-index-open"
        } else {
            "no-last-index"
        });
        // With an index to answer searches, loading the files is background work: it must not
        // take the cores from the window and the web process starting up (see below).
        let background = last.is_some();
        *app.state::<AppState>()
            .last_index
            .write()
            .expect("index lock") = last;
        let emitter = app.clone();
        let opts = KbOptions {
            progress: Some(Box::new(move |p: Progress| {
                // "scan" comes from the opening thread once the index (and its writer threads)
                // is open and before the files are parsed: from here on, this thread and the
                // parsing threads it starts run at a lower priority.
                if background && p.phase == fieldguide_core::Phase::Scan && on_opening_thread() {
                    lower_this_threads_priority();
                }
                let _ = emitter.emit("index-progress", p);
            })),
            data_dir,
            ..Default::default()
        };
        // On its own thread, which ends with the opening: a lowered priority stays with it (and
        // with the parsing threads it started), not with the watcher started below.
        let result = std::thread::scope(|s| {
            std::thread::Builder::new()
                .name(OPENING_THREAD.into())
                .spawn_scoped(s, || Kb::open_with(&root, opts))
                .expect("spawn the opening thread")
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
        });
        crate::commands::perf::mark("kb-open");
        let state = app.state::<AppState>();
        match result {
            Ok(kb) => {
                // Flow steps (and documents opened from them) load KB images like the reader.
                kb.set_image_url_base(fieldguide_core::assets::url_base_for_platform());
                let kb = Arc::new(kb);
                let app2 = app.clone();
                let handle = watch(kb.clone(), move |res| {
                    if let Ok(changes) = res {
                        let _ = app2.emit(
                            "kb-changed",
                            KbChanged {
                                paths: changes.paths(),
                            },
                        );
                    }
                })
                .ok();
                *state.watcher.lock().expect("lock") = handle;
                *state.kb.write().expect("kb lock") = Some(kb);
            }
            Err(e) => {
                *state.open_error.lock().expect("lock") = Some(e.into());
            }
        }
        // Searches go to the KB from now on (set above; or an open error is reported).
        *state.last_index.write().expect("index lock") = None;
        release_freed_heap();
        *state.opening.lock().expect("lock") = None;
        let _ = app.emit("kb-changed", KbChanged { paths: vec![] });
    });
}

/// The name of the thread that runs [`Kb::open_with`].
const OPENING_THREAD: &str = "kb-open";

fn on_opening_thread() -> bool {
    std::thread::current().name() == Some(OPENING_THREAD)
}

/// Lowers the calling thread's CPU priority (nice 10; threads it starts afterwards inherit it).
/// Used while the files of a KB are loaded when the last session's index already answers
/// searches: on two cores, loading 2,459 files at normal priority took the CPU from the web
/// process starting up and delayed the first result by 0.1–0.4 s (docs/benchmarks.md, Desktop
/// figures). Linux only: there a thread's nice value is its own (elsewhere `setpriority`
/// applies to the whole process). Not undone (an unprivileged thread cannot): the thread ends.
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    {
        extern "C" {
            fn setpriority(
                which: std::os::raw::c_int,
                who: u32,
                prio: std::os::raw::c_int,
            ) -> std::os::raw::c_int;
        }
        const PRIO_PROCESS: std::os::raw::c_int = 0;
        // SAFETY: plain system call; on Linux `who == 0` with PRIO_PROCESS is the calling
        // thread only. Failure (e.g. a sandbox forbidding it) leaves the priority as it was.
        unsafe {
            setpriority(PRIO_PROCESS, 0, 10);
        }
    }
}

/// Heap blocks from this size up are mapped on their own (and unmapped when freed); a free
/// region above this size at the end of a thread's heap is given back at once.
const ALLOCATOR_THRESHOLD: i32 = 2 << 20;

/// Fixes glibc's thresholds for giving memory back (call before other threads start).
/// Left to itself, glibc raises them each time a large block is freed, up to 32 MB for mapping
/// and 64 MB for trimming, and `malloc_trim` never trims the end of a thread's heap: opening a
/// 100,000-document KB left one heap with a 55 MB free end, 43 MB of it resident, in the idle
/// app (docs/benchmarks.md, "Desktop figures").
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn mallopt(
                param: std::os::raw::c_int,
                value: std::os::raw::c_int,
            ) -> std::os::raw::c_int;
        }
        const M_TRIM_THRESHOLD: std::os::raw::c_int = -1;
        const M_MMAP_THRESHOLD: std::os::raw::c_int = -3;
        // SAFETY: mallopt only sets the allocator's parameters (under its own lock); setting
        // either threshold also stops glibc from adjusting them.
        unsafe {
            mallopt(M_TRIM_THRESHOLD, ALLOCATOR_THRESHOLD);
            mallopt(M_MMAP_THRESHOLD, ALLOCATOR_THRESHOLD);
        }
    }
}

/// Hands the heap memory freed after opening back to the OS. Building the index allocates
/// hundreds of MB on worker threads; glibc keeps what they freed in per-thread arenas, so
/// without this the idle app after a first launch stays tens of MB larger than after a launch
/// that found the index (docs/benchmarks.md, "Desktop figures").
fn release_freed_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::os::raw::c_int;
        }
        // SAFETY: glibc's malloc_trim only returns free pages of the allocator's arenas to
        // the kernel; it takes the arena locks itself and may be called from any thread.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// How long the app must have been idle after a search before its freed heap is trimmed.
const IDLE_BEFORE_TRIM: Duration = Duration::from_secs(3);

/// Runs an action (by default [`release_freed_heap`]) once each time the app goes idle: the
/// first [`IdleTrim::touch`] wakes a thread, which acts once no touch came for the idle time.
/// Typing a query runs a search per keystroke, each allocating results, snippets and JSON on
/// the async runtime's threads; glibc keeps what they free in per-thread arenas. After 770
/// typed searches the idle app held ~20 MB more than at start; trimming gives back about half
/// of that (the rest is in use: word caches, tantivy's block caches; docs/benchmarks.md,
/// "Desktop figures"). Trimming takes a few ms, off the searching threads.
pub struct IdleTrim {
    idle: Duration,
    action: fn(),
    wake: Mutex<Option<mpsc::Sender<()>>>,
}

impl Default for IdleTrim {
    fn default() -> Self {
        IdleTrim::new(IDLE_BEFORE_TRIM, release_freed_heap)
    }
}

impl IdleTrim {
    /// Runs `action` after each burst of touches, once `idle` passed without one.
    pub fn new(idle: Duration, action: fn()) -> Self {
        IdleTrim {
            idle,
            action,
            wake: Mutex::new(None),
        }
    }

    /// Notes activity (cheap: a channel send; the thread starts on the first call).
    pub fn touch(&self) {
        let mut wake = self.wake.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tx) = wake.as_ref() {
            if tx.send(()).is_ok() {
                return;
            }
        }
        let (tx, rx) = mpsc::channel::<()>();
        let (idle, action) = (self.idle, self.action);
        let spawned = std::thread::Builder::new()
            .name("idle-trim".into())
            .spawn(move || {
                // Sleeps until activity, then until `idle` passes without any; ends with the
                // sender (the state).
                while rx.recv().is_ok() {
                    loop {
                        match rx.recv_timeout(idle) {
                            Ok(()) => continue,
                            Err(mpsc::RecvTimeoutError::Timeout) => {
                                action();
                                break;
                            }
                            Err(mpsc::RecvTimeoutError::Disconnected) => return,
                        }
                    }
                }
            });
        if spawned.is_ok() && tx.send(()).is_ok() {
            *wake = Some(tx);
        }
    }
}

/// Drops the current KB (and its watcher) before another one is opened.
pub fn close_current(state: &AppState) {
    *state.watcher.lock().expect("lock") = None;
    *state.kb.write().expect("kb lock") = None;
    *state.last_index.write().expect("index lock") = None;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static TRIMS: AtomicUsize = AtomicUsize::new(0);

    fn count_trim() {
        TRIMS.fetch_add(1, Ordering::SeqCst);
    }

    fn wait_for(what: impl Fn() -> bool) -> bool {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while std::time::Instant::now() < deadline {
            if what() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }

    #[test]
    fn idle_trim_acts_once_after_each_burst_of_activity() {
        let idle = Duration::from_millis(200);
        let trim = IdleTrim::new(idle, count_trim);
        std::thread::sleep(idle * 2);
        assert_eq!(
            TRIMS.load(Ordering::SeqCst),
            0,
            "nothing before any activity"
        );
        for _ in 0..20 {
            trim.touch();
        }
        assert!(
            wait_for(|| TRIMS.load(Ordering::SeqCst) == 1),
            "acts once idle"
        );
        std::thread::sleep(idle * 3);
        assert_eq!(
            TRIMS.load(Ordering::SeqCst),
            1,
            "once per burst, not while idle"
        );
        trim.touch();
        assert!(
            wait_for(|| TRIMS.load(Ordering::SeqCst) == 2),
            "the next burst acts again"
        );
    }

    /// A small KB folder and a data folder under the system temp dir (removed on drop).
    struct TempKb(PathBuf);

    impl TempKb {
        fn new(name: &str) -> Self {
            let base = std::env::temp_dir().join(format!(
                "fieldguide-app-state-{name}-{}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&base);
            let kb = base.join("kb");
            std::fs::create_dir_all(&kb).unwrap();
            for (file, title, body) in [
                (
                    "vpn.md",
                    "VPN drops every hour",
                    "The tunnel drops; renew the certificate.",
                ),
                (
                    "printer.md",
                    "Printer offline",
                    "Restart the spooler service.",
                ),
            ] {
                std::fs::write(
                    kb.join(file),
                    format!("---\ntitle: {title}\nkind: runbook\n---\n\n# {title}\n\n{body}\n"),
                )
                .unwrap();
            }
            TempKb(base)
        }
        fn kb(&self) -> PathBuf {
            self.0.join("kb")
        }
        fn opts(&self) -> KbOptions {
            KbOptions {
                data_dir: Some(self.0.join("data")),
                ..Default::default()
            }
        }
    }

    impl Drop for TempKb {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn opening_reports_the_scan_phase_on_the_opening_thread() {
        // open_in_background lowers the priority at "scan": it must come, and from the
        // thread that called open_with.
        let t = TempKb::new("scan-phase");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let seen2 = seen.clone();
        let opener = std::thread::current().id();
        let opts = KbOptions {
            progress: Some(Box::new(move |p: Progress| {
                if p.phase == fieldguide_core::Phase::Scan {
                    seen2
                        .lock()
                        .unwrap()
                        .push(std::thread::current().id() == opener);
                }
            })),
            ..t.opts()
        };
        drop(Kb::open_with(t.kb(), opts).unwrap());
        assert_eq!(*seen.lock().unwrap(), [true]);
    }

    #[test]
    fn searches_the_last_sessions_index_while_the_kb_opens() {
        let t = TempKb::new("last-index");
        let state = AppState::default();
        let req = SearchRequest::new("certificate");
        // Nothing to search yet: `loading`, as before.
        assert_eq!(state.search(&req).unwrap_err().code, "loading");
        // No earlier session: no index to fall back on.
        assert!(open_last_index(t.kb(), &t.opts()).is_none());
        // A session builds the index and ends.
        drop(Kb::open_with(t.kb(), t.opts()).unwrap());
        // Next start: the KB is still opening (`kb` unset), the last index answers.
        *state.last_index.write().unwrap() =
            Some(Arc::new(open_last_index(t.kb(), &t.opts()).unwrap()));
        let res = state.search(&req).unwrap();
        assert_eq!(
            res.hits.iter().map(|h| h.path.as_str()).collect::<Vec<_>>(),
            ["vpn.md"]
        );
        // Other commands still wait for the KB.
        assert_eq!(state.kb().err().map(|e| e.code).as_deref(), Some("loading"));
        // An open that failed is reported, not hidden behind old results.
        *state.open_error.lock().unwrap() = Some(CmdError::new("permission_denied", "no"));
        assert_eq!(state.search(&req).unwrap_err().code, "permission_denied");
        *state.open_error.lock().unwrap() = None;
        // Once open, the KB answers (and the last index is dropped).
        let kb = Arc::new(Kb::open_with(t.kb(), t.opts()).unwrap());
        *state.kb.write().unwrap() = Some(kb);
        *state.last_index.write().unwrap() = None;
        assert_eq!(state.search(&req).unwrap().hits.len(), 1);
        close_current(&state);
        assert_eq!(state.search(&req).unwrap_err().code, "loading");
    }
}
