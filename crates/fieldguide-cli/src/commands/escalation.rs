//! Escalations from the command line: `escalate` (flags or a JSON/YAML file become a redacted
//! `EscalationPacket`, checked against its evidence checklist), `packet` (lifecycle), `review`
//! (closure-note rubric) and `stats --escalations`.
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use fieldguide_core::metrics::escalations::{EscalationFigures, EscalationReport, AUDIT_TARGET};
use fieldguide_core::record::lifecycle::{Lifecycle, PacketState, Transition};
use fieldguide_core::record::{self, EscalationPacket, EscalationSeverity};
use fieldguide_core::Kb;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::open_kb;
use super::record::{commit_if_shared, now, print_findings, read_value, set};
use super::stats::{query_for, StatsArgs};
use crate::args::{Cli, EscalateArgs};

/// Prints the packet's checklist result (with how to get each missing item) to stderr and
/// returns the required items missing.
pub fn print_checks(p: &EscalationPacket, kb: Option<&Kb>) -> Vec<String> {
    let Some(path) = &p.checklist else {
        return Vec::new();
    };
    let items = kb.and_then(|kb| kb.checklist(path).ok());
    eprintln!(
        "\nevidence checklist {path} (team {}):",
        p.team.as_deref().unwrap_or("not set")
    );
    let mut missing = Vec::new();
    for c in &p.checks {
        let mark = match (c.provided, c.required) {
            (true, _) => "[x]",
            (false, true) => "[ ] MISSING",
            (false, false) => "[ ] optional",
        };
        eprintln!("  {mark} {} ({}): {}", c.label, c.id, c.reason);
        if !c.provided {
            if c.required {
                missing.push(c.id.clone());
            }
            if let Some(it) = items
                .as_ref()
                .and_then(|cl| cl.items.iter().find(|i| i.id == c.id))
            {
                if !it.how.is_empty() {
                    eprintln!("        how: {}", it.how);
                }
                if let Some(r) = &it.runbook {
                    eprintln!("        see: {r}");
                }
            }
        }
    }
    if missing.is_empty() {
        eprintln!("every required item is in the packet");
    } else {
        eprintln!(
            "warning: {} required item(s) missing: {} — engineering will likely send it back",
            missing.len(),
            missing.join(", ")
        );
    }
    missing
}

fn print_lifecycle(out: &mut impl Write, l: &Lifecycle) -> Result<()> {
    let t = |t: OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
    writeln!(out, "{} — {} ({})", l.path, l.title, l.ticket)?;
    writeln!(
        out,
        "  {:<9} {}  to {}",
        "sent",
        t(l.created),
        l.team.as_deref().unwrap_or("(no team)")
    )?;
    for e in &l.events {
        write!(out, "  {:<9} {}", e.state.as_str(), t(e.at))?;
        if let Some(team) = &e.team {
            write!(out, "  {team}")?;
        }
        if let Some(n) = &e.note {
            write!(out, "  \"{n}\"")?;
        }
        writeln!(out)?;
    }
    let next: Vec<_> = l.state().next().iter().map(|s| s.as_str()).collect();
    writeln!(
        out,
        "now {}; round trips {}; next: {}",
        l.state().as_str(),
        l.round_trips(),
        if next.is_empty() {
            "none".to_string()
        } else {
            next.join(", ")
        }
    )?;
    let why = l.avoidable_reasons();
    if !why.is_empty() {
        writeln!(out, "avoidable: {}", why.join(", "))?;
    }
    Ok(())
}

/// `fieldguide packet <path> [state]`.
pub fn packet(
    cli: &Cli,
    path: &str,
    state: Option<&str>,
    team: Option<String>,
    note: Option<String>,
    at: Option<&str>,
    json: bool,
) -> Result<ExitCode> {
    let kb = open_kb(cli, false)?;
    let life = match state {
        None => {
            let doc = kb
                .doc(path)
                .with_context(|| format!("no document {path} in the KB"))?;
            Lifecycle::read(&doc.path, &doc.source)?
        }
        Some(s) => {
            let to = PacketState::parse(s)
                .filter(|s| *s != PacketState::Sent)
                .with_context(|| {
                    format!("`{s}`: write returned, resent, rerouted, accepted or resolved")
                })?;
            let at = at
                .map(|a| {
                    OffsetDateTime::parse(a, &Rfc3339)
                        .with_context(|| format!("--at {a}: not an RFC 3339 time"))
                })
                .transpose()?;
            let life = kb.packet_transition(path, &Transition { to, at, team, note })?;
            commit_if_shared(
                &kb,
                &life.path,
                &format!("fieldguide: packet {} {}", life.ticket, to.as_str()),
            );
            life
        }
    };
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &life)?;
        writeln!(out)?;
    } else {
        print_lifecycle(&mut out, &life)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `fieldguide review <note>`.
pub fn review(
    cli: &Cli,
    note: &str,
    pass: &[String],
    fail: &[String],
    rubric: Option<&str>,
    dry_run: bool,
    json: bool,
) -> Result<ExitCode> {
    let mut verdicts = BTreeMap::new();
    for (ids, v) in [(pass, true), (fail, false)] {
        for id in ids {
            if verdicts.insert(id.trim().to_string(), v).is_some() {
                bail!("`{id}` is given twice");
            }
        }
    }
    let kb = open_kb(cli, false)?;
    let review = kb.review(note, rubric, &verdicts, !dry_run)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &review)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for r in &review.results {
        writeln!(
            out,
            "  {} {:<22} ×{}  {}{}",
            if r.passed { "pass" } else { "FAIL" },
            r.id,
            r.weight,
            r.reason,
            if r.by_reviewer { " (reviewer)" } else { "" }
        )?;
    }
    writeln!(
        out,
        "score {} / 100 ({} target {AUDIT_TARGET}){}",
        review.score,
        if review.score >= AUDIT_TARGET {
            "meets"
        } else {
            "below"
        },
        if dry_run { "" } else { "; saved in the note" }
    )?;
    if !dry_run {
        commit_if_shared(&kb, note, &format!("fieldguide: review {note}"));
    }
    Ok(ExitCode::SUCCESS)
}

fn pct(r: Option<f64>) -> String {
    r.map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "–".into())
}

fn mins(m: Option<f64>) -> String {
    m.map(|m| format!("{m:.0} min"))
        .unwrap_or_else(|| "–".into())
}

fn line(f: &EscalationFigures) -> String {
    format!(
        "{:<24} {:>4} sent  avoidable {:>6} ({} missing evidence, {} returned, {} re-routed)  round trips/esc {:>4}  to actionable median {} p90 {}",
        f.key,
        f.packets,
        pct(f.avoidable_rate),
        f.missing_evidence,
        f.returned,
        f.rerouted,
        f.round_trips_per_escalation
            .map(|r| format!("{r:.2}"))
            .unwrap_or_else(|| "–".into()),
        mins(f.actionable_median_min),
        mins(f.actionable_p90_min),
    )
}

fn print_report(out: &mut impl Write, r: &EscalationReport) -> Result<()> {
    writeln!(out, "{}", line(&r.overall))?;
    writeln!(out, "\nby team (first routing):")?;
    for f in &r.by_team {
        writeln!(out, "  {}", line(f))?;
    }
    writeln!(out, "\nby category:")?;
    for f in &r.by_category {
        writeln!(out, "  {}", line(f))?;
    }
    writeln!(
        out,
        "\nclosure-note audit: {} reviewed, mean score {}, {} at or above {AUDIT_TARGET}",
        r.audit.reviewed,
        r.audit
            .mean_score
            .map(|m| format!("{m:.1}"))
            .unwrap_or_else(|| "–".into()),
        pct(r.audit.at_target_rate)
    )?;
    if r.packets.iter().any(|p| !p.avoidable.is_empty()) {
        writeln!(out, "\navoidable packets:")?;
        for p in r.packets.iter().filter(|p| !p.avoidable.is_empty()) {
            writeln!(out, "  {}  {}  {}", p.path, p.state, p.avoidable.join(", "))?;
        }
    }
    Ok(())
}

/// `fieldguide stats --escalations`.
pub fn stats(cli: &Cli, a: &StatsArgs<'_>) -> Result<ExitCode> {
    let q = query_for(a, OffsetDateTime::now_utc())?;
    let kb = open_kb(cli, false)?;
    let report = kb.escalation_stats(q.from, q.to);
    let mut out = std::io::stdout().lock();
    if let Some(table) = a.csv {
        out.write_all(report.to_csv(table)?.as_bytes())?;
    } else if a.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        print_report(&mut out, &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn packet_from(a: &EscalateArgs) -> Result<EscalationPacket> {
    let mut v = match &a.file {
        Some(f) => read_value(f)?,
        None => serde_json::json!({}),
    };
    let obj = v
        .as_object_mut()
        .context("an escalation file must be a mapping of fields")?;
    for key in ["ticket", "title", "summary"] {
        obj.entry(key).or_insert_with(|| "".into());
    }
    obj.entry("created")
        .or_insert_with(|| serde_json::Value::String(now()));
    let mut p: EscalationPacket = serde_json::from_value(v).context("not an escalation packet")?;
    set(&mut p.ticket, &a.ticket);
    set(&mut p.title, &a.title);
    set(&mut p.summary, &a.summary);
    set(&mut p.impact, &a.impact);
    set(&mut p.environment, &a.environment);
    set(&mut p.suspected_cause, &a.cause);
    if let Some(s) = &a.severity {
        p.severity = EscalationSeverity::parse(s)
            .with_context(|| format!("--severity {s}: write sev1, sev2, sev3 or sev4"))?;
    }
    if a.flow.is_some() {
        p.flow = a.flow.clone();
    }
    p.reproduction.extend(a.repro.iter().cloned());
    p.tried.extend(a.tried.iter().cloned());
    p.evidence.request_ids.extend(a.request_id.iter().cloned());
    p.evidence.timestamps.extend(a.timestamp.iter().cloned());
    if let Some(logs) = &a.logs {
        let mut text = String::new();
        if logs.as_os_str() == "-" {
            std::io::stdin().read_to_string(&mut text)?;
        } else {
            text = std::fs::read_to_string(logs)
                .with_context(|| format!("reading {}", logs.display()))?;
        }
        if !p.evidence.logs.is_empty() {
            p.evidence.logs.push('\n');
        }
        p.evidence.logs.push_str(&text);
    }
    if a.team.is_some() {
        p.team = a.team.clone();
    }
    if a.category.is_some() {
        p.category = a.category.clone();
    }
    if a.checklist.is_some() {
        p.checklist = a.checklist.clone();
    }
    p.evidence.attachments.extend(a.attach.iter().cloned());
    p.confirmed.extend(a.confirm.iter().cloned());
    for u in &a.unavailable {
        let (item, reason) = u
            .split_once('=')
            .with_context(|| format!("--unavailable {u}: write ITEM=REASON"))?;
        p.unavailable
            .insert(item.trim().to_string(), reason.trim().to_string());
    }
    Ok(p)
}

/// `fieldguide escalate`.
pub fn escalate(cli: &Cli, a: &EscalateArgs) -> Result<ExitCode> {
    let packet = packet_from(a)?;
    let checked = packet
        .checklist
        .as_deref()
        .is_some_and(|c| !c.trim().is_empty());
    let kb = if checked || a.note.is_some() {
        Some(open_kb(cli, false)?)
    } else {
        None
    };
    let prepared = match &kb {
        Some(kb) => kb.escalation_preview(&packet, &a.keep)?,
        None => record::prepare_escalation(&packet, &a.keep)?,
    };
    print_findings(&prepared.findings);
    println!();
    print!("{}", prepared.markdown);
    let missing = print_checks(&prepared.packet, kb.as_ref());
    if !missing.is_empty() && a.note.is_some() && !a.send_incomplete {
        bail!(
            "not saved: {} required checklist item(s) missing ({}); add them, mark them \
             --unavailable ITEM=REASON, or pass --send-incomplete",
            missing.len(),
            missing.join(", ")
        );
    }
    if let (Some(note), Some(kb)) = (&a.note, kb) {
        let saved = kb.escalation_save(&packet, &a.keep, note)?;
        println!("\nsaved {}", saved.path);
        commit_if_shared(
            &kb,
            &saved.path,
            &format!("fieldguide: escalate ticket {}", packet.ticket.trim()),
        );
    }
    Ok(ExitCode::SUCCESS)
}
