// The reader's team line: "Last changed by … on …" and a "History" button, added to the
// document's meta line when the KB is a git working copy; for a document marked
// `status: review`, a notice with "Review changes" (the lead's diff and "Approve"). A plain
// folder shows nothing.

import { backend } from '../../lib/backend/ipc';
import type { DocView } from '../../lib/backend/types';
import { h } from '../../lib/dom';
import { lastChangedText } from '../../lib/team';
import { HistoryDialog } from './history-dialog';
import { ReviewDialog } from './review-dialog';

export class DocHistory {
  readonly dialog: HistoryDialog;
  readonly review: ReviewDialog;
  private shown = '';

  constructor(
    private readonly readerEl: HTMLElement,
    notify: (m: string, k?: 'error' | 'info') => void,
  ) {
    this.dialog = new HistoryDialog(notify);
    this.review = new ReviewDialog(notify);
  }

  /** After the reader rendered `doc`: asks git who changed it last and adds the line. */
  async show(doc: DocView | null): Promise<void> {
    const path = doc?.path ?? '';
    this.shown = path;
    if (!doc) return;
    let change;
    try {
      change = await backend.teamLastChange(path);
    } catch {
      return; // not shared, or an older shell
    }
    const meta = this.readerEl.querySelector('.doc-meta');
    if (!change || this.shown !== path || !meta || meta.querySelector('.last-change')) return;
    meta.append(
      h('span.meta-item.last-change', { id: 'last-change', text: lastChangedText(change), attrs: { title: `${change.message} (${change.commit.slice(0, 7)})` } }),
      h('button.link.doc-history', { id: 'doc-history', text: 'History', attrs: { type: 'button' }, on: { click: () => void this.dialog.open(path) } }),
    );
    if (doc.status === 'review') {
      meta.after(
        h('p.notice.in-review', { id: 'in-review', attrs: { role: 'note' } }, [
          'This version is proposed for review: its changes are not approved yet.',
          h('button.btn', { id: 'review-changes', text: 'Review changes', attrs: { type: 'button' }, on: { click: () => void this.review.open(path) } }),
        ]),
      );
    }
  }
}
