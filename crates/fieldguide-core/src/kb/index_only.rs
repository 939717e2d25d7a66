//! A KB's index brought up to date without loading the KB: for one-shot commands (`fieldguide
//! search`) that need the index and not every document in memory.
//!
//! The index records each document's file time and size ([`FileStamp`]). Files are listed and
//! stat'ed; only those whose stamp differs from the index's are read and parsed, and they go
//! straight into the index writer (nothing is held beyond its buffers). Without a usable index
//! every file is streamed into a new one the same way.
use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use std::sync::Arc;

use super::{load, take_lock, DocSummary, DocView, KbOptions, Phase, Progress, State, INDEX_DIR};
use crate::article::Article;
use crate::error::{Error, Problem, Result};
use crate::fsutil::FileStamp;
use crate::index::{AddDoc, OpenState, SearchIndex, SearchRequest, SearchResults, Stamps};
use crate::journal::Journal;
use crate::metrics::{self, MetricsQuery, Report};

/// An up-to-date index of a KB, opened without loading the KB (see [`update_index`]).
pub struct KbIndex {
    index: SearchIndex,
    root: PathBuf,
    data_dir: PathBuf,
    read_only: bool,
    changed: usize,
    removed: usize,
    problems: Vec<Problem>,
    stamps: std::sync::OnceLock<Stamps>,
    _lock: Option<File>,
}

impl KbIndex {
    /// The index.
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        self.index.search(req)
    }

    /// The KB folder (canonical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// True when another process holds the KB: the index on disk was used as it was, and may
    /// lag behind files changed since that process last indexed them.
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// Files read and (re)indexed by this update (every file when the index was built).
    pub fn changed(&self) -> usize {
        self.changed
    }

    /// Documents removed from the index because their file is gone or no longer loads.
    pub fn removed(&self) -> usize {
        self.removed
    }

    /// Problems that kept files read by this update out of the index (unreadable, binary).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The dashboard report for `query` (what [`super::Kb::stats`] gives), with the documents'
    /// facts from the index instead of the loaded KB. Read-only: an empty in-memory journal,
    /// as [`super::Kb`] has then.
    pub fn stats(&self, query: &MetricsQuery) -> Result<Report> {
        let journal = if self.read_only {
            Journal::open_in_memory()?
        } else {
            super::recover::open_journal(&self.data_dir.join("journal.sqlite"))?
        };
        let docs = self.index.doc_infos()?;
        metrics::compute(&journal, query, &docs, super::insight::today_utc())
    }

    /// The path of every indexed document, sorted.
    pub fn doc_paths(&self) -> Result<Vec<String>> {
        let mut out: Vec<String> = self.stamps()?.keys().cloned().collect();
        out.sort();
        Ok(out)
    }

    /// The indexed stamps, read once.
    fn stamps(&self) -> Result<&Stamps> {
        if let Some(s) = self.stamps.get() {
            return Ok(s);
        }
        let s = self.index.stamps()?;
        Ok(self.stamps.get_or_init(|| s))
    }

    /// The reader's view of the indexed document `path` (what [`super::Kb::view`] gives) and
    /// the document itself: its file read and parsed, its links resolved against the indexed
    /// paths, its backlinks from the index; no other file is read.
    pub fn view(&self, path: &str) -> Result<(DocView, Arc<Article>)> {
        let stamps = self.stamps()?;
        let Some(&stamp) = stamps.get(path) else {
            return Err(Error::NotFound(path.to_string()));
        };
        let (a, problems) = load::load_one(&self.root, path).map_err(|p| Error::BadFile {
            path: p.path.clone().into(),
            message: p.message.clone(),
        })?;
        // Only the paths matter for resolving links; backlinks' titles are looked up below.
        let mut st = State::from_summaries(
            stamps
                .iter()
                .filter(|(p, _)| p.as_str() != path)
                .map(|(p, stamp)| {
                    let summary = DocSummary {
                        path: p.as_str().into(),
                        title: String::new(),
                        kind: crate::DocKind::Article,
                        status: crate::article::Status::Published,
                        tags: Vec::new(),
                        review_by: None,
                        category: None,
                        product: None,
                        ticket: None,
                        declared_kind: None,
                    };
                    (
                        *stamp,
                        crate::index::StoredSummary {
                            summary,
                            problems: Vec::new(),
                        },
                    )
                })
                .collect(),
        );
        st.insert(DocSummary::of(&a), problems, stamp);
        let mut view = super::view::build_with(&st, &self.index, &a, None)?;
        for b in &mut view.backlinks {
            if let Some(s) = self.index.summary_of(&b.path)? {
                b.title = s.summary.title;
            }
        }
        Ok((view, Arc::new(a)))
    }

    /// One report table as CSV (see [`Report::CSV_TABLES`]); `Invalid` for an unknown table.
    pub fn stats_csv(&self, table: &str, query: &MetricsQuery) -> Result<String> {
        super::insight::check_table(table)?;
        self.stats(query)?.to_csv(table)
    }
}

/// Brings the index of the KB at `root` up to date and returns it, reading only the files that
/// changed since it was last written (by this function or by [`super::Kb::open_with`], which
/// share the index). When another process holds the KB, its index is used as it is; when
/// there is none usable, one is built in memory.
pub fn update_index(root: impl AsRef<Path>, opts: &KbOptions) -> Result<KbIndex> {
    let (root, data_dir) = super::resolve_root(root.as_ref(), opts)?;
    let progress = |p: Progress| {
        if let Some(cb) = &opts.progress {
            cb(p)
        }
    };
    let (lock, read_only) = take_lock(&data_dir, opts.read_only)?;
    let (index, open_state) = SearchIndex::open(&data_dir.join(INDEX_DIR), !read_only)?;
    let mut out = KbIndex {
        index,
        root,
        data_dir,
        read_only,
        changed: 0,
        removed: 0,
        problems: Vec::new(),
        stamps: std::sync::OnceLock::new(),
        _lock: lock,
    };
    if read_only && open_state == OpenState::Existing {
        // Someone else's index: searched as it is, never written.
        return Ok(out);
    }
    let synced = sync_files(&out.root, &out.index, open_state, false, &progress)?;
    out.changed = synced.changed;
    out.removed = synced.removed.len();
    out.problems = synced.unloadable.into_iter().map(|(_, _, p)| p).collect();
    progress(Progress {
        phase: Phase::Done,
        done: out.changed,
        total: out.changed,
    });
    Ok(out)
}

/// What [`sync_files`] did.
pub(super) struct Synced {
    /// Files read and (re)indexed.
    pub changed: usize,
    /// Paths taken out of the index (file gone, or no longer loads).
    pub removed: Vec<String>,
    /// Files that could not be loaded, with their stamp and why.
    pub unloadable: Vec<(String, FileStamp, Problem)>,
}

/// Brings the writable `index` up to date with the files under `root`: lists and stats every
/// file, reads and parses only those whose stamp differs from the index's (all of them when
/// the index was just created) and streams them into the writer from the loading threads, so
/// nothing is held beyond the writer's buffers; documents whose file is gone are removed.
/// `clean`: remove the leftovers of interrupted writes found on the way.
pub(super) fn sync_files(
    root: &Path,
    index: &SearchIndex,
    open_state: OpenState,
    clean: bool,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Synced> {
    let files = load::scan_unsorted(root, "", clean);
    progress(Progress {
        phase: Phase::Scan,
        done: files.len(),
        total: files.len(),
    });
    let mut indexed: Stamps = match open_state {
        OpenState::Existing => index.stamps()?,
        OpenState::Rebuilt => Stamps::default(),
    };
    // Each listed file is taken out of `indexed`: what is left there is gone since indexed.
    let mut changed_indexed: HashSet<String> = HashSet::new();
    let mut changed: Vec<load::Found> = files
        .into_iter()
        .filter(|f| match indexed.remove(&f.rel) {
            Some(was) if f.stamp == Some(was) => false,
            Some(_) => {
                changed_indexed.insert(f.rel.clone());
                true
            }
            None => true,
        })
        .collect();
    // Read and indexed in path order.
    changed.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    let mut removed: Vec<String> = indexed.into_keys().collect();
    if changed.is_empty() && removed.is_empty() {
        return Ok(Synced {
            changed: 0,
            removed,
            unloadable: Vec::new(),
        });
    }
    let total = changed.len();
    let unloadable: Mutex<Vec<(String, FileStamp, Problem)>> = Mutex::new(Vec::new());
    let parsed = |done| {
        progress(Progress {
            phase: Phase::Parse,
            done,
            total,
        })
    };
    let bulk = total >= 256;
    let added = std::sync::atomic::AtomicUsize::new(0);
    let stream = |add: AddDoc<'_>| {
        load::load_each(root, &changed, &parsed, &|_, l| match l.result {
            Ok((a, problems)) => {
                add(&a, &problems, l.stamp);
                added.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Err(p) => unloadable
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((l.path, l.stamp, p)),
        });
        // What is left: the indexing threads finish and the segments are written. (Files
        // that do not load, read again at each start, leave nothing to index.)
        let added = added.load(std::sync::atomic::Ordering::Relaxed);
        if added > 0 || !removed.is_empty() {
            progress(Progress {
                phase: Phase::Index,
                done: 0,
                total: added,
            });
        }
    };
    match open_state {
        OpenState::Rebuilt => index.rebuild_streaming(stream)?,
        OpenState::Existing => index.update_streaming(bulk, &removed, stream)?,
    }
    let unloadable = unloadable.into_inner().unwrap_or_else(|e| e.into_inner());
    // Not loadable any more: out of the index.
    let gone: Vec<String> = unloadable
        .iter()
        .map(|(p, _, _)| p.clone())
        .filter(|p| changed_indexed.contains(p))
        .collect();
    if !gone.is_empty() {
        index.update(Vec::new(), gone.iter().map(String::as_str))?;
    }
    removed.extend(gone);
    Ok(Synced {
        changed: total,
        removed,
        unloadable,
    })
}
