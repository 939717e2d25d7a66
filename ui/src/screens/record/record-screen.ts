// The "record resolution" screen (`#/record`, `#/record?session=<flow session>`,
// `#/record?doc=<path>`): a form pre-filled from a flow session or an article, a live
// redaction preview (debounced `record_preview`), Save (note written, indexed, journalled),
// and the escalation section when the ticket goes up a tier.

import '../../styles/record.css';
import { BackendError, backend } from '../../lib/backend/ipc';
import type { ArticleUse, RecordDraft, RecordOutcome } from '../../lib/backend/types';
import { debounce, h, replace } from '../../lib/dom';
import { EscalationSection } from './escalation';
import { field, fromLocalInput, input, select, textarea, toLocalInput } from './fields';
import { fieldLabel, renderFindings } from './redaction';

export interface RecordScreenOptions {
  notify(message: string, kind?: 'error' | 'info'): void;
  openDoc(path: string): void;
}

/** `#/record?session=…&doc=…` → its parameters; `null` for any other route. */
export function parseRecordRoute(hash: string = location.hash): { session: string | null; doc: string | null } | null {
  const m = /^#\/record(?:\?(.*))?$/.exec(hash);
  if (!m) return null;
  const q = new URLSearchParams(m[1] ?? '');
  return { session: q.get('session') || null, doc: q.get('doc') || null };
}

export function recordHref(p: { session?: string; doc?: string } = {}): string {
  const q = new URLSearchParams();
  if (p.session) q.set('session', p.session);
  if (p.doc) q.set('doc', p.doc);
  const s = q.toString();
  return `#/record${s ? `?${s}` : ''}`;
}

export class RecordScreen {
  readonly el: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly ticket = input('ticket', { required: true, placeholder: 'INC-20417' });
  private readonly title = input('title', { required: true });
  private readonly category = input('category');
  private readonly product = input('product');
  private readonly tags = input('tags', { placeholder: 'comma, separated' });
  private readonly opened = input('opened', { type: 'datetime-local' });
  private readonly resolved = input('resolved', { type: 'datetime-local' });
  private readonly minutes = input('minutes', { type: 'number', min: '0', step: '1' });
  private readonly outcome = select('outcome', [
    ['resolved', 'Resolved here'],
    ['escalated', 'Escalated to the next tier'],
  ]);
  private readonly issue = textarea('issue', 4, { placeholder: 'What the user reported' });
  private readonly environment = textarea('environment', 2);
  private readonly cause = textarea('cause', 2);
  private readonly resolution = textarea('resolution', 4, { required: true, placeholder: 'What fixed it' });
  private readonly stepsEl = h('ol.step-list', { id: 'record-steps' });
  private readonly articlesEl = h('ul.article-list', { id: 'record-articles' });
  private readonly articleAdd = input('article-add', { placeholder: 'articles/… .md' });
  private readonly escalateBox = h('input', { id: 'record-escalate', attrs: { type: 'checkbox' } });
  private readonly findingsEl = h('div.redaction-list', { id: 'record-findings' });
  private readonly markdownEl = h('pre.record-markdown');
  private readonly statusEl = h('div.record-status', { attrs: { role: 'status' } });
  private readonly subEl = h('p.record-sub.muted');
  private readonly readOnlyEl = h('p.notice.record-readonly', {
    attrs: { role: 'note', hidden: true },
    text: 'This KB is open in another Fieldguide window: you can fill in and preview a record here, but not save it.',
  });
  private readOnly = false;
  private readonly saveBtn: HTMLButtonElement;
  private readonly escalation: EscalationSection;
  private readonly keep = new Set<string>();
  private readonly preview = debounce(() => void this.runPreview(), 300);
  private sessionId: string | null = null;
  private flow: string | null = null;
  private extra: Record<string, unknown> = {};
  private savedNote: string | null = null;
  private seq = 0;

  constructor(private readonly o: RecordScreenOptions) {
    this.escalation = new EscalationSection({ draft: () => this.draft(), notify: o.notify });
    this.saveBtn = h('button.btn.primary', { id: 'record-save', text: 'Save to the KB', attrs: { type: 'submit' } });
    this.form = h('form.record-form', { id: 'record-form', attrs: { novalidate: true } }, [
      h('div.form-grid', null, [
        field('Ticket id', this.ticket),
        field('Outcome', this.outcome),
        field('Title', this.title, { wide: true }),
        field('Category', this.category),
        field('Product', this.product),
        field('Tags', this.tags, { wide: true }),
        field('Opened', this.opened),
        field('Resolved', this.resolved),
        field('Time spent (minutes)', this.minutes, { hint: 'Pre-filled from the flow; empty = resolved − opened' }),
        field('Issue', this.issue, { wide: true }),
        field('Environment', this.environment, { wide: true }),
        h('div.field.wide', null, [
          h('span.label', { text: 'Steps taken' }),
          this.stepsEl,
          h('button.btn.small', { text: '+ Add a step', attrs: { type: 'button' }, on: { click: () => this.addStep('', true) } }),
        ]),
        field('Cause', this.cause, { wide: true }),
        field('Resolution', this.resolution, { wide: true }),
        h('div.field.wide', null, [
          h('span.label', { text: 'Articles used' }),
          this.articlesEl,
          h('div.article-add', null, [
            this.articleAdd,
            h('button.btn.small', { text: 'Add', attrs: { type: 'button' }, on: { click: () => this.addArticleFromInput() } }),
          ]),
        ]),
        h('label.escalate-toggle.wide', null, [this.escalateBox, ' Escalate: prepare a packet for the next tier']),
      ]),
      this.escalation.el,
      h('div.record-actions', null, [this.saveBtn, this.statusEl]),
    ]);
    const side = h('aside.record-side', { attrs: { 'aria-label': 'Redaction preview' } }, [
      h('h2', { text: 'Will be redacted' }),
      h('p.muted.small', {
        text: 'Credentials (keys, tokens, passwords) are always replaced by [REDACTED]. Personal data (emails, IPs, phones) is too, unless you keep it.',
      }),
      this.findingsEl,
      h('details.record-md', null, [h('summary', { text: 'Note as it will be written' }), this.markdownEl]),
    ]);
    this.el = h('section.record-screen', { id: 'record', attrs: { hidden: true, 'aria-label': 'Record a resolution' } }, [
      h('header.record-header', null, [h('h1', { text: 'Record resolution' }), this.subEl, this.readOnlyEl]),
      h('div.record-layout', null, [this.form, side]),
    ]);
    this.form.addEventListener('input', (e) => {
      if (!this.escalation.el.contains(e.target as Node)) this.preview();
    });
    this.form.addEventListener('change', () => this.preview());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.save();
    });
    this.outcome.addEventListener('change', () => this.syncEscalation(this.outcome.value === 'escalated'));
    this.escalateBox.addEventListener('change', () => this.syncEscalation(this.escalateBox.checked));
    this.articleAdd.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.addArticleFromInput();
      }
    });
  }

  /** Opens the screen for a route; a fresh draft each time. */
  async open(p: { session: string | null; doc: string | null }): Promise<void> {
    this.el.hidden = false;
    this.sessionId = p.session;
    this.savedNote = null;
    this.keep.clear();
    replace(this.statusEl, []);
    this.readOnly = await backend.kbInfo().then(
      (k) => !!k.readOnly,
      () => false,
    );
    this.readOnlyEl.hidden = !this.readOnly;
    this.saveBtn.disabled = this.readOnly;
    this.subEl.textContent = p.session ? 'Pre-filled from the flow you just walked.' : p.doc ? `Using ${p.doc}.` : 'A ticket you worked without a flow.';
    try {
      this.fill(await backend.recordDraft(p.session, p.doc));
    } catch (e) {
      const err = e as BackendError;
      this.o.notify(`Could not pre-fill the form: ${err.message}`, 'error');
      this.fill(null);
    }
    this.ticket.focus();
  }

  hide(): void {
    this.el.hidden = true;
    this.preview.cancel();
  }

  private fill(d: RecordDraft | null): void {
    const now = new Date().toISOString();
    this.ticket.value = d?.ticket ?? '';
    this.title.value = d?.title ?? '';
    this.category.value = d?.category ?? '';
    this.product.value = d?.product ?? '';
    this.tags.value = (d?.tags ?? []).join(', ');
    this.opened.value = toLocalInput(d?.opened || now);
    this.resolved.value = toLocalInput(d?.resolved || now);
    this.minutes.value = d?.timeToResolveMin != null ? String(d.timeToResolveMin) : '';
    this.outcome.value = d?.outcome ?? 'resolved';
    this.issue.value = d?.issue ?? '';
    this.environment.value = d?.environment ?? '';
    this.cause.value = d?.cause ?? '';
    this.resolution.value = d?.resolution ?? '';
    this.flow = d?.flow ?? null;
    this.extra = d?.extra ?? {};
    replace(this.stepsEl, []);
    for (const s of d?.steps ?? []) this.addStep(s, false);
    replace(this.articlesEl, []);
    for (const a of d?.articles ?? []) this.addArticle(a);
    this.escalateBox.checked = this.outcome.value === 'escalated';
    this.syncEscalation(this.escalateBox.checked);
    this.preview.cancel();
    void this.runPreview();
  }

  private syncEscalation(on: boolean): void {
    this.escalateBox.checked = on;
    if (on) void this.escalation.show();
    else this.escalation.hide();
  }

  private addStep(text: string, focus: boolean): void {
    const t = textarea('step', 1);
    t.value = text;
    const li = h('li.step-row', null, [
      t,
      h('button.btn.icon', {
        text: '×',
        attrs: { type: 'button', title: 'Remove this step', 'aria-label': 'Remove this step' },
        on: { click: () => (li.remove(), this.preview()) },
      }),
    ]);
    this.stepsEl.append(li);
    if (focus) t.focus();
  }

  private addArticleFromInput(): void {
    const path = this.articleAdd.value.trim();
    if (!path) return;
    this.addArticle({ path, helped: null });
    this.articleAdd.value = '';
    this.preview();
  }

  private addArticle(a: ArticleUse): void {
    const helped = select('helped', [
      ['', 'Helped?'],
      ['yes', 'Helped'],
      ['no', 'Did not help'],
    ]);
    helped.value = a.helped === null ? '' : a.helped ? 'yes' : 'no';
    const li = h('li.article-row', { dataset: { path: a.path } }, [
      h('a.article-path', {
        text: a.path,
        attrs: { href: '#' },
        on: { click: (e) => (e.preventDefault(), this.o.openDoc(a.path)) },
      }),
      helped,
      h('button.btn.icon', {
        text: '×',
        attrs: { type: 'button', title: 'Not used', 'aria-label': `Remove ${a.path}` },
        on: { click: () => (li.remove(), this.preview()) },
      }),
    ]);
    this.articlesEl.append(li);
  }

  draft(): RecordDraft {
    const minutes = this.minutes.value.trim();
    return {
      ticket: this.ticket.value,
      title: this.title.value,
      category: this.category.value,
      product: this.product.value,
      tags: this.tags.value.split(',').map((t) => t.trim()).filter(Boolean),
      opened: fromLocalInput(this.opened.value),
      resolved: fromLocalInput(this.resolved.value),
      outcome: this.outcome.value as RecordOutcome,
      flow: this.flow,
      articles: [...this.articlesEl.querySelectorAll<HTMLElement>('li.article-row')].map((li) => {
        const v = li.querySelector('select')?.value;
        return { path: li.dataset.path ?? '', helped: v === 'yes' ? true : v === 'no' ? false : null };
      }),
      timeToResolveMin: minutes && Number.isFinite(Number(minutes)) ? Math.round(Number(minutes)) : null,
      issue: this.issue.value,
      environment: this.environment.value,
      steps: [...this.stepsEl.querySelectorAll('textarea')].map((t) => t.value),
      cause: this.cause.value,
      resolution: this.resolution.value,
      extra: this.extra,
    };
  }

  private fieldText(f: string): string {
    const d = this.draft();
    const m = /^(\w+)(?:\[(\d+)\])?$/.exec(f);
    const i = Number(m?.[2] ?? 0);
    switch (m?.[1]) {
      case 'steps':
        return d.steps.map((s) => s.trim()).filter(Boolean)[i] ?? '';
      case 'tags':
        return d.tags[i] ?? '';
      case 'title':
      case 'category':
      case 'product':
      case 'issue':
      case 'environment':
      case 'cause':
      case 'resolution':
        return d[m[1]];
      default:
        return '';
    }
  }

  private async runPreview(): Promise<void> {
    if (this.el.hidden) return;
    const seq = ++this.seq;
    try {
      const r = await backend.recordPreview(this.draft(), [...this.keep]);
      if (seq !== this.seq) return;
      this.markdownEl.textContent = r.markdown;
      renderFindings(this.findingsEl, r.findings, {
        keep: this.keep,
        onKeepChange: () => this.preview(),
        fieldText: (f) => this.fieldText(f),
        fieldLabel,
      });
    } catch (e) {
      if (seq !== this.seq) return;
      const err = e as BackendError;
      // Incomplete drafts are normal while typing: say what is missing, keep the last findings.
      this.findingsEl.querySelector('.record-invalid')?.remove();
      this.findingsEl.prepend(h('p.record-invalid', { text: err.code === 'invalid' ? `Not ready to save: ${err.message}` : err.message }));
    }
  }

  private async save(): Promise<void> {
    this.preview.cancel();
    if (this.escalation.visible && !(await this.escalation.readyToSend())) {
      const n = this.escalation.missingRequired().length;
      this.o.notify(`${n} required checklist item${n > 1 ? 's' : ''} missing: add ${n > 1 ? 'them' : 'it'}, or tick "Send anyway"`, 'error');
      return;
    }
    this.saveBtn.disabled = true;
    replace(this.statusEl, h('span.muted', { text: 'Saving…' }));
    try {
      let note = this.savedNote;
      if (!note) {
        const r = await backend.recordSave(this.draft(), [...this.keep], this.sessionId);
        note = r.path;
        this.savedNote = note;
        if (r.journalError) this.o.notify(`Saved, but not counted in the statistics: ${r.journalError}`, 'error');
      }
      let esc: string | null = null;
      if (this.escalation.visible) esc = await this.escalation.save(note);
      this.showSaved(note, esc);
      this.o.notify(`Saved ${note}${esc ? ' and its escalation packet' : ''}`);
    } catch (e) {
      const err = e as BackendError;
      const msg =
        err.code === 'locked'
          ? 'This KB is open in another Fieldguide window: nothing was saved here.'
          : err.code === 'invalid'
            ? `Check the form: ${err.message}`
            : `Could not save: ${err.message}`;
      replace(this.statusEl, h('span.record-error', { attrs: { role: 'alert' }, text: msg }));
      this.o.notify(msg, 'error');
    } finally {
      this.saveBtn.disabled = this.readOnly;
    }
  }

  private showSaved(note: string, esc: string | null): void {
    const open = (p: string) =>
      h('a.saved-link', {
        text: p,
        attrs: { href: `#/doc/${p}` },
        on: { click: (e) => (e.preventDefault(), this.o.openDoc(p)) },
      });
    replace(this.statusEl, [
      h('span.record-ok', { id: 'record-saved', dataset: { path: note } }, [
        'Saved as ',
        open(note),
        esc ? ' with ' : '',
        esc ? open(esc) : '',
        ' — searchable now.',
      ]),
    ]);
  }
}
