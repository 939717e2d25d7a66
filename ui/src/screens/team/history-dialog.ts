// A document's history from the team repository (docs/team.md): who changed it, when, with
// what message; the diff between any two versions (pick "from" and "to"); restoring an older
// version as a new commit (later versions stay in the history).

import { BackendError, backend } from '../../lib/backend/ipc';
import type { Change } from '../../lib/backend/types';
import { h, replace } from '../../lib/dom';
import { diffLines, formatWhen } from '../../lib/team';

export class HistoryDialog {
  readonly el: HTMLDialogElement;
  private readonly titleEl: HTMLElement;
  private readonly listEl: HTMLElement;
  private readonly diffEl: HTMLElement;
  private path = '';
  private changes: Change[] = [];
  private from = '';
  private to = '';

  constructor(private readonly notify: (m: string, k?: 'error' | 'info') => void) {
    this.titleEl = h('h2', { id: 'history-title' });
    this.listEl = h('table.history-list', { id: 'history-list' });
    this.diffEl = h('pre.history-diff', { id: 'history-diff', attrs: { 'aria-label': 'Differences' } });
    this.el = h('dialog.history-dialog', { id: 'history-dialog', attrs: { 'aria-labelledby': 'history-title' } }, [
      h('div.dialog-head', null, [
        this.titleEl,
        h('button.btn.ghost.icon-btn', { text: '✕', attrs: { type: 'button', 'aria-label': 'Close' }, on: { click: () => this.el.close() } }),
      ]),
      h('p.history-hint', { text: 'Pick two versions (from, to) to see what changed between them.' }),
      this.listEl,
      this.diffEl,
    ]);
  }

  async open(path: string): Promise<void> {
    this.path = path;
    this.titleEl.textContent = `History of ${path}`;
    replace(this.listEl, h('tr', null, h('td', { text: 'Loading…' })));
    replace(this.diffEl, []);
    if (!this.el.open) this.el.showModal();
    try {
      this.changes = await backend.teamHistory(path);
    } catch (e) {
      replace(this.listEl, h('tr', null, h('td.error', { text: (e as BackendError).message })));
      return;
    }
    this.to = this.changes[0]?.commit ?? '';
    this.from = this.changes[1]?.commit ?? this.to;
    this.renderList();
    await this.showDiff();
  }

  private renderList(): void {
    const radio = (name: 'from' | 'to', c: Change) => {
      const r = h('input', { attrs: { type: 'radio', name: `history-${name}`, value: c.commit, 'aria-label': `${name} ${c.commit.slice(0, 7)}` } });
      r.checked = (name === 'from' ? this.from : this.to) === c.commit;
      r.addEventListener('change', () => {
        if (name === 'from') this.from = c.commit;
        else this.to = c.commit;
        void this.showDiff();
      });
      return r;
    };
    replace(this.listEl, [
      h('tr', null, ['From', 'To', 'When', 'Who', 'What', ''].map((t) => h('th', { text: t }))),
      ...this.changes.map((c, i) =>
        h('tr.history-row', { dataset: { commit: c.commit } }, [
          h('td', null, radio('from', c)),
          h('td', null, radio('to', c)),
          h('td.when', { text: formatWhen(c.time * 1000) }),
          h('td.who', { text: c.author, attrs: { title: c.email } }),
          h('td.what', null, [h('code', { text: c.commit.slice(0, 7) }), ' ', c.message]),
          h(
            'td',
            null,
            i === 0
              ? h('span.muted', { text: 'current' })
              : h('button.btn.restore-version', { text: 'Restore', attrs: { type: 'button', title: 'Write this version back as a new change' }, on: { click: () => void this.restore(c) } }),
          ),
        ]),
      ),
    ]);
  }

  private async showDiff(): Promise<void> {
    if (!this.from || !this.to || this.from === this.to) {
      replace(this.diffEl, this.changes.length ? 'Same version: pick two different ones.' : 'No history yet: the file has never been committed.');
      return;
    }
    try {
      const diff = await backend.teamDiff(this.path, this.from, this.to);
      const lines = diffLines(diff);
      replace(
        this.diffEl,
        lines.length ? lines.map((l) => h(`span.diff-${l.kind}` as 'span', { text: `${l.text}\n` })) : 'No difference in this file.',
      );
    } catch (e) {
      replace(this.diffEl, h('span.error', { text: (e as BackendError).message }));
    }
  }

  private async restore(c: Change): Promise<void> {
    if (!window.confirm(`Restore ${this.path} as it was on ${formatWhen(c.time * 1000)} (${c.author})? This is saved as a new change; nothing is lost.`)) return;
    try {
      await backend.teamRestore(this.path, c.commit);
      this.notify(`Restored the version of ${formatWhen(c.time * 1000)}`);
      await this.open(this.path);
    } catch (e) {
      this.notify(`Could not restore: ${(e as BackendError).message}`, 'error');
    }
  }
}
