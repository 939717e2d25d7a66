//! Closing the loop: a resolved ticket becomes a ticket note (and, when it goes up a tier, an
//! escalation packet) written into the KB as markdown, with secrets and personal data redacted
//! before anything touches the disk.
//!
//! - [`redact`](mod@redact) finds secrets/PII in free text and replaces them with `[REDACTED:<rule>]`.
//! - [`note`] is the ticket note: [`RecordDraft`] → [`prepare`] → [`write_note`].
//! - [`escalation`] is the escalation packet written beside a note.
//!
//! ```no_run
//! use fieldguide_core::record::{prepare, write_note, RecordDraft};
//! let draft = RecordDraft {
//!     ticket: "INC-20417".into(),
//!     title: "Outlook keeps asking for the password".into(),
//!     opened: "2026-03-02T09:14:00+01:00".into(),
//!     resolved: "2026-03-02T10:02:00+01:00".into(),
//!     issue: "Prompt loops after MFA. User: jane@contoso.com".into(),
//!     resolution: "Cleared the cached credentials.".into(),
//!     ..RecordDraft::default()
//! };
//! let prepared = prepare(&draft, &[]).unwrap(); // the UI shows prepared.findings
//! let rel = write_note("kb-content".as_ref(), &prepared).unwrap();
//! println!("wrote {rel}");
//! ```
//!
//! The private helpers shared by notes and escalations, in `text` (normalised free text, code
//! fences), `sections` (`## Heading` sections, numbered lists) and `timestamp` (RFC 3339), with
//! their front matter written and read by [`crate::frontmatter`]. They are deliberately strict
//! about the layout we write, so that a note we wrote reads back to exactly the same value and
//! re-renders to exactly the same bytes.
use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};

pub mod checklist;
pub mod escalation;
pub mod lifecycle;
pub mod note;
pub mod redact;
pub mod review;
mod sections;
mod text;
mod timestamp;

pub(crate) use sections::{
    escape_headings, parse_numbered, split_sections, unescape_headings, write_numbered,
    write_sections,
};
pub(crate) use text::{clean_line, clean_text, close_fences, fenced, read_fenced};
pub(crate) use timestamp::{fmt_time, parse_time};

pub use checklist::{check_packet, is_checklist, Checklist, ChecklistItem, Detect, ItemCheck};
pub use escalation::{
    prepare_escalation, prepare_escalation_with, write_escalation, EscalationPacket,
    EscalationSeverity, Evidence, PreparedEscalation,
};
pub use note::{prepare, write_note, ArticleUse, Outcome, Prepared, RecordDraft, TicketNote};
pub use redact::{
    gitleaks_findings, gitleaks_rule_ids, gitleaks_unused_rules, redact, scan, Confidence, Finding,
    Redacted,
};

/// One finding in one field of a draft, for the UI's "this will be redacted" preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FindingView {
    /// The field: `title`, `issue`, `steps[2]`, `evidence.logs`, `extra.customer`, …
    pub field: String,
    /// What was found; offsets are byte offsets into that field's text as submitted (after
    /// line-ending normalisation and trimming).
    pub finding: Finding,
    /// True when the value was left in clear because the user asked to keep it (only ever for
    /// medium-confidence findings).
    pub kept: bool,
}

/// Redacts `text` and records the findings under `field`.
pub(crate) fn redact_field(
    field: &str,
    text: &str,
    keep: &[String],
    views: &mut Vec<FindingView>,
) -> String {
    let r = redact::redact(text, keep);
    let mut all: Vec<FindingView> = r
        .findings
        .into_iter()
        .map(|f| (f, false))
        .chain(r.kept.into_iter().map(|f| (f, true)))
        .map(|(finding, kept)| FindingView {
            field: field.to_string(),
            finding,
            kept,
        })
        .collect();
    all.sort_by_key(|v| v.finding.start);
    views.extend(all);
    r.text
}

/// Redacts every string inside a JSON value (for `extra` fields).
pub(crate) fn redact_json(
    field: &str,
    v: &serde_json::Value,
    keep: &[String],
    views: &mut Vec<FindingView>,
) -> serde_json::Value {
    match v {
        serde_json::Value::String(s) => {
            serde_json::Value::String(redact_field(field, s, keep, views))
        }
        serde_json::Value::Array(a) => serde_json::Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, v)| redact_json(&format!("{field}[{i}]"), v, keep, views))
                .collect(),
        ),
        serde_json::Value::Object(o) => serde_json::Value::Object(
            o.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        redact_json(&format!("{field}.{k}"), v, keep, views),
                    )
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Writes `text` to `rel` under `kb_root` with [`crate::fsutil::atomic_create`]; if the name is
/// taken, tries `<stem>-2.md`, `<stem>-3.md`, … Never overwrites. Returns the path written.
pub(crate) fn create_unique(kb_root: &Path, rel: &str, text: &str) -> Result<String> {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    for n in 1..10_000 {
        let candidate = if n == 1 {
            format!("{stem}.md")
        } else {
            format!("{stem}-{n}.md")
        };
        let abs = crate::fsutil::resolve_in_kb(kb_root, &candidate)?;
        if abs.exists() {
            continue;
        }
        match crate::fsutil::atomic_create(&abs, text.as_bytes()) {
            Ok(()) => return Ok(candidate),
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists => {
                continue
            }
            Err(e) => return Err(e),
        }
    }
    Err(Error::NameTaken(format!("no free file name for {rel}")))
}
