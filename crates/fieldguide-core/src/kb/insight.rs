//! Insight on an open KB: the support KPIs ([`crate::metrics`]) computed over the KB's journal
//! and documents, drill-downs behind each figure, CSV export, the clearly marked sample
//! journal, and the usage logging (searches, result clicks, document views) that feeds the
//! knowledge-gap and article-effectiveness figures.
//!
//! What counts as a logged search is the caller's decision: the app logs a query once the user
//! pauses typing (~1 s) or opens one of its results — never every keystroke — so the journal
//! holds the searches a person actually ran (see `ui/src/lib/search-log.ts`).
use std::path::Path;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use ts_rs::TS;

use super::Kb;
use crate::error::{Error, Result};
use crate::index::{SearchRequest, SearchResults};
use crate::journal::{
    DocOpened, FlowSessionRecord, ResolutionRecord, Search, SearchClick, SearchRecord,
    SessionStatus,
};
use crate::metrics::{self, DocInfo, GapKind, MetricsQuery, Report, ResolutionFilter};

/// A search that was run and logged: the results plus the journal id that clicks refer to.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoggedSearch {
    /// Journal id of the search (pass it to [`Kb::log_click`]).
    pub search_id: i64,
    /// The results, as [`Kb::search`] returns them.
    pub results: SearchResults,
}

/// Which rows behind a dashboard figure to list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Drill {
    /// Resolution records (a KPI tile, a histogram bar, a day, a segment row).
    Resolutions {
        /// Which records.
        #[serde(default)]
        #[ts(as = "Option<ResolutionFilter>", optional)]
        filter: ResolutionFilter,
    },
    /// Resolution records in the period that list this document among their articles.
    Article {
        /// KB-relative path.
        path: String,
    },
    /// Flow sessions started in the period (optionally only one flow and/or one status).
    FlowSessions {
        /// Only this flow.
        #[serde(default, rename = "flowPath")]
        #[ts(optional = nullable)]
        flow_path: Option<String>,
        /// Only sessions in this state.
        #[serde(default)]
        #[ts(optional = nullable)]
        status: Option<SessionStatus>,
    },
    /// Knowledge-gap searches (optionally one normalized query).
    Gaps {
        /// A normalized query (a row of the gaps table); `None`: all gap searches.
        #[serde(default)]
        #[ts(optional = nullable)]
        query: Option<String>,
        /// Zero-result, no-click or either (default).
        #[serde(default = "any_gap")]
        #[ts(as = "Option<GapKind>", optional)]
        kind: GapKind,
    },
}

fn any_gap() -> GapKind {
    GapKind::Any
}

/// The rows a [`Drill`] returns.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", content = "rows", rename_all = "camelCase")]
pub enum DrillRows {
    /// Resolution records, oldest first.
    Resolutions(Vec<ResolutionRecord>),
    /// Flow sessions, oldest first.
    FlowSessions(Vec<FlowSessionRecord>),
    /// Searches, newest first.
    Searches(Vec<SearchRecord>),
}

impl DrillRows {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            DrillRows::Resolutions(r) => r.len(),
            DrillRows::FlowSessions(r) => r.len(),
            DrillRows::Searches(r) => r.len(),
        }
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

pub(super) fn today_utc() -> Date {
    OffsetDateTime::now_utc().date()
}

impl Kb {
    /// What metrics need to know about every loaded document.
    pub fn doc_infos(&self) -> Vec<DocInfo> {
        self.state
            .read()
            .expect("state lock")
            .docs
            .values()
            .map(|a| DocInfo {
                path: a.path.to_string(),
                title: a.title.clone(),
                kind: a.kind.as_str().to_string(),
                status: a.status.as_str().to_string(),
                review_by: a
                    .review_by
                    .as_deref()
                    .map(|r| r.trim().chars().take(10).collect()),
                category: a.category.clone(),
                product: a.product.clone(),
            })
            .collect()
    }

    /// The dashboard [`Report`] for `query`, stale content judged against today (UTC).
    pub fn stats(&self, query: &MetricsQuery) -> Result<Report> {
        self.stats_on(query, today_utc())
    }

    /// [`Kb::stats`] with stale content judged against `today`.
    pub fn stats_on(&self, query: &MetricsQuery, today: Date) -> Result<Report> {
        let docs = self.doc_infos();
        metrics::compute(&self.journal(), query, &docs, today)
    }

    /// One report table as CSV (see [`Report::CSV_TABLES`], and the escalation tables
    /// [`metrics::escalations::ESCALATION_TABLES`]); `Invalid` for an unknown table.
    pub fn stats_csv(&self, table: &str, query: &MetricsQuery) -> Result<String> {
        if metrics::escalations::ESCALATION_TABLES.contains(&table) {
            return self.escalation_stats(query.from, query.to).to_csv(table);
        }
        check_table(table)?;
        self.stats(query)?.to_csv(table)
    }

    /// Writes one report table as CSV to `dest` (atomically: a complete file or none). `dest`
    /// is a file the user picked, anywhere; its folder must exist.
    pub fn write_stats_csv(&self, table: &str, query: &MetricsQuery, dest: &Path) -> Result<()> {
        let csv = self.stats_csv(table, query)?;
        crate::fsutil::atomic_write(dest, csv.as_bytes())
    }

    /// The rows behind a figure.
    pub fn drill(&self, query: &MetricsQuery, drill: &Drill) -> Result<DrillRows> {
        let journal = self.journal();
        Ok(match drill {
            Drill::Resolutions { filter } => {
                DrillRows::Resolutions(metrics::resolutions_in(&journal, query, filter)?)
            }
            Drill::Article { path } => DrillRows::Resolutions(
                metrics::resolutions_in(&journal, query, &ResolutionFilter::default())?
                    .into_iter()
                    .filter(|r| r.articles.iter().any(|a| &a.path == path))
                    .collect(),
            ),
            Drill::FlowSessions { flow_path, status } => {
                if query.from > query.to {
                    return Err(Error::InvalidInput(
                        "metrics period: `from` is after `to`".to_string(),
                    ));
                }
                DrillRows::FlowSessions(
                    journal
                        .flow_sessions_started_between(query.from, query.to, query.include_sample)?
                        .into_iter()
                        .filter(|s| flow_path.as_ref().is_none_or(|p| &s.flow_path == p))
                        .filter(|s| status.is_none_or(|st| s.status == st))
                        .collect(),
                )
            }
            Drill::Gaps { query: q, kind } => {
                DrillRows::Searches(metrics::gap_searches(&journal, query, q.as_deref(), *kind)?)
            }
        })
    }

    /// Removes every sample row; returns how many rows went.
    pub fn clear_demo(&self) -> Result<usize> {
        self.journal().clear_sample_data()
    }

    /// Logs a search the user ran (its query, filters and how many results it had) and
    /// returns its journal id. Empty queries without filters are not searches: `Invalid`.
    /// The UI logs the search whose results it already shows, so nothing runs twice.
    pub fn log_search(&self, req: &SearchRequest, result_count: usize) -> Result<i64> {
        self.log_search_at(req, result_count, OffsetDateTime::now_utc())
    }

    /// [`Kb::log_search`] at a given time.
    pub fn log_search_at(
        &self,
        req: &SearchRequest,
        result_count: usize,
        at: OffsetDateTime,
    ) -> Result<i64> {
        if req.query.trim().is_empty() {
            return Err(Error::InvalidInput(
                "log_search: an empty query is not a search".to_string(),
            ));
        }
        let mut filters = serde_json::Map::new();
        if !req.kinds.is_empty() {
            filters.insert("kinds".into(), serde_json::json!(req.kinds));
        }
        if !req.tags.is_empty() {
            filters.insert("tags".into(), serde_json::json!(req.tags));
        }
        if req.include_retired {
            filters.insert("includeRetired".into(), serde_json::Value::Bool(true));
        }
        let search = Search {
            query: req.query.trim().to_string(),
            filters: serde_json::Value::Object(filters),
            result_count: u32::try_from(result_count).unwrap_or(u32::MAX),
            at,
        };
        self.journal().log_search(&search)
    }

    /// Runs a search and logs it (see [`Kb::log_search`]).
    pub fn search_logged(&self, req: &SearchRequest) -> Result<LoggedSearch> {
        let results = self.search(req)?;
        let search_id = self.log_search(req, results.total)?;
        Ok(LoggedSearch { search_id, results })
    }

    /// Logs that the result at 1-based `rank` of search `search_id` was opened.
    pub fn log_click(&self, search_id: i64, path: &str, rank: u32) -> Result<i64> {
        self.log_click_at(search_id, path, rank, OffsetDateTime::now_utc())
    }

    /// [`Kb::log_click`] at a given time. `NotFound` for an unknown search id, `Invalid`
    /// for rank 0.
    pub fn log_click_at(
        &self,
        search_id: i64,
        path: &str,
        rank: u32,
        at: OffsetDateTime,
    ) -> Result<i64> {
        let journal = self.journal();
        journal.log_click(&SearchClick {
            search_id,
            doc_path: path.to_string(),
            rank,
            at,
        })
    }

    /// Logs that a document was opened in the reader (from a flow session, when given).
    pub fn log_view(&self, path: &str, session: Option<&str>) -> Result<i64> {
        self.log_view_at(path, session, OffsetDateTime::now_utc())
    }

    /// [`Kb::log_view`] at a given time.
    pub fn log_view_at(
        &self,
        path: &str,
        session: Option<&str>,
        at: OffsetDateTime,
    ) -> Result<i64> {
        if path.trim().is_empty() {
            return Err(Error::InvalidInput("log_view: empty path".to_string()));
        }
        self.journal().log_view(&DocOpened {
            doc_path: path.to_string(),
            at,
            flow_session_id: session.map(str::to_string),
        })
    }
}

pub(super) fn check_table(table: &str) -> Result<()> {
    if Report::CSV_TABLES.contains(&table) {
        Ok(())
    } else {
        Err(Error::InvalidInput(format!(
            "unknown table `{table}` (one of: {})",
            Report::CSV_TABLES.join(", ")
        )))
    }
}

/// The sample journal (feature `demo`, enabled by the CLI and the app only).
#[cfg(feature = "demo")]
mod demo {
    use time::OffsetDateTime;

    use crate::article::DocKind;
    use crate::error::Result;
    use crate::flow::Flow;
    use crate::journal::demo::{self, DemoDoc, DemoSummary};
    use crate::kb::Kb;

    impl Kb {
        /// The KB's documents as the demo generator wants them (flows with their node ids, start
        /// first).
        pub fn demo_docs(&self) -> Vec<DemoDoc> {
            self.summaries()
                .into_iter()
                .map(|a| {
                    let mut d = DemoDoc::new(&*a.path, a.kind);
                    d.category = a.category.clone();
                    d.product = a.product.clone();
                    if let Some(a) = self.doc(&a.path).filter(|a| a.kind == DocKind::Flow) {
                        let (flow, _) = Flow::from_article(&a);
                        let mut nodes: Vec<String> = vec![flow.start.clone()];
                        nodes.extend(
                            flow.nodes
                                .iter()
                                .filter(|n| !n.is_outcome() && n.id != flow.start)
                                .map(|n| n.id.clone()),
                        );
                        nodes.retain(|n| !n.is_empty());
                        d.nodes = nodes;
                    }
                    d
                })
                .collect()
        }

        /// Replaces the sample rows of the journal with a fresh 90-day demo ending now,
        /// deterministic for `seed`. Real rows are untouched; every demo row is flagged sample.
        pub fn demo_journal(&self, seed: u64) -> Result<DemoSummary> {
            self.demo_journal_at(OffsetDateTime::now_utc(), seed)
        }

        /// [`Kb::demo_journal`] ending at `now`.
        pub fn demo_journal_at(&self, now: OffsetDateTime, seed: u64) -> Result<DemoSummary> {
            let docs = self.demo_docs();
            demo::populate(&self.journal(), &docs, now, seed)
        }
    }
}
