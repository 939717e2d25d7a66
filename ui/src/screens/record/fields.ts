// Small form-building helpers shared by the record form and the escalation section.

import { h } from '../../lib/dom';

export type FieldEl = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** A labelled field; `wide` spans both form columns. */
export function field(label: string, control: FieldEl | HTMLElement, opts: { wide?: boolean; hint?: string } = {}): HTMLElement {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h(`div.field${opts.wide ? '.wide' : ''}` as 'div', null, [
    h('label', { attrs: { for: id }, text: label }),
    control,
    opts.hint ? h('small.hint', { text: opts.hint }) : null,
  ]);
}

export function input(name: string, attrs: Record<string, string | boolean> = {}): HTMLInputElement {
  return h('input', { attrs: { name, type: 'text', autocomplete: 'off', spellcheck: false, ...attrs } });
}

/** A text area that grows with its content (typed, pasted or set through `.value`); `rows`
 * is its least height. */
export function textarea(name: string, rows = 3, attrs: Record<string, string | boolean> = {}): HTMLTextAreaElement {
  const t = h('textarea', { attrs: { name, rows, ...attrs }, on: { input: () => grow(t) } });
  const value = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value');
  if (value?.get && value.set) {
    const { get, set } = value;
    Object.defineProperty(t, 'value', {
      get: () => get.call(t),
      set: (v: string) => {
        set.call(t, v);
        grow(t);
      },
    });
  }
  // First layout and width changes re-wrap the text: measure again.
  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => grow(t)).observe(t);
  return t;
}

function grow(t: HTMLTextAreaElement): void {
  if (!t.isConnected || t.offsetWidth === 0) return;
  const cs = getComputedStyle(t);
  const borders = parseFloat(cs.borderTopWidth) + parseFloat(cs.borderBottomWidth);
  t.style.height = 'auto';
  t.style.height = `${t.scrollHeight + borders}px`;
}

export function select(name: string, options: [string, string][]): HTMLSelectElement {
  return h(
    'select',
    { attrs: { name } },
    options.map(([value, text]) => h('option', { attrs: { value }, text })),
  );
}

/** Lines of a textarea, trimmed, empty ones dropped. */
export function lines(t: HTMLTextAreaElement): string[] {
  return t.value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Local "YYYY-MM-DDTHH:MM" for an `<input type="datetime-local">` from RFC 3339 text. */
export function toLocalInput(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** RFC 3339 with the local offset from a datetime-local value (`''` stays `''`). */
export function fromLocalInput(v: string): string {
  if (!v) return '';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const p = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${v.length === 16 ? `${v}:00` : v}${sign}${p(off / 60)}:${p(off % 60)}`;
}
