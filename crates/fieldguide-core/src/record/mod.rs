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
//! The private helpers below are the markdown/YAML writing and reading shared by notes and
//! escalations. They are deliberately strict about the layout we write, so that a note we wrote
//! reads back to exactly the same value and re-renders to exactly the same bytes.
use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use ts_rs::TS;

use crate::error::{Error, Result};

pub mod checklist;
pub mod escalation;
pub mod lifecycle;
pub mod note;
pub mod redact;
pub mod review;

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

// ---------------------------------------------------------------------------------------------
// Text normalisation
// ---------------------------------------------------------------------------------------------

/// Multi-line free text as we store it: `\n` line endings, no trailing whitespace at the end,
/// no leading blank lines, every code fence closed.
pub(crate) fn clean_text(text: &str) -> String {
    let t = text.replace("\r\n", "\n").replace('\r', "\n");
    let t = t.trim_end();
    let t = t.trim_start_matches(['\n', ' ', '\t']);
    close_fences(t)
}

/// One-line text: every run of whitespace (newlines included) becomes one space; trimmed.
pub(crate) fn clean_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Tracks CommonMark fenced code blocks line by line.
#[derive(Default)]
pub(crate) struct Fence {
    open: Option<(char, usize)>,
}

impl Fence {
    /// Feeds one line; returns true if the line is inside a fence or is a fence line.
    pub(crate) fn feed(&mut self, line: &str) -> bool {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        let ch = rest.chars().next();
        let run = |c: char| rest.len() - rest.trim_start_matches(c).len();
        match self.open {
            Some((c, n)) => {
                if indent <= 3 && ch == Some(c) && run(c) >= n && rest[run(c)..].trim().is_empty() {
                    self.open = None;
                }
                true
            }
            None => {
                if indent <= 3 {
                    for c in ['`', '~'] {
                        if ch == Some(c)
                            && run(c) >= 3
                            && !(c == '`' && rest[run(c)..].contains('`'))
                        {
                            self.open = Some((c, run(c)));
                            return true;
                        }
                    }
                }
                false
            }
        }
    }

    fn closing(&self) -> Option<String> {
        self.open.map(|(c, n)| std::iter::repeat_n(c, n).collect())
    }
}

/// Appends a closing fence if `text` leaves a code fence open (so it cannot swallow the rest of
/// the document).
pub(crate) fn close_fences(text: &str) -> String {
    let mut f = Fence::default();
    text.split('\n').for_each(|l| {
        f.feed(l);
    });
    match f.closing() {
        Some(close) => format!("{text}\n{close}"),
        None => text.to_string(),
    }
}

/// Wraps `text` in a backtick fence longer than any backtick run inside, so nothing in it can
/// close the block (pasted logs cannot inject markdown or HTML).
pub(crate) fn fenced(info: &str, text: &str) -> String {
    let mut longest = 0;
    let mut cur = 0;
    for c in text.chars() {
        if c == '`' {
            cur += 1;
            longest = longest.max(cur);
        } else {
            cur = 0;
        }
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}{info}\n{text}\n{fence}")
}

/// Reads a block written by [`fenced`] at the start of `s`: (content, rest after the block).
pub(crate) fn read_fenced(s: &str) -> Option<(&str, &str)> {
    let n = s.len() - s.trim_start_matches('`').len();
    if n < 3 {
        return None;
    }
    let first_nl = s.find('\n')?;
    let fence = &s[..n];
    let body_start = first_nl + 1;
    let mut pos = body_start;
    loop {
        let end = s[pos..].find('\n').map(|i| pos + i).unwrap_or(s.len());
        if &s[pos..end] == fence {
            let content = if pos == body_start {
                ""
            } else {
                &s[body_start..pos - 1]
            };
            return Some((content, &s[end..]));
        }
        if end == s.len() {
            return None;
        }
        pos = end + 1;
    }
}

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

fn is_heading_like(line: &str, headings: &[&str]) -> bool {
    line.trim_start_matches('\\')
        .strip_prefix("## ")
        .is_some_and(|h| headings.contains(&h))
}

/// Escapes lines outside code fences that would read as one of our section headings
/// (`## Cause` → `\## Cause`), so free text cannot split the document.
pub(crate) fn escape_headings(text: &str, headings: &[&str]) -> String {
    let mut f = Fence::default();
    text.split('\n')
        .map(|l| {
            if !f.feed(l) && is_heading_like(l, headings) {
                format!("\\{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reverses [`escape_headings`].
pub(crate) fn unescape_headings(text: &str, headings: &[&str]) -> String {
    let mut f = Fence::default();
    text.split('\n')
        .map(|l| {
            if !f.feed(l) && l.starts_with('\\') && is_heading_like(l, headings) {
                l[1..].to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes `## heading` sections: `## H\n\n<text>\n` (or `## H\n` when empty), separated by a
/// blank line. `texts` are written as given (escape them first).
pub(crate) fn write_sections(out: &mut String, sections: &[(&str, String)]) {
    for (i, (h, t)) in sections.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("## ");
        out.push_str(h);
        out.push('\n');
        if !t.is_empty() {
            out.push('\n');
            out.push_str(t);
            out.push('\n');
        }
    }
}

/// Splits a body written by [`write_sections`] back into the section texts, in order. Headings
/// are exact `## H` lines outside code fences, in the given order.
pub(crate) fn split_sections(path: &str, body: &str, headings: &[&str]) -> Result<Vec<String>> {
    let mut marks: Vec<(usize, usize)> = Vec::new(); // (line start, content start)
    let mut f = Fence::default();
    let mut pos = 0;
    for line in body.split('\n') {
        let next = pos + line.len() + 1;
        if !f.feed(line)
            && marks.len() < headings.len()
            && line == format!("## {}", headings[marks.len()])
        {
            marks.push((pos, next.min(body.len())));
        }
        pos = next;
    }
    if marks.len() < headings.len() {
        return Err(Error::Invalid(format!(
            "{path}: missing section `## {}`",
            headings[marks.len()]
        )));
    }
    let mut out = Vec::with_capacity(headings.len());
    for (i, &(_, start)) in marks.iter().enumerate() {
        let last = i + 1 == marks.len();
        let end = if last { body.len() } else { marks[i + 1].0 };
        let mut chunk = &body[start..end];
        if !last {
            chunk = chunk.strip_suffix('\n').unwrap_or(chunk);
        }
        let text = match chunk.strip_prefix('\n').and_then(|c| c.strip_suffix('\n')) {
            Some(t) => t.to_string(),
            None => chunk.trim().to_string(),
        };
        out.push(text);
    }
    Ok(out)
}

/// A numbered list (`1. a` …), continuation lines indented under the marker.
pub(crate) fn write_numbered(items: &[String]) -> String {
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let marker = format!("{}. ", i + 1);
        let pad = " ".repeat(marker.len());
        for (j, line) in item.split('\n').enumerate() {
            if j == 0 {
                out.push(format!("{marker}{line}"));
            } else if line.is_empty() {
                out.push(String::new());
            } else {
                out.push(format!("{pad}{line}"));
            }
        }
    }
    out.join("\n")
}

/// Reads a list written by [`write_numbered`] (also accepts `-`/`*` bullets written by people).
pub(crate) fn parse_numbered(text: &str) -> Vec<String> {
    let mut items: Vec<Vec<String>> = Vec::new();
    let mut pad = 0;
    for line in text.split('\n') {
        let marker = format!("{}. ", items.len() + 1);
        if let Some(rest) = line.strip_prefix(&marker) {
            items.push(vec![rest.to_string()]);
            pad = marker.len();
        } else if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            items.push(vec![rest.to_string()]);
            pad = 2;
        } else if let Some(cur) = items.last_mut() {
            let l = if line.len() >= pad && line[..pad].trim().is_empty() {
                &line[pad..]
            } else {
                line.trim_start()
            };
            cur.push(l.to_string());
        } else if !line.trim().is_empty() {
            items.push(vec![line.trim().to_string()]);
        }
    }
    items
        .into_iter()
        .map(|lines| lines.join("\n").trim_end().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// YAML front matter
// ---------------------------------------------------------------------------------------------

const RESERVED: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
];

/// A string as a YAML scalar: plain when unambiguous (for us and for YAML 1.1 readers), else
/// double-quoted with JSON-compatible escapes.
pub(crate) fn yaml_str(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_alphabetic())
        && s.chars()
            .all(|c| c.is_alphanumeric() || " ._/+@()-".contains(c))
        && !s.ends_with(' ')
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str())
        && matches!(serde_norway::from_str::<serde_norway::Value>(s),
                    Ok(serde_norway::Value::String(ref p)) if p == s);
    if plain {
        s.to_string()
    } else {
        yaml_quote(s)
    }
}

fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20
                || (0x7f..=0x9f).contains(&(c as u32))
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A flow list `[a, b]` of YAML scalars.
pub(crate) fn yaml_list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| yaml_str(s))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Any JSON value as YAML (strings as [`yaml_str`], the rest as JSON flow syntax).
pub(crate) fn yaml_json(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => yaml_str(s),
        serde_json::Value::Null => "null".into(),
        other => other.to_string(),
    }
}

/// A key: plain if it is a simple identifier, else quoted.
pub(crate) fn yaml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
    {
        k.to_string()
    } else {
        yaml_quote(k)
    }
}

/// RFC 3339 with the original offset (offsets with seconds, which RFC 3339 cannot carry, are
/// converted to UTC).
pub(crate) fn fmt_time(t: OffsetDateTime) -> String {
    t.format(&Rfc3339)
        .or_else(|_| t.to_offset(time::UtcOffset::UTC).format(&Rfc3339))
        .unwrap_or_default()
}

/// Parses a timestamp from a form: RFC 3339, also with a space for `T` or without seconds.
pub(crate) fn parse_time(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    let mut t = s.replacen(' ', "T", 1);
    // `2026-03-02T09:14+01:00` → add seconds.
    if t.len() >= 16
        && t.as_bytes()
            .get(16)
            .is_none_or(|b| !b.is_ascii_digit() && *b != b':')
    {
        t.insert_str(16, ":00");
    }
    OffsetDateTime::parse(&t, &Rfc3339).ok()
}

/// Front matter read as a YAML mapping, consumed field by field.
pub(crate) struct FrontMatterMap {
    path: String,
    map: serde_norway::Mapping,
}

impl FrontMatterMap {
    /// Reads the front matter of `source` with [`crate::markdown::front_matter_block`]; returns
    /// it and the body after it.
    pub(crate) fn read<'a>(path: &str, source: &'a str) -> Result<(Self, &'a str)> {
        let (yaml, range, first_line) =
            crate::markdown::front_matter_block(source).ok_or_else(|| Error::FrontMatter {
                path: path.into(),
                line: 1,
                message: "no front matter".into(),
            })?;
        let value: serde_norway::Value =
            serde_norway::from_str(&yaml).map_err(|e| Error::FrontMatter {
                path: path.into(),
                line: first_line + e.location().map(|l| l.line()).unwrap_or(1) - 1,
                message: e.to_string(),
            })?;
        let map = match value {
            serde_norway::Value::Mapping(m) => m,
            _ => {
                return Err(Error::FrontMatter {
                    path: path.into(),
                    line: first_line,
                    message: "front matter must be a mapping".into(),
                })
            }
        };
        Ok((
            FrontMatterMap {
                path: path.to_string(),
                map,
            },
            &source[range.end..],
        ))
    }

    fn bad(&self, key: &str, what: &str) -> Error {
        Error::FrontMatter {
            path: self.path.clone().into(),
            line: 0,
            message: format!("`{key}` must be {what}"),
        }
    }

    /// Removes and returns a string field (numbers and booleans are read as text).
    pub(crate) fn take_str(&mut self, key: &str) -> Result<Option<String>> {
        use serde_norway::Value as Y;
        match self.map.remove(key) {
            None | Some(Y::Null) => Ok(None),
            Some(Y::String(s)) => Ok(Some(s)),
            Some(Y::Number(n)) => Ok(Some(n.to_string())),
            Some(Y::Bool(b)) => Ok(Some(b.to_string())),
            Some(_) => Err(self.bad(key, "text")),
        }
    }

    /// Removes a required string field.
    pub(crate) fn need_str(&mut self, key: &str) -> Result<String> {
        self.take_str(key)?.ok_or_else(|| self.bad(key, "present"))
    }

    /// Removes a list of strings (a single string is a one-item list).
    pub(crate) fn take_list(&mut self, key: &str) -> Result<Vec<String>> {
        use serde_norway::Value as Y;
        match self.map.remove(key) {
            None | Some(Y::Null) => Ok(vec![]),
            Some(Y::String(s)) => Ok(vec![s]),
            Some(Y::Sequence(items)) => items
                .into_iter()
                .map(|v| match v {
                    Y::String(s) => Ok(s),
                    Y::Number(n) => Ok(n.to_string()),
                    _ => Err(self.bad(key, "a list of text")),
                })
                .collect(),
            Some(_) => Err(self.bad(key, "a list of text")),
        }
    }

    /// Removes an integer field.
    pub(crate) fn take_i64(&mut self, key: &str) -> Result<Option<i64>> {
        use serde_norway::Value as Y;
        match self.map.remove(key) {
            None | Some(Y::Null) => Ok(None),
            Some(Y::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| self.bad(key, "a whole number")),
            Some(Y::String(s)) => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| self.bad(key, "a whole number")),
            Some(_) => Err(self.bad(key, "a whole number")),
        }
    }

    /// Removes a required RFC 3339 timestamp.
    pub(crate) fn need_time(&mut self, key: &str) -> Result<OffsetDateTime> {
        let s = self.need_str(key)?;
        parse_time(&s).ok_or_else(|| self.bad(key, "an RFC 3339 timestamp"))
    }

    /// Every key not taken yet, as JSON.
    pub(crate) fn rest(self) -> Result<BTreeMap<String, serde_json::Value>> {
        let mut out = BTreeMap::new();
        for (k, v) in self.map {
            let key = match k {
                serde_norway::Value::String(s) => s,
                other => serde_json::to_value(&other)
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            };
            let value = serde_json::to_value(&v).map_err(|e| Error::FrontMatter {
                path: self.path.clone().into(),
                line: 0,
                message: format!("`{key}`: {e}"),
            })?;
            out.insert(key, value);
        }
        Ok(out)
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
    Err(Error::Invalid(format!("no free file name for {rel}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_strings_round_trip() {
        for s in [
            "plain text",
            "Outlook: password prompt",
            "\"quoted\" and 'single'",
            "- leading dash",
            "#hash",
            "yes",
            "No",
            "null",
            "2026",
            "1.0",
            "café ünïcode ✓ 漢字",
            "line\nbreak",
            "tab\there",
            "trailing ",
            " leading",
            "",
            "a, b [c] {d}",
            "back\\slash",
            "\u{2028}sep\u{7f}\u{85}",
            "@at",
            "`tick`",
            "%percent",
            "&anchor *alias !tag |pipe >fold",
            "articles/x.md",
        ] {
            let y = format!(
                "k: {}\nl: {}\n",
                yaml_str(s),
                yaml_list(&[s.to_string(), "x".into()])
            );
            let v: serde_norway::Value =
                serde_norway::from_str(&y).unwrap_or_else(|e| panic!("{y}: {e}"));
            assert_eq!(v["k"], serde_norway::Value::String(s.into()), "{y}");
            assert_eq!(v["l"][0], serde_norway::Value::String(s.into()), "{y}");
        }
        assert_eq!(yaml_str("articles/x.md"), "articles/x.md");
        assert_eq!(yaml_str("yes"), "\"yes\"");
    }

    #[test]
    fn fences_are_closed_and_tracked() {
        assert_eq!(close_fences("a\n```sh\nls"), "a\n```sh\nls\n```");
        assert_eq!(close_fences("a\n````\n```\nx"), "a\n````\n```\nx\n````");
        assert_eq!(close_fences("```\nx\n```"), "```\nx\n```");
        let f = fenced("text", "a ```` b\n```");
        assert!(f.starts_with("`````text\n"));
        assert_eq!(read_fenced(&f), Some(("a ```` b\n```", "")));
        assert_eq!(read_fenced("```\n```\nrest"), Some(("", "\nrest")));
    }

    #[test]
    fn numbered_lists_round_trip() {
        let items: Vec<String> = (1..=12)
            .map(|i| format!("step {i}\nsecond line\n\n  indented {i}"))
            .collect();
        assert_eq!(parse_numbered(&write_numbered(&items)), items);
    }

    #[test]
    fn times_parse_leniently() {
        let t = parse_time("2026-03-02 09:14+01:00").unwrap();
        assert_eq!(fmt_time(t), "2026-03-02T09:14:00+01:00");
        assert!(parse_time("yesterday").is_none());
    }
}
