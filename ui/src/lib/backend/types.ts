// DTOs exchanged with the Rust shell (JSON is camelCase). The integrator may replace this file
// with types generated from Rust by ts-rs; keep the names.

export type DocKind = 'runbook' | 'article' | 'flow' | 'ticket' | 'escalation';
export type DocStatus = 'draft' | 'published' | 'retired' | 'review';
export type Severity = 'info' | 'warning' | 'error';

export interface Problem {
  path: string;
  line: number;
  severity: Severity;
  code: string;
  message: string;
}

/** `process_info`: the shell process (for the desktop benchmark). */
export interface ProcessInfo {
  pid: number;
  /** Epoch ms at which the process started (the kernel's start time where known). */
  startedAtMs: number;
  /** The shell's start-up moments (epoch ms), e.g. `setup`, `window`, `last-index-open`. */
  marks?: { name: string; at: number }[];
}

export interface KbInfo {
  root: string;
  docCount: number;
  /** Documents per kind. */
  counts: Record<string, number>;
  problems: Problem[];
  indexing: boolean;
  /** The folder cannot be written (shell extension; absent from older backends). */
  readOnly?: boolean;
}

export interface SearchRequest {
  query: string;
  kinds: string[];
  tags: string[];
  includeRetired: boolean;
  limit: number;
  /**
   * The query is complete (Enter, a paste): its last word is not expanded as a prefix. Absent
   * or false while typing.
   */
  complete?: boolean;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SectionRef {
  heading: string;
  anchor: string;
}

export interface SearchHit {
  path: string;
  title: string;
  kind: DocKind;
  status: DocStatus;
  tags: string[];
  product: string | null;
  /** Escaped text with `<b>…</b>` around matches, nothing else. */
  snippetHtml: string;
  section: SectionRef | null;
  score: number;
  /** Why it matched (empty `line` for a query without words). */
  why: MatchWhy;
}

/** Why a hit matched: the words it holds in which fields, what else weighed. */
export interface MatchWhy {
  /** All of it in one line (`title: vpn · text: expired · pair "certificate expired" in text`). */
  line: string;
  words: WordWhy[];
  /** Query words it lacks (long or relaxed queries, OR). */
  missing: string[];
  /** Proximity rewards found, with their fields. */
  together: string[];
  /** The rare word that admitted it with fewer of a long query's words than required. */
  admittedBy: string | null;
  /** Query words left out (found in no document, or cut from very long input). */
  ignored: string[];
  relaxed: boolean;
  /** The kind's score multiplier. */
  prior: number;
}

export interface WordWhy {
  word: string;
  /** Fields holding it, best-weighted first: title, file name, tags, headings, text, front matter. */
  fields: string[];
  /** Another form it matched as: `certificate (prefix)`, `certificate (spelling)`, `kube api down (parts)`. */
  via: string | null;
}

export interface SearchResults {
  total: number;
  hits: SearchHit[];
  facets: { kinds: FacetCount[]; tags: FacetCount[] };
  tookMicros: number;
  /** True when no document matched all the words and the hits match only some. */
  relaxed: boolean;
}

export interface DocMeta {
  product: string | null;
  category: string | null;
  owner: string | null;
  reviewBy: string | null;
  updated: string | null;
  ticket: string | null;
  /** Closure-note score stored by a lead's review (ticket notes). */
  reviewScore: number | null;
}

export interface TocEntry {
  level: number;
  text: string;
  anchor: string;
}

export interface Backlink {
  path: string;
  title: string;
}

export interface DocView {
  path: string;
  title: string;
  kind: DocKind;
  status: DocStatus;
  tags: string[];
  meta: DocMeta;
  /** Sanitized by the Rust core (ammonia). Headings carry `id="fg-<anchor>"`. */
  html: string;
  toc: TocEntry[];
  backlinks: Backlink[];
  problems: Problem[];
}

/** Opening a KB: scan, parse, index, done; a KB health check: lint, then checked. */
export type IndexPhase = 'scan' | 'parse' | 'index' | 'done' | 'lint' | 'checked';

export interface IndexProgress {
  phase: IndexPhase;
  done: number;
  total: number;
}

export interface KbChanged {
  paths: string[];
}

/** Error codes the UI reacts to specifically; any other string is shown as-is. */
/** Mirrors `fieldguide_core::Error::code()`, plus the shell's `loading` (first index
 * still being built) and `no_kb` (nothing open), and `ipc`
 * (the UI could not reach the backend, or the reply had no `{code, message}` shape). */
export type KnownErrorCode =
  | 'not_found'
  | 'permission_denied'
  | 'read_only'
  | 'disk_full'
  | 'io'
  | 'front_matter'
  | 'bad_file'
  | 'flow'
  | 'flow_changed'
  | 'invalid_path'
  | 'conflict'
  | 'exists'
  | 'invalid'
  | 'query'
  | 'index'
  | 'journal'
  | 'locked'
  | 'no_kb'
  | 'loading'
  | 'ipc';

/** Shape of every rejected command: `{ code, message }`. */
export interface BackendErrorPayload {
  code: string;
  message: string;
}

// ---------------------------------------------------------------- guided flows

export type FlowStatus = 'active' | 'resolved' | 'escalated' | 'abandoned';
export type FlowOutcome = 'resolved' | 'escalate';

export interface FlowChoice {
  /** 0-based; what `flowChoose` takes. */
  index: number;
  label: string;
  /** Id of the node it leads to. */
  target: string;
}

export interface FlowNodeView {
  id: string;
  title: string;
  /** Sanitized by the Rust core; `[[links]]` are `data-doc` links. */
  html: string;
  choices: FlowChoice[];
  outcome: FlowOutcome | null;
  /** For an escalate outcome: the receiving team and the evidence checklist it names. */
  escalation?: { team: string | null; checklist: string | null } | null;
  line: number;
}

export interface FlowCrumb {
  index: number;
  nodeId: string;
  title: string;
  /** The answer given there; `null` for the current step. */
  answer: string | null;
  /** RFC 3339. */
  at: string;
}

/** `fieldguide_core::flow::Graph` (its fields are single words, no renaming). */
export interface FlowGraphNode {
  id: string;
  title: string;
  line: number;
  depth: number;
  column: number;
  outcome: FlowOutcome | null;
  reachable: boolean;
}

export interface FlowGraph {
  nodes: FlowGraphNode[];
  edges: { from: string; to: string; label: string }[];
}

/** `fieldguide_core::kb::FlowState`: everything the flow player shows. */
export interface FlowState {
  sessionId: string;
  flowPath: string;
  flowTitle: string;
  introHtml: string;
  status: FlowStatus;
  outcome: FlowOutcome | null;
  node: FlowNodeView;
  breadcrumb: FlowCrumb[];
  linkedDocs: Backlink[];
  graph: FlowGraph;
  visited: string[];
  elapsedMinutes: number;
  transcript: string[];
  transcriptMarkdown: string;
  startedAt: string;
  canGoBack: boolean;
}

/** A session still in progress ("Resume: VPN flow, step 3"). */
export interface FlowSessionSummary {
  sessionId: string;
  flowPath: string;
  flowTitle: string;
  step: number;
  stepTitle: string;
  updatedAt: string;
  /** False when the flow changed so the session can only be restarted. */
  fits: boolean;
}

// ---- Authoring (editor, new document, KB health) — mirrors fieldguide_core::kb::edit.

/** Front-matter form fields; an empty string / empty list removes the key. */
export interface FrontMatterForm {
  title: string;
  kind: string;
  tags: string[];
  product: string;
  category: string;
  owner: string;
  status: string;
  reviewBy: string;
}

export interface EditDoc {
  path: string;
  text: string;
  /** Hash of the bytes on disk when loaded; pass back to `editSave`. */
  baseHash: string;
  form: FrontMatterForm;
}

export interface SaveOutcome {
  path: string;
  baseHash: string;
  written: boolean;
  problems: Problem[];
}

export interface EditPreview {
  title: string;
  html: string;
  problems: Problem[];
  form: FrontMatterForm;
}

export interface RenameOutcome {
  path: string;
  linkedFrom: string[];
}

export interface DocTemplate {
  id: string;
  label: string;
  kind: string;
  folder: string;
  text: string;
}

// ---------------------------------------------------------------- closing the loop (record)

export type RecordOutcome = 'resolved' | 'escalated';

export interface ArticleUse {
  path: string;
  /** Whether it helped; `null` when not said. */
  helped: boolean | null;
}

/** What the record form submits (`fieldguide_core::record::RecordDraft`). */
export interface RecordDraft {
  ticket: string;
  title: string;
  category: string;
  product: string;
  tags: string[];
  /** RFC 3339. */
  opened: string;
  resolved: string;
  outcome: RecordOutcome;
  flow: string | null;
  articles: ArticleUse[];
  timeToResolveMin: number | null;
  issue: string;
  environment: string;
  steps: string[];
  cause: string;
  resolution: string;
  extra: Record<string, unknown>;
}

export interface Finding {
  rule: string;
  /** Human label: "AWS access token", "Email address", … */
  label: string;
  /** `high` is always redacted; `medium` can be kept on purpose. */
  confidence: 'high' | 'medium';
  start: number;
  end: number;
  value: string;
}

export interface FindingView {
  /** `title`, `issue`, `steps[2]`, `evidence.logs`, … */
  field: string;
  finding: Finding;
  kept: boolean;
}

export interface PreparedRecord {
  markdown: string;
  findings: FindingView[];
}

export interface SavedRecord {
  path: string;
  ticket: string;
  redacted: number;
  sessionsCount: number;
  resolutionId: number | null;
  journalError: string | null;
}

export type EscalationSeverity = 'sev1' | 'sev2' | 'sev3' | 'sev4';

export interface EscalationPacket {
  ticket: string;
  title: string;
  summary: string;
  severity: EscalationSeverity;
  impact: string;
  environment: string;
  reproduction: string[];
  evidence: { requestIds: string[]; timestamps: string[]; logs: string; attachments: string[] };
  tried: string[];
  suspectedCause: string;
  flow: string | null;
  /** Receiving team. */
  team: string | null;
  category: string | null;
  /** KB path of the evidence checklist. */
  checklist: string | null;
  /** Checklist item ids ticked as provided outside the packet. */
  confirmed: string[];
  /** Item id → why it cannot be provided. */
  unavailable: Record<string, string>;
  /** Filled by the preview: every checklist item judged. */
  checks: ItemCheck[];
  /** RFC 3339. */
  created: string;
}

export interface ItemCheck {
  id: string;
  label: string;
  required: boolean;
  provided: boolean;
  reason: string;
}

export interface PreparedEscalation {
  packet: EscalationPacket;
  markdown: string;
  findings: FindingView[];
}

export type PacketState = 'sent' | 'returned' | 'resent' | 'rerouted' | 'accepted' | 'resolved';

export interface PacketEvent {
  state: PacketState;
  at: string;
  team: string | null;
  note: string | null;
}

export interface Lifecycle {
  path: string;
  ticket: string;
  title: string;
  created: string;
  team: string | null;
  category: string | null;
  checklist: string | null;
  evidenceMissing: string[];
  events: PacketEvent[];
}

export interface Transition {
  to: PacketState;
  at?: string | null;
  team?: string | null;
  note?: string | null;
}

export interface EscalationFigures {
  key: string;
  packets: number;
  avoidable: number;
  avoidableRate: number | null;
  missingEvidence: number;
  returned: number;
  rerouted: number;
  roundTrips: number;
  roundTripsPerEscalation: number | null;
  accepted: number;
  actionableMedianMin: number | null;
  actionableP90Min: number | null;
}

export interface PacketRow {
  path: string;
  ticket: string;
  title: string;
  team: string;
  category: string;
  state: PacketState;
  sent: string;
  evidenceMissing: string[];
  roundTrips: number;
  reroutes: number;
  minutesToActionable: number | null;
  avoidable: string[];
}

/** One rubric criterion judged on a ticket note (core `record::review::CriterionResult`). */
export interface CriterionResult {
  id: string;
  label: string;
  weight: number;
  passed: boolean;
  /** Judged by the reviewer (else by the automatic check). */
  byReviewer: boolean;
  reason: string;
}

/** A ticket note scored against the closure-note rubric (core `record::review::Review`). */
export interface NoteReview {
  /** 0–100: the weight of the criteria passed over the total weight. */
  score: number;
  results: CriterionResult[];
  /** Criteria without an automatic check still waiting for the reviewer's verdict. */
  pending: string[];
}

export interface ReviewedNote {
  path: string;
  ticket: string;
  category: string | null;
  resolved: string;
  score: number;
}

export interface EscalationReport {
  overall: EscalationFigures;
  byTeam: EscalationFigures[];
  byCategory: EscalationFigures[];
  packets: PacketRow[];
  audit: { reviewed: number; meanScore: number | null; atTargetRate: number | null; notes: ReviewedNote[] };
}

export interface SavedEscalation {
  path: string;
  redacted: number;
}

export interface OutdatedFlag {
  id: number;
  docPath: string;
  comment: string;
  by: string | null;
  at: string;
  resolvedAt: string | null;
  resolutionNote: string | null;
}

// ---- Insight (dashboard): mirrors fieldguide_core::metrics and kb::insight ----

export type SegmentBy = 'category' | 'product' | 'kind';

export interface MetricsQuery {
  /** RFC 3339, inclusive. */
  from: string;
  /** RFC 3339, exclusive. */
  to: string;
  segmentBy: SegmentBy | null;
  reopenWindowDays?: number;
  includeSample: boolean;
}

export interface HistogramBucket {
  label: string;
  minMinutes: number;
  maxMinutes: number | null;
  count: number;
}

export interface DailyPoint {
  /** YYYY-MM-DD (UTC). */
  date: string;
  resolved: number;
  medianTtrMin: number | null;
}

export interface SegmentFigures {
  segment: string | null;
  resolutions: number;
  resolved: number;
  escalated: number;
  tickets: number;
  ttr: { count: number; medianMin: number | null; p90Min: number | null; meanMin: number | null; histogram: HistogramBucket[] };
  firstContactRate: number | null;
  escalationRate: number | null;
  reopenedTickets: number;
  reopenRate: number | null;
  daily: DailyPoint[];
}

export interface NodeCount {
  nodeId: string;
  count: number;
}

export interface FlowFigures {
  flowPath: string;
  title: string | null;
  segment: string | null;
  started: number;
  active: number;
  resolved: number;
  escalated: number;
  abandoned: number;
  completionRate: number | null;
  resolutionRate: number | null;
  abandonedAt: NodeCount[];
  escalatedAt: NodeCount[];
}

export interface ArticleFigures {
  path: string;
  title: string | null;
  kind: string | null;
  segment: string | null;
  views: number;
  viewsLeadingToResolution: number;
  resolutionsUsing: number;
  helpedInResolutions: number;
  helpfulYes: number;
  helpfulNo: number;
  helpfulRate: number | null;
  openFlags: number;
}

export interface GapRow {
  query: string;
  example: string;
  searches: number;
  zeroResults: number;
  noClick: number;
  lastSeen: string;
}

export interface StaleDoc {
  path: string;
  title: string | null;
  kind: string | null;
  status: string | null;
  segment: string | null;
  reviewBy: string | null;
  daysOverdue: number | null;
  openFlags: number;
  latestFlag: string | null;
}

export interface Report {
  query: MetricsQuery;
  today: string;
  sampleDataPresent: boolean;
  overall: SegmentFigures;
  segments: SegmentFigures[];
  flows: FlowFigures[];
  articles: ArticleFigures[];
  contribution: { rows: unknown[]; ticketNotes: number; contributors: number };
  gaps: GapRow[];
  stale: StaleDoc[];
}

export interface ResolutionFilter {
  segment?: string;
  outcome?: 'resolved' | 'escalated';
  firstContact?: boolean;
  reopened?: boolean;
  ttrBucket?: number;
  date?: string;
  ticketId?: string;
}

export type Drill =
  | { type: 'resolutions'; filter: ResolutionFilter }
  | { type: 'article'; path: string }
  | { type: 'flowSessions'; flowPath?: string | null; status?: 'active' | 'resolved' | 'escalated' | 'abandoned' | null }
  | { type: 'gaps'; query?: string | null; kind?: 'zeroResults' | 'noClick' | 'any' };

export interface ResolutionRow {
  id: number;
  isSample: boolean;
  ticketId: string;
  category: string | null;
  product: string | null;
  kind: string | null;
  openedAt: string;
  resolvedAt: string;
  outcome: 'resolved' | 'escalated';
  flowPath: string | null;
  sessionsCount: number;
  timeToResolveMin: number;
  notePath: string | null;
  articles: { path: string; helped: boolean | null }[];
}

export interface FlowSessionRow {
  id: string;
  flowPath: string;
  startedAt: string;
  updatedAt: string;
  status: string;
}

export interface SearchRow {
  id: number;
  isSample: boolean;
  query: string;
  resultCount: number;
  at: string;
  clicks: { docPath: string; rank: number }[];
}

export type DrillRows =
  | { type: 'resolutions'; rows: ResolutionRow[] }
  | { type: 'flowSessions'; rows: FlowSessionRow[] }
  | { type: 'searches'; rows: SearchRow[] };

export interface DemoSummary {
  searches: number;
  views: number;
  feedback: number;
  resolutions: number;
  flowSessions: number;
  kbChanges: number;
}

export interface LoggedSearch {
  searchId: number;
  results: SearchResults;
}
