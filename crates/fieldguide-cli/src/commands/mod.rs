//! One function per subcommand; each opens the KB and calls the core.
mod escalation;
mod flow;
mod lint;
mod record;
mod search;
mod stats;
mod team;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use fieldguide_core::{Kb, KbOptions};

use crate::args::{Cli, Command};

/// The shipped KB: `kb-content/` in the current folder or beside/above the executable, else the
/// repository's copy.
pub fn default_kb() -> PathBuf {
    let cwd = PathBuf::from("kb-content");
    if cwd.is_dir() {
        return cwd;
    }
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1) {
            let c = dir.join("kb-content");
            if c.is_dir() {
                return c;
            }
        }
    }
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../kb-content"))
}

fn kb_options(cli: &Cli, progress: bool) -> KbOptions {
    KbOptions {
        data_dir: cli.kb.data_dir.clone(),
        progress: if progress {
            Some(Box::new(|p: fieldguide_core::Progress| {
                if p.phase != fieldguide_core::Phase::Done {
                    eprint!("\r{:>6} {}/{}   ", p.phase, p.done, p.total);
                } else {
                    eprint!("\r\x1b[K");
                }
            }))
        } else {
            None
        },
        read_only: false,
    }
}

pub fn open_kb(cli: &Cli, progress: bool) -> Result<Kb> {
    let root = cli.kb.kb.clone().unwrap_or_else(default_kb);
    let opts = kb_options(cli, progress);
    let kb =
        Kb::open_with(&root, opts).with_context(|| format!("opening KB {}", root.display()))?;
    if kb.read_only() {
        eprintln!("note: the KB is open in another Fieldguide window; working read-only");
    }
    Ok(kb)
}

/// The KB's index brought up to date (changed files only), without loading the KB.
pub fn open_index(cli: &Cli, progress: bool) -> Result<fieldguide_core::kb::KbIndex> {
    let root = cli.kb.kb.clone().unwrap_or_else(default_kb);
    let idx = fieldguide_core::kb::update_index(&root, &kb_options(cli, progress))
        .with_context(|| format!("opening KB {}", root.display()))?;
    if idx.read_only() {
        eprintln!(
            "note: the KB is open in another Fieldguide window; searching its index as it is"
        );
    }
    Ok(idx)
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Index { rebuild } => search::index(&cli, *rebuild),
        Command::Search {
            query,
            kind,
            tag,
            all,
            limit,
            explain,
            json,
        } => search::search(
            &cli,
            &query.join(" "),
            kind,
            tag,
            *all,
            (*limit, *explain),
            *json,
        ),
        Command::Show { path, html, json } => search::show(&cli, path, *html, *json),
        Command::Lint { json, strict } => lint::lint(&cli, *json, *strict),
        Command::Stats(a) if a.team => team::team_stats(
            &cli,
            &stats::StatsArgs {
                by: None,
                csv: None,
                include_sample: false,
                ..a.args()
            },
        ),
        Command::Stats(a) if a.escalations => escalation::stats(
            &cli,
            &stats::StatsArgs {
                by: None,
                include_sample: false,
                ..a.args()
            },
        ),
        Command::Packet {
            path,
            state,
            team,
            note,
            at,
            json,
        } => escalation::packet(
            &cli,
            path,
            state.as_deref(),
            team.clone(),
            note.clone(),
            at.as_deref(),
            *json,
        ),
        Command::Review {
            note,
            pass,
            fail,
            rubric,
            dry_run,
            json,
        } => escalation::review(&cli, note, pass, fail, rubric.as_deref(), *dry_run, *json),
        Command::Stats(a) => stats::stats(&cli, &a.args()),
        Command::Demo { seed, clear } => stats::demo(&cli, *seed, *clear),
        Command::Record(a) => record::record(&cli, a),
        Command::Escalate(a) => escalation::escalate(&cli, a),
        Command::Flow { command } => flow::run(&cli, command),
        Command::Clone { url, dest } => team::clone(url, dest.as_deref()),
        Command::Sync { status, json } => team::sync(&cli, *status, *json),
        Command::History { path, json } => team::history(&cli, path, *json),
        Command::Diff { path, from, to } => team::diff(&cli, path, from.as_deref(), to.as_deref()),
        Command::ReviewArticle {
            path,
            propose,
            approve,
            json,
        } => team::review_article(&cli, path.as_deref(), *propose, *approve, *json),
    }
}
