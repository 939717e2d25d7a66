// The header bar: app name, KB root and count, "Open KB folder…", indexing progress, KB problems
// count, theme switch.

import type { IndexProgress, KbInfo } from '../lib/backend/types';
import { h, replace, shortenPath } from '../lib/dom';
import { plural } from '../lib/format';
import { nextTheme, themeLabel, type ThemeChoice } from '../lib/theme';

export interface HeaderOptions {
  onOpenKb(): void;
  onShowProblems(): void;
  /** The logo and "Search": back to the search box from any screen. */
  onSearch(): void;
  onTheme(choice: ThemeChoice): void;
  theme: ThemeChoice;
}

const PHASES: Record<string, string> = { scan: 'Scanning', parse: 'Reading', index: 'Indexing', lint: 'Checking', done: 'Done' };
/** The last event of a phase run: the label it leaves for a moment before the bar hides. A lint of the KB
 * (phase `lint`) ends with `checked`, not `done`, which means "the KB is open". */
const ENDS: Record<string, string> = { done: 'Indexed', checked: 'Checked' };

export class Header {
  readonly el: HTMLElement;
  private readonly rootEl: HTMLElement;
  private readonly progressEl: HTMLElement;
  private readonly progressBar: HTMLElement;
  private readonly progressLabel: HTMLElement;
  private readonly problemsBtn: HTMLButtonElement;
  private readonly themeBtn: HTMLButtonElement;
  private theme: ThemeChoice;
  /** "done" came (and no phase since) for the KB at `progressRoot`. */
  private progressEnded = false;
  private progressRoot: string | null = null;
  /** A lint of the KB is reporting progress (`lint` came, `checked` not yet). */
  private checking = false;

  constructor(private readonly opts: HeaderOptions) {
    this.theme = opts.theme;
    // Empty until the shell answers (no "No KB open" flash while the KB is opening).
    this.rootEl = h('div', { id: 'kb-root', class: 'kb-root', text: '' });
    this.progressBar = h('div.progress-fill');
    this.progressLabel = h('span.progress-label');
    this.progressEl = h(
      'div',
      {
        id: 'index-progress',
        class: 'index-progress',
        attrs: { role: 'progressbar', 'aria-label': 'Indexing', 'aria-valuemin': '0', 'aria-valuemax': '100', hidden: true },
      },
      [h('div.progress-track', null, this.progressBar), this.progressLabel],
    );
    this.problemsBtn = h('button.btn.ghost.problems-btn', {
      id: 'problems-button',
      attrs: { type: 'button', 'aria-haspopup': 'dialog' },
      on: { click: () => this.opts.onShowProblems() },
    });
    this.themeBtn = h('button.btn.ghost.icon-btn.theme-btn', {
      attrs: { type: 'button' },
      on: {
        click: () => {
          this.theme = nextTheme(this.theme);
          this.renderTheme();
          this.opts.onTheme(this.theme);
        },
      },
    });
    this.el = h('header.app-header', null, [
      h(
        'a.brand',
        { attrs: { href: '#/', title: 'Search (Ctrl+K)' }, on: { click: (e) => this.search(e) } },
        [h('span.brand-mark', { attrs: { 'aria-hidden': 'true' }, html: LOGO }), h('span.brand-name', { text: 'Fieldguide' })],
      ),
      this.rootEl,
      h('button.btn', { text: 'Open KB folder…', attrs: { type: 'button', id: 'open-kb-button' }, on: { click: () => this.opts.onOpenKb() } }),
      h('div.spacer'),
      this.progressEl,
      this.problemsBtn,
      this.themeBtn,
    ]);
    this.setProblems(0);
    this.renderTheme();
  }

  /** The header's "Search" entry (the app places it with the other screen links). */
  searchLink(): HTMLElement {
    return h('a.btn.ghost.nav-link', {
      id: 'header-search',
      text: 'Search',
      attrs: { href: '#/', title: 'Search (Ctrl+K)' },
      on: { click: (e) => this.search(e) },
    });
  }

  private search(e: Event): void {
    e.preventDefault();
    this.opts.onSearch();
  }

  setKb(kb: KbInfo): void {
    replace(this.rootEl, [
      h('span.kb-path', { text: shortenPath(kb.root) }),
      h('span.kb-count', { text: kb.indexing && kb.docCount === 0 ? 'opening…' : plural(kb.docCount, 'doc') }),
      kb.readOnly ? h('span.badge.readonly', { text: 'read-only', attrs: { title: 'This folder cannot be written' } }) : null,
    ]);
    this.rootEl.title = kb.root;
    // `indexing` stays true until the opening thread has finished everything, which can be long
    // after the index is written ("done"): once "done" came for this KB, that answer must not
    // bring "Scanning…" back (it then stayed until the next event).
    if (kb.root !== this.progressRoot) this.progressEnded = false;
    this.progressRoot = kb.root;
    if (kb.indexing && this.progressEl.hidden && !this.progressEnded) this.setProgress({ phase: 'scan', done: 0, total: 0 });
    else if (!kb.indexing && !this.checking && !this.progressEl.hidden && this.progressLabel.textContent !== 'Indexed') this.setProgress({ phase: 'done', done: 0, total: 0 });
  }

  /** The shell has no KB (none given, or it could not be opened). */
  setNoKb(): void {
    this.rootEl.textContent = 'No KB open';
  }

  /** The KB's problem count: the list the KB lint view shows (`lint_kb`, the app keeps it). */
  setProblems(n: number, errors = false): void {
    replace(this.problemsBtn, [h('span.dot', { attrs: { 'aria-hidden': 'true' } }), n === 0 ? 'No problems' : plural(n, 'problem')]);
    this.problemsBtn.classList.toggle('has-problems', n > 0);
    this.problemsBtn.classList.toggle('has-errors', errors);
    this.problemsBtn.disabled = n === 0;
  }

  setProgress(p: IndexProgress): void {
    if (p.phase === 'lint' || p.phase === 'checked') this.checking = p.phase === 'lint';
    else this.progressEnded = p.phase === 'done';
    const end = ENDS[p.phase];
    if (end) {
      this.progressBar.style.width = '100%';
      this.progressLabel.textContent = end;
      setTimeout(() => {
        if (this.progressLabel.textContent === end) this.progressEl.hidden = true;
      }, 600);
      return;
    }
    const pct = p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : 0;
    this.progressEl.hidden = false;
    this.progressEl.setAttribute('aria-valuenow', String(pct));
    this.progressEl.classList.toggle('indeterminate', p.total === 0);
    this.progressBar.style.width = p.total > 0 ? `${pct}%` : '30%';
    this.progressLabel.textContent = `${PHASES[p.phase] ?? p.phase}${p.total ? ` ${p.done}/${p.total}` : '…'}`;
  }

  private renderTheme(): void {
    this.themeBtn.innerHTML = this.theme === 'dark' ? MOON : this.theme === 'light' ? SUN : AUTO;
    const label = `Theme: ${themeLabel(this.theme)} (click to change)`;
    this.themeBtn.title = label;
    this.themeBtn.setAttribute('aria-label', label);
  }
}

const LOGO =
  '<svg viewBox="0 0 20 20" width="18" height="18"><rect x="1" y="1" width="18" height="18" rx="4.5" fill="currentColor"/><path d="M6 14.5V5.5h8M6 10h6" stroke="var(--brand-ink)" stroke-width="2" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>';
const SUN =
  '<svg viewBox="0 0 16 16" width="15" height="15" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"><circle cx="8" cy="8" r="3"/><path d="M8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1"/></svg>';
const MOON = '<svg viewBox="0 0 16 16" width="15" height="15" fill="none" stroke="currentColor" stroke-width="1.5"><path d="M13.5 9.5A5.5 5.5 0 0 1 6.5 2.5a5.5 5.5 0 1 0 7 7z"/></svg>';
const AUTO =
  '<svg viewBox="0 0 16 16" width="15" height="15" fill="none" stroke="currentColor" stroke-width="1.5"><circle cx="8" cy="8" r="5.5"/><path d="M8 2.5v11a5.5 5.5 0 0 0 0-11z" fill="currentColor"/></svg>';
