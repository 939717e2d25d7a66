//! The journal's typed rows: what callers write (`Search`, `DocView`, `Resolution`, …) and what
//! they read back (`Stored<T>`: the same plus the row id and the sample flag). All serialize in
//! camelCase with RFC 3339 timestamps for the UI.
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

/// A row read back from the journal: the written value plus its id and sample flag.
/// Derefs to the value, so `record.ticket_id` works.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Stored<T> {
    /// Row id (`INTEGER PRIMARY KEY`).
    pub id: i64,
    /// True for rows written by the demo generator.
    pub is_sample: bool,
    /// The value as written.
    #[serde(flatten)]
    pub record: T,
}

impl<T> std::ops::Deref for Stored<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.record
    }
}

/// A search run in the UI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Search {
    /// The query text as typed.
    pub query: String,
    /// The filters applied (kind, tags, product, …) as JSON; `{}` when none.
    #[ts(type = "Record<string, unknown>")]
    #[serde(default = "empty_object")]
    pub filters: serde_json::Value,
    /// How many results the search returned.
    pub result_count: u32,
    /// When it ran.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

fn empty_object() -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}

impl Search {
    /// A search without filters.
    pub fn new(query: impl Into<String>, result_count: u32, at: OffsetDateTime) -> Search {
        Search {
            query: query.into(),
            filters: empty_object(),
            result_count,
            at,
        }
    }
}

/// A search read back, with the results opened from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchRecord {
    /// Row id.
    pub id: i64,
    /// True for demo rows.
    pub is_sample: bool,
    /// The search as written.
    #[serde(flatten)]
    pub search: Search,
    /// Results opened from it, in click order.
    pub clicks: Vec<ClickRecord>,
}

/// A search result opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchClick {
    /// The search it came from.
    pub search_id: i64,
    /// The document opened (KB-relative path).
    pub doc_path: String,
    /// 1-based rank of the result in the list.
    pub rank: u32,
    /// When.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// A stored click.
pub type ClickRecord = Stored<SearchClick>;

/// A document opened in the reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocView {
    /// KB-relative path.
    pub doc_path: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The flow session it was opened from, if any.
    #[serde(default)]
    pub flow_session_id: Option<String>,
}

/// A stored view.
pub type ViewRecord = Stored<DocView>;

/// A "did this help?" answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Feedback {
    /// KB-relative path.
    pub doc_path: String,
    /// Yes (true) or no (false).
    pub helpful: bool,
    /// Optional free text.
    #[serde(default)]
    pub comment: Option<String>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// A stored feedback vote.
pub type FeedbackRecord = Stored<Feedback>;

/// A "flag as outdated" report on a document; open until resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutdatedFlag {
    /// Row id (pass to [`super::Journal::resolve_flag`]).
    pub id: i64,
    /// True for demo rows.
    pub is_sample: bool,
    /// KB-relative path.
    pub doc_path: String,
    /// What is outdated.
    pub comment: String,
    /// Who flagged it, if known.
    pub by: Option<String>,
    /// When it was flagged.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// When it was resolved; `None` while open.
    #[ts(type = "string | null")]
    #[serde(with = "time::serde::rfc3339::option")]
    pub resolved_at: Option<OffsetDateTime>,
    /// What was done about it.
    pub resolution_note: Option<String>,
}

/// Where a flow session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "FlowSessionStatus")]
pub enum FlowStatus {
    /// Being walked (resumable).
    Active,
    /// Reached a `resolved` outcome.
    Resolved,
    /// Reached an `escalate` outcome.
    Escalated,
    /// Given up before an outcome.
    Abandoned,
}

impl FlowStatus {
    /// Lowercase name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            FlowStatus::Active => "active",
            FlowStatus::Resolved => "resolved",
            FlowStatus::Escalated => "escalated",
            FlowStatus::Abandoned => "abandoned",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<FlowStatus> {
        match s {
            "active" => Some(FlowStatus::Active),
            "resolved" => Some(FlowStatus::Resolved),
            "escalated" => Some(FlowStatus::Escalated),
            "abandoned" => Some(FlowStatus::Abandoned),
            _ => None,
        }
    }
}

/// A flow session as persisted: the flow module owns `state_json`, the journal only stores it
/// so the app can resume mid-flow after a restart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FlowSessionRecord {
    /// Session id chosen by the flow module (unique).
    pub id: String,
    /// KB-relative path of the flow document.
    pub flow_path: String,
    /// When the session started.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    /// Last change.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Where it stands.
    pub status: FlowStatus,
    /// The flow module's serialized session state.
    pub state_json: String,
}

/// A node reached in a flow session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowStep {
    /// The session.
    pub session_id: String,
    /// The node (section anchor) reached.
    pub node_id: String,
    /// The choice that led there (`None` for the start node).
    pub choice_label: Option<String>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// A stored flow step.
pub type FlowStepRecord = Stored<FlowStep>;

// How a ticket ended and which documents were used are the record module's nouns; the journal
// stores the same values.
pub use crate::record::{ArticleUse, Outcome};

/// One recorded resolution or escalation of a ticket. A ticket that comes back after being
/// resolved gets another `Resolution` with the same `ticket_id` (that is how reopens are seen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    /// The helpdesk's ticket id.
    pub ticket_id: String,
    /// Category (e.g. `network`), if known.
    #[serde(default)]
    pub category: Option<String>,
    /// Product (e.g. `vpn-client`), if known.
    #[serde(default)]
    pub product: Option<String>,
    /// Kind of ticket (`incident`, `request`, `question`, … free text), if known.
    #[serde(default)]
    pub kind: Option<String>,
    /// When the ticket was opened.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub opened_at: OffsetDateTime,
    /// When it was resolved or escalated.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub resolved_at: OffsetDateTime,
    /// Resolved or escalated.
    pub outcome: Outcome,
    /// The flow used, if any.
    #[serde(default)]
    pub flow_path: Option<String>,
    /// The flow session used, if any.
    #[serde(default)]
    pub flow_session_id: Option<String>,
    /// Working sessions / contacts it took (1 = first contact). At least 1.
    pub sessions_count: u32,
    /// Minutes of work to resolve (or to escalate). [`Resolution::new`] fills it with the
    /// whole minutes between `opened_at` and `resolved_at`; callers may record less (e.g.
    /// excluding time waiting on the customer).
    pub time_to_resolve_min: i64,
    /// The ticket note written for it (KB-relative path), if any.
    #[serde(default)]
    pub note_path: Option<String>,
    /// Documents used.
    #[serde(default)]
    pub articles: Vec<ArticleUse>,
}

impl Resolution {
    /// A first-contact record with no segment fields, flow or articles; the time to resolve is
    /// the whole minutes between `opened_at` and `resolved_at` (0 if negative).
    pub fn new(
        ticket_id: impl Into<String>,
        opened_at: OffsetDateTime,
        resolved_at: OffsetDateTime,
        outcome: Outcome,
    ) -> Resolution {
        Resolution {
            ticket_id: ticket_id.into(),
            category: None,
            product: None,
            kind: None,
            opened_at,
            resolved_at,
            outcome,
            flow_path: None,
            flow_session_id: None,
            sessions_count: 1,
            time_to_resolve_min: (resolved_at - opened_at).whole_minutes().max(0),
            note_path: None,
            articles: Vec::new(),
        }
    }
}

/// A stored resolution.
pub type ResolutionRecord = Stored<Resolution>;

/// What happened to a KB document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// A new document.
    Created,
    /// Edited.
    Updated,
    /// Moved (`old_path` says from where).
    Renamed,
    /// Status set to retired.
    Retired,
    /// Removed.
    Deleted,
}

impl ChangeKind {
    /// All kinds, in display order.
    pub const ALL: [ChangeKind; 5] = [
        ChangeKind::Created,
        ChangeKind::Updated,
        ChangeKind::Renamed,
        ChangeKind::Retired,
        ChangeKind::Deleted,
    ];

    /// Lowercase name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Created => "created",
            ChangeKind::Updated => "updated",
            ChangeKind::Renamed => "renamed",
            ChangeKind::Retired => "retired",
            ChangeKind::Deleted => "deleted",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A change to the KB, for "knowledge contribution".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KbChange {
    /// KB-relative path (the new path for renames).
    pub path: String,
    /// The previous path, for renames.
    #[serde(default)]
    pub old_path: Option<String>,
    /// What happened.
    pub change: ChangeKind,
    /// The document's kind (`runbook`, `article`, `flow`, `ticket`, …) if known at the time.
    #[serde(default)]
    pub doc_kind: Option<String>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Who, if known.
    #[serde(default)]
    pub by: Option<String>,
}

impl KbChange {
    /// A change with no old path, kind or author.
    pub fn new(path: impl Into<String>, change: ChangeKind, at: OffsetDateTime) -> KbChange {
        KbChange {
            path: path.into(),
            old_path: None,
            change,
            doc_kind: None,
            at,
            by: None,
        }
    }
}

/// A stored KB change.
pub type KbChangeRecord = Stored<KbChange>;
