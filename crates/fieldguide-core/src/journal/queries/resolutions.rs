//! Resolutions and escalations, with the documents used for each.
use std::collections::HashMap;

use rusqlite::params;
use time::OffsetDateTime;

use super::{period_clause, period_params};
use crate::error::{Error, Result};
use crate::journal::{
    get_ts, ts, ArticleUse, Journal, Outcome, Resolution, ResolutionRecord, Stored,
};

const COLUMNS: &str = "id, ticket_id, category, product, kind, opened_at, resolved_at, outcome, \
     flow_path, flow_session_id, sessions_count, time_to_resolve_min, note_path, is_sample";

impl Journal {
    /// Records a resolution or escalation (with its articles, in one transaction) and returns
    /// its id. `Invalid` for an empty ticket id, `sessions_count == 0`, a negative time to
    /// resolve, or `resolved_at` before `opened_at`.
    pub fn record_resolution(&self, resolution: &Resolution) -> Result<i64> {
        self.record_resolution_impl(resolution, false)
    }

    pub(crate) fn record_resolution_impl(&self, r: &Resolution, sample: bool) -> Result<i64> {
        if r.ticket_id.trim().is_empty() {
            return Err(Error::InvalidInput("ticket id is empty".into()));
        }
        if r.sessions_count == 0 {
            return Err(Error::InvalidInput(
                "sessions count must be at least 1".into(),
            ));
        }
        if r.time_to_resolve_min < 0 {
            return Err(Error::InvalidInput("time to resolve is negative".into()));
        }
        if r.resolved_at < r.opened_at {
            return Err(Error::InvalidInput(format!(
                "ticket {}: resolved before it was opened",
                r.ticket_id
            )));
        }
        self.atomically(|| {
            let tx = self.conn();
            tx.execute(
            "INSERT INTO resolutions (ticket_id, category, product, kind, opened_at, resolved_at,
                outcome, flow_path, flow_session_id, sessions_count, time_to_resolve_min,
                note_path, is_sample)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                r.ticket_id.trim(),
                r.category,
                r.product,
                r.kind,
                ts(r.opened_at),
                ts(r.resolved_at),
                r.outcome.as_str(),
                r.flow_path,
                r.flow_session_id,
                r.sessions_count,
                r.time_to_resolve_min,
                r.note_path,
                sample
            ],
        )?;
        let id = tx.last_insert_rowid();
        let mut stmt = tx.prepare(
                "INSERT INTO resolution_articles (resolution_id, position, doc_path, helped, is_sample)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (i, a) in r.articles.iter().enumerate() {
                stmt.execute(params![id, i as i64, a.path, a.helped, sample])?;
            }
            Ok(id)
        })
    }

    /// Records with `from <= resolved_at < to`, oldest first, with their articles.
    pub fn resolutions_between(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
        include_sample: bool,
    ) -> Result<Vec<ResolutionRecord>> {
        let p = period_params(from, to, include_sample);
        let sql = format!(
            "SELECT {COLUMNS} FROM resolutions WHERE {} ORDER BY resolved_at, id",
            period_clause("resolved_at")
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let mut records = stmt
            .query_map(params![p.0, p.1, p.2], resolution_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        let sql = format!(
            "SELECT a.resolution_id, a.doc_path, a.helped FROM resolution_articles a
             JOIN resolutions r ON r.id = a.resolution_id
             WHERE {} ORDER BY a.resolution_id, a.position",
            period_clause("r.resolved_at")
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let index: HashMap<i64, usize> =
            records.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let rows = stmt.query_map(params![p.0, p.1, p.2], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                ArticleUse {
                    path: r.get(1)?,
                    helped: r.get(2)?,
                },
            ))
        })?;
        for row in rows {
            let (id, article) = row?;
            if let Some(&i) = index.get(&id) {
                records[i].record.articles.push(article);
            }
        }
        Ok(records)
    }
}

fn resolution_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ResolutionRecord> {
    let outcome: String = r.get("outcome")?;
    Ok(Stored {
        id: r.get("id")?,
        is_sample: r.get("is_sample")?,
        record: Resolution {
            ticket_id: r.get("ticket_id")?,
            category: r.get("category")?,
            product: r.get("product")?,
            kind: r.get("kind")?,
            opened_at: get_ts(r, "opened_at")?,
            resolved_at: get_ts(r, "resolved_at")?,
            outcome: Outcome::parse(&outcome).unwrap_or(Outcome::Escalated),
            flow_path: r.get("flow_path")?,
            flow_session_id: r.get("flow_session_id")?,
            sessions_count: r.get("sessions_count")?,
            time_to_resolve_min: r.get("time_to_resolve_min")?,
            note_path: r.get("note_path")?,
            articles: Vec::new(),
        },
    })
}
