//! The index's tantivy directory: tantivy's memory-mapped directory without the fsyncs.
//!
//! The index is a cache of the markdown, so it does not need to survive a power cut: it needs
//! to be consistent or detectably damaged. tantivy's `MmapDirectory` fsyncs every file of every
//! new segment, `meta.json` and the folder on each commit — about ten fsyncs, 4–8 ms each on
//! these machines and far more while the disk is busy, which made up most of the time between
//! saving a file and finding it. Without them:
//! - a crashed or killed process loses nothing: written data is in the OS page cache;
//! - after a power cut, `meta.json` may name segment files whose data never reached the disk;
//!   [`super::SearchIndex::open`] verifies every file's checksum and rebuilds the index from
//!   the markdown when one is damaged.
//!
//!
//! Verifying every checksum reads the whole index, which is most of a reopen at 100,000
//! documents. A [`Fingerprint`] of the folder (the boot it was written or verified in, and the
//! name, size and time of `meta.json` and of every file of the committed segments; leftovers of
//! a merge cut short by closing do not count) is recorded after each bulk write, each verification and when
//! the index is closed; an open
//! that finds the folder as recorded, in the same boot, skips the verification: damage from a
//! power cut only shows after a reboot (another boot id), and a file changed or replaced since
//! has another size or time.
//!
//! Writes still go through tantivy's protocol (new files only, `meta.json` replaced by
//! write-then-rename), so a reader never sees a half-written file.
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, TerminatingWrite,
    WatchCallback, WatchHandle, WritePtr,
};

/// See the module documentation.
#[derive(Clone, Debug)]
pub struct CacheDirectory {
    inner: MmapDirectory,
    root: PathBuf,
}

impl CacheDirectory {
    /// Opens the (existing) folder `root`.
    pub fn open(root: &Path) -> tantivy::Result<Self> {
        Ok(CacheDirectory {
            inner: MmapDirectory::open(root)?,
            root: root.to_path_buf(),
        })
    }
}

/// A new file, written through; `terminate` flushes but does not fsync.
struct NoSyncWriter(File);

impl Write for NoSyncWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl TerminatingWrite for NoSyncWriter {
    fn terminate_ref(&mut self, _: AntiCallToken) -> io::Result<()> {
        self.0.flush()
    }
}

impl Directory for CacheDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.root.join(path))
            .map_err(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    OpenWriteError::FileAlreadyExists(path.to_path_buf())
                } else {
                    OpenWriteError::wrap_io_error(e, path.to_path_buf())
                }
            })?;
        Ok(BufWriter::new(Box::new(NoSyncWriter(file))))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        let mut tmp = tempfile::NamedTempFile::new_in(&self.root)?;
        tmp.write_all(data)?;
        tmp.into_temp_path()
            .persist(self.root.join(path))
            .map_err(|e| e.error)
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// The recorded fingerprint's file, inside the index folder.
const FINGERPRINT_FILE: &str = ".fieldguide-verified";

/// The state of an index folder in this boot: see the module documentation.
#[derive(Debug, PartialEq, Eq)]
pub struct Fingerprint {
    dir: PathBuf,
    text: String,
}

impl Fingerprint {
    /// The fingerprint of every file of the folder now; `None` where the boot cannot be told
    /// apart (no Linux boot id), so that every open verifies.
    #[cfg(test)]
    pub fn of(dir: &Path) -> Option<Fingerprint> {
        Self::of_files(dir, None)
    }

    /// The fingerprint of what `index` (in `dir`) is made of: `meta.json` and the files of its
    /// committed segments, the files a verification checks (`None` without a Linux boot id).
    /// Leftovers (a merge the closing writer cut short leaves its partial files, which the
    /// next writer removes) do not count.
    pub fn of_index(dir: &Path, index: &tantivy::Index) -> Option<Fingerprint> {
        let mut files: std::collections::HashSet<std::ffi::OsString> = index
            .load_metas()
            .ok()?
            .list_segment_files()
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_os_string()))
            .collect();
        files.insert("meta.json".into());
        Self::of_files(dir, Some(&files))
    }

    /// The fingerprint of the files of `dir` (only those in `only`, if given).
    fn of_files(
        dir: &Path,
        only: Option<&std::collections::HashSet<std::ffi::OsString>>,
    ) -> Option<Fingerprint> {
        let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .filter(|e| only.is_none_or(|o| o.contains(&e.file_name())))
            .map(|e| {
                let m = e.metadata().ok();
                let time = m
                    .as_ref()
                    .and_then(|m| m.modified().ok())
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!(
                    "{} {} {time}",
                    e.file_name().to_string_lossy(),
                    m.map_or(0, |m| m.len())
                )
            })
            .collect();
        files.sort();
        Some(Fingerprint {
            dir: dir.to_path_buf(),
            text: format!("{}\n{}\n", boot.trim(), files.join("\n")),
        })
    }

    /// True when this is the fingerprint last recorded.
    pub fn is_recorded(&self) -> bool {
        std::fs::read_to_string(self.dir.join(FINGERPRINT_FILE)).is_ok_and(|t| t == self.text)
    }

    /// Records it (best effort: without it the next open verifies).
    pub fn record(&self) {
        let Ok(mut tmp) = tempfile::NamedTempFile::new_in(&self.dir) else {
            return;
        };
        if tmp.write_all(self.text.as_bytes()).is_ok() {
            let _ = tmp.persist(self.dir.join(FINGERPRINT_FILE));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_changes_with_any_file_of_the_folder() {
        let d = tempfile::tempdir().unwrap();
        let x = d.path().join("x.idx");
        std::fs::write(&x, b"12345").unwrap();
        let Some(f) = Fingerprint::of(d.path()) else {
            return; // no boot id here: every open verifies
        };
        assert!(!f.is_recorded());
        f.record();
        // Recording it (a hidden file) leaves it as recorded.
        assert!(Fingerprint::of(d.path()).unwrap().is_recorded());
        // Another size.
        std::fs::write(&x, b"123456").unwrap();
        let f = Fingerprint::of(d.path()).unwrap();
        assert!(!f.is_recorded());
        f.record();
        // Same size, another time.
        let t = std::fs::metadata(&x).unwrap().modified().unwrap();
        let f2 = File::options().write(true).open(&x).unwrap();
        f2.set_modified(t - std::time::Duration::from_secs(5))
            .unwrap();
        assert!(!Fingerprint::of(d.path()).unwrap().is_recorded());
        Fingerprint::of(d.path()).unwrap().record();
        // A new file.
        std::fs::write(d.path().join("y.idx"), b"1").unwrap();
        assert!(!Fingerprint::of(d.path()).unwrap().is_recorded());
    }

    #[test]
    fn an_index_fingerprint_ignores_leftovers_but_not_its_own_files() {
        use tantivy::schema::{Schema, TEXT};
        let d = tempfile::tempdir().unwrap();
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = tantivy::Index::create(
            CacheDirectory::open(d.path()).unwrap(),
            schema.build(),
            tantivy::IndexSettings::default(),
        )
        .unwrap();
        let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        w.add_document(tantivy::doc!(body => "printer offline"))
            .unwrap();
        w.commit().unwrap();
        drop(w);
        let Some(f) = Fingerprint::of_index(d.path(), &index) else {
            return; // no boot id here: every open verifies
        };
        f.record();
        // The partial files of a merge cut short come and go: still as recorded.
        let leftover = d.path().join("0123456789abcdef0123456789abcdef.idx");
        std::fs::write(&leftover, b"partial").unwrap();
        assert!(Fingerprint::of_index(d.path(), &index)
            .unwrap()
            .is_recorded());
        std::fs::remove_file(&leftover).unwrap();
        assert!(Fingerprint::of_index(d.path(), &index)
            .unwrap()
            .is_recorded());
        // A file of a committed segment changed: not as recorded.
        let file = index
            .load_metas()
            .unwrap()
            .list_segment_files()
            .into_iter()
            .find(|p| p.extension().is_some_and(|x| x == "idx"))
            .unwrap();
        let path = d.path().join(file);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.push(0);
        std::fs::write(&path, bytes).unwrap();
        assert!(!Fingerprint::of_index(d.path(), &index)
            .unwrap()
            .is_recorded());
    }
}
