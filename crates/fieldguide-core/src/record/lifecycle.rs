//! What happened to an escalation packet after it was sent, kept in the packet's own front
//! matter so it travels with the KB (and through git sync):
//!
//! ```yaml
//! state: accepted
//! events:
//!   - {state: returned, at: "2026-03-02T11:00:00Z", team: platform-api, note: "HAR file please"}
//!   - {state: resent, at: "2026-03-02T12:10:00Z"}
//!   - {state: accepted, at: "2026-03-02T13:00:00Z", team: platform-api}
//! ```
//!
//! A packet is `sent` when written (at `created`, to `team`). Transitions:
//!
//! | to | from | needs |
//! |---|---|---|
//! | `returned` (engineering asked for more) | sent, resent, rerouted | what was asked |
//! | `resent` (the answer went back) | returned | |
//! | `rerouted` (sent to another team) | sent, resent, returned | the new team |
//! | `accepted` (actionable) | sent, resent, rerouted, returned | |
//! | `resolved` | accepted | |
//!
//! [`transition`] edits only the `state` and `events` lines of the front matter
//! ([`crate::frontmatter_edit::set_front_matter_keys`]); the rest of the file is unchanged.
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use super::{clean_line, fmt_time, parse_time, yaml_str, FrontMatterMap};
use crate::error::{Error, Result};

/// Where a packet stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum PacketState {
    /// Sent to the receiving team, no answer yet.
    Sent,
    /// Returned for information.
    Returned,
    /// The information asked for was sent back.
    Resent,
    /// Sent on to another team.
    Rerouted,
    /// Accepted as actionable.
    Accepted,
    /// Fixed.
    Resolved,
}

impl PacketState {
    /// All states, in lifecycle order.
    pub const ALL: [PacketState; 6] = [
        PacketState::Sent,
        PacketState::Returned,
        PacketState::Resent,
        PacketState::Rerouted,
        PacketState::Accepted,
        PacketState::Resolved,
    ];

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            PacketState::Sent => "sent",
            PacketState::Returned => "returned",
            PacketState::Resent => "resent",
            PacketState::Rerouted => "rerouted",
            PacketState::Accepted => "accepted",
            PacketState::Resolved => "resolved",
        }
    }

    /// Parses a state name (any case).
    pub fn parse(s: &str) -> Option<PacketState> {
        let s = s.trim().to_ascii_lowercase();
        PacketState::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The states a packet may move to from this one.
    pub fn next(self) -> &'static [PacketState] {
        use PacketState::*;
        match self {
            Sent | Resent => &[Returned, Rerouted, Accepted],
            Rerouted => &[Returned, Accepted],
            Returned => &[Resent, Rerouted, Accepted],
            Accepted => &[Resolved],
            Resolved => &[],
        }
    }
}

/// One transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PacketEvent {
    /// The state entered.
    pub state: PacketState,
    /// When.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The team acting (for `rerouted`: the team it now goes to).
    #[serde(default)]
    pub team: Option<String>,
    /// What was asked (`returned`), or any remark.
    #[serde(default)]
    pub note: Option<String>,
}

/// A packet's lifecycle as its front matter records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Lifecycle {
    /// KB path of the packet.
    pub path: String,
    /// Ticket id.
    pub ticket: String,
    /// Title.
    pub title: String,
    /// When it was sent.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// The team it was first sent to.
    pub team: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// KB path of the checklist it was checked against.
    pub checklist: Option<String>,
    /// Required checklist items missing when it was sent.
    pub evidence_missing: Vec<String>,
    /// Transitions after sending, oldest first.
    pub events: Vec<PacketEvent>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    state: String,
    at: String,
    #[serde(default)]
    team: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

/// 1-based line of the top-level key `key` in `source`'s front matter, else 1.
fn line_of(source: &str, key: &str) -> usize {
    source
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

impl Lifecycle {
    /// Reads the lifecycle of a packet (`kind: escalation`). Errors carry the file and line.
    pub fn read(path: &str, source: &str) -> Result<Lifecycle> {
        let (mut fm, _) = FrontMatterMap::read(path, source)?;
        let bad = |key: &str, message: String| Error::FrontMatter {
            path: path.into(),
            line: line_of(source, key),
            message,
        };
        if fm.take_str("kind")?.as_deref() != Some("escalation") {
            return Err(bad(
                "kind",
                "not an escalation packet (`kind: escalation`)".into(),
            ));
        }
        let ticket = fm.need_str("ticket")?;
        let title = fm.take_str("title")?.unwrap_or_default();
        let created = fm.need_time("created")?;
        let team = fm.take_str("team")?;
        let category = fm.take_str("category")?;
        let checklist = fm.take_str("checklist")?;
        let evidence_missing = fm.take_list("evidence_missing")?;
        let raw: Vec<RawEvent> = match fm.map.remove("events") {
            None | Some(serde_norway::Value::Null) => Vec::new(),
            Some(v) => serde_norway::from_value(v)
                .map_err(|e| bad("events", format!("`events` cannot be read: {e}")))?,
        };
        let mut events = Vec::with_capacity(raw.len());
        let mut state = PacketState::Sent;
        let mut last = created;
        for (i, r) in raw.into_iter().enumerate() {
            let at_line = |m: String| bad("events", format!("event {}: {m}", i + 1));
            let to = PacketState::parse(&r.state)
                .ok_or_else(|| at_line(format!("unknown state `{}`", r.state)))?;
            let at = parse_time(&r.at)
                .ok_or_else(|| at_line(format!("`{}` is not an RFC 3339 time", r.at)))?;
            if !state.next().contains(&to) {
                return Err(at_line(format!(
                    "cannot go from {} to {}",
                    state.as_str(),
                    to.as_str()
                )));
            }
            if at < last {
                return Err(at_line("is earlier than the step before it".into()));
            }
            state = to;
            last = at;
            events.push(PacketEvent {
                state: to,
                at,
                team: r.team,
                note: r.note,
            });
        }
        let recorded = fm.take_str("state")?;
        if let Some(s) = recorded {
            if PacketState::parse(&s) != Some(state) {
                return Err(bad(
                    "state",
                    format!(
                        "`state: {s}` does not match the events (last: {})",
                        state.as_str()
                    ),
                ));
            }
        }
        Ok(Lifecycle {
            path: path.to_string(),
            ticket,
            title,
            created,
            team,
            category,
            checklist,
            evidence_missing,
            events,
        })
    }

    /// The current state.
    pub fn state(&self) -> PacketState {
        self.events
            .last()
            .map(|e| e.state)
            .unwrap_or(PacketState::Sent)
    }

    /// The team handling it now (the last re-route's, else the first).
    pub fn current_team(&self) -> Option<&str> {
        self.events
            .iter()
            .rev()
            .find(|e| e.state == PacketState::Rerouted)
            .and_then(|e| e.team.as_deref())
            .or(self.team.as_deref())
    }

    /// How many times engineering sent it back for information.
    pub fn round_trips(&self) -> usize {
        self.count(PacketState::Returned)
    }

    /// How many times it was re-routed to another team.
    pub fn reroutes(&self) -> usize {
        self.count(PacketState::Rerouted)
    }

    fn count(&self, s: PacketState) -> usize {
        self.events.iter().filter(|e| e.state == s).count()
    }

    /// When it was accepted as actionable.
    pub fn accepted_at(&self) -> Option<OffsetDateTime> {
        self.events
            .iter()
            .find(|e| e.state == PacketState::Accepted)
            .map(|e| e.at)
    }

    /// Minutes from sent to accepted.
    pub fn minutes_to_actionable(&self) -> Option<i64> {
        self.accepted_at()
            .map(|a| (a - self.created).whole_minutes())
    }

    /// Why the escalation was avoidable, empty when it was not: required evidence missing at
    /// send, returned for information, re-routed to another team.
    pub fn avoidable_reasons(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if !self.evidence_missing.is_empty() {
            out.push("missing-evidence");
        }
        if self.round_trips() > 0 {
            out.push("returned");
        }
        if self.reroutes() > 0 {
            out.push("rerouted");
        }
        out
    }
}

/// What a transition records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Transition {
    /// The state to enter.
    pub to: PacketState,
    /// When (default: now).
    #[ts(optional = nullable, type = "string")]
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub at: Option<OffsetDateTime>,
    /// The team acting; for `rerouted` the new team (required).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub team: Option<String>,
    /// What was asked (required for `returned`), or a remark.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub note: Option<String>,
}

fn event_yaml(e: &PacketEvent) -> String {
    let mut s = format!(
        "{{state: {}, at: {}",
        e.state.as_str(),
        yaml_str(&fmt_time(e.at))
    );
    if let Some(t) = &e.team {
        s.push_str(&format!(", team: {}", yaml_str(t)));
    }
    if let Some(n) = &e.note {
        s.push_str(&format!(", note: {}", yaml_str(n)));
    }
    s.push('}');
    s
}

/// Applies a transition to the packet text `source` (at `path`, for messages): checks that it
/// is allowed from the current state and not earlier than the last step, then rewrites only the
/// `state` and `events` keys. `now` is used when `t.at` is empty. The note is redacted.
pub fn transition(
    path: &str,
    source: &str,
    t: &Transition,
    now: OffsetDateTime,
) -> Result<(String, Lifecycle)> {
    let mut life = Lifecycle::read(path, source)?;
    let from = life.state();
    if !from.next().contains(&t.to) {
        let allowed: Vec<_> = from.next().iter().map(|s| s.as_str()).collect();
        return Err(Error::Invalid(format!(
            "{path}: the packet is {}; it can go to {} but not {}",
            from.as_str(),
            if allowed.is_empty() {
                "nothing else".to_string()
            } else {
                allowed.join(", ")
            },
            t.to.as_str()
        )));
    }
    let at = t.at.unwrap_or(now);
    let last = life.events.last().map(|e| e.at).unwrap_or(life.created);
    if at < last {
        return Err(Error::Invalid(format!(
            "{path}: {} is earlier than the packet's last step ({})",
            fmt_time(at),
            fmt_time(last)
        )));
    }
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(clean_line)
            .filter(|s| !s.is_empty())
            .map(|s| super::redact::redact(&s, &[]).text)
    };
    let team = clean(&t.team);
    let note = clean(&t.note);
    if t.to == PacketState::Returned && note.is_none() {
        return Err(Error::Invalid(format!(
            "{path}: say what engineering asked for when returning a packet"
        )));
    }
    if t.to == PacketState::Rerouted && team.is_none() {
        return Err(Error::Invalid(format!(
            "{path}: re-routing needs the new team"
        )));
    }
    life.events.push(PacketEvent {
        state: t.to,
        at,
        team,
        note,
    });
    let events: String = life
        .events
        .iter()
        .map(|e| format!("\n  - {}", event_yaml(e)))
        .collect();
    let text = crate::frontmatter_edit::set_front_matter_keys(
        source,
        &[
            ("state", Some(t.to.as_str().to_string())),
            ("events", Some(events)),
        ],
    )
    .map_err(|e| match e {
        Error::FrontMatter { line, message, .. } => Error::FrontMatter {
            path: path.into(),
            line,
            message,
        },
        other => other,
    })?;
    // What we wrote must read back as the lifecycle we meant.
    let back = Lifecycle::read(path, &text)?;
    if back != life {
        return Err(Error::Invalid(format!(
            "{path}: the lifecycle could not be written without changing other keys"
        )));
    }
    Ok((text, back))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const PACKET: &str = "---\nkind: escalation\nticket: INC-1\ntitle: API 500\nseverity: sev2\nteam: platform-api\ncategory: web\nchecklist: checklists/web.md\ncreated: 2026-03-02T10:00:00Z\nevidence_missing: [har]\n# a comment the edit keeps\n---\n\n## Summary\n\nBody stays.\n";

    fn step(to: PacketState, at: OffsetDateTime, note: Option<&str>) -> Transition {
        Transition {
            to,
            at: Some(at),
            team: None,
            note: note.map(str::to_string),
        }
    }

    #[test]
    fn returned_resent_accepted_resolved() {
        let t0 = datetime!(2026-03-02 10:00 UTC);
        let l = Lifecycle::read("p.md", PACKET).unwrap();
        assert_eq!(l.state(), PacketState::Sent);
        assert_eq!(l.avoidable_reasons(), ["missing-evidence"]);
        let (a, _) = transition(
            "p.md",
            PACKET,
            &Transition {
                team: Some("platform-api".into()),
                ..step(
                    PacketState::Returned,
                    t0 + time::Duration::hours(1),
                    Some("HAR file: please"),
                )
            },
            t0,
        )
        .unwrap();
        // Only the state and events lines are added; the rest is byte-for-byte.
        assert_eq!(
            a,
            PACKET.replace(
                "# a comment the edit keeps\n",
                "# a comment the edit keeps\nstate: returned\nevents:\n  - {state: returned, at: \"2026-03-02T11:00:00Z\", team: platform-api, note: \"HAR file: please\"}\n"
            )
        );
        let (b, _) = transition(
            "p.md",
            &a,
            &step(PacketState::Resent, t0 + time::Duration::hours(2), None),
            t0,
        )
        .unwrap();
        let (c, l) = transition(
            "p.md",
            &b,
            &step(
                PacketState::Accepted,
                t0 + time::Duration::minutes(150),
                None,
            ),
            t0,
        )
        .unwrap();
        assert!(c.ends_with("---\n\n## Summary\n\nBody stays.\n"));
        assert_eq!(l.state(), PacketState::Accepted);
        assert_eq!(l.round_trips(), 1);
        assert_eq!(l.minutes_to_actionable(), Some(150));
        assert_eq!(l.avoidable_reasons(), ["missing-evidence", "returned"]);
        let (_, l) = transition(
            "p.md",
            &c,
            &step(PacketState::Resolved, t0 + time::Duration::days(1), None),
            t0,
        )
        .unwrap();
        assert_eq!(l.state(), PacketState::Resolved);
        assert_eq!(l.events.len(), 4);
    }

    #[test]
    fn bad_transitions_are_refused() {
        let t0 = datetime!(2026-03-02 10:00 UTC);
        let e = transition("p.md", PACKET, &step(PacketState::Resolved, t0, None), t0)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(
                "the packet is sent; it can go to returned, rerouted, accepted but not resolved"
            ),
            "{e}"
        );
        let e = transition("p.md", PACKET, &step(PacketState::Returned, t0, None), t0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("say what engineering asked for"), "{e}");
        let e = transition("p.md", PACKET, &step(PacketState::Rerouted, t0, None), t0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("needs the new team"), "{e}");
        let e = transition(
            "p.md",
            PACKET,
            &step(PacketState::Accepted, datetime!(2026-03-02 09:00 UTC), None),
            t0,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("earlier than the packet's last step"), "{e}");
    }

    #[test]
    fn reroutes_change_the_team_and_hand_edits_are_checked() {
        let t0 = datetime!(2026-03-02 10:00 UTC);
        let (a, l) = transition(
            "p.md",
            PACKET,
            &Transition {
                team: Some("identity".into()),
                ..step(PacketState::Rerouted, t0, None)
            },
            t0,
        )
        .unwrap();
        assert_eq!(l.current_team(), Some("identity"));
        assert_eq!(l.reroutes(), 1);
        // A hand edit that breaks the order is reported with its line.
        let broken = a.replace("\nstate: rerouted\n", "\nstate: accepted\n");
        match Lifecycle::read("p.md", &broken).unwrap_err() {
            Error::FrontMatter { line, message, .. } => {
                assert_eq!(line, 12);
                assert!(message.contains("does not match the events"), "{message}");
            }
            e => panic!("{e}"),
        }
        let bad = a.replace("state: rerouted, at", "state: resolved, at");
        let e = Lifecycle::read("p.md", &bad).unwrap_err().to_string();
        assert!(
            e.contains("event 1: cannot go from sent to resolved"),
            "{e}"
        );
    }
}
