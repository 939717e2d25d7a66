// The first-run screen: shown when the app starts with no KB (none given with `--kb`, none
// opened before). "Open a folder" picks a KB folder, "Clone the team's KB" opens the clone
// dialog (the team's repository into the documents or data folder), and the sample KB shipped
// with the app, when there is one, can be tried. The choice is remembered for the next start.

import { backend } from '../../lib/backend/ipc';
import { h, replace } from '../../lib/dom';

export interface FirstRunOptions {
  onOpenFolder(): void;
  onClone(): void;
  onOpenPath(path: string): void;
}

export class FirstRun {
  readonly el: HTMLElement;
  private readonly sampleEl: HTMLElement;

  constructor(opts: FirstRunOptions) {
    this.sampleEl = h('p.first-run-sample');
    this.el = h('section.first-run', { id: 'first-run', attrs: { hidden: true, 'aria-labelledby': 'first-run-title' } }, [
      h('div.first-run-inner', null, [
        h('h1', { id: 'first-run-title', text: 'Welcome to Fieldguide' }),
        h('p.first-run-lead', { text: 'Fieldguide works on a knowledge base: a folder of markdown runbooks, articles, flows and ticket notes. Where is yours?' }),
        h('div.first-run-choices', null, [
          h('button.first-run-choice', { id: 'first-run-clone', attrs: { type: 'button' }, on: { click: () => opts.onClone() } }, [
            h('strong', { text: "Clone the team's KB" }),
            h('span', { text: 'From your team’s git server (the address you would give git clone). Uses your own SSH key or credential helper; your notes are shared at every sync.' }),
          ]),
          h('button.first-run-choice', { id: 'first-run-open', attrs: { type: 'button' }, on: { click: () => opts.onOpenFolder() } }, [
            h('strong', { text: 'Open a folder' }),
            h('span', { text: 'A KB folder already on this computer (a git working copy is shared with the team; a plain folder stays on this laptop).' }),
          ]),
        ]),
        this.sampleEl,
      ]),
    ]);
    this.sampleEl.hidden = true;
    this.onOpenPath = opts.onOpenPath;
  }

  private readonly onOpenPath: (path: string) => void;

  get shown(): boolean {
    return !this.el.hidden;
  }

  /** Shows the screen (no KB open); asks the shell whether a sample KB ships with the app. */
  async show(): Promise<void> {
    if (this.shown) return;
    this.el.hidden = false;
    this.el.querySelector<HTMLButtonElement>('#first-run-clone')?.focus();
    try {
      const { sampleKb } = await backend.kbFirstRun();
      if (sampleKb) {
        replace(this.sampleEl, [
          'Just looking? ',
          h('button.link', { id: 'first-run-sample', text: 'Open the sample KB', attrs: { type: 'button', title: sampleKb }, on: { click: () => this.onOpenPath(sampleKb) } }),
        ]);
        this.sampleEl.hidden = false;
      }
    } catch {
      // An older shell: no sample offered.
    }
  }

  hide(): void {
    this.el.hidden = true;
  }
}
