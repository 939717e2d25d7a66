//! `clone`, `sync`, `history`, `diff`, `review-article`: the KB shared through git (core: `fieldguide_core::team`).
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use fieldguide_core::team::{Repo, SyncState, SyncStatus};
use time::OffsetDateTime;

use super::{default_kb, open_kb};
use crate::args::Cli;

fn repo_of(cli: &Cli) -> Result<Repo> {
    let root = cli.kb.kb.clone().unwrap_or_else(default_kb);
    Ok(Repo::open(&root)?)
}

/// The folder name a clone of `url` gets (`…/team-kb.git` → `team-kb`).
fn name_of(url: &str) -> String {
    let last = url
        .trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\', ':'])
        .next()
        .unwrap_or("kb");
    let name = last.strip_suffix(".git").unwrap_or(last);
    if name.is_empty() {
        "kb".into()
    } else {
        name.into()
    }
}

/// `fieldguide clone URL [DEST]`.
pub fn clone(url: &str, dest: Option<&Path>) -> Result<ExitCode> {
    let dest: PathBuf = match dest {
        Some(d) => d.to_path_buf(),
        None => fieldguide_core::kb::default_data_base()
            .join("team")
            .join(name_of(url)),
    };
    let repo = Repo::clone(url, &dest)?;
    println!("cloned {url} into {}", repo.kb_root().display());
    println!(
        "use it with: fieldguide --kb {} search …",
        repo.kb_root().display()
    );
    if let Err(e) = repo.identity() {
        eprintln!("warning: {e}");
    }
    Ok(ExitCode::SUCCESS)
}

fn describe(s: &SyncStatus) -> String {
    let up = s.upstream.as_deref().unwrap_or("(no remote)");
    let mut line = match &s.state {
        SyncState::UpToDate => format!("up to date with {up}"),
        SyncState::ToPush(n) => format!("{n} local commit(s) to push to {up}"),
        SyncState::ToPull(n) => format!("{n} team commit(s) to pull from {up}"),
        SyncState::Diverged => format!(
            "{} local and {} team commit(s): the next sync rebases yours onto {up}",
            s.ahead, s.behind
        ),
        SyncState::Offline => format!(
            "offline: {up} could not be reached; {} local commit(s) wait to be pushed ({})",
            s.ahead,
            s.offline.as_deref().unwrap_or("").trim()
        ),
        SyncState::Conflict(paths) => format!(
            "conflict: your version and the team's both changed the same lines of {}; \
             nothing was lost (your version is on disk, the team's is in {up})",
            paths.join(", ")
        ),
        SyncState::Interrupted(i) => format!("blocked: {}", i.explain()),
    };
    if !s.dirty.is_empty() {
        line.push_str(&format!(
            "; {} uncommitted KB file(s): {}",
            s.dirty.len(),
            s.dirty.join(", ")
        ));
    }
    format!("[{}] {line}", s.branch)
}

fn exit_for(state: &SyncState) -> ExitCode {
    match state {
        SyncState::UpToDate => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
}

/// `fieldguide sync [--status]`.
pub fn sync(cli: &Cli, status_only: bool, json: bool) -> Result<ExitCode> {
    let repo = repo_of(cli)?;
    if status_only {
        let s = repo.status()?;
        if json {
            println!("{}", serde_json::to_string_pretty(&s)?);
        } else {
            println!("{}", describe(&s));
        }
        return Ok(exit_for(&s.state));
    }
    let kb = open_kb(cli, false)?;
    let report = fieldguide_core::team::sync_kb(&repo, &kb)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(exit_for(&report.after.state));
    }
    println!("before: {}", describe(&report.before));
    for c in &report.committed {
        println!(
            "committed {} {} ({} file(s))",
            &c.commit[..7.min(c.commit.len())],
            c.message,
            c.paths.len()
        );
    }
    if report.pulled > 0 {
        println!("pulled {} team commit(s)", report.pulled);
    }
    if report.pushed > 0 {
        println!("pushed {} commit(s)", report.pushed);
    }
    for f in &report.changed {
        println!("  {} {}", f.status, f.path);
    }
    if !report.changed.is_empty() {
        println!("re-indexed {} changed file(s)", report.changed.len());
    }
    if let Some(why) = &report.push_refused {
        println!("the team's repository refused the push: {why}; your commits stay queued here");
    }
    println!("after:  {}", describe(&report.after));
    if let SyncState::Conflict(paths) = &report.after.state {
        println!(
            "to resolve: compare the versions (fieldguide diff {} HEAD {}), edit the file to \
             the merged text, then resolve it in the app",
            paths.first().map(String::as_str).unwrap_or(""),
            report.after.upstream.as_deref().unwrap_or("origin/main")
        );
    }
    println!("took {} ms", report.took_ms);
    Ok(exit_for(&report.after.state))
}

fn fmt_time(secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute] UTC"
            ))
            .ok()
        })
        .unwrap_or_else(|| secs.to_string())
}

/// `fieldguide history PATH`.
pub fn history(cli: &Cli, path: &str, json: bool) -> Result<ExitCode> {
    let repo = repo_of(cli)?;
    let changes = repo
        .history(path)
        .with_context(|| format!("history of {path}"))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&changes)?);
    } else {
        for c in &changes {
            println!(
                "{}  {}  {} <{}>  {}",
                &c.commit[..7.min(c.commit.len())],
                fmt_time(c.time),
                c.author,
                c.email,
                c.message
            );
        }
        if changes.is_empty() {
            println!("{path} has no committed history yet");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `fieldguide diff PATH [FROM] [TO]`.
pub fn diff(cli: &Cli, path: &str, from: Option<&str>, to: Option<&str>) -> Result<ExitCode> {
    let repo = repo_of(cli)?;
    let from = match from {
        Some(f) => f.to_string(),
        None => {
            let h = repo.history(path)?;
            match (h.get(1), h.first()) {
                (Some(prev), _) => prev.commit.clone(),
                (None, Some(only)) => only.commit.clone(),
                (None, None) => anyhow::bail!("{path} has no committed version to compare with"),
            }
        }
    };
    print!("{}", repo.diff(path, &from, to)?);
    Ok(ExitCode::SUCCESS)
}

/// `fieldguide review-article [PATH] [--propose | --approve]`.
pub fn review_article(
    cli: &Cli,
    path: Option<&str>,
    propose: bool,
    approve: bool,
    json: bool,
) -> Result<ExitCode> {
    use fieldguide_core::team;
    let repo = repo_of(cli)?;
    let kb = open_kb(cli, false)?;
    let Some(path) = path else {
        let list = team::in_review(&kb);
        if json {
            println!("{}", serde_json::to_string_pretty(&list)?);
        } else if list.is_empty() {
            println!("no document is in review");
        } else {
            for p in &list {
                println!("{p}");
            }
        }
        return Ok(ExitCode::SUCCESS);
    };
    if propose {
        let c = team::propose_review(&repo, &kb, path)
            .with_context(|| format!("proposing {path} for review"))?;
        if json {
            println!("{}", serde_json::to_string_pretty(&c)?);
        } else {
            match c {
                Some(c) => println!(
                    "committed {} {}",
                    &c.commit[..7.min(c.commit.len())],
                    c.message
                ),
                None => println!("{path} is already proposed for review"),
            }
            println!("share it with `fieldguide sync`; a lead approves with `fieldguide review-article {path} --approve`");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let review = repo
        .review_diff(path)
        .with_context(|| format!("review of {path}"))?;
    if approve {
        let done = team::approve_review(&repo, &kb, path, &review.hash)
            .with_context(|| format!("approving {path}"))?;
        if json {
            println!("{}", serde_json::to_string_pretty(&done)?);
        } else {
            if let Some(c) = &done.committed {
                println!(
                    "committed {} {}",
                    &c.commit[..7.min(c.commit.len())],
                    c.message
                );
            }
            match &done.base {
                Some(b) => println!(
                    "approved the changes since {} ({} commit(s)); share it with `fieldguide sync`",
                    &b[..7.min(b.len())],
                    review.changes.len()
                ),
                None => println!("approved the whole document; share it with `fieldguide sync`"),
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&review)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{path}: status {}{}",
        review.status.as_deref().unwrap_or("published"),
        if review.in_review {
            " (awaiting approval)"
        } else {
            ""
        }
    );
    match &review.base {
        Some(b) => println!(
            "last reviewed version: {} {} by {} ({})",
            &b.commit[..7.min(b.commit.len())],
            fmt_time(b.time),
            b.author,
            b.message
        ),
        None => println!("never reviewed: the whole document is new"),
    }
    for c in &review.changes {
        println!(
            "  since then: {} {} {} ({})",
            &c.commit[..7.min(c.commit.len())],
            fmt_time(c.time),
            c.author,
            c.message
        );
    }
    print!("{}", review.diff);
    Ok(ExitCode::SUCCESS)
}

/// `fieldguide stats --team`: the team's figures from the ticket notes in the KB.
pub fn team_stats(cli: &Cli, a: &super::stats::StatsArgs<'_>) -> Result<ExitCode> {
    let query = super::stats::query_for(a, OffsetDateTime::now_utc())?;
    let kb = open_kb(cli, false)?;
    let repo = Repo::detect(kb.root());
    let r = fieldguide_core::team::team_kpis(&kb, repo.as_ref(), query.from, query.to)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(ExitCode::SUCCESS);
    }
    let day = |t: OffsetDateTime| fmt_time(t.unix_timestamp());
    println!(
        "team figures {} – {} from the {} ticket note(s) in the KB{}",
        day(r.from),
        day(r.to),
        r.notes_in_kb,
        if r.shared {
            " (shared by sync; authors from git)"
        } else {
            " (not a git working copy: no authors)"
        }
    );
    let mins = |m: Option<f64>| m.map_or_else(|| "–".to_string(), |m| format!("{m:.0} min"));
    let pct = |r: Option<f64>| r.map_or_else(|| "–".to_string(), |r| format!("{:.0}%", r * 100.0));
    println!(
        "{:<24} {:>6} {:>9} {:>9} {:>6} {:>11} {:>9}",
        "who", "notes", "resolved", "escalated", "esc%", "median TTR", "p90 TTR"
    );
    for f in std::iter::once(&r.overall).chain(&r.authors) {
        let who = if f.key == "all" { "whole team" } else { &f.key };
        println!(
            "{:<24} {:>6} {:>9} {:>9} {:>6} {:>11} {:>9}",
            who,
            f.notes,
            f.resolved,
            f.escalated,
            pct(f.escalation_rate),
            mins(f.median_ttr_min),
            mins(f.p90_ttr_min)
        );
    }
    Ok(ExitCode::SUCCESS)
}
