// Generated from the Rust types by src-tauri/src/contract.rs (ts-rs): do not edit.
// After changing a type the UI receives, run `make types`.

/**
 * The outcome of an approval.
 */
export type Approved = { 
/**
 * The approval commit (`None` when the KB is not committed to, never in practice).
 */
committed: Committed | null, 
/**
 * The commit of the last reviewed version the changes were compared with.
 */
base: string | null, };

/**
 * How one document performed in the period. Only documents with some activity appear.
 */
export type ArticleFigures = { 
/**
 * KB-relative path.
 */
path: string, 
/**
 * Title, when known.
 */
title: string | null, 
/**
 * Kind, when known.
 */
kind: string | null, 
/**
 * Segment value (when `segment_by` is set).
 */
segment: string | null, 
/**
 * Views in the period.
 */
views: number, 
/**
 * Views that led to a resolution: the view belongs to a flow session that some record
 * with outcome `resolved` in the period used, or the document is listed in the articles
 * of such a record and the view happened between its `opened_at` and `resolved_at`.
 */
viewsLeadingToResolution: number, 
/**
 * Records (any outcome) in the period listing this document among their articles.
 */
resolutionsUsing: number, 
/**
 * Of those, how many said it helped (`helped == Some(true)`).
 */
helpedInResolutions: number, 
/**
 * "Did this help?" yes votes in the period.
 */
helpfulYes: number, 
/**
 * "Did this help?" no votes in the period.
 */
helpfulNo: number, 
/**
 * helpful_yes / (helpful_yes + helpful_no).
 */
helpfulRate: number | null, 
/**
 * Outdated flags open now.
 */
openFlags: number, };

/**
 * A KB article consulted while working the ticket.
 */
export type ArticleUse = { 
/**
 * KB-relative path (`articles/identity/sso-loop.md`).
 */
path: string, 
/**
 * Whether it helped; `None` when not said.
 */
helped: boolean | null, };

/**
 * The closure-note audit.
 */
export type AuditFigures = { 
/**
 * Notes resolved in the period that were reviewed.
 */
reviewed: number, 
/**
 * Mean score.
 */
meanScore: number | null, 
/**
 * Share scoring at least [`AUDIT_TARGET`].
 */
atTargetRate: number | null, 
/**
 * The notes, lowest score first.
 */
notes: Array<ReviewedNote>, };

/**
 * An error returned by a command.
 */
export type BackendErrorPayload = { 
/**
 * Stable code (`not_found`, `loading`, `conflict`, `permission_denied`, …).
 */
code: string, 
/**
 * Human-readable message.
 */
message: string, };

/**
 * A reference to another document.
 */
export type Backlink = { 
/**
 * KB-relative path.
 */
path: string, 
/**
 * Title.
 */
title: string, };

/**
 * One commit that changed a file.
 */
export type Change = { 
/**
 * The commit hash.
 */
commit: string, 
/**
 * Author name.
 */
author: string, 
/**
 * Author email.
 */
email: string, 
/**
 * Author time, seconds since the Unix epoch.
 */
time: number, 
/**
 * The subject line.
 */
message: string, };

/**
 * One answer offered.
 */
export type ChoiceView = { 
/**
 * 0-based index to pass to [`Kb::flow_choose`].
 */
index: number, 
/**
 * The answer's text.
 */
label: string, 
/**
 * Id of the node it leads to.
 */
target: string, };

/**
 * A commit made by Fieldguide.
 */
export type Committed = { 
/**
 * Its hash.
 */
commit: string, 
/**
 * Its subject line.
 */
message: string, 
/**
 * The KB-relative files it holds.
 */
paths: Array<string>, };

/**
 * How sure a rule is that a match is sensitive.
 */
export type Confidence = "high" | "medium";

/**
 * The versions of a conflicted file; `None` where the file does not exist (deleted on that
 * side, or new on both).
 */
export type ConflictVersions = { 
/**
 * This laptop's version (`HEAD`).
 */
ours: string | null, 
/**
 * The team's version (the upstream as of the last fetch).
 */
theirs: string | null, 
/**
 * The version both started from (their merge base).
 */
base: string | null, };

/**
 * Knowledge contribution in the period: KB changes by document kind (and segment).
 */
export type Contribution = { 
/**
 * One row per document kind (and segment value when `segment_by` is set).
 */
rows: Array<ContributionRow>, 
/**
 * Records in the period with a ticket note (`note_path`) — ticket notes captured.
 */
ticketNotes: number, 
/**
 * Distinct non-empty `by` among the changes.
 */
contributors: number, };

/**
 * Change counts for one document kind. The kind is the change's recorded `doc_kind`, else
 * the kind in the document list, else `unknown`.
 */
export type ContributionRow = { 
/**
 * Document kind.
 */
kind: string, 
/**
 * Segment value of the changed documents (when `segment_by` is set).
 */
segment: string | null, 
/**
 * Created.
 */
created: number, 
/**
 * Updated.
 */
updated: number, 
/**
 * Renamed.
 */
renamed: number, 
/**
 * Retired.
 */
retired: number, 
/**
 * Deleted.
 */
deleted: number, };

/**
 * A criterion judged.
 */
export type CriterionResult = { 
/**
 * Criterion id.
 */
id: string, 
/**
 * Label.
 */
label: string, 
/**
 * Weight.
 */
weight: number, 
/**
 * Passed.
 */
passed: boolean, 
/**
 * Judged by the reviewer (else by the automatic check).
 */
byReviewer: boolean, 
/**
 * Why.
 */
reason: string, };

/**
 * One step on the path so far.
 */
export type Crumb = { 
/**
 * 0-based position on the path (going back to it = `len - 1 - index` backs).
 */
index: number, 
/**
 * Node id.
 */
nodeId: string, 
/**
 * Node title when it was visited.
 */
title: string, 
/**
 * The answer given there; `None` for the current step.
 */
answer: string | null, 
/**
 * When the session arrived there.
 */
at: string, };

/**
 * One day of the resolved-count / median-TTR line chart.
 */
export type DailyPoint = { 
/**
 * UTC calendar date.
 */
date: string, 
/**
 * Records with outcome `resolved` whose `resolved_at` falls on that UTC date.
 */
resolved: number, 
/**
 * Their median time to resolve; `None` on days with none.
 */
medianTtrMin: number | null, };

/**
 * How many rows [`populate`] wrote.
 */
export type DemoSummary = { 
/**
 * Searches.
 */
searches: number, 
/**
 * Document views.
 */
views: number, 
/**
 * Feedback votes.
 */
feedback: number, 
/**
 * Resolutions and escalations.
 */
resolutions: number, 
/**
 * Flow sessions.
 */
flowSessions: number, 
/**
 * KB changes.
 */
kbChanges: number, };

/**
 * What a document is. Comes from front matter `kind`, else from its folder, else `Article`.
 */
export type DocKind = "runbook" | "article" | "flow" | "ticket" | "escalation" | "checklist" | "rubric";

/**
 * Front-matter facts shown in the reader.
 */
export type DocMeta = { 
/**
 * Product.
 */
product: string | null, 
/**
 * Category.
 */
category: string | null, 
/**
 * Owner.
 */
owner: string | null, 
/**
 * Review-by date.
 */
reviewBy: string | null, 
/**
 * Last update date.
 */
updated: string | null, 
/**
 * Ticket id (ticket notes).
 */
ticket: string | null, 
/**
 * Closure-note score stored by a lead's review (ticket notes; `review_score`).
 */
reviewScore: number | null, };

/**
 * Lifecycle state of a document.
 */
export type DocStatus = "draft" | "published" | "retired" | "review";

/**
 * A document template.
 */
export type DocTemplate = { 
/**
 * Stable id (`kcs-article`, `runbook`, `flow`).
 */
id: string, 
/**
 * What the picker shows.
 */
label: string, 
/**
 * The `kind` it creates.
 */
kind: string, 
/**
 * The folder new documents of this template go to by default.
 */
folder: string, 
/**
 * The markdown, front matter included.
 */
text: string, };

/**
 * Everything the reader pane shows for one document.
 */
export type DocView = { 
/**
 * KB-relative path.
 */
path: string, 
/**
 * Title.
 */
title: string, 
/**
 * Kind name.
 */
kind: string, 
/**
 * Status name.
 */
status: string, 
/**
 * Tags.
 */
tags: Array<string>, 
/**
 * Front-matter facts.
 */
meta: DocMeta, 
/**
 * Sanitized HTML of the body.
 */
html: string, 
/**
 * Table of contents.
 */
toc: Array<TocEntry>, 
/**
 * Documents linking here.
 */
backlinks: Array<Backlink>, 
/**
 * Problems found in this document.
 */
problems: Array<Problem>, };

/**
 * Which rows behind a dashboard figure to list.
 */
export type Drill = { "type": "resolutions", 
/**
 * Which records.
 */
filter?: ResolutionFilter, } | { "type": "article", 
/**
 * KB-relative path.
 */
path: string, } | { "type": "flowSessions", 
/**
 * Only this flow.
 */
flowPath?: string | null, 
/**
 * Only sessions in this state.
 */
status?: FlowStatus | null, } | { "type": "gaps", 
/**
 * A normalized query (a row of the gaps table); `None`: all gap searches.
 */
query?: string | null, 
/**
 * Zero-result, no-click or either (default).
 */
kind?: GapKind, };

/**
 * The rows a [`Drill`] returns.
 */
export type DrillRows = { "type": "resolutions", "rows": Array<Stored<Resolution>> } | { "type": "flowSessions", "rows": Array<FlowSessionRecord> } | { "type": "searches", "rows": Array<SearchRecord> };

/**
 * A document opened in the editor.
 */
export type EditDoc = { 
/**
 * KB-relative path.
 */
path: string, 
/**
 * The text as on disk (a UTF-8 byte-order mark dropped).
 */
text: string, 
/**
 * Hash of the bytes on disk when loaded: pass it back to [`Kb::save_doc`].
 */
baseHash: string, 
/**
 * The front-matter form as the text has it.
 */
form: FrontMatterForm, };

/**
 * The editor's live preview of unsaved text.
 */
export type EditPreview = { 
/**
 * The title the document would have.
 */
title: string, 
/**
 * Sanitized HTML of the body.
 */
html: string, 
/**
 * Problems (bad front matter, broken links, review date, flow errors), with lines.
 */
problems: Array<Problem>, 
/**
 * The front-matter form as the text has it.
 */
form: FrontMatterForm, };

/**
 * Figures for one group of packets (all, one team or one category).
 */
export type EscalationFigures = { 
/**
 * Team or category; `all` for the overall row.
 */
key: string, 
/**
 * Packets sent in the period.
 */
packets: number, 
/**
 * Of which avoidable (any reason).
 */
avoidable: number, 
/**
 * avoidable / packets.
 */
avoidableRate: number | null, 
/**
 * Sent with required evidence missing.
 */
missingEvidence: number, 
/**
 * Returned for information at least once.
 */
returned: number, 
/**
 * Re-routed at least once.
 */
rerouted: number, 
/**
 * `returned` transitions in total.
 */
roundTrips: number, 
/**
 * round_trips / packets.
 */
roundTripsPerEscalation: number | null, 
/**
 * Accepted as actionable.
 */
accepted: number, 
/**
 * Median minutes sent → accepted.
 */
actionableMedianMin: number | null, 
/**
 * 90th percentile minutes sent → accepted.
 */
actionableP90Min: number | null, };

/**
 * An escalation packet.
 */
export type EscalationPacket = { 
/**
 * Ticket id (required).
 */
ticket: string, 
/**
 * One-line title (required).
 */
title: string, 
/**
 * What is wrong, in a few lines (required).
 */
summary: string, 
/**
 * Severity.
 */
severity: EscalationSeverity, 
/**
 * Who/what is affected and how badly.
 */
impact: string, 
/**
 * Environment.
 */
environment: string, 
/**
 * Steps to reproduce.
 */
reproduction: Array<string>, 
/**
 * Evidence.
 */
evidence: Evidence, 
/**
 * What was already tried (e.g. the flow path taken).
 */
tried: Array<string>, 
/**
 * Suspected cause.
 */
suspectedCause: string, 
/**
 * KB path of the flow followed, if any.
 */
flow: string | null, 
/**
 * The team it is sent to (from the flow's escalate outcome or the checklist).
 */
team: string | null, 
/**
 * Category of the problem (from the checklist or the ticket note).
 */
category: string | null, 
/**
 * KB path of the evidence checklist the packet is checked against.
 */
checklist: string | null, 
/**
 * Checklist item ids the technician ticks as provided (e.g. sent outside the packet).
 * An input only: folded into `checks` by [`prepare_escalation_with`].
 */
confirmed: Array<string>, 
/**
 * Item id → why it cannot be provided. An input only, folded into `checks`.
 */
unavailable: { [key in string]: string }, 
/**
 * Every checklist item judged against the packet at send (empty without a checklist).
 */
checks: Array<ItemCheck>, 
/**
 * When the packet was created.
 */
created: string, };

/**
 * Everything the escalation panel shows.
 */
export type EscalationReport = { 
/**
 * All packets of the period.
 */
overall: EscalationFigures, 
/**
 * Per first team, by packets descending then name.
 */
byTeam: Array<EscalationFigures>, 
/**
 * Per category, same order.
 */
byCategory: Array<EscalationFigures>, 
/**
 * Every packet of the period, newest first.
 */
packets: Array<PacketRow>, 
/**
 * Closure-note audit.
 */
audit: AuditFigures, };

/**
 * How bad it is (see the module docs for the scale).
 */
export type EscalationSeverity = "sev1" | "sev2" | "sev3" | "sev4";

/**
 * Where an `escalate` outcome sends the ticket:
 *
 * ```markdown
 * > outcome: escalate
 * > team: platform-api
 * > checklist: checklists/web-api-errors.md
 * ```
 */
export type EscalationTarget = { 
/**
 * The receiving team.
 */
team: string | null, 
/**
 * KB path (or wikilink target) of the evidence checklist.
 */
checklist: string | null, };

/**
 * What the next tier needs to find the problem in their own logs.
 */
export type Evidence = { 
/**
 * Request / correlation ids, one per entry.
 */
requestIds: Array<string>, 
/**
 * Timestamps of failures (as text, with their time zone).
 */
timestamps: Array<string>, 
/**
 * Pasted log excerpts, kept verbatim (after redaction) in a fenced block.
 */
logs: string, 
/**
 * Names of files sent with the packet (`capture.har`, `outlook.log`), one per entry.
 */
attachments: Array<string>, };

/**
 * A facet value and how many matching documents have it.
 */
export type FacetCount = { 
/**
 * The value (`runbook`, `vpn`, …).
 */
value: string, 
/**
 * Matching documents.
 */
count: number, };

/**
 * Facet counts by dimension.
 */
export type FacetCounts = { 
/**
 * By kind.
 */
kinds: Array<FacetCount>, 
/**
 * By tag (top 25).
 */
tags: Array<FacetCount>, };

/**
 * One sensitive value found in a text.
 */
export type Finding = { 
/**
 * Stable rule id (`aws-access-token`, `email`, …), also used in the `[REDACTED:<rule>]`
 * marker. gitleaks rules keep their gitleaks id.
 */
rule: string, 
/**
 * Human-readable name of what was found.
 */
label: string, 
/**
 * How sure we are.
 */
confidence: Confidence, 
/**
 * Byte offset of the value in the scanned text.
 */
start: number, 
/**
 * Byte offset just past the value.
 */
end: number, 
/**
 * The value itself (only ever shown back to the person who typed it).
 */
value: string, };

/**
 * One finding in one field of a draft, for the UI's "this will be redacted" preview.
 */
export type FindingView = { 
/**
 * The field: `title`, `issue`, `steps[2]`, `evidence.logs`, `extra.customer`, …
 */
field: string, 
/**
 * What was found; offsets are byte offsets into that field's text as submitted (after
 * line-ending normalisation and trimming).
 */
finding: Finding, 
/**
 * True when the value was left in clear because the user asked to keep it (only ever for
 * medium-confidence findings).
 */
kept: boolean, };

/**
 * What the first-run screen offers besides "Open a folder" and "Clone the team's KB".
 */
export type FirstRun = { 
/**
 * The sample KB shipped with the app, when there is one.
 */
sampleKb: string | null, };

/**
 * Completion figures for one flow, over sessions started in the period.
 */
export type FlowFigures = { 
/**
 * KB-relative path of the flow.
 */
flowPath: string, 
/**
 * Its title, when the flow is in the document list.
 */
title: string | null, 
/**
 * The flow document's segment value (when `segment_by` is set).
 */
segment: string | null, 
/**
 * Sessions started in the period.
 */
started: number, 
/**
 * Still active (not ended).
 */
active: number, 
/**
 * Ended at a `resolved` outcome.
 */
resolved: number, 
/**
 * Ended at an `escalate` outcome.
 */
escalated: number, 
/**
 * Given up.
 */
abandoned: number, 
/**
 * Completion rate = (resolved + escalated) / started: the share that reached an outcome.
 */
completionRate: number | null, 
/**
 * Resolution rate = resolved / started.
 */
resolutionRate: number | null, 
/**
 * Nodes where abandoned sessions stopped (their last recorded step), most frequent
 * first, at most [`TOP_NODES`].
 */
abandonedAt: Array<NodeCount>, 
/**
 * Nodes where escalated sessions ended (last recorded step), at most [`TOP_NODES`].
 */
escalatedAt: Array<NodeCount>, };

/**
 * How a flow ends at an outcome node.
 */
export type FlowOutcome = "resolved" | "escalate";

/**
 * A flow session as persisted: the flow module owns `state_json`, the journal only stores it
 * so the app can resume mid-flow after a restart.
 */
export type FlowSessionRecord = { 
/**
 * Session id chosen by the flow module (unique).
 */
id: string, 
/**
 * KB-relative path of the flow document.
 */
flowPath: string, 
/**
 * When the session started.
 */
startedAt: string, 
/**
 * Last change.
 */
updatedAt: string, 
/**
 * Where it stands.
 */
status: FlowStatus, 
/**
 * The flow module's serialized session state.
 */
stateJson: string, };

/**
 * A resumable session, for "resume where you were".
 */
export type FlowSessionSummary = { 
/**
 * The session id.
 */
sessionId: string, 
/**
 * KB-relative path of the flow.
 */
flowPath: string, 
/**
 * Title of the flow (as it was when the session started).
 */
flowTitle: string, 
/**
 * 1-based number of the step the session is at.
 */
step: number, 
/**
 * Title of that step.
 */
stepTitle: string, 
/**
 * Last change.
 */
updatedAt: string, 
/**
 * False when the flow was edited or removed so the session can no longer continue
 * (resuming it then offers a restart).
 */
fits: boolean, };

/**
 * Everything the flow player shows for a session, after any action.
 */
export type FlowState = { 
/**
 * The session id (journal key; the player's route is `#/flow/<id>`).
 */
sessionId: string, 
/**
 * KB-relative path of the flow document.
 */
flowPath: string, 
/**
 * Title of the flow.
 */
flowTitle: string, 
/**
 * The flow's introduction (text before the first step), sanitized HTML; may be empty.
 */
introHtml: string, 
/**
 * `active`, `resolved`, `escalated` or `abandoned`.
 */
status: FlowStatus, 
/**
 * The outcome reached, if any.
 */
outcome: FlowOutcome | null, 
/**
 * The step the session is at.
 */
node: NodeView, 
/**
 * The path from the start to the current step.
 */
breadcrumb: Array<Crumb>, 
/**
 * KB documents the current step links to (resolved; broken links left out).
 */
linkedDocs: Array<Backlink>, 
/**
 * The whole flow, layered for drawing.
 */
graph: Graph, 
/**
 * Ids of the nodes on the path (for marking them in the tree).
 */
visited: Array<string>, 
/**
 * Minutes from the start to the end (or to the last action).
 */
elapsedMinutes: number, 
/**
 * One line per step (`"Is the laptop online? → Yes"`).
 */
transcript: Array<string>, 
/**
 * The transcript as markdown (for a ticket note's "Steps taken").
 */
transcriptMarkdown: string, 
/**
 * When the session started.
 */
startedAt: string, 
/**
 * True when there is an answer to take back.
 */
canGoBack: boolean, };

/**
 * Where a session stands (also what the journal stores for it, by name).
 */
export type FlowStatus = "active" | "resolved" | "escalated" | "abandoned";

/**
 * The front-matter fields the editor's form shows. An empty string (or empty tag list) means
 * "no such key": the key is removed if it was there.
 */
export type FrontMatterForm = { 
/**
 * `title`
 */
title: string, 
/**
 * `kind` (`article`, `runbook`, `flow`, …)
 */
kind: string, 
/**
 * `tags`
 */
tags: Array<string>, 
/**
 * `product`
 */
product: string, 
/**
 * `category`
 */
category: string, 
/**
 * `owner`
 */
owner: string, 
/**
 * `status` (`draft`, `published`, `retired`)
 */
status: string, 
/**
 * `review_by` (YYYY-MM-DD)
 */
reviewBy: string, };

/**
 * Which searches count as a knowledge gap.
 */
export type GapKind = "zeroResults" | "noClick" | "any";

/**
 * A normalized query people searched for and did not find (or did not open).
 */
export type GapRow = { 
/**
 * Normalized query (see [`normalize_query`]).
 */
query: string, 
/**
 * The most recent raw query text in the group.
 */
example: string, 
/**
 * Searches in the group.
 */
searches: number, 
/**
 * Searches that returned nothing.
 */
zeroResults: number, 
/**
 * Searches that returned results none of which was opened.
 */
noClick: number, 
/**
 * Latest search in the group.
 */
lastSeen: string, };

/**
 * Nodes placed on a grid and the edges between them.
 */
export type Graph = { 
/**
 * Reachable nodes layer by layer, then the unreachable ones.
 */
nodes: Array<GraphNode>, 
/**
 * One edge per choice a session can take (dangling choices are left out).
 */
edges: Array<GraphEdge>, };

/**
 * A choice drawn as an arrow.
 */
export type GraphEdge = { 
/**
 * Id of the node the choice is at.
 */
from: string, 
/**
 * Id of the node it leads to.
 */
to: string, 
/**
 * The choice's label.
 */
label: string, };

/**
 * A node placed on the grid.
 */
export type GraphNode = { 
/**
 * Node id.
 */
id: string, 
/**
 * Node title.
 */
title: string, 
/**
 * 1-based line of the heading (for "open in editor").
 */
line: number, 
/**
 * Layer: steps from the start (BFS); unreachable nodes share the layer after the last.
 */
depth: number, 
/**
 * Position within the layer, from 0.
 */
column: number, 
/**
 * Set on outcome nodes.
 */
outcome: FlowOutcome | null, 
/**
 * False for nodes no path from the start reaches.
 */
reachable: boolean, };

/**
 * One histogram bar.
 */
export type HistogramBucket = { 
/**
 * Label such as `15–60m`.
 */
label: string, 
/**
 * Lower bound in minutes (inclusive).
 */
minMinutes: number, 
/**
 * Upper bound in minutes (exclusive); `None` for the last bucket.
 */
maxMinutes: number | null, 
/**
 * Records in the bucket.
 */
count: number, };

/**
 * Progress of long work (the first index of a large KB), for a progress bar.
 */
export type IndexProgress = { 
/**
 * What is being done.
 */
phase: Phase, 
/**
 * Units done.
 */
done: number, 
/**
 * Units in all.
 */
total: number, };

/**
 * A git operation left half-finished (by a crash, or by another tool), found from the files git
 * keeps in `.git` while it runs. Fieldguide explains it and waits: it never overwrites or
 * aborts one it did not start.
 */
export type Interrupted = "merge" | "rebase" | "cherry-pick" | "revert" | "am" | "index-locked";

/**
 * One checklist item judged against a packet.
 */
export type ItemCheck = { 
/**
 * Item id.
 */
id: string, 
/**
 * Item label.
 */
label: string, 
/**
 * Required by the checklist.
 */
required: boolean, 
/**
 * Found in the packet (or ticked).
 */
provided: boolean, 
/**
 * Where it was found, or why it counts as missing.
 */
reason: string, };

/**
 * Payload of `kb-changed`.
 */
export type KbChanged = { 
/**
 * KB-relative paths that changed.
 */
paths: Array<string>, };

/**
 * What the header bar shows.
 */
export type KbInfo = { root: string, docCount: number, counts: { [key in string]: number }, problems: Array<Problem>, indexing: boolean, readOnly: boolean, };

/**
 * What the last sync did (for the chip's tooltip: "synced 10:04, 3 files").
 */
export type LastSync = { 
/**
 * When it ended, ms since the Unix epoch.
 */
atMs: number, tookMs: number, pulled: number, pushed: number, 
/**
 * Files re-indexed because the sync changed them.
 */
changed: number, 
/**
 * Why the server refused the push (protected branch, hook); commits stay queued.
 */
pushRefused: string | null, 
/**
 * A sync that failed before it could start (no identity, not a repository…).
 */
error: string | null, };

/**
 * A packet's lifecycle as its front matter records it.
 */
export type Lifecycle = { 
/**
 * KB path of the packet.
 */
path: string, 
/**
 * Ticket id.
 */
ticket: string, 
/**
 * Title.
 */
title: string, 
/**
 * When it was sent.
 */
created: string, 
/**
 * The team it was first sent to.
 */
team: string | null, 
/**
 * Category.
 */
category: string | null, 
/**
 * KB path of the checklist it was checked against.
 */
checklist: string | null, 
/**
 * Required checklist items missing when it was sent.
 */
evidenceMissing: Array<string>, 
/**
 * Transitions after sending, oldest first.
 */
events: Array<PacketEvent>, };

/**
 * How many problems [`lint_kb`] finds: what the header shows after each opening and burst
 * of changes. Only the counts cross to the window: a KB of 100,000 copied articles has
 * 250,000 "likely duplicate" problems, and sending the list for its length kept ~1.2 GB in
 * the app and web processes.
 */
export type LintCounts = { problems: number, errors: number, };

/**
 * A named moment of the shell's start-up.
 */
export type Mark = { name: string, at: number, };

/**
 * Why one hit matched (`SearchHit::why`).
 */
export type MatchWhy = { 
/**
 * All of it in one line, for a tooltip or the command line
 * (`title: vpn · text: expired · pair "certificate expired" in text`).
 */
line: string, 
/**
 * The query words the hit holds, in query order.
 */
words: Array<WordWhy>, 
/**
 * The query words it lacks (a long or relaxed query, or `OR`).
 */
missing: Array<string>, 
/**
 * The proximity rewards it got, with the fields they were found in
 * (`pair "certificate expired" in title, text`).
 */
together: Array<string>, 
/**
 * The rare word that admitted it although it holds fewer of a long query's words than
 * required.
 */
admittedBy: string | null, 
/**
 * Words of a long query left out of the search: short numbers inside a longer token
 * (`ip-10-0-3-17`), words found in no document, words cut from very long input.
 */
ignored: Array<string>, 
/**
 * The query was relaxed: no document held all (short) or enough (long) of its words.
 */
relaxed: boolean, 
/**
 * The kind's score multiplier (1 for runbooks, articles and flows).
 */
prior: number, };

/**
 * What to compute.
 */
export type MetricsQuery = { 
/**
 * Start of the period (inclusive).
 */
from: string, 
/**
 * End of the period (exclusive).
 */
to: string, 
/**
 * Break resolution figures down by this (also labels document rows).
 */
segmentBy: Segment | null, 
/**
 * A ticket resolved again within this many days of a previous resolution counts as
 * reopened (default 7).
 */
reopenWindowDays?: number, 
/**
 * Include demo rows.
 */
includeSample: boolean, };

/**
 * A node id with a count.
 */
export type NodeCount = { 
/**
 * Node (section anchor); `(no steps)` when the session recorded none.
 */
nodeId: string, 
/**
 * Sessions.
 */
count: number, };

/**
 * One step of a flow, ready to show.
 */
export type NodeView = { 
/**
 * Node id (the `{#id}` of its heading).
 */
id: string, 
/**
 * Heading text.
 */
title: string, 
/**
 * The step's instructions as sanitized HTML; `[[links]]` are `data-doc` links.
 */
html: string, 
/**
 * The answers offered (none at an outcome).
 */
choices: Array<ChoiceView>, 
/**
 * Set when this step ends the flow.
 */
outcome: FlowOutcome | null, 
/**
 * For an escalate outcome: the receiving team and evidence checklist it names.
 */
escalation: EscalationTarget | null, 
/**
 * 1-based line of the heading in the flow file.
 */
line: number, };

/**
 * A note's review.
 */
export type NoteReview = { 
/**
 * 0–100: the weight of the criteria passed over the total weight, rounded.
 */
score: number, 
/**
 * Every criterion.
 */
results: Array<CriterionResult>, 
/**
 * Criteria without an automatic check that still need the reviewer's verdict (only in
 * [`review_draft`]; a saved review has none).
 */
pending: Array<string>, };

/**
 * A "flag as outdated" report on a document; open until resolved.
 */
export type OutdatedFlag = { 
/**
 * Row id (pass to [`super::Journal::resolve_flag`]).
 */
id: number, 
/**
 * True for demo rows.
 */
isSample: boolean, 
/**
 * KB-relative path.
 */
docPath: string, 
/**
 * What is outdated.
 */
comment: string, 
/**
 * Who flagged it, if known.
 */
by: string | null, 
/**
 * When it was flagged.
 */
at: string, 
/**
 * When it was resolved; `None` while open.
 */
resolvedAt: string | null, 
/**
 * What was done about it.
 */
resolutionNote: string | null, };

/**
 * One transition.
 */
export type PacketEvent = { 
/**
 * The state entered.
 */
state: PacketState, 
/**
 * When.
 */
at: string, 
/**
 * The team acting (for `rerouted`: the team it now goes to).
 */
team: string | null, 
/**
 * What was asked (`returned`), or any remark.
 */
note: string | null, };

/**
 * One packet, for drill-down.
 */
export type PacketRow = { 
/**
 * KB path.
 */
path: string, 
/**
 * Ticket.
 */
ticket: string, 
/**
 * Title.
 */
title: string, 
/**
 * First team.
 */
team: string, 
/**
 * Category.
 */
category: string, 
/**
 * Current state.
 */
state: string, 
/**
 * When sent.
 */
sent: string, 
/**
 * Required items missing at send.
 */
evidenceMissing: Array<string>, 
/**
 * Returned for information, times.
 */
roundTrips: number, 
/**
 * Re-routes.
 */
reroutes: number, 
/**
 * Minutes to actionable.
 */
minutesToActionable: number | null, 
/**
 * Why avoidable (`missing-evidence`, `returned`, `rerouted`); empty when not.
 */
avoidable: Array<string>, };

/**
 * Where a packet stands.
 */
export type PacketState = "sent" | "returned" | "resent" | "rerouted" | "accepted" | "resolved";

/**
 * What long work is doing, as a progress event names it (serialized lowercase: `"scan"`).
 */
export type Phase = "scan" | "parse" | "index" | "done" | "lint" | "checked";

/**
 * A packet normalised and redacted, ready to preview and write.
 */
export type PreparedEscalation = { 
/**
 * The packet, redacted.
 */
packet: EscalationPacket, 
/**
 * `packet.to_markdown()`, what [`write_escalation`] writes.
 */
markdown: string, 
/**
 * Every finding per field (`summary`, `evidence.logs`, `reproduction[1]`, …).
 */
findings: Array<FindingView>, };

/**
 * A draft turned into a redacted note, ready to preview and write.
 */
export type PreparedRecord = { 
/**
 * The note, redacted.
 */
note: TicketNote, 
/**
 * `note.to_markdown()`, what [`write_note`] writes.
 */
markdown: string, 
/**
 * Every finding, per field (`title`, `issue`, `steps[0]`, `extra.customer`, …).
 */
findings: Array<FindingView>, };

/**
 * A problem found in a KB file: reported with file and line, never aborting the load.
 */
export type Problem = { 
/**
 * Path relative to the KB root, with `/` separators.
 */
path: string, 
/**
 * 1-based line, 0 when the whole file is concerned.
 */
line: number, 
/**
 * How serious it is.
 */
severity: Severity, 
/**
 * Short stable code (`front-matter`, `broken-link`, `flow-dangling`, …).
 */
code: string, 
/**
 * Human-readable explanation.
 */
message: string, };

/**
 * What `process_info` returns.
 */
export type ProcessInfo = { pid: number, 
/**
 * Epoch milliseconds at which the process started: the kernel's start time of the process
 * (exec) on Linux, else the time `run()` began.
 */
startedAtMs: number, 
/**
 * Moments of the shell's start-up (epoch ms), in order: `run` (main started), `setup`,
 * `window` (main window built), `page-load-started`/`-finished`, `last-index-open`,
 * `kb-open`; the UI adds them to its timeline.
 */
marks: Array<Mark>, };

/**
 * What the record form (or the CLI) submits: the same fields as [`TicketNote`], as free text.
 */
export type RecordDraft = { 
/**
 * Ticket id (required).
 */
ticket: string, 
/**
 * Title (required).
 */
title: string, 
/**
 * Category.
 */
category: string, 
/**
 * Product (empty: none).
 */
product: string, 
/**
 * Tags (trimmed, lowercased, de-duplicated).
 */
tags: Array<string>, 
/**
 * RFC 3339 (`2026-03-02T09:14:00+01:00`; a space for `T` and missing seconds accepted).
 */
opened: string, 
/**
 * RFC 3339, not before `opened`.
 */
resolved: string, 
/**
 * Resolved or escalated.
 */
outcome: RecordOutcome, 
/**
 * Flow followed (KB path), if any.
 */
flow: string | null, 
/**
 * Articles used.
 */
articles: Array<ArticleUse>, 
/**
 * Override for the computed minutes from opened to resolved.
 */
timeToResolveMin: number | null, 
/**
 * Issue.
 */
issue: string, 
/**
 * Environment.
 */
environment: string, 
/**
 * Steps taken, e.g. pre-filled from a flow transcript; empty entries are dropped.
 */
steps: Array<string>, 
/**
 * Cause.
 */
cause: string, 
/**
 * Resolution (required).
 */
resolution: string, 
/**
 * Other front-matter fields.
 */
extra: Record<string, unknown>, };

/**
 * How the ticket ended (also what the journal stores for each resolution).
 */
export type RecordOutcome = "resolved" | "escalated";

/**
 * What a rename did.
 */
export type RenameOutcome = { 
/**
 * The new path.
 */
path: string, 
/**
 * Documents whose links pointed at the old path (not rewritten: lint now reports them).
 */
linkedFrom: Array<string>, };

/**
 * Everything the dashboard shows.
 */
export type Report = { 
/**
 * The query it answers.
 */
query: MetricsQuery, 
/**
 * The day stale content is judged against.
 */
today: string, 
/**
 * True when the journal holds sample (demo) rows, whether or not they were included.
 */
sampleDataPresent: boolean, 
/**
 * Resolution figures over the whole period.
 */
overall: SegmentFigures, 
/**
 * The same per segment value, sorted by resolutions (desc) then value; empty without
 * `segment_by`.
 */
segments: Array<SegmentFigures>, 
/**
 * Per flow, sorted by sessions started (desc) then path.
 */
flows: Array<FlowFigures>, 
/**
 * Per document, sorted by views leading to resolution, views, helpful votes (desc), path.
 */
articles: Array<ArticleFigures>, 
/**
 * Knowledge contribution.
 */
contribution: Contribution, 
/**
 * Knowledge gaps, sorted by zero-result + no-click searches (desc), last seen (desc).
 */
gaps: Array<GapRow>, 
/**
 * Stale content, sorted by days overdue (desc), open flags (desc), path.
 */
stale: Array<StaleDoc>, };

/**
 * One recorded resolution or escalation of a ticket. A ticket that comes back after being
 * resolved gets another `Resolution` with the same `ticket_id` (that is how reopens are seen).
 */
export type Resolution = { 
/**
 * The helpdesk's ticket id.
 */
ticketId: string, 
/**
 * Category (e.g. `network`), if known.
 */
category: string | null, 
/**
 * Product (e.g. `vpn-client`), if known.
 */
product: string | null, 
/**
 * Kind of ticket (`incident`, `request`, `question`, … free text), if known.
 */
kind: string | null, 
/**
 * When the ticket was opened.
 */
openedAt: string, 
/**
 * When it was resolved or escalated.
 */
resolvedAt: string, 
/**
 * Resolved or escalated.
 */
outcome: RecordOutcome, 
/**
 * The flow used, if any.
 */
flowPath: string | null, 
/**
 * The flow session used, if any.
 */
flowSessionId: string | null, 
/**
 * Working sessions / contacts it took (1 = first contact). At least 1.
 */
sessionsCount: number, 
/**
 * Minutes of work to resolve (or to escalate). [`Resolution::new`] fills it with the
 * whole minutes between `opened_at` and `resolved_at`; callers may record less (e.g.
 * excluding time waiting on the customer).
 */
timeToResolveMin: number, 
/**
 * The ticket note written for it (KB-relative path), if any.
 */
notePath: string | null, 
/**
 * Documents used.
 */
articles: Array<ArticleUse>, };

/**
 * Which records to return from [`resolutions_in`]; every set field must match.
 */
export type ResolutionFilter = { 
/**
 * Segment value (as in [`SegmentFigures::segment`]); used only when the query has
 * `segment_by`.
 */
segment?: string, 
/**
 * Outcome.
 */
outcome?: RecordOutcome, 
/**
 * `true`: first-contact resolutions (outcome resolved, one session); `false`: the others.
 */
firstContact?: boolean, 
/**
 * `true`: records counted as reopen events; `false`: the others.
 */
reopened?: boolean, 
/**
 * Index into [`TTR_BUCKETS`]; implies outcome resolved (the histogram's population).
 */
ttrBucket?: number, 
/**
 * UTC date of `resolved_at` (a point of the daily series).
 */
date?: string, 
/**
 * Ticket id.
 */
ticketId?: string, };

/**
 * What a lead reviews: the changes to one document since its last reviewed version.
 */
export type ReviewDiff = { 
/**
 * KB-relative path.
 */
path: string, 
/**
 * The `status` written in the file on disk now (`None`: no status, i.e. published).
 */
status: string | null, 
/**
 * True when the file on disk is marked `status: review`.
 */
inReview: boolean, 
/**
 * The last reviewed version (the newest committed one not in review or draft); `None`
 * for a document that was never published (the whole text is new).
 */
base: Change | null, 
/**
 * The commits that changed the file since `base`, newest first (who proposed what).
 */
changes: Array<Change>, 
/**
 * Unified diff from `base` to the file on disk.
 */
diff: string, 
/**
 * Hash of the file on disk ([`crate::kb::content_hash`]): [`approve_review`] approves
 * exactly this version and refuses one changed since.
 */
hash: string, };

/**
 * A reviewed ticket note, as the audit figure needs it.
 */
export type ReviewedNote = { 
/**
 * KB path.
 */
path: string, 
/**
 * Ticket id.
 */
ticket: string, 
/**
 * Category.
 */
category: string | null, 
/**
 * When the ticket was resolved.
 */
resolved: string, 
/**
 * Review score 0–100.
 */
score: number, };

/**
 * What a save did.
 */
export type SaveOutcome = { 
/**
 * KB-relative path written.
 */
path: string, 
/**
 * The hash of what is now on disk: the base for the next save.
 */
baseHash: string, 
/**
 * False when the disk already held exactly this text (nothing written).
 */
written: boolean, 
/**
 * Lint of the saved document.
 */
problems: Array<Problem>, };

/**
 * What [`Kb::escalation_save`] did.
 */
export type SavedEscalation = { 
/**
 * KB-relative path of the packet (`<note stem>.escalation.md`).
 */
path: string, 
/**
 * Values replaced by `[REDACTED:…]` in the file.
 */
redacted: number, };

/**
 * What [`Kb::record_save`] did.
 */
export type SavedRecord = { 
/**
 * KB-relative path of the note written (`tickets/2026/inc-20417-….md`).
 */
path: string, 
/**
 * The ticket id as written.
 */
ticket: string, 
/**
 * Values replaced by `[REDACTED:…]` in the file.
 */
redacted: number, 
/**
 * Working sessions counted for this ticket (2+ when an earlier note had the same id).
 */
sessionsCount: number, 
/**
 * The journal row of the resolution, if it could be recorded.
 */
resolutionId: number | null, 
/**
 * Why the journal could not record it (the note itself is saved either way).
 */
journalError: string | null, };

/**
 * A search result opened.
 */
export type SearchClick = { 
/**
 * The search it came from.
 */
searchId: number, 
/**
 * The document opened (KB-relative path).
 */
docPath: string, 
/**
 * 1-based rank of the result in the list.
 */
rank: number, 
/**
 * When.
 */
at: string, };

/**
 * One search result.
 */
export type SearchHit = { 
/**
 * KB-relative path.
 */
path: string, 
/**
 * Title.
 */
title: string, 
/**
 * Kind name.
 */
kind: string, 
/**
 * Status name.
 */
status: string, 
/**
 * Tags.
 */
tags: Array<string>, 
/**
 * Product, if any.
 */
product: string | null, 
/**
 * Escaped text with `<b>` around matched words.
 */
snippetHtml: string, 
/**
 * The section the snippet comes from, if under a heading.
 */
section: SectionRef | null, 
/**
 * Relevance score.
 */
score: number, 
/**
 * Why it matched (empty for a query without words).
 */
why: MatchWhy, };

/**
 * A search read back, with the results opened from it.
 */
export type SearchRecord = { 
/**
 * Row id.
 */
id: number, 
/**
 * True for demo rows.
 */
isSample: boolean, 
/**
 * Results opened from it, in click order.
 */
clicks: Array<Stored<SearchClick>>, 
/**
 * The query text as typed.
 */
query: string, 
/**
 * The filters applied (kind, tags, product, …) as JSON; `{}` when none.
 */
filters: Record<string, unknown>, 
/**
 * How many results the search returned.
 */
resultCount: number, 
/**
 * When it ran.
 */
at: string, };

/**
 * What the UI or CLI asks for.
 */
export type SearchRequest = { 
/**
 * The user's query text.
 */
query: string, 
/**
 * Only these kinds (empty: all).
 */
kinds: Array<string>, 
/**
 * Only documents with all these tags.
 */
tags: Array<string>, 
/**
 * Include retired documents (excluded by default).
 */
includeRetired: boolean, 
/**
 * How many hits (0: 20).
 */
limit: number, 
/**
 * The query is complete (entered, pasted, from the command line): its last word is not
 * expanded as a prefix. While typing (`false`), the last word is expanded unless the
 * query ends with a space.
 */
complete?: boolean, };

/**
 * The answer to a search.
 */
export type SearchResults = { 
/**
 * Total matching documents.
 */
total: number, 
/**
 * The top hits.
 */
hits: Array<SearchHit>, 
/**
 * Facet counts (each dimension ignores its own filter, so the user can switch).
 */
facets: FacetCounts, 
/**
 * Time spent inside the core, in microseconds.
 */
tookMicros: number, 
/**
 * True when no document had all the words (short queries) or most of them (long ones),
 * and hits match only some of them.
 */
relaxed: boolean, };

/**
 * The heading a hit's snippet falls under.
 */
export type SectionRef = { 
/**
 * Heading text.
 */
heading: string, 
/**
 * Heading anchor.
 */
anchor: string, };

/**
 * What to break figures down by.
 */
export type Segment = "category" | "product" | "kind";

/**
 * Resolution figures for the whole period (`segment: None`) or one segment value.
 */
export type SegmentFigures = { 
/**
 * The segment value; `None` for the overall figures.
 */
segment: string | null, 
/**
 * All records (resolved + escalated) with `resolved_at` in the period.
 */
resolutions: number, 
/**
 * Records with outcome `resolved`.
 */
resolved: number, 
/**
 * Records with outcome `escalated`.
 */
escalated: number, 
/**
 * Distinct ticket ids among the records.
 */
tickets: number, 
/**
 * Time to resolution of the `resolved` records.
 */
ttr: TtrStats, 
/**
 * First-contact resolution rate = records with outcome `resolved` and
 * `sessions_count == 1` / all records (resolved + escalated).
 */
firstContactRate: number | null, 
/**
 * Escalation rate = records with outcome `escalated` / all records.
 */
escalationRate: number | null, 
/**
 * Distinct ticket ids reopened (see [`SegmentFigures::reopen_rate`]).
 */
reopenedTickets: number, 
/**
 * Reopen rate = distinct ticket ids with a record (any outcome) in the period that
 * follows, by at most `reopen_window_days` × 24 h, an earlier record of the same ticket
 * whose outcome was `resolved` (the earlier one may lie before the period; "earlier" is
 * by `resolved_at`, ties broken by recording order) / distinct ticket ids with a record
 * in the period. An escalation followed by a resolution is not a reopen.
 */
reopenRate: number | null, 
/**
 * One point per UTC date from `from` to `to` (every day, zeros included).
 */
daily: Array<DailyPoint>, };

/**
 * How serious a reported problem is.
 */
export type Severity = "info" | "warning" | "error";

/**
 * A document that needs review.
 */
export type StaleDoc = { 
/**
 * KB-relative path.
 */
path: string, 
/**
 * Title, when the document is in the list.
 */
title: string | null, 
/**
 * Kind, when known.
 */
kind: string | null, 
/**
 * Status, when known.
 */
status: string | null, 
/**
 * Segment value (when `segment_by` is set).
 */
segment: string | null, 
/**
 * Review date, when set.
 */
reviewBy: string | null, 
/**
 * Days past `review_by` (> 0) when overdue: `review_by < today` and the document is
 * published or draft (retired documents never go stale).
 */
daysOverdue: number | null, 
/**
 * Open outdated flags on it (any document, any status; as of now, not the period).
 */
openFlags: number, 
/**
 * The most recent open flag's comment.
 */
latestFlag: string | null, };

/**
 * A row read back from the journal: the written value plus its id and sample flag.
 * Derefs to the value, so `record.ticket_id` works.
 */
export type Stored<T> = { 
/**
 * Row id (`INTEGER PRIMARY KEY`).
 */
id: number, 
/**
 * True for rows written by the demo generator.
 */
isSample: boolean, } & T;

/**
 * The one-word state a status chip shows.
 */
export type SyncState = { "state": "up-to-date" } | { "state": "to-push", "detail": number } | { "state": "to-pull", "detail": number } | { "state": "diverged" } | { "state": "offline" } | { "state": "conflict", "detail": Array<string> } | { "state": "interrupted", "detail": Interrupted };

/**
 * Where the working copy stands.
 */
export type SyncStatus = { 
/**
 * The local branch.
 */
branch: string, 
/**
 * Its upstream (`origin/main`), `None` when the repository has no remote.
 */
upstream: string | null, 
/**
 * Local commits not on the upstream.
 */
ahead: number, 
/**
 * Upstream commits not here.
 */
behind: number, 
/**
 * KB markdown files changed but not committed (KB-relative): committed by the next sync.
 */
dirty: Array<string>, 
/**
 * The summary.
 */
state: SyncState, 
/**
 * The last fetch or push failed (remote unreachable), with git's message.
 */
offline: string | null, };

/**
 * Figures for one group of notes (the whole team, or one author).
 */
export type TeamFigures = { 
/**
 * The author; `all` for the team row.
 */
key: string, 
/**
 * Notes resolved in the period.
 */
notes: number, 
/**
 * Of which resolved.
 */
resolved: number, 
/**
 * Of which escalated.
 */
escalated: number, 
/**
 * escalated / notes.
 */
escalationRate: number | null, 
/**
 * Median time to resolution of the resolved notes, minutes.
 */
medianTtrMin: number | null, 
/**
 * 90th percentile of the same.
 */
p90TtrMin: number | null, 
/**
 * The newest note's resolved time.
 */
lastNote: string | null, };

/**
 * The team's figures for a period.
 */
export type TeamReport = { 
/**
 * Start of the period (inclusive).
 */
from: string, 
/**
 * End (exclusive).
 */
to: string, 
/**
 * The whole team.
 */
overall: TeamFigures, 
/**
 * One row per author, most notes first (then by name).
 */
authors: Array<TeamFigures>, 
/**
 * Ticket notes in the KB in all (any period): what the figures are drawn from.
 */
notesInKb: number, 
/**
 * True when the authors come from git (the KB is a working copy).
 */
shared: boolean, };

/**
 * What the header's sync chip shows.
 */
export type TeamView = { status: SyncStatus, 
/**
 * Words for an interrupted git operation or an unreachable remote.
 */
explain: string | null, 
/**
 * True when the KB folder is the working copy's top folder: the app syncs on its own (on
 * open, on a timer, after each write). A KB that is a sub-folder of a larger checkout
 * (e.g. `kb-content/` in the source tree) is only synced when asked.
 */
autoSync: boolean, lastSync: LastSync | null, 
/**
 * `user.name <user.email>` of the commits.
 */
identity: string | null, 
/**
 * Why git cannot sign commits (no `user.name` / `user.email`), with the fix.
 */
identityError: string | null, };

/**
 * A resolved-ticket note, as stored in `tickets/YYYY/<ticket>-<slug>.md`.
 */
export type TicketNote = { 
/**
 * Ticket id from the ticketing system (`INC-20417`).
 */
ticket: string, 
/**
 * One-line title.
 */
title: string, 
/**
 * Category (`identity`, `network`, …); may be empty.
 */
category: string, 
/**
 * Product concerned.
 */
product: string | null, 
/**
 * Tags.
 */
tags: Array<string>, 
/**
 * When the ticket was opened (offset kept as given).
 */
opened: string, 
/**
 * When it was resolved or escalated (offset kept as given).
 */
resolved: string, 
/**
 * Resolved or escalated.
 */
outcome: RecordOutcome, 
/**
 * KB path of the flow that was followed, if any.
 */
flow: string | null, 
/**
 * Articles consulted.
 */
articles: Array<ArticleUse>, 
/**
 * Minutes from opened to resolved (or as entered).
 */
timeToResolveMin: number, 
/**
 * `## Issue`: what the user reported.
 */
issue: string, 
/**
 * `## Environment`.
 */
environment: string, 
/**
 * `## Steps taken`, one entry per step (may be multi-line).
 */
steps: Array<string>, 
/**
 * `## Cause`.
 */
cause: string, 
/**
 * `## Resolution`.
 */
resolution: string, 
/**
 * Other front-matter keys, kept as-is.
 */
extra: Record<string, unknown>, };

/**
 * One entry of a document's table of contents.
 */
export type TocEntry = { 
/**
 * Heading level.
 */
level: number, 
/**
 * Heading text.
 */
text: string, 
/**
 * Anchor (the element id is `fg-<anchor>`).
 */
anchor: string, };

/**
 * What a transition records.
 */
export type Transition = { 
/**
 * The state to enter.
 */
to: PacketState, 
/**
 * When (default: now).
 */
at?: string, 
/**
 * The team acting; for `rerouted` the new team (required).
 */
team?: string | null, 
/**
 * What was asked (required for `returned`), or a remark.
 */
note?: string | null, };

/**
 * Time-to-resolution statistics over records with outcome `resolved` (escalations are not
 * resolutions; their handling time is not a time to resolve). Minutes are the recorded
 * `time_to_resolve_min`.
 */
export type TtrStats = { 
/**
 * Resolved records.
 */
count: number, 
/**
 * Median minutes (linear interpolation; mean of the middle two for an even count).
 */
medianMin: number | null, 
/**
 * 90th percentile minutes (linear interpolation between closest ranks, see
 * [`stats::quantile`]).
 */
p90Min: number | null, 
/**
 * Mean minutes.
 */
meanMin: number | null, 
/**
 * Counts per [`TTR_BUCKETS`] bucket, in order (always all buckets).
 */
histogram: Array<HistogramBucket>, };

/**
 * One query word a hit holds.
 */
export type WordWhy = { 
/**
 * The word as written in the query (lowercased).
 */
word: string, 
/**
 * The fields it was found in, best-weighted first: `title`, `file name`, `tags`,
 * `headings`, `text`, `front matter`.
 */
fields: Array<string>, 
/**
 * When the hit holds another form of it: `certificate (prefix)`, `certificate (spelling)`,
 * `kube api down (parts)`.
 */
via: string | null, };

/**
 * Every `code` a command can reject with (`BackendErrorPayload.code`): the core's
 * `Error::CODES` and the shell's `SHELL_CODES` (src-tauri/src/error.rs).
 */
export type ErrorCode =
  | 'bad_file'
  | 'conflict'
  | 'disk_full'
  | 'exists'
  | 'flow'
  | 'flow_changed'
  | 'front_matter'
  | 'git'
  | 'index'
  | 'index_damaged'
  | 'index_read_only'
  | 'internal'
  | 'invalid'
  | 'invalid_path'
  | 'io'
  | 'journal'
  | 'loading'
  | 'locked'
  | 'malformed'
  | 'no_kb'
  | 'not_found'
  | 'not_shared'
  | 'permission_denied'
  | 'query'
  | 'read_only'
  | 'session_closed'
  | 'unsupported'
  | 'watch';
