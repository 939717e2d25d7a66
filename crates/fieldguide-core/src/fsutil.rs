//! File-system helpers that keep the "nothing lost" promise: atomic writes (temp file, fsync,
//! rename, fsync of the folder), cleanup of leftovers from interrupted writes, and KB-relative
//! path checks that refuse to leave the KB folder.
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Prefix of temporary files written beside their target; removed at next start if left over.
pub const TEMP_PREFIX: &str = ".fieldguide-tmp-";

/// Writes `bytes` to `path` atomically: a reader (or a crash) sees either the old file or the
/// new one, never a torn mix. Creates parent folders.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    write_then_rename(path, bytes, false)
}

/// Creates `path` atomically, failing if it already exists (no silent overwrite).
pub fn atomic_create(path: &Path, bytes: &[u8]) -> Result<()> {
    write_then_rename(path, bytes, true)
}

/// Temp file beside `path` → write → fsync → rename over (or, with `no_clobber`, only if
/// `path` does not exist) → fsync of the folder.
fn write_then_rename(path: &Path, bytes: &[u8], no_clobber: bool) -> Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| Error::InvalidPath(path.display().to_string()))?;
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{name}."))
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    if no_clobber {
        tmp.persist_noclobber(path)
            .map_err(|e| Error::io(path, e.error))?;
    } else {
        // Keep the permissions of the file we replace.
        if let Ok(meta) = fs::metadata(path) {
            let _ = fs::set_permissions(tmp.path(), meta.permissions());
        }
        tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    }
    sync_dir(dir);
    Ok(())
}

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Turns a KB-relative path (`/`-separated) into an absolute one under `root`, refusing
/// absolute paths, `..` escapes and non-markdown targets.
pub fn resolve_in_kb(root: &Path, rel: &str) -> Result<PathBuf> {
    let rel_path = Path::new(rel);
    let mut out = root.to_path_buf();
    let mut depth = 0usize;
    for c in rel_path.components() {
        match c {
            Component::Normal(p) => {
                depth += 1;
                out.push(p)
            }
            Component::CurDir => {}
            _ => return Err(Error::InvalidPath(rel.to_string())),
        }
    }
    if depth == 0 || !rel.ends_with(".md") {
        return Err(Error::InvalidPath(rel.to_string()));
    }
    Ok(out)
}

/// Normalises `base_dir/rel` (both KB-relative, `/`-separated) resolving `.` and `..`;
/// `None` if it leaves the KB.
pub fn join_rel(base_dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        vec![]
    } else {
        base_dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_cleans() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b.md");
        atomic_write(&p, b"one").unwrap();
        atomic_write(&p, b"two").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
        assert!(atomic_create(&p, b"three").is_err());
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(fs::read_dir(dir.path().join("a")).unwrap().count(), 1);
    }

    #[test]
    fn paths_cannot_escape() {
        let root = Path::new("/kb");
        assert!(resolve_in_kb(root, "../etc/passwd.md").is_err());
        assert!(resolve_in_kb(root, "/etc/x.md").is_err());
        assert!(resolve_in_kb(root, "runbooks/x.txt").is_err());
        assert_eq!(
            resolve_in_kb(root, "runbooks/x.md").unwrap(),
            Path::new("/kb/runbooks/x.md")
        );
        assert_eq!(
            join_rel("runbooks/net", "../api/x.md").as_deref(),
            Some("runbooks/api/x.md")
        );
        assert_eq!(join_rel("a", "../../x.md"), None);
    }
}

/// A file's modification time and size: what tells the index a file changed between runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileStamp {
    /// Modification time, ns since the epoch.
    pub mtime_ns: u128,
    /// Size in bytes.
    pub size: u64,
}

impl FileStamp {
    /// The stamp of the file at `path`, `None` if it is not a readable regular file.
    pub fn of(path: &Path) -> Option<FileStamp> {
        FileStamp::from_metadata(&std::fs::metadata(path).ok()?)
    }

    /// The stamp in `m`, `None` if it is not a regular file's.
    pub(crate) fn from_metadata(m: &std::fs::Metadata) -> Option<FileStamp> {
        if !m.is_file() {
            return None;
        }
        let mtime_ns = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        Some(FileStamp {
            mtime_ns,
            size: m.len(),
        })
    }
}
