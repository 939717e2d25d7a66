//! Walking a flow: a [`FlowSession`] is one person's run through a [`Flow`] — where they are,
//! the answers that got them there, an event log of everything they did (backs and restarts
//! included) and how it ended. It is plain data (serde) so the journal can store it as JSON
//! and load it again; [`FlowSession::reattach`] checks it still fits an edited flow.
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use ts_rs::TS;

use super::{Flow, Node, Outcome};
use crate::error::{Error, Result};

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "FlowStatus")]
pub enum SessionStatus {
    /// Still being walked.
    Active,
    /// Reached a `resolved` outcome.
    Resolved,
    /// Reached an `escalate` outcome.
    Escalated,
    /// Given up before an outcome.
    Abandoned,
}

impl SessionStatus {
    /// Lowercase name (`active`, `resolved`, `escalated`, `abandoned`).
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Active => "active",
            SessionStatus::Resolved => "resolved",
            SessionStatus::Escalated => "escalated",
            SessionStatus::Abandoned => "abandoned",
        }
    }
}

/// One node on the way from the start to where the session is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The node's id.
    pub node_id: String,
    /// The node's title when it was visited (kept even if the flow is edited later).
    pub node_title: String,
    /// The answer chosen at this node; `None` for the node the session is at.
    pub choice_label: Option<String>,
    /// When the session arrived at this node.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// Something that happened in a session, for analytics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionEvent {
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// What.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// The kinds of [`SessionEvent`], serialized with a `type` tag (`started`, `chose`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// The session began at the start node.
    Started {
        /// The start node.
        node_id: String,
    },
    /// An answer was chosen.
    Chose {
        /// The node the answer was given at.
        from: String,
        /// The node it led to.
        to: String,
        /// The answer.
        choice_label: String,
    },
    /// The last answer was taken back.
    Back {
        /// The node left.
        from: String,
        /// The node returned to.
        to: String,
    },
    /// The session went back to the start node.
    Restarted {
        /// The node the session was at.
        from: String,
    },
    /// An outcome node was reached.
    Ended {
        /// The outcome node.
        node_id: String,
        /// How the flow ended.
        outcome: Outcome,
    },
    /// The session was given up.
    Abandoned {
        /// The node the session was at.
        node_id: String,
    },
}

/// One run through a flow. Serialize it to persist it; the flow itself is not stored, only its
/// path and the node ids walked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowSession {
    /// Caller-chosen id (the journal's key).
    pub id: String,
    /// Path of the flow document.
    pub flow_path: String,
    /// Title of the flow when the session started.
    pub flow_title: String,
    /// When the session started.
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    /// When it reached an outcome or was abandoned.
    #[serde(with = "time::serde::rfc3339::option")]
    pub ended_at: Option<OffsetDateTime>,
    /// The outcome reached, if any.
    pub outcome: Option<Outcome>,
    /// The nodes from the start to the current one (never empty).
    pub path: Vec<Step>,
    /// Everything that happened, in order.
    pub events: Vec<SessionEvent>,
}

impl FlowSession {
    /// Starts a session at the flow's start node. Fails only when the flow has no nodes.
    pub fn start(flow: &Flow, id: String, now: OffsetDateTime) -> Result<FlowSession> {
        let node = start_node(flow)?;
        let mut session = FlowSession {
            id,
            flow_path: flow.path.clone(),
            flow_title: flow.title.clone(),
            started_at: now,
            ended_at: None,
            outcome: None,
            path: Vec::new(),
            events: vec![SessionEvent {
                at: now,
                kind: EventKind::Started {
                    node_id: node.id.clone(),
                },
            }],
        };
        session.arrive(node, now);
        Ok(session)
    }

    /// Where the session stands.
    pub fn status(&self) -> SessionStatus {
        match (self.outcome, self.ended_at) {
            (Some(Outcome::Resolved), _) => SessionStatus::Resolved,
            (Some(Outcome::Escalate), _) => SessionStatus::Escalated,
            (None, Some(_)) => SessionStatus::Abandoned,
            (None, None) => SessionStatus::Active,
        }
    }

    /// Id of the node the session is at.
    pub fn current_id(&self) -> &str {
        self.path
            .last()
            .map(|s| s.node_id.as_str())
            .unwrap_or_default()
    }

    /// The node the session is at. Fails when the flow no longer has it (see [`reattach`]).
    ///
    /// [`reattach`]: FlowSession::reattach
    pub fn current<'f>(&self, flow: &'f Flow) -> Result<&'f Node> {
        let id = self.current_id();
        flow.node(id)
            .ok_or_else(|| flow_error(flow, 0, format!("node `{id}` is no longer in the flow")))
    }

    /// Takes answer `choice_index` (0-based) of the current node. Reaching an outcome node ends
    /// the session. Fails on an ended session, at an outcome node, for an index out of range or
    /// a choice leading to a node that does not exist.
    pub fn choose(&mut self, flow: &Flow, choice_index: usize, now: OffsetDateTime) -> Result<()> {
        self.ensure_active()?;
        let node = self.current(flow)?;
        if let Some(o) = node.outcome {
            return Err(Error::Invalid(format!(
                "\"{}\" ends the flow ({}); there is nothing to choose",
                node.title,
                o.as_str()
            )));
        }
        let choice = node.choices.get(choice_index).ok_or_else(|| {
            Error::Invalid(format!(
                "\"{}\" has {} choice(s); there is no choice number {}",
                node.title,
                node.choices.len(),
                choice_index + 1
            ))
        })?;
        let target = flow.node(&choice.target).ok_or_else(|| {
            flow_error(
                flow,
                choice.line,
                format!(
                    "choice \"{}\" leads to `#{}`, which is not a node",
                    choice.label, choice.target
                ),
            )
        })?;
        if let Some(step) = self.path.last_mut() {
            step.choice_label = Some(choice.label.clone());
        }
        self.events.push(SessionEvent {
            at: now,
            kind: EventKind::Chose {
                from: node.id.clone(),
                to: target.id.clone(),
                choice_label: choice.label.clone(),
            },
        });
        self.arrive(target, now);
        Ok(())
    }

    /// Takes back the last answer. Also undoes reaching an outcome (the session is active
    /// again). Returns false at the start node or on an abandoned session.
    pub fn back(&mut self, now: OffsetDateTime) -> bool {
        if self.status() == SessionStatus::Abandoned || self.path.len() < 2 {
            return false;
        }
        let Some(left) = self.path.pop() else {
            return false;
        };
        let Some(prev) = self.path.last_mut() else {
            return false;
        };
        prev.choice_label = None;
        self.outcome = None;
        self.ended_at = None;
        self.events.push(SessionEvent {
            at: now,
            kind: EventKind::Back {
                from: left.node_id,
                to: prev.node_id.clone(),
            },
        });
        true
    }

    /// Goes back to the start node, clearing the path (and any outcome reached); the event log
    /// and `started_at` are kept. Fails on an abandoned session or a flow without nodes.
    pub fn restart(&mut self, flow: &Flow, now: OffsetDateTime) -> Result<()> {
        if self.status() == SessionStatus::Abandoned {
            return Err(Error::Invalid(
                "this session was abandoned; start a new one".into(),
            ));
        }
        let node = start_node(flow)?;
        self.events.push(SessionEvent {
            at: now,
            kind: EventKind::Restarted {
                from: self.current_id().to_string(),
            },
        });
        self.path.clear();
        self.outcome = None;
        self.ended_at = None;
        self.arrive(node, now);
        Ok(())
    }

    /// Gives the session up. Returns false (and changes nothing) when it had already ended.
    pub fn abandon(&mut self, now: OffsetDateTime) -> bool {
        if self.ended_at.is_some() {
            return false;
        }
        self.ended_at = Some(now);
        self.events.push(SessionEvent {
            at: now,
            kind: EventKind::Abandoned {
                node_id: self.current_id().to_string(),
            },
        });
        true
    }

    /// Time from the start to the end, or to the last thing done while still active (never
    /// negative, even if the clock went backwards).
    pub fn elapsed(&self) -> Duration {
        let last = self.events.last().map(|e| e.at).unwrap_or(self.started_at);
        let end = self.ended_at.unwrap_or(last);
        (end - self.started_at).max(Duration::ZERO)
    }

    /// [`elapsed`](FlowSession::elapsed) in whole minutes, rounded to the nearest minute.
    pub fn elapsed_minutes(&self) -> i64 {
        (self.elapsed().whole_seconds() + 30) / 60
    }

    /// One line per step, `"Is the laptop online? → Yes, pages load"`; the last line names the
    /// outcome (`"Renew the certificate → Resolved"`), or just the node while still active.
    pub fn transcript_steps(&self) -> Vec<String> {
        let last = self.path.len().saturating_sub(1);
        self.path
            .iter()
            .enumerate()
            .map(
                |(i, step)| match (&step.choice_label, i == last, self.status()) {
                    (Some(label), _, _) => format!("{} → {label}", step.node_title),
                    (None, true, SessionStatus::Resolved) => {
                        format!("{} → Resolved", step.node_title)
                    }
                    (None, true, SessionStatus::Escalated) => {
                        format!("{} → Escalated", step.node_title)
                    }
                    (None, true, SessionStatus::Abandoned) => {
                        format!("{} → Abandoned", step.node_title)
                    }
                    (None, _, _) => step.node_title.clone(),
                },
            )
            .collect()
    }

    /// The transcript as markdown for the "Steps taken" section of a ticket note: a numbered
    /// list, then a line with the status, the time taken and a link to the flow.
    pub fn transcript_markdown(&self) -> String {
        let mut out = String::new();
        for (i, line) in self.transcript_steps().iter().enumerate() {
            out.push_str(&format!("{}. {}\n", i + 1, escape_markdown(line)));
        }
        let flow = self
            .flow_path
            .strip_suffix(".md")
            .unwrap_or(&self.flow_path);
        let status = match self.status() {
            SessionStatus::Active => "in progress",
            s => s.as_str(),
        };
        out.push_str(&format!(
            "\nFlow [[{flow}]]: {status} after {} min.\n",
            self.elapsed_minutes()
        ));
        out
    }

    /// Checks that a loaded session still fits `flow` (which may have been edited since): every
    /// node walked still exists, every answer given still leads where it led, and the node the
    /// session ended at still ends it the same way. The error lists every change found.
    pub fn reattach(&self, flow: &Flow) -> Result<()> {
        if flow.path != self.flow_path {
            return Err(flow_error(
                flow,
                0,
                format!(
                    "this session belongs to the flow `{}`, not `{}`",
                    self.flow_path, flow.path
                ),
            ));
        }
        let mut changes = Vec::new();
        let mut line = 0;
        let mut note = |l: usize, change: String| {
            if line == 0 {
                line = l;
            }
            changes.push(change);
        };
        for (i, step) in self.path.iter().enumerate() {
            let Some(node) = flow.node(&step.node_id) else {
                note(
                    0,
                    format!(
                        "step {} \"{}\": node `{}` was removed or renamed",
                        i + 1,
                        step.node_title,
                        step.node_id
                    ),
                );
                continue;
            };
            if let (Some(label), Some(next)) = (&step.choice_label, self.path.get(i + 1)) {
                if !node.choices.iter().any(|c| c.target == next.node_id) {
                    note(
                        node.line,
                        format!(
                            "step {} \"{}\": the answer \"{label}\" leading to `{}` was removed",
                            i + 1,
                            step.node_title,
                            next.node_id
                        ),
                    );
                }
            }
            if i + 1 == self.path.len() && node.outcome != self.outcome {
                let now = node.outcome.map(Outcome::as_str).unwrap_or("no outcome");
                let was = self.outcome.map(Outcome::as_str).unwrap_or("no outcome");
                if self.status() != SessionStatus::Abandoned || node.outcome.is_some() {
                    note(
                        node.line,
                        format!("node `{}` now has {now} (the session has {was})", node.id),
                    );
                }
            }
        }
        if changes.is_empty() {
            Ok(())
        } else {
            Err(flow_error(
                flow,
                line,
                format!(
                    "the flow changed since this session started: {}",
                    changes.join("; ")
                ),
            ))
        }
    }

    fn ensure_active(&self) -> Result<()> {
        match self.status() {
            SessionStatus::Active => Ok(()),
            SessionStatus::Abandoned => Err(Error::Invalid("this session was abandoned".into())),
            s => Err(Error::Invalid(format!(
                "this session already ended ({}); go back to change an answer",
                s.as_str()
            ))),
        }
    }

    /// Records arriving at `node`, ending the session when it is an outcome.
    fn arrive(&mut self, node: &Node, now: OffsetDateTime) {
        self.path.push(Step {
            node_id: node.id.clone(),
            node_title: node.title.clone(),
            choice_label: None,
            at: now,
        });
        if let Some(outcome) = node.outcome {
            self.outcome = Some(outcome);
            self.ended_at = Some(now);
            self.events.push(SessionEvent {
                at: now,
                kind: EventKind::Ended {
                    node_id: node.id.clone(),
                    outcome,
                },
            });
        }
    }
}

fn start_node(flow: &Flow) -> Result<&Node> {
    flow.start_node()
        .ok_or_else(|| flow_error(flow, 0, "the flow has no nodes to start from".into()))
}

fn flow_error(flow: &Flow, line: usize, message: String) -> Error {
    Error::Flow {
        path: flow.path.clone().into(),
        line,
        message,
    }
}

/// Escapes the characters that would turn transcript text into markup.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;
    use time::Duration;

    use super::*;

    const GOOD: &str = include_str!("../../../../tests/fixtures/flows/good/vpn-cannot-reach.md");
    const T0: OffsetDateTime = datetime!(2026-10-02 09:00:00 UTC);

    fn flow() -> Flow {
        Flow::parse("flows/vpn-cannot-reach.md", GOOD).0
    }

    fn min(m: i64) -> OffsetDateTime {
        T0 + Duration::minutes(m)
    }

    fn ids(s: &FlowSession) -> Vec<&str> {
        s.path.iter().map(|s| s.node_id.as_str()).collect()
    }

    #[test]
    fn choose_to_an_outcome_sets_status_and_timestamps() {
        let flow = flow();
        let mut s = FlowSession::start(&flow, "s1".into(), T0).unwrap();
        assert_eq!(s.status(), SessionStatus::Active);
        assert_eq!(s.current(&flow).unwrap().id, "start");
        s.choose(&flow, 0, min(2)).unwrap();
        assert_eq!(s.current(&flow).unwrap().id, "vpn-client");
        s.choose(&flow, 0, min(7)).unwrap();
        assert_eq!(ids(&s), ["start", "vpn-client", "renew-cert"]);
        assert_eq!(s.status(), SessionStatus::Resolved);
        assert_eq!(s.outcome, Some(Outcome::Resolved));
        assert_eq!(s.ended_at, Some(min(7)));
        assert_eq!(s.path[1].at, min(2));
        assert_eq!(s.path[0].choice_label.as_deref(), Some("Yes, pages load"));
        assert_eq!(s.path[2].choice_label, None);
        assert_eq!(s.elapsed_minutes(), 7);
        let err = s.choose(&flow, 0, min(8)).unwrap_err();
        assert_eq!(err.code(), "invalid");
        assert!(err.to_string().contains("already ended"), "{err}");
    }

    #[test]
    fn escalation_and_bad_choices() {
        let flow = flow();
        let mut s = FlowSession::start(&flow, "s1".into(), T0).unwrap();
        assert!(s
            .choose(&flow, 5, min(1))
            .unwrap_err()
            .to_string()
            .contains("no choice number 6"));
        s.choose(&flow, 1, min(1)).unwrap();
        s.choose(&flow, 1, min(3)).unwrap();
        assert_eq!(s.status(), SessionStatus::Escalated);
        assert_eq!(s.current(&flow).unwrap().id, "escalate");
    }

    #[test]
    fn back_and_restart_keep_an_event_log() {
        let flow = flow();
        let mut s = FlowSession::start(&flow, "s1".into(), T0).unwrap();
        assert!(!s.back(min(0)), "nothing to take back at the start");
        s.choose(&flow, 1, min(1)).unwrap();
        s.choose(&flow, 0, min(2)).unwrap();
        s.choose(&flow, 2, min(3)).unwrap();
        assert_eq!(s.status(), SessionStatus::Resolved);
        // Back from an outcome reopens the session.
        assert!(s.back(min(4)));
        assert_eq!(s.status(), SessionStatus::Active);
        assert_eq!(s.ended_at, None);
        assert_eq!(s.path.last().unwrap().choice_label, None);
        assert_eq!(ids(&s), ["start", "no-network", "vpn-client"]);
        s.restart(&flow, min(5)).unwrap();
        assert_eq!(ids(&s), ["start"]);
        assert_eq!(s.path[0].at, min(5));
        assert_eq!(s.started_at, T0);
        let kinds: Vec<_> = s
            .events
            .iter()
            .map(|e| match &e.kind {
                EventKind::Started { .. } => "started",
                EventKind::Chose { .. } => "chose",
                EventKind::Back { .. } => "back",
                EventKind::Restarted { .. } => "restarted",
                EventKind::Ended { .. } => "ended",
                EventKind::Abandoned { .. } => "abandoned",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "started",
                "chose",
                "chose",
                "chose",
                "ended",
                "back",
                "restarted"
            ]
        );
        assert!(s.abandon(min(9)));
        assert!(!s.abandon(min(10)));
        assert_eq!(s.status(), SessionStatus::Abandoned);
        assert!(!s.back(min(10)));
        assert!(s.restart(&flow, min(10)).is_err());
        assert!(s.choose(&flow, 0, min(10)).is_err());
        assert_eq!(s.elapsed_minutes(), 9);
    }

    #[test]
    fn transcript_steps_and_markdown() {
        let flow = flow();
        let mut s = FlowSession::start(&flow, "s1".into(), T0).unwrap();
        assert_eq!(s.transcript_steps(), ["Is the laptop online?"]);
        s.choose(&flow, 0, min(1)).unwrap();
        s.choose(&flow, 1, T0 + Duration::seconds(12 * 60 + 40))
            .unwrap();
        assert_eq!(
            s.transcript_steps(),
            [
                "Is the laptop online? → Yes, pages load",
                "Check the VPN client → It keeps spinning on Connecting…",
                "Escalate to the network team → Escalated",
            ]
        );
        assert_eq!(
            s.transcript_markdown(),
            "1. Is the laptop online? → Yes, pages load\n\
             2. Check the VPN client → It keeps spinning on Connecting…\n\
             3. Escalate to the network team → Escalated\n\
             \nFlow [[flows/vpn-cannot-reach]]: escalated after 13 min.\n"
        );
    }

    #[test]
    fn serde_round_trip() {
        let flow = flow();
        let mut s = FlowSession::start(&flow, "s1".into(), T0).unwrap();
        s.choose(&flow, 0, min(1)).unwrap();
        s.back(min(2));
        s.choose(&flow, 0, min(3)).unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert!(
            json.contains("\"started_at\":\"2026-10-02T09:00:00Z\""),
            "{json}"
        );
        assert!(json.contains("\"type\":\"back\""), "{json}");
        let back: FlowSession = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.status(), SessionStatus::Active);
        back.reattach(&flow).unwrap();
    }

    #[test]
    fn reattach_says_what_changed() {
        let flow = flow();
        let mut s = FlowSession::start(&flow, "s1".into(), T0).unwrap();
        s.choose(&flow, 0, min(1)).unwrap();
        s.choose(&flow, 0, min(2)).unwrap();
        s.reattach(&flow).unwrap();

        // Titles may change freely.
        let edited = GOOD.replace(
            "## Check the VPN client",
            "## Check the GlobalProtect client",
        );
        s.reattach(&Flow::parse("flows/vpn-cannot-reach.md", &edited).0)
            .unwrap();

        // A node renamed, an answer removed, an outcome turned into an escalation.
        let edited = GOOD
            .replace("{#vpn-client}", "{#client}")
            .replace("(#vpn-client)", "(#client)")
            .replace(
                "- [Client shows \"certificate expired\"](#renew-cert)\n",
                "",
            )
            .replace(
                "machine certificate {#renew-cert}\nSee",
                "machine certificate {#renew-cert}\n> outcome: escalate\n\nSee",
            )
            .replace(
                "pki-faq.md#renewal).\n> outcome: resolved",
                "pki-faq.md#renewal).",
            );
        let edited = Flow::parse("flows/vpn-cannot-reach.md", &edited).0;
        let err = s.reattach(&edited).unwrap_err();
        assert_eq!(err.code(), "flow");
        let msg = err.to_string();
        assert!(
            msg.contains("the flow changed since this session started"),
            "{msg}"
        );
        assert!(
            msg.contains("node `vpn-client` was removed or renamed"),
            "{msg}"
        );
        assert!(
            msg.contains("node `renew-cert` now has escalate (the session has resolved)"),
            "{msg}"
        );
        assert!(s.current(&edited).is_ok());

        let other = Flow::parse("flows/other.md", GOOD).0;
        assert!(s
            .reattach(&other)
            .unwrap_err()
            .to_string()
            .contains("belongs to the flow"));
    }

    #[test]
    fn removed_answer_is_reported() {
        let flow = flow();
        let mut s = FlowSession::start(&flow, "s1".into(), T0).unwrap();
        s.choose(&flow, 1, min(1)).unwrap();
        let edited = Flow::parse(
            "flows/vpn-cannot-reach.md",
            &GOOD.replace("- [No](#no-network)\n", ""),
        )
        .0;
        let msg = s.reattach(&edited).unwrap_err().to_string();
        assert!(
            msg.contains("the answer \"No\" leading to `no-network` was removed"),
            "{msg}"
        );
        assert!(msg.starts_with("flows/vpn-cannot-reach.md:12:"), "{msg}");
    }

    #[test]
    fn an_empty_flow_cannot_start() {
        let (flow, _) = Flow::parse("flows/empty.md", "just text\n");
        let err = FlowSession::start(&flow, "s".into(), T0).unwrap_err();
        assert_eq!(err.code(), "flow");
    }
}
