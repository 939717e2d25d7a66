//! A KB's index brought up to date without loading the KB: for one-shot commands (`fieldguide
//! search`) that need the index and not every document in memory.
//!
//! The index records each document's file time and size ([`FileStamp`]). Files are listed and
//! stat'ed; only those whose stamp differs from the index's are read and parsed, and they go
//! straight into the index writer (nothing is held beyond its buffers). Without a usable index
//! every file is streamed into a new one the same way.
use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{load, take_lock, KbOptions, Progress, INDEX_DIR};
use crate::error::{Problem, Result};
use crate::fsutil::FileStamp;
use crate::index::{OpenState, SearchIndex, SearchRequest, SearchResults};
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
        _lock: lock,
    };
    if read_only && open_state == OpenState::Existing {
        // Someone else's index: searched as it is, never written.
        return Ok(out);
    }
    let files = load::scan(&out.root);
    progress(Progress {
        phase: "scan",
        done: files.len(),
        total: files.len(),
    });
    let indexed: HashMap<String, FileStamp> = match open_state {
        OpenState::Existing => out.index.stamps()?,
        OpenState::Rebuilt => HashMap::new(),
    };
    let listed: std::collections::HashSet<String> = files.iter().map(|f| f.rel.clone()).collect();
    let changed: Vec<load::Found> = files
        .into_iter()
        .filter(|f| {
            let now = FileStamp::of(&out.root.join(&f.rel));
            now.is_none() || indexed.get(&f.rel) != now.as_ref()
        })
        .collect();
    // Gone since indexed.
    let mut removed: Vec<String> = indexed
        .keys()
        .filter(|p| !listed.contains(p.as_str()))
        .cloned()
        .collect();
    if changed.is_empty() && removed.is_empty() {
        progress(Progress {
            phase: "done",
            done: 0,
            total: 0,
        });
        return Ok(out);
    }
    let total = changed.len();
    let problems: Mutex<Vec<Problem>> = Mutex::new(Vec::new());
    let gone: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let parsed = |done| {
        progress(Progress {
            phase: "parse",
            done,
            total,
        })
    };
    let bulk = total >= 256;
    let root = out.root.clone();
    let stream = |add: &(dyn Fn(&crate::Article, FileStamp) + Sync)| {
        load::load_each(&root, &changed, &parsed, &|_, l| match l.result {
            Ok((a, _)) => add(&a, l.stamp),
            Err(p) => {
                // Not loadable any more: out of the index, as when the KB is open.
                gone.lock().unwrap_or_else(|e| e.into_inner()).push(l.path);
                problems.lock().unwrap_or_else(|e| e.into_inner()).push(p);
            }
        });
        progress(Progress {
            phase: "index",
            done: 0,
            total,
        });
    };
    match open_state {
        OpenState::Rebuilt => out.index.rebuild_streaming(stream)?,
        OpenState::Existing => out.index.update_streaming(bulk, &removed, stream)?,
    }
    let gone = gone.into_inner().unwrap_or_else(|e| e.into_inner());
    let gone: Vec<String> = gone
        .into_iter()
        .filter(|p| indexed.contains_key(p))
        .collect();
    if !gone.is_empty() {
        out.index
            .update(Vec::new(), gone.iter().map(String::as_str))?;
    }
    removed.extend(gone);
    out.changed = total;
    out.removed = removed.len();
    out.problems = problems.into_inner().unwrap_or_else(|e| e.into_inner());
    progress(Progress {
        phase: "done",
        done: total,
        total,
    });
    Ok(out)
}
