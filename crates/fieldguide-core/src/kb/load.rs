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
}

/// Every `*.md` file under `root`, skipping hidden folders, sorted by path.
pub fn scan(root: &Path) -> Vec<Found> {
    scan_cleaning(root, false)
}

/// [`scan`], removing on the way (with `clean`) the temporary files that interrupted atomic
/// writes left (names starting with [`crate::fsutil::TEMP_PREFIX`]).
pub fn scan_cleaning(root: &Path, clean: bool) -> Vec<Found> {
    let mut out: Vec<Found> = walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| !crate::fsutil::is_hidden_dir(e))
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let n = e.file_name().to_string_lossy();
            if n.starts_with(crate::fsutil::TEMP_PREFIX) {
                if clean {
                    let _ = std::fs::remove_file(e.path());
                }
                return false;
            }
            n.to_ascii_lowercase().ends_with(".md")
        })
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Some(Found { rel })
        })
        .collect();
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
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
