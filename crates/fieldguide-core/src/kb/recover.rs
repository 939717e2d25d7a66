//! Recovery of the KB's auxiliary data at open: a journal file that SQLite cannot read (not a
//! database, or corrupt) is set aside beside the new one — kept for a human, never deleted — so
//! a damaged journal never stops the KB from opening. The markdown is never touched here.
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::journal::Journal;

/// Opens the journal at `path`; when the file is damaged, renames it (and its `-wal`/`-shm`)
/// to `<name>.damaged-<unix seconds>` and starts a fresh journal.
pub fn open_journal(path: &Path) -> Result<Journal> {
    match Journal::open(path) {
        Err(Error::Journal(e)) if is_damaged(&e) => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            let aside = |p: &Path| -> PathBuf {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                p.with_file_name(format!("{name}.damaged-{stamp}"))
            };
            std::fs::rename(path, aside(path)).map_err(|e| Error::io(path, e))?;
            for suffix in ["-wal", "-shm"] {
                let side = PathBuf::from(format!("{}{suffix}", path.display()));
                if side.exists() {
                    let name = path.file_name().unwrap_or_default().to_string_lossy();
                    let to = path.with_file_name(format!("{name}.damaged-{stamp}{suffix}"));
                    std::fs::rename(&side, &to).map_err(|e| Error::io(&side, e))?;
                }
            }
            Journal::open(path)
        }
        other => other,
    }
}

fn is_damaged(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}
