// Routing glue for the authoring screens, shown over the search/reader panes:
// `#/edit/<path>[?line=N]`, `#/new`, `#/lint`. The app shell asks `route()` first.

import type { EditDoc } from '../../lib/backend/types';
import { h } from '../../lib/dom';
import type { Screen } from '../../lib/route';
import { Lint, editHref } from '../lint/lint';
import { Editor } from './editor';
import { NewDoc } from './new-doc';

export type AuthoringRoute =
  | { name: 'edit'; path: string; line: number | null }
  | { name: 'new' }
  | { name: 'lint' };

export function parseAuthoringRoute(hash: string): AuthoringRoute | null {
  if (hash === '#/new') return { name: 'new' };
  if (hash === '#/lint') return { name: 'lint' };
  const m = /^#\/edit\/([^?]+)(?:\?(.*))?$/.exec(hash);
  if (!m || !m[1]) return null;
  try {
    const path = m[1].split('/').map(decodeURIComponent).join('/');
    const line = Number(new URLSearchParams(m[2] ?? '').get('line')) || null;
    return { name: 'edit', path, line };
  } catch {
    return null;
  }
}

export class Authoring implements Screen<AuthoringRoute> {
  readonly name = 'authoring';
  readonly el: HTMLElement;
  private readonly editor: Editor;
  private readonly newDoc: NewDoc;
  private readonly lint: Lint;

  constructor(notify: (m: string, kind?: 'info' | 'error') => void) {
    this.editor = new Editor({ notify });
    this.newDoc = new NewDoc((doc: EditDoc) => {
      void this.editor.show(doc);
      location.hash = editHref(doc.path);
      notify(`Created ${doc.path}`);
    });
    this.lint = new Lint();
    this.el = h('div.authoring', { attrs: { hidden: true } }, [this.editor.el, this.newDoc.el, this.lint.el]);
    window.addEventListener('beforeunload', (e) => {
      if (this.editor.dirty) e.preventDefault();
    });
  }

  /** The screen lifecycle (`Screen` in lib/route.ts): the routes this screen claims. */
  match(hash: string): AuthoringRoute | null {
    return parseAuthoringRoute(hash);
  }

  /** Leaving an editor with unsaved changes asks first. */
  canLeave(nextHash: string): boolean {
    const r = parseAuthoringRoute(nextHash);
    const open = this.editor.currentPath;
    if (open && this.editor.dirty && (r?.name !== 'edit' || r.path !== open)) {
      return window.confirm(`Discard unsaved changes to ${open}?`);
    }
    return true;
  }

  mount(r: AuthoringRoute): void {
    this.el.hidden = false;
    if (r.name !== 'edit') this.editor.close();
    this.editor.el.hidden = r.name !== 'edit';
    this.newDoc.el.hidden = r.name !== 'new';
    this.lint.el.hidden = r.name !== 'lint';
    if (r.name === 'edit') void this.editor.open(r.path, r.line);
    else if (r.name === 'new') void this.newDoc.show();
    else void this.lint.show();
  }

  unmount(): void {
    this.el.hidden = true;
    this.editor.close();
  }

  /** True while an authoring screen covers the panes. */
  get active(): boolean {
    return !this.el.hidden;
  }

  onKbChanged(paths: string[]): void {
    void this.editor.onKbChanged(paths);
    if (!this.lint.el.hidden && !this.el.hidden) void this.lint.show();
  }
}

/** Header entries: New document, KB lint. */
export function authoringLinks(): HTMLElement[] {
  return [
    h('a.btn.ghost', { id: 'header-new', text: 'New', attrs: { href: '#/new', title: 'New document from a template' } }),
    h('a.btn.ghost', { id: 'header-lint', text: 'KB lint', attrs: { href: '#/lint' } }),
  ];
}
