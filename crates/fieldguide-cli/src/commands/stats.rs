//! `stats` (the support KPIs for a period, as text, JSON or one CSV table) and `demo` (the
//! clearly marked sample journal: generate or clear).
use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use fieldguide_core::metrics::{MetricsQuery, Report, Segment, SegmentFigures};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, Duration, OffsetDateTime, Time};

use super::open_kb;
use crate::args::Cli;

/// What `fieldguide stats` was asked for.
pub struct StatsArgs<'a> {
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub days: Option<u32>,
    pub by: Option<&'a str>,
    pub json: bool,
    pub csv: Option<&'a str>,
    pub include_sample: bool,
}

impl crate::args::StatsCmd {
    /// The options as given on the command line.
    pub fn args(&self) -> StatsArgs<'_> {
        StatsArgs {
            from: self.from.as_deref(),
            to: self.to.as_deref(),
            days: self.days,
            by: self.by.as_deref(),
            json: self.json,
            csv: self.csv.as_deref(),
            include_sample: self.include_sample,
        }
    }
}

/// `YYYY-MM-DD` (midnight UTC; for `--to`, the end of that day) or an RFC 3339 instant.
fn parse_when(text: &str, end_of_day: bool) -> Result<OffsetDateTime> {
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t);
    }
    let d = Date::parse(text, format_description!("[year]-[month]-[day]"))
        .with_context(|| format!("`{text}` is not a YYYY-MM-DD date or an RFC 3339 time"))?;
    let start = d.with_time(Time::MIDNIGHT).assume_utc();
    Ok(if end_of_day {
        start + Duration::days(1)
    } else {
        start
    })
}

fn parse_segment(by: &str) -> Result<Segment> {
    Ok(match by.to_ascii_lowercase().as_str() {
        "category" => Segment::Category,
        "product" => Segment::Product,
        "kind" => Segment::Kind,
        other => bail!("--by {other}: expected category, product or kind"),
    })
}

/// The query for the arguments: `--from/--to` (dates inclusive), else the last `--days`
/// (default 30) up to now.
pub fn query_for(a: &StatsArgs<'_>, now: OffsetDateTime) -> Result<MetricsQuery> {
    let mut q = match (a.from, a.to) {
        (None, None) => MetricsQuery::last_days(now, a.days.unwrap_or(30)),
        (from, to) => {
            if a.days.is_some() {
                bail!("use either --days or --from/--to, not both");
            }
            let to = to.map(|t| parse_when(t, true)).transpose()?.unwrap_or(now);
            let from = match from {
                Some(f) => parse_when(f, false)?,
                None => to - Duration::days(30),
            };
            if from > to {
                bail!("--from is after --to");
            }
            MetricsQuery::new(from, to)
        }
    };
    q.segment_by = a.by.map(parse_segment).transpose()?;
    q.include_sample = a.include_sample;
    Ok(q)
}

pub fn stats(cli: &Cli, a: &StatsArgs<'_>) -> Result<ExitCode> {
    let query = query_for(a, OffsetDateTime::now_utc())?;
    // The documents' facts come from the index (brought up to date first): the KB is not loaded.
    let kb = super::open_index(cli, false)?;
    let mut out = std::io::stdout().lock();
    if let Some(table) = a.csv {
        out.write_all(kb.stats_csv(table, &query)?.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let report = kb.stats(&query)?;
    if a.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        print_report(&mut out, &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn pct(r: Option<f64>) -> String {
    r.map(|r| format!("{:.0}%", r * 100.0))
        .unwrap_or_else(|| "–".into())
}

fn mins(m: Option<f64>) -> String {
    match m {
        None => "–".into(),
        Some(m) if m >= 120.0 => format!("{:.1} h", m / 60.0),
        Some(m) => format!("{m:.0} min"),
    }
}

fn figures_line(f: &SegmentFigures) -> String {
    format!(
        "{:>5} {:>9} {:>9} {:>5} {:>5} {:>6}",
        f.resolutions,
        mins(f.ttr.median_min),
        mins(f.ttr.p90_min),
        pct(f.first_contact_rate),
        pct(f.escalation_rate),
        pct(f.reopen_rate)
    )
}

fn print_report(out: &mut impl Write, r: &Report) -> Result<()> {
    let q = &r.query;
    writeln!(
        out,
        "Period {} – {}{}",
        q.from.replace_nanosecond(0)?.format(&Rfc3339)?,
        q.to.replace_nanosecond(0)?.format(&Rfc3339)?,
        if q.include_sample {
            " (including SAMPLE data)"
        } else {
            ""
        }
    )?;
    if r.sample_data_present && !q.include_sample {
        writeln!(
            out,
            "note: the journal holds sample data, left out (--include-sample shows it; `fieldguide demo --clear` removes it)"
        )?;
    }
    let o = &r.overall;
    writeln!(out)?;
    writeln!(
        out,
        "{:<24} {:>5} {:>9} {:>9} {:>5} {:>5} {:>6}",
        "", "recs", "TTR med", "TTR p90", "FCR", "esc", "reopen"
    )?;
    writeln!(out, "{:<24} {}", "(all)", figures_line(o))?;
    for s in &r.segments {
        let name = s.segment.as_deref().unwrap_or("");
        writeln!(out, "{:<24} {}", truncate(name, 24), figures_line(s))?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Ticket notes captured: {}   KB contributors: {}",
        r.contribution.ticket_notes, r.contribution.contributors
    )?;
    let started: u64 = r.flows.iter().map(|f| f.started).sum();
    let resolved: u64 = r.flows.iter().map(|f| f.resolved).sum();
    let escalated: u64 = r.flows.iter().map(|f| f.escalated).sum();
    let abandoned: u64 = r.flows.iter().map(|f| f.abandoned).sum();
    writeln!(
        out,
        "Flow sessions: {started} started, {resolved} resolved, {escalated} escalated, {abandoned} abandoned"
    )?;
    if !r.gaps.is_empty() {
        writeln!(
            out,
            "\nKnowledge gaps (searches / zero results / no click):"
        )?;
        for g in r.gaps.iter().take(10) {
            writeln!(
                out,
                "  {:<40} {:>3} {:>3} {:>3}",
                truncate(&g.query, 40),
                g.searches,
                g.zero_results,
                g.no_click
            )?;
        }
    }
    if !r.stale.is_empty() {
        writeln!(out, "\nStale content:")?;
        for s in r.stale.iter().take(10) {
            let why = match (s.days_overdue, s.open_flags) {
                (Some(d), 0) => format!("review {d} days overdue"),
                (Some(d), n) => format!("review {d} days overdue, {n} outdated flag(s)"),
                (None, n) => format!("{n} outdated flag(s)"),
            };
            writeln!(out, "  {:<50} {why}", truncate(&s.path, 50))?;
        }
    }
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

pub fn demo(cli: &Cli, seed: u64, clear: bool) -> Result<ExitCode> {
    let kb = open_kb(cli, false)?;
    if kb.read_only() {
        bail!("the KB is open in another Fieldguide window; close it to change its journal");
    }
    if clear {
        let n = kb.clear_demo()?;
        println!("Removed {n} sample rows from the journal.");
        return Ok(ExitCode::SUCCESS);
    }
    let s = kb.demo_journal(seed)?;
    println!(
        "Wrote SAMPLE data (90 days, seed {seed}): {} searches, {} views, {} feedback votes, {} resolutions, {} flow sessions, {} KB changes.",
        s.searches, s.views, s.feedback, s.resolutions, s.flow_sessions, s.kb_changes
    );
    println!("Every row is marked as sample: `fieldguide stats --include-sample` shows it, `fieldguide demo --clear` removes it.");
    Ok(ExitCode::SUCCESS)
}
