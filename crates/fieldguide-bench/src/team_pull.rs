//! `--team-pull N`: how long a pull of 500 new ticket notes takes to become searchable on a
//! laptop whose KB holds N documents (docs/team.md, "Measured"). A bare repository on disk is
//! the team's server, seeded with N documents (copies of the corpus); the laptop is a clone
//! opened as the app opens it (index built, then kept open). Each round the server receives
//! 500 commits, one new ticket note each (written with `git fast-import`, as if 500 technicians
//! had pushed), then the laptop runs `team::sync_kb` — fetch, fast-forward, re-index only the
//! files of the pull's diff — and searches the last note's unique word.
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use fieldguide_core::team::{sync_kb, Repo};
use fieldguide_core::{Kb, KbOptions, SearchRequest};
use serde_json::json;

use crate::corpus;

/// New notes per pull.
const NOTES: usize = 500;
/// Pulls measured.
const ROUNDS: usize = 3;

fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .context("running git")?;
    if !out.status.success() {
        bail!(
            "git {args:?} in {}: {}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The word only note `i` of `round` contains.
fn word(round: usize, i: usize) -> String {
    format!("zq{round}x{i}vortel")
}

/// Appends `NOTES` commits to the server's `main`, one ticket note each (by 20 authors).
fn push_notes(server: &Path, round: usize) -> Result<()> {
    let parent = git(server, &["rev-parse", "refs/heads/main"])?;
    let mut stream = String::new();
    let t0 = 1_780_000_000 + round as i64 * 100_000;
    for i in 0..NOTES {
        let ticket = format!("INC-{round}{i:04}");
        let body = format!(
            "---\nkind: ticket\nticket: {ticket}\ntitle: Printer queue {i}\ncategory: printing\n\
             opened: 2026-06-01T09:00:00Z\nresolved: 2026-06-01T09:30:00Z\noutcome: resolved\n\
             time_to_resolve_min: 30\n---\n\n## Issue\n\nThe spooler on floor {i} stopped ({}).\n\n\
             ## Resolution\n\nCleared the queue and restarted the spooler service.\n",
            word(round, i)
        );
        let author = i % 20;
        stream.push_str(&format!(
            "commit refs/heads/main\ncommitter Tech{author} <t{author}@example.com> {} +0000\n",
            t0 + i as i64
        ));
        let msg = format!("fieldguide: record ticket {ticket}");
        stream.push_str(&format!("data {}\n{msg}\n", msg.len()));
        if i == 0 {
            stream.push_str(&format!("from {parent}\n"));
        }
        stream.push_str(&format!(
            "M 100644 inline tickets/2026/{}.md\ndata {}\n{body}\n",
            ticket.to_lowercase(),
            body.len()
        ));
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(server)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .context("git fast-import")?;
    child
        .stdin
        .take()
        .context("stdin")?
        .write_all(stream.as_bytes())?;
    if !child.wait()?.success() {
        bail!("git fast-import failed");
    }
    Ok(())
}

/// Runs the measurement in `work`; prints the figures and returns them as JSON.
pub fn run(corpus_dir: &Path, docs: usize, work: &Path) -> Result<serde_json::Value> {
    let server = work.join("team-kb.git");
    let seed = work.join("seed");
    let laptop = work.join("laptop");
    git(work, &["init", "-q", "-b", "main", seed.to_str().unwrap()])?;
    let t = Instant::now();
    let (n, bytes) = corpus::replicate_count(corpus_dir, &seed, docs)?;
    git(&seed, &["add", "-A"])?;
    git(
        &seed,
        &[
            "-c",
            "user.name=Seed",
            "-c",
            "user.email=seed@example.com",
            "commit",
            "-q",
            "-m",
            "team KB",
        ],
    )?;
    // A local clone hard-links the objects: no pack of every document to compute.
    git(
        work,
        &[
            "clone",
            "-q",
            "--bare",
            seed.to_str().unwrap(),
            server.to_str().unwrap(),
        ],
    )?;
    std::fs::remove_dir_all(&seed)?;
    git(
        work,
        &[
            "clone",
            "-q",
            server.to_str().unwrap(),
            laptop.to_str().unwrap(),
        ],
    )?;
    git(&laptop, &["config", "user.name", "Laptop"])?;
    git(&laptop, &["config", "user.email", "laptop@example.com"])?;
    println!(
        "team pull: {n} documents ({:.0} MB) on the server and cloned in {:.1} s",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let kb = Kb::open_with(
        &laptop,
        KbOptions {
            data_dir: Some(work.join("data")),
            ..Default::default()
        },
    )?;
    println!(
        "laptop KB opened (index built): {} documents in {:.1} s",
        kb.doc_count(),
        t.elapsed().as_secs_f64()
    );
    let repo = Repo::open(&laptop)?;
    // A first sync: the status and the working copy's index are warm, as in a running app.
    sync_kb(&repo, &kb)?;

    let mut rounds = Vec::new();
    for round in 1..=ROUNDS {
        push_notes(&server, round)?;
        let t = Instant::now();
        let report = sync_kb(&repo, &kb)?;
        let synced_ms = t.elapsed().as_secs_f64() * 1000.0;
        let hits = kb.search(&SearchRequest {
            query: word(round, NOTES - 1),
            ..Default::default()
        })?;
        let total_ms = t.elapsed().as_secs_f64() * 1000.0;
        let found = hits
            .hits
            .first()
            .is_some_and(|h| h.path.ends_with(&format!("inc-{round}{:04}.md", NOTES - 1)));
        if report.pulled != NOTES || report.changed.len() != NOTES || !found {
            bail!(
                "round {round}: pulled {} commits, {} files changed, last note found: {found}",
                report.pulled,
                report.changed.len()
            );
        }
        println!(
            "round {round}: pulled {} commits / {} new notes; git part {} ms, sync + re-index \
             {synced_ms:.0} ms, searchable after {total_ms:.0} ms ({} documents)",
            report.pulled,
            report.changed.len(),
            report.took_ms,
            kb.doc_count()
        );
        rounds.push(json!({
            "pulled": report.pulled,
            "changed": report.changed.len(),
            "git_ms": report.took_ms,
            "sync_and_reindex_ms": synced_ms,
            "searchable_ms": total_ms,
        }));
    }
    let worst = rounds
        .iter()
        .filter_map(|r| r["searchable_ms"].as_f64())
        .fold(0.0, f64::max);
    println!(
        "500 new notes searchable within 2 s on {n} documents: {} (worst {worst:.0} ms)",
        if worst <= 2000.0 { "yes" } else { "NO" }
    );
    Ok(json!({ "documents": n, "notes_per_pull": NOTES, "rounds": rounds, "worst_ms": worst }))
}
