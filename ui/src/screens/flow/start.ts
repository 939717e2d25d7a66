// Entering the flow player: the `#/flow/<session-id>` route, starting a flow document (from a
// search hit) and handing the fresh state to the player so it does not ask for it again.

import { backend } from '../../lib/backend/ipc';
import type { FlowState } from '../../lib/backend/types';
import { flowHref } from './route';

export { flowHref, parseFlowRoute } from './route';

let primed: FlowState | null = null;

/** Opens the player on a session (adds a history entry). */
export function goToFlow(sessionId: string, state?: FlowState): void {
  primed = state ?? null;
  const href = flowHref(sessionId);
  if (location.hash === href) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = href;
}

/** Starts a new session on the flow document at `path` and opens the player. */
export async function startFlow(path: string): Promise<void> {
  const state = await backend.flowStart(path);
  goToFlow(state.sessionId, state);
}

/** The state handed over by `goToFlow`, once. */
export function takePrimed(sessionId: string): FlowState | null {
  const s = primed && primed.sessionId === sessionId ? primed : null;
  primed = null;
  return s;
}

/** The "Start flow" button of a flow search hit (its click never opens the hit itself). */
export function startFlowButton(path: string): HTMLButtonElement {
  const btn = document.createElement('button');
  btn.type = 'button';
  btn.className = 'btn start-flow';
  btn.textContent = '▶ Start flow';
  btn.title = 'Walk this flow step by step';
  btn.dataset.path = path;
  btn.addEventListener('click', (e) => {
    e.stopPropagation();
    e.preventDefault();
    btn.disabled = true;
    startFlow(path).then(
      () => {
        btn.disabled = false;
      },
      (err: { message?: string }) => {
        btn.disabled = false;
        btn.textContent = 'Could not start';
        btn.title = err.message ?? String(err);
      },
    );
  });
  return btn;
}
