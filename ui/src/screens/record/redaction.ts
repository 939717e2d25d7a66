// The live redaction preview: every finding the core reported, per field, with its label and
// the value highlighted in context. High-confidence findings (credentials) are always
// redacted; medium ones (emails, IPs, phone numbers) get a "keep" toggle.

import type { FindingView } from '../../lib/backend/types';
import { h, replace } from '../../lib/dom';

export interface RedactionOptions {
  /** Values the user chose to keep in clear (medium findings only). */
  keep: Set<string>;
  /** A keep toggle changed: re-run the preview. */
  onKeepChange(): void;
  /** The current text of a field (`issue`, `steps[1]`, …) for context around a finding. */
  fieldText(field: string): string;
  /** Human name of a field. */
  fieldLabel(field: string): string;
}

/** Renders findings into `el`; returns nothing (the element is updated in place). */
export function renderFindings(el: HTMLElement, findings: FindingView[], o: RedactionOptions): void {
  if (!findings.length) {
    replace(el, h('p.redaction-none', { text: 'Nothing to redact: no secrets or personal data found.' }));
    return;
  }
  const high = findings.filter((f) => f.finding.confidence === 'high').length;
  const secrets = findings.filter((f) => f.finding.confidence === 'high').map((f) => f.finding.value);
  const byField = new Map<string, FindingView[]>();
  for (const f of findings) byField.set(f.field, [...(byField.get(f.field) ?? []), f]);
  replace(el, [
    h('p.redaction-summary', null, [
      `${findings.length} finding${findings.length === 1 ? '' : 's'}`,
      high ? ` · ${high} credential${high === 1 ? '' : 's'} always redacted` : '',
    ]),
    ...[...byField.entries()].map(([field, list]) =>
      h('div.redaction-field', { dataset: { field } }, [
        h('div.redaction-field-name', { text: o.fieldLabel(field) }),
        h('ul', null, list.map((f) => findingRow(f, o, secrets))),
      ]),
    ),
  ]);
}

function findingRow(f: FindingView, o: RedactionOptions, secrets: string[]): HTMLElement {
  const { finding } = f;
  const high = finding.confidence === 'high';
  const state = f.kept ? 'kept' : 'redacted';
  const row = h(
    'li.redaction-finding',
    { dataset: { confidence: finding.confidence, rule: finding.rule, state, field: f.field } },
    [
      h('span.finding-label', { text: finding.label }),
      context(o.fieldText(f.field), finding.value, high, secrets),
      high
        ? h('span.finding-note', { text: 'always redacted', attrs: { title: 'Credentials are never written to the KB' } })
        : keepToggle(f, o),
    ],
  );
  return row;
}

function keepToggle(f: FindingView, o: RedactionOptions): HTMLElement {
  const id = `keep-${f.field}-${f.finding.start}`.replace(/[^\w-]/g, '_');
  const box = h('input', {
    id,
    attrs: { type: 'checkbox', checked: o.keep.has(f.finding.value) },
    on: {
      change: () => {
        if (box.checked) o.keep.add(f.finding.value);
        else o.keep.delete(f.finding.value);
        o.onKeepChange();
      },
    },
  });
  return h('label.finding-keep', { attrs: { for: id, title: 'Write this value in clear (it is needed to work the ticket)' } }, [box, ' keep']);
}

/** The value highlighted with a few words around it; credentials are shown masked. */
function context(text: string, value: string, mask: boolean, secrets: string[]): HTMLElement {
  const shown = mask ? maskValue(value) : value;
  const i = text.indexOf(value);
  if (i < 0) return h('span.finding-context', null, [h('mark', { text: shown })]);
  // Other credentials near this value are masked too (same length, so offsets still hold):
  // the preview never shows one in clear.
  const masked = secrets.reduce((acc, s) => acc.split(s).join(s.length > 8 ? s.slice(0, 4) + '•'.repeat(s.length - 8) + s.slice(-4) : '•'.repeat(s.length)), text);
  const before = masked.slice(Math.max(0, i - 28), i);
  const after = masked.slice(i + value.length, i + value.length + 28);
  return h('span.finding-context', null, [
    (i > 28 ? '…' : '') + before.replace(/\s+/g, ' '),
    h('mark', { text: shown }),
    after.replace(/\s+/g, ' ') + (i + value.length + 28 < text.length ? '…' : ''),
  ]);
}

export function maskValue(v: string): string {
  if (v.length <= 8) return '•'.repeat(v.length);
  return `${v.slice(0, 4)}${'•'.repeat(Math.min(12, v.length - 8))}${v.slice(-4)}`;
}

/** `steps[2]` → "Step 3"; `evidence.logs` → "Logs". */
export function fieldLabel(field: string): string {
  const m = /^([\w.]+)(?:\[(\d+)\])?$/.exec(field);
  if (!m) return field;
  const names: Record<string, string> = {
    title: 'Title',
    category: 'Category',
    product: 'Product',
    tags: 'Tag',
    issue: 'Issue',
    environment: 'Environment',
    steps: 'Step',
    cause: 'Cause',
    resolution: 'Resolution',
    summary: 'Summary',
    impact: 'Impact',
    reproduction: 'Reproduction step',
    tried: 'Already tried',
    suspectedCause: 'Suspected cause',
    'evidence.logs': 'Logs',
    'evidence.requestIds': 'Request id',
    'evidence.timestamps': 'Timestamp',
  };
  const base = names[m[1] ?? ''] ?? m[1] ?? field;
  return m[2] !== undefined ? `${base} ${Number(m[2]) + 1}` : base;
}
