// The editor screen (#/edit/<path>): front-matter form, CodeMirror source, live preview rendered
// and sanitized by the core, lint problems as you type (click → line), safe save with a conflict
// dialog, rename and retire. All file work goes through the core (`edit_*` commands).

import { BackendError, backend } from '../../lib/backend/ipc';
import type { EditDoc, FrontMatterForm, Problem } from '../../lib/backend/types';
import { debounce, h, replace } from '../../lib/dom';
import { docHref } from '../../lib/route';
import type { Source } from './cm';
import { ConflictDialog } from './conflict';
import { FrontMatterFields } from './form';

export interface EditorOptions {
  notify(message: string, kind?: 'info' | 'error'): void;
}

export class Editor {
  readonly el: HTMLElement;
  /** CodeMirror, loaded on first use (keeps it out of the startup bundle). */
  private source: Source | null = null;
  private ready: Promise<Source> | null = null;
  private readonly sourceEl: HTMLElement;
  private readonly form: FrontMatterFields;
  private readonly previewEl: HTMLElement;
  private readonly problemsEl: HTMLElement;
  private readonly pathEl: HTMLElement;
  private readonly stateEl: HTMLElement;
  private readonly saveBtn: HTMLButtonElement;
  private readonly conflict: ConflictDialog;
  private path: string | null = null;
  private baseHash = '';
  private savedText = '';
  private changedOnDisk = false;
  private saving = false;
  private seq = 0;
  private readonly schedulePreview = debounce(() => void this.refreshPreview(), 250);

  constructor(private readonly opts: EditorOptions) {
    this.pathEl = h('code.editor-path');
    this.stateEl = h('span.editor-state', { attrs: { 'aria-live': 'polite' } });
    this.saveBtn = h('button.btn.primary', {
      id: 'editor-save',
      text: 'Save',
      attrs: { type: 'button', title: 'Save (Ctrl+S)' },
      on: { click: () => void this.save() },
    });
    this.form = new FrontMatterFields((form) => void this.applyForm(form));
    const sourceEl = h('div.editor-source');
    this.previewEl = h('div.prose.editor-preview', { id: 'editor-preview', attrs: { 'aria-label': 'Preview' } });
    this.problemsEl = h('ul.editor-problems', { id: 'editor-problems', attrs: { 'aria-label': 'Problems' } });
    this.conflict = new ConflictDialog();
    this.el = h('section.editor', { id: 'editor', attrs: { 'aria-label': 'Editor' } }, [
      h('div.editor-bar', null, [
        h('a.btn.ghost', { text: '← Back', attrs: { href: '#/', id: 'editor-close' }, on: { click: (e) => this.onClose(e) } }),
        this.pathEl,
        this.stateEl,
        h('span.spacer'),
        h('button.btn', { id: 'editor-rename', text: 'Rename…', attrs: { type: 'button' }, on: { click: () => void this.rename() } }),
        h('button.btn', { id: 'editor-retire', text: 'Retire', attrs: { type: 'button' }, on: { click: () => void this.retire() } }),
        this.saveBtn,
      ]),
      this.form.el,
      h('div.editor-split', null, [
        h('div.editor-left', null, [sourceEl, this.problemsEl]),
        this.previewEl,
      ]),
      this.conflict.el,
    ]);
    this.sourceEl = sourceEl;
  }

  /** CodeMirror (its own ~0.5 MB chunk) is loaded when the editor first opens, not at start. */
  private load(): Promise<Source> {
    this.ready ??= import('./cm').then(
      (m) =>
        (this.source = new m.Source(this.sourceEl, {
          onChange: () => {
            this.updateState();
            this.schedulePreview();
          },
          onSave: () => void this.save(),
        })),
    );
    return this.ready;
  }

  private get src(): Source {
    if (!this.source) throw new Error('the editor is still loading');
    return this.source;
  }

  get dirty(): boolean {
    return this.path !== null && this.source !== null && this.source.text !== this.savedText;
  }

  get currentPath(): string | null {
    return this.path;
  }

  async open(path: string, line: number | null): Promise<void> {
    await this.load();
    if (this.path === path && line === null) return;
    if (this.path !== path) {
      try {
        this.show(await backend.editLoad(path));
      } catch (e) {
        this.path = null;
        this.opts.notify(`Cannot edit ${path}: ${(e as BackendError).message}`, 'error');
        return;
      }
    }
    if (line) this.src.goToLine(line);
    else this.src.focus();
  }

  /** Shows a freshly loaded (or created) document. */
  async show(doc: EditDoc): Promise<void> {
    await this.load();
    this.path = doc.path;
    this.baseHash = doc.baseHash;
    this.savedText = doc.text;
    this.changedOnDisk = false;
    this.pathEl.textContent = doc.path;
    this.src.load(doc.text);
    this.form.set(doc.form);
    this.updateState();
    void this.refreshPreview();
  }

  /** `kb-changed`: reload a clean document changed on disk; flag a dirty one. */
  async onKbChanged(paths: string[]): Promise<void> {
    if (!this.path || this.saving || (paths.length && !paths.includes(this.path))) return;
    let disk: EditDoc;
    try {
      disk = await backend.editLoad(this.path);
    } catch {
      this.changedOnDisk = true; // deleted or unreadable
      this.updateState();
      return;
    }
    if (disk.baseHash === this.baseHash) return;
    if (!this.dirty) {
      await this.show(disk);
      this.opts.notify(`${disk.path} changed on disk and was reloaded`);
    } else {
      this.changedOnDisk = true;
      this.updateState();
    }
  }

  close(): void {
    this.path = null;
    this.schedulePreview.cancel();
  }

  private onClose(e: Event): void {
    e.preventDefault();
    if (this.dirty && !window.confirm('Discard unsaved changes?')) return;
    const p = this.path;
    this.close();
    location.hash = p ? docHref(p) : '#/';
  }

  private updateState(): void {
    const s = this.changedOnDisk
      ? 'Changed on disk since opened'
      : this.dirty
        ? 'Unsaved changes'
        : 'Saved';
    this.stateEl.textContent = s;
    this.stateEl.className = `editor-state ${this.changedOnDisk ? 'warn' : this.dirty ? 'dirty' : 'clean'}`;
    this.el.dataset.dirty = String(this.dirty);
  }

  private async applyForm(form: FrontMatterForm): Promise<boolean> {
    try {
      this.src.update(await backend.editApplyForm(this.src.text, form));
      return true;
    } catch (e) {
      this.opts.notify(`Front matter not updated: ${(e as BackendError).message}`, 'error');
      return false;
    }
  }

  private async refreshPreview(): Promise<void> {
    if (!this.path) return;
    const seq = ++this.seq;
    try {
      const p = await backend.editPreview(this.path, this.src.text);
      if (seq !== this.seq) return;
      // Sanitized by the Rust core (ammonia), like the reader's body.
      this.previewEl.innerHTML = `<h1>${escapeHtml(p.title)}</h1>${p.html}`;
      this.previewEl.querySelectorAll('a').forEach((a) => a.addEventListener('click', (e) => e.preventDefault()));
      this.form.set(p.form);
      this.renderProblems(p.problems);
    } catch (e) {
      if (seq === this.seq) this.renderProblems([], (e as BackendError).message);
    }
  }

  private renderProblems(problems: Problem[], error?: string): void {
    replace(
      this.problemsEl,
      error
        ? h('li.problem-error', { text: error })
        : problems.length === 0
          ? h('li.no-problems', { text: 'No problems' })
          : problems.map((p) =>
              h(
                'li',
                null,
                h(
                  'button.problem',
                  {
                    dataset: { line: String(p.line), code: p.code },
                    class: `sev-${p.severity}`,
                    attrs: { type: 'button' },
                    on: { click: () => this.src.goToLine(p.line || 1) },
                  },
                  [h('span.problem-line', { text: p.line ? `line ${p.line}` : 'file' }), h('span.problem-msg', { text: p.message })],
                ),
              ),
            ),
    );
  }

  async save(): Promise<void> {
    if (!this.path || this.saving) return;
    const path = this.path;
    const text = this.src.text;
    this.saving = true;
    this.saveBtn.disabled = true;
    try {
      const out = await backend.editSave(path, text, this.baseHash);
      this.saved(text, out.baseHash);
      this.opts.notify(out.written ? `Saved ${path}` : 'Nothing to save');
    } catch (e) {
      const err = e as BackendError;
      if (err.code === 'conflict') await this.resolveConflict(path, text);
      else this.opts.notify(`Not saved: ${saveErrorText(err)}`, 'error');
    } finally {
      this.saving = false;
      this.saveBtn.disabled = false;
    }
  }

  private saved(text: string, baseHash: string): void {
    this.savedText = text;
    this.baseHash = baseHash;
    this.changedOnDisk = false;
    this.updateState();
  }

  private async resolveConflict(path: string, mine: string): Promise<void> {
    let disk: EditDoc | null = null;
    try {
      disk = await backend.editLoad(path);
    } catch (e) {
      if ((e as BackendError).code !== 'not_found') throw e;
    }
    const choice = await this.conflict.ask(path, mine, disk?.text ?? null);
    try {
      if (choice === 'mine') {
        const out = await backend.editSave(path, mine, disk?.baseHash ?? '');
        this.saved(mine, out.baseHash);
        this.opts.notify(`Saved ${path} over the version on disk`);
      } else if (choice === 'theirs' && disk) {
        await this.show(disk);
        this.opts.notify('Loaded the version on disk');
      } else if (choice === 'copy') {
        const copy = await backend.editSaveCopy(path, mine);
        if (disk) await this.show(disk);
        this.opts.notify(`Your version was saved as ${copy}`);
      }
    } catch (e) {
      const err = e as BackendError;
      if (err.code === 'conflict') await this.resolveConflict(path, mine);
      else this.opts.notify(`Not saved: ${saveErrorText(err)}`, 'error');
    }
  }

  private async rename(): Promise<void> {
    if (!this.path) return;
    if (this.dirty) {
      this.opts.notify('Save or discard your changes before renaming', 'error');
      return;
    }
    const to = window.prompt('New path in the KB (ends with .md)', this.path);
    if (!to || to === this.path) return;
    try {
      const out = await backend.editRename(this.path, to.trim());
      this.path = null;
      location.hash = `#/edit/${out.path.split('/').map(encodeURIComponent).join('/')}`;
      this.opts.notify(
        out.linkedFrom.length
          ? `Renamed. ${out.linkedFrom.length === 1 ? '1 document still links' : `${out.linkedFrom.length} documents still link`} to the old path: see KB health.`
          : `Renamed to ${out.path}`,
      );
    } catch (e) {
      const err = e as BackendError;
      this.opts.notify(err.code === 'exists' ? `${to} already exists` : `Not renamed: ${err.message}`, 'error');
    }
  }

  /** Retire = set the status field to retired and save through the normal (conflict-safe) path. */
  private async retire(): Promise<void> {
    if (!this.path) return;
    const form = this.form.get();
    form.status = 'retired';
    this.form.set(form);
    if (await this.applyForm(form)) await this.save();
  }
}

function saveErrorText(err: BackendError): string {
  switch (err.code) {
    case 'read_only':
      return 'the KB is open read-only (another Fieldguide window holds it)';
    case 'permission_denied':
      return 'permission denied';
    case 'disk_full':
      return 'the disk is full';
    default:
      return err.message;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
