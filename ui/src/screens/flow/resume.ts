// "Resume where you were": the sessions still in progress, listed in the empty search state.

import { backend } from '../../lib/backend/ipc';
import type { FlowSessionSummary } from '../../lib/backend/types';
import { h, replace } from '../../lib/dom';
import { goToFlow } from './start';

/** One line per session: "Resume: Laptop cannot connect to the VPN, step 3". */
export function resumeLabel(s: FlowSessionSummary): string {
  return `Resume: ${s.flowTitle}, step ${s.step}`;
}

/** The last list fetched: drawn at once on the next render (no flicker), then refreshed. */
let last: FlowSessionSummary[] = [];

/** An element that fills itself with the active sessions (stays empty when there are none). */
export function resumeSection(): HTMLElement {
  const el = h('div.flow-resume', { id: 'flow-resume' });
  current = el;
  fill(el, last);
  refreshResumeList();
  return el;
}

/** The list on screen, if any. */
let current: HTMLElement | null = null;

/** Fetches the sessions in progress again (after leaving the player, for instance). */
export function refreshResumeList(): void {
  const el = current;
  if (!el) return;
  backend.flowActive().then(
    (list) => {
      last = list;
      if (el === current) fill(el, list);
    },
    () => {
      // No KB yet (still indexing) or an older backend: nothing to resume.
    },
  );
}

function fill(el: HTMLElement, list: FlowSessionSummary[]): void {
  el.hidden = list.length === 0;
  replace(
    el,
    list.length === 0
      ? null
      : [
          h('h3.section-label', { text: 'Flows in progress' }),
          h(
            'ul.resume-list',
            null,
            list.slice(0, 5).map((s) =>
              h('li', null, [
                h(
                  'button.resume-item',
                  {
                    attrs: { type: 'button', title: `${s.flowPath} — now at “${s.stepTitle}”` },
                    dataset: { session: s.sessionId },
                    on: { click: () => goToFlow(s.sessionId) },
                  },
                  [
                    h('span.badge.kind', { dataset: { kind: 'flow' }, text: 'Flow' }),
                    h('span.t', { text: resumeLabel(s) }),
                    s.fits ? null : h('span.badge.overdue', { text: 'flow changed', attrs: { title: 'The flow was edited; resuming offers a restart.' } }),
                  ],
                ),
              ]),
            ),
          ),
        ],
  );
}
