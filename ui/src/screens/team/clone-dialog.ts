// "Clone the team's KB": a repository address and a destination folder (default
// `<Documents>/Fieldguide KB`), cloned with the user's own git setup (SSH agent, credential
// helpers: Fieldguide never asks for or stores a credential), then opened.

import { BackendError, backend } from '../../lib/backend/ipc';
import { h } from '../../lib/dom';

export class CloneDialog {
  readonly el: HTMLDialogElement;
  private readonly url: HTMLInputElement;
  private readonly dest: HTMLInputElement;
  private readonly errorEl: HTMLElement;
  private readonly cloneBtn: HTMLButtonElement;

  constructor(private readonly onCloned: (folder: string) => Promise<void>) {
    this.url = h('input', { id: 'clone-url', attrs: { type: 'text', placeholder: 'git@gitlab.example.com:support/kb.git', spellcheck: 'false', required: true } });
    this.dest = h('input', { id: 'clone-dest', attrs: { type: 'text', spellcheck: 'false', required: true } });
    this.errorEl = h('p.clone-error', { id: 'clone-error', attrs: { role: 'alert' } });
    this.cloneBtn = h('button.btn.primary', { id: 'clone-go', text: 'Clone and open', attrs: { type: 'submit' } });
    const form = h('form.clone-form', { on: { submit: (e) => { e.preventDefault(); void this.clone(); } } }, [
      h('label', null, ["Team repository address (the one you'd give `git clone`)", this.url]),
      h('label', null, ['Into the folder', this.dest]),
      h('p.clone-hint', { text: 'Uses your own git setup (SSH keys, credential helper). Fieldguide stores no password.' }),
      this.errorEl,
      h('div.dialog-actions', null, [h('button.btn', { text: 'Cancel', attrs: { type: 'button' }, on: { click: () => this.el.close() } }), this.cloneBtn]),
    ]);
    this.el = h('dialog.clone-dialog', { id: 'clone-dialog', attrs: { 'aria-labelledby': 'clone-title' } }, [h('h2', { id: 'clone-title', text: "Clone the team's KB" }), form]);
  }

  async open(): Promise<void> {
    this.errorEl.textContent = '';
    if (!this.dest.value) this.dest.value = await backend.teamDefaultCloneDir().catch(() => '');
    if (!this.el.open) this.el.showModal();
    this.url.focus();
  }

  private async clone(): Promise<void> {
    this.cloneBtn.disabled = true;
    this.cloneBtn.textContent = 'Cloning…';
    this.errorEl.textContent = '';
    try {
      const folder = await backend.teamClone(this.url.value, this.dest.value);
      this.el.close();
      await this.onCloned(folder);
    } catch (e) {
      this.errorEl.textContent = (e as BackendError).message;
    } finally {
      this.cloneBtn.disabled = false;
      this.cloneBtn.textContent = 'Clone and open';
    }
  }
}
