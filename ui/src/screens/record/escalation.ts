// The escalation section of the record form: what goes to the next tier (summary, severity,
// impact, environment, reproduction, evidence, already tried, suspected cause), its own
// redaction preview, "Copy packet" and "Save beside the note".

import { BackendError, backend } from '../../lib/backend/ipc';
import type { EscalationPacket, EscalationSeverity, ItemCheck, Lifecycle, PacketState, RecordDraft } from '../../lib/backend/types';
import { debounce, h, replace } from '../../lib/dom';
import { field, input, lines, select, textarea } from './fields';
import { fieldLabel, renderFindings } from './redaction';

const SEVERITIES: [EscalationSeverity, string][] = [
  ['sev1', 'sev1 — critical: outage or data loss, no workaround'],
  ['sev2', 'sev2 — high: major function degraded, no workaround'],
  ['sev3', 'sev3 — medium: degraded with a workaround, or one user blocked'],
  ['sev4', 'sev4 — low: minor or cosmetic'],
];

export interface EscalationOptions {
  /** The record form's current draft (ticket, title, flow… come from it). */
  draft(): RecordDraft;
  notify(message: string, kind?: 'error' | 'info'): void;
}

export class EscalationSection {
  readonly el: HTMLElement;
  readonly keep = new Set<string>();
  private readonly summary = textarea('esc-summary', 3);
  private readonly severity = select('esc-severity', SEVERITIES);
  private readonly impact = textarea('esc-impact', 2);
  private readonly environment = textarea('esc-environment', 2);
  private readonly reproduction = textarea('esc-reproduction', 3, { placeholder: 'One step per line' });
  private readonly requestIds = textarea('esc-request-ids', 2, { placeholder: 'One id per line' });
  private readonly timestamps = textarea('esc-timestamps', 2, { placeholder: 'One per line, with the time zone' });
  private readonly logs = textarea('esc-logs', 5, { placeholder: 'Paste log excerpts (tokens are redacted)', spellcheck: false });
  private readonly tried = textarea('esc-tried', 3, { placeholder: 'One per line (pre-filled from the flow path)' });
  private readonly cause = textarea('esc-cause', 2);
  private readonly attachments = textarea('esc-attachments', 2, { placeholder: 'One file name per line, e.g. capture.har' });
  private readonly team = input('esc-team', { id: 'esc-team' });
  private readonly checklist = input('esc-checklist', { id: 'esc-checklist', placeholder: 'checklists/….md (set by the flow)' });
  private readonly checklistEl = h('ul.checklist', { id: 'escalation-checklist' });
  private readonly sendAnyway = h('input', { id: 'esc-send-incomplete', attrs: { type: 'checkbox' } });
  private readonly missingEl = h('div.checklist-warning', { id: 'escalation-missing', attrs: { role: 'alert', hidden: true } });
  private readonly lifecycleEl = h('div.packet-lifecycle', { id: 'packet-lifecycle', attrs: { hidden: true } });
  private readonly confirmed = new Set<string>();
  private checks: ItemCheck[] = [];
  private savedPath: string | null = null;
  private readonly findingsEl = h('div.redaction-list', { id: 'escalation-findings' });
  private readonly markdownEl = h('pre.record-markdown');
  private readonly savedEl = h('p.record-saved', { attrs: { hidden: true } });
  private created = new Date().toISOString();
  private flow: string | null = null;
  private filled = false;
  private seq = 0;
  private markdown = '';
  readonly preview = debounce(() => void this.runPreview(), 300);

  constructor(private readonly o: EscalationOptions) {
    const sevHint = h('small.hint', { text: '' });
    const updateHint = () => (sevHint.textContent = SEVERITIES.find(([v]) => v === this.severity.value)?.[1] ?? '');
    this.severity.value = 'sev3';
    updateHint();
    this.severity.addEventListener('change', updateHint);
    this.el = h('section.escalation', { id: 'escalation-section', attrs: { 'aria-label': 'Escalation packet', hidden: true } }, [
      h('h2', { text: 'Escalation packet' }),
      h('p.muted.small', { text: 'What the next tier needs to find the problem in their own logs. Redacted like the note.' }),
      h('div.form-grid', null, [
        field('Summary', this.summary, { wide: true }),
        h('div.field', null, [h('label', { attrs: { for: 'esc-sev' }, text: 'Severity' }), Object.assign(this.severity, { id: 'esc-sev' }), sevHint]),
        field('Impact', this.impact),
        field('Environment', this.environment, { wide: true }),
        field('Reproduction steps', this.reproduction, { wide: true }),
        field('Request ids', this.requestIds),
        field('Timestamps', this.timestamps),
        field('Log excerpts', this.logs, { wide: true }),
        field('Already tried', this.tried, { wide: true }),
        field('Suspected cause', this.cause, { wide: true }),
        field('Attachments', this.attachments, { hint: 'Names of the files sent with the packet (HAR, logs)' }),
        field('Receiving team', this.team),
        field('Evidence checklist', this.checklist, { wide: true }),
      ]),
      h('h3', { text: 'Evidence checklist' }),
      this.checklistEl,
      this.missingEl,
      h('h3', { text: 'Will be redacted' }),
      this.findingsEl,
      h('details.record-md', null, [h('summary', { text: 'Packet as it will be written' }), this.markdownEl]),
      h('div.record-actions', null, [
        h('button.btn', { id: 'escalation-copy', text: 'Copy packet', attrs: { type: 'button' }, on: { click: () => void this.copy() } }),
      ]),
      this.savedEl,
      this.lifecycleEl,
    ]);
    this.el.addEventListener('input', () => this.preview());
    this.el.addEventListener('change', () => this.preview());
  }

  get visible(): boolean {
    return !this.el.hidden;
  }

  /** Shows the section, pre-filling it from the draft the first time. */
  async show(): Promise<void> {
    this.el.hidden = false;
    if (!this.filled) {
      this.filled = true;
      try {
        const p = await backend.escalationDraft(this.o.draft());
        this.summary.value ||= p.summary;
        this.environment.value ||= p.environment;
        this.tried.value ||= p.tried.join('\n');
        this.cause.value ||= p.suspectedCause;
        this.flow = p.flow;
        this.created = p.created;
        this.team.value ||= p.team ?? '';
        this.checklist.value ||= p.checklist ?? '';
      } catch {
        // A blank packet is fine.
      }
    }
    this.preview();
  }

  hide(): void {
    this.el.hidden = true;
  }

  packet(): EscalationPacket {
    const d = this.o.draft();
    return {
      ticket: d.ticket,
      title: d.title,
      summary: this.summary.value,
      severity: this.severity.value as EscalationSeverity,
      impact: this.impact.value,
      environment: this.environment.value,
      reproduction: lines(this.reproduction),
      evidence: {
        requestIds: lines(this.requestIds),
        timestamps: lines(this.timestamps),
        logs: this.logs.value,
        attachments: lines(this.attachments),
      },
      tried: lines(this.tried),
      suspectedCause: this.cause.value,
      flow: this.flow ?? d.flow,
      team: this.team.value.trim() || null,
      category: d.category.trim() || null,
      checklist: this.checklist.value.trim() || null,
      confirmed: [...this.confirmed],
      unavailable: {},
      checks: [],
      created: this.created,
    };
  }

  private fieldText(f: string): string {
    const p = this.packet();
    const m = /^([\w.]+)(?:\[(\d+)\])?$/.exec(f);
    const i = Number(m?.[2] ?? 0);
    switch (m?.[1]) {
      case 'title':
        return p.title;
      case 'summary':
        return p.summary;
      case 'impact':
        return p.impact;
      case 'environment':
        return p.environment;
      case 'reproduction':
        return p.reproduction[i] ?? '';
      case 'tried':
        return p.tried[i] ?? '';
      case 'evidence.requestIds':
        return p.evidence.requestIds[i] ?? '';
      case 'evidence.timestamps':
        return p.evidence.timestamps[i] ?? '';
      case 'evidence.logs':
        return p.evidence.logs;
      case 'suspectedCause':
        return p.suspectedCause;
      default:
        return '';
    }
  }

  private async runPreview(): Promise<void> {
    if (this.el.hidden) return;
    const seq = ++this.seq;
    try {
      const r = await backend.escalationPreview(this.packet(), [...this.keep]);
      if (seq !== this.seq) return;
      this.markdown = r.markdown;
      this.markdownEl.textContent = r.markdown;
      this.renderChecks(r.packet.checks, r.packet.checklist);
      renderFindings(this.findingsEl, r.findings, {
        keep: this.keep,
        onKeepChange: () => this.preview(),
        fieldText: (f) => this.fieldText(f),
        fieldLabel,
      });
    } catch (e) {
      if (seq !== this.seq) return;
      this.markdown = '';
      replace(this.findingsEl, h('p.record-invalid', { text: (e as BackendError).message }));
      this.markdownEl.textContent = '';
    }
  }

  private async copy(): Promise<void> {
    this.preview.cancel();
    await this.runPreview();
    if (!this.markdown) {
      this.o.notify('Fill in the ticket id, title and summary first', 'error');
      return;
    }
    try {
      await navigator.clipboard.writeText(this.markdown);
      this.o.notify('Escalation packet copied (redacted)');
    } catch {
      this.o.notify('Could not copy to the clipboard', 'error');
    }
  }

  /** Required checklist items the last preview found missing. */
  missingRequired(): ItemCheck[] {
    return this.checks.filter((c) => c.required && !c.provided);
  }

  /** False while required items are missing and "send anyway" is not ticked. */
  async readyToSend(): Promise<boolean> {
    this.preview.cancel();
    await this.runPreview();
    const missing = this.missingRequired();
    if (missing.length === 0 || this.sendAnyway.checked) return true;
    this.missingEl.classList.add('flash');
    this.missingEl.scrollIntoView({ block: 'center' });
    return false;
  }

  private renderChecks(checks: ItemCheck[], checklist: string | null): void {
    this.checks = checks;
    if (!checklist) {
      replace(this.checklistEl, h('li.muted', { text: 'No checklist: the flow outcome names none. Enter one above to check the packet.' }));
      this.missingEl.hidden = true;
      return;
    }
    replace(
      this.checklistEl,
      checks.map((c) => {
        const tick = h('input', { attrs: { type: 'checkbox', 'aria-label': `${c.label} provided elsewhere` } }) as HTMLInputElement;
        tick.checked = this.confirmed.has(c.id);
        tick.addEventListener('change', (e) => {
          e.stopPropagation();
          if (tick.checked) this.confirmed.add(c.id);
          else this.confirmed.delete(c.id);
          this.preview();
        });
        const state = c.provided ? 'provided' : c.required ? 'missing' : 'optional';
        return h(`li.check-item.${state}` as 'li', { attrs: { 'data-id': c.id, 'data-state': state } }, [
          h('span.check-mark', { text: c.provided ? '✓' : '✗', attrs: { 'aria-hidden': 'true' } }),
          h('strong', { text: c.label }),
          h('span.muted', { text: c.required ? ' (required)' : ' (optional)' }),
          h('span.check-reason', { text: ` — ${c.reason}` }),
          c.provided && !this.confirmed.has(c.id) ? null : h('label.check-tick', null, [tick, ' provided elsewhere']),
        ]);
      }),
    );
    const missing = this.missingRequired();
    this.missingEl.hidden = missing.length === 0;
    this.missingEl.classList.remove('flash');
    if (missing.length) {
      replace(this.missingEl, [
        h('p', {
          text: `${missing.length} required item${missing.length > 1 ? 's' : ''} missing: ${missing.map((m) => m.label).join('; ')}. Engineering will likely send the packet back.`,
        }),
        h('label', null, [this.sendAnyway, ' Send anyway (counts as an avoidable escalation)']),
      ]);
    }
  }

  /** Saves the packet beside the note; returns the path written. */
  async save(notePath: string): Promise<string> {
    const r = await backend.escalationSave(this.packet(), [...this.keep], notePath);
    this.savedEl.hidden = false;
    replace(this.savedEl, ['Escalation saved as ', h('code', { text: r.path })]);
    this.savedPath = r.path;
    try {
      this.renderLifecycle(await backend.packetLifecycle(r.path));
    } catch (e) {
      // The packet is saved; only its status buttons are missing.
      this.o.notify(`Saved, but its status could not be read: ${(e as BackendError).message}`, 'error');
    }
    return r.path;
  }

  private renderLifecycle(l: Lifecycle): void {
    const state: PacketState = l.events[l.events.length - 1]?.state ?? 'sent';
    const next: Record<PacketState, PacketState[]> = {
      sent: ['returned', 'rerouted', 'accepted'],
      resent: ['returned', 'rerouted', 'accepted'],
      rerouted: ['returned', 'accepted'],
      returned: ['resent', 'rerouted', 'accepted'],
      accepted: ['resolved'],
      resolved: [],
    };
    const asked = input('packet-note', { id: 'packet-note', placeholder: 'What engineering asked for / the new team' });
    const labels: Record<string, string> = {
      returned: 'Returned for information',
      resent: 'Information sent back',
      rerouted: 'Re-routed',
      accepted: 'Accepted as actionable',
      resolved: 'Resolved',
    };
    const go = async (to: PacketState): Promise<void> => {
      if (!this.savedPath) return;
      const text = asked.value.trim();
      try {
        const after = await backend.packetTransition(this.savedPath, {
          to,
          note: to === 'rerouted' ? null : text || null,
          team: to === 'rerouted' ? text || null : null,
        });
        this.renderLifecycle(after);
        this.o.notify(`Packet ${(labels[to] ?? to).toLowerCase()}`);
      } catch (e) {
        this.o.notify((e as BackendError).message, 'error');
      }
    };
    const history = [`sent ${new Date(l.created).toLocaleString()} to ${l.team ?? 'no team'}`].concat(
      l.events.map((e) => `${e.state} ${new Date(e.at).toLocaleString()}${e.note ? ` — “${e.note}”` : ''}${e.team ? ` (${e.team})` : ''}`),
    );
    this.lifecycleEl.hidden = false;
    replace(this.lifecycleEl, [
      h('h3', { text: 'Packet status' }),
      h('p', null, ['Now ', h('strong', { id: 'packet-state', text: state })]),
      h('ol.packet-history', null, history.map((t) => h('li', { text: t }))),
      next[state].length ? asked : null,
      h(
        'div.record-actions',
        null,
        next[state].map((to) =>
          h('button.btn', { id: `packet-${to}`, text: labels[to], attrs: { type: 'button' }, on: { click: () => void go(to) } }),
        ),
      ),
    ]);
  }
}
