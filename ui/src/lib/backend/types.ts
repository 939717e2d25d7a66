// DTOs exchanged with the Rust shell (JSON is camelCase). The integrator may replace this file
// with types generated from Rust by ts-rs; keep the names.

export type DocKind = 'runbook' | 'article' | 'flow' | 'ticket' | 'escalation';
export type DocStatus = 'draft' | 'published' | 'retired';
export type Severity = 'info' | 'warning' | 'error';

export interface Problem {
  path: string;
  line: number;
  severity: Severity;
  code: string;
  message: string;
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

export type IndexPhase = 'scan' | 'parse' | 'index' | 'done';

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
  /** Human label: "AWS access key", "email address", … */
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
  evidence: { requestIds: string[]; timestamps: string[]; logs: string };
  tried: string[];
  suspectedCause: string;
  flow: string | null;
  /** RFC 3339. */
  created: string;
}

export interface PreparedEscalation {
  markdown: string;
  findings: FindingView[];
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
