//! Evidence checklists: what engineering needs to act on an escalation of a given kind of
//! problem, as a KB document (`kind: checklist`, usually under `checklists/`). The items live in
//! the front matter so they are both readable on any git host and checkable by the app:
//!
//! ```markdown
//! ---
//! title: Web and API errors
//! kind: checklist
//! team: platform-api
//! category: web
//! items:
//!   - id: request-id
//!     label: Request id of a failing call
//!     required: true
//!     detect: request-id
//!     how: Copy the `x-request-id` response header from the browser's network tab.
//!     runbook: runbooks/web/capture-har.md
//! ---
//! Prose for humans.
//! ```
//!
//! `detect` names how the app recognises the item in a packet (see [`Detect`]); an item without
//! it is only provided when the technician ticks it (`confirmed`). [`check_packet`] marks every
//! item provided or missing, with the reason.
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::escalation::EscalationPacket;
use crate::article::{Article, DocKind};
use crate::error::{Problem, Severity};

/// How an item is recognised in a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Detect {
    /// A request/correlation/trace id: the Request ids evidence, or `request-id: …`, a UUID or a
    /// `req-…` token in the logs or summary.
    RequestId,
    /// A timestamp with its time zone (`2026-03-02T09:01:12Z`, `…+01:00`, `09:01 UTC`).
    Timestamp,
    /// The exact error text: a quoted or code-spanned message, or a log line with an error.
    ErrorText,
    /// A HAR file among the attachments (`*.har`).
    Har,
    /// Pasted logs, or an attached `.log`/`.txt`/`.evtx`/`.json` file.
    Logs,
    /// Versions: a version number (`4.2`, `v17.0.3`, build 22631) in the environment.
    Versions,
    /// At least one reproduction step.
    Reproduction,
    /// How many users are affected: a number of users/mailboxes/seats/devices, or "all users",
    /// in the impact or summary.
    AffectedUsers,
    /// A workaround tried: something under "Already tried", or the word in the text.
    Workaround,
}

impl Detect {
    /// The kebab-case name used in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            Detect::RequestId => "request-id",
            Detect::Timestamp => "timestamp",
            Detect::ErrorText => "error-text",
            Detect::Har => "har",
            Detect::Logs => "logs",
            Detect::Versions => "versions",
            Detect::Reproduction => "reproduction",
            Detect::AffectedUsers => "affected-users",
            Detect::Workaround => "workaround",
        }
    }
}

/// One piece of evidence a checklist asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// Stable id (`request-id`, `har`), unique in the checklist.
    pub id: String,
    /// What to provide, one line.
    pub label: String,
    /// Required items missing at send make the escalation avoidable.
    #[serde(default)]
    pub required: bool,
    /// How the app recognises it; `None`: only when ticked.
    #[serde(default)]
    pub detect: Option<Detect>,
    /// How to get it, a sentence or two.
    #[serde(default)]
    pub how: String,
    /// KB path of a runbook that explains how to get it.
    #[serde(default)]
    pub runbook: Option<String>,
}

/// A parsed checklist document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Checklist {
    /// KB path.
    pub path: String,
    /// Title.
    pub title: String,
    /// The team that receives escalations checked against it.
    pub team: Option<String>,
    /// Category the checklist covers.
    pub category: Option<String>,
    /// Items, in document order.
    pub items: Vec<ChecklistItem>,
}

/// Is this document a checklist (`kind: checklist`, or no kind and under `checklists/`)?
pub fn is_checklist(a: &Article) -> bool {
    a.kind == DocKind::Checklist
}

impl Checklist {
    /// Reads the checklist out of a parsed document; problems (with line) for a missing or
    /// malformed `items` list, duplicate ids, items without label. `None` when `items` cannot be
    /// read at all.
    pub fn from_article(a: &Article) -> (Option<Checklist>, Vec<Problem>) {
        let line = crate::lint::key_line(a, "items");
        let mut problems = Vec::new();
        let bad =
            |msg: String| Problem::new(&a.path, line, Severity::Error, "checklist-items", msg);
        let Some(raw) = a.meta.extra.get("items") else {
            problems.push(bad(
                "a checklist needs an `items` list (id, label, required, detect, how)".into(),
            ));
            return (None, problems);
        };
        let items: Vec<ChecklistItem> = match serde_json::from_value(raw.clone()) {
            Ok(v) => v,
            Err(e) => {
                problems.push(bad(format!("`items` cannot be read: {e}")));
                return (None, problems);
            }
        };
        let mut seen = std::collections::HashSet::new();
        for it in &items {
            if it.id.trim().is_empty() || it.label.trim().is_empty() {
                problems.push(bad("every item needs an `id` and a `label`".into()));
            } else if !seen.insert(it.id.as_str()) {
                problems.push(bad(format!("item id `{}` is used twice", it.id)));
            }
        }
        if items.is_empty() {
            problems.push(bad("`items` is empty".into()));
        }
        let s = |k: &str| a.meta.get_str(k).filter(|v| !v.trim().is_empty());
        (
            Some(Checklist {
                path: a.path.clone(),
                title: a.title.clone(),
                team: s("team"),
                category: a.meta.category.clone().or_else(|| s("category")),
                items,
            }),
            problems,
        )
    }
}

/// One checklist item judged against a packet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemCheck {
    /// Item id.
    pub id: String,
    /// Item label.
    pub label: String,
    /// Required by the checklist.
    pub required: bool,
    /// Found in the packet (or ticked).
    pub provided: bool,
    /// Where it was found, or why it counts as missing.
    pub reason: String,
}

static REQUEST_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:x-)?(?:request|correlation|trace|activity)[-_ ]?id\b\s*[:=]\s*\S+|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\breq[-_][0-9a-z]{4,}\b",
    )
    .unwrap()
});
static TIMESTAMP_TZ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s?(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)\b|\b\d{1,2}:\d{2}(?::\d{2})?\s?(?:UTC|GMT|Z|[A-Z]{2,4}T)\b",
    )
    .unwrap()
});
static TIMESTAMP_ANY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\b\d{1,2}:\d{2}\b").unwrap());
static ERROR_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:error|exception|fail(?:ed|ure)?|denied|refused|timed? ?out|fatal|\b[45]\d\d\b)",
    )
    .unwrap()
});
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""[^"\n]{6,}"|`[^`\n]{6,}`|“[^”\n]{6,}”"#).unwrap());
static VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bv?\d+\.\d+(?:\.\d+)*\b|\bbuild \d{3,}\b|\bversion\s+\S+").unwrap()
});
pub(crate) static USERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b\d[\d,]*\s+(?:\w+\s+)?(?:users?|people|mailboxes|seats|devices|laptops|customers|accounts|agents)\b|\ball (?:\w+ )?(?:users|staff|employees|customers)\b|\b(?:one|a single) (?:user|person|customer)\b",
    )
    .unwrap()
});

fn count_lines(v: &[String]) -> String {
    if v.len() == 1 {
        "1 entry".into()
    } else {
        format!("{} entries", v.len())
    }
}

/// Judges one item against the packet; `(provided, reason)`.
fn detect(d: Detect, p: &EscalationPacket) -> (bool, String) {
    let ev = &p.evidence;
    let prose = format!("{}\n{}\n{}", p.summary, p.impact, p.environment);
    let attached = |exts: &[&str]| {
        ev.attachments
            .iter()
            .find(|a| {
                let l = a.to_ascii_lowercase();
                exts.iter().any(|e| l.ends_with(e))
            })
            .cloned()
    };
    match d {
        Detect::RequestId => {
            if !ev.request_ids.is_empty() {
                (
                    true,
                    format!("Request ids: {}", count_lines(&ev.request_ids)),
                )
            } else if REQUEST_ID.is_match(&ev.logs) {
                (true, "a request id in the logs".into())
            } else if REQUEST_ID.is_match(&prose) {
                (true, "a request id in the summary".into())
            } else {
                (
                    false,
                    "no request id in the evidence, logs or summary".into(),
                )
            }
        }
        Detect::Timestamp => {
            let zoned = ev
                .timestamps
                .iter()
                .filter(|t| TIMESTAMP_TZ.is_match(t))
                .count();
            if zoned > 0 {
                (true, format!("Timestamps: {zoned} with a time zone"))
            } else if TIMESTAMP_TZ.is_match(&ev.logs) {
                (true, "a timestamp with time zone in the logs".into())
            } else if !ev.timestamps.is_empty()
                || TIMESTAMP_ANY.is_match(&ev.logs)
                || TIMESTAMP_ANY.is_match(&prose)
            {
                (false, "timestamps given without a time zone".into())
            } else {
                (false, "no timestamp".into())
            }
        }
        Detect::ErrorText => {
            if let Some(l) = ev.logs.lines().find(|l| ERROR_LINE.is_match(l)) {
                let l: String = l.trim().chars().take(60).collect();
                (true, format!("log line `{}`", l.replace('`', "'")))
            } else if QUOTED.is_match(&prose) {
                (true, "a quoted message in the summary".into())
            } else {
                (
                    false,
                    "no quoted error message and no error line in the logs".into(),
                )
            }
        }
        Detect::Har => match attached(&[".har"]) {
            Some(f) => (true, format!("attached {f}")),
            None => (false, "no .har file attached".into()),
        },
        Detect::Logs => {
            if !ev.logs.trim().is_empty() {
                (true, format!("Logs: {} lines", ev.logs.lines().count()))
            } else if let Some(f) = attached(&[".log", ".txt", ".evtx", ".json", ".zip"]) {
                (true, format!("attached {f}"))
            } else {
                (false, "no logs pasted or attached".into())
            }
        }
        Detect::Versions => match VERSION.find(&p.environment) {
            Some(m) => (true, format!("version `{}` in Environment", m.as_str())),
            None => (false, "no version number in Environment".into()),
        },
        Detect::Reproduction => {
            if p.reproduction.is_empty() {
                (false, "no reproduction steps".into())
            } else {
                (
                    true,
                    format!("Reproduction steps: {}", count_lines(&p.reproduction)),
                )
            }
        }
        Detect::AffectedUsers => match USERS.find(&prose) {
            Some(m) => (true, format!("\"{}\"", m.as_str())),
            None => (false, "no count of affected users in the impact".into()),
        },
        Detect::Workaround => {
            if !p.tried.is_empty() {
                (true, format!("Already tried: {}", count_lines(&p.tried)))
            } else if prose.to_ascii_lowercase().contains("workaround") {
                (true, "a workaround in the summary".into())
            } else {
                (false, "nothing under Already tried".into())
            }
        }
    }
}

/// Every item of `checklist` judged against `packet`: detected from the fields and pasted
/// evidence, or ticked by the technician (`packet.confirmed`). A missing item carries the
/// technician's explanation (`packet.unavailable`) when one was given.
pub fn check_packet(checklist: &Checklist, packet: &EscalationPacket) -> Vec<ItemCheck> {
    checklist
        .items
        .iter()
        .map(|it| {
            let (found, why) = match it.detect {
                Some(d) => detect(d, packet),
                None => (false, "not detectable; tick it when provided".into()),
            };
            let (provided, reason) = if found {
                (true, why)
            } else if packet.confirmed.iter().any(|c| c == &it.id) {
                (true, "ticked by the technician".into())
            } else if let Some(r) = packet.unavailable.get(&it.id) {
                (false, format!("unavailable: {}", super::clean_line(r)))
            } else {
                (false, why)
            };
            ItemCheck {
                id: it.id.clone(),
                label: super::clean_line(&it.label),
                required: it.required,
                provided,
                reason: super::clean_line(&reason),
            }
        })
        .collect()
}

/// The required items a set of checks lacks.
pub fn missing_required(checks: &[ItemCheck]) -> Vec<String> {
    checks
        .iter()
        .filter(|c| c.required && !c.provided)
        .map(|c| c.id.clone())
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::record::escalation::Evidence;
    use time::macros::datetime;

    pub(crate) const WEB: &str = "---\ntitle: Web and API errors\nkind: checklist\nteam: platform-api\ncategory: web\nitems:\n  - id: request-id\n    label: Request id\n    required: true\n    detect: request-id\n    how: Copy x-request-id.\n  - id: timestamp\n    label: Time of failure with time zone\n    required: true\n    detect: timestamp\n  - id: error\n    label: Exact error text\n    required: true\n    detect: error-text\n  - id: har\n    label: HAR file\n    required: true\n    detect: har\n    runbook: runbooks/web/capture-har.md\n  - id: users\n    label: Affected users\n    detect: affected-users\n  - id: tenant\n    label: Tenant id\n---\nBody.\n";

    fn web() -> Checklist {
        let (a, _) = crate::markdown::parse_article("checklists/web.md", WEB.to_string());
        assert!(is_checklist(&a));
        let (c, problems) = Checklist::from_article(&a);
        assert!(problems.is_empty(), "{problems:?}");
        c.unwrap()
    }

    fn bare() -> EscalationPacket {
        EscalationPacket {
            ticket: "INC-1".into(),
            title: "API 500".into(),
            summary: "Orders page fails at 09:01".into(),
            severity: Default::default(),
            impact: String::new(),
            environment: String::new(),
            reproduction: vec![],
            evidence: Evidence::default(),
            tried: vec![],
            suspected_cause: String::new(),
            flow: None,
            team: None,
            category: None,
            checklist: None,
            confirmed: vec![],
            unavailable: Default::default(),
            checks: vec![],
            created: datetime!(2026-03-02 10:00 UTC),
        }
    }

    #[test]
    fn checklist_reads_from_front_matter() {
        let c = web();
        assert_eq!(c.team.as_deref(), Some("platform-api"));
        assert_eq!(c.category.as_deref(), Some("web"));
        assert_eq!(c.items.len(), 6);
        assert_eq!(
            c.items[3].runbook.as_deref(),
            Some("runbooks/web/capture-har.md")
        );
        assert_eq!(c.items[5].detect, None);
        assert!(!c.items[4].required);
    }

    #[test]
    fn bad_items_are_reported_with_line() {
        let src = "---\ntitle: X\nkind: checklist\nitems:\n  - id: a\n    label: A\n    detect: telepathy\n---\n";
        let (a, _) = crate::markdown::parse_article("checklists/x.md", src.to_string());
        let (c, p) = Checklist::from_article(&a);
        assert!(c.is_none());
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, 4);
        assert!(p[0].message.contains("telepathy"), "{}", p[0].message);
        let dup =
            "---\nkind: checklist\nitems:\n  - {id: a, label: A}\n  - {id: a, label: B}\n---\n";
        let (a, _) = crate::markdown::parse_article("checklists/d.md", dup.to_string());
        let (_, p) = Checklist::from_article(&a);
        assert!(p[0].message.contains("`a` is used twice"));
        let (a, _) = crate::markdown::parse_article("c.md", "---\nkind: checklist\n---\n".into());
        assert!(Checklist::from_article(&a).1[0]
            .message
            .contains("needs an `items`"));
    }

    #[test]
    fn a_bare_packet_misses_every_required_item() {
        let checks = check_packet(&web(), &bare());
        let provided: Vec<_> = checks.iter().map(|c| c.provided).collect();
        assert_eq!(provided, [false; 6]);
        assert_eq!(
            missing_required(&checks),
            ["request-id", "timestamp", "error", "har"]
        );
        assert_eq!(checks[1].reason, "timestamps given without a time zone");
        assert_eq!(checks[3].reason, "no .har file attached");
    }

    #[test]
    fn evidence_is_detected_in_fields_and_pasted_text() {
        let mut p = bare();
        p.summary = "Checkout shows \"Something went wrong (500)\" for 12 users".into();
        p.evidence.logs =
            "2026-03-02T09:01:12+01:00 POST /v1/orders 500 correlation-id: 7f3a9c\n".into();
        p.evidence.attachments = vec!["capture.HAR".into()];
        p.confirmed = vec!["tenant".into()];
        let checks = check_packet(&web(), &p);
        assert!(checks.iter().all(|c| c.provided), "{checks:#?}");
        assert_eq!(checks[0].reason, "a request id in the logs");
        assert_eq!(checks[1].reason, "a timestamp with time zone in the logs");
        assert!(checks[2]
            .reason
            .starts_with("log line `2026-03-02T09:01:12"));
        assert_eq!(checks[3].reason, "attached capture.HAR");
        assert_eq!(checks[4].reason, "\"12 users\"");
        assert_eq!(checks[5].reason, "ticked by the technician");
        assert!(missing_required(&checks).is_empty());
    }

    #[test]
    fn explicit_fields_and_explanations() {
        let mut p = bare();
        p.evidence.request_ids = vec!["abc".into(), "def".into()];
        p.evidence.timestamps = vec!["2026-03-02 09:01 UTC".into()];
        p.unavailable
            .insert("har".into(), "customer's browser is locked down".into());
        let checks = check_packet(&web(), &p);
        assert_eq!(checks[0].reason, "Request ids: 2 entries");
        assert!(checks[1].provided);
        assert!(!checks[3].provided);
        assert_eq!(
            checks[3].reason,
            "unavailable: customer's browser is locked down"
        );
        assert_eq!(missing_required(&checks), ["error", "har"]);
    }
}
