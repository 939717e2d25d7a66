//! Command-line arguments.
use std::path::PathBuf;

use clap::{Parser, Subcommand};
pub use fieldguide_core::args::KbArgs;

/// Fieldguide: search runbooks, walk troubleshooting flows, record resolutions.
#[derive(Parser, Debug)]
#[command(name = "fieldguide", version, about)]
pub struct Cli {
    /// `--kb`, `--data-dir`: shared with the desktop app.
    #[command(flatten)]
    pub kb: KbArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Bring the index up to date (or rebuild it) and print counts.
    Index {
        /// Rebuild from scratch.
        #[arg(long)]
        rebuild: bool,
    },
    /// Search the KB.
    Search {
        /// The query: words, "phrases", -word, tag:x kind:y (docs/search.md). `-` reads it from
        /// standard input; put `--` before a query that starts with `-`
        /// (`fieldguide search -- "- When you …"`).
        query: Vec<String>,
        /// Only this kind (repeatable).
        #[arg(long)]
        kind: Vec<String>,
        /// Only with this tag (repeatable).
        #[arg(long)]
        tag: Vec<String>,
        /// Include retired documents.
        #[arg(long)]
        all: bool,
        /// Number of hits.
        #[arg(long, short = 'n', default_value_t = 10)]
        limit: usize,
        /// Say under each hit why it matched (which words in which fields, phrases and
        /// adjacent words, the kind's weight); `--json` always has it (`why`).
        #[arg(long)]
        explain: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one document in the terminal.
    Show {
        /// KB-relative path (or a unique file name without .md).
        path: String,
        /// Print the sanitized HTML instead.
        #[arg(long)]
        html: bool,
        /// Print JSON (the reader's view).
        #[arg(long)]
        json: bool,
    },
    /// Report problems in the KB (bad front matter, broken links, missing images, stale reviews,
    /// invalid flows).
    /// (`check` is an alias kept for older scripts.)
    #[command(alias = "check")]
    Lint {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Exit non-zero on warnings too, not just errors.
        #[arg(long)]
        strict: bool,
    },
    /// Support KPIs for a period (time to resolution, FCR, escalation, reopen, gaps, stale).
    Stats(Box<StatsCmd>),
    /// Write (or --clear) the clearly marked sample journal so the dashboard has data.
    Demo {
        /// Seed of the deterministic generator.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Remove every sample row instead.
        #[arg(long)]
        clear: bool,
    },
    /// Record a resolved (or escalated) ticket as a redacted note under tickets/YYYY/.
    Record(Box<RecordArgs>),
    /// Build an escalation packet (redacted); with --note, save it beside that ticket note.
    Escalate(Box<EscalateArgs>),
    /// Show an escalation packet's lifecycle, or move it on: returned (with --note saying what
    /// was asked), resent, rerouted (--team), accepted, resolved.
    Packet {
        /// KB path of the packet (`tickets/2026/inc-1.escalation.md`).
        path: String,
        /// returned, resent, rerouted, accepted or resolved; omit to show the lifecycle.
        state: Option<String>,
        /// The team acting (for rerouted: the new team).
        #[arg(long)]
        team: Option<String>,
        /// What engineering asked for (returned), or a remark.
        #[arg(long)]
        note: Option<String>,
        /// When it happened (RFC 3339; default now).
        #[arg(long)]
        at: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Score a ticket note against the closure-note rubric and store the score in the note.
    Review {
        /// KB path of the ticket note.
        note: String,
        /// A criterion the note meets (repeatable; overrides the automatic check).
        #[arg(long)]
        pass: Vec<String>,
        /// A criterion the note fails (repeatable).
        #[arg(long)]
        fail: Vec<String>,
        /// KB path of the rubric (default: the KB's `kind: rubric` document).
        #[arg(long)]
        rubric: Option<String>,
        /// Print the score without writing it into the note.
        #[arg(long)]
        dry_run: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Clone the team's KB repository (uses your own git setup: SSH agent, credential helper).
    Clone {
        /// The repository's address (`git@server:team/kb.git`, `https://…`, or a folder).
        url: String,
        /// Where to put it (default: a folder named after the repository in the user's data dir).
        dest: Option<PathBuf>,
    },
    /// Share with the team through git: commit KB changes, fetch, rebase, push, re-index what
    /// changed. Exit code 0 when everything is shared, 1 when offline, in conflict or blocked.
    Sync {
        /// Only print where the KB stands (no network, nothing written).
        #[arg(long)]
        status: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Who changed a document and when, newest first.
    History {
        /// KB-relative path.
        path: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// The changes to a document between two versions (default: the last change plus any
    /// uncommitted edit).
    Diff {
        /// KB-relative path.
        path: String,
        /// From this commit (default: the version before the last change).
        from: Option<String>,
        /// To this commit (default: the file as it is on disk).
        to: Option<String>,
    },
    /// Review of article changes by a lead: list the documents in review, show what changed
    /// since a document's last reviewed version, propose a change for review, approve it.
    /// (Scoring a ticket note against the closure-note rubric is `fieldguide review`.)
    ReviewArticle {
        /// KB-relative path (none: list the documents marked `status: review`).
        path: Option<String>,
        /// Mark the document `status: review` and commit the proposal.
        #[arg(long, conflicts_with = "approve")]
        propose: bool,
        /// Approve the version on disk: `status: published`, `approved`, `approved_by`,
        /// committed as you.
        #[arg(long)]
        approve: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Guided troubleshooting flows: run one in the terminal, lint, draw.
    Flow {
        #[command(subcommand)]
        command: FlowCommand,
    },
}

/// `fieldguide flow …`
#[derive(Subcommand, Debug)]
pub enum FlowCommand {
    /// Walk a flow: type a choice number, `b` back, `r` restart, `q` quit (reads stdin line by
    /// line, so it can be piped). Exit code 0 at an outcome, 1 when abandoned.
    Run {
        /// KB path of the flow, or its file name without .md when unique (`vpn-cannot-connect`).
        name: String,
    },
    /// Check one flow (or every flow): dangling choices, unreachable steps, dead ends, cycles.
    Lint {
        /// KB path or unique file name; all flows when omitted.
        name: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a flow's steps and choices (or its Mermaid chart, or its graph as JSON).
    Show {
        /// KB path or unique file name.
        name: String,
        /// Print a Mermaid `flowchart TD`.
        #[arg(long)]
        mermaid: bool,
        /// Print the layered graph as JSON.
        #[arg(long, conflicts_with = "mermaid")]
        json: bool,
    },
}

/// `fieldguide record`: fields from flags, or from a JSON/YAML draft (`--file`) that flags
/// override. Times are RFC 3339; both default to now.
#[derive(clap::Args, Debug, Default)]
pub struct RecordArgs {
    /// A draft as JSON or YAML (the record form's fields, camelCase).
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// Ticket id (INC-20417).
    #[arg(long)]
    pub ticket: Option<String>,
    /// One-line title.
    #[arg(long)]
    pub title: Option<String>,
    /// Category (network, identity, …).
    #[arg(long)]
    pub category: Option<String>,
    /// Product.
    #[arg(long)]
    pub product: Option<String>,
    /// Tag (repeatable).
    #[arg(long)]
    pub tag: Vec<String>,
    /// When the ticket was opened (default: now).
    #[arg(long)]
    pub opened: Option<String>,
    /// When it was resolved (default: now).
    #[arg(long)]
    pub resolved: Option<String>,
    /// resolved | escalated.
    #[arg(long)]
    pub outcome: Option<String>,
    /// KB path of the flow followed.
    #[arg(long)]
    pub flow: Option<String>,
    /// Article used (repeatable): `path`, `path:yes` (helped) or `path:no`.
    #[arg(long)]
    pub article: Vec<String>,
    /// Minutes spent (default: resolved − opened).
    #[arg(long)]
    pub minutes: Option<i64>,
    /// What the user reported.
    #[arg(long)]
    pub issue: Option<String>,
    /// Environment.
    #[arg(long)]
    pub environment: Option<String>,
    /// A step taken (repeatable, in order).
    #[arg(long)]
    pub step: Vec<String>,
    /// Cause.
    #[arg(long)]
    pub cause: Option<String>,
    /// Resolution (required).
    #[arg(long)]
    pub resolution: Option<String>,
    /// Keep this medium-confidence value (an email, an IP) in clear (repeatable).
    #[arg(long)]
    pub keep: Vec<String>,
    /// The flow session this record closes (journal link).
    #[arg(long)]
    pub session: Option<String>,
    /// Print the findings and the markdown; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `fieldguide escalate`: an escalation packet from flags or `--file` (JSON/YAML).
#[derive(clap::Args, Debug, Default)]
pub struct EscalateArgs {
    /// A packet as JSON or YAML (camelCase fields).
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// Ticket id.
    #[arg(long)]
    pub ticket: Option<String>,
    /// One-line title.
    #[arg(long)]
    pub title: Option<String>,
    /// What is wrong.
    #[arg(long)]
    pub summary: Option<String>,
    /// sev1 (outage) … sev4 (minor); default sev3.
    #[arg(long)]
    pub severity: Option<String>,
    /// Who is affected and how badly.
    #[arg(long)]
    pub impact: Option<String>,
    /// Environment.
    #[arg(long)]
    pub environment: Option<String>,
    /// A reproduction step (repeatable).
    #[arg(long)]
    pub repro: Vec<String>,
    /// A request / correlation id (repeatable).
    #[arg(long)]
    pub request_id: Vec<String>,
    /// A failure timestamp (repeatable).
    #[arg(long)]
    pub timestamp: Vec<String>,
    /// A file of log excerpts (`-` for stdin).
    #[arg(long)]
    pub logs: Option<PathBuf>,
    /// Something already tried (repeatable).
    #[arg(long)]
    pub tried: Vec<String>,
    /// Suspected cause.
    #[arg(long)]
    pub cause: Option<String>,
    /// KB path of the flow followed.
    #[arg(long)]
    pub flow: Option<String>,
    /// Keep this medium-confidence value in clear (repeatable).
    #[arg(long)]
    pub keep: Vec<String>,
    /// Save the packet beside this ticket note (KB path); otherwise only print it.
    #[arg(long)]
    pub note: Option<String>,
    /// KB path of the evidence checklist to check the packet against.
    #[arg(long)]
    pub checklist: Option<String>,
    /// The receiving team (default: the checklist's).
    #[arg(long)]
    pub team: Option<String>,
    /// Category (default: the checklist's).
    #[arg(long)]
    pub category: Option<String>,
    /// Name of a file sent with the packet, e.g. `capture.har` (repeatable).
    #[arg(long)]
    pub attach: Vec<String>,
    /// Tick a checklist item as provided outside the packet (repeatable).
    #[arg(long)]
    pub confirm: Vec<String>,
    /// `ITEM=REASON`: why a checklist item cannot be provided (repeatable).
    #[arg(long, value_name = "ITEM=REASON")]
    pub unavailable: Vec<String>,
    /// Save even when required checklist items are missing (the escalation counts as
    /// avoidable).
    #[arg(long)]
    pub send_incomplete: bool,
}

/// `fieldguide stats …`
#[derive(clap::Args, Debug)]
pub struct StatsCmd {
    /// Start of the period: YYYY-MM-DD (UTC) or an RFC 3339 time.
    #[arg(long)]
    pub from: Option<String>,
    /// End of the period: YYYY-MM-DD (that day included) or an RFC 3339 time (excluded).
    #[arg(long)]
    pub to: Option<String>,
    /// The last N days up to now (default 30).
    #[arg(long)]
    pub days: Option<u32>,
    /// Break figures down by category, product or kind.
    #[arg(long, value_parser = ["category", "product", "kind"])]
    pub by: Option<String>,
    /// Print the whole report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print one table as CSV: segments, ttr-histogram, daily, flows, flow-nodes, articles,
    /// contribution, gaps, stale.
    #[arg(long, value_name = "TABLE")]
    pub csv: Option<String>,
    /// Include the sample (demo) rows.
    #[arg(long)]
    pub include_sample: bool,
    /// The escalation quality figures instead (avoidable rate, round trips, time to
    /// actionable, closure-note audit); --csv then takes escalations, packets or note-audit.
    #[arg(long)]
    pub escalations: bool,
    /// The team's figures instead, from the ticket notes in the KB (every author's, as
    /// synced; authors from git) rather than this laptop's journal.
    #[arg(long, conflicts_with_all = ["escalations", "csv", "by", "include_sample"])]
    pub team: bool,
}
