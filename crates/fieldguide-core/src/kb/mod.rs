//! A KB folder opened: its documents loaded and understood, its search index kept in step
//! (incrementally across runs: each indexed document carries its file's time and size), links
//! resolved, documents rendered for reading, and changed files re-read on demand or by the
//! watcher.
//!
//! The markdown folder is the source of truth. Everything under the data directory (index,
//! journal) is derived or auxiliary and rebuilt when missing, stale or corrupt.
mod edit;
mod escalations;
mod flows;
mod index_only;
mod insight;
mod load;
mod records;
mod recover;
mod view;
pub mod watch;

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use serde::Serialize;
use ts_rs::TS;

pub use crate::article::DocSummary;
use crate::article::{Article, LinkTarget};
use crate::error::{Error, Problem, Result};
use crate::index::{SearchIndex, SearchRequest, SearchResults};
use crate::journal::Journal;
use crate::render::Resolved;
use crate::settings::{KbSettings, SETTINGS_FILE};

pub use crate::fsutil::FileStamp;
pub use edit::{content_hash, EditDoc, Preview, RenameOutcome, SaveOutcome};
pub use flows::{ChoiceView, Crumb, FlowSessionSummary, FlowState, NodeView};
pub use index_only::{update_index, KbIndex};
pub use insight::{Drill, DrillRows, LoggedSearch};
pub use records::{SavedEscalation, SavedRecord};
pub use view::{DocMeta, DocRef, DocView, TocEntry};

/// What long work is doing, as a progress event names it (serialized lowercase: `"scan"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Opening: walking the folder for markdown files.
    Scan,
    /// Opening: reading and parsing the files found.
    Parse,
    /// Opening: writing the search index.
    Index,
    /// Opening finished.
    Done,
    /// A KB health check: documents checked out of all.
    Lint,
    /// The health check finished (sent by the app).
    Checked,
}

impl Phase {
    /// The name on the wire and in the CLI's progress line.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Scan => "scan",
            Phase::Parse => "parse",
            Phase::Index => "index",
            Phase::Done => "done",
            Phase::Lint => "lint",
            Phase::Checked => "checked",
        }
    }
}

impl std::fmt::Display for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Progress of long work (the first index of a large KB), for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "IndexProgress")]
pub struct Progress {
    /// What is being done.
    pub phase: Phase,
    /// Units done.
    pub done: usize,
    /// Units in all.
    pub total: usize,
}

/// How to open a KB.
#[derive(Default)]
pub struct KbOptions {
    /// Where the index and journal live (default: the user's data dir, one folder per KB).
    pub data_dir: Option<PathBuf>,
    /// Called as loading and indexing progress.
    pub progress: Option<Box<dyn Fn(Progress) + Send + Sync>>,
    /// Open without taking the writer lock (never writes the index or the KB).
    pub read_only: bool,
}

#[derive(Default)]
struct State {
    /// Every loaded document's summary; bodies are read from the files when asked for. The
    /// key is the summary's own path (one allocation per document shared by the maps here:
    /// at 100,000 documents each copy of the paths would cost ~10 MB).
    docs: BTreeMap<Arc<str>, DocSummary>,
    load_problems: BTreeMap<String, Vec<Problem>>,
    stamps: BTreeMap<Arc<str>, FileStamp>,
    /// Documents by the hash of their lowercase file stem (for wikilinks by stem); compare
    /// the stems of what a lookup returns, as [`State::with_stem`] does.
    by_stem: HashMap<u64, Vec<Arc<str>>>,
    /// The KB's `fieldguide.toml` (its problem, if any, is in `load_problems`).
    settings: KbSettings,
}

/// The key of a lowercase file stem in [`State::by_stem`].
fn stem_hash(stem: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    stem.hash(&mut h);
    h.finish()
}

impl State {
    fn insert(&mut self, s: DocSummary, problems: Vec<Problem>, stamp: FileStamp) {
        let path = s.path.clone();
        self.remove(&path);
        self.add_stem(&path);
        if !problems.is_empty() {
            self.load_problems.insert(path.to_string(), problems);
        }
        self.stamps.insert(path.clone(), stamp);
        self.docs.insert(path, s);
    }

    fn add_stem(&mut self, path: &Arc<str>) {
        let key = stem_hash(&file_stem(path).to_lowercase());
        self.by_stem.entry(key).or_default().push(path.clone());
    }

    /// The documents whose file stem is `stem` (lowercase).
    fn with_stem<'a>(&'a self, stem: &'a str) -> impl Iterator<Item = &'a Arc<str>> + 'a {
        self.by_stem
            .get(&stem_hash(stem))
            .into_iter()
            .flatten()
            .filter(move |p| file_stem(p).to_lowercase() == stem)
    }

    /// The state of these summaries (one per path), built in bulk: sorted once, not inserted
    /// one by one.
    fn from_summaries(mut all: Vec<(FileStamp, crate::index::StoredSummary)>) -> State {
        all.sort_unstable_by(|a, b| a.1.summary.path.cmp(&b.1.summary.path));
        all.dedup_by(|a, b| a.1.summary.path == b.1.summary.path);
        let mut st = State::default();
        let mut docs = Vec::with_capacity(all.len());
        let mut stamps = Vec::with_capacity(all.len());
        for (stamp, s) in all {
            let path = s.summary.path.clone();
            st.add_stem(&path);
            if !s.problems.is_empty() {
                st.load_problems.insert(path.to_string(), s.problems);
            }
            stamps.push((path.clone(), stamp));
            docs.push((path, s.summary));
        }
        // From sorted input a BTreeMap is built in one pass.
        st.docs = docs.into_iter().collect();
        st.stamps = stamps.into_iter().collect();
        st
    }

    fn insert_unloadable(&mut self, path: String, problem: Problem, stamp: FileStamp) {
        self.remove(&path);
        self.stamps.insert(path.as_str().into(), stamp);
        self.load_problems.insert(path, vec![problem]);
    }

    /// The stamp recorded for `path` (zero when unknown).
    fn stamp(&self, path: &str) -> FileStamp {
        self.stamps.get(path).copied().unwrap_or_default()
    }

    fn remove(&mut self, path: &str) -> bool {
        let had = self.docs.remove(path).is_some();
        self.load_problems.remove(path);
        self.stamps.remove(path);
        let key = stem_hash(&file_stem(path).to_lowercase());
        if let Some(v) = self.by_stem.get_mut(&key) {
            v.retain(|p| &**p != path);
            if v.is_empty() {
                self.by_stem.remove(&key);
            }
        }
        had
    }

    /// (Re-)reads the KB's settings file; true when what it says changed.
    fn load_settings(&mut self, root: &Path) -> bool {
        let (settings, problem) = KbSettings::load(root);
        let problems: Vec<Problem> = problem.into_iter().collect();
        let changed = settings != self.settings
            || self
                .load_problems
                .get(SETTINGS_FILE)
                .map_or(&[][..], Vec::as_slice)
                != problems;
        self.settings = settings;
        if problems.is_empty() {
            self.load_problems.remove(SETTINGS_FILE);
        } else {
            self.load_problems
                .insert(SETTINGS_FILE.to_string(), problems);
        }
        changed
    }
}

/// How many parsed documents a KB keeps for reuse (the reader, flows and editor ask for the
/// same few documents again and again).
const RECENT_DOCS: usize = 32;

/// Recently parsed documents, each with the stamp of the file it was read from.
#[derive(Default)]
struct Recent {
    docs: std::collections::VecDeque<(FileStamp, Arc<Article>)>,
}

impl Recent {
    fn get(&mut self, path: &str, stamp: FileStamp) -> Option<Arc<Article>> {
        let i = self
            .docs
            .iter()
            .position(|(s, a)| a.path == path && *s == stamp)?;
        let hit = self.docs.remove(i)?;
        let a = hit.1.clone();
        self.docs.push_front(hit);
        Some(a)
    }

    fn put(&mut self, stamp: FileStamp, a: Arc<Article>) {
        self.docs.retain(|(_, d)| d.path != a.path);
        self.docs.push_front((stamp, a));
        self.docs.truncate(RECENT_DOCS);
    }
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

/// An open knowledge base.
pub struct Kb {
    root: PathBuf,
    data_dir: PathBuf,
    state: RwLock<State>,
    recent: Mutex<Recent>,
    index: SearchIndex,
    journal: Mutex<Journal>,
    read_only: bool,
    /// Where a host serves the KB's images (see [`Kb::set_image_url_base`]).
    image_url_base: std::sync::OnceLock<String>,
    _lock: Option<File>,
}

/// What a refresh changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChangeSet {
    /// Paths added or modified.
    pub changed: Vec<String>,
    /// Paths removed.
    pub removed: Vec<String>,
}

impl ChangeSet {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }

    /// All paths touched.
    pub fn paths(&self) -> Vec<String> {
        self.changed.iter().chain(&self.removed).cloned().collect()
    }
}

/// The default base folder for per-KB data: `$FIELDGUIDE_DATA_DIR`, else
/// `$XDG_DATA_HOME/fieldguide`, else `~/.local/share/fieldguide`.
pub fn default_data_base() -> PathBuf {
    if let Some(d) = std::env::var_os("FIELDGUIDE_DATA_DIR") {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(d).join("fieldguide");
    }
    if let Some(h) = std::env::var_os("HOME") {
        return PathBuf::from(h).join(".local/share/fieldguide");
    }
    std::env::temp_dir().join("fieldguide")
}

/// The data folder of the KB at `root` (canonical path) under `base`.
pub fn data_dir_for(base: &Path, root: &Path) -> PathBuf {
    let name: String = root
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "kb".into())
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    // FNV-1a: stable across Rust versions, unlike DefaultHasher.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in root.to_string_lossy().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    base.join("kbs").join(format!("{name}-{h:016x}"))
}

/// The index left by the last session of the KB at `root`, opened read-only for searching
/// while [`Kb::open_with`] loads and re-checks the files (which takes a while on a large KB).
/// `None` when there is none usable (never built, another schema version, damaged): nothing
/// is created, repaired or locked. Its results may lag behind files changed since that
/// session until the KB is open; searches then go to the KB.
pub fn open_last_index(root: impl AsRef<Path>, opts: &KbOptions) -> Option<SearchIndex> {
    let root = root.as_ref().canonicalize().ok()?;
    let data_dir = opts
        .data_dir
        .clone()
        .unwrap_or_else(|| data_dir_for(&default_data_base(), &root));
    SearchIndex::open_existing(&data_dir.join(INDEX_DIR))
}

/// Takes the KB's writer lock in `data_dir` unless `read_only` is asked: `(lock, read_only)`,
/// read-only when another process holds it.
fn take_lock(data_dir: &Path, read_only: bool) -> Result<(Option<File>, bool)> {
    if read_only {
        return Ok((None, true));
    }
    std::fs::create_dir_all(data_dir).map_err(|e| Error::io(data_dir, e))?;
    let lock_path = data_dir.join("fieldguide.lock");
    let f = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| Error::io(&lock_path, e))?;
    match f.try_lock() {
        Ok(()) => Ok((Some(f), false)),
        Err(std::fs::TryLockError::WouldBlock) => Ok((None, true)),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&lock_path, e)),
    }
}

/// The index's folder inside a KB's data folder.
const INDEX_DIR: &str = "index";

impl Kb {
    /// Says that the host serves the KB's images under `url_base` (e.g.
    /// [`crate::assets::url_base_for_platform`]), so that the HTML of flow steps loads them as
    /// the reader does ([`Kb::view_with_images`]). Set once; without it (the command line) a
    /// step shows each image's alt text.
    pub fn set_image_url_base(&self, url_base: &str) {
        let _ = self.image_url_base.set(url_base.to_string());
    }

    /// The images of document `path` as the host serves them, if it said where
    /// ([`Kb::set_image_url_base`]).
    pub(crate) fn images_for(&self, path: &str) -> Option<crate::assets::Images> {
        self.image_url_base
            .get()
            .map(|base| crate::assets::Images::new(&self.root, path, base))
    }

    /// Opens the KB at `root` with default options.
    pub fn open(root: impl AsRef<Path>) -> Result<Kb> {
        Kb::open_with(root, KbOptions::default())
    }

    /// Opens the KB at `root`: lists the markdown files and brings the index up to date,
    /// reading and parsing only the files whose time or size differs from what the index
    /// recorded (every file, streamed into the index, when there is no usable index). What
    /// the KB keeps of each document is its [`DocSummary`], read back from the index; a
    /// document's body is read from its file when it is asked for ([`Kb::doc`]). Bad files
    /// are reported ([`Kb::load_problems`]), not fatal.
    pub fn open_with(root: impl AsRef<Path>, opts: KbOptions) -> Result<Kb> {
        let (root, data_dir) = resolve_root(root.as_ref(), &opts)?;
        let progress = |p: Progress| {
            if let Some(cb) = &opts.progress {
                cb(p)
            }
        };

        // One writer per KB: a second instance opens read-only instead of corrupting anything.
        let (lock, read_only) = take_lock(&data_dir, opts.read_only)?;

        let index_dir = data_dir.join(INDEX_DIR);
        let (index, open_state) = SearchIndex::open(&index_dir, !read_only)?;
        let mut state = if index.writable() {
            // Ours (or, read-only without a usable index on disk, one in memory).
            // The writer also removes what interrupted writes left in the KB folder.
            let synced = index_only::sync_files(&root, &index, open_state, !read_only, &progress)?;
            let mut state = State::from_summaries(index.summaries()?);
            for (path, stamp, p) in synced.unloadable {
                state.insert_unloadable(path, p, stamp);
            }
            state
        } else {
            // Another process's index, never written: its summaries for the files it holds
            // as they are, the other files parsed (searches lag until that process sees them).
            read_only_state(&root, &index, &progress)?
        };
        state.load_settings(&root);

        let journal = if read_only {
            Journal::open_in_memory()?
        } else {
            recover::open_journal(&data_dir.join("journal.sqlite"))?
        };
        let kb = Kb {
            root,
            data_dir,
            state: RwLock::new(state),
            recent: Mutex::new(Recent::default()),
            index,
            journal: Mutex::new(journal),
            read_only,
            image_url_base: std::sync::OnceLock::new(),
            _lock: lock,
        };
        progress(Progress {
            phase: Phase::Done,
            done: kb.doc_count(),
            total: kb.doc_count(),
        });
        Ok(kb)
    }

    /// The KB folder (canonical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder holding the index and journal of this KB.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// True when another Fieldguide process holds this KB: nothing is written.
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// The search index.
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// The SQLite journal of this KB (sessions, searches, feedback, resolutions). In read-only
    /// mode it is an in-memory journal that is not kept.
    pub fn journal(&self) -> MutexGuard<'_, Journal> {
        self.journal.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Number of loaded documents.
    pub fn doc_count(&self) -> usize {
        self.state.read().expect("state lock").docs.len()
    }

    /// Every document, parsed, by path: reads and parses every file (on all cores), and holds
    /// them all. For small KBs and tests; [`Kb::summaries`] answers what lists need, and
    /// [`Kb::for_each_doc`] visits documents one at a time.
    pub fn docs(&self) -> Vec<Arc<Article>> {
        self.docs_where(|_| true)
    }

    /// The documents whose summary passes `keep`, parsed, by path.
    pub fn docs_where(&self, keep: impl Fn(&DocSummary) -> bool) -> Vec<Arc<Article>> {
        let out = Mutex::new(Vec::new());
        self.for_each_doc(keep, |a| {
            out.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(Arc::new(a))
        });
        let mut out = out.into_inner().unwrap_or_else(|e| e.into_inner());
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    /// Reads and parses, on all cores, each document whose summary passes `keep`, and hands it
    /// to `each` (on the thread that parsed it, in no particular order); nothing is kept, so
    /// memory stays bounded whatever the size of the KB. Files that no longer load are skipped.
    pub fn for_each_doc(&self, keep: impl Fn(&DocSummary) -> bool, each: impl Fn(Article) + Sync) {
        let files: Vec<load::Found> = self
            .state
            .read()
            .expect("state lock")
            .docs
            .values()
            .filter(|s| keep(s))
            .map(|s| load::Found {
                rel: s.path.to_string(),
                stamp: None,
            })
            .collect();
        load::load_each(&self.root, &files, &|_| {}, &|_, l| {
            if let Ok((a, _)) = l.result {
                each(a)
            }
        });
    }

    /// The summary of every document, by path.
    pub fn summaries(&self) -> Vec<DocSummary> {
        self.state
            .read()
            .expect("state lock")
            .docs
            .values()
            .cloned()
            .collect()
    }

    /// The summary of one document.
    pub fn summary(&self, path: &str) -> Option<DocSummary> {
        self.state
            .read()
            .expect("state lock")
            .docs
            .get(path)
            .cloned()
    }

    /// One document, parsed: read from its file (recently read documents are reused while
    /// their file is unchanged). `None` when the KB holds no such document or its file no
    /// longer loads.
    pub fn doc(&self, path: &str) -> Option<Arc<Article>> {
        let stamp = {
            let st = self.state.read().expect("state lock");
            if !st.docs.contains_key(path) {
                return None;
            }
            st.stamp(path)
        };
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(a) = recent.get(path, stamp) {
            return Some(a);
        }
        drop(recent);
        let (read, result) = load::load_stamped(&self.root, path);
        let a = Arc::new(result.ok()?.0);
        if read == Some(stamp) {
            self.recent
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .put(stamp, a.clone());
        }
        Some(a)
    }

    /// The documents with a link that resolves to `path`, sorted (from the index: no file is
    /// read).
    pub fn backlinks(&self, path: &str) -> Vec<String> {
        let st = self.state.read().expect("state lock");
        backlinks_in(&st, &self.index, path)
    }

    /// Problems found while loading (bad front matter, unreadable or binary files).
    pub fn load_problems(&self) -> Vec<Problem> {
        self.state
            .read()
            .expect("state lock")
            .load_problems
            .values()
            .flatten()
            .cloned()
            .collect()
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        self.index.search(req)
    }

    /// Where a link written in `from` points.
    pub fn resolve_link(&self, from: &str, target: &LinkTarget) -> Resolved {
        let st = self.state.read().expect("state lock");
        resolve_in(&st, &self.index, from, target)
    }

    /// Re-reads the given KB-relative paths (created, modified or deleted) and updates the
    /// index in one commit. Searchable on return.
    pub fn refresh_paths(&self, paths: &[String]) -> Result<ChangeSet> {
        let mut set = ChangeSet::default();
        let mut upserts: Vec<(Article, Vec<Problem>, FileStamp)> = Vec::new();
        {
            let mut st = self.state.write().expect("state lock");
            for rel in paths {
                if rel == SETTINGS_FILE {
                    if st.load_settings(&self.root) {
                        set.changed.push(rel.clone());
                    }
                    continue;
                }
                let abs = self.root.join(rel);
                // Only plain KB-relative paths: never `..`, absolute or drive paths.
                let inside = std::path::Path::new(rel)
                    .components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)));
                if !rel.to_ascii_lowercase().ends_with(".md") || !inside {
                    continue;
                }
                match FileStamp::of(&abs) {
                    None => {
                        if st.remove(rel) || st.stamps.contains_key(rel.as_str()) {
                            set.removed.push(rel.clone());
                        }
                        st.load_problems.remove(rel);
                    }
                    Some(stamp) => {
                        if st.stamps.get(rel.as_str()) == Some(&stamp) {
                            continue;
                        }
                        match load::load_one(&self.root, rel) {
                            Ok((a, problems)) => {
                                st.insert(DocSummary::of(&a), problems.clone(), stamp);
                                upserts.push((a, problems, stamp));
                            }
                            Err(p) => {
                                if st.docs.contains_key(rel.as_str()) {
                                    set.removed.push(rel.clone());
                                }
                                st.insert_unloadable(rel.clone(), p, stamp);
                                continue;
                            }
                        }
                        set.changed.push(rel.clone());
                    }
                }
            }
        }
        if upserts.is_empty() && set.removed.is_empty() {
            return Ok(set);
        }
        if self.index.writable() {
            self.index.update(
                upserts.iter().map(|(a, p, s)| (a, p.as_slice(), *s)),
                set.removed.iter().map(String::as_str),
            )?;
        }
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        for (a, _, stamp) in upserts {
            recent.put(stamp, Arc::new(a));
        }
        Ok(set)
    }

    /// Walks the whole folder again and refreshes whatever changed since it was loaded.
    pub fn rescan(&self) -> Result<ChangeSet> {
        self.rescan_folders(&[String::new()], &[])
    }

    /// Walks the KB folders `dirs` again (KB-relative, `/`-separated; `""` is the whole KB)
    /// and refreshes whatever changed under them: files listed with another stamp than the
    /// one loaded, and documents under them whose file is no longer listed. A folder created,
    /// moved in, renamed or removed is rescanned alone, not the whole KB. The files `also`
    /// are refreshed in the same commit (as [`Kb::refresh_paths`] does).
    pub fn rescan_folders(&self, dirs: &[String], also: &[String]) -> Result<ChangeSet> {
        let whole = dirs.iter().any(|d| d.trim_matches('/').is_empty());
        let dirs: Vec<&str> = if whole {
            vec![""]
        } else {
            dirs.iter().map(|d| d.trim_matches('/')).collect()
        };
        let mut listed: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut paths: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        let st = self.state.read().expect("state lock");
        for d in &dirs {
            for f in load::scan_under(&self.root, d, false) {
                let unchanged =
                    f.stamp.is_some() && st.stamps.get(f.rel.as_str()) == f.stamp.as_ref();
                if !unchanged {
                    paths.insert(f.rel.clone());
                }
                listed.insert(f.rel);
            }
        }
        for d in &dirs {
            let under: Box<dyn Iterator<Item = &Arc<str>>> = if d.is_empty() {
                Box::new(st.stamps.keys())
            } else {
                let from = format!("{d}/");
                let to = format!("{d}0"); // '0' follows '/'
                Box::new(
                    st.stamps
                        .range::<str, _>((Bound::Included(&*from), Bound::Excluded(&*to)))
                        .map(|(p, _)| p),
                )
            };
            paths.extend(
                under
                    .filter(|p| !listed.contains(&***p))
                    .map(|p| p.to_string()),
            );
        }
        drop(st);
        paths.extend(also.iter().cloned());
        if whole {
            paths.insert(SETTINGS_FILE.to_string());
        }
        self.refresh_paths(&paths.into_iter().collect::<Vec<_>>())
    }

    /// Builds the reader's view of one document.
    pub fn view(&self, path: &str) -> Result<DocView> {
        self.view_built(path, None)
    }
}

/// The state of a KB opened read-only over another process's index: the summaries it holds
/// for files unchanged since, the other files parsed for theirs.
fn read_only_state(
    root: &Path,
    index: &SearchIndex,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<State> {
    let mut known: HashMap<String, (FileStamp, crate::index::StoredSummary)> = index
        .summaries()?
        .into_iter()
        .map(|(stamp, s)| (s.summary.path.to_string(), (stamp, s)))
        .collect();
    let files = load::scan(root);
    progress(Progress {
        phase: Phase::Scan,
        done: files.len(),
        total: files.len(),
    });
    let mut state = State::default();
    let mut changed = Vec::new();
    for f in files {
        match known.remove(&f.rel) {
            Some((stamp, s)) if f.stamp == Some(stamp) => {
                state.insert(s.summary, s.problems, stamp)
            }
            _ => changed.push(f),
        }
    }
    let total = changed.len();
    let loaded = Mutex::new(Vec::new());
    load::load_each(
        root,
        &changed,
        &|done| {
            progress(Progress {
                phase: Phase::Parse,
                done,
                total,
            })
        },
        &|_, l| {
            let l = match l.result {
                Ok((a, problems)) => Ok((DocSummary::of(&a), problems, l.stamp)),
                Err(p) => Err((l.path, p, l.stamp)),
            };
            loaded.lock().unwrap_or_else(|e| e.into_inner()).push(l);
        },
    );
    for l in loaded.into_inner().unwrap_or_else(|e| e.into_inner()) {
        match l {
            Ok((s, problems, stamp)) => state.insert(s, problems, stamp),
            Err((path, p, stamp)) => state.insert_unloadable(path, p, stamp),
        }
    }
    Ok(state)
}

/// The documents with a link that resolves to `path`, from the index's link keys.
fn backlinks_in(st: &State, index: &SearchIndex, path: &str) -> Vec<String> {
    let mut keys = vec![path.to_string()];
    let stem = file_stem(path).to_lowercase();
    // A wikilink by file stem resolves here only while no other document has that stem.
    if st.with_stem(&stem).count() == 1 {
        keys.push(crate::index::stem_key(path));
    }
    let mut out = index.linking_to(&keys).unwrap_or_default();
    out.retain(|p| p != path && st.docs.contains_key(p.as_str()));
    out
}

fn resolve_in(st: &State, index: &SearchIndex, from: &str, target: &LinkTarget) -> Resolved {
    match target {
        LinkTarget::External { url } => {
            let l = url.trim().to_ascii_lowercase();
            if l.starts_with("http://") || l.starts_with("https://") || l.starts_with("mailto:") {
                Resolved::External(url.trim().to_string())
            } else {
                Resolved::Refused
            }
        }
        LinkTarget::Anchor { anchor } => Resolved::SameDoc(anchor.clone()),
        LinkTarget::Doc {
            target,
            anchor,
            wiki,
        } => {
            let found = if *wiki {
                let t = target.trim().trim_start_matches('/');
                let t = t.strip_suffix(".md").unwrap_or(t);
                let exact = format!("{t}.md");
                if st.docs.contains_key(exact.as_str()) {
                    Some(exact)
                } else {
                    let stem = file_stem(&exact).to_lowercase();
                    let mut found = st.with_stem(&stem);
                    match (found.next(), found.next()) {
                        (Some(p), None) => Some(p.to_string()),
                        _ => None,
                    }
                }
            } else {
                let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
                crate::fsutil::join_rel(dir, target).and_then(|p| {
                    if st.docs.contains_key(p.as_str()) {
                        Some(p)
                    } else {
                        let with = format!("{p}.md");
                        st.docs.contains_key(with.as_str()).then_some(with)
                    }
                })
            };
            match found {
                Some(path) => {
                    let anchor = anchor.clone().filter(|a| index.has_anchor(&path, a));
                    Resolved::Doc { path, anchor }
                }
                // A site-relative link no document matches leaves the KB for its web site.
                None if !*wiki => match st.settings.site_url(target, anchor.as_deref()) {
                    Some(url) => Resolved::External(url),
                    None => Resolved::Broken,
                },
                None => Resolved::Broken,
            }
        }
    }
}

/// The KB folder, canonical and checked to be a folder, and its data folder (the options'
/// or the per-KB default): what every way of opening a KB starts from.
pub(super) fn resolve_root(root: &Path, opts: &KbOptions) -> Result<(PathBuf, PathBuf)> {
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    if !root.is_dir() {
        return Err(Error::InvalidPath(format!(
            "{} is not a folder",
            root.display()
        )));
    }
    let data_dir = opts
        .data_dir
        .clone()
        .unwrap_or_else(|| data_dir_for(&default_data_base(), &root));
    Ok((root, data_dir))
}
