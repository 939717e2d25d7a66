//! KPIs computed from the journal and the KB's document list: time to resolution,
//! first-contact / escalation / reopen rates, flow completion, article effectiveness,
//! knowledge contribution, knowledge gaps and stale content — overall and per segment, with
//! drill-down helpers returning the rows behind a figure and CSV export of every table.
//!
//! Conventions shared by every figure (each figure's own definition sits on its field):
//! - **Period**: an event belongs to the period when `from <= at < to` (half-open), compared
//!   as instants, so callers may pass any UTC offset. A resolution's instant is `resolved_at`;
//!   a flow session's is `started_at`; views, searches, feedback and KB changes use their `at`.
//! - **Days**: daily series are bucketed by the **UTC** calendar date (a resolution at
//!   23:30−05:00 on 1 June is stored as 04:30Z on 2 June and counts on 2 June).
//! - **Rates** are fractions in 0..=1, and `None` when their denominator is 0 (no data is not
//!   0%). Counts over no data are 0; medians and means over no data are `None`.
//! - **Sample data** (demo rows) is left out unless `include_sample` is set.
//! - **Segments** (`segment_by`): resolution figures are grouped by the resolution's
//!   `category`, `product` or ticket `kind`; document tables (flows, articles, stale,
//!   contribution) carry each row's segment value taken from its [`DocInfo`] (for `Kind`, the
//!   document kind). A missing value is [`UNSPECIFIED`].
//!
//! ```
//! use fieldguide_core::journal::Journal;
//! use fieldguide_core::metrics::{compute, MetricsQuery};
//! use time::macros::{date, datetime};
//! let journal = Journal::open_in_memory().unwrap();
//! let query = MetricsQuery::new(datetime!(2025-06-01 0:00 UTC), datetime!(2025-07-01 0:00 UTC));
//! let report = compute(&journal, &query, &[], date!(2025-07-01)).unwrap();
//! assert_eq!(report.overall.resolutions, 0);
//! assert_eq!(report.overall.first_contact_rate, None);
//! println!("{}", report.to_csv("segments").unwrap());
//! ```
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::journal::Journal;

mod content;
mod csv;
pub mod escalations;
mod resolutions;
pub mod stats;
pub mod team;
#[cfg(test)]
mod tests;

pub use content::{gap_searches, normalize_query, GapKind};
pub use resolutions::{resolutions_in, ResolutionFilter, TTR_BUCKETS};

/// The segment value used when a record or document has none.
pub const UNSPECIFIED: &str = "(unspecified)";

/// How many nodes [`FlowFigures`] lists per outcome.
pub const TOP_NODES: usize = 5;

/// What to break figures down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Segment {
    /// The `category` of a resolution / document.
    Category,
    /// The `product`.
    Product,
    /// The ticket kind of a resolution (`incident`, `request`, …); the document kind of a doc.
    Kind,
}

fn default_reopen_window() -> u32 {
    7
}

/// What to compute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MetricsQuery {
    /// Start of the period (inclusive).
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub from: OffsetDateTime,
    /// End of the period (exclusive).
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub to: OffsetDateTime,
    /// Break resolution figures down by this (also labels document rows).
    #[serde(default)]
    pub segment_by: Option<Segment>,
    /// A ticket resolved again within this many days of a previous resolution counts as
    /// reopened (default 7).
    #[serde(default = "default_reopen_window")]
    #[ts(as = "Option<u32>", optional)]
    pub reopen_window_days: u32,
    /// Include demo rows.
    #[serde(default)]
    pub include_sample: bool,
}

impl MetricsQuery {
    /// A query over `[from, to)` with no segments, a 7-day reopen window and no sample data.
    pub fn new(from: OffsetDateTime, to: OffsetDateTime) -> MetricsQuery {
        MetricsQuery {
            from,
            to,
            segment_by: None,
            reopen_window_days: default_reopen_window(),
            include_sample: false,
        }
    }

    /// The last `days` days up to `now`.
    pub fn last_days(now: OffsetDateTime, days: u32) -> MetricsQuery {
        MetricsQuery::new(now - time::Duration::days(i64::from(days)), now)
    }

    fn validate(&self) -> Result<()> {
        if self.from > self.to {
            return Err(Error::Invalid(
                "metrics period: `from` is after `to`".to_string(),
            ));
        }
        Ok(())
    }
}

/// What metrics need to know about a KB document (built by the caller from the KB).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocInfo {
    /// KB-relative path.
    pub path: String,
    /// Title.
    pub title: String,
    /// `runbook`, `article`, `flow`, `ticket`, `escalation`.
    pub kind: String,
    /// `draft`, `published` or `retired`.
    pub status: String,
    /// Review date `YYYY-MM-DD` from front matter (a longer date-time is cut to its date).
    #[serde(default)]
    pub review_by: Option<String>,
    /// Category, if any.
    #[serde(default)]
    pub category: Option<String>,
    /// Product, if any.
    #[serde(default)]
    pub product: Option<String>,
}

impl DocInfo {
    fn segment(&self, by: Segment) -> String {
        let v = match by {
            Segment::Category => self.category.as_deref(),
            Segment::Product => self.product.as_deref(),
            Segment::Kind => Some(self.kind.as_str()),
        };
        segment_value(v)
    }
}

pub(crate) fn segment_value(v: Option<&str>) -> String {
    match v.map(str::trim) {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => UNSPECIFIED.to_string(),
    }
}

/// Time-to-resolution statistics over records with outcome `resolved` (escalations are not
/// resolutions; their handling time is not a time to resolve). Minutes are the recorded
/// `time_to_resolve_min`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TtrStats {
    /// Resolved records.
    pub count: u64,
    /// Median minutes (linear interpolation; mean of the middle two for an even count).
    pub median_min: Option<f64>,
    /// 90th percentile minutes (linear interpolation between closest ranks, see
    /// [`stats::quantile`]).
    pub p90_min: Option<f64>,
    /// Mean minutes.
    pub mean_min: Option<f64>,
    /// Counts per [`TTR_BUCKETS`] bucket, in order (always all buckets).
    pub histogram: Vec<HistogramBucket>,
}

/// One histogram bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistogramBucket {
    /// Label such as `15–60m`.
    pub label: String,
    /// Lower bound in minutes (inclusive).
    pub min_minutes: i64,
    /// Upper bound in minutes (exclusive); `None` for the last bucket.
    pub max_minutes: Option<i64>,
    /// Records in the bucket.
    pub count: u64,
}

/// One day of the resolved-count / median-TTR line chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DailyPoint {
    /// UTC calendar date.
    #[ts(type = "string")]
    pub date: Date,
    /// Records with outcome `resolved` whose `resolved_at` falls on that UTC date.
    pub resolved: u64,
    /// Their median time to resolve; `None` on days with none.
    pub median_ttr_min: Option<f64>,
}

/// Resolution figures for the whole period (`segment: None`) or one segment value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SegmentFigures {
    /// The segment value; `None` for the overall figures.
    pub segment: Option<String>,
    /// All records (resolved + escalated) with `resolved_at` in the period.
    pub resolutions: u64,
    /// Records with outcome `resolved`.
    pub resolved: u64,
    /// Records with outcome `escalated`.
    pub escalated: u64,
    /// Distinct ticket ids among the records.
    pub tickets: u64,
    /// Time to resolution of the `resolved` records.
    pub ttr: TtrStats,
    /// First-contact resolution rate = records with outcome `resolved` and
    /// `sessions_count == 1` / all records (resolved + escalated).
    pub first_contact_rate: Option<f64>,
    /// Escalation rate = records with outcome `escalated` / all records.
    pub escalation_rate: Option<f64>,
    /// Distinct ticket ids reopened (see [`SegmentFigures::reopen_rate`]).
    pub reopened_tickets: u64,
    /// Reopen rate = distinct ticket ids with a record (any outcome) in the period that
    /// follows, by at most `reopen_window_days` × 24 h, an earlier record of the same ticket
    /// whose outcome was `resolved` (the earlier one may lie before the period; "earlier" is
    /// by `resolved_at`, ties broken by recording order) / distinct ticket ids with a record
    /// in the period. An escalation followed by a resolution is not a reopen.
    pub reopen_rate: Option<f64>,
    /// One point per UTC date from `from` to `to` (every day, zeros included).
    pub daily: Vec<DailyPoint>,
}

/// Completion figures for one flow, over sessions started in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FlowFigures {
    /// KB-relative path of the flow.
    pub flow_path: String,
    /// Its title, when the flow is in the document list.
    pub title: Option<String>,
    /// The flow document's segment value (when `segment_by` is set).
    pub segment: Option<String>,
    /// Sessions started in the period.
    pub started: u64,
    /// Still active (not ended).
    pub active: u64,
    /// Ended at a `resolved` outcome.
    pub resolved: u64,
    /// Ended at an `escalate` outcome.
    pub escalated: u64,
    /// Given up.
    pub abandoned: u64,
    /// Completion rate = (resolved + escalated) / started: the share that reached an outcome.
    pub completion_rate: Option<f64>,
    /// Resolution rate = resolved / started.
    pub resolution_rate: Option<f64>,
    /// Nodes where abandoned sessions stopped (their last recorded step), most frequent
    /// first, at most [`TOP_NODES`].
    pub abandoned_at: Vec<NodeCount>,
    /// Nodes where escalated sessions ended (last recorded step), at most [`TOP_NODES`].
    pub escalated_at: Vec<NodeCount>,
}

/// A node id with a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NodeCount {
    /// Node (section anchor); `(no steps)` when the session recorded none.
    pub node_id: String,
    /// Sessions.
    pub count: u64,
}

/// How one document performed in the period. Only documents with some activity appear.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArticleFigures {
    /// KB-relative path.
    pub path: String,
    /// Title, when known.
    pub title: Option<String>,
    /// Kind, when known.
    pub kind: Option<String>,
    /// Segment value (when `segment_by` is set).
    pub segment: Option<String>,
    /// Views in the period.
    pub views: u64,
    /// Views that led to a resolution: the view belongs to a flow session that some record
    /// with outcome `resolved` in the period used, or the document is listed in the articles
    /// of such a record and the view happened between its `opened_at` and `resolved_at`.
    pub views_leading_to_resolution: u64,
    /// Records (any outcome) in the period listing this document among their articles.
    pub resolutions_using: u64,
    /// Of those, how many said it helped (`helped == Some(true)`).
    pub helped_in_resolutions: u64,
    /// "Did this help?" yes votes in the period.
    pub helpful_yes: u64,
    /// "Did this help?" no votes in the period.
    pub helpful_no: u64,
    /// helpful_yes / (helpful_yes + helpful_no).
    pub helpful_rate: Option<f64>,
    /// Outdated flags open now.
    pub open_flags: u64,
}

/// Knowledge contribution in the period: KB changes by document kind (and segment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Contribution {
    /// One row per document kind (and segment value when `segment_by` is set).
    pub rows: Vec<ContributionRow>,
    /// Records in the period with a ticket note (`note_path`) — ticket notes captured.
    pub ticket_notes: u64,
    /// Distinct non-empty `by` among the changes.
    pub contributors: u64,
}

/// Change counts for one document kind. The kind is the change's recorded `doc_kind`, else
/// the kind in the document list, else `unknown`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContributionRow {
    /// Document kind.
    pub kind: String,
    /// Segment value of the changed documents (when `segment_by` is set).
    pub segment: Option<String>,
    /// Created.
    pub created: u64,
    /// Updated.
    pub updated: u64,
    /// Renamed.
    pub renamed: u64,
    /// Retired.
    pub retired: u64,
    /// Deleted.
    pub deleted: u64,
}

/// A normalized query people searched for and did not find (or did not open).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GapRow {
    /// Normalized query (see [`normalize_query`]).
    pub query: String,
    /// The most recent raw query text in the group.
    pub example: String,
    /// Searches in the group.
    pub searches: u64,
    /// Searches that returned nothing.
    pub zero_results: u64,
    /// Searches that returned results none of which was opened.
    pub no_click: u64,
    /// Latest search in the group.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub last_seen: OffsetDateTime,
}

/// A document that needs review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaleDoc {
    /// KB-relative path.
    pub path: String,
    /// Title, when the document is in the list.
    pub title: Option<String>,
    /// Kind, when known.
    pub kind: Option<String>,
    /// Status, when known.
    pub status: Option<String>,
    /// Segment value (when `segment_by` is set).
    pub segment: Option<String>,
    /// Review date, when set.
    #[ts(type = "string | null")]
    pub review_by: Option<Date>,
    /// Days past `review_by` (> 0) when overdue: `review_by < today` and the document is
    /// published or draft (retired documents never go stale).
    pub days_overdue: Option<i64>,
    /// Open outdated flags on it (any document, any status; as of now, not the period).
    pub open_flags: u64,
    /// The most recent open flag's comment.
    pub latest_flag: Option<String>,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The query it answers.
    pub query: MetricsQuery,
    /// The day stale content is judged against.
    #[ts(type = "string")]
    pub today: Date,
    /// True when the journal holds sample (demo) rows, whether or not they were included.
    pub sample_data_present: bool,
    /// Resolution figures over the whole period.
    pub overall: SegmentFigures,
    /// The same per segment value, sorted by resolutions (desc) then value; empty without
    /// `segment_by`.
    pub segments: Vec<SegmentFigures>,
    /// Per flow, sorted by sessions started (desc) then path.
    pub flows: Vec<FlowFigures>,
    /// Per document, sorted by views leading to resolution, views, helpful votes (desc), path.
    pub articles: Vec<ArticleFigures>,
    /// Knowledge contribution.
    pub contribution: Contribution,
    /// Knowledge gaps, sorted by zero-result + no-click searches (desc), last seen (desc).
    pub gaps: Vec<GapRow>,
    /// Stale content, sorted by days overdue (desc), open flags (desc), path.
    pub stale: Vec<StaleDoc>,
}

/// Computes the [`Report`] for `query` from the journal and the KB's document list;
/// `today` is the date stale content is judged against.
pub fn compute(
    journal: &Journal,
    query: &MetricsQuery,
    docs: &[DocInfo],
    today: Date,
) -> Result<Report> {
    query.validate()?;
    let (overall, segments) = resolutions::figures(journal, query)?;
    let ctx = content::Context::load(journal, query, docs)?;
    Ok(Report {
        query: query.clone(),
        today,
        sample_data_present: journal.has_sample_data()?,
        overall,
        segments,
        flows: ctx.flows(journal)?,
        articles: ctx.articles(),
        contribution: ctx.contribution(),
        gaps: ctx.gaps(),
        stale: ctx.stale(today),
    })
}
