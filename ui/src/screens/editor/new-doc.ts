// New document (#/new): pick a template, give a title and a path; the core creates the file
// (never over an existing one) and the editor opens it.

import { BackendError, backend } from '../../lib/backend/ipc';
import type { DocTemplate, EditDoc } from '../../lib/backend/types';
import { h, replace } from '../../lib/dom';

export class NewDoc {
  readonly el: HTMLElement;
  private readonly picker: HTMLElement;
  private readonly titleInput: HTMLInputElement;
  private readonly pathInput: HTMLInputElement;
  private readonly errorEl: HTMLElement;
  private templates: DocTemplate[] = [];
  private chosen: DocTemplate | null = null;
  private pathTouched = false;

  constructor(private readonly onCreated: (doc: EditDoc) => void) {
    this.picker = h('div.template-picker', { id: 'template-picker', attrs: { role: 'radiogroup', 'aria-label': 'Template' } });
    this.titleInput = h('input', { id: 'new-title', attrs: { type: 'text', placeholder: 'What is it about?', required: true } });
    this.pathInput = h('input', { id: 'new-path', attrs: { type: 'text', placeholder: 'articles/topic/name.md', required: true } });
    this.errorEl = h('p.new-error', { attrs: { role: 'alert' } });
    this.titleInput.addEventListener('input', () => this.suggestPath());
    this.pathInput.addEventListener('input', () => (this.pathTouched = true));
    this.el = h('section.new-doc', { id: 'new-doc', attrs: { 'aria-label': 'New document' } }, [
      h('h1', { text: 'New document' }),
      h(
        'form',
        { on: { submit: (e) => (e.preventDefault(), void this.create()) } },
        [
          h('fieldset', null, [h('legend', { text: 'Template' }), this.picker]),
          h('label.fm-field', null, [h('span', { text: 'Title' }), this.titleInput]),
          h('label.fm-field', null, [h('span', { text: 'Path in the KB' }), this.pathInput]),
          this.errorEl,
          h('div.new-actions', null, [
            h('a.btn.ghost', { text: 'Cancel', attrs: { href: '#/' } }),
            h('button.btn.primary', { id: 'new-create', text: 'Create', attrs: { type: 'submit' } }),
          ]),
        ],
      ),
    ]);
  }

  async show(): Promise<void> {
    this.errorEl.textContent = '';
    this.titleInput.value = '';
    this.pathInput.value = '';
    this.pathTouched = false;
    if (!this.templates.length) {
      try {
        this.templates = await backend.editTemplates();
      } catch (e) {
        this.errorEl.textContent = (e as BackendError).message;
      }
    }
    replace(
      this.picker,
      this.templates.map((t, i) => {
        const radio = h('input', { attrs: { type: 'radio', name: 'template', value: t.id, checked: i === 0 } });
        radio.addEventListener('change', () => {
          this.chosen = t;
          this.suggestPath();
        });
        return h('label.template', { dataset: { template: t.id } }, [radio, h('span', { text: t.label })]);
      }),
    );
    this.chosen = this.templates[0] ?? null;
    this.titleInput.focus();
  }

  private suggestPath(): void {
    if (this.pathTouched || !this.chosen) return;
    const slug = this.titleInput.value
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60);
    this.pathInput.value = slug ? `${this.chosen.folder}/${slug}.md` : '';
  }

  private async create(): Promise<void> {
    if (!this.chosen) return;
    let path = this.pathInput.value.trim();
    if (path && !path.endsWith('.md')) path += '.md';
    const title = this.titleInput.value.trim();
    if (!title || !path) {
      this.errorEl.textContent = 'A title and a path are needed.';
      return;
    }
    try {
      const doc = await backend.editCreate(this.chosen.id, path, {
        title,
        kind: '',
        tags: [],
        product: '',
        category: '',
        owner: '',
        status: '',
        reviewBy: '',
      });
      this.onCreated(doc);
    } catch (e) {
      const err = e as BackendError;
      this.errorEl.textContent =
        err.code === 'exists'
          ? `${path} already exists: choose another path.`
          : err.code === 'invalid_path'
            ? 'The path must stay inside the KB and end with .md.'
            : err.message;
    }
  }
}
