// The one typed door to the backend. Only this module calls `invoke`/`listen` (and the opener
// and dialog plugins). Rejections are rebuilt into `BackendError` so screens switch on `code`.
// Outside the desktop app (a plain browser) there is no backend: every call rejects with
// code `ipc`. The DTOs are generated from the Rust types (types.ts, `make types`).

import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { open as openDialog, save as saveDialog } from '@tauri-apps/plugin-dialog';
import { openUrl } from '@tauri-apps/plugin-opener';
import type {
  BackendErrorPayload,
  DemoSummary,
  Drill,
  DrillRows,
  MetricsQuery,
  Report,
  DocView,
  FirstRun,
  FlowSessionSummary,
  FlowState,
  IndexProgress,
  KbChanged,
  KbInfo,
  LintCounts,
  Problem,
  ProcessInfo,
  SearchRequest,
  SearchResults,
  EscalationPacket,
  EscalationReport,
  Lifecycle,
  NoteReview,
  Transition,
  OutdatedFlag,
  PreparedEscalation,
  PreparedRecord,
  RecordDraft,
  SavedEscalation,
  SavedRecord,
  DocTemplate,
  EditDoc,
  EditPreview,
  FrontMatterForm,
  RenameOutcome,
  SaveOutcome,
} from './types';
import type { Approved, Change, Committed, ConflictVersions, ErrorCode, ReviewDiff, TeamReport, TeamView } from './types';

/** Error codes the UI can meet: every code the backend rejects with (`ErrorCode`, generated
 * from the Rust side into types.ts) and `ipc` (the UI could not reach the backend, or the reply
 * had no `{code, message}` shape). Any other string is shown as-is. */
export type KnownErrorCode = ErrorCode | 'ipc';

export class BackendError extends Error {
  readonly code: KnownErrorCode | (string & {});
  constructor(code: string, message: string) {
    super(message);
    this.name = 'BackendError';
    this.code = code;
  }
  is(code: KnownErrorCode): boolean {
    return this.code === code;
  }
}

/** Turns anything a command rejected with into a `BackendError`. */
export function toBackendError(e: unknown): BackendError {
  if (e instanceof BackendError) return e;
  if (typeof e === 'object' && e !== null && 'code' in e && 'message' in e) {
    const p = e as BackendErrorPayload;
    return new BackendError(String(p.code), String(p.message));
  }
  if (typeof e === 'string') {
    // Commands that return `Result<_, String>` reject with a bare string.
    try {
      return toBackendError(JSON.parse(e));
    } catch {
      return new BackendError('ipc', e);
    }
  }
  if (e instanceof Error) return new BackendError('ipc', e.message);
  return new BackendError('ipc', String(e));
}

export const inTauri: boolean = typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;

type Unlisten = () => void;

interface Transport {
  call<T>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  on<T>(event: string, handler: (payload: T) => void): Promise<Unlisten>;
  openUrl(url: string): Promise<void>;
  pickFolder(title: string): Promise<string | null>;
}

const tauriTransport: Transport = {
  async call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
    return invoke<T>(cmd, args);
  },
  async on<T>(event: string, handler: (payload: T) => void): Promise<Unlisten> {
    return listen<T>(event, (e) => handler(e.payload));
  },
  async openUrl(url: string): Promise<void> {
    await openUrl(url);
  },
  async pickFolder(title: string): Promise<string | null> {
    const picked = await openDialog({ directory: true, multiple: false, title });
    return typeof picked === 'string' ? picked : null;
  },
};

/** Outside the desktop app: no backend to reach. */
const noBackend: Transport = {
  call: () => Promise.reject(new BackendError('ipc', 'Fieldguide runs inside its desktop app')),
  on: () => Promise.resolve(() => {}),
  openUrl: (url) => {
    window.open(url, '_blank', 'noopener');
    return Promise.resolve();
  },
  pickFolder: () => Promise.resolve(null),
};

function transport(): Promise<Transport> {
  return Promise.resolve(inTauri ? tauriTransport : noBackend);
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  const t = await transport();
  try {
    return await t.call<T>(cmd, args);
  } catch (e) {
    throw toBackendError(e);
  }
}

export const backend = {
  kbInfo: (): Promise<KbInfo> => call('kb_info'),
  openKb: (path: string): Promise<KbInfo> => call('open_kb', { path }),
  /** What the first-run screen offers (the shipped sample KB, if any). */
  kbFirstRun: (): Promise<FirstRun> => call('kb_first_run'),
  search: (request: SearchRequest): Promise<SearchResults> => call('search', { request }),
  openDoc: (path: string): Promise<DocView> => call('open_doc', { path }),
  /** Every problem in the KB: load problems plus lint (slower than `kbInfo().problems`). */
  lintKb: (): Promise<Problem[]> => call('lint_kb'),
  /** How many problems `lintKb` finds, and how many are errors (the header's count). */
  lintCounts: (): Promise<LintCounts> => call('lint_counts'),
  /** The shell process: id and start time (read by the desktop benchmark via `__fgPerf`). */
  processInfo: (): Promise<ProcessInfo> => call('process_info'),

  // Insight (dashboard) and usage logging.
  stats: (query: MetricsQuery): Promise<Report> => call('stats', { query }),
  statsDrill: (query: MetricsQuery, drill: Drill): Promise<DrillRows> => call('stats_drill', { query, drill }),
  statsCsv: (table: string, query: MetricsQuery): Promise<string> => call('stats_csv', { table, query }),
  saveStatsCsv: (table: string, query: MetricsQuery, path: string): Promise<void> => call('save_stats_csv', { table, query, path }),
  demoLoad: (seed?: number): Promise<DemoSummary> => call('demo_load', { seed: seed ?? null }),
  demoClear: (): Promise<number> => call('demo_clear'),
  /** Logs a search whose results are on screen (when the user paused typing or opened a
   * result); resolves to its journal id. */
  logSearch: (request: SearchRequest, resultCount: number): Promise<number> =>
    call('log_search', { request, resultCount }),
  logClick: (searchId: number, path: string, rank: number): Promise<number> => call('log_click', { searchId, path, rank }),
  logView: (path: string, flowSessionId?: string | null): Promise<number> => call('log_view', { path, flowSessionId: flowSessionId ?? null }),
  /** Native "save as" dialog; `null` when cancelled (outside Tauri: a prompt). */
  pickSavePath: async (title: string, defaultPath: string): Promise<string | null> => {
    try {
      if (!inTauri) return window.prompt(title, defaultPath);
      const p = await saveDialog({ title, defaultPath, filters: [{ name: 'CSV', extensions: ['csv'] }] });
      return typeof p === 'string' ? p : null;
    } catch (e) {
      throw toBackendError(e);
    }
  },

  // Closing the loop: record a resolution / escalation, reader feedback.
  recordDraft: (sessionId: string | null, doc: string | null): Promise<RecordDraft> =>
    call('record_draft', { sessionId, doc }),
  recordPreview: (draft: RecordDraft, keep: string[]): Promise<PreparedRecord> => call('record_preview', { draft, keep }),
  recordSave: (draft: RecordDraft, keep: string[], sessionId: string | null): Promise<SavedRecord> =>
    call('record_save', { draft, keep, sessionId }),
  escalationDraft: (draft: RecordDraft): Promise<EscalationPacket> => call('escalation_draft', { draft }),
  escalationPreview: (packet: EscalationPacket, keep: string[]): Promise<PreparedEscalation> =>
    call('escalation_preview', { packet, keep }),
  escalationSave: (packet: EscalationPacket, keep: string[], notePath: string): Promise<SavedEscalation> =>
    call('escalation_save', { packet, keep, notePath }),
  packetTransition: (path: string, transition: Transition): Promise<Lifecycle> => call('packet_transition', { path, transition }),
  packetLifecycle: (path: string): Promise<Lifecycle> => call('packet_lifecycle', { path }),
  /** Scores a ticket note against the KB's closure-note rubric; `save` writes the score into it. */
  noteReview: (path: string, verdicts: Record<string, boolean>, save: boolean): Promise<NoteReview> =>
    call('note_review', { path, verdicts, save }),
  escalationStats: (query: MetricsQuery): Promise<EscalationReport> => call('escalation_stats', { query }),
  docFeedback: (path: string, helpful: boolean, comment: string | null): Promise<number> =>
    call('doc_feedback', { path, helpful, comment }),
  docFlagOutdated: (path: string, comment: string): Promise<number> => call('doc_flag_outdated', { path, comment }),
  docFlags: (path: string | null): Promise<OutdatedFlag[]> => call('doc_flags', { path }),

  // Authoring: saves refuse with code `conflict` when the file changed on disk since loaded.
  editLoad: (path: string): Promise<EditDoc> => call('edit_load', { path }),
  editPreview: (path: string, text: string): Promise<EditPreview> => call('edit_preview', { path, text }),
  editApplyForm: (text: string, form: FrontMatterForm): Promise<string> => call('edit_apply_form', { text, form }),
  editSave: (path: string, text: string, baseHash: string): Promise<SaveOutcome> =>
    call('edit_save', { path, text, baseHash }),
  editSaveCopy: (path: string, text: string): Promise<string> => call('edit_save_copy', { path, text }),
  editTemplates: (): Promise<DocTemplate[]> => call('edit_templates'),
  editCreate: (template: string, path: string, form: FrontMatterForm): Promise<EditDoc> =>
    call('edit_create', { template, path, form }),
  editRename: (from: string, to: string): Promise<RenameOutcome> => call('edit_rename', { from, to }),
  editSetStatus: (path: string, status: string): Promise<SaveOutcome> => call('edit_set_status', { path, status }),

  // Guided flows: every action is saved by the core before it returns.
  flowStart: (path: string): Promise<FlowState> => call('flow_start', { path }),
  flowChoose: (sessionId: string, index: number): Promise<FlowState> => call('flow_choose', { sessionId, index }),
  flowBack: (sessionId: string): Promise<FlowState> => call('flow_back', { sessionId }),
  flowRestart: (sessionId: string): Promise<FlowState> => call('flow_restart', { sessionId }),
  flowAbandon: (sessionId: string): Promise<void> => call('flow_abandon', { sessionId }),
  flowState: (sessionId: string): Promise<FlowState> => call('flow_state', { sessionId }),
  flowActive: (): Promise<FlowSessionSummary[]> => call('flow_active'),
  /** The reader's view of a document linked from a flow step (journaled with the session). */
  flowOpenDoc: (sessionId: string, path: string): Promise<DocView> => call('flow_open_doc', { sessionId, path }),

  // The team KB through git (docs/team.md). `teamStatus` is `null` for a plain folder.
  teamStatus: (): Promise<TeamView | null> => call('team_status'),
  teamSync: (): Promise<TeamView | null> => call('team_sync'),
  teamHistory: (path: string): Promise<Change[]> => call('team_history', { path }),
  teamLastChange: (path: string): Promise<Change | null> => call('team_last_change', { path }),
  teamDiff: (path: string, from: string, to: string | null): Promise<string> => call('team_diff', { path, from, to }),
  teamShow: (path: string, commit: string): Promise<string> => call('team_show', { path, commit }),
  teamRestore: (path: string, commit: string): Promise<Committed | null> => call('team_restore', { path, commit }),
  teamConflict: (path: string): Promise<ConflictVersions> => call('team_conflict', { path }),
  teamResolve: (path: string, text: string): Promise<TeamView> => call('team_resolve', { path, text }),
  teamClone: (url: string, dest: string): Promise<string> => call('team_clone', { url, dest }),
  teamDefaultCloneDir: (): Promise<string> => call('team_default_clone_dir'),
  teamReview: (path: string): Promise<ReviewDiff> => call('team_review', { path }),
  teamApprove: (path: string, hash: string): Promise<Approved> => call('team_approve', { path, hash }),
  teamStats: (query: MetricsQuery): Promise<TeamReport> => call('team_stats', { query }),
  onTeamStatus: async (h: (v: TeamView) => void): Promise<Unlisten> => (await transport()).on<TeamView>('team-status', h),

  onIndexProgress: async (h: (p: IndexProgress) => void): Promise<Unlisten> =>
    (await transport()).on<IndexProgress>('index-progress', h),
  onKbChanged: async (h: (p: KbChanged) => void): Promise<Unlisten> =>
    (await transport()).on<KbChanged>('kb-changed', h),

  /** Opens an http(s)/mailto URL in the system browser, never inside the app window. */
  openExternal: async (url: string): Promise<void> => {
    try {
      await (await transport()).openUrl(url);
    } catch (e) {
      throw toBackendError(e);
    }
  },
  /** Native folder picker; `null` when cancelled. */
  pickFolder: async (title: string): Promise<string | null> => {
    try {
      return await (await transport()).pickFolder(title);
    } catch (e) {
      throw toBackendError(e);
    }
  },
};

export type { Transport, Unlisten };
