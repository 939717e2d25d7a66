// The sticky "On this page" table of contents and its scroll spy.

import type { TocEntry } from '../../lib/backend/types';
import { h, replace } from '../../lib/dom';

export class Toc {
  private links = new Map<string, HTMLAnchorElement>();
  private entries: TocEntry[] = [];
  private current: string | null = null;
  private frame = 0;
  /** Set when the reader jumps to a heading: shown as current even if the page cannot scroll
   * that heading to the top (short last sections), until the user scrolls by hand. */
  private pinned: { anchor: string; until: number } | null = null;

  constructor(
    readonly el: HTMLElement,
    private readonly scroller: HTMLElement,
    private readonly body: HTMLElement,
    private readonly scrollTo: (anchor: string) => void,
  ) {
    scroller.addEventListener(
      'scroll',
      () => {
        // Scroll events right after a jump belong to the jump; later ones are the user's.
        if (this.pinned && performance.now() > this.pinned.until) this.pinned = null;
        this.schedule();
      },
      { passive: true },
    );
    window.addEventListener('resize', () => this.schedule());
  }

  /** Marks `anchor` as current after a programmatic jump. */
  pin(anchor: string): void {
    this.pinned = { anchor, until: performance.now() + 250 };
    this.schedule();
  }

  render(toc: TocEntry[]): void {
    // A lone h1 repeating the title adds nothing.
    this.entries = toc.filter((t) => t.level > 1 && t.level <= 4);
    this.links.clear();
    this.current = null;
    this.pinned = null;
    if (this.entries.length < 2) {
      this.el.hidden = true;
      this.el.replaceChildren();
      return;
    }
    this.el.hidden = false;
    const minLevel = Math.min(...this.entries.map((t) => t.level));
    replace(this.el, [
      h('h2.section-label', { text: 'On this page' }),
      h(
        'ol.toc-list',
        null,
        this.entries.map((t) => {
          const a = h('a', {
            text: t.text,
            attrs: { href: `#fg-${t.anchor}`, title: t.text },
            dataset: { anchor: t.anchor, depth: String(t.level - minLevel) },
            on: {
              click: (e) => {
                e.preventDefault();
                this.scrollTo(t.anchor);
              },
            },
          });
          this.links.set(t.anchor, a);
          return h('li', null, a);
        }),
      ),
    ]);
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.update();
    });
  }

  private update(): void {
    if (!this.entries.length) return;
    const top = this.scroller.getBoundingClientRect().top + 110;
    let current: string | null = this.entries[0]?.anchor ?? null;
    for (const t of this.entries) {
      const el = this.body.querySelector<HTMLElement>(`#${CSS.escape(`fg-${t.anchor}`)}`);
      if (!el) continue;
      if (el.getBoundingClientRect().top <= top) current = t.anchor;
      else break;
    }
    // At the very bottom, the last section is the one being read.
    const s = this.scroller;
    if (s.scrollTop + s.clientHeight >= s.scrollHeight - 4) current = this.entries[this.entries.length - 1]?.anchor ?? current;
    if (this.pinned && this.links.has(this.pinned.anchor)) current = this.pinned.anchor;
    if (current === this.current) return;
    if (this.current) {
      const old = this.links.get(this.current);
      old?.classList.remove('current');
      old?.removeAttribute('aria-current');
    }
    this.current = current;
    const a = current ? this.links.get(current) : undefined;
    if (a) {
      a.classList.add('current');
      a.setAttribute('aria-current', 'location');
      // Keep the highlighted entry visible inside the TOC's own scroll area only.
      const box = this.el;
      const y = a.offsetTop;
      if (y < box.scrollTop + 30) box.scrollTop = Math.max(0, y - 30);
      else if (y + a.offsetHeight > box.scrollTop + box.clientHeight - 10) box.scrollTop = y + a.offsetHeight - box.clientHeight + 30;
    }
  }
}
