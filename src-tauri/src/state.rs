//! Managed state: the open KB (behind a lock, swapped when another folder is opened), its
//! watcher, and the background opening that reports progress as `index-progress` events.
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use fieldguide_core::kb::watch::{watch, WatchHandle};
use fieldguide_core::{Kb, KbOptions, Progress};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::error::{CmdError, CmdResult};

/// Everything the commands share.
#[derive(Default)]
pub struct AppState {
    kb: RwLock<Option<Arc<Kb>>>,
    watcher: Mutex<Option<WatchHandle>>,
    opening: Mutex<Option<PathBuf>>,
    open_error: Mutex<Option<CmdError>>,
}

/// Payload of `kb-changed`.
#[derive(Clone, Serialize)]
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

    /// The folder being opened, if any.
    pub fn opening(&self) -> Option<PathBuf> {
        self.opening.lock().expect("lock").clone()
    }
}

/// Opens `root` on a background thread; the window stays responsive and receives
/// `index-progress` events, then `kb-changed` with no paths when the KB is ready.
pub fn open_in_background<R: Runtime>(app: AppHandle<R>, root: PathBuf) {
    {
        let state = app.state::<AppState>();
        *state.opening.lock().expect("lock") = Some(root.clone());
        *state.open_error.lock().expect("lock") = None;
    }
    std::thread::spawn(move || {
        let emitter = app.clone();
        let opts = KbOptions {
            progress: Some(Box::new(move |p: Progress| {
                let _ = emitter.emit("index-progress", p);
            })),
            ..Default::default()
        };
        let result = Kb::open_with(&root, opts);
        let state = app.state::<AppState>();
        match result {
            Ok(kb) => {
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
                release_freed_heap();
            }
            Err(e) => {
                *state.open_error.lock().expect("lock") = Some(e.into());
            }
        }
        *state.opening.lock().expect("lock") = None;
        let _ = app.emit("kb-changed", KbChanged { paths: vec![] });
    });
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

/// Drops the current KB (and its watcher) before another one is opened.
pub fn close_current(state: &AppState) {
    *state.watcher.lock().expect("lock") = None;
    *state.kb.write().expect("kb lock") = None;
}
