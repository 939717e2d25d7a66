//! `record`: closing the loop from the command line. Flags (or a JSON/YAML file) become a
//! `RecordDraft`; the core redacts, writes and journals.
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use fieldguide_core::record::{self, ArticleUse, FindingView, Outcome, RecordDraft};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::open_kb;
use crate::args::{Cli, RecordArgs};

pub(super) fn now() -> String {
    let t = OffsetDateTime::now_local().unwrap_or_else(|_| OffsetDateTime::now_utc());
    t.replace_nanosecond(0)
        .unwrap_or(t)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// Reads a JSON or YAML file (by extension; JSON is tried first otherwise) as a JSON value.
pub(super) fn read_value(path: &Path) -> Result<serde_json::Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if ext.as_deref() != Some("yaml") && ext.as_deref() != Some("yml") {
        if let Ok(v) = serde_json::from_str(&text) {
            return Ok(v);
        }
    }
    serde_norway::from_str(&text).map_err(|e| {
        let line = e.location().map(|l| l.line()).unwrap_or(0);
        anyhow::anyhow!("{}:{line}: {e}", path.display())
    })
}

pub(super) fn set<T>(slot: &mut T, v: &Option<T>)
where
    T: Clone,
{
    if let Some(v) = v {
        *slot = v.clone();
    }
}

fn parse_article(s: &str) -> Result<ArticleUse> {
    let (path, helped) = match s.rsplit_once(':') {
        Some((p, h)) => match h.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "helped" => (p, Some(true)),
            "no" | "n" | "false" => (p, Some(false)),
            _ => bail!("--article {s}: after `:` write yes or no"),
        },
        None => (s, None),
    };
    Ok(ArticleUse {
        path: path.to_string(),
        helped,
    })
}

fn draft_from(a: &RecordArgs) -> Result<RecordDraft> {
    let mut d: RecordDraft = match &a.file {
        Some(f) => serde_json::from_value(read_value(f)?)
            .with_context(|| format!("{}: not a record draft", f.display()))?,
        None => RecordDraft::default(),
    };
    set(&mut d.ticket, &a.ticket);
    set(&mut d.title, &a.title);
    set(&mut d.category, &a.category);
    set(&mut d.product, &a.product);
    set(&mut d.opened, &a.opened);
    set(&mut d.resolved, &a.resolved);
    set(&mut d.issue, &a.issue);
    set(&mut d.environment, &a.environment);
    set(&mut d.cause, &a.cause);
    set(&mut d.resolution, &a.resolution);
    if let Some(o) = &a.outcome {
        d.outcome = Outcome::parse(o)
            .with_context(|| format!("--outcome {o}: write resolved or escalated"))?;
    }
    if a.flow.is_some() {
        d.flow = a.flow.clone();
    }
    if a.minutes.is_some() {
        d.time_to_resolve_min = a.minutes;
    }
    d.tags.extend(a.tag.iter().cloned());
    d.steps.extend(a.step.iter().cloned());
    for s in &a.article {
        d.articles.push(parse_article(s)?);
    }
    let t = now();
    if d.opened.trim().is_empty() {
        d.opened = t.clone();
    }
    if d.resolved.trim().is_empty() {
        d.resolved = t;
    }
    Ok(d)
}

pub(super) fn print_findings(findings: &[FindingView]) {
    if findings.is_empty() {
        println!("nothing to redact");
        return;
    }
    for f in findings {
        println!(
            "{:<9} {:<22} {} ({})",
            if f.kept { "kept" } else { "redacted" },
            f.field,
            f.finding.label,
            match f.finding.confidence {
                record::Confidence::High => "high confidence, always redacted",
                record::Confidence::Medium => "medium confidence, --keep VALUE to keep",
            }
        );
    }
}

/// `fieldguide record`.
pub fn record(cli: &Cli, a: &RecordArgs) -> Result<ExitCode> {
    let draft = draft_from(a)?;
    if a.dry_run {
        let p = record::prepare(&draft, &a.keep)?;
        print_findings(&p.findings);
        println!("would write {}\n", p.note.note_rel_path());
        print!("{}", p.markdown);
        return Ok(ExitCode::SUCCESS);
    }
    let kb = open_kb(cli, false)?;
    let preview = kb.record_preview(&draft, &a.keep)?;
    print_findings(&preview.findings);
    let saved = kb.record_save(&draft, &a.keep, a.session.as_deref())?;
    println!(
        "saved {} (ticket {}, session {} for this ticket)",
        saved.path, saved.ticket, saved.sessions_count
    );
    if let Some(e) = saved.journal_error {
        eprintln!("warning: the note is saved but the journal could not record it: {e}");
    }
    commit_if_shared(
        &kb,
        &saved.path,
        &format!("fieldguide: record ticket {}", saved.ticket),
    );
    Ok(ExitCode::SUCCESS)
}

/// When the KB is a git working copy, commits the file just written (shared at the next
/// `fieldguide sync`). A failure only warns: the file is saved and the next sync commits it.
pub(super) fn commit_if_shared(kb: &fieldguide_core::Kb, path: &str, message: &str) {
    let Some(repo) = fieldguide_core::team::Repo::detect(kb.root()) else {
        return;
    };
    match repo.commit_paths(&[path.to_string()], message) {
        Ok(Some(c)) => println!(
            "committed {} (share it with `fieldguide sync`)",
            &c.commit[..7.min(c.commit.len())]
        ),
        Ok(None) => {}
        Err(e) => {
            eprintln!("warning: {path} is saved but not committed ({e}); the next sync commits it")
        }
    }
}
