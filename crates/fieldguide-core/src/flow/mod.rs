//! Guided troubleshooting flows: a markdown document with `kind: flow` whose `##` sections are
//! the nodes of a decision tree. This module owns parsing a flow ([`Flow::parse`]), checking it
//! ([`lint`]), walking it ([`FlowSession`], persisted as JSON by the journal) and drawing it
//! ([`Flow::graph`], [`Flow::to_mermaid`]).
//!
//! The format, readable on any git host:
//!
//! ```markdown
//! ---
//! title: Laptop cannot reach the VPN
//! kind: flow
//! ---
//! Intro paragraph.
//!
//! ## Is the laptop online? {#start}
//! Open a browser and load any public site.
//! - [Yes, pages load](#vpn-client)
//! - [No](#no-network)
//!
//! ## Renew the machine certificate {#renew-cert}
//! See [[runbooks/network/renew-machine-certificate]].
//! > outcome: resolved
//! ```
//!
//! * Each `##` heading starts a node; its id is the explicit `{#id}`, else the heading's slug.
//! * The start node is the one with id `start`, else the first node.
//! * A bullet list whose every item is a single link to `#node-id` holds the node's choices;
//!   any other list is ordinary content.
//! * A quote `> outcome: resolved` or `> outcome: escalate` ends the flow at that node; an
//!   escalate quote may add `> team: <team>` and `> checklist: <KB path>` lines.
//!
//! ```
//! use fieldguide_core::flow::{lint, Flow, FlowSession, SessionStatus};
//! use time::macros::datetime;
//!
//! let source = concat!(
//!     "---\ntitle: Printer\nkind: flow\n---\n",
//!     "## Is it plugged in? {#start}\n- [Yes](#done)\n- [No](#plug)\n\n",
//!     "## Plug it in {#plug}\n> outcome: resolved\n\n",
//!     "## Call facilities {#done}\n> outcome: escalate\n",
//! );
//! let (flow, problems) = Flow::parse("flows/printer.md", source);
//! assert!(problems.is_empty() && lint(&flow).is_empty());
//!
//! let t0 = datetime!(2026-10-02 09:00 UTC);
//! let mut session = FlowSession::start(&flow, "s-1".into(), t0).unwrap();
//! assert_eq!(session.current(&flow).unwrap().title, "Is it plugged in?");
//! session.choose(&flow, 1, t0 + time::Duration::minutes(4)).unwrap();
//! assert_eq!(session.status(), SessionStatus::Resolved);
//! assert_eq!(session.transcript_steps()[0], "Is it plugged in? → No");
//! assert_eq!(session.elapsed_minutes(), 4);
//! ```
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::article::Article;
use crate::error::Problem;

mod graph;
mod lint;
mod parse;
mod session;

pub use graph::{Graph, GraphEdge, GraphNode};
pub use lint::lint;
pub use session::{EventKind, FlowSession, SessionEvent, SessionStatus, Step};

/// The id that marks the start node (else the first node starts the flow).
pub const START_ID: &str = "start";

/// A parsed flow: the document's title and intro, then its nodes in document order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    /// Path of the flow document relative to the KB root, `/`-separated.
    pub path: String,
    /// Title of the document (front matter, else `#` heading, else file name).
    pub title: String,
    /// Markdown source between the front matter and the first node (a leading `#` title
    /// heading is left out).
    pub intro_markdown: String,
    /// The nodes in document order (duplicate ids are kept; [`lint`] reports them).
    pub nodes: Vec<Node>,
    /// Id of the start node (`start` when such a node exists, else the first node's id; empty
    /// when the flow has no nodes).
    pub start: String,
}

/// One step of a flow: a `##` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// The explicit `{#id}`, else the GitHub-style slug of the heading.
    pub id: String,
    /// Heading text.
    pub title: String,
    /// 1-based line of the heading in the file.
    pub line: usize,
    /// The section's markdown source without its heading, choice lists and outcome line, for
    /// the shared renderer.
    pub body_markdown: String,
    /// The choices offered, in order.
    pub choices: Vec<Choice>,
    /// Set when reaching this node ends the flow.
    pub outcome: Option<Outcome>,
    /// For an `escalate` outcome: the receiving team and the evidence checklist, from
    /// `team:` / `checklist:` lines in the outcome quote.
    #[serde(default)]
    pub escalation: Option<EscalationTarget>,
    /// Links to other KB documents in the body (`[[wikilinks]]` and relative `.md` links), as
    /// written, without duplicates.
    pub doc_links: Vec<String>,
}

/// One answer offered at a node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// The link text, as plain text.
    pub label: String,
    /// The id of the node it leads to (without `#`).
    pub target: String,
    /// 1-based line of the list item in the file.
    pub line: usize,
}

/// Where an `escalate` outcome sends the ticket:
///
/// ```markdown
/// > outcome: escalate
/// > team: platform-api
/// > checklist: checklists/web-api-errors.md
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EscalationTarget {
    /// The receiving team.
    pub team: Option<String>,
    /// KB path (or wikilink target) of the evidence checklist.
    pub checklist: Option<String>,
}

/// How a flow ends at an outcome node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "FlowOutcome")]
pub enum Outcome {
    /// `> outcome: resolved` — the problem is fixed.
    Resolved,
    /// `> outcome: escalate` — hand the ticket to another team.
    Escalate,
}

impl Outcome {
    /// The word used in the flow file (`resolved` or `escalate`).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Escalate => "escalate",
        }
    }

    /// Parses the word after `outcome:` (`resolved`, `escalate` or `escalated`, any case).
    pub fn parse(s: &str) -> Option<Outcome> {
        match s.trim().to_ascii_lowercase().as_str() {
            "resolved" => Some(Outcome::Resolved),
            "escalate" | "escalated" => Some(Outcome::Escalate),
            _ => None,
        }
    }
}

impl Node {
    /// True when reaching this node ends the flow.
    pub fn is_outcome(&self) -> bool {
        self.outcome.is_some()
    }
}

impl Flow {
    /// Parses a flow document. Never fails: problems found while reading it (bad front matter,
    /// a malformed outcome line, a list mixing choices with other items) come back beside the
    /// flow, with file and line. Run [`lint`] for the structural checks.
    ///
    /// The document's `kind` is not checked; callers decide which documents are flows.
    pub fn parse(path: &str, source: &str) -> (Flow, Vec<Problem>) {
        let (article, mut problems) = crate::markdown::parse_article(path, source.to_string());
        let (flow, more) = parse::from_article(&article);
        problems.extend(more);
        (flow, problems)
    }

    /// Reads the flow out of an already parsed document; returns it with the problems found.
    pub fn from_article(article: &Article) -> (Flow, Vec<Problem>) {
        parse::from_article(article)
    }

    /// The first node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The start node, `None` when the flow has no nodes.
    pub fn start_node(&self) -> Option<&Node> {
        self.node(&self.start)
    }
}

/// Everything wrong with a flow document: what parsing found plus [`lint`]'s checks.
pub fn lint_article(article: &Article) -> Vec<Problem> {
    let (flow, mut problems) = Flow::from_article(article);
    problems.extend(lint(&flow));
    problems
}
