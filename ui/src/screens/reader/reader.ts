// The reader screen: one document with its badges, meta line, problems, sanitized body,
// sticky table of contents, and backlinks. Navigation goes through the hash route (app.ts).

import { kindBadge, statusBadge, tagList } from '../../components/badges';
import { BackendError, backend } from '../../lib/backend/ipc';
import type { DocView, Problem } from '../../lib/backend/types';
import { h, isMac, replace } from '../../lib/dom';
import { formatDate, isOverdue } from '../../lib/format';
import { rememberDoc } from '../../lib/recent';
import { recordHref } from '../record/record-screen';
import { enhanceCodeBlocks } from './code-blocks';
import { feedbackWidget } from './feedback';
import { noteReviewWidget } from './note-review';
import { interceptLinks } from './links';
import { Toc } from './toc';

export interface ReaderOptions {
  /** Open another document (adds a history entry). */
  navigate(path: string, anchor: string | null): void;
  onDocShown(doc: DocView | null): void;
  notify(message: string, kind?: 'error' | 'info'): void;
}

export class Reader {
  readonly el: HTMLElement;
  private readonly headerEl: HTMLElement;
  private readonly titleEl: HTMLHeadingElement;
  private readonly bodyEl: HTMLElement;
  private readonly tocEl: HTMLElement;
  private readonly footerEl: HTMLElement;
  private readonly articleEl: HTMLElement;
  private readonly placeholderEl: HTMLElement;
  private readonly toc: Toc;
  /** Slim bar with the title, shown once the real title has scrolled away. */
  private readonly stickyEl: HTMLElement;
  private doc: DocView | null = null;
  /** A document that could not be shown yet (KB still indexing, or gone): retried on kb-changed. */
  private pending: string | null = null;
  private seq = 0;

  constructor(private readonly opts: ReaderOptions) {
    this.titleEl = h('h1', { id: 'doc-title' });
    this.headerEl = h('header.doc-header');
    this.bodyEl = h('div.prose', { id: 'doc-body' });
    this.tocEl = h('nav.toc', { id: 'toc', attrs: { 'aria-label': 'On this page' } });
    this.footerEl = h('footer.doc-footer');
    this.articleEl = h('article.doc', { attrs: { 'aria-labelledby': 'doc-title' } }, [
      this.headerEl,
      h('div.doc-layout', null, [h('div.doc-main', null, [this.bodyEl, this.footerEl]), this.tocEl]),
    ]);
    this.placeholderEl = h('div.reader-placeholder');
    this.stickyEl = h('div.doc-sticky', { attrs: { 'aria-hidden': 'true' } });
    this.el = h('section.reader', { id: 'reader', attrs: { tabindex: '0', 'aria-label': 'Document reader' } }, [
      this.stickyEl,
      this.placeholderEl,
      this.articleEl,
    ]);
    let frame = 0;
    this.el.addEventListener(
      'scroll',
      () => {
        if (!frame) frame = requestAnimationFrame(() => ((frame = 0), this.updateSticky()));
      },
      { passive: true },
    );
    this.toc = new Toc(this.tocEl, this.el, this.bodyEl, (a) => this.scrollTo(a, true));
    interceptLinks(this.bodyEl, {
      openDoc: (path, anchor) => {
        if (path === this.doc?.path && anchor) this.scrollTo(anchor, true);
        else this.opts.navigate(path, anchor);
      },
      scrollTo: (anchor) => this.scrollTo(anchor, true),
      openExternal: (url) => {
        backend.openExternal(url).catch((e: BackendError) => this.opts.notify(`Could not open ${url}: ${e.message}`, 'error'));
      },
    });
    this.showPlaceholder();
  }

  get path(): string | null {
    return this.doc?.path ?? null;
  }

  focus(): void {
    this.el.focus({ preventScroll: true });
  }

  showPlaceholder(): void {
    this.doc = null;
    this.stickyEl.classList.remove('shown');
    this.pending = null;
    this.seq++;
    this.articleEl.hidden = true;
    this.placeholderEl.hidden = false;
    const mod = isMac() ? '⌘' : 'Ctrl';
    replace(this.placeholderEl, [
      h('div.placeholder-inner', null, [
        h('p.placeholder-title', { text: 'Pick a result to read it here' }),
        h('ul.keys', null, [
          keyRow([`${mod} K`], 'search'),
          keyRow(['↑', '↓'], 'choose a result'),
          keyRow(['Enter'], 'open it'),
          keyRow(['Esc'], 'back to the search box'),
          keyRow(['Alt ←'], 'previous document'),
        ]),
      ]),
    ]);
    this.opts.onDocShown(null);
  }

  /** Opens `path`; `anchor` scrolls to a heading. Same document → scroll only. */
  async open(path: string, anchor: string | null, opts: { reload?: boolean } = {}): Promise<void> {
    if (!opts.reload && this.doc?.path === path) {
      if (anchor) this.scrollTo(anchor, true);
      return;
    }
    const seq = ++this.seq;
    const keepScroll = opts.reload ? this.el.scrollTop : 0;
    this.el.classList.add('loading');
    try {
      const doc = await backend.openDoc(path);
      if (seq !== this.seq) return;
      this.render(doc);
      if (anchor) this.scrollTo(anchor, !opts.reload);
      else this.el.scrollTop = keepScroll;
      this.updateSticky();
      if (!opts.reload) rememberDoc({ path: doc.path, title: doc.title, kind: doc.kind });
    } catch (e) {
      if (seq !== this.seq) return;
      this.renderError(path, e as BackendError);
    } finally {
      if (seq === this.seq) this.el.classList.remove('loading');
    }
  }

  /** Reloads the open document if one of `paths` is it (kb-changed). The KB's settings file
   * (`fieldguide.toml`: where site-relative links point) concerns every document. */
  reloadIf(paths: string[]): void {
    const all = paths.length === 0 || paths.includes('fieldguide.toml');
    if (this.doc && (all || paths.includes(this.doc.path))) void this.open(this.doc.path, null, { reload: true });
    else if (this.pending && (all || paths.includes(this.pending))) void this.open(this.pending, null, { reload: true });
  }

  scrollTo(anchor: string, flash: boolean): void {
    const el = this.bodyEl.querySelector<HTMLElement>(`#${CSS.escape(`fg-${anchor}`)}`);
    if (!el) {
      this.opts.notify(`Section “${anchor}” is not in this document.`, 'info');
      return;
    }
    el.scrollIntoView({ block: 'start' });
    this.toc.pin(anchor);
    if (flash) {
      el.classList.remove('flash');
      void el.offsetWidth; // restart the animation
      el.classList.add('flash');
    }
  }

  private updateSticky(): void {
    const gone = !!this.doc && this.titleEl.getBoundingClientRect().bottom < this.el.getBoundingClientRect().top + 8;
    this.stickyEl.classList.toggle('shown', gone);
  }

  // ------------------------------------------------------------------ rendering

  private render(doc: DocView): void {
    this.doc = doc;
    this.pending = null;
    this.placeholderEl.hidden = true;
    this.articleEl.hidden = false;
    this.titleEl.textContent = doc.title;
    replace(this.stickyEl, [
      kindBadge(doc.kind),
      h('span.sticky-title', { text: doc.title }),
      h('button.link.to-top', {
        text: 'Top ↑',
        attrs: { type: 'button', tabindex: '-1' },
        on: { click: () => this.el.scrollTo({ top: 0 }) },
      }),
    ]);
    replace(this.headerEl, [
      h('div.doc-badges', null, [
        kindBadge(doc.kind),
        statusBadge(doc.status),
        doc.meta.ticket ? h('span.badge.ticket', { text: doc.meta.ticket }) : null,
      ]),
      this.titleEl,
      metaLine(doc),
      h('div.doc-sub', null, [
        doc.tags.length ? tagList(doc.tags) : null,
        h('span.doc-path', { text: doc.path, attrs: { title: 'Path in the KB folder' } }),
        h('button.link.copy-path', {
          text: 'Copy path',
          attrs: { type: 'button' },
          on: {
            click: () => {
              navigator.clipboard.writeText(doc.path).then(
                () => this.opts.notify('Path copied', 'info'),
                () => this.opts.notify('Could not copy to the clipboard', 'error'),
              );
            },
          },
        }),
        h('a.btn.ghost.edit-doc', {
          id: 'doc-edit',
          text: 'Edit',
          attrs: { href: `#/edit/${doc.path.split('/').map(encodeURIComponent).join('/')}`, title: 'Edit this document' },
        }),
        doc.kind === 'article' || doc.kind === 'runbook'
          ? h('a.btn.record-resolution-btn', {
              id: 'record-resolution',
              text: 'Record resolution',
              attrs: { href: recordHref({ doc: doc.path }), title: 'Record a ticket resolved with this document' },
            })
          : null,
      ]),
      doc.status === 'retired'
        ? h('p.notice.retired', { attrs: { role: 'note' }, text: 'This document is retired: kept for reference, not for new tickets.' })
        : null,
      doc.problems.length ? problemList(doc.problems) : null,
    ]);
    // `html` was sanitized by the Rust core (ammonia); links are intercepted in links.ts.
    this.bodyEl.innerHTML = doc.html;
    enhanceCodeBlocks(this.bodyEl);
    this.toc.render(doc.toc);
    replace(
      this.footerEl,
      doc.backlinks.length
        ? [
            h('h2.section-label', { text: `Linked from (${doc.backlinks.length})` }),
            h(
              'ul.backlinks',
              null,
              doc.backlinks.map((b) =>
                h('li', null, [
                  h('a', {
                    text: b.title,
                    attrs: { href: `#/doc/${b.path}`, title: b.path },
                    on: {
                      click: (e) => {
                        e.preventDefault();
                        this.opts.navigate(b.path, null);
                      },
                    },
                  }),
                  h('span.muted', { text: ` ${b.path}` }),
                ]),
              ),
            ),
          ]
        : [h('p.muted.small', { text: 'No other document links here.' })],
    );
    if (doc.kind === 'ticket') this.footerEl.prepend(noteReviewWidget(doc.path, doc.meta.reviewScore, this.opts.notify));
    else if (doc.kind !== 'escalation') this.footerEl.prepend(feedbackWidget(doc.path, this.opts.notify));
    this.el.scrollTop = 0;
    this.opts.onDocShown(doc);
  }

  private renderError(path: string, err: BackendError): void {
    this.doc = null;
    this.stickyEl.classList.remove('shown');
    this.pending = path;
    this.articleEl.hidden = true;
    this.placeholderEl.hidden = false;
    const msg =
      err.code === 'not_found'
        ? 'This document is no longer in the knowledge base. It may have been moved or deleted.'
        : err.code === 'loading'
          ? 'The knowledge base is still being indexed; this document opens as soon as it is ready.'
          : err.code === 'permission_denied'
          ? 'Fieldguide is not allowed to read this file.'
          : err.code === 'front_matter' || err.code === 'bad_file'
            ? 'This file could not be read as a KB document.'
            : 'The document could not be opened.';
    replace(
      this.placeholderEl,
      h('div.placeholder-inner', { attrs: { role: 'alert' } }, [
        h('p.placeholder-title', { text: msg }),
        h('p.muted', null, [h('code', { text: path })]),
        h('p.muted.small', { text: `${err.message} (${err.code})` }),
      ]),
    );
    this.opts.onDocShown(null);
  }
}

function keyRow(keys: string[], what: string): HTMLElement {
  return h('li', null, [h('span.keycaps', null, keys.map((k) => h('kbd', { text: k }))), h('span', { text: what })]);
}

function metaLine(doc: DocView): HTMLElement {
  const m = doc.meta;
  const items: (HTMLElement | string)[] = [];
  const add = (label: string, value: string | null, cls = '') => {
    if (!value) return;
    items.push(h(`span.meta-item${cls ? `.${cls}` : ''}` as 'span', { attrs: { title: label } }, value));
  };
  add('Product', m.product);
  add('Category', m.category);
  add('Owner', m.owner);
  add('Last updated', m.updated ? `updated ${formatDate(m.updated)}` : null);
  if (m.reviewBy) {
    const overdue = isOverdue(m.reviewBy);
    items.push(
      h('span.meta-item', { class: { overdue }, attrs: { title: 'Review by' } }, [
        `review by ${formatDate(m.reviewBy)}`,
        overdue ? h('span.badge.overdue', { text: 'review overdue' }) : null,
      ]),
    );
  }
  const line = h('div.doc-meta');
  items.forEach((it, i) => {
    if (i) line.append(h('span.sep', { text: '·', attrs: { 'aria-hidden': 'true' } }));
    line.append(it);
  });
  return line;
}

function problemList(problems: Problem[]): HTMLElement {
  return h('details.doc-problems', { attrs: { open: problems.some((p) => p.severity !== 'info') } }, [
    h('summary', { text: `${problems.length} problem${problems.length === 1 ? '' : 's'} in this document` }),
    h(
      'ul',
      null,
      problems.map((p) =>
        h('li', { dataset: { severity: p.severity } }, [
          h('span.sev', { text: p.severity }),
          h('span.line', { text: `line ${p.line}` }),
          h('span.msg', { text: p.message }),
          h('code.pcode', { text: p.code }),
        ]),
      ),
    ),
  ]);
}
