// Application shell: header + search pane + reader, hash routing between documents, global
// keyboard shortcuts, backend events (index-progress, kb-changed), and the theme.

import { Header } from './components/header';
import { SyncChip } from './components/sync-chip';
import { ProblemsDialog } from './components/problems-dialog';
import { Toasts } from './components/toast';
import { BackendError, backend } from './lib/backend/ipc';
import type { KbInfo } from './lib/backend/types';
import { debounce, h } from './lib/dom';
import { pagePerf } from './lib/perf';
import { type Route, Router, type Screen, goToDoc, parseRoute } from './lib/route';
import { applyTheme, loadTheme } from './lib/theme';
import { Dashboard, dashboardLink } from './screens/dashboard/dashboard';
import { Authoring, authoringLinks } from './screens/editor/authoring';
import { FlowPlayer } from './screens/flow/player';
import { parseFlowRoute } from './screens/flow/start';
import { Reader } from './screens/reader/reader';
import { RecordScreen, parseRecordRoute } from './screens/record/record-screen';
import { SearchPane } from './screens/search/search-pane';
import { FirstRun } from './screens/first-run/first-run';
import { CloneDialog } from './screens/team/clone-dialog';
import { ConflictView } from './screens/team/conflict-view';
import { DocHistory } from './screens/team/doc-history';

export class App {
  private kb: KbInfo | null = null;
  private readonly header: Header;
  private readonly search: SearchPane;
  private readonly reader: Reader;
  private readonly dashboard: Dashboard;
  private readonly record: RecordScreen;
  private readonly problems: ProblemsDialog;
  private readonly flow: FlowPlayer;
  private readonly toasts = new Toasts();
  private readonly authoring: Authoring;
  private focusReaderOnOpen = false;
  private readonly syncChip: SyncChip;
  private readonly conflictView: ConflictView;
  private readonly docHistory: DocHistory;
  private readonly cloneDialog: CloneDialog;
  private readonly firstRun: FirstRun;
  /** The KB whose opening the sync chip was told about (it syncs once per opening). */
  private syncedRoot: string | null = null;
  private kbSeq = 0;
  private readonly router: Router;

  constructor(private readonly root: HTMLElement) {
    const theme = loadTheme();
    applyTheme(theme);
    this.header = new Header({
      theme,
      onTheme: applyTheme,
      onOpenKb: () => void this.pickKb(),
      onShowProblems: () => void this.showProblems(),
      onSearch: () => this.goToSearch(),
    });
    this.authoring = new Authoring((m, k) => this.toasts.show(m, k));
    this.header.el.querySelector('#open-kb-button')?.before(this.header.searchLink(), ...authoringLinks(), dashboardLink());
    this.search = new SearchPane({
      onOpen: (path, anchor, focusReader) => {
        this.focusReaderOnOpen = focusReader;
        goToDoc(path, anchor);
      },
      onOpenKb: () => void this.pickKb(),
    });
    this.reader = new Reader({
      navigate: (path, anchor) => goToDoc(path, anchor),
      onDocShown: (doc) => {
        this.search.setOpenPath(doc?.path ?? null);
        document.title = doc ? `${doc.title} — Fieldguide` : 'Fieldguide';
        // Called once from the reader's constructor, before the history line exists.
        void this.docHistory?.show(doc);
      },
      notify: (m, k) => this.toasts.show(m, k),
    });
    this.record = new RecordScreen({ notify: (m, k) => this.toasts.show(m, k), openDoc: (p) => goToDoc(p, null) });
    this.docHistory = new DocHistory(this.reader.el, (m, k) => this.toasts.show(m, k));
    this.cloneDialog = new CloneDialog((folder) => this.openFolder(folder));
    this.firstRun = new FirstRun({
      onOpenFolder: () => void this.pickKb(),
      onClone: () => void this.cloneDialog.open(),
      onOpenPath: (path) => void this.openFolder(path),
    });
    this.conflictView = new ConflictView((m, k) => this.toasts.show(m, k));
    this.syncChip = new SyncChip({ notify: (m, k) => this.toasts.show(m, k), onConflict: (p) => void this.conflictView.open(p) });
    this.problems = new ProblemsDialog((path) => goToDoc(path, null));
    this.dashboard = new Dashboard((m, k) => this.toasts.show(m, k));
    this.flow = new FlowPlayer({
      openDoc: (path, anchor) => void this.reader.open(path, anchor),
      notify: (m, k) => this.toasts.show(m, k),
    });
    this.router = new Router(root, this.screens());
  }

  async start(): Promise<void> {
    const perf = pagePerf();
    perf.perf.uiStartAt = perf.epochNow();
    perf.event('ui-start');
    this.root.replaceChildren(
      this.header.el,
      h('main.panes', null, [this.search.el, this.flow.el, h('div.pane-divider', { attrs: { 'aria-hidden': 'true' } }), this.reader.el, this.record.el]),
      this.authoring.el,
      this.dashboard.el,
      this.problems.el,
      this.docHistory.dialog.el,
      this.docHistory.review.el,
      this.conflictView.el,
      this.cloneDialog.el,
      this.firstRun.el,
      this.toasts.el,
    );
    this.header.el
      .querySelector('#open-kb-button')
      ?.after(h('button.btn.ghost', { id: 'clone-kb-button', text: 'Clone team KB…', attrs: { type: 'button' }, on: { click: () => void this.cloneDialog.open() } }));
    this.header.el.querySelector('#problems-button')?.before(this.syncChip.el);
    document.addEventListener('keydown', (e) => this.onGlobalKey(e));
    window.addEventListener('hashchange', () => void this.router.go());

    void backend.onIndexProgress((p) => {
      if (p.phase === 'done') perf.event('index-done');
      this.header.setProgress(p);
      if (p.phase === 'done') void this.refreshKb(true);
    });
    void backend.onKbChanged(({ paths }) => {
      if (!paths.length && perf.perf.kbReadyAt === null) perf.perf.kbReadyAt = perf.epochNow();
      perf.event(`kb-changed ${paths.length}`);
      // An empty list means "everything" (a KB finished opening).
      this.search.refresh();
      this.reader.reloadIf(paths);
      this.flow.reloadIf(paths);
      this.authoring.onKbChanged(paths);
      void this.refreshKb(false);
    });

    // A start query (`fieldguide-app --search QUERY` opens the page with `?q=`): searched at
    // once (answered from the last session's index while the KB opens), then dropped from the
    // URL so that a reload does not search again.
    const q = new URLSearchParams(location.search).get('q');
    if (q) {
      this.search.setQuery(q);
      history.replaceState(history.state, '', location.pathname + location.hash);
    }
    this.search.focus();
    await this.refreshKb(false);
    await this.router.go();
    // For the desktop benchmark: process start → first result needs the shell's start time.
    backend.processInfo().then(
      (p) => {
        perf.perf.processStartAt = p.startedAtMs;
        perf.perf.pid = p.pid;
        perf.addEvents([...(p.marks ?? []).map((m) => ({ name: `shell:${m.name}`, at: m.at })), ...pageLoadEvents()]);
      },
      () => undefined,
    );
  }

  private async refreshKb(rerunSearch: boolean): Promise<void> {
    // Answers can come back out of order (one asked while the KB was opening, one after it
    // finished): only the newest request's answer is applied, or a stale "indexing" would
    // bring "Scanning…" back after the work ended.
    const seq = ++this.kbSeq;
    try {
      const kb = await backend.kbInfo();
      if (seq !== this.kbSeq) return;
      this.setKb(kb);
      if (rerunSearch) this.search.refresh();
    } catch (e) {
      const err = e as BackendError;
      if (err.code === 'no_kb') {
        this.header.setNoKb();
        void this.firstRun.show();
      }
      else this.toasts.show(`Could not read the KB: ${err.message}`, 'error');
    }
  }

  private setKb(kb: KbInfo): void {
    this.kb = kb;
    this.firstRun.hide();
    this.header.setKb(kb);
    if (kb.indexing) this.syncedRoot = null;
    else if (kb.root !== this.syncedRoot) {
      // Opened (at start, or another folder): sync once, then on the chip's timer.
      this.syncedRoot = kb.root;
      void this.syncChip.kbOpened();
    } else void this.syncChip.refresh();
    this.search.setKb(kb);
    this.refreshProblems();
  }

  /** The header's problem count: the same list as KB lint and the problems dialog (load
   * problems and lint), counted after a burst of changes settles. Only the counts cross
   * (`lint_counts`): the list can run to hundreds of thousands on a large KB. */
  private readonly refreshProblems = debounce(() => {
    backend.lintCounts().then(
      (c) => this.header.setProblems(c.problems, c.errors > 0),
      () => {
        const list = this.kb?.problems ?? [];
        this.header.setProblems(list.length, list.some((p) => p.severity === 'error'));
      },
    );
  }, 300);

  private async showProblems(): Promise<void> {
    let list = this.kb?.problems ?? [];
    try {
      list = await backend.lintKb();
    } catch {
      // Older shells have no lint_kb: the load problems from kb_info will do.
    }
    this.problems.show(list);
  }

  private async pickKb(): Promise<void> {
    try {
      const path = await backend.pickFolder('Open a knowledge base folder');
      if (path) await this.openFolder(path);
    } catch (e) {
      this.toasts.show(`Could not open the KB folder: ${(e as BackendError).message}`, 'error');
    }
  }

  private async openFolder(path: string): Promise<void> {
    try {
      this.setKb(await backend.openKb(path));
      this.search.refresh();
      if (this.reader.path) location.hash = '#/';
      this.toasts.show(`Opened ${path}`);
    } catch (e) {
      const err = e as BackendError;
      const why =
        err.code === 'locked'
          ? 'it is open in another Fieldguide window'
          : err.code === 'permission_denied'
            ? 'permission denied'
            : err.code === 'not_found'
              ? 'the folder does not exist'
              : err.message;
      this.toasts.show(`Could not open the KB folder: ${why}`, 'error');
    }
  }

  /** The window's screens, in routing priority; the reader (search + document) takes the rest. */
  private screens(): Screen<unknown>[] {
    const dashboard: Screen<true> = {
      name: 'dashboard',
      match: (hash) => (hash.startsWith('#/dashboard') ? true : null),
      mount: () => this.dashboard.show(),
      unmount: () => this.dashboard.hide(),
    };
    const flow: Screen<string> = {
      name: 'flow',
      match: (hash) => parseFlowRoute(hash),
      mount: (id) => this.flow.open(id),
      unmount: () => this.flow.hide(),
    };
    const record: Screen<{ session: string | null; doc: string | null }> = {
      name: 'record',
      match: (hash) => parseRecordRoute(hash),
      mount: (r) => this.record.open(r),
      unmount: () => this.record.hide(),
    };
    const reader: Screen<Route> = {
      name: 'reader',
      match: (hash) => parseRoute(hash),
      mount: (r) => this.showReader(r),
      unmount: () => undefined,
    };
    return [dashboard, flow, this.authoring, record, reader];
  }

  private async showReader(r: Route): Promise<void> {
    if (r.name === 'doc') {
      const focus = this.focusReaderOnOpen;
      this.focusReaderOnOpen = false;
      await this.reader.open(r.path, r.anchor);
      // A document read: feeds the article-effectiveness figures (failures never matter here).
      if (this.reader.path === r.path) backend.logView(r.path).catch(() => undefined);
      if (focus) this.reader.focus();
    } else {
      this.reader.showPlaceholder();
    }
  }

  /** Ctrl+K, `/`, the logo and the header's "Search": the search box, from any screen. On
   * another screen this goes back to the search and document last shown (a history entry, so
   * Alt+← returns to that screen). */
  private goToSearch(): void {
    if (this.router.active !== 'reader') {
      window.addEventListener('hashchange', () => this.search.focus(), { once: true });
      location.hash = this.router.lastHash('reader') ?? '#/';
      return;
    }
    this.search.focus();
  }

  private onGlobalKey(e: KeyboardEvent): void {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      this.goToSearch();
      return;
    }
    if (e.altKey && !mod && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      e.preventDefault();
      if (e.key === 'ArrowLeft') history.back();
      else history.forward();
      return;
    }
    if (e.key === 'Escape' && !e.defaultPrevented && !document.querySelector('dialog[open]')) {
      if (this.router.active === 'reader') {
        e.preventDefault();
        this.search.escape();
      } else if (!isEditable(e.target)) {
        // Another screen: back to the search (a text field keeps its Esc, nothing typed is lost).
        e.preventDefault();
        this.goToSearch();
      }
      return;
    }
    if (e.key === '/' && !mod && !isEditable(e.target)) {
      e.preventDefault();
      this.goToSearch();
    }
  }
}

/** The page load's moments (epoch ms): navigation start, HTML received, DOM parsed. */
function pageLoadEvents(): { name: string; at: number }[] {
  const origin = performance.timeOrigin;
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const at = (t: number) => Math.round(origin + t);
  const out = [{ name: 'page:nav-start', at: at(0) }];
  if (nav) {
    out.push({ name: 'page:html-received', at: at(nav.responseEnd) }, { name: 'page:dom-interactive', at: at(nav.domInteractive) });
  }
  return out;
}

function isEditable(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
}
