//! Flow sessions (persisted so the app resumes mid-flow) and their steps (for step analytics).
use rusqlite::{params, OptionalExtension};
use time::OffsetDateTime;

use super::{period_clause, period_params};
use crate::error::{Error, Result};
use crate::journal::{
    get_ts, ts, FlowSessionRecord, FlowStep, FlowStepRecord, Journal, SessionStatus, Stored,
};

const SESSION_COLUMNS: &str = "id, flow_path, started_at, updated_at, status, state_json";

impl Journal {
    /// Inserts or replaces a flow session (matched on `id`). A sample session stays sample.
    pub fn upsert_flow_session(&self, session: &FlowSessionRecord) -> Result<()> {
        self.upsert_flow_session_impl(session, false)
    }

    pub(crate) fn upsert_flow_session_impl(
        &self,
        s: &FlowSessionRecord,
        sample: bool,
    ) -> Result<()> {
        if s.id.is_empty() {
            return Err(Error::InvalidInput("flow session id is empty".into()));
        }
        self.conn().execute(
            "INSERT INTO flow_sessions (id, flow_path, started_at, updated_at, status, state_json, is_sample)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(id) DO UPDATE SET
                flow_path = excluded.flow_path, started_at = excluded.started_at,
                updated_at = excluded.updated_at, status = excluded.status,
                state_json = excluded.state_json",
            params![
                s.id,
                s.flow_path,
                ts(s.started_at),
                ts(s.updated_at),
                s.status.as_str(),
                s.state_json,
                sample
            ],
        )?;
        Ok(())
    }

    /// The session with this id, if any.
    pub fn load_flow_session(&self, id: &str) -> Result<Option<FlowSessionRecord>> {
        let sql = format!("SELECT {SESSION_COLUMNS} FROM flow_sessions WHERE id = ?1");
        Ok(self
            .conn()
            .query_row(&sql, [id], session_from_row)
            .optional()?)
    }

    /// Sessions still `active` (resumable), most recently updated first. Includes sample
    /// sessions only while sample data is loaded (they are flagged in the journal, not here).
    pub fn active_flow_sessions(&self) -> Result<Vec<FlowSessionRecord>> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM flow_sessions WHERE status = 'active'
             ORDER BY updated_at DESC, started_at DESC, id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([], session_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sessions with `from <= started_at < to`, oldest first.
    pub fn flow_sessions_started_between(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
        include_sample: bool,
    ) -> Result<Vec<FlowSessionRecord>> {
        let p = period_params(from, to, include_sample);
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM flow_sessions WHERE {} ORDER BY started_at, id",
            period_clause("started_at")
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params![p.0, p.1, p.2], session_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that a session reached `node_id` (through `choice_label`, `None` for the start).
    /// The step inherits the session's sample flag; `NotFound` if the session is unknown.
    pub fn record_flow_step(
        &self,
        session_id: &str,
        node_id: &str,
        choice_label: Option<&str>,
        at: OffsetDateTime,
    ) -> Result<i64> {
        let n = self.conn().execute(
            "INSERT INTO flow_steps (session_id, node_id, choice_label, at, is_sample)
             SELECT id, ?2, ?3, ?4, is_sample FROM flow_sessions WHERE id = ?1",
            params![session_id, node_id, choice_label, ts(at)],
        )?;
        if n == 0 {
            return Err(Error::NotFound(format!("flow session {session_id}")));
        }
        Ok(self.conn().last_insert_rowid())
    }

    /// The steps of a session in order.
    pub fn flow_steps(&self, session_id: &str) -> Result<Vec<FlowStepRecord>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, session_id, node_id, choice_label, at, is_sample FROM flow_steps
             WHERE session_id = ?1 ORDER BY at, id",
        )?;
        let rows = stmt.query_map([session_id], |r| {
            Ok(Stored {
                id: r.get("id")?,
                is_sample: r.get("is_sample")?,
                record: FlowStep {
                    session_id: r.get("session_id")?,
                    node_id: r.get("node_id")?,
                    choice_label: r.get("choice_label")?,
                    at: get_ts(r, "at")?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn session_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FlowSessionRecord> {
    let status: String = r.get("status")?;
    Ok(FlowSessionRecord {
        id: r.get("id")?,
        flow_path: r.get("flow_path")?,
        started_at: get_ts(r, "started_at")?,
        updated_at: get_ts(r, "updated_at")?,
        status: SessionStatus::parse(&status).unwrap_or(SessionStatus::Abandoned),
        state_json: r.get("state_json")?,
    })
}
