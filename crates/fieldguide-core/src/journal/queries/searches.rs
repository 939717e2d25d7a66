//! Searches and the results clicked from them.
use std::collections::HashMap;

use rusqlite::params;
use time::OffsetDateTime;

use super::{period_clause, period_params};
use crate::error::{Error, Result};
use crate::journal::{get_ts, ts, ClickRecord, Journal, Search, SearchClick, SearchRecord, Stored};

impl Journal {
    /// Records a search and returns its id (pass it to [`Journal::log_click`]).
    pub fn log_search(&self, search: &Search) -> Result<i64> {
        self.log_search_impl(search, false)
    }

    pub(crate) fn log_search_impl(&self, search: &Search, sample: bool) -> Result<i64> {
        self.conn().execute(
            "INSERT INTO searches (query, filters_json, result_count, at, is_sample)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                search.query,
                search.filters.to_string(),
                search.result_count,
                ts(search.at),
                sample
            ],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Records a result opened from a search (the click inherits the search's sample flag).
    /// Fails with `NotFound` when the search id is unknown, `Invalid` when rank is 0.
    pub fn log_click(&self, click: &SearchClick) -> Result<i64> {
        if click.rank == 0 {
            return Err(Error::Invalid("search result rank is 1-based".into()));
        }
        let n = self.conn().execute(
            "INSERT INTO search_clicks (search_id, doc_path, rank, at, is_sample)
             SELECT id, ?2, ?3, ?4, is_sample FROM searches WHERE id = ?1",
            params![click.search_id, click.doc_path, click.rank, ts(click.at)],
        )?;
        if n == 0 {
            return Err(Error::NotFound(format!("search {}", click.search_id)));
        }
        Ok(self.conn().last_insert_rowid())
    }

    /// Searches with `from <= at < to`, oldest first, each with its clicks.
    pub fn searches_between(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
        include_sample: bool,
    ) -> Result<Vec<SearchRecord>> {
        let p = period_params(from, to, include_sample);
        let sql = format!(
            "SELECT id, query, filters_json, result_count, at, is_sample FROM searches
             WHERE {} ORDER BY at, id",
            period_clause("at")
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let mut searches = stmt
            .query_map(params![p.0, p.1, p.2], |r| {
                let filters: String = r.get("filters_json")?;
                Ok(SearchRecord {
                    id: r.get("id")?,
                    is_sample: r.get("is_sample")?,
                    search: Search {
                        query: r.get("query")?,
                        filters: serde_json::from_str(&filters).unwrap_or(serde_json::Value::Null),
                        result_count: r.get("result_count")?,
                        at: get_ts(r, "at")?,
                    },
                    clicks: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        let sql = format!(
            "SELECT c.id, c.search_id, c.doc_path, c.rank, c.at, c.is_sample
             FROM search_clicks c JOIN searches s ON s.id = c.search_id
             WHERE {} ORDER BY c.at, c.id",
            period_clause("s.at")
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let clicks = stmt.query_map(params![p.0, p.1, p.2], |r| {
            Ok(Stored {
                id: r.get("id")?,
                is_sample: r.get("is_sample")?,
                record: SearchClick {
                    search_id: r.get("search_id")?,
                    doc_path: r.get("doc_path")?,
                    rank: r.get("rank")?,
                    at: get_ts(r, "at")?,
                },
            })
        })?;
        let index: HashMap<i64, usize> = searches
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id, i))
            .collect();
        for click in clicks {
            let click: ClickRecord = click?;
            if let Some(&i) = index.get(&click.search_id) {
                searches[i].clicks.push(click);
            }
        }
        Ok(searches)
    }
}
