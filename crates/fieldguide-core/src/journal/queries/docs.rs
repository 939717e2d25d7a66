//! Document views, "did this help?" feedback and "flag as outdated".
use rusqlite::{params, OptionalExtension};
use time::OffsetDateTime;

use super::{period_clause, period_params};
use crate::error::{Error, Result};
use crate::journal::{
    get_opt_ts, get_ts, ts, DocView, Feedback, FeedbackRecord, Journal, OutdatedFlag, Stored,
    ViewRecord,
};

impl Journal {
    /// Records a document opened in the reader.
    pub fn log_view(&self, view: &DocView) -> Result<i64> {
        self.log_view_impl(view, false)
    }

    pub(crate) fn log_view_impl(&self, view: &DocView, sample: bool) -> Result<i64> {
        self.conn().execute(
            "INSERT INTO doc_views (doc_path, at, flow_session_id, is_sample) VALUES (?1, ?2, ?3, ?4)",
            params![view.doc_path, ts(view.at), view.flow_session_id, sample],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Views with `from <= at < to`, oldest first.
    pub fn views_between(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
        include_sample: bool,
    ) -> Result<Vec<ViewRecord>> {
        let p = period_params(from, to, include_sample);
        let sql = format!(
            "SELECT id, doc_path, at, flow_session_id, is_sample FROM doc_views
             WHERE {} ORDER BY at, id",
            period_clause("at")
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params![p.0, p.1, p.2], |r| {
            Ok(Stored {
                id: r.get("id")?,
                is_sample: r.get("is_sample")?,
                record: DocView {
                    doc_path: r.get("doc_path")?,
                    at: get_ts(r, "at")?,
                    flow_session_id: r.get("flow_session_id")?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a "did this help?" answer.
    pub fn record_feedback(&self, feedback: &Feedback) -> Result<i64> {
        self.record_feedback_impl(feedback, false)
    }

    pub(crate) fn record_feedback_impl(&self, f: &Feedback, sample: bool) -> Result<i64> {
        self.conn().execute(
            "INSERT INTO feedback (doc_path, helpful, comment, at, is_sample) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![f.doc_path, f.helpful, f.comment, ts(f.at), sample],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Feedback with `from <= at < to`, oldest first; `doc_path` narrows it to one document.
    pub fn feedback_between(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
        include_sample: bool,
        doc_path: Option<&str>,
    ) -> Result<Vec<FeedbackRecord>> {
        let p = period_params(from, to, include_sample);
        let sql = format!(
            "SELECT id, doc_path, helpful, comment, at, is_sample FROM feedback
             WHERE {} AND (?4 IS NULL OR doc_path = ?4) ORDER BY at, id",
            period_clause("at")
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params![p.0, p.1, p.2, doc_path], |r| {
            Ok(Stored {
                id: r.get("id")?,
                is_sample: r.get("is_sample")?,
                record: Feedback {
                    doc_path: r.get("doc_path")?,
                    helpful: r.get("helpful")?,
                    comment: r.get("comment")?,
                    at: get_ts(r, "at")?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Flags a document as outdated and returns the flag id. The comment is required.
    pub fn flag_outdated(
        &self,
        doc_path: &str,
        comment: &str,
        by: Option<&str>,
        at: OffsetDateTime,
    ) -> Result<i64> {
        self.flag_outdated_impl(doc_path, comment, by, at, false)
    }

    pub(crate) fn flag_outdated_impl(
        &self,
        doc_path: &str,
        comment: &str,
        by: Option<&str>,
        at: OffsetDateTime,
        sample: bool,
    ) -> Result<i64> {
        if comment.trim().is_empty() {
            return Err(Error::Invalid("say what is outdated".into()));
        }
        self.conn().execute(
            "INSERT INTO outdated_flags (doc_path, comment, by, at, is_sample) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![doc_path, comment.trim(), by, ts(at), sample],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Open (unresolved) outdated flags, oldest first; `doc_path` narrows to one document.
    pub fn open_flags(
        &self,
        doc_path: Option<&str>,
        include_sample: bool,
    ) -> Result<Vec<OutdatedFlag>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, doc_path, comment, by, at, resolved_at, resolution_note, is_sample
             FROM outdated_flags
             WHERE resolved_at IS NULL AND (?1 IS NULL OR doc_path = ?1) AND (?2 OR is_sample = 0)
             ORDER BY at, id",
        )?;
        let rows = stmt.query_map(params![doc_path, include_sample], flag_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One flag by id, open or not.
    pub fn flag(&self, id: i64) -> Result<Option<OutdatedFlag>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, doc_path, comment, by, at, resolved_at, resolution_note, is_sample
                 FROM outdated_flags WHERE id = ?1",
                [id],
                flag_from_row,
            )
            .optional()?)
    }

    /// Resolves an open flag. `NotFound` when there is no open flag with that id.
    pub fn resolve_flag(&self, id: i64, at: OffsetDateTime, note: Option<&str>) -> Result<()> {
        let n = self.conn().execute(
            "UPDATE outdated_flags SET resolved_at = ?2, resolution_note = ?3
             WHERE id = ?1 AND resolved_at IS NULL",
            params![id, ts(at), note],
        )?;
        if n == 0 {
            return Err(Error::NotFound(format!("open outdated flag {id}")));
        }
        Ok(())
    }
}

fn flag_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutdatedFlag> {
    Ok(OutdatedFlag {
        id: r.get("id")?,
        is_sample: r.get("is_sample")?,
        doc_path: r.get("doc_path")?,
        comment: r.get("comment")?,
        by: r.get("by")?,
        at: get_ts(r, "at")?,
        resolved_at: get_opt_ts(r, "resolved_at")?,
        resolution_note: r.get("resolution_note")?,
    })
}
