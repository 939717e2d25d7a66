// The conflict dialog: the file changed on disk since it was opened. Shows the disk version and
// yours side by side; the lead keeps theirs, overwrites with theirs explicitly, or saves a copy.

import { h, replace } from '../../lib/dom';

export type ConflictChoice = 'mine' | 'theirs' | 'copy' | 'cancel';

export class ConflictDialog {
  readonly el: HTMLDialogElement;
  private readonly diskEl: HTMLElement;
  private readonly mineEl: HTMLElement;
  private readonly titleEl: HTMLElement;
  private readonly theirsBtn: HTMLButtonElement;
  private resolve: ((c: ConflictChoice) => void) | null = null;

  constructor() {
    this.titleEl = h('h2', { id: 'conflict-title' });
    this.diskEl = h('pre.conflict-text', { id: 'conflict-disk' });
    this.mineEl = h('pre.conflict-text', { id: 'conflict-mine' });
    const btn = (id: string, text: string, choice: ConflictChoice, cls = 'btn') =>
      h(`button.${cls}`, { id, text, attrs: { type: 'button' }, on: { click: () => this.done(choice) } });
    this.theirsBtn = btn('conflict-theirs', 'Take the disk version', 'theirs');
    this.el = h('dialog.conflict-dialog', { id: 'conflict-dialog', attrs: { 'aria-labelledby': 'conflict-title' } }, [
      this.titleEl,
      h('p', {
        text: 'Someone (an external editor, a git pull) changed this file after you opened it. Nothing was overwritten. Choose what to keep:',
      }),
      h('div.conflict-panes', null, [
        h('div', null, [h('h3', { text: 'On disk now' }), this.diskEl]),
        h('div', null, [h('h3', { text: 'Yours (unsaved)' }), this.mineEl]),
      ]),
      h('div.conflict-actions', null, [
        btn('conflict-cancel', 'Cancel', 'cancel', 'btn.ghost'),
        this.theirsBtn,
        btn('conflict-copy', 'Save mine as a copy', 'copy'),
        btn('conflict-mine', 'Overwrite with mine', 'mine', 'btn.danger'),
      ]),
    ]);
    this.el.addEventListener('cancel', (e) => {
      e.preventDefault();
      this.done('cancel');
    });
  }

  ask(path: string, mine: string, disk: string | null): Promise<ConflictChoice> {
    this.titleEl.textContent = disk === null ? `${path} was deleted on disk` : `${path} changed on disk`;
    replace(this.diskEl, disk ?? '(the file no longer exists)');
    replace(this.mineEl, mine);
    this.theirsBtn.hidden = disk === null;
    this.el.showModal();
    return new Promise((r) => (this.resolve = r));
  }

  private done(c: ConflictChoice): void {
    this.el.close();
    this.resolve?.(c);
    this.resolve = null;
  }
}
