//! The journal: a SQLite database of what happened in the app (searches, clicks, views,
//! feedback, outdated flags, flow sessions and steps, resolutions, KB changes), used to resume
//! flows after a restart and to compute the KPIs in [`crate::metrics`].
//!
//! The markdown KB stays the source of truth; the journal is auxiliary and can be deleted
//! without losing knowledge. Storage rules:
//! - Schema changes are timestamped `migrations/*.sql` files applied in order, each in its own
//!   transaction; the schema version lives in `PRAGMA user_version`.
//! - File databases use WAL, `foreign_keys=ON` and a busy timeout.
//! - Timestamps are stored as UTC RFC 3339 text with second precision (`2025-06-01T09:00:00Z`;
//!   sub-seconds are dropped). The API takes and returns [`OffsetDateTime`]: values with any
//!   offset are converted to UTC on the way in and come back in UTC.
//! - Every table has `is_sample`; [`demo::populate`] writes only sample rows and
//!   [`Journal::clear_sample_data`] removes them.
//!
//! ```
//! use fieldguide_core::journal::{Journal, Search};
//! use time::macros::datetime;
//! let journal = Journal::open_in_memory().unwrap();
//! let id = journal
//!     .log_search(&Search::new("vpn certificate", 0, datetime!(2025-06-01 9:00 UTC)))
//!     .unwrap();
//! assert!(id > 0);
//! ```
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};
use time::format_description::FormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::error::{Error, Result};

pub mod demo;
mod model;
mod queries;
#[cfg(test)]
mod tests;

pub use model::*;

/// The migrations, oldest first. Append new files; never edit one that has shipped.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!(
        "../../migrations/20250601090000_journal_init.sql"
    )),
    M::up(include_str!(
        "../../migrations/20250601090100_journal_indexes.sql"
    )),
];

/// Tables holding journal rows, children before parents (the order [`Journal::clear_sample_data`]
/// deletes in).
const TABLES: &[&str] = &[
    "search_clicks",
    "searches",
    "doc_views",
    "feedback",
    "outdated_flags",
    "resolution_articles",
    "resolutions",
    "flow_steps",
    "flow_sessions",
    "kb_changes",
    "meta",
];

/// How long a writer waits for another connection's lock before failing with "busy".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A handle on the journal database. Not `Sync`: the app keeps it behind a `Mutex`.
#[derive(Debug)]
pub struct Journal {
    conn: Connection,
}

impl Journal {
    /// Opens (creating it and its folder if missing) the journal at `path`, switches it to WAL,
    /// enables foreign keys and a busy timeout, and applies pending migrations.
    pub fn open(path: impl AsRef<Path>) -> Result<Journal> {
        let path = path.as_ref();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::Invalid(format!(
                "journal {}: could not enable WAL (journal_mode is {mode})",
                path.display()
            )));
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Journal::setup(conn)
    }

    /// Opens a fresh journal in memory (for tests and previews).
    pub fn open_in_memory() -> Result<Journal> {
        let conn = Connection::open_in_memory()?;
        Journal::setup(conn)
    }

    fn setup(conn: Connection) -> Result<Journal> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut journal = Journal { conn };
        journal.migrate()?;
        Ok(journal)
    }

    /// Applies pending migrations, each in its own transaction. Running it again is a no-op.
    /// Fails if the database was written by a newer Fieldguide (a schema version we do not know).
    pub fn migrate(&mut self) -> Result<()> {
        let migrations = Migrations::from_slice(MIGRATIONS);
        let current = self.schema_version()?;
        if current > MIGRATIONS.len() {
            return Err(Error::Invalid(format!(
                "journal schema version {current} is newer than this Fieldguide ({})",
                MIGRATIONS.len()
            )));
        }
        for version in current + 1..=MIGRATIONS.len() {
            migrations.to_version(&mut self.conn, version)?;
        }
        Ok(())
    }

    /// The schema version (number of migrations applied).
    pub fn schema_version(&self) -> Result<usize> {
        let v: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok(usize::try_from(v).unwrap_or(0))
    }

    /// The latest schema version this build knows.
    pub fn latest_schema_version() -> usize {
        MIGRATIONS.len()
    }

    /// SQLite's journal mode (`wal` for file databases, `memory` in memory).
    pub fn journal_mode(&self) -> Result<String> {
        let mode: String = self
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        Ok(mode.to_ascii_lowercase())
    }

    /// Runs `PRAGMA integrity_check` and `foreign_key_check`; true when both find nothing.
    pub fn integrity_check(&self) -> Result<bool> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let ok = rows.len() == 1 && rows[0] == "ok";
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let fk_problems = stmt.query([])?.next()?.is_some();
        Ok(ok && !fk_problems)
    }

    /// Reads a `meta` value.
    pub fn meta_get(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Sets a `meta` value (a real one, not sample data).
    pub fn meta_set(&self, key: &str, value: &str) -> Result<()> {
        self.meta_set_impl(key, value, false)
    }

    pub(crate) fn meta_set_impl(&self, key: &str, value: &str, sample: bool) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value, is_sample) VALUES (?1, ?2, ?3)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, is_sample = excluded.is_sample",
            rusqlite::params![key, value, sample],
        )?;
        Ok(())
    }

    /// True when any table holds sample rows (the UI shows a "sample data" banner).
    pub fn has_sample_data(&self) -> Result<bool> {
        for table in TABLES {
            let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE is_sample = 1)");
            let found: bool = self.conn.query_row(&sql, [], |r| r.get(0))?;
            if found {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Deletes every sample row (atomically) and returns how many rows went.
    /// Real rows that pointed at a sample flow session keep their data with the link cleared.
    pub fn clear_sample_data(&self) -> Result<usize> {
        self.atomically(|| {
            let mut removed = 0;
            for table in TABLES {
                removed += self
                    .conn
                    .execute(&format!("DELETE FROM {table} WHERE is_sample = 1"), [])?;
            }
            Ok(removed)
        })
    }

    /// Runs `f` inside a savepoint: all of it is kept, or none of it. Savepoints nest, so a
    /// multi-row write (a resolution with its articles) can be part of a larger one (the demo).
    pub(crate) fn atomically<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        self.conn.execute_batch("SAVEPOINT fg_atomic")?;
        match f() {
            Ok(v) => {
                self.conn.execute_batch("RELEASE fg_atomic")?;
                Ok(v)
            }
            Err(e) => {
                // Best effort: the original error is the one worth reporting.
                let _ = self
                    .conn
                    .execute_batch("ROLLBACK TO fg_atomic; RELEASE fg_atomic");
                Err(e)
            }
        }
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// The stored form of a timestamp: UTC, second precision, fixed width.
const TS_FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// Formats a timestamp for storage (converted to UTC, sub-seconds dropped).
pub(crate) fn ts(at: OffsetDateTime) -> String {
    let utc = at.to_offset(UtcOffset::UTC);
    utc.format(TS_FORMAT)
        .unwrap_or_else(|_| "0000-01-01T00:00:00Z".to_string())
}

/// Parses a stored timestamp.
pub(crate) fn parse_ts(text: &str) -> rusqlite::Result<OffsetDateTime> {
    PrimitiveDateTime::parse(text, TS_FORMAT)
        .map(|p| p.assume_utc())
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

/// Reads a timestamp column.
pub(crate) fn get_ts(row: &rusqlite::Row<'_>, idx: &str) -> rusqlite::Result<OffsetDateTime> {
    let text: String = row.get(idx)?;
    parse_ts(&text)
}

/// Reads an optional timestamp column.
pub(crate) fn get_opt_ts(
    row: &rusqlite::Row<'_>,
    idx: &str,
) -> rusqlite::Result<Option<OffsetDateTime>> {
    let text: Option<String> = row.get(idx)?;
    text.as_deref().map(parse_ts).transpose()
}
