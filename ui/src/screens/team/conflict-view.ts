// A sync conflict (docs/team.md): this laptop and a colleague changed the same lines of a
// document. Both versions side by side; the user keeps one or edits the merged text, which is
// committed as the resolution and synced. Nothing is written until "Save".

import { BackendError, backend } from '../../lib/backend/ipc';
import { h } from '../../lib/dom';

export class ConflictView {
  readonly el: HTMLDialogElement;
  private readonly titleEl: HTMLElement;
  private readonly oursEl: HTMLElement;
  private readonly theirsEl: HTMLElement;
  private readonly merged: HTMLTextAreaElement;
  private readonly saveBtn: HTMLButtonElement;
  private path = '';

  constructor(private readonly notify: (m: string, k?: 'error' | 'info') => void) {
    this.titleEl = h('h2', { id: 'team-conflict-title' });
    this.oursEl = h('pre.conflict-text', { id: 'team-conflict-ours' });
    this.theirsEl = h('pre.conflict-text', { id: 'team-conflict-theirs' });
    this.merged = h('textarea.team-merged', { id: 'team-conflict-merged', attrs: { spellcheck: 'false', 'aria-label': 'Merged version' } });
    this.saveBtn = h('button.btn.primary', { id: 'team-conflict-save', text: 'Save merged version', attrs: { type: 'button' }, on: { click: () => void this.save() } });
    const use = (id: string, text: string, from: () => string) =>
      h('button.btn', { id, text, attrs: { type: 'button' }, on: { click: () => (this.merged.value = from()) } });
    this.el = h('dialog.conflict-dialog.team-conflict', { id: 'team-conflict', attrs: { 'aria-labelledby': 'team-conflict-title' } }, [
      this.titleEl,
      h('p', {
        text: 'You and a colleague changed the same lines. Nothing is lost: both versions are kept until you save. Keep one, or edit the merged version below, then save — it is committed and shared.',
      }),
      h('div.conflict-panes', null, [
        h('div', null, [h('h3', { text: 'Yours (this laptop)' }), this.oursEl, use('team-conflict-use-ours', 'Use mine', () => this.oursEl.textContent ?? '')]),
        h('div', null, [h('h3', { text: "The team's" }), this.theirsEl, use('team-conflict-use-theirs', "Use the team's", () => this.theirsEl.textContent ?? '')]),
      ]),
      h('h3', { text: 'Merged version (what will be saved)' }),
      this.merged,
      h('div.dialog-actions', null, [h('button.btn', { text: 'Later', attrs: { type: 'button' }, on: { click: () => this.el.close() } }), this.saveBtn]),
    ]);
  }

  async open(path: string): Promise<void> {
    this.path = path;
    this.titleEl.textContent = `Conflict in ${path}`;
    try {
      const v = await backend.teamConflict(path);
      this.oursEl.textContent = v.ours ?? '(deleted on this laptop)';
      this.theirsEl.textContent = v.theirs ?? '(deleted by the team)';
      this.merged.value = v.ours ?? v.theirs ?? '';
      if (!this.el.open) this.el.showModal();
      this.merged.focus();
    } catch (e) {
      this.notify(`Could not load the conflict: ${(e as BackendError).message}`, 'error');
    }
  }

  private async save(): Promise<void> {
    this.saveBtn.disabled = true;
    try {
      const v = await backend.teamResolve(this.path, this.merged.value);
      this.el.close();
      this.notify(v.status.state.state === 'conflict' ? `Saved; other files still conflict` : `Conflict in ${this.path} resolved and shared`);
    } catch (e) {
      this.notify(`Not saved: ${(e as BackendError).message}`, 'error');
    } finally {
      this.saveBtn.disabled = false;
    }
  }
}
