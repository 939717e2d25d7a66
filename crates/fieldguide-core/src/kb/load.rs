//! Walking a KB folder and loading its markdown files in parallel.
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::article::Article;
use crate::error::{Problem, Severity};
use crate::fsutil::FileStamp;
use crate::markdown;

/// A markdown file found by the walk.
pub struct Found {
    pub rel: String,
    /// Its stamp as listed (`None` when it could not be stat'ed, or was not listed by a walk).
    pub stamp: Option<FileStamp>,
}

/// Every `*.md` file under `root`, skipping hidden folders, sorted by path, each with its
/// stamp.
pub fn scan(root: &Path) -> Vec<Found> {
    scan_cleaning(root, false)
}

/// [`scan`], removing on the way (with `clean`) the temporary files that interrupted atomic
/// writes left (names starting with [`crate::fsutil::TEMP_PREFIX`]).
///
/// Folders are listed on up to 4 threads, and each markdown file is stat'ed relative to its
/// open folder (`statx` on the folder's descriptor: no path lookup from the root), in the same
/// pass: listing and stat-ing 100,000 files was most of a one-shot `fieldguide search`. Only
/// regular files count (symlinks are neither followed nor listed).
pub fn scan_cleaning(root: &Path, clean: bool) -> Vec<Found> {
    let mut out = scan_unsorted(root, "", clean);
    out.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// [`scan_cleaning`] of the folder `rel_dir` of the KB at `root` only (`""`: the whole KB);
/// paths stay KB-relative, sorted. Nothing when that folder does not exist or is hidden.
pub fn scan_under(root: &Path, rel_dir: &str, clean: bool) -> Vec<Found> {
    let mut out = scan_unsorted(root, rel_dir, clean);
    out.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// [`scan_under`] in the order listed (sorting 100,000 paths is a tenth of what a one-shot
/// command spends on its files: callers that look each path up need no order).
pub fn scan_unsorted(root: &Path, rel_dir: &str, clean: bool) -> Vec<Found> {
    use std::sync::{Condvar, Mutex};
    let rel_dir = rel_dir.trim_matches('/');
    if !rel_dir.is_empty()
        && rel_dir
            .split('/')
            .any(|c| c.starts_with('.') || c == "node_modules")
    {
        return Vec::new();
    }
    // Folders still to list (KB-relative, `/`-separated) and how many are being listed: the
    // walk is over when both are empty.
    struct Queue {
        dirs: Vec<String>,
        busy: usize,
    }
    let queue = Mutex::new(Queue {
        dirs: vec![rel_dir.to_string()],
        busy: 0,
    });
    let wake = Condvar::new();
    let found = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 4);
    let work = || {
        let mut mine: Vec<Found> = Vec::new();
        loop {
            let dir = {
                let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    if let Some(d) = q.dirs.pop() {
                        q.busy += 1;
                        break Some(d);
                    }
                    if q.busy == 0 {
                        break None;
                    }
                    q = wake.wait(q).unwrap_or_else(|e| e.into_inner());
                }
            };
            let Some(dir) = dir else { break };
            let mut subdirs = Vec::new();
            list_dir(root, &dir, clean, &mut mine, &mut subdirs);
            let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
            q.busy -= 1;
            q.dirs.extend(subdirs);
            drop(q);
            wake.notify_all();
        }
        found
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .append(&mut mine);
    };
    std::thread::scope(|s| {
        for _ in 1..threads {
            s.spawn(work);
        }
        work();
    });
    found.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Lists the KB folder `dir` (KB-relative, `""` for the root): its markdown files with their
/// stamps into `files`, its folders that are KB content into `subdirs`.
fn list_dir(
    root: &Path,
    dir: &str,
    clean: bool,
    files: &mut Vec<Found>,
    subdirs: &mut Vec<String>,
) {
    let Ok(entries) = std::fs::read_dir(if dir.is_empty() {
        root.to_path_buf()
    } else {
        root.join(dir)
    }) else {
        return;
    };
    let rel = |name: &str| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    };
    for e in entries.flatten() {
        let Ok(t) = e.file_type() else { continue };
        let name = e.file_name();
        let name = name.to_string_lossy();
        if t.is_dir() {
            if !name.starts_with('.') && name != "node_modules" {
                subdirs.push(rel(&name));
            }
        } else if t.is_file() {
            if name.starts_with(crate::fsutil::TEMP_PREFIX) {
                if clean {
                    let _ = std::fs::remove_file(e.path());
                }
                continue;
            }
            if name.to_ascii_lowercase().ends_with(".md") {
                // `DirEntry::metadata` stats relative to the open folder, without following
                // a symlink (none is listed here).
                let stamp = e.metadata().ok().and_then(|m| FileStamp::from_metadata(&m));
                files.push(Found {
                    rel: rel(&name),
                    stamp,
                });
            }
        }
    }
}

pub struct Loaded {
    pub path: String,
    pub stamp: FileStamp,
    pub result: LoadResult,
}

/// A parsed document with the problems found in it, or why it could not be loaded.
pub type LoadResult = Result<(Article, Vec<Problem>), Problem>;

/// Reads and parses one KB-relative file.
pub fn load_one(root: &Path, rel: &str) -> LoadResult {
    load_stamped(root, rel).1
}

/// Reads and parses one KB-relative file, with the stamp of the very file read (taken from
/// the open file, so it belongs to the content even if the file is replaced meanwhile).
pub fn load_stamped(root: &Path, rel: &str) -> (Option<FileStamp>, LoadResult) {
    use std::io::Read;
    let unreadable = |e: std::io::Error| {
        Problem::new(
            rel,
            0,
            Severity::Error,
            "unreadable",
            format!("cannot read file: {e}"),
        )
    };
    let mut stamp = None;
    let read = std::fs::File::open(root.join(rel)).and_then(|mut f| {
        let m = f.metadata()?;
        stamp = FileStamp::from_metadata(&m);
        let mut bytes = Vec::with_capacity(usize::try_from(m.len()).unwrap_or(0).min(1 << 24));
        f.read_to_end(&mut bytes)?;
        Ok(bytes)
    });
    if read.is_err() {
        // Unreadable (permissions…): still stamped, so it is retried only once it changes.
        stamp = FileStamp::of(&root.join(rel));
    }
    let result = read.map_err(unreadable).and_then(|bytes| {
        let text = markdown::decode(bytes)
            .map_err(|m| Problem::new(rel, 0, Severity::Error, "bad-file", m))?;
        Ok(markdown::parse_article(rel, text))
    });
    (stamp, result)
}

/// Reads and parses `files` on up to all cores and hands each result (with its position in
/// `files`) to `each` on the thread that loaded it; nothing is kept here, so memory stays
/// bounded by what `each` keeps. `progress` gets the count done so far.
pub fn load_each(
    root: &Path,
    files: &[Found],
    progress: &(dyn Fn(usize) + Sync),
    each: &(dyn Fn(usize, Loaded) + Sync),
) {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(8);
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= files.len() {
                    break;
                }
                let f = &files[i];
                let (stamp, result) = load_stamped(root, &f.rel);
                let stamp = stamp.unwrap_or_default();
                each(
                    i,
                    Loaded {
                        path: f.rel.clone(),
                        stamp,
                        result,
                    },
                );
                let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                if d.is_multiple_of(256) {
                    progress(d);
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn scan_lists_markdown_with_stamps_skipping_hidden_and_leftovers() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        put(root, "a.md", "# A\n");
        put(root, "B.MD", "# B\n");
        put(root, "notes.txt", "no");
        for i in 0..40 {
            put(root, &format!("deep/d{}/x/n{i}.md", i % 7), "body\n");
        }
        put(root, ".git/h.md", "hidden");
        put(root, "node_modules/m.md", "hidden");
        put(root, "deep/.trash/t.md", "hidden");
        let leftover = format!("deep/{}a.md.x", crate::fsutil::TEMP_PREFIX);
        put(root, &leftover, "half");
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("a.md"), root.join("link.md")).unwrap();

        let found = scan(root);
        let rels: Vec<&str> = found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels.len(), 42, "{rels:?}");
        assert_eq!(&rels[..2], ["B.MD", "a.md"]);
        assert!(rels.windows(2).all(|w| w[0] < w[1]), "sorted");
        assert!(rels.contains(&"deep/d3/x/n10.md"));
        for f in &found {
            assert_eq!(f.stamp, FileStamp::of(&root.join(&f.rel)), "{}", f.rel);
        }
        assert!(root.join(&leftover).exists(), "kept without clean");

        let cleaned = scan_cleaning(root, true);
        assert_eq!(cleaned.len(), 42);
        assert!(!root.join(&leftover).exists(), "removed with clean");

        let under = scan_under(root, "deep/d3", false);
        let rels: Vec<&str> = under.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels.len(), 6, "{rels:?}");
        assert!(rels.iter().all(|r| r.starts_with("deep/d3/x/")));
        assert!(scan_under(root, "deep/.trash", false).is_empty());
        assert!(scan_under(root, "missing", false).is_empty());
        assert!(scan_under(root, "a.md", false).is_empty());
    }
}
