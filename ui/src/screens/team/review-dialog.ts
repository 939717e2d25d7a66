// A lead's review of a changed article (docs/team.md, "Review for leads"): the changes since
// the last reviewed version (who proposed what, the diff) and "Approve", which publishes exactly
// the version shown (status published, approved/approved_by) as one commit by the lead.

import { BackendError, backend } from '../../lib/backend/ipc';
import type { ReviewDiff } from '../../lib/backend/types';
import { h, replace } from '../../lib/dom';
import { diffLines, formatWhen } from '../../lib/team';

export class ReviewDialog {
  readonly el: HTMLDialogElement;
  private readonly titleEl: HTMLElement;
  private readonly baseEl: HTMLElement;
  private readonly listEl: HTMLElement;
  private readonly diffEl: HTMLElement;
  private readonly approveBtn: HTMLButtonElement;
  private review: ReviewDiff | null = null;

  constructor(private readonly notify: (m: string, k?: 'error' | 'info') => void) {
    this.titleEl = h('h2', { id: 'review-title' });
    this.baseEl = h('p.history-hint', { id: 'review-base' });
    this.listEl = h('table.history-list', { id: 'review-changes' });
    this.diffEl = h('pre.history-diff', { id: 'review-diff', attrs: { 'aria-label': 'Changes since the last reviewed version' } });
    this.approveBtn = h('button.btn.primary', {
      id: 'review-approve',
      text: 'Approve',
      attrs: { type: 'button', title: 'Publish this version as reviewed (a commit by you)' },
      on: { click: () => void this.approve() },
    });
    this.el = h('dialog.history-dialog.review-dialog', { id: 'review-dialog', attrs: { 'aria-labelledby': 'review-title' } }, [
      h('div.dialog-head', null, [
        this.titleEl,
        h('button.btn.ghost.icon-btn', { text: '✕', attrs: { type: 'button', 'aria-label': 'Close' }, on: { click: () => this.el.close() } }),
      ]),
      this.baseEl,
      this.listEl,
      this.diffEl,
      h('div.review-actions', null, [
        h('button.btn.ghost', { text: 'Close', attrs: { type: 'button' }, on: { click: () => this.el.close() } }),
        this.approveBtn,
      ]),
    ]);
  }

  async open(path: string): Promise<void> {
    this.review = null;
    this.titleEl.textContent = `Review ${path}`;
    replace(this.baseEl, 'Loading…');
    replace(this.listEl, []);
    replace(this.diffEl, []);
    this.approveBtn.disabled = true;
    if (!this.el.open) this.el.showModal();
    let r: ReviewDiff;
    try {
      r = await backend.teamReview(path);
    } catch (e) {
      replace(this.baseEl, h('span.error', { text: (e as BackendError).message }));
      return;
    }
    this.review = r;
    replace(
      this.baseEl,
      r.base
        ? `Changes since the last reviewed version: ${formatWhen(r.base.time * 1000)} by ${r.base.author} (${r.base.commit.slice(0, 7)} ${r.base.message}).`
        : 'Never reviewed: the whole document is new.',
    );
    replace(this.listEl, [
      h('tr', null, ['When', 'Who', 'What'].map((t) => h('th', { text: t }))),
      ...r.changes.map((c) =>
        h('tr.history-row', null, [
          h('td.when', { text: formatWhen(c.time * 1000) }),
          h('td.who', { text: c.author, attrs: { title: c.email } }),
          h('td.what', null, [h('code', { text: c.commit.slice(0, 7) }), ' ', c.message]),
        ]),
      ),
    ]);
    const lines = diffLines(r.diff);
    replace(this.diffEl, lines.length ? lines.map((l) => h(`span.diff-${l.kind}` as 'span', { text: `${l.text}\n` })) : 'No change since the last reviewed version.');
    this.approveBtn.disabled = !r.inReview;
    this.approveBtn.title = r.inReview ? 'Publish this version as reviewed (a commit by you)' : `Not in review (status: ${r.status ?? 'published'})`;
  }

  private async approve(): Promise<void> {
    const r = this.review;
    if (!r) return;
    this.approveBtn.disabled = true;
    try {
      await backend.teamApprove(r.path, r.hash);
      this.notify(`Approved ${r.path}`, 'info');
      this.el.close();
    } catch (e) {
      const err = e as BackendError;
      if (err.code === 'conflict') {
        this.notify('The document changed while you reviewed it: review the new version.', 'error');
        await this.open(r.path);
      } else {
        this.notify(`Could not approve: ${err.message}`, 'error');
        this.approveBtn.disabled = false;
      }
    }
  }
}
