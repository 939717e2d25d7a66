// The search screen: query box, facet chips, result list (listbox), and the empty/no-results
// states. Owns the search state and the keyboard selection; opening a document is delegated.

import { toBackendError, backend, type BackendError } from '../../lib/backend/ipc';
import type { KbInfo, SearchRequest, SearchResults } from '../../lib/backend/types';
import { queryFinished } from '../../lib/query';
import { h, isMac, replace } from '../../lib/dom';
import { formatMicros, plural } from '../../lib/format';
import { LatestWins, type Outcome } from '../../lib/latest';
import { pagePerf, type SearchTiming } from '../../lib/perf';
import { renderFacets, type FilterState } from './facets';
import { renderEmptyState, renderNoResults } from './empty';
import { renderResult } from './results';
import { SearchLog } from '../../lib/search-log';

const LIMIT = 50;

/** One search as submitted: the request, and whether the selected hit should stay selected. */
interface SearchJob {
  request: SearchRequest;
  keepSelection: boolean;
  /** performance.now() when the request was sent and answered (for `__fgPerf`). */
  sentAt?: number;
  receivedAt?: number;
}

export interface SearchPaneOptions {
  /** Open a document in the reader; `focusReader` when chosen with Enter. */
  onOpen(path: string, anchor: string | null, focusReader: boolean): void;
  onOpenKb(): void;
}

export class SearchPane {
  readonly el: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly facetsEl: HTMLElement;
  private readonly statusEl: HTMLElement;
  private readonly resultsEl: HTMLElement;
  private readonly emptyEl: HTMLElement;

  private filters: FilterState = { kinds: new Set(), tags: new Set(), includeRetired: false };
  private results: SearchResults | null = null;
  private selected = -1;
  private openPath: string | null = null;
  private kb: KbInfo | null = null;
  /**
   * Every keystroke searches at once (no debounce); at most one search is in flight, and when
   * it returns only the newest query typed meanwhile runs. Stale responses are never shown.
   */
  private readonly searches = new LatestWins<SearchJob, SearchResults>(
    (job) => {
      job.sentAt = performance.now();
      this.perf.event(`search-sent ${job.request.query}`);
      return backend.search(job.request).finally(() => {
        job.receivedAt = performance.now();
        this.perf.event('search-answered');
      });
    },
    (job, outcome) => this.delivered(job, outcome),
    () => this.el.classList.remove('busy'),
  );
  /** Hits rendered at once: what fits in the results pane (kept up to date on resize). */
  private visibleRows = 12;
  /** Appends the rest of the current list (set while it waits for the next frame). */
  private pendingRest: (() => void) | null = null;
  /** Whether a sample hit was laid out to warm up fonts (see `warmUp`). */
  private warmedUp = false;
  /** Keystroke → results painted, for the desktop benchmark (`window.__fgPerf`). */
  private readonly perf = pagePerf();
  /** Logs searches for the knowledge-gap figures (after a pause, or when a result is opened). */
  private readonly searchLog = new SearchLog();
  /** The query in the box is finished (pasted, ends in a space, or set whole): see `SearchRequest.complete`. */
  private complete = false;

  constructor(private readonly opts: SearchPaneOptions) {
    const shortcut = isMac() ? '⌘K' : 'Ctrl K';
    this.input = h('input', {
      id: 'search-input',
      attrs: {
        type: 'search',
        placeholder: 'Search runbooks, articles, tickets…',
        autocomplete: 'off',
        spellcheck: 'false',
        role: 'combobox',
        'aria-label': 'Search the knowledge base',
        'aria-controls': 'results',
        'aria-expanded': 'false',
        'aria-autocomplete': 'list',
        title: 'Words, "phrases", AND/OR/NOT, -word, tag:vpn, kind:runbook, product:…',
      },
      on: {
        input: (e) => this.onInput(e as InputEvent),
        keydown: (e) => this.onKeyDown(e),
      },
    });
    this.facetsEl = h('div', { id: 'facets', attrs: { role: 'toolbar', 'aria-label': 'Filters' } });
    this.statusEl = h('div.search-status', { attrs: { role: 'status', 'aria-live': 'polite' } });
    this.resultsEl = h('div', {
      id: 'results',
      attrs: { role: 'listbox', 'aria-label': 'Results', tabindex: '-1' },
      on: {
        keydown: (e) => this.onKeyDown(e),
        click: (e) => this.onResultClick(e),
      },
    });
    this.emptyEl = h('div.search-empty');
    this.el = h('section.search-pane', { attrs: { 'aria-label': 'Search' } }, [
      h('div.search-box', null, [
        h('span.search-icon', { attrs: { 'aria-hidden': 'true' }, html: SEARCH_ICON }),
        this.input,
        h('kbd.search-kbd', { attrs: { 'aria-hidden': 'true' }, text: shortcut }),
        h('kbd.search-kbd.esc', { attrs: { 'aria-hidden': 'true', title: 'Esc clears' }, text: 'Esc' }),
      ]),
      this.facetsEl,
      this.statusEl,
      h('div.results-scroll', null, [this.resultsEl, this.emptyEl]),
    ]);
    // A hit is at least ~60 px tall: how many can the pane show at once (plus a margin)?
    const scroll = this.el.querySelector('.results-scroll');
    if (scroll && typeof ResizeObserver !== 'undefined') {
      new ResizeObserver(([e]) => {
        if (e && e.contentRect.height > 0) this.visibleRows = Math.ceil(e.contentRect.height / 60) + 2;
      }).observe(scroll);
    }
  }

  // ------------------------------------------------------------------ public

  focus(selectAll = true): void {
    this.input.focus();
    if (selectAll) this.input.select();
  }

  get query(): string {
    return this.input.value;
  }

  setQuery(q: string): void {
    this.input.value = q;
    this.complete = true;
    this.run();
  }

  setKb(kb: KbInfo): void {
    this.kb = kb;
    if (!this.hasSearch()) this.render();
  }

  /** Marks the document shown in the reader. */
  setOpenPath(path: string | null): void {
    this.openPath = path;
    for (const r of this.resultsEl.querySelectorAll<HTMLElement>('.result')) {
      r.classList.toggle('open', r.dataset.path === path);
    }
  }

  /** Re-runs the current search (KB changed, KB reopened, index finished). */
  refresh(): void {
    this.run({ keepSelection: true });
  }

  /** Esc handling: clears a non-empty focused box, else focuses it. Returns true if handled. */
  escape(): void {
    if (document.activeElement === this.input && this.input.value) {
      this.input.value = '';
      this.run();
    } else {
      this.focus(false);
    }
  }

  // ------------------------------------------------------------------ search

  private hasSearch(): boolean {
    const f = this.filters;
    return this.input.value.trim() !== '' || f.kinds.size > 0 || f.tags.size > 0;
  }

  private onInput(e: InputEvent): void {
    this.complete = queryFinished(e.inputType, this.input.value);
    this.perf.input(this.input.value);
    this.searchLog.typing();
    this.run();
  }

  /** Searches for the current query and filters now (or after the search in flight). */
  private run(opts: { keepSelection?: boolean } = {}): void {
    if (!this.hasSearch()) {
      this.searches.cancel(); // whatever is in flight answers an older query
      this.results = null;
      this.selected = -1;
      this.render();
      return;
    }
    const request: SearchRequest = {
      query: this.input.value.trim(),
      kinds: [...this.filters.kinds],
      tags: [...this.filters.tags],
      includeRetired: this.filters.includeRetired,
      limit: LIMIT,
      complete: this.complete,
    };
    this.el.classList.add('busy');
    this.searches.submit({ request, keepSelection: !!opts.keepSelection });
  }

  /** The response to the latest search (older ones never get here). */
  private delivered(job: SearchJob, outcome: Outcome<SearchResults>): void {
    const { request } = job;
    if (outcome.ok) {
      const res = outcome.value;
      const prevPath = job.keepSelection ? this.selectedPath() : null;
      this.results = res;
      this.searchLog.shown(request, res.total);
      const keep = prevPath ? res.hits.findIndex((x) => x.path === prevPath) : -1;
      this.selected = keep >= 0 ? keep : res.hits.length ? 0 : -1;
      this.render();
      this.perf.rendered(request.query, res.hits.length, timing(job));
    } else {
      const err = toBackendError(outcome.error);
      this.results = null;
      this.selected = -1;
      this.renderError(err);
      this.perf.event(`search-error ${err.code}`);
      this.perf.rendered(request.query, 0, timing(job));
    }
  }

  // ------------------------------------------------------------------ rendering

  private render(): void {
    const res = this.results;
    renderFacets(this.facetsEl, {
      results: res,
      kb: this.kb,
      filters: this.filters,
      onChange: () => this.run(),
    });
    this.pendingRest = null;
    this.resultsEl.replaceChildren();
    this.emptyEl.replaceChildren();
    this.input.setAttribute('aria-expanded', String(!!res && res.hits.length > 0));

    if (!res) {
      this.statusEl.replaceChildren();
      this.statusEl.hidden = true;
      renderEmptyState(this.emptyEl, this.kb, {
        onQuery: (q) => this.setQuery(q),
        onOpen: (p) => this.opts.onOpen(p, null, false),
        onOpenKb: () => this.opts.onOpenKb(),
      });
      this.syncSelection();
      return;
    }

    this.statusEl.hidden = false;
    replace(this.statusEl, [
      h('span.count', { text: `${plural(res.total, 'result')}` }),
      h('span.took', { text: ` · ${formatMicros(res.tookMicros)}` }),
      res.total > res.hits.length ? h('span.more', { text: ` · showing first ${res.hits.length}` }) : null,
    ]);
    if (res.relaxed && res.hits.length) {
      this.emptyEl.append(
        h('p.relaxed-note', { attrs: { role: 'note' } }, [
          h('strong', { text: 'No document has all the words; ' }),
          'showing closest matches.',
        ]),
      );
      // The note belongs above the list.
      this.resultsEl.before(this.emptyEl);
    } else {
      this.resultsEl.after(this.emptyEl);
    }

    if (!res.hits.length) {
      renderNoResults(this.emptyEl, {
        query: this.input.value.trim(),
        filtered: this.filters.kinds.size + this.filters.tags.size > 0,
        includeRetired: this.filters.includeRetired,
        onClearFilters: () => this.clearFilters(),
        onIncludeRetired: () => {
          this.filters.includeRetired = true;
          this.run();
        },
      });
    }

    // The hits that fit in the pane first; the rest once that frame is painted (the frame
    // showing a keystroke's results then styles and lays out ~12 new hits, not 50).
    const first = Math.max(this.visibleRows, this.selected + 1);
    this.appendHits(res, 0, first);
    this.syncSelection();
    if (first < res.hits.length) {
      const rest = (): void => {
        this.pendingRest = null;
        if (this.results === res) {
          this.appendHits(res, first, res.hits.length);
          this.syncSelection();
        }
      };
      this.pendingRest = rest;
      requestAnimationFrame(() => setTimeout(() => this.pendingRest === rest && rest(), 0));
    }
  }

  /** Appends the hits not rendered yet (before keyboard selection moves past them). */
  private flushPendingHits(): void {
    this.pendingRest?.();
  }

  private appendHits(res: SearchResults, from: number, to: number): void {
    const frag = document.createDocumentFragment();
    for (const [k, hit] of res.hits.slice(from, to).entries()) {
      const el = renderResult(hit, from + k);
      if (hit.path === this.openPath) el.classList.add('open');
      frag.append(el);
    }
    this.resultsEl.append(frag);
  }

  /**
   * Lays out one sample hit, unseen, while the page waits for the index: the first list of
   * results otherwise pays for matching and shaping the fonts, sizes and weights of a hit
   * (badges, title, section, snippet, monospace path) in the frame that shows it. Once.
   */
  private warmUp(): void {
    if (this.warmedUp) return;
    this.warmedUp = true;
    const sample = renderResult(
      {
        path: 'runbooks/sample-runbook.md',
        title: 'Sample runbook title',
        kind: 'runbook',
        status: 'published',
        tags: ['sample'],
        product: null,
        snippetHtml: 'A sample <b>snippet</b> with a match',
        section: { heading: 'Sample section', anchor: 'sample-section' },
        score: 0,
        why: {
          line: 'title: sample · text: snippet',
          words: [],
          missing: [],
          together: [],
          admittedBy: null,
          ignored: [],
          relaxed: false,
          prior: 1,
        },
      },
      -1,
    );
    sample.removeAttribute('id');
    sample.classList.add('warm-up');
    sample.setAttribute('aria-hidden', 'true');
    this.resultsEl.append(sample);
    void sample.offsetHeight; // style and layout now
    sample.remove();
  }

  private renderError(err: BackendError): void {
    this.pendingRest = null;
    this.statusEl.hidden = true;
    this.resultsEl.replaceChildren();
    const box = h('div.notice.error', { attrs: { role: 'alert' } });
    switch (err.code) {
      case 'query':
        box.append(h('strong', { text: 'Query not understood. ' }), err.message);
        box.append(h('p.muted', { text: 'Check quotes and parentheses; OR and NOT are upper case.' }));
        break;
      case 'no_kb':
        box.append(h('strong', { text: 'No knowledge base is open. ' }));
        box.append(h('button.btn', { text: 'Open KB folder…', on: { click: () => this.opts.onOpenKb() } }));
        break;
      case 'loading':
        box.classList.remove('error');
        box.append(h('strong', { text: 'Indexing the knowledge base… ' }), 'Results will appear here as soon as it is ready.');
        setTimeout(() => this.warmUp(), 0);
        break;
      case 'index':
        box.append(h('strong', { text: 'The search index is not ready. ' }), 'It is being rebuilt from the files; try again in a moment.');
        break;
      default:
        box.append(h('strong', { text: 'Search failed. ' }), err.message, h('span.muted', { text: ` (${err.code})` }));
    }
    replace(this.emptyEl, box);
  }

  clearFilters(): void {
    this.filters.kinds.clear();
    this.filters.tags.clear();
    this.run();
  }

  // ------------------------------------------------------------------ selection & keys

  private selectedPath(): string | null {
    return this.results?.hits[this.selected]?.path ?? null;
  }

  private syncSelection(scroll = false): void {
    const items = this.resultsEl.querySelectorAll<HTMLElement>('.result');
    let active: HTMLElement | null = null;
    items.forEach((el, i) => {
      const on = i === this.selected;
      el.classList.toggle('selected', on);
      el.setAttribute('aria-selected', String(on));
      if (on) active = el;
    });
    const a = active as HTMLElement | null;
    if (a) {
      this.input.setAttribute('aria-activedescendant', a.id);
      this.resultsEl.setAttribute('aria-activedescendant', a.id);
      if (scroll) a.scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
      this.resultsEl.removeAttribute('aria-activedescendant');
    }
  }

  private move(delta: number): void {
    const n = this.results?.hits.length ?? 0;
    if (!n) return;
    this.flushPendingHits();
    this.selected = Math.max(0, Math.min(n - 1, (this.selected < 0 ? -1 : this.selected) + delta));
    this.syncSelection(true);
  }

  private openSelected(focusReader: boolean): void {
    const hit = this.results?.hits[this.selected];
    if (!hit) return;
    this.searchLog.opened(hit.path, this.selected);
    this.opts.onOpen(hit.path, hit.section?.anchor ?? null, focusReader);
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.altKey || e.metaKey || (e.ctrlKey && e.key !== 'Enter')) return;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        this.move(1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        this.move(-1);
        break;
      case 'PageDown':
        if (e.currentTarget === this.resultsEl || document.activeElement === this.input) {
          e.preventDefault();
          this.move(8);
        }
        break;
      case 'PageUp':
        if (e.currentTarget === this.resultsEl || document.activeElement === this.input) {
          e.preventDefault();
          this.move(-8);
        }
        break;
      case 'Enter':
        e.preventDefault();
        // Ctrl+Enter previews without leaving the search box.
        this.openSelected(!e.ctrlKey);
        break;
    }
  }

  private onResultClick(e: MouseEvent): void {
    const el = (e.target as Element).closest<HTMLElement>('.result');
    if (!el) return;
    const i = Number(el.dataset.index);
    this.selected = i;
    this.syncSelection();
    this.openSelected(false);
  }
}

function timing(job: SearchJob): SearchTiming | undefined {
  return job.sentAt !== undefined && job.receivedAt !== undefined ? { sentAt: job.sentAt, receivedAt: job.receivedAt } : undefined;
}

const SEARCH_ICON =
  '<svg viewBox="0 0 16 16" width="15" height="15" fill="none" stroke="currentColor" stroke-width="1.6"><circle cx="7" cy="7" r="4.8"/><path d="m10.6 10.6 3.6 3.6" stroke-linecap="round"/></svg>';
