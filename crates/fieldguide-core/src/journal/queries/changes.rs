//! Changes to the KB (created, updated, renamed, retired, deleted documents).
use rusqlite::params;
use time::OffsetDateTime;

use super::{period_clause, period_params};
use crate::error::Result;
use crate::journal::{get_ts, ts, ChangeKind, Journal, KbChange, KbChangeRecord, Stored};

impl Journal {
    /// Records a change to a KB document.
    pub fn record_kb_change(&self, change: &KbChange) -> Result<i64> {
        self.record_kb_change_impl(change, false)
    }

    pub(crate) fn record_kb_change_impl(&self, c: &KbChange, sample: bool) -> Result<i64> {
        self.conn().execute(
            "INSERT INTO kb_changes (path, old_path, change, doc_kind, at, by, is_sample)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                c.path,
                c.old_path,
                c.change.as_str(),
                c.doc_kind,
                ts(c.at),
                c.by,
                sample
            ],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Changes with `from <= at < to`, oldest first.
    pub fn kb_changes_between(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
        include_sample: bool,
    ) -> Result<Vec<KbChangeRecord>> {
        let p = period_params(from, to, include_sample);
        let sql = format!(
            "SELECT id, path, old_path, change, doc_kind, at, by, is_sample FROM kb_changes
             WHERE {} ORDER BY at, id",
            period_clause("at")
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params![p.0, p.1, p.2], |r| {
            let change: String = r.get("change")?;
            Ok(Stored {
                id: r.get("id")?,
                is_sample: r.get("is_sample")?,
                record: KbChange {
                    path: r.get("path")?,
                    old_path: r.get("old_path")?,
                    change: ChangeKind::parse(&change).unwrap_or(ChangeKind::Updated),
                    doc_kind: r.get("doc_kind")?,
                    at: get_ts(r, "at")?,
                    by: r.get("by")?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
