//! Escalation packets: what goes to the next tier when a ticket cannot be fixed here — summary,
//! severity and impact, environment, reproduction, evidence (request ids, timestamps, pasted
//! logs), what was already tried and the suspected cause. Redacted like ticket notes (logs
//! included: tokens in logs are the classic leak) and saved beside the ticket note as
//! `<note stem>.escalation.md`.
//!
//! Severity uses `sev1`…`sev4` (`critical`, `high`, `medium`, `low` are accepted as aliases):
//! - `sev1`: outage or data loss for many users, no workaround;
//! - `sev2`: a major function degraded for many users, or blocked for one team, no workaround;
//! - `sev3`: degraded with a workaround, or one user blocked;
//! - `sev4`: minor, cosmetic or a question.
//!
//! Evidence is always written inside fenced code blocks whose fence is longer than any backtick
//! run in the content, so pasted logs can neither close the block nor inject markdown or HTML.
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use super::checklist::{check_packet, missing_required, Checklist, ItemCheck};
use super::{
    clean_line, clean_text, close_fences, create_unique, escape_headings, fenced, fmt_time,
    parse_numbered, read_fenced, redact_field, split_sections, unescape_headings, write_numbered,
    write_sections, yaml_list, yaml_str, FindingView, FrontMatterMap,
};
use crate::error::{Error, Result};

/// How bad it is (see the module docs for the scale).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize, TS,
)]
#[serde(rename_all = "lowercase")]
pub enum EscalationSeverity {
    /// Outage or data loss, many users, no workaround.
    #[serde(alias = "critical")]
    Sev1,
    /// Major function degraded, no workaround.
    #[serde(alias = "high")]
    Sev2,
    /// Degraded with a workaround, or one user blocked.
    #[default]
    #[serde(alias = "medium")]
    Sev3,
    /// Minor or cosmetic.
    #[serde(alias = "low")]
    Sev4,
}

impl EscalationSeverity {
    /// `sev1` … `sev4`.
    pub fn as_str(self) -> &'static str {
        match self {
            EscalationSeverity::Sev1 => "sev1",
            EscalationSeverity::Sev2 => "sev2",
            EscalationSeverity::Sev3 => "sev3",
            EscalationSeverity::Sev4 => "sev4",
        }
    }

    /// What the level means, one line.
    pub fn description(self) -> &'static str {
        match self {
            EscalationSeverity::Sev1 => "critical: outage or data loss, no workaround",
            EscalationSeverity::Sev2 => "high: major function degraded, no workaround",
            EscalationSeverity::Sev3 => "medium: degraded with a workaround, or one user blocked",
            EscalationSeverity::Sev4 => "low: minor or cosmetic",
        }
    }

    /// Parses `sev1`…`sev4`, `1`…`4` or `critical`/`high`/`medium`/`low`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sev1" | "1" | "critical" => Some(EscalationSeverity::Sev1),
            "sev2" | "2" | "high" => Some(EscalationSeverity::Sev2),
            "sev3" | "3" | "medium" => Some(EscalationSeverity::Sev3),
            "sev4" | "4" | "low" => Some(EscalationSeverity::Sev4),
            _ => None,
        }
    }
}

/// What the next tier needs to find the problem in their own logs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Evidence {
    /// Request / correlation ids, one per entry.
    pub request_ids: Vec<String>,
    /// Timestamps of failures (as text, with their time zone).
    pub timestamps: Vec<String>,
    /// Pasted log excerpts, kept verbatim (after redaction) in a fenced block.
    pub logs: String,
    /// Names of files sent with the packet (`capture.har`, `outlook.log`), one per entry.
    pub attachments: Vec<String>,
}

/// An escalation packet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EscalationPacket {
    /// Ticket id (required).
    pub ticket: String,
    /// One-line title (required).
    pub title: String,
    /// What is wrong, in a few lines (required).
    pub summary: String,
    /// Severity.
    #[serde(default)]
    pub severity: EscalationSeverity,
    /// Who/what is affected and how badly.
    #[serde(default)]
    pub impact: String,
    /// Environment.
    #[serde(default)]
    pub environment: String,
    /// Steps to reproduce.
    #[serde(default)]
    pub reproduction: Vec<String>,
    /// Evidence.
    #[serde(default)]
    pub evidence: Evidence,
    /// What was already tried (e.g. the flow path taken).
    #[serde(default)]
    pub tried: Vec<String>,
    /// Suspected cause.
    #[serde(default)]
    pub suspected_cause: String,
    /// KB path of the flow followed, if any.
    #[serde(default)]
    pub flow: Option<String>,
    /// The team it is sent to (from the flow's escalate outcome or the checklist).
    #[serde(default)]
    pub team: Option<String>,
    /// Category of the problem (from the checklist or the ticket note).
    #[serde(default)]
    pub category: Option<String>,
    /// KB path of the evidence checklist the packet is checked against.
    #[serde(default)]
    pub checklist: Option<String>,
    /// Checklist item ids the technician ticks as provided (e.g. sent outside the packet).
    /// An input only: folded into `checks` by [`prepare_escalation_with`].
    #[serde(default)]
    pub confirmed: Vec<String>,
    /// Item id → why it cannot be provided. An input only, folded into `checks`.
    #[serde(default)]
    pub unavailable: BTreeMap<String, String>,
    /// Every checklist item judged against the packet at send (empty without a checklist).
    #[serde(default)]
    pub checks: Vec<ItemCheck>,
    /// When the packet was created.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
}

const HEADINGS: [&str; 7] = [
    "Summary",
    "Severity and impact",
    "Environment",
    "Reproduction steps",
    "Evidence",
    "Already tried",
    "Suspected cause",
];

/// The section written after the others when the packet has a checklist.
const CHECKLIST_HEADING: &str = "Evidence checklist";

const NONE_GIVEN: &str = "None given.";

static CHECK_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^- \[([ x])\] (.*?) \(`([^`]+)`, (required|optional)\): (.*)$").unwrap()
});

fn checks_section(path: &str, checks: &[ItemCheck]) -> String {
    let required = checks.iter().filter(|c| c.required).count();
    let provided = checks.iter().filter(|c| c.required && c.provided).count();
    let mut out =
        format!("Checked against `{path}`: {provided} of {required} required items provided.\n");
    for c in checks {
        out.push_str(&format!(
            "\n- [{}] {} (`{}`, {}): {}",
            if c.provided { 'x' } else { ' ' },
            c.label,
            c.id,
            if c.required { "required" } else { "optional" },
            c.reason
        ));
    }
    out
}

fn parse_checks(text: &str) -> Vec<ItemCheck> {
    text.lines()
        .filter_map(|l| CHECK_LINE.captures(l))
        .map(|c| ItemCheck {
            id: c[3].to_string(),
            label: c[2].to_string(),
            required: &c[4] == "required",
            provided: &c[1] == "x",
            reason: c[5].to_string(),
        })
        .collect()
}

fn severity_line(s: EscalationSeverity) -> String {
    format!("**Severity:** {} ({})", s.as_str(), s.description())
}

fn evidence_block(items: &str, empty: bool) -> String {
    if empty {
        NONE_GIVEN.to_string()
    } else {
        fenced("text", items)
    }
}

impl EscalationPacket {
    /// The packet as markdown: front matter (`kind: escalation`, `ticket`, `title`, `severity`,
    /// `flow`, `created`) and the sections Summary, Severity and impact, Environment,
    /// Reproduction steps, Evidence (`### Request ids`, `### Timestamps`, `### Logs`, each fenced),
    /// Already tried, Suspected cause.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("---\n");
        out.push_str("kind: escalation\n");
        out.push_str(&format!("ticket: {}\n", yaml_str(&self.ticket)));
        out.push_str(&format!("title: {}\n", yaml_str(&self.title)));
        out.push_str(&format!("severity: {}\n", self.severity.as_str()));
        if let Some(f) = &self.flow {
            out.push_str(&format!("flow: {}\n", yaml_str(f)));
        }
        for (k, v) in [
            ("team", &self.team),
            ("category", &self.category),
            ("checklist", &self.checklist),
        ] {
            if let Some(v) = v {
                out.push_str(&format!("{k}: {}\n", yaml_str(v)));
            }
        }
        out.push_str(&format!("created: {}\n", fmt_time(self.created)));
        if self.checklist.is_some() {
            out.push_str(&format!(
                "evidence_missing: {}\n",
                yaml_list(&missing_required(&self.checks))
            ));
        }
        out.push_str("---\n\n");
        let text = |t: &str| escape_headings(&close_fences(t), &HEADINGS);
        let mut impact = severity_line(self.severity);
        let imp = text(&self.impact);
        if !imp.is_empty() {
            impact.push_str("\n\n");
            impact.push_str(&imp);
        }
        let one_per_line = |v: &[String]| {
            v.iter()
                .map(|s| clean_line(s))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let ev = &self.evidence;
        let mut evidence = format!(
            "### Request ids\n\n{}\n\n### Timestamps\n\n{}\n\n### Logs\n\n{}",
            evidence_block(&one_per_line(&ev.request_ids), ev.request_ids.is_empty()),
            evidence_block(&one_per_line(&ev.timestamps), ev.timestamps.is_empty()),
            evidence_block(&ev.logs, ev.logs.is_empty()),
        );
        if !ev.attachments.is_empty() {
            evidence.push_str("\n\n### Attachments\n\n");
            evidence.push_str(&fenced("text", &one_per_line(&ev.attachments)));
        }
        let list =
            |v: &[String]| write_numbered(&v.iter().map(|s| close_fences(s)).collect::<Vec<_>>());
        let mut sections = vec![
            (HEADINGS[0], text(&self.summary)),
            (HEADINGS[1], impact),
            (HEADINGS[2], text(&self.environment)),
            (HEADINGS[3], list(&self.reproduction)),
            (HEADINGS[4], evidence),
            (HEADINGS[5], list(&self.tried)),
            (HEADINGS[6], text(&self.suspected_cause)),
        ];
        if let Some(c) = &self.checklist {
            sections.push((CHECKLIST_HEADING, checks_section(c, &self.checks)));
        }
        write_sections(&mut out, &sections);
        out
    }

    /// Reads a packet written by [`EscalationPacket::to_markdown`].
    pub fn from_markdown(path: &str, source: &str) -> Result<EscalationPacket> {
        let bad = |what: &str| Error::Invalid(format!("{path}: {what}"));
        let (mut fm, body) = FrontMatterMap::read(path, source)?;
        if fm.need_str("kind")? != "escalation" {
            return Err(bad("not an escalation (`kind: escalation`)"));
        }
        let ticket = fm.need_str("ticket")?;
        let title = fm.need_str("title")?;
        let sev = fm.need_str("severity")?;
        let severity = EscalationSeverity::parse(&sev).ok_or_else(|| bad("unknown severity"))?;
        let flow = fm.take_str("flow")?;
        let team = fm.take_str("team")?;
        let category = fm.take_str("category")?;
        let checklist = fm.take_str("checklist")?;
        let created = fm.need_time("created")?;
        let body = body.strip_prefix('\n').unwrap_or(body);
        let mut headings = HEADINGS.to_vec();
        if checklist.is_some() {
            headings.push(CHECKLIST_HEADING);
        }
        let s = split_sections(path, body, &headings)?;
        let text = |t: &str| unescape_headings(t, &HEADINGS);

        let impact_raw = s[1].split_once('\n').map(|(_, rest)| rest).unwrap_or("");
        let impact = text(impact_raw.strip_prefix('\n').unwrap_or(impact_raw));

        let mut rest = s[4].as_str();
        let mut blocks = Vec::new();
        for h in ["### Request ids", "### Timestamps", "### Logs"] {
            rest = rest.trim_start_matches('\n');
            rest = rest
                .strip_prefix(h)
                .ok_or_else(|| bad(&format!("evidence lacks `{h}`")))?
                .trim_start_matches('\n');
            if let Some(after) = rest.strip_prefix(NONE_GIVEN) {
                blocks.push(String::new());
                rest = after;
            } else {
                let (content, after) =
                    read_fenced(rest).ok_or_else(|| bad("unclosed evidence block"))?;
                blocks.push(content.to_string());
                rest = after;
            }
        }
        let mut attachments = String::new();
        if let Some(r) = rest
            .trim_start_matches('\n')
            .strip_prefix("### Attachments")
        {
            let (content, _) = read_fenced(r.trim_start_matches('\n'))
                .ok_or_else(|| bad("unclosed attachments block"))?;
            attachments = content.to_string();
        }
        let lines = |b: &str| -> Vec<String> {
            b.split('\n')
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        };
        Ok(EscalationPacket {
            ticket,
            title,
            summary: text(&s[0]),
            severity,
            impact,
            environment: text(&s[2]),
            reproduction: parse_numbered(&s[3]),
            evidence: Evidence {
                request_ids: lines(&blocks[0]),
                timestamps: lines(&blocks[1]),
                logs: blocks[2].clone(),
                attachments: lines(&attachments),
            },
            tried: parse_numbered(&s[5]),
            suspected_cause: text(&s[6]),
            flow,
            team,
            category,
            checklist,
            confirmed: Vec::new(),
            unavailable: BTreeMap::new(),
            checks: s.get(7).map(|t| parse_checks(t)).unwrap_or_default(),
            created,
        })
    }
}

/// A packet normalised and redacted, ready to preview and write.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreparedEscalation {
    /// The packet, redacted.
    pub packet: EscalationPacket,
    /// `packet.to_markdown()`, what [`write_escalation`] writes.
    pub markdown: String,
    /// Every finding per field (`summary`, `evidence.logs`, `reproduction[1]`, …).
    pub findings: Vec<FindingView>,
}

/// Validates (ticket, title and summary required), normalises and redacts a packet, logs
/// included. `keep` works as for [`super::prepare`]. Without a checklist: see
/// [`prepare_escalation_with`].
pub fn prepare_escalation(
    packet: &EscalationPacket,
    keep: &[String],
) -> Result<PreparedEscalation> {
    prepare_escalation_with(packet, keep, None)
}

/// [`prepare_escalation`], then, when `checklist` is given, every item judged against the
/// redacted packet (`checks`, listed in the packet with the reason, required items missing in
/// `evidence_missing`); the packet's team and category default to the checklist's.
pub fn prepare_escalation_with(
    packet: &EscalationPacket,
    keep: &[String],
    checklist: Option<&Checklist>,
) -> Result<PreparedEscalation> {
    let mut problems = Vec::new();
    let ticket = clean_line(&packet.ticket);
    if ticket.is_empty() {
        problems.push("ticket id is required");
    }
    let title = clean_line(&packet.title);
    if title.is_empty() {
        problems.push("title is required");
    }
    let summary = clean_text(&packet.summary);
    if summary.is_empty() {
        problems.push("summary is required");
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems.join("; ")));
    }
    let mut views = Vec::new();
    let mut f = |field: &str, t: &str| redact_field(field, t, keep, &mut views);
    let title = f("title", &title);
    let summary = f("summary", &summary);
    let impact = f("impact", &clean_text(&packet.impact));
    let environment = f("environment", &clean_text(&packet.environment));
    let mut list = |name: &str, v: &[String], multi: bool| -> Vec<String> {
        v.iter()
            .map(|s| if multi { clean_text(s) } else { clean_line(s) })
            .filter(|s| !s.is_empty())
            .enumerate()
            .map(|(i, s)| f(&format!("{name}[{i}]"), &s))
            .collect()
    };
    let reproduction = list("reproduction", &packet.reproduction, true);
    let tried = list("tried", &packet.tried, true);
    let request_ids = list("evidence.requestIds", &packet.evidence.request_ids, false);
    let timestamps = list("evidence.timestamps", &packet.evidence.timestamps, false);
    let attachments = list("evidence.attachments", &packet.evidence.attachments, false);
    // Logs are verbatim apart from line endings and surrounding blank lines.
    let logs_clean = packet
        .evidence
        .logs
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let logs_clean = logs_clean.trim_matches('\n').trim_end();
    let logs = redact_field("evidence.logs", logs_clean, keep, &mut views);
    let suspected_cause = redact_field(
        "suspectedCause",
        &clean_text(&packet.suspected_cause),
        keep,
        &mut views,
    );
    let opt = |v: &Option<String>| v.as_deref().map(clean_line).filter(|f| !f.is_empty());
    let confirmed = &packet.confirmed;
    let unavailable: BTreeMap<String, String> = packet
        .unavailable
        .iter()
        .map(|(k, v)| {
            let v = clean_line(v);
            (
                k.clone(),
                redact_field(&format!("unavailable.{k}"), &v, keep, &mut views),
            )
        })
        .collect();
    let packet = EscalationPacket {
        ticket,
        title,
        summary,
        severity: packet.severity,
        impact,
        environment,
        reproduction,
        evidence: Evidence {
            request_ids,
            timestamps,
            logs,
            attachments,
        },
        tried,
        suspected_cause,
        flow: opt(&packet.flow),
        team: opt(&packet.team).or_else(|| checklist.and_then(|c| c.team.clone())),
        category: opt(&packet.category).or_else(|| checklist.and_then(|c| c.category.clone())),
        checklist: checklist.map(|c| c.path.clone()),
        confirmed: Vec::new(),
        unavailable: BTreeMap::new(),
        checks: Vec::new(),
        created: packet.created,
    };
    let mut packet = packet;
    if let Some(c) = checklist {
        let judged = EscalationPacket {
            confirmed: confirmed.to_vec(),
            unavailable,
            ..packet.clone()
        };
        packet.checks = check_packet(c, &judged);
    }
    let markdown = packet.to_markdown();
    Ok(PreparedEscalation {
        packet,
        markdown,
        findings: views,
    })
}

/// Writes the packet beside the ticket note `note_rel_path` as `<note stem>.escalation.md`
/// (then `…escalation-2.md`, … if taken), atomically, never overwriting. Returns the
/// KB-relative path written.
pub fn write_escalation(
    kb_root: &Path,
    note_rel_path: &str,
    prepared: &PreparedEscalation,
) -> Result<String> {
    crate::fsutil::resolve_in_kb(kb_root, note_rel_path)?;
    let stem = note_rel_path.strip_suffix(".md").unwrap_or(note_rel_path);
    create_unique(
        kb_root,
        &format!("{stem}.escalation.md"),
        &prepared.markdown,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::DocKind;
    use time::macros::datetime;

    fn packet() -> EscalationPacket {
        EscalationPacket {
            ticket: "INC-20417".into(),
            title: "API returns 401 for the whole EU tenant".into(),
            summary: "Since 09:00 every call fails.\nReported by ops@contoso.com".into(),
            severity: EscalationSeverity::Sev2,
            impact:
                "All 40 users of the EU tenant.\n\n## Evidence\n(an escaped look-alike heading)"
                    .into(),
            environment: "Portal 4.2, EU region".into(),
            reproduction: vec![
                "Sign in".into(),
                "Call `GET /v1/orders`:\n\n```\n401\n```".into(),
            ],
            evidence: Evidence {
                request_ids: vec!["req-7f3a9c".into(), "req-7f3a9d".into()],
                timestamps: vec!["2026-03-02T09:01:12Z".into()],
                logs: "09:01:12 POST /token Authorization: Bearer abcdefghijklmnop1234567890\n\
                       ```\n<script>alert(1)</script>\n## Already tried\n\
                       09:01:13 api_key=9f8A7b6C5d4E3f2G1h0J 401"
                    .into(),
                attachments: vec![],
            },
            tried: vec!["flows/api-401.md#start → #token → #escalate".into()],
            suspected_cause: "Signing key rotation".into(),
            flow: Some("flows/api-401.md".into()),
            team: None,
            category: None,
            checklist: None,
            confirmed: vec![],
            unavailable: Default::default(),
            checks: vec![],
            created: datetime!(2026-03-02 10:05:00 +01:00),
        }
    }

    #[test]
    fn logs_are_redacted_and_fenced() {
        let p = prepare_escalation(&packet(), &[]).unwrap();
        assert!(!p.markdown.contains("abcdefghijklmnop1234567890"));
        assert!(!p.markdown.contains("9f8A7b6C5d4E3f2G1h0J"));
        assert!(!p.markdown.contains("ops@contoso.com"));
        assert!(p
            .findings
            .iter()
            .any(|f| f.field == "evidence.logs" && f.finding.rule == "auth-header"));
        assert!(p.markdown.contains("````text\n09:01:12"), "{}", p.markdown);
        // The script tag stays inside a code block: rendered as text, never as HTML.
        let (a, problems) =
            crate::markdown::parse_article("tickets/2026/x.escalation.md", p.markdown.clone());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(a.kind, DocKind::Escalation);
        assert_eq!(a.meta.severity.as_deref(), Some("sev2"));
        let headings: Vec<_> = a
            .headings
            .iter()
            .filter(|h| h.level == 2)
            .map(|h| h.text.as_str())
            .collect();
        assert_eq!(headings, HEADINGS);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, crate::markdown::parser(a.body()));
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn packets_round_trip() {
        let p = prepare_escalation(&packet(), &[]).unwrap();
        let back = EscalationPacket::from_markdown("x.md", &p.markdown).unwrap();
        assert_eq!(back, p.packet);
        assert_eq!(back.to_markdown(), p.markdown);
        let empty = EscalationPacket {
            impact: String::new(),
            reproduction: vec![],
            evidence: Evidence::default(),
            tried: vec![],
            flow: None,
            ..p.packet.clone()
        };
        let md = empty.to_markdown();
        assert_eq!(
            EscalationPacket::from_markdown("x.md", &md).unwrap(),
            empty,
            "{md}"
        );
    }

    #[test]
    fn checklist_results_are_listed_and_round_trip() {
        let (a, _) = crate::markdown::parse_article(
            "checklists/web.md",
            crate::record::checklist::tests::WEB.to_string(),
        );
        let c = Checklist::from_article(&a).0.unwrap();
        let mut input = packet();
        input.evidence.attachments = vec!["capture.har".into()];
        input
            .unavailable
            .insert("tenant".into(), "unknown, ask jane@contoso.com".into());
        let p = prepare_escalation_with(&input, &[], Some(&c)).unwrap();
        assert_eq!(p.packet.team.as_deref(), Some("platform-api"));
        assert_eq!(p.packet.category.as_deref(), Some("web"));
        assert!(p
            .markdown
            .contains("team: platform-api\ncategory: web\nchecklist: checklists/web.md\n"));
        // Error text: the 401 log line; every required item found.
        assert!(
            p.markdown.contains("evidence_missing: []\n"),
            "{}",
            p.markdown
        );
        assert!(p.markdown.contains("## Evidence checklist\n\nChecked against `checklists/web.md`: 4 of 4 required items provided.\n\n- [x] Request id (`request-id`, required): Request ids: 2 entries\n"), "{}", p.markdown);
        assert!(p.markdown.contains("- [x] Affected users (`users`, optional): \"All 40 users\"\n- [ ] Tenant id (`tenant`, optional): unavailable: unknown, ask [REDACTED:email]"), "{}", p.markdown);
        assert!(p
            .markdown
            .contains("### Attachments\n\n```text\ncapture.har\n```"));
        let back = EscalationPacket::from_markdown("x.md", &p.markdown).unwrap();
        assert_eq!(back, p.packet);
        assert_eq!(back.to_markdown(), p.markdown);
        // Without the HAR file it is missing, and said so.
        input.evidence.attachments.clear();
        let p = prepare_escalation_with(&input, &[], Some(&c)).unwrap();
        assert_eq!(
            crate::record::checklist::missing_required(&p.packet.checks),
            ["har"]
        );
        assert!(p.markdown.contains("evidence_missing: [har]\n"));
        assert!(p
            .markdown
            .contains("- [ ] HAR file (`har`, required): no .har file attached"));
    }

    #[test]
    fn severity_aliases() {
        let v: EscalationSeverity = serde_json::from_str("\"critical\"").unwrap();
        assert_eq!(v, EscalationSeverity::Sev1);
        assert_eq!(
            EscalationSeverity::parse("LOW"),
            Some(EscalationSeverity::Sev4)
        );
    }

    #[test]
    fn validation() {
        let p = EscalationPacket {
            ticket: " ".into(),
            summary: "".into(),
            ..packet()
        };
        let e = prepare_escalation(&p, &[]).unwrap_err().to_string();
        assert!(
            e.contains("ticket id is required") && e.contains("summary is required"),
            "{e}"
        );
    }

    #[test]
    fn written_beside_the_note_without_overwriting() {
        let dir = tempfile::tempdir().unwrap();
        let p = prepare_escalation(&packet(), &[]).unwrap();
        let note = "tickets/2026/inc-20417-api-401.md";
        let a = write_escalation(dir.path(), note, &p).unwrap();
        let b = write_escalation(dir.path(), note, &p).unwrap();
        assert_eq!(a, "tickets/2026/inc-20417-api-401.escalation.md");
        assert_eq!(b, "tickets/2026/inc-20417-api-401.escalation-2.md");
        let text = std::fs::read_to_string(dir.path().join(&a)).unwrap();
        assert_eq!(text, p.markdown);
        let (art, problems) = crate::markdown::parse_article(&a, text);
        assert!(problems.is_empty());
        assert_eq!(art.kind, DocKind::Escalation);
        assert!(write_escalation(dir.path(), "../outside.md", &p).is_err());
    }
}
