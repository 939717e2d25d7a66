//! Escalation quality KPIs, computed from the escalation packets and reviewed ticket notes in
//! the KB (not the journal): the packets' front matter carries the checklist result at send and
//! the lifecycle ([`crate::record::lifecycle`]), the notes carry their review score.
//!
//! Definitions (also in `docs/escalations.md`):
//! - A packet belongs to the period when its `created` (sent) time is in `from <= t < to`.
//! - **Avoidable escalation**: a packet sent with required checklist evidence missing
//!   (`evidence_missing` not empty), or returned for information at least once, or re-routed to
//!   another team. **Avoidable rate** = avoidable / packets sent.
//! - **Round trips per escalation** = `returned` transitions / packets sent.
//! - **Time to actionable**: minutes from sent to the first `accepted`, over the packets of the
//!   period that were accepted (whenever that happened); median and p90 as
//!   [`super::stats::quantile`].
//! - **Team**: the team the packet was first sent to (a re-route counts against the first
//!   routing). **Category**: the packet's `category`. Missing: [`super::UNSPECIFIED`].
//! - **Closure-note audit score**: the mean `review_score` (0–100) of the ticket notes resolved
//!   in the period that were reviewed; **at target** = share of them scoring at least
//!   [`AUDIT_TARGET`].
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use super::csv::{int, minutes, opt_text, ratio, text, write_csv, Cell};
use super::stats::{mean, quantile, rate, sorted_minutes};
use super::UNSPECIFIED;
use crate::error::{Error, Result};
use crate::record::lifecycle::Lifecycle;

/// Review score a closure note should reach.
pub const AUDIT_TARGET: u32 = 90;

/// A reviewed ticket note, as the audit figure needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewedNote {
    /// KB path.
    pub path: String,
    /// Ticket id.
    pub ticket: String,
    /// Category.
    pub category: Option<String>,
    /// When the ticket was resolved.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub resolved: OffsetDateTime,
    /// Review score 0–100.
    pub score: u32,
}

/// Figures for one group of packets (all, one team or one category).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EscalationFigures {
    /// Team or category; `all` for the overall row.
    pub key: String,
    /// Packets sent in the period.
    pub packets: u64,
    /// Of which avoidable (any reason).
    pub avoidable: u64,
    /// avoidable / packets.
    pub avoidable_rate: Option<f64>,
    /// Sent with required evidence missing.
    pub missing_evidence: u64,
    /// Returned for information at least once.
    pub returned: u64,
    /// Re-routed at least once.
    pub rerouted: u64,
    /// `returned` transitions in total.
    pub round_trips: u64,
    /// round_trips / packets.
    pub round_trips_per_escalation: Option<f64>,
    /// Accepted as actionable.
    pub accepted: u64,
    /// Median minutes sent → accepted.
    pub actionable_median_min: Option<f64>,
    /// 90th percentile minutes sent → accepted.
    pub actionable_p90_min: Option<f64>,
}

/// One packet, for drill-down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PacketRow {
    /// KB path.
    pub path: String,
    /// Ticket.
    pub ticket: String,
    /// Title.
    pub title: String,
    /// First team.
    pub team: String,
    /// Category.
    pub category: String,
    /// Current state.
    pub state: String,
    /// When sent.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub sent: OffsetDateTime,
    /// Required items missing at send.
    pub evidence_missing: Vec<String>,
    /// Returned for information, times.
    pub round_trips: u64,
    /// Re-routes.
    pub reroutes: u64,
    /// Minutes to actionable.
    pub minutes_to_actionable: Option<i64>,
    /// Why avoidable (`missing-evidence`, `returned`, `rerouted`); empty when not.
    pub avoidable: Vec<String>,
}

/// The closure-note audit.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditFigures {
    /// Notes resolved in the period that were reviewed.
    pub reviewed: u64,
    /// Mean score.
    pub mean_score: Option<f64>,
    /// Share scoring at least [`AUDIT_TARGET`].
    pub at_target_rate: Option<f64>,
    /// The notes, lowest score first.
    pub notes: Vec<ReviewedNote>,
}

/// Everything the escalation panel shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EscalationReport {
    /// All packets of the period.
    pub overall: EscalationFigures,
    /// Per first team, by packets descending then name.
    pub by_team: Vec<EscalationFigures>,
    /// Per category, same order.
    pub by_category: Vec<EscalationFigures>,
    /// Every packet of the period, newest first.
    pub packets: Vec<PacketRow>,
    /// Closure-note audit.
    pub audit: AuditFigures,
}

/// Which packets a drill-down returns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PacketFilter {
    /// Only this first team.
    pub team: Option<String>,
    /// Only this category.
    pub category: Option<String>,
    /// Only avoidable packets.
    pub avoidable: bool,
}

impl PacketFilter {
    /// Does the row pass?
    pub fn matches(&self, r: &PacketRow) -> bool {
        self.team.as_ref().is_none_or(|t| &r.team == t)
            && self.category.as_ref().is_none_or(|c| &r.category == c)
            && (!self.avoidable || !r.avoidable.is_empty())
    }
}

fn row(l: &Lifecycle) -> PacketRow {
    let or_unspec = |v: &Option<String>| v.clone().unwrap_or_else(|| UNSPECIFIED.to_string());
    PacketRow {
        path: l.path.clone(),
        ticket: l.ticket.clone(),
        title: l.title.clone(),
        team: or_unspec(&l.team),
        category: or_unspec(&l.category),
        state: l.state().as_str().to_string(),
        sent: l.created,
        evidence_missing: l.evidence_missing.clone(),
        round_trips: l.round_trips() as u64,
        reroutes: l.reroutes() as u64,
        minutes_to_actionable: l.minutes_to_actionable(),
        avoidable: l
            .avoidable_reasons()
            .iter()
            .map(|s| s.to_string())
            .collect(),
    }
}

fn figures(key: &str, rows: &[&PacketRow]) -> EscalationFigures {
    let n = rows.len() as u64;
    let count = |f: &dyn Fn(&PacketRow) -> bool| rows.iter().filter(|r| f(r)).count() as u64;
    let avoidable = count(&|r| !r.avoidable.is_empty());
    let round_trips: u64 = rows.iter().map(|r| r.round_trips).sum();
    let times = sorted_minutes(rows.iter().filter_map(|r| r.minutes_to_actionable));
    EscalationFigures {
        key: key.to_string(),
        packets: n,
        avoidable,
        avoidable_rate: rate(avoidable, n),
        missing_evidence: count(&|r| !r.evidence_missing.is_empty()),
        returned: count(&|r| r.round_trips > 0),
        rerouted: count(&|r| r.reroutes > 0),
        round_trips,
        round_trips_per_escalation: rate(round_trips, n),
        accepted: times.len() as u64,
        actionable_median_min: quantile(&times, 0.5),
        actionable_p90_min: quantile(&times, 0.9),
    }
}

fn grouped(rows: &[PacketRow], key: impl Fn(&PacketRow) -> &str) -> Vec<EscalationFigures> {
    let mut groups: BTreeMap<&str, Vec<&PacketRow>> = BTreeMap::new();
    for r in rows {
        groups.entry(key(r)).or_default().push(r);
    }
    let mut out: Vec<_> = groups.iter().map(|(k, v)| figures(k, v)).collect();
    out.sort_by(|a, b| b.packets.cmp(&a.packets).then(a.key.cmp(&b.key)));
    out
}

/// The escalation figures for packets sent in `[from, to)` and notes resolved in it.
pub fn escalation_report(
    packets: &[Lifecycle],
    notes: &[ReviewedNote],
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> EscalationReport {
    let mut rows: Vec<PacketRow> = packets
        .iter()
        .filter(|l| from <= l.created && l.created < to)
        .map(row)
        .collect();
    rows.sort_by(|a, b| b.sent.cmp(&a.sent).then(a.path.cmp(&b.path)));
    let all: Vec<&PacketRow> = rows.iter().collect();
    let mut reviewed: Vec<ReviewedNote> = notes
        .iter()
        .filter(|n| from <= n.resolved && n.resolved < to)
        .cloned()
        .collect();
    reviewed.sort_by(|a, b| a.score.cmp(&b.score).then(a.path.cmp(&b.path)));
    let scores: Vec<f64> = reviewed.iter().map(|n| n.score as f64).collect();
    let at_target = reviewed.iter().filter(|n| n.score >= AUDIT_TARGET).count() as u64;
    EscalationReport {
        overall: figures("all", &all),
        by_team: grouped(&rows, |r| &r.team),
        by_category: grouped(&rows, |r| &r.category),
        audit: AuditFigures {
            reviewed: reviewed.len() as u64,
            mean_score: mean(&scores),
            at_target_rate: rate(at_target, reviewed.len() as u64),
            notes: reviewed,
        },
        packets: rows,
    }
}

/// The CSV tables of the escalation panel.
pub const ESCALATION_TABLES: [&str; 3] = ["escalations", "packets", "note-audit"];

fn figure_cells(group: &str, f: &EscalationFigures) -> Vec<Cell> {
    vec![
        text(group),
        text(&f.key),
        int(f.packets),
        int(f.avoidable),
        ratio(f.avoidable_rate),
        int(f.missing_evidence),
        int(f.returned),
        int(f.rerouted),
        int(f.round_trips),
        ratio(f.round_trips_per_escalation),
        int(f.accepted),
        minutes(f.actionable_median_min),
        minutes(f.actionable_p90_min),
    ]
}

impl EscalationReport {
    /// One table as CSV (same conventions as [`super::Report::to_csv`]): `escalations` (overall,
    /// per team, per category), `packets` (the drill-down rows), `note-audit` (reviewed notes).
    pub fn to_csv(&self, table: &str) -> Result<String> {
        let fmt = |t: OffsetDateTime| {
            t.to_offset(time::UtcOffset::UTC)
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default()
        };
        Ok(match table {
            "escalations" => {
                let mut rows = vec![figure_cells("overall", &self.overall)];
                rows.extend(self.by_team.iter().map(|f| figure_cells("team", f)));
                rows.extend(self.by_category.iter().map(|f| figure_cells("category", f)));
                write_csv(
                    &[
                        "group",
                        "key",
                        "packets",
                        "avoidable",
                        "avoidable_rate",
                        "missing_evidence",
                        "returned",
                        "rerouted",
                        "round_trips",
                        "round_trips_per_escalation",
                        "accepted",
                        "actionable_median_min",
                        "actionable_p90_min",
                    ],
                    rows,
                )
            }
            "packets" => write_csv(
                &[
                    "path",
                    "ticket",
                    "title",
                    "team",
                    "category",
                    "state",
                    "sent",
                    "evidence_missing",
                    "round_trips",
                    "reroutes",
                    "minutes_to_actionable",
                    "avoidable",
                ],
                self.packets
                    .iter()
                    .map(|r| {
                        vec![
                            text(&r.path),
                            text(&r.ticket),
                            text(&r.title),
                            text(&r.team),
                            text(&r.category),
                            text(&r.state),
                            text(fmt(r.sent)),
                            text(r.evidence_missing.join(" ")),
                            int(r.round_trips),
                            int(r.reroutes),
                            Cell::Num(
                                r.minutes_to_actionable
                                    .map(|m| m.to_string())
                                    .unwrap_or_default(),
                            ),
                            text(r.avoidable.join(" ")),
                        ]
                    })
                    .collect(),
            ),
            "note-audit" => write_csv(
                &["path", "ticket", "category", "resolved", "score"],
                self.audit
                    .notes
                    .iter()
                    .map(|n| {
                        vec![
                            text(&n.path),
                            text(&n.ticket),
                            opt_text(n.category.as_deref()),
                            text(fmt(n.resolved)),
                            int(n.score),
                        ]
                    })
                    .collect(),
            ),
            other => {
                return Err(Error::Invalid(format!(
                    "unknown table `{other}`; one of: {}",
                    ESCALATION_TABLES.join(", ")
                )))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::lifecycle::{PacketEvent, PacketState};
    use time::macros::datetime;
    use time::Duration;

    fn packet(
        path: &str,
        team: &str,
        category: Option<&str>,
        sent: OffsetDateTime,
        missing: &[&str],
        events: &[(PacketState, i64, Option<&str>)],
    ) -> Lifecycle {
        Lifecycle {
            path: path.into(),
            ticket: path.to_uppercase(),
            title: format!("packet {path}"),
            created: sent,
            team: Some(team.into()),
            category: category.map(str::to_string),
            checklist: Some("checklists/web.md".into()),
            evidence_missing: missing.iter().map(|s| s.to_string()).collect(),
            events: events
                .iter()
                .map(|(s, min, team)| PacketEvent {
                    state: *s,
                    at: sent + Duration::minutes(*min),
                    team: team.map(str::to_string),
                    note: None,
                })
                .collect(),
        }
    }

    fn fixture() -> Vec<Lifecycle> {
        use PacketState::*;
        let june = datetime!(2026-06-10 09:00 UTC);
        vec![
            // Complete, accepted after 60 min: not avoidable.
            packet("a", "api", Some("web"), june, &[], &[(Accepted, 60, None)]),
            // Missing HAR at send, then returned once, resent, accepted after 300 min.
            packet(
                "b",
                "api",
                Some("web"),
                june + Duration::days(1),
                &["har"],
                &[
                    (Returned, 30, None),
                    (Resent, 120, None),
                    (Accepted, 300, None),
                ],
            ),
            // Complete but returned twice, still open.
            packet(
                "c",
                "api",
                Some("web"),
                june + Duration::days(2),
                &[],
                &[
                    (Returned, 10, None),
                    (Resent, 20, None),
                    (Returned, 40, None),
                ],
            ),
            // Re-routed to identity, accepted after 100 min.
            packet(
                "d",
                "mail",
                None,
                june + Duration::days(3),
                &[],
                &[(Rerouted, 5, Some("identity")), (Accepted, 100, None)],
            ),
            // Complete, accepted after 20 min.
            packet(
                "e",
                "mail",
                Some("email"),
                june + Duration::days(4),
                &[],
                &[(Accepted, 20, None)],
            ),
            // Outside the period (July).
            packet(
                "f",
                "api",
                Some("web"),
                datetime!(2026-07-01 00:00 UTC),
                &["har"],
                &[],
            ),
        ]
    }

    #[test]
    fn known_answers_for_june() {
        let r = escalation_report(
            &fixture(),
            &[],
            datetime!(2026-06-01 0:00 UTC),
            datetime!(2026-07-01 0:00 UTC),
        );
        let o = &r.overall;
        assert_eq!(o.packets, 5);
        assert_eq!(
            (o.avoidable, o.missing_evidence, o.returned, o.rerouted),
            (3, 1, 2, 1)
        );
        assert_eq!(o.avoidable_rate, Some(0.6));
        assert_eq!(o.round_trips, 3);
        assert_eq!(o.round_trips_per_escalation, Some(0.6));
        assert_eq!(o.accepted, 4);
        // Accepted after 20, 60, 100, 300 min: median 80, p90 = 100 + 0.7·200 = 240.
        assert_eq!(o.actionable_median_min, Some(80.0));
        assert!((o.actionable_p90_min.unwrap() - 240.0).abs() < 1e-9);
        let keys: Vec<_> = r
            .by_team
            .iter()
            .map(|f| (f.key.as_str(), f.packets))
            .collect();
        assert_eq!(keys, [("api", 3), ("mail", 2)]);
        let api = &r.by_team[0];
        assert_eq!(api.avoidable_rate, Some(2.0 / 3.0));
        assert_eq!(api.round_trips, 3);
        assert_eq!(api.actionable_median_min, Some(180.0));
        let mail = &r.by_team[1];
        assert_eq!((mail.avoidable, mail.rerouted), (1, 1));
        let cats: Vec<_> = r
            .by_category
            .iter()
            .map(|f| (f.key.as_str(), f.packets))
            .collect();
        assert_eq!(cats, [("web", 3), (UNSPECIFIED, 1), ("email", 1)]);
        // Drill-down: newest first, avoidable reasons named.
        let paths: Vec<_> = r.packets.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["e", "d", "c", "b", "a"]);
        assert_eq!(r.packets[3].avoidable, ["missing-evidence", "returned"]);
        let f = PacketFilter {
            team: Some("api".into()),
            avoidable: true,
            ..Default::default()
        };
        let hits: Vec<_> = r
            .packets
            .iter()
            .filter(|p| f.matches(p))
            .map(|p| p.path.as_str())
            .collect();
        assert_eq!(hits, ["c", "b"]);
    }

    #[test]
    fn windows_move_packets_in_and_out() {
        let july = escalation_report(
            &fixture(),
            &[],
            datetime!(2026-07-01 0:00 UTC),
            datetime!(2026-08-01 0:00 UTC),
        );
        assert_eq!(july.overall.packets, 1);
        assert_eq!(july.overall.avoidable_rate, Some(1.0));
        assert_eq!(july.overall.actionable_median_min, None);
        let empty = escalation_report(
            &[],
            &[],
            datetime!(2026-07-01 0:00 UTC),
            datetime!(2026-08-01 0:00 UTC),
        );
        assert_eq!(empty.overall.avoidable_rate, None);
        assert_eq!(empty.overall.round_trips_per_escalation, None);
        assert!(empty.by_team.is_empty());
        // The window is half-open: a packet sent at `to` is out.
        let to_edge = escalation_report(
            &fixture(),
            &[],
            datetime!(2026-06-01 0:00 UTC),
            datetime!(2026-06-13 09:00 UTC),
        );
        assert_eq!(to_edge.overall.packets, 3);
    }

    #[test]
    fn audit_scores_and_csv() {
        let note = |p: &str, day: u8, score| ReviewedNote {
            path: p.into(),
            ticket: p.into(),
            category: Some("email".into()),
            resolved: datetime!(2026-06-01 12:00 UTC) + Duration::days(day as i64),
            score,
        };
        let notes = [
            note("n1", 1, 100),
            note("n2", 2, 75),
            note("n3", 3, 90),
            note("old", 40, 10),
        ];
        let r = escalation_report(
            &fixture(),
            &notes,
            datetime!(2026-06-01 0:00 UTC),
            datetime!(2026-07-01 0:00 UTC),
        );
        assert_eq!(r.audit.reviewed, 3);
        assert_eq!(r.audit.mean_score, Some(265.0 / 3.0));
        assert_eq!(r.audit.at_target_rate, Some(2.0 / 3.0));
        assert_eq!(r.audit.notes[0].path, "n2");
        let csv = r.to_csv("escalations").unwrap();
        let lines: Vec<_> = csv.split("\r\n").collect();
        assert!(lines[0].starts_with("group,key,packets,avoidable,avoidable_rate"));
        assert_eq!(
            lines[1],
            "overall,all,5,3,0.6000,1,2,1,3,0.6000,4,80.0,240.0"
        );
        assert_eq!(lines[2], "team,api,3,2,0.6667,1,2,0,3,1.0000,2,180.0,276.0");
        let packets = r.to_csv("packets").unwrap();
        assert!(packets.contains("\r\nb,B,packet b,api,web,accepted,2026-06-11T09:00:00Z,har,1,0,300,missing-evidence returned\r\n"), "{packets}");
        assert!(r
            .to_csv("note-audit")
            .unwrap()
            .contains("n2,n2,email,2026-06-03T12:00:00Z,75"));
        assert!(r.to_csv("nope").is_err());
    }
}
