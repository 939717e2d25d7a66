//! Walking a flow: a [`FlowSession`] is one person's run through a [`Flow`] — where they are,
//! the answers that got them there, an event log of everything they did (backs and restarts
//! included) and how it ended. It is plain data (serde) so the journal can store it as JSON
//! and load it again; [`FlowSession::reattach`] checks it still fits an edited flow.
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::{Flow, Node, Outcome};
use crate::error::{Error, Result};

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
