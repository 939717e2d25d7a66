//! Guided troubleshooting on an open KB: starting a flow document as a [`FlowSession`], taking
//! answers, going back, restarting, abandoning — each step saved to the journal at once so a
//! session survives closing the app — and the [`FlowState`] the flow player shows (the step
//! rendered like any document, its choices, the path so far, the whole tree).
//!
//! ```no_run
//! # use fieldguide_core::Kb;
//! let kb = Kb::open("kb-content").unwrap();
//! let s = kb.flow_start("flows/vpn-cannot-connect.md").unwrap();
//! println!("{}: {:?}", s.node.title, s.node.choices);
//! let s = kb.flow_choose(&s.session_id, 0).unwrap();
//! let s = kb.flow_back(&s.session_id).unwrap();
//! assert_eq!(s.breadcrumb.len(), 1);
//! ```
use std::sync::atomic::{AtomicU64, Ordering};

use pulldown_cmark::LinkType;
use serde::Serialize;
use time::OffsetDateTime;
use ts_rs::TS;

use super::{DocRef, Kb};
use crate::article::DocKind;
use crate::error::{Error, Result};
use crate::flow::{Flow, FlowSession, Graph, Outcome, SessionStatus};
use crate::journal::{DocView as ViewRecord, FlowSessionRecord, FlowStatus};
use crate::render::{render_markdown_with, Resolved};

/// Everything the flow player shows for a session, after any action.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FlowState {
    /// The session id (journal key; the player's route is `#/flow/<id>`).
    pub session_id: String,
    /// KB-relative path of the flow document.
    pub flow_path: String,
    /// Title of the flow.
    pub flow_title: String,
    /// The flow's introduction (text before the first step), sanitized HTML; may be empty.
    pub intro_html: String,
    /// `active`, `resolved`, `escalated` or `abandoned`.
    pub status: SessionStatus,
    /// The outcome reached, if any.
    pub outcome: Option<Outcome>,
    /// The step the session is at.
    pub node: NodeView,
    /// The path from the start to the current step.
    pub breadcrumb: Vec<Crumb>,
    /// KB documents the current step links to (resolved; broken links left out).
    pub linked_docs: Vec<DocRef>,
    /// The whole flow, layered for drawing.
    pub graph: Graph,
    /// Ids of the nodes on the path (for marking them in the tree).
    pub visited: Vec<String>,
    /// Minutes from the start to the end (or to the last action).
    pub elapsed_minutes: i64,
    /// One line per step (`"Is the laptop online? → Yes"`).
    pub transcript: Vec<String>,
    /// The transcript as markdown (for a ticket note's "Steps taken").
    pub transcript_markdown: String,
    /// When the session started.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    /// True when there is an answer to take back.
    pub can_go_back: bool,
}

/// One step of a flow, ready to show.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NodeView {
    /// Node id (the `{#id}` of its heading).
    pub id: String,
    /// Heading text.
    pub title: String,
    /// The step's instructions as sanitized HTML; `[[links]]` are `data-doc` links.
    pub html: String,
    /// The answers offered (none at an outcome).
    pub choices: Vec<ChoiceView>,
    /// Set when this step ends the flow.
    pub outcome: Option<Outcome>,
    /// For an escalate outcome: the receiving team and evidence checklist it names.
    pub escalation: Option<crate::flow::EscalationTarget>,
    /// 1-based line of the heading in the flow file.
    pub line: usize,
}

/// One answer offered.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChoiceView {
    /// 0-based index to pass to [`Kb::flow_choose`].
    pub index: usize,
    /// The answer's text.
    pub label: String,
    /// Id of the node it leads to.
    pub target: String,
}

/// One step on the path so far.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Crumb {
    /// 0-based position on the path (going back to it = `len - 1 - index` backs).
    pub index: usize,
    /// Node id.
    pub node_id: String,
    /// Node title when it was visited.
    pub title: String,
    /// The answer given there; `None` for the current step.
    pub answer: Option<String>,
    /// When the session arrived there.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// A resumable session, for "resume where you were".
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FlowSessionSummary {
    /// The session id.
    pub session_id: String,
    /// KB-relative path of the flow.
    pub flow_path: String,
    /// Title of the flow (as it was when the session started).
    pub flow_title: String,
    /// 1-based number of the step the session is at.
    pub step: usize,
    /// Title of that step.
    pub step_title: String,
    /// Last change.
    #[ts(type = "string")]
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// False when the flow was edited or removed so the session can no longer continue
    /// (resuming it then offers a restart).
    pub fits: bool,
}

impl Kb {
    /// Starts a session on the flow document at `path` (KB-relative) and saves it.
    pub fn flow_start(&self, path: &str) -> Result<FlowState> {
        let flow = self.flow(path)?;
        let now = OffsetDateTime::now_utc();
        let session = FlowSession::start(&flow, new_session_id(now), now)?;
        self.save_session(&session, now)?;
        self.journal()
            .record_flow_step(&session.id, session.current_id(), None, now)?;
        self.flow_view(&flow, &session)
    }

    /// Takes answer `choice_index` (0-based) at the current step.
    pub fn flow_choose(&self, session_id: &str, choice_index: usize) -> Result<FlowState> {
        let (flow, mut session) = self.attached(session_id)?;
        let now = OffsetDateTime::now_utc();
        session.choose(&flow, choice_index, now)?;
        self.save_session(&session, now)?;
        let label = session
            .path
            .iter()
            .rev()
            .nth(1)
            .and_then(|s| s.choice_label.clone());
        self.journal().record_flow_step(
            &session.id,
            session.current_id(),
            label.as_deref(),
            now,
        )?;
        self.flow_view(&flow, &session)
    }

    /// Takes back the last answer (also reopens a session that reached an outcome). At the
    /// start step nothing changes.
    pub fn flow_back(&self, session_id: &str) -> Result<FlowState> {
        let (flow, mut session) = self.attached(session_id)?;
        let now = OffsetDateTime::now_utc();
        if session.back(now) {
            self.save_session(&session, now)?;
        }
        self.flow_view(&flow, &session)
    }

    /// Goes back to the start step. Works on a session whose flow changed on disk (the way out
    /// of a `flow_changed` error); fails on an abandoned session.
    pub fn flow_restart(&self, session_id: &str) -> Result<FlowState> {
        let (flow, mut session) = self.loaded(session_id)?;
        let now = OffsetDateTime::now_utc();
        session.restart(&flow, now)?;
        // The titles on the path are refreshed from the flow as it is now.
        session.flow_title = flow.title.clone();
        self.save_session(&session, now)?;
        self.journal()
            .record_flow_step(&session.id, session.current_id(), None, now)?;
        self.flow_view(&flow, &session)
    }

    /// Gives the session up (it leaves the "resume" list). A session that already reached an
    /// outcome is left as it is. Works even when the flow changed or was removed.
    pub fn flow_abandon(&self, session_id: &str) -> Result<()> {
        let mut session = self.load_session(session_id)?;
        let now = OffsetDateTime::now_utc();
        if session.abandon(now) {
            self.save_session(&session, now)?;
        }
        Ok(())
    }

    /// The state of a saved session (after a restart of the app, for instance). Fails with
    /// `flow_changed` when the flow was edited so that the session no longer fits.
    pub fn flow_state(&self, session_id: &str) -> Result<FlowState> {
        let (flow, session) = self.attached(session_id)?;
        self.flow_view(&flow, &session)
    }

    /// The saved session itself (for recording a resolution from it).
    pub fn flow_session(&self, session_id: &str) -> Result<FlowSession> {
        self.load_session(session_id)
    }

    /// Sessions still in progress, most recently used first (sessions saved in another format,
    /// such as demo data, are left out).
    pub fn flow_sessions_active(&self) -> Result<Vec<FlowSessionSummary>> {
        let records = self.journal().active_flow_sessions()?;
        let mut out = Vec::new();
        for r in records {
            let Ok(session) = serde_json::from_str::<FlowSession>(&r.state_json) else {
                continue;
            };
            if session.status() != SessionStatus::Active {
                continue;
            }
            let fits = self
                .flow(&session.flow_path)
                .is_ok_and(|f| session.reattach(&f).is_ok());
            out.push(FlowSessionSummary {
                session_id: session.id.clone(),
                flow_path: session.flow_path.clone(),
                flow_title: session.flow_title.clone(),
                step: session.path.len(),
                step_title: session
                    .path
                    .last()
                    .map(|s| s.node_title.clone())
                    .unwrap_or_default(),
                updated_at: r.updated_at,
                fits,
            });
        }
        Ok(out)
    }

    /// Opens a document linked from a flow step (the reader's view), noting in the journal
    /// that it was read during this session.
    pub fn flow_open_doc(&self, session_id: &str, path: &str) -> Result<super::DocView> {
        // With its images where the host serves them, as the reader shows it.
        let view = match self.image_url_base.get() {
            Some(base) => self.view_with_images(path, base)?,
            None => self.view(path)?,
        };
        let known = self.journal().load_flow_session(session_id)?.is_some();
        self.journal().log_view(&ViewRecord {
            doc_path: view.path.clone(),
            at: OffsetDateTime::now_utc(),
            flow_session_id: known.then(|| session_id.to_string()),
        })?;
        Ok(view)
    }

    /// The flow document at `path`, parsed. Fails when it is missing or not a flow.
    pub fn flow(&self, path: &str) -> Result<Flow> {
        let article = self
            .doc(path)
            .ok_or_else(|| Error::NotFound(format!("the flow {path} is not in the KB")))?;
        if article.kind != DocKind::Flow {
            return Err(Error::Invalid(format!(
                "{path} is not a flow (kind: {})",
                article.kind.as_str()
            )));
        }
        Ok(Flow::from_article(&article).0)
    }

    fn load_session(&self, id: &str) -> Result<FlowSession> {
        let record = self
            .journal()
            .load_flow_session(id)?
            .ok_or_else(|| Error::NotFound(format!("flow session {id}")))?;
        serde_json::from_str(&record.state_json).map_err(|e| {
            Error::Invalid(format!(
                "flow session {id} was saved in a format this version cannot read: {e}"
            ))
        })
    }

    /// The session and its flow, without checking that they still fit.
    fn loaded(&self, id: &str) -> Result<(Flow, FlowSession)> {
        let session = self.load_session(id)?;
        let flow = self.flow(&session.flow_path)?;
        Ok((flow, session))
    }

    /// The session and its flow, failing with `flow_changed` if they no longer fit.
    fn attached(&self, id: &str) -> Result<(Flow, FlowSession)> {
        let (flow, session) = self.loaded(id)?;
        session.reattach(&flow).map_err(|e| match e {
            Error::Flow {
                path,
                line,
                message,
            } => Error::FlowChanged {
                path,
                line,
                message: format!("{message}. Restart the flow to continue."),
            },
            other => other,
        })?;
        Ok((flow, session))
    }

    fn save_session(&self, s: &FlowSession, now: OffsetDateTime) -> Result<()> {
        let state_json = serde_json::to_string(s)
            .map_err(|e| Error::Invalid(format!("flow session {}: {e}", s.id)))?;
        self.journal().upsert_flow_session(&FlowSessionRecord {
            id: s.id.clone(),
            flow_path: s.flow_path.clone(),
            started_at: s.started_at,
            updated_at: now,
            status: match s.status() {
                SessionStatus::Active => FlowStatus::Active,
                SessionStatus::Resolved => FlowStatus::Resolved,
                SessionStatus::Escalated => FlowStatus::Escalated,
                SessionStatus::Abandoned => FlowStatus::Abandoned,
            },
            state_json,
        })
    }

    fn flow_view(&self, flow: &Flow, s: &FlowSession) -> Result<FlowState> {
        let node = s.current(flow)?;
        let resolve = |t: &crate::article::LinkTarget| self.resolve_link(&flow.path, t);
        let images = self.images_for(&flow.path);
        let render = |md: &str| render_markdown_with(md, &resolve, images.as_ref());
        let mut linked_docs: Vec<DocRef> = Vec::new();
        for link in &node.doc_links {
            if let Some(path) = self.resolve_doc_link(&flow.path, link) {
                if path != flow.path && !linked_docs.iter().any(|d| d.path == path) {
                    let title = self.doc(&path).map(|d| d.title.clone()).unwrap_or_default();
                    linked_docs.push(DocRef { path, title });
                }
            }
        }
        Ok(FlowState {
            session_id: s.id.clone(),
            flow_path: flow.path.clone(),
            flow_title: flow.title.clone(),
            intro_html: render(&flow.intro_markdown),
            status: s.status(),
            outcome: s.outcome,
            node: NodeView {
                id: node.id.clone(),
                title: node.title.clone(),
                html: render(&node.body_markdown),
                choices: if node.outcome.is_some() {
                    Vec::new()
                } else {
                    node.choices
                        .iter()
                        .enumerate()
                        .map(|(index, c)| ChoiceView {
                            index,
                            label: c.label.clone(),
                            target: c.target.clone(),
                        })
                        .collect()
                },
                outcome: node.outcome,
                escalation: node.escalation.clone(),
                line: node.line,
            },
            breadcrumb: s
                .path
                .iter()
                .enumerate()
                .map(|(index, step)| Crumb {
                    index,
                    node_id: step.node_id.clone(),
                    title: step.node_title.clone(),
                    answer: step.choice_label.clone(),
                    at: step.at,
                })
                .collect(),
            linked_docs,
            graph: flow.graph(),
            visited: s.path.iter().map(|p| p.node_id.clone()).collect(),
            elapsed_minutes: s.elapsed_minutes(),
            transcript: s.transcript_steps(),
            transcript_markdown: s.transcript_markdown(),
            started_at: s.started_at,
            can_go_back: s.status() != SessionStatus::Abandoned && s.path.len() > 1,
        })
    }

    /// A node's doc link as written (`runbooks/x` from `[[runbooks/x]]`, or `../x.md`) → the
    /// KB path it points at.
    fn resolve_doc_link(&self, from: &str, link: &str) -> Option<String> {
        let wiki = LinkType::WikiLink { has_pothole: false };
        for kind in [wiki, LinkType::Inline] {
            let target = crate::markdown::classify_link(link, kind);
            if let Resolved::Doc { path, .. } = self.resolve_link(from, &target) {
                return Some(path);
            }
        }
        None
    }
}

/// A new session id: time-based and unique within the process (`fs-<hex nanos>-<n>`).
fn new_session_id(now: OffsetDateTime) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("fs-{:x}-{n}", now.unix_timestamp_nanos())
}
