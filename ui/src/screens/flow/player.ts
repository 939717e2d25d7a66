// The flow player (route `#/flow/<session-id>`): one step at a time — its instructions rendered
// like a document (copy buttons, intercepted links; doc links open in the reader beside the
// flow), its answers as big numbered buttons (keys 1–9), Back (Backspace, Alt+←), a breadcrumb
// of the answers so far (click = go back there), Restart, the whole tree as an SVG, and at the
// end a summary with "Record resolution" and "Start over". Every action is saved by the core.

import { BackendError, backend } from '../../lib/backend/ipc';
import type { FlowState } from '../../lib/backend/types';
import { h, replace } from '../../lib/dom';
import { enhanceCodeBlocks } from '../reader/code-blocks';
import { interceptLinks } from '../reader/links';
import { refreshResumeList } from './resume';
import { takePrimed } from './start';
import { renderTree } from './tree';

export interface FlowPlayerOptions {
  /** Show a KB document in the reader pane beside the flow. */
  openDoc(path: string, anchor: string | null): void;
  notify(message: string, kind?: 'error' | 'info'): void;
}

export class FlowPlayer {
  readonly el: HTMLElement;
  private readonly headEl: HTMLElement;
  private readonly crumbsEl: HTMLElement;
  private readonly stepEl: HTMLElement;
  private readonly treeEl: HTMLElement;
  private state: FlowState | null = null;
  private sessionId: string | null = null;
  private busy = false;
  private active = false;

  constructor(private readonly opts: FlowPlayerOptions) {
    this.headEl = h('header.flow-head');
    this.crumbsEl = h('nav.flow-breadcrumb', { id: 'flow-breadcrumb', attrs: { 'aria-label': 'Answers so far' } });
    this.stepEl = h('div.flow-step-wrap', { attrs: { 'aria-live': 'polite' } });
    this.treeEl = h('div.flow-tree-scroll');
    this.el = h('section.flow-player', { id: 'flow-player', attrs: { 'aria-label': 'Guided flow', tabindex: '-1' } }, [
      this.headEl,
      this.crumbsEl,
      this.stepEl,
      h('details.flow-tree-box', { attrs: { open: true } }, [h('summary.section-label', { text: 'The whole flow' }), this.treeEl]),
    ]);
    this.el.hidden = true;
    interceptLinks(this.stepEl, {
      openDoc: (path, anchor) => this.openDoc(path, anchor),
      scrollTo: () => undefined,
      openExternal: (url) => {
        backend.openExternal(url).catch((e: BackendError) => this.opts.notify(`Could not open ${url}: ${e.message}`, 'error'));
      },
    });
    // Capture phase: the player's keys win over the shell's (Alt+← is "back" here, not history).
    document.addEventListener('keydown', (e) => this.onKey(e), true);
  }

  /** Shows the player for a session (route `#/flow/<id>`). */
  async open(sessionId: string): Promise<void> {
    this.show(true);
    const primed = takePrimed(sessionId);
    if (primed) {
      this.render(primed);
      return;
    }
    if (this.sessionId !== sessionId) {
      this.state = null;
      replace(this.stepEl, h('p.muted', { text: 'Loading the flow…' }));
    }
    this.sessionId = sessionId;
    await this.act(() => backend.flowState(sessionId));
  }

  /** Hides the player (another route). The session stays saved and resumable. */
  hide(): void {
    if (this.active) refreshResumeList();
    this.show(false);
  }

  /** Reloads the step when its flow file changed on disk (kb-changed). */
  reloadIf(paths: string[]): void {
    if (!this.active || !this.sessionId) return;
    if (paths.length === 0 || (this.state && paths.includes(this.state.flowPath))) {
      const id = this.sessionId;
      void this.act(() => backend.flowState(id));
    }
  }

  private show(on: boolean): void {
    this.active = on;
    this.el.hidden = !on;
  }

  // ------------------------------------------------------------------ actions

  private async act(fn: () => Promise<FlowState>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.el.classList.add('busy');
    try {
      this.render(await fn());
    } catch (e) {
      this.renderError(e as BackendError);
    } finally {
      this.busy = false;
      this.el.classList.remove('busy');
    }
  }

  private choose(index: number): void {
    const s = this.state;
    if (!s || s.status !== 'active' || index >= s.node.choices.length) return;
    void this.act(() => backend.flowChoose(s.sessionId, index));
  }

  private back(steps = 1): void {
    const s = this.state;
    if (!s || !s.canGoBack) return;
    void this.act(async () => {
      let st = s;
      for (let i = 0; i < steps && st.canGoBack; i++) st = await backend.flowBack(s.sessionId);
      return st;
    });
  }

  private restart(): void {
    const id = this.sessionId;
    if (!id) return;
    void this.act(() => backend.flowRestart(id));
  }

  private abandon(): void {
    const id = this.sessionId;
    if (!id || this.busy) return;
    backend.flowAbandon(id).then(
      () => {
        this.opts.notify('Flow session abandoned', 'info');
        location.hash = '#/';
      },
      (e: BackendError) => this.opts.notify(`Could not abandon the session: ${e.message}`, 'error'),
    );
  }

  private openDoc(path: string, anchor: string | null): void {
    this.opts.openDoc(path, anchor);
    // Note in the journal that the document was read during this session (analytics only).
    if (this.sessionId) backend.flowOpenDoc(this.sessionId, path).catch(() => undefined);
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.active || !this.state || e.defaultPrevented) return;
    const t = e.target;
    if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (document.querySelector('dialog[open]')) return;
    const mod = e.ctrlKey || e.metaKey;
    // Esc, Ctrl/⌘ K and `/` are the shell's: back to the search and the document last shown
    // (the session stays saved and is listed under "Flows in progress").
    if (!mod && !e.altKey && /^[1-9]$/.test(e.key)) {
      e.preventDefault();
      e.stopPropagation();
      this.choose(Number(e.key) - 1);
    } else if ((e.key === 'Backspace' && !mod && !e.altKey) || (e.altKey && !mod && e.key === 'ArrowLeft')) {
      e.preventDefault();
      e.stopPropagation();
      this.back();
    }
  }

  // ------------------------------------------------------------------ rendering

  private render(s: FlowState): void {
    this.state = s;
    this.sessionId = s.sessionId;
    document.title = `${s.flowTitle} — Fieldguide`;
    const ended = s.status !== 'active';
    replace(this.headEl, [
      h('div.flow-head-main', null, [
        h('span.badge.kind', { dataset: { kind: 'flow' }, text: 'Flow' }),
        h('h1.flow-title', { text: s.flowTitle, attrs: { title: s.flowPath } }),
      ]),
      h('div.flow-head-actions', null, [
        h('span.flow-elapsed.muted', { text: `${s.elapsedMinutes} min`, attrs: { title: 'Time since the start' } }),
        h('button.btn.flow-open-doc', {
          text: 'Open flow document',
          attrs: { type: 'button', title: s.flowPath },
          on: { click: () => this.opts.openDoc(s.flowPath, s.node.id) },
        }),
        h('button.btn', { id: 'flow-restart', text: 'Restart', attrs: { type: 'button', title: 'Back to the first step' }, on: { click: () => this.restart() } }),
        ended
          ? null
          : h('button.btn.ghost', {
              id: 'flow-abandon',
              text: 'Abandon',
              attrs: { type: 'button', title: 'Give this session up (it leaves “Flows in progress”)' },
              on: { click: () => this.abandon() },
            }),
      ]),
    ]);
    this.renderCrumbs(s);

    const stepNo = s.breadcrumb.length;
    const body = h('div.prose.flow-step-body', { html: s.node.html });
    enhanceCodeBlocks(body);
    const step = h('article.flow-step', { dataset: { node: s.node.id, status: s.status } }, [
      stepNo === 1 && s.introHtml.trim() ? h('details.flow-intro', null, [h('summary', { text: 'About this flow' }), h('div.prose', { html: s.introHtml })]) : null,
      h('div.flow-step-no', { text: ended ? 'Outcome' : `Step ${stepNo}` }),
      h('h2', { id: 'flow-step-title', text: s.node.title }),
      body,
      s.linkedDocs.length
        ? h('div.flow-linked', null, [
            h('span.muted', { text: 'Open beside the flow: ' }),
            ...s.linkedDocs.map((d) =>
              h('button.link.flow-doc', {
                text: d.title || d.path,
                attrs: { type: 'button', title: d.path },
                dataset: { doc: d.path },
                on: { click: () => this.openDoc(d.path, null) },
              }),
            ),
          ])
        : null,
      ended ? this.outcomeBox(s) : this.choiceList(s),
      h('div.flow-nav', null, [
        h('button.btn.flow-back', {
          id: 'flow-back',
          attrs: { type: 'button', disabled: !s.canGoBack, title: 'Back (Backspace or Alt+←)' },
          on: { click: () => this.back() },
        }, ['← Back']),
        ended ? null : h('span.muted.small', { text: 'Keys: 1–9 answer · Backspace back · Esc search' }),
      ]),
    ]);
    replace(this.stepEl, step);
    replace(
      this.treeEl,
      renderTree(s.graph, {
        current: s.node.id,
        visited: s.visited,
        onVisitedClick: (id) => {
          const at = s.visited.lastIndexOf(id);
          if (at >= 0) this.back(s.visited.length - 1 - at);
        },
      }),
    );
    this.el.scrollTop = 0;
    const first = this.stepEl.querySelector<HTMLElement>('.flow-choice, #flow-outcome .btn');
    if (first && !this.el.contains(document.activeElement)) this.el.focus({ preventScroll: true });
  }

  private renderCrumbs(s: FlowState): void {
    const last = s.breadcrumb.length - 1;
    replace(
      this.crumbsEl,
      h(
        'ol',
        null,
        s.breadcrumb.map((c) => {
          const label = [h('span.crumb-title', { text: c.title }), c.answer ? h('span.crumb-answer', { text: c.answer }) : null];
          return h(
            'li',
            { class: { current: c.index === last }, dataset: { index: String(c.index) } },
            c.index === last
              ? h('span.crumb', { attrs: { 'aria-current': 'step' } }, label)
              : h(
                  'button.crumb',
                  {
                    attrs: { type: 'button', title: `Go back to “${c.title}” (${time(c.at)})` },
                    on: { click: () => this.back(last - c.index) },
                  },
                  label,
                ),
          );
        }),
      ),
    );
  }

  private choiceList(s: FlowState): HTMLElement {
    return h(
      'div.flow-choices',
      { attrs: { role: 'group', 'aria-label': 'Answers' } },
      s.node.choices.map((c) =>
        h(
          'button.flow-choice',
          {
            attrs: { type: 'button' },
            dataset: { index: String(c.index), target: c.target },
            on: { click: () => this.choose(c.index) },
          },
          [c.index < 9 ? h('kbd.choice-key', { text: String(c.index + 1) }) : null, h('span.choice-label', { text: c.label })],
        ),
      ),
    );
  }

  private outcomeBox(s: FlowState): HTMLElement {
    const outcome = s.status === 'abandoned' ? 'abandoned' : s.outcome ?? 'resolved';
    const heading =
      outcome === 'resolved' ? 'Resolved' : outcome === 'escalate' ? 'Escalate this ticket' : 'This session was abandoned';
    return h('section.flow-outcome', { id: 'flow-outcome', dataset: { outcome } }, [
      h('h3.outcome-title', { text: heading }),
      outcome === 'escalate' && s.node.escalation
        ? h('p.escalation-target', { id: 'flow-escalation-target' }, [
            s.node.escalation.team ? `To ${s.node.escalation.team}. ` : '',
            s.node.escalation.checklist ? `Evidence needed: ${s.node.escalation.checklist} (checked on the escalation form).` : '',
          ])
        : null,
      h('p.muted', { text: `${s.breadcrumb.length} steps · ${s.elapsedMinutes} min from the start` }),
      h('h4.section-label', { text: 'Path taken' }),
      h('ol.flow-transcript', null, s.transcript.map((line) => h('li', { text: line }))),
      h('div.outcome-actions', null, [
        s.status === 'abandoned'
          ? null
          : h('a.btn.primary.record-resolution', {
              text: outcome === 'escalate' ? 'Record escalation' : 'Record resolution',
              attrs: { href: `#/record?session=${encodeURIComponent(s.sessionId)}` },
              // The step's link interceptor cancels every <a> in it: navigate to the record form here.
              on: { click: () => (location.hash = `#/record?session=${encodeURIComponent(s.sessionId)}`) },
            }),
        h('button.btn.start-over', { text: 'Start over', attrs: { type: 'button' }, on: { click: () => this.restart() } }),
        h('button.btn.copy-transcript', {
          text: 'Copy steps',
          attrs: { type: 'button', title: 'Copy the path as markdown' },
          on: {
            click: () => {
              navigator.clipboard.writeText(s.transcriptMarkdown).then(
                () => this.opts.notify('Steps copied', 'info'),
                () => this.opts.notify('Could not copy to the clipboard', 'error'),
              );
            },
          },
        }),
      ]),
    ]);
  }

  private renderError(err: BackendError): void {
    const id = this.sessionId;
    const changed = err.code === 'flow_changed';
    const title = changed
      ? 'This flow was changed since you started it.'
      : err.code === 'not_found'
        ? 'This flow session (or its flow) is no longer available.'
        : err.code === 'loading'
          ? 'The knowledge base is still being indexed…'
          : err.code === 'invalid' || err.code === 'session_closed'
            ? 'That did not work.'
            : 'The flow could not be shown.';
    if (this.state && !changed && (err.code === 'invalid' || err.code === 'session_closed')) {
      // A refused action (e.g. an answer that no longer exists): keep the step, say why.
      this.opts.notify(err.message, 'error');
      return;
    }
    this.state = null;
    replace(this.headEl, null);
    replace(this.crumbsEl, null);
    replace(this.treeEl, null);
    replace(
      this.stepEl,
      h('div.notice.flow-error', { attrs: { role: 'alert' }, dataset: { code: err.code } }, [
        h('p', null, h('strong', { text: title })),
        changed ? h('p', { text: 'Your answers no longer fit the steps in the file. Restart the flow from the first step.' }) : null,
        h('p.muted.small', { text: `${err.message} (${err.code})` }),
        h('div.outcome-actions', null, [
          changed && id ? h('button.btn.primary', { id: 'flow-restart', text: 'Restart the flow', attrs: { type: 'button' }, on: { click: () => this.restart() } }) : null,
          h('a.btn', { text: 'Back to search', attrs: { href: '#/' } }),
        ]),
      ]),
    );
  }
}

function time(rfc3339: string): string {
  const d = new Date(rfc3339);
  return Number.isNaN(d.getTime()) ? rfc3339 : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
