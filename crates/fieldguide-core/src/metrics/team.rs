//! Team-wide resolution figures, computed from the **ticket notes in the KB** — the shared
//! markdown every laptop holds after a sync — rather than from this laptop's private journal.
//! Each note is attributed to the person who added it (the author of the git commit that
//! created the file; see [`crate::team::team_notes`]).
//!
//! Definitions (same conventions as the rest of [`crate::metrics`]):
//! - A note belongs to the period when its `resolved` time is in `from <= t < to`.
//! - **Notes**: notes in the period. **Resolved** / **escalated**: by their `outcome`.
//! - **Escalation rate** = escalated / notes (`None` without notes).
//! - **Time to resolution**: `time_to_resolve_min` of the resolved notes; median and p90 as
//!   [`super::stats::quantile`].
//! - **Author**: who added the note to the shared KB; [`UNATTRIBUTED`] for a note not committed
//!   yet (or a KB that is not a git working copy).
use std::collections::BTreeMap;

use serde::Serialize;
use time::OffsetDateTime;
use ts_rs::TS;

use super::stats::{quantile, rate, sorted_minutes};

/// The author shown for notes that no commit attributes to anyone.
pub const UNATTRIBUTED: &str = "(not shared yet)";

/// One ticket note, as the team figures need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamNote {
    /// KB path.
    pub path: String,
    /// Ticket id.
    pub ticket: String,
    /// Who added it (git commit author), `None` when unknown.
    pub author: Option<String>,
    /// Category, if given.
    pub category: Option<String>,
    /// When the ticket was resolved (or escalated).
    #[serde(with = "time::serde::rfc3339")]
    pub resolved: OffsetDateTime,
    /// True for `outcome: escalated`.
    pub escalated: bool,
    /// `time_to_resolve_min`, when given.
    pub time_to_resolve_min: Option<i64>,
}

/// Figures for one group of notes (the whole team, or one author).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamFigures {
    /// The author; `all` for the team row.
    pub key: String,
    /// Notes resolved in the period.
    pub notes: u64,
    /// Of which resolved.
    pub resolved: u64,
    /// Of which escalated.
    pub escalated: u64,
    /// escalated / notes.
    pub escalation_rate: Option<f64>,
    /// Median time to resolution of the resolved notes, minutes.
    pub median_ttr_min: Option<f64>,
    /// 90th percentile of the same.
    pub p90_ttr_min: Option<f64>,
    /// The newest note's resolved time.
    #[ts(type = "string | null")]
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_note: Option<OffsetDateTime>,
}

/// The team's figures for a period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamReport {
    /// Start of the period (inclusive).
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub from: OffsetDateTime,
    /// End (exclusive).
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub to: OffsetDateTime,
    /// The whole team.
    pub overall: TeamFigures,
    /// One row per author, most notes first (then by name).
    pub authors: Vec<TeamFigures>,
    /// Ticket notes in the KB in all (any period): what the figures are drawn from.
    pub notes_in_kb: u64,
    /// True when the authors come from git (the KB is a working copy).
    pub shared: bool,
}

fn figures(key: &str, notes: &[&TeamNote]) -> TeamFigures {
    let escalated = notes.iter().filter(|n| n.escalated).count() as u64;
    let total = notes.len() as u64;
    let ttr = sorted_minutes(
        notes
            .iter()
            .filter(|n| !n.escalated)
            .filter_map(|n| n.time_to_resolve_min),
    );
    TeamFigures {
        key: key.to_string(),
        notes: total,
        resolved: total - escalated,
        escalated,
        escalation_rate: rate(escalated, total),
        median_ttr_min: quantile(&ttr, 0.5),
        p90_ttr_min: quantile(&ttr, 0.9),
        last_note: notes.iter().map(|n| n.resolved).max(),
    }
}

/// The team's figures over the notes resolved in `[from, to)`.
pub fn team_report(
    notes: &[TeamNote],
    from: OffsetDateTime,
    to: OffsetDateTime,
    shared: bool,
) -> TeamReport {
    let in_period: Vec<&TeamNote> = notes
        .iter()
        .filter(|n| n.resolved >= from && n.resolved < to)
        .collect();
    let mut by_author: BTreeMap<&str, Vec<&TeamNote>> = BTreeMap::new();
    for n in &in_period {
        by_author
            .entry(n.author.as_deref().unwrap_or(UNATTRIBUTED))
            .or_default()
            .push(n);
    }
    let mut authors: Vec<TeamFigures> = by_author
        .iter()
        .map(|(who, list)| figures(who, list))
        .collect();
    authors.sort_by(|a, b| b.notes.cmp(&a.notes).then_with(|| a.key.cmp(&b.key)));
    TeamReport {
        from,
        to,
        overall: figures("all", &in_period),
        authors,
        notes_in_kb: notes.len() as u64,
        shared,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn note(author: Option<&str>, at: OffsetDateTime, escalated: bool, ttr: i64) -> TeamNote {
        TeamNote {
            path: format!("tickets/{at}.md"),
            ticket: "INC-1".into(),
            author: author.map(str::to_string),
            category: None,
            resolved: at,
            escalated,
            time_to_resolve_min: Some(ttr),
        }
    }

    #[test]
    fn per_author_and_overall_in_the_period() {
        let notes = vec![
            note(Some("ana"), datetime!(2026-06-01 10:00 UTC), false, 10),
            note(Some("ana"), datetime!(2026-06-02 10:00 UTC), false, 30),
            note(Some("ana"), datetime!(2026-06-03 10:00 UTC), true, 500),
            note(Some("ben"), datetime!(2026-06-04 10:00 UTC), false, 20),
            note(None, datetime!(2026-06-05 10:00 UTC), false, 40),
            // Outside the half-open period.
            note(Some("ben"), datetime!(2026-07-01 0:00 UTC), false, 1),
            note(Some("cy"), datetime!(2026-05-31 23:59 UTC), false, 1),
        ];
        let r = team_report(
            &notes,
            datetime!(2026-06-01 0:00 UTC),
            datetime!(2026-07-01 0:00 UTC),
            true,
        );
        assert_eq!(r.notes_in_kb, 7);
        assert_eq!(r.overall.notes, 5);
        assert_eq!(r.overall.escalated, 1);
        assert_eq!(r.overall.escalation_rate, Some(0.2));
        // Resolved TTRs 10, 20, 30, 40 (the escalated note's 500 is not a resolution time).
        assert_eq!(r.overall.median_ttr_min, Some(25.0));
        let keys: Vec<&str> = r.authors.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["ana", UNATTRIBUTED, "ben"]);
        assert_eq!(r.authors[0].notes, 3);
        assert_eq!(r.authors[0].median_ttr_min, Some(20.0));
        assert_eq!(
            r.authors[0].last_note,
            Some(datetime!(2026-06-03 10:00 UTC))
        );
        let empty = team_report(&[], r.from, r.to, false);
        assert_eq!(empty.overall.escalation_rate, None);
        assert_eq!(empty.overall.median_ttr_min, None);
    }
}
