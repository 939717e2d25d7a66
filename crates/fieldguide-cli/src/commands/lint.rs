//! `lint` (alias `check`): the KB's problems, and how lint problems are printed (also by
//! `flow lint`).
use std::process::ExitCode;

use anyhow::Result;

use super::open_kb;
use crate::args::Cli;

/// `fieldguide lint` (alias `check`): every problem in the KB.
pub fn lint(cli: &Cli, json: bool, strict: bool) -> Result<ExitCode> {
    let kb = open_kb(cli, false)?;
    let problems = fieldguide_core::lint::lint_kb(&kb, fieldguide_core::lint::today());
    report_problems(
        &problems,
        json,
        strict,
        &format!("{} documents", kb.doc_count()),
    )
}

/// Prints lint problems (JSON or one per line plus a summary of `checked` documents) and
/// returns the exit code: 1 on errors, or on warnings too when `strict`.
pub fn report_problems(
    problems: &[fieldguide_core::Problem],
    json: bool,
    strict: bool,
    checked: &str,
) -> Result<ExitCode> {
    use fieldguide_core::error::Severity;
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, problems)?;
        writeln!(out)?;
    } else {
        for p in problems {
            writeln!(out, "{p}")?;
        }
        let count = |s: Severity| problems.iter().filter(|p| p.severity == s).count();
        writeln!(
            out,
            "{checked} checked: {} errors, {} warnings",
            count(Severity::Error),
            count(Severity::Warning)
        )?;
    }
    let failing = problems
        .iter()
        .any(|p| p.severity == Severity::Error || (strict && p.severity == Severity::Warning));
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
