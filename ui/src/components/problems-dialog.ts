// Modal list of the KB's problems (path:line message); choosing one opens the document.

import type { Problem } from '../lib/backend/types';
import { h, replace } from '../lib/dom';
import { PROBLEMS_SHOWN, moreProblems } from '../lib/format';

const SEV_RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };

export class ProblemsDialog {
  readonly el: HTMLDialogElement;
  private readonly listEl: HTMLElement;
  private readonly titleEl: HTMLElement;

  constructor(private readonly onOpen: (path: string) => void) {
    this.titleEl = h('h2', { id: 'problems-title' });
    this.listEl = h('ul.problem-list');
    this.el = h('dialog.problems-dialog', { id: 'problems-dialog', attrs: { 'aria-labelledby': 'problems-title' } }, [
      h('div.dialog-head', null, [
        this.titleEl,
        h('button.btn.ghost.icon-btn', { text: '✕', attrs: { type: 'button', 'aria-label': 'Close' }, on: { click: () => this.el.close() } }),
      ]),
      this.listEl,
    ]);
    this.el.addEventListener('click', (e) => {
      if (e.target === this.el) this.el.close(); // backdrop
    });
  }

  show(problems: Problem[]): void {
    const sorted = [...problems].sort(
      (a, b) => (SEV_RANK[a.severity] ?? 3) - (SEV_RANK[b.severity] ?? 3) || a.path.localeCompare(b.path) || a.line - b.line,
    );
    this.titleEl.textContent = `Problems in this knowledge base (${problems.length})`;
    replace(
      this.listEl,
      sorted.slice(0, PROBLEMS_SHOWN).map((p) =>
        h(
          'li',
          null,
          h(
            'button.problem',
            {
              attrs: { type: 'button' },
              dataset: { severity: p.severity, path: p.path },
              on: {
                click: () => {
                  this.el.close();
                  this.onOpen(p.path);
                },
              },
            },
            [
              h('span.sev', { text: p.severity }),
              h('span.loc', { text: `${p.path}:${p.line}` }),
              h('span.msg', { text: p.message }),
              h('code.pcode', { text: p.code }),
            ],
          ),
        ),
      ),
    );
    if (sorted.length > PROBLEMS_SHOWN) this.listEl.append(h('li.problem-more', { text: moreProblems(sorted.length - PROBLEMS_SHOWN) }));
    if (!this.el.open) this.el.showModal();
    this.listEl.querySelector<HTMLButtonElement>('button')?.focus();
  }
}
