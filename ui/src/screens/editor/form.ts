// The front-matter form above the source: title, kind, tags, product, category, owner, status,
// review-by date. Changes are reported as a whole form; the core writes only changed keys.

import type { FrontMatterForm } from '../../lib/backend/types';
import { debounce, h } from '../../lib/dom';
import { KIND_ORDER } from '../../components/badges';

type Field = HTMLInputElement | HTMLSelectElement;

export class FrontMatterFields {
  readonly el: HTMLElement;
  private readonly fields: Record<keyof FrontMatterForm, Field>;
  private readonly emitTyped: () => void;

  constructor(private readonly onChange: (form: FrontMatterForm) => void) {
    const input = (id: string, attrs: Record<string, string> = {}) => h('input', { id, attrs: { type: 'text', ...attrs } });
    const select = (id: string, values: string[]) =>
      h('select', { id }, values.map((v) => h('option', { text: v || '—', attrs: { value: v } })));
    this.fields = {
      title: input('fm-title', { placeholder: 'Title' }),
      kind: select('fm-kind', ['', ...KIND_ORDER]),
      tags: input('fm-tags', { placeholder: 'vpn, network' }),
      product: input('fm-product'),
      category: input('fm-category'),
      owner: input('fm-owner', { placeholder: 'team or person' }),
      status: select('fm-status', ['', 'draft', 'published', 'review', 'retired']),
      reviewBy: input('fm-review-by', { type: 'date' }),
    };
    this.emitTyped = debounce(() => this.onChange(this.get()), 400);
    const labels: Record<keyof FrontMatterForm, string> = {
      title: 'Title',
      kind: 'Kind',
      tags: 'Tags',
      product: 'Product',
      category: 'Category',
      owner: 'Owner',
      status: 'Status',
      reviewBy: 'Review by',
    };
    this.el = h(
      'form.fm-form',
      { id: 'fm-form', attrs: { 'aria-label': 'Front matter' }, on: { submit: (e) => e.preventDefault() } },
      (Object.keys(this.fields) as (keyof FrontMatterForm)[]).map((k) => {
        const f = this.fields[k];
        f.addEventListener(f instanceof HTMLSelectElement || f.type === 'date' ? 'change' : 'input', () =>
          f instanceof HTMLSelectElement || f.type === 'date' ? this.onChange(this.get()) : this.emitTyped(),
        );
        return h(`label.fm-field.fm-${k}`, null, [h('span', { text: labels[k] }), f]);
      }),
    );
  }

  get(): FrontMatterForm {
    const v = (k: keyof FrontMatterForm) => this.fields[k].value.trim();
    return {
      title: v('title'),
      kind: v('kind'),
      tags: v('tags')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      product: v('product'),
      category: v('category'),
      owner: v('owner'),
      status: v('status'),
      reviewBy: v('reviewBy'),
    };
  }

  /** Shows `form` without reporting a change; the field being typed in is left alone. */
  set(form: FrontMatterForm): void {
    for (const k of Object.keys(this.fields) as (keyof FrontMatterForm)[]) {
      const f = this.fields[k];
      if (f === document.activeElement) continue;
      const value = k === 'tags' ? form.tags.join(', ') : String(form[k] ?? '');
      if (f instanceof HTMLSelectElement && value && ![...f.options].some((o) => o.value === value)) {
        f.append(h('option', { text: value, attrs: { value } }));
      }
      if (f.value !== value) f.value = value;
    }
  }
}
