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
