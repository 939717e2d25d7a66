// The end-of-note widget on ticket notes: a lead scores the closure note against the KB's
// closure-note rubric (rubrics/closure-note.md). Each criterion starts with the automatic
// check's verdict (criteria without one wait for the lead's pass or fail); the lead can overrule
// any verdict, and "Save score" writes the score, the failed criteria and the date into the
// note's front matter (`note_review`), committed like every other write.

import '../../styles/record.css';
import { BackendError, backend } from '../../lib/backend/ipc';
import type { CriterionResult, NoteReview } from '../../lib/backend/types';
import { h, replace } from '../../lib/dom';

type Notify = (message: string, kind?: 'error' | 'info') => void;

/** The widget for the ticket note at `path`; `saved` is its stored score, if any. */
export function noteReviewWidget(path: string, saved: number | null, notify: Notify): HTMLElement {
  const body = h('div.note-review-body');
  const el = h('section.note-review', { id: 'note-review', attrs: { 'aria-label': 'Closure-note review' } }, [body]);
  const verdicts: Record<string, boolean> = {};

  const closed = (): void => {
    replace(body, [
      h('span.feedback-q', { text: saved === null ? 'Closure note not reviewed yet.' : `Closure-note score: ${saved}` }),
      h('button.btn', {
        id: 'note-review-open',
        text: saved === null ? 'Review against the rubric…' : 'Review again…',
        attrs: { type: 'button' },
        on: { click: () => void judge(false) },
      }),
    ]);
  };

  const render = (r: NoteReview): void => {
    const verdict = (c: CriterionResult, pass: boolean): HTMLElement => {
      const radio = h('input', { attrs: { type: 'radio', name: `review-${c.id}`, value: pass ? 'pass' : 'fail' } }) as HTMLInputElement;
      radio.checked = !r.pending.includes(c.id) && c.passed === pass;
      radio.addEventListener('change', () => {
        verdicts[c.id] = pass;
        void judge(false);
      });
      return h('label.review-verdict', null, [radio, pass ? ' pass' : ' fail']);
    };
    const save = h('button.btn.primary', {
      id: 'note-review-save',
      text: 'Save score in the note',
      attrs: { type: 'button' },
      on: { click: () => void judge(true) },
    }) as HTMLButtonElement;
    save.disabled = r.pending.length > 0;
    replace(body, [
      h('p', null, ['Score ', h('strong', { id: 'note-review-score', text: String(r.score) }), ' / 100']),
      h(
        'ul.checklist.review-criteria',
        { id: 'note-review-criteria' },
        r.results.map((c) => {
          const state = r.pending.includes(c.id) ? 'pending' : c.passed ? 'provided' : 'missing';
          return h(`li.check-item.${state}` as 'li', { attrs: { 'data-id': c.id, 'data-state': state } }, [
            h('span.check-mark', { text: state === 'pending' ? '?' : c.passed ? '✓' : '✗', attrs: { 'aria-hidden': 'true' } }),
            h('strong', { text: c.label }),
            h('span.muted', { text: ` ×${c.weight} · ${c.byReviewer ? 'your verdict' : state === 'pending' ? 'needs your verdict' : 'automatic'}` }),
            h('span.check-reason', { text: ` — ${c.reason}` }),
            h('span.review-verdicts', null, [verdict(c, true), verdict(c, false)]),
          ]);
        }),
      ),
      r.pending.length ? h('p.muted.small', { text: `Say pass or fail for ${r.pending.length === 1 ? 'the criterion' : 'each criterion'} marked ? before saving.` }) : null,
      h('div.record-actions', null, [save, h('button.btn.ghost', { text: 'Close', attrs: { type: 'button' }, on: { click: closed } })]),
    ]);
  };

  const judge = async (save: boolean): Promise<void> => {
    try {
      const r = await backend.noteReview(path, verdicts, save);
      if (save) {
        saved = r.score;
        notify(`Score ${r.score} saved in the note`);
        closed();
      } else {
        render(r);
      }
    } catch (e) {
      const err = e as BackendError;
      notify(err.code === 'locked' ? 'This KB is open in another Fieldguide window (read-only here)' : `Could not review: ${err.message}`, 'error');
    }
  };

  closed();
  return el;
}
