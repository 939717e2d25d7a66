// The end-of-article widget: "Did this help? Yes / No (+ optional comment)", "Flag as
// outdated…" (comment required) and the open outdated flags on this document. Stored in the
// journal through `doc_feedback` / `doc_flag_outdated` / `doc_flags`.

import '../../styles/record.css';
import { BackendError, backend } from '../../lib/backend/ipc';
import type { OutdatedFlag } from '../../lib/backend/types';
import { h, replace } from '../../lib/dom';
import { formatDate } from '../../lib/format';

type Notify = (message: string, kind?: 'error' | 'info') => void;

function why(e: unknown): string {
  const err = e as BackendError;
  return err.code === 'locked' ? 'this KB is open in another Fieldguide window (read-only here)' : err.message;
}

/** Builds the widget for `path`; it loads the open flags itself. */
export function feedbackWidget(path: string, notify: Notify): HTMLElement {
  const flagsEl = h('ul.doc-flags', { id: 'doc-flags' });
  const helpRow = h('div.feedback-row');
  const flagRow = h('div.feedback-row');
  const el = h('section.doc-feedback', { id: 'doc-feedback', attrs: { 'aria-label': 'Feedback on this document' } }, [
    helpRow,
    flagRow,
    flagsEl,
  ]);

  const askHelp = (): void => {
    replace(helpRow, [
      h('span.feedback-q', { text: 'Did this help?' }),
      h('button.btn', { id: 'feedback-yes', text: 'Yes', attrs: { type: 'button' }, on: { click: () => answer(true) } }),
      h('button.btn', { id: 'feedback-no', text: 'No', attrs: { type: 'button' }, on: { click: () => answer(false) } }),
    ]);
  };
  const answer = (helpful: boolean): void => {
    const comment = h('textarea', {
      id: 'feedback-comment',
      attrs: { rows: 1, placeholder: helpful ? 'What helped most? (optional)' : 'What was missing or wrong? (optional)' },
    });
    const send = async (withComment: boolean): Promise<void> => {
      try {
        await backend.docFeedback(path, helpful, withComment ? comment.value.trim() || null : null);
        replace(helpRow, h('span.feedback-thanks', { id: 'feedback-thanks', text: 'Thanks — your answer is recorded.' }));
      } catch (e) {
        notify(`Could not record the answer: ${why(e)}`, 'error');
      }
    };
    replace(helpRow, [
      h('span.feedback-q', { text: helpful ? 'Glad it helped.' : 'Sorry it did not help.' }),
      comment,
      h('button.btn', { id: 'feedback-send', text: 'Send', attrs: { type: 'button' }, on: { click: () => void send(true) } }),
      h('button.btn.ghost', { text: 'Skip comment', attrs: { type: 'button' }, on: { click: () => void send(false) } }),
    ]);
    comment.focus();
  };

  const askFlag = (): void => {
    replace(flagRow, [
      h('button.link', { id: 'flag-outdated', text: 'Flag as outdated…', attrs: { type: 'button' }, on: { click: openFlag } }),
    ]);
  };
  const openFlag = (): void => {
    const comment = h('textarea', {
      id: 'flag-comment',
      attrs: { rows: 2, placeholder: 'What is outdated? (a step, a version, a screenshot…)' },
    });
    const submit = async (): Promise<void> => {
      if (!comment.value.trim()) {
        notify('Say what is outdated', 'error');
        comment.focus();
        return;
      }
      try {
        await backend.docFlagOutdated(path, comment.value);
        notify('Flagged as outdated');
        askFlag();
        await loadFlags();
      } catch (e) {
        notify(`Could not flag: ${why(e)}`, 'error');
      }
    };
    replace(flagRow, [
      comment,
      h('button.btn', { id: 'flag-submit', text: 'Flag', attrs: { type: 'button' }, on: { click: () => void submit() } }),
      h('button.btn.ghost', { text: 'Cancel', attrs: { type: 'button' }, on: { click: askFlag } }),
    ]);
    comment.focus();
  };

  const loadFlags = async (): Promise<void> => {
    let flags: OutdatedFlag[] = [];
    try {
      flags = await backend.docFlags(path);
    } catch {
      // Older shells without doc_flags: show none.
    }
    replace(
      flagsEl,
      flags.map((f) =>
        h('li.doc-flag', { dataset: { id: String(f.id) } }, [
          'Flagged as outdated: ',
          f.comment,
          h('span.muted', { text: `— ${formatDate(f.at)}` }),
        ]),
      ),
    );
  };

  askHelp();
  askFlag();
  void loadFlags();
  return el;
}
