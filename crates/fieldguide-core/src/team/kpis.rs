//! Team-wide KPIs from the shared ticket notes ([`crate::metrics::team`]): every note in the
//! KB — this laptop's and those that arrived by sync — attributed to the person whose commit
//! added it. The journal (usage, searches, sessions) stays private to each laptop; the notes
//! are what the team shares, so a lead's dashboard shows the team from them.
use std::collections::HashMap;

use time::OffsetDateTime;

use super::Repo;
use crate::article::DocKind;
use crate::error::Result;
use crate::metrics::team::{team_report, TeamNote, TeamReport};
use crate::Kb;

impl Repo {
    /// Who added each KB markdown file: KB-relative path → author name of the newest commit
    /// that added it (renames count as adds, so a note renamed by a sync keeps its writer).
    /// One `git log` over the history.
    pub fn added_by(&self) -> Result<HashMap<String, String>> {
        let spec = format!(":(top){}", self.prefix);
        let ran = self.git.run(&[
            "log",
            "--diff-filter=A",
            "--no-renames",
            "--format=%x1e%an",
            "--name-only",
            "-z",
            "--",
            &spec,
        ])?;
        let mut out = HashMap::new();
        if !ran.ok {
            // An unborn branch: nobody added anything yet.
            return Ok(out);
        }
        let mut author = String::new();
        for token in super::git::split_z(&ran.stdout) {
            if let Some(a) = token.strip_prefix('\u{1e}') {
                author = a.to_string();
            } else if let Some(rel) = self.kb_rel(token.trim_start_matches('\n')) {
                out.entry(rel).or_insert_with(|| author.clone());
            }
        }
        Ok(out)
    }
}

/// The KB's ticket notes with a readable `resolved` time, each with its author from `repo`
/// (`None` without a repository, or for a note not committed yet).
pub fn team_notes(kb: &Kb, repo: Option<&Repo>) -> Result<Vec<TeamNote>> {
    let authors = match repo {
        Some(r) => r.added_by()?,
        None => HashMap::new(),
    };
    Ok(kb
        .docs()
        .iter()
        .filter(|a| a.kind == DocKind::Ticket)
        .filter_map(|a| {
            let resolved = crate::record::parse_time(&a.meta.get_str("resolved")?)?;
            Some(TeamNote {
                path: a.path.clone(),
                ticket: a.meta.ticket.clone().unwrap_or_default(),
                author: authors.get(&a.path).cloned(),
                category: a.meta.category.clone(),
                resolved,
                escalated: a
                    .meta
                    .get_str("outcome")
                    .is_some_and(|o| o.trim().eq_ignore_ascii_case("escalated")),
                time_to_resolve_min: a
                    .meta
                    .get_str("time_to_resolve_min")
                    .and_then(|m| m.trim().parse().ok()),
            })
        })
        .collect())
}

/// The team's figures for notes resolved in `[from, to)`.
pub fn team_kpis(
    kb: &Kb,
    repo: Option<&Repo>,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<TeamReport> {
    let notes = team_notes(kb, repo)?;
    Ok(team_report(&notes, from, to, repo.is_some()))
}
