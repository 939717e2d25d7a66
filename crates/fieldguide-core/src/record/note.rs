//! Ticket notes: what "record resolution" writes under `tickets/YYYY/`. A [`RecordDraft`] (the
//! form, free text) is validated, normalised and redacted by [`prepare`] into a [`TicketNote`]
//! and its markdown, then [`write_note`] creates the file without ever overwriting one.
//!
//! The file layout (round-trips exactly through [`TicketNote::from_markdown`]):
//!
//! ```markdown
//! ---
//! kind: ticket
//! ticket: INC-20417
//! title: "Outlook: password prompt loops"
//! category: email
//! product: Outlook
//! tags: [outlook, mfa]
//! opened: 2026-03-02T09:14:00+01:00
//! resolved: 2026-03-02T10:02:00+01:00
//! outcome: resolved
//! flow: flows/outlook-prompt.md
//! time_to_resolve_min: 48
//! articles: [articles/modern-auth.md, articles/cached-creds.md]
//! articles_helped: [articles/cached-creds.md]
//! articles_not_helped: [articles/modern-auth.md]
//! ---
//!
//! ## Issue
//! …
//! ```
//!
//! `articles` lists every article used; whether one helped is given by the optional
//! `articles_helped` / `articles_not_helped` lists (an article in neither: not said). `product`
//! and `flow` are left out when empty, as are empty helped lists. Unknown keys (`extra`) follow,
//! sorted.
use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use super::{
    clean_line, clean_text, close_fences, create_unique, escape_headings, fmt_time, parse_numbered,
    parse_time, redact_field, redact_json, split_sections, unescape_headings, write_numbered,
    write_sections, yaml_json, yaml_key, yaml_list, yaml_str, FindingView, FrontMatterMap,
};
use crate::article::slugify;
use crate::error::{Error, Result};

/// How the ticket ended (also what the journal stores for each resolution).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
#[derive(TS)]
#[ts(rename = "RecordOutcome")]
pub enum Outcome {
    /// Fixed at this tier.
    #[default]
    Resolved,
    /// Handed to the next tier (an escalation packet is usually written beside the note).
    Escalated,
}

impl Outcome {
    /// Lowercase name used in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Escalated => "escalated",
        }
    }

    /// Parses `resolved` / `escalated` (also `escalate`, as flows write it).
    pub fn parse(s: &str) -> Option<Outcome> {
        match s.trim().to_ascii_lowercase().as_str() {
            "resolved" | "resolve" => Some(Outcome::Resolved),
            "escalated" | "escalate" => Some(Outcome::Escalated),
            _ => None,
        }
    }
}

/// A KB article consulted while working the ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArticleUse {
    /// KB-relative path (`articles/identity/sso-loop.md`).
    pub path: String,
    /// Whether it helped; `None` when not said.
    #[serde(default)]
    pub helped: Option<bool>,
}

/// A resolved-ticket note, as stored in `tickets/YYYY/<ticket>-<slug>.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketNote {
    /// Ticket id from the ticketing system (`INC-20417`).
    pub ticket: String,
    /// One-line title.
    pub title: String,
    /// Category (`identity`, `network`, …); may be empty.
    pub category: String,
    /// Product concerned.
    pub product: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// When the ticket was opened (offset kept as given).
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub opened: OffsetDateTime,
    /// When it was resolved or escalated (offset kept as given).
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub resolved: OffsetDateTime,
    /// Resolved or escalated.
    pub outcome: Outcome,
    /// KB path of the flow that was followed, if any.
    pub flow: Option<String>,
    /// Articles consulted.
    pub articles: Vec<ArticleUse>,
    /// Minutes from opened to resolved (or as entered).
    pub time_to_resolve_min: i64,
    /// `## Issue`: what the user reported.
    pub issue: String,
    /// `## Environment`.
    pub environment: String,
    /// `## Steps taken`, one entry per step (may be multi-line).
    pub steps: Vec<String>,
    /// `## Cause`.
    pub cause: String,
    /// `## Resolution`.
    pub resolution: String,
    /// Other front-matter keys, kept as-is.
    #[ts(type = "Record<string, unknown>")]
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

const HEADINGS: [&str; 5] = ["Issue", "Environment", "Steps taken", "Cause", "Resolution"];

/// Front-matter keys owned by [`TicketNote`]; `extra` cannot use them.
pub const NOTE_KEYS: &[&str] = &[
    "kind",
    "ticket",
    "title",
    "category",
    "product",
    "tags",
    "opened",
    "resolved",
    "outcome",
    "flow",
    "time_to_resolve_min",
    "articles",
    "articles_helped",
    "articles_not_helped",
];

impl TicketNote {
    /// The note as markdown: YAML front matter and the five sections (see the module docs).
    /// Free text is written as given, except that lines which would read as one of our section
    /// headings are escaped (`\## Cause`) and unclosed code fences are closed.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("---\n");
        let mut kv = |k: &str, v: String| {
            out.push_str(k);
            out.push_str(": ");
            out.push_str(&v);
            out.push('\n');
        };
        kv("kind", "ticket".into());
        kv("ticket", yaml_str(&self.ticket));
        kv("title", yaml_str(&self.title));
        kv("category", yaml_str(&self.category));
        if let Some(p) = &self.product {
            kv("product", yaml_str(p));
        }
        kv("tags", yaml_list(&self.tags));
        kv("opened", fmt_time(self.opened));
        kv("resolved", fmt_time(self.resolved));
        kv("outcome", self.outcome.as_str().into());
        if let Some(f) = &self.flow {
            kv("flow", yaml_str(f));
        }
        kv("time_to_resolve_min", self.time_to_resolve_min.to_string());
        let paths = |f: &dyn Fn(&ArticleUse) -> bool| -> Vec<String> {
            self.articles
                .iter()
                .filter(|a| f(a))
                .map(|a| a.path.clone())
                .collect()
        };
        kv("articles", yaml_list(&paths(&|_| true)));
        let helped = paths(&|a| a.helped == Some(true));
        if !helped.is_empty() {
            kv("articles_helped", yaml_list(&helped));
        }
        let not_helped = paths(&|a| a.helped == Some(false));
        if !not_helped.is_empty() {
            kv("articles_not_helped", yaml_list(&not_helped));
        }
        for (k, v) in &self.extra {
            if !NOTE_KEYS.contains(&k.as_str()) {
                kv(&yaml_key(k), yaml_json(v));
            }
        }
        out.push_str("---\n\n");
        let text = |t: &str| escape_headings(&close_fences(t), &HEADINGS);
        let steps: Vec<String> = self.steps.iter().map(|s| close_fences(s)).collect();
        write_sections(
            &mut out,
            &[
                (HEADINGS[0], text(&self.issue)),
                (HEADINGS[1], text(&self.environment)),
                (HEADINGS[2], write_numbered(&steps)),
                (HEADINGS[3], text(&self.cause)),
                (HEADINGS[4], text(&self.resolution)),
            ],
        );
        out
    }

    /// Reads a note written by [`TicketNote::to_markdown`] (or by hand in the same layout).
    /// `path` is only used in error messages.
    pub fn from_markdown(path: &str, source: &str) -> Result<TicketNote> {
        let (mut fm, body) = FrontMatterMap::read(path, source)?;
        let kind = fm.need_str("kind")?;
        if kind != "ticket" {
            return Err(Error::Invalid(format!(
                "{path}: kind is `{kind}`, not `ticket`"
            )));
        }
        let ticket = fm.need_str("ticket")?;
        let title = fm.need_str("title")?;
        let category = fm.take_str("category")?.unwrap_or_default();
        let product = fm.take_str("product")?;
        let tags = fm.take_list("tags")?;
        let opened = fm.need_time("opened")?;
        let resolved = fm.need_time("resolved")?;
        let outcome_s = fm.need_str("outcome")?;
        let outcome = Outcome::parse(&outcome_s)
            .ok_or_else(|| Error::Invalid(format!("{path}: unknown outcome `{outcome_s}`")))?;
        let flow = fm.take_str("flow")?;
        let time_to_resolve_min = match fm.take_i64("time_to_resolve_min")? {
            Some(m) => m,
            None => (resolved - opened).whole_minutes(),
        };
        let mut articles: Vec<ArticleUse> = fm
            .take_list("articles")?
            .into_iter()
            .map(|path| ArticleUse { path, helped: None })
            .collect();
        for (key, helped) in [("articles_helped", true), ("articles_not_helped", false)] {
            for p in fm.take_list(key)? {
                match articles.iter_mut().find(|a| a.path == p) {
                    Some(a) => a.helped = Some(helped),
                    None => articles.push(ArticleUse {
                        path: p,
                        helped: Some(helped),
                    }),
                }
            }
        }
        let extra = fm.rest()?;
        let body = body.strip_prefix('\n').unwrap_or(body);
        let s = split_sections(path, body, &HEADINGS)?;
        let text = |t: &String| unescape_headings(t, &HEADINGS);
        Ok(TicketNote {
            ticket,
            title,
            category,
            product,
            tags,
            opened,
            resolved,
            outcome,
            flow,
            articles,
            time_to_resolve_min,
            issue: text(&s[0]),
            environment: text(&s[1]),
            steps: parse_numbered(&s[2]),
            cause: text(&s[3]),
            resolution: text(&s[4]),
            extra,
        })
    }

    /// Where the note goes in the KB:
    /// `tickets/<YYYY of resolved>/<ticket, lowercase>-<slug of title, ≤ 60 chars>.md`.
    pub fn note_rel_path(&self) -> String {
        let ticket = file_part(&self.ticket.to_lowercase());
        let slug: String = file_part(&slugify(&self.title)).chars().take(60).collect();
        let slug = slug.trim_end_matches('-');
        let stem = match (ticket.is_empty(), slug.is_empty()) {
            (false, false) => format!("{ticket}-{slug}"),
            (false, true) => ticket,
            (true, false) => slug.to_string(),
            (true, true) => "ticket".into(),
        };
        format!("tickets/{}/{stem}.md", self.resolved.year())
    }
}

/// Keeps letters, digits, `_`; everything else becomes one `-`; no leading/trailing `-`.
fn file_part(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// What the record form (or the CLI) submits: the same fields as [`TicketNote`], as free text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct RecordDraft {
    /// Ticket id (required).
    pub ticket: String,
    /// Title (required).
    pub title: String,
    /// Category.
    pub category: String,
    /// Product (empty: none).
    pub product: String,
    /// Tags (trimmed, lowercased, de-duplicated).
    pub tags: Vec<String>,
    /// RFC 3339 (`2026-03-02T09:14:00+01:00`; a space for `T` and missing seconds accepted).
    pub opened: String,
    /// RFC 3339, not before `opened`.
    pub resolved: String,
    /// Resolved or escalated.
    pub outcome: Outcome,
    /// Flow followed (KB path), if any.
    pub flow: Option<String>,
    /// Articles used.
    pub articles: Vec<ArticleUse>,
    /// Override for the computed minutes from opened to resolved.
    pub time_to_resolve_min: Option<i64>,
    /// Issue.
    pub issue: String,
    /// Environment.
    pub environment: String,
    /// Steps taken, e.g. pre-filled from a flow transcript; empty entries are dropped.
    pub steps: Vec<String>,
    /// Cause.
    pub cause: String,
    /// Resolution (required).
    pub resolution: String,
    /// Other front-matter fields.
    #[ts(type = "Record<string, unknown>")]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A draft turned into a redacted note, ready to preview and write.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "PreparedRecord")]
pub struct Prepared {
    /// The note, redacted.
    pub note: TicketNote,
    /// `note.to_markdown()`, what [`write_note`] writes.
    pub markdown: String,
    /// Every finding, per field (`title`, `issue`, `steps[0]`, `extra.customer`, …).
    pub findings: Vec<FindingView>,
}

fn valid_kb_path(p: &str) -> bool {
    crate::fsutil::resolve_in_kb(Path::new("/kb"), p).is_ok() && !p.contains('\\')
}

/// Validates, normalises and redacts a draft. Medium-confidence findings whose exact value is in
/// `keep` stay in clear; high-confidence ones never do. All validation problems are reported
/// together in one [`Error::Invalid`].
pub fn prepare(draft: &RecordDraft, keep: &[String]) -> Result<Prepared> {
    let mut problems: Vec<String> = Vec::new();
    let ticket = clean_line(&draft.ticket);
    if ticket.is_empty() {
        problems.push("ticket id is required".into());
    } else if ticket.contains(' ') || ticket.chars().count() > 64 || file_part(&ticket).is_empty() {
        problems.push(format!(
            "ticket id `{ticket}` must be one word of at most 64 characters"
        ));
    }
    let title = clean_line(&draft.title);
    if title.is_empty() {
        problems.push("title is required".into());
    }
    let resolution = clean_text(&draft.resolution);
    if resolution.is_empty() {
        problems.push("resolution is required".into());
    }
    let opened = parse_time(&draft.opened);
    if opened.is_none() {
        problems.push(format!(
            "opened `{}` is not a date-time such as 2026-03-02T09:14:00+01:00",
            draft.opened.trim()
        ));
    }
    let resolved = parse_time(&draft.resolved);
    if resolved.is_none() {
        problems.push(format!(
            "resolved `{}` is not a date-time such as 2026-03-02T10:02:00+01:00",
            draft.resolved.trim()
        ));
    }
    if let (Some(o), Some(r)) = (opened, resolved) {
        if r < o {
            problems.push("resolved is before opened".into());
        }
    }
    if draft.time_to_resolve_min.is_some_and(|m| m < 0) {
        problems.push("time to resolve cannot be negative".into());
    }
    let flow = draft
        .flow
        .as_deref()
        .map(clean_line)
        .filter(|f| !f.is_empty());
    if let Some(f) = &flow {
        if !valid_kb_path(f) {
            problems.push(format!("flow `{f}` is not a KB markdown path"));
        }
    }
    let mut articles: Vec<ArticleUse> = Vec::new();
    for a in &draft.articles {
        let path = clean_line(&a.path);
        if !valid_kb_path(&path) {
            problems.push(format!("article `{path}` is not a KB markdown path"));
        } else if !articles.iter().any(|x| x.path == path) {
            articles.push(ArticleUse {
                path,
                helped: a.helped,
            });
        }
    }
    for k in draft.extra.keys() {
        if NOTE_KEYS.contains(&k.as_str()) {
            problems.push(format!(
                "extra field `{k}` clashes with a ticket-note field"
            ));
        }
    }
    let (Some(opened), Some(resolved)) = (opened, resolved) else {
        return Err(Error::Invalid(problems.join("; ")));
    };
    if !problems.is_empty() {
        return Err(Error::Invalid(problems.join("; ")));
    }

    let mut views = Vec::new();
    let mut line = |field: &str, text: &str| redact_field(field, text, keep, &mut views);
    let title = line("title", &title);
    let category = line("category", &clean_line(&draft.category));
    let product = Some(clean_line(&draft.product))
        .filter(|p| !p.is_empty())
        .map(|p| line("product", &p));
    let mut tags: Vec<String> = Vec::new();
    for (i, t) in draft.tags.iter().enumerate() {
        let t = clean_line(t).to_lowercase();
        let t = line(&format!("tags[{i}]"), &t);
        if !t.is_empty() && !tags.contains(&t) {
            tags.push(t);
        }
    }
    let issue = line("issue", &clean_text(&draft.issue));
    let environment = line("environment", &clean_text(&draft.environment));
    let steps: Vec<String> = draft
        .steps
        .iter()
        .map(|s| clean_text(s))
        .filter(|s| !s.is_empty())
        .enumerate()
        .map(|(i, s)| line(&format!("steps[{i}]"), &s))
        .collect();
    let cause = line("cause", &clean_text(&draft.cause));
    let resolution = line("resolution", &resolution);
    let extra = draft
        .extra
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                redact_json(&format!("extra.{k}"), v, keep, &mut views),
            )
        })
        .collect();

    let note = TicketNote {
        ticket,
        title,
        category,
        product,
        tags,
        opened,
        resolved,
        outcome: draft.outcome,
        flow,
        articles,
        time_to_resolve_min: draft
            .time_to_resolve_min
            .unwrap_or_else(|| (resolved - opened).whole_minutes()),
        issue,
        environment,
        steps,
        cause,
        resolution,
        extra,
    };
    let markdown = note.to_markdown();
    Ok(Prepared {
        note,
        markdown,
        findings: views,
    })
}

/// Writes the prepared note at [`TicketNote::note_rel_path`] under `kb_root`, atomically; if that
/// name is taken, as `…-2.md`, `…-3.md`. Never overwrites. Returns the KB-relative path written.
pub fn write_note(kb_root: &Path, prepared: &Prepared) -> Result<String> {
    create_unique(kb_root, &prepared.note.note_rel_path(), &prepared.markdown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::DocKind;

    fn draft() -> RecordDraft {
        RecordDraft {
            ticket: "INC-20417".into(),
            title: "Outlook: \"password\" prompt loops — café ✓".into(),
            category: "email".into(),
            product: "Outlook".into(),
            tags: vec!["Outlook".into(), " MFA ".into(), "outlook".into()],
            opened: "2026-03-02T09:14:00+01:00".into(),
            resolved: "2026-03-02 10:02+01:00".into(),
            outcome: Outcome::Resolved,
            flow: Some("flows/outlook-prompt.md".into()),
            articles: vec![
                ArticleUse { path: "articles/modern-auth.md".into(), helped: Some(false) },
                ArticleUse { path: "articles/cached-creds.md".into(), helped: Some(true) },
                ArticleUse { path: "runbooks/mfa.md".into(), helped: None },
            ],
            issue: "User jane@contoso.com: prompt loops.\r\n\r\n- leading dash\n\"quoted\" 'single' key: value\n\n```text\n## Environment\n## not a section\n```\n\n## Cause\n\\## Resolution\n".into(),
            environment: "Windows 11 23H2, build 10.0.22631.3296\nOutlook 16.0.17328.20162".into(),
            steps: vec![
                "Checked the sign-in log: `AADSTS50076`".into(),
                "".into(),
                "Cleared credentials:\n\n```\ncmdkey /list\ncmdkey /delete:MicrosoftOffice16_Data:SSPI:jane\n```".into(),
                "- started with a dash".into(),
            ],
            cause: "Stale token; the user typed password=Winter2026! in chat".into(),
            resolution: "Removed cached credentials.\nSigned in again: works.\n\n> quote ```".into(),
            extra: BTreeMap::from([
                ("customer".to_string(), serde_json::json!("Contoso Ltd")),
                ("priority".to_string(), serde_json::json!(3)),
                ("ms.custom".to_string(), serde_json::json!(["a: b", "c"])),
            ]),
            ..RecordDraft::default()
        }
    }

    #[test]
    fn prepare_redacts_and_round_trips_exactly() {
        let p = prepare(&draft(), &[]).unwrap();
        let n = &p.note;
        assert_eq!(n.tags, vec!["outlook", "mfa"]);
        assert_eq!(n.time_to_resolve_min, 48);
        assert!(n
            .issue
            .contains("User [REDACTED:email]: prompt loops.\n\n- leading dash"));
        assert!(n.cause.contains("password=[REDACTED:password] in chat"));
        assert!(
            n.environment.contains("10.0.22631.3296"),
            "a build number is not an IP"
        );
        assert_eq!(n.steps.len(), 3);
        let fields: Vec<_> = p
            .findings
            .iter()
            .map(|f| (f.field.as_str(), f.finding.rule))
            .collect();
        assert_eq!(fields, vec![("issue", "email"), ("cause", "password")]);
        assert!(p.markdown.contains("resolved: 2026-03-02T10:02:00+01:00\n"));
        assert!(
            p.markdown.contains("\n\\## Cause\n\\\\## Resolution\n"),
            "{}",
            p.markdown
        );

        let back = TicketNote::from_markdown("x.md", &p.markdown).unwrap();
        assert_eq!(&back, n);
        assert_eq!(back.to_markdown(), p.markdown);
    }

    #[test]
    fn keep_list_applies_to_medium_findings_only() {
        let p = prepare(&draft(), &["jane@contoso.com".into(), "Winter2026!".into()]).unwrap();
        assert!(p.note.issue.contains("jane@contoso.com"));
        assert!(!p.markdown.contains("Winter2026!"));
        assert!(p
            .findings
            .iter()
            .any(|f| f.kept && f.finding.rule == "email"));
        assert!(p
            .findings
            .iter()
            .any(|f| !f.kept && f.finding.rule == "password"));
    }

    #[test]
    fn tricky_notes_round_trip() {
        let base = prepare(&draft(), &[]).unwrap().note;
        let variants = [
            TicketNote {
                product: None,
                flow: None,
                tags: vec![],
                articles: vec![],
                steps: vec![],
                cause: String::new(),
                extra: BTreeMap::new(),
                ..base.clone()
            },
            TicketNote {
                environment: "---\n...\n# h1\n  ## indented".into(),
                steps: (1..=11).map(|i| format!("s{i}\n  more")).collect(),
                ..base.clone()
            },
            TicketNote {
                title: "yes".into(),
                category: "2026".into(),
                ticket: "12345".into(),
                ..base.clone()
            },
            TicketNote {
                issue: "```\nunclosed? no: closed\n```\n~~~\n## Issue\n~~~".into(),
                ..base.clone()
            },
        ];
        for n in variants {
            let md = n.to_markdown();
            let back =
                TicketNote::from_markdown("x.md", &md).unwrap_or_else(|e| panic!("{e}\n{md}"));
            assert_eq!(back, n, "{md}");
            assert_eq!(back.to_markdown(), md);
            let (a, problems) = crate::markdown::parse_article("tickets/2026/x.md", md);
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(a.kind, DocKind::Ticket);
        }
    }

    #[test]
    fn validation_reports_every_problem() {
        let d = RecordDraft {
            opened: "2026-03-02T10:00:00Z".into(),
            resolved: "2026-03-02T09:00:00Z".into(),
            articles: vec![ArticleUse {
                path: "../etc/passwd.md".into(),
                helped: None,
            }],
            ..RecordDraft::default()
        };
        let e = prepare(&d, &[]).unwrap_err();
        assert_eq!(e.code(), "invalid");
        let msg = e.to_string();
        for part in [
            "ticket id is required",
            "title is required",
            "resolution is required",
            "resolved is before opened",
            "../etc/passwd.md",
        ] {
            assert!(msg.contains(part), "{msg}");
        }
        let bad_time = RecordDraft {
            resolved: "tomorrow".into(),
            ..draft()
        };
        assert!(prepare(&bad_time, &[])
            .unwrap_err()
            .to_string()
            .contains("tomorrow"));
    }

    #[test]
    fn note_paths() {
        let mut n = prepare(&draft(), &[]).unwrap().note;
        assert_eq!(
            n.note_rel_path(),
            "tickets/2026/inc-20417-outlook-password-prompt-loops-café.md"
        );
        n.title = "A very long title ".repeat(10);
        let p = n.note_rel_path();
        let stem = p
            .strip_prefix("tickets/2026/inc-20417-")
            .unwrap()
            .strip_suffix(".md")
            .unwrap();
        assert!(stem.chars().count() <= 60 && !stem.ends_with('-'), "{stem}");
    }

    #[test]
    fn write_never_overwrites_and_reparses() {
        let dir = tempfile::tempdir().unwrap();
        let p = prepare(&draft(), &[]).unwrap();
        let first = write_note(dir.path(), &p).unwrap();
        let second = write_note(dir.path(), &p).unwrap();
        let third = write_note(dir.path(), &p).unwrap();
        assert_eq!(first, p.note.note_rel_path());
        assert_eq!(second, first.replace(".md", "-2.md"));
        assert_eq!(third, first.replace(".md", "-3.md"));
        for rel in [&first, &second] {
            let text = std::fs::read_to_string(dir.path().join(rel)).unwrap();
            assert_eq!(text, p.markdown);
            let (a, problems) = crate::markdown::parse_article(rel, text.clone());
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(a.kind, DocKind::Ticket);
            assert_eq!(a.meta.ticket.as_deref(), Some("INC-20417"));
            assert_eq!(a.title, p.note.title);
            assert_eq!(TicketNote::from_markdown(rel, &text).unwrap(), p.note);
        }
    }

    #[test]
    fn fixture_note_parses() {
        let src =
            include_str!("../../../../tests/fixtures/record/tickets/2026/inc-20417-vpn-drops.md");
        let n = TicketNote::from_markdown("fixture.md", src).unwrap();
        assert_eq!(n.ticket, "INC-20417");
        assert_eq!(n.steps.len(), 2);
        assert_eq!(n.articles[0].helped, Some(true));
        assert_eq!(n.to_markdown(), src);
    }
}
