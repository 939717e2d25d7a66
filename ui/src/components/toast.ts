// Short, non-blocking messages at the bottom of the window.

import { h } from '../lib/dom';

export class Toasts {
  readonly el = h('div.toasts', { attrs: { role: 'status', 'aria-live': 'polite' } });

  show(message: string, kind: 'error' | 'info' = 'info'): void {
    const t = h('div.toast', { dataset: { kind }, text: message });
    this.el.append(t);
    setTimeout(() => t.classList.add('leaving'), kind === 'error' ? 5000 : 2200);
    setTimeout(() => t.remove(), kind === 'error' ? 5400 : 2600);
  }
}
