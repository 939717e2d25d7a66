// Shapes of the team (git) commands: src-tauri/src/commands/team.rs and
// crates/fieldguide-core/src/team/ (serde names).

/** The one-word state of the chip (`SyncState`, tagged `{ state, detail }`). */
export type SyncState =
  | { state: 'up-to-date' }
  | { state: 'to-push'; detail: number }
  | { state: 'to-pull'; detail: number }
  | { state: 'diverged' }
  | { state: 'offline' }
  | { state: 'conflict'; detail: string[] }
  | { state: 'interrupted'; detail: 'merge' | 'rebase' | 'cherry-pick' | 'revert' | 'am' | 'index-locked' };

export interface SyncStatus {
  branch: string;
  upstream: string | null;
  ahead: number;
  behind: number;
  /** KB files changed but not committed yet (the next sync commits them). */
  dirty: string[];
  state: SyncState;
  offline: string | null;
}

export interface LastSync {
  atMs: number;
  tookMs: number;
  pulled: number;
  pushed: number;
  /** Files re-indexed because the sync changed them. */
  changed: number;
  pushRefused: string | null;
  error: string | null;
}

export interface TeamView {
  status: SyncStatus;
  explain: string | null;
  /** The app syncs on its own (on open, on a timer, after writes). */
  autoSync: boolean;
  lastSync: LastSync | null;
  identity: string | null;
  identityError: string | null;
}

/** One commit that changed a document. */
export interface Change {
  commit: string;
  author: string;
  email: string;
  /** Seconds since the Unix epoch. */
  time: number;
  message: string;
}

/** What a lead reviews: a document's changes since its last reviewed version. */
export interface ReviewDiff {
  path: string;
  /** The status written in the file now (`null`: none, i.e. published). */
  status: string | null;
  inReview: boolean;
  /** The last reviewed version; `null` when the document was never reviewed. */
  base: Change | null;
  /** Commits since `base`, newest first. */
  changes: Change[];
  diff: string;
  /** Hash of the version shown: "Approve" approves exactly this one. */
  hash: string;
}

export interface Approved {
  committed: Committed | null;
  base: string | null;
}

/** Resolution figures of a group of ticket notes (the team, or one author). */
export interface TeamFigures {
  key: string;
  notes: number;
  resolved: number;
  escalated: number;
  escalationRate: number | null;
  medianTtrMin: number | null;
  p90TtrMin: number | null;
  lastNote: string | null;
}

/** Team-wide figures from the ticket notes in the shared KB (`team_stats`). */
export interface TeamReport {
  from: string;
  to: string;
  overall: TeamFigures;
  authors: TeamFigures[];
  notesInKb: number;
  /** Authors come from git (the KB is a working copy). */
  shared: boolean;
}

export interface Committed {
  commit: string;
  message: string;
  paths: string[];
}

/** A conflicted document: this laptop's, the team's and the common version (`null`: absent). */
export interface ConflictVersions {
  ours: string | null;
  theirs: string | null;
  base: string | null;
}
