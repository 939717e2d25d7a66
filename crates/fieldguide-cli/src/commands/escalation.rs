//! Escalation quality: the evidence checklist shown by `escalate`, `packet` (lifecycle),
//! `review` (closure-note rubric) and `stats --escalations`.
use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use fieldguide_core::metrics::escalations::{EscalationFigures, EscalationReport, AUDIT_TARGET};
use fieldguide_core::record::lifecycle::{Lifecycle, PacketState, Transition};
use fieldguide_core::record::EscalationPacket;
use fieldguide_core::Kb;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::open_kb;
use super::stats::{query_for, StatsArgs};
use crate::args::Cli;

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
            super::record::commit_if_shared(
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
        super::record::commit_if_shared(&kb, note, &format!("fieldguide: review {note}"));
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
