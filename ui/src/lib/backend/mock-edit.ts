// In-browser stand-ins for the authoring commands (`edit_*`), so the editor, new-document and
// KB-health screens can be tried with `npm run dev`. Documents live in memory; the front-matter
// form is applied with a simple line editor and the preview is plain paragraphs — the real
// behaviour (minimal diffs, sanitized rendering, lint) is the Rust core's and tested there.

import type { DocTemplate, EditDoc, EditPreview, FrontMatterForm, Problem } from './types';

const TEMPLATE_BODY: Record<string, string> = {
  'kcs-article': '## Issue\n\n## Environment\n\n## Resolution\n\n## Cause\n',
  runbook: '## When to use this\n\n## Steps\n\n1. First step.\n\n## Verify\n',
  flow: '## Start {#start}\n- [Fixed](#fixed)\n\n## Fixed {#fixed}\n> outcome: resolved\n',
};
const TEMPLATES: DocTemplate[] = [
  { id: 'kcs-article', label: 'KCS article (Issue, Environment, Resolution, Cause)', kind: 'article', folder: 'articles', text: '' },
  { id: 'runbook', label: 'Runbook (steps, verify, escalate)', kind: 'runbook', folder: 'runbooks', text: '' },
  { id: 'flow', label: 'Troubleshooting flow (decision tree)', kind: 'flow', folder: 'flows', text: '' },
];

const files = new Map<string, string>();
const hash = (s: string): string => `${s.length}-${[...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7)}`;
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const KEYS: [keyof FrontMatterForm, string][] = [
  ['title', 'title'], ['kind', 'kind'], ['tags', 'tags'], ['product', 'product'],
  ['category', 'category'], ['owner', 'owner'], ['status', 'status'], ['reviewBy', 'review_by'],
];

function formOf(text: string): FrontMatterForm {
  const form: FrontMatterForm = { title: '', kind: '', tags: [], product: '', category: '', owner: '', status: '', reviewBy: '' };
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  for (const line of m?.[1]?.split('\n') ?? []) {
    const kv = /^([a-z_]+):\s*(.*)$/.exec(line);
    const key = KEYS.find(([, y]) => y === kv?.[1]);
    if (!kv || !key) continue;
    const v = (kv[2] ?? '').replace(/^["']|["']$/g, '');
    if (key[0] === 'tags') form.tags = v.replace(/^\[|\]$/g, '').split(',').map((t) => t.trim()).filter(Boolean);
    else form[key[0]] = v;
  }
  return form;
}

function applyForm(text: string, form: FrontMatterForm): string {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  let lines = m?.[1]?.split('\n') ?? [];
  const body = m ? text.slice(m[0].length) : text;
  const old = formOf(text);
  for (const [k, y] of KEYS) {
    const v = k === 'tags' ? (form.tags.length ? `[${form.tags.join(', ')}]` : '') : String(form[k]);
    const was = k === 'tags' ? (old.tags.length ? `[${old.tags.join(', ')}]` : '') : String(old[k]);
    if (v === was) continue;
    const i = lines.findIndex((l) => l.startsWith(`${y}:`));
    if (i >= 0 && v) lines[i] = `${y}: ${v}`;
    else if (i >= 0) lines = lines.filter((_, j) => j !== i);
    else if (v) lines.push(`${y}: ${v}`);
  }
  return lines.length ? `---\n${lines.join('\n')}\n---\n${body}` : body;
}

function load(path: string): EditDoc {
  const text = files.get(path);
  if (text === undefined) throw { code: 'not_found', message: `not found: ${path}` };
  return { path, text, baseHash: hash(text), form: formOf(text) };
}

function preview(path: string, text: string): EditPreview {
  const form = formOf(text);
  const problems: Problem[] = [];
  text.split('\n').forEach((l, i) => {
    if (/\]\((?!https?:|#)[^)]*\)/.test(l) && !/\.md(#|\))/.test(l))
      problems.push({ path, line: i + 1, severity: 'warning', code: 'broken-link', message: 'mock: link does not match any document' });
  });
  if (form.reviewBy && form.reviewBy < new Date().toISOString().slice(0, 10))
    problems.push({ path, line: 1, severity: 'warning', code: 'review-overdue', message: `review was due ${form.reviewBy}` });
  const body = text.replace(/^---\n[\s\S]*?\n---\n/, '');
  const html = body
    .split(/\n{2,}/)
    .map((b) => (b.startsWith('## ') ? `<h2>${esc(b.slice(3))}</h2>` : `<p>${esc(b)}</p>`))
    .join('');
  return { title: form.title || path, html, problems, form };
}

/** Handles an `edit_*` command, or returns `undefined` for any other command. */
export function editMock(cmd: string, a: Record<string, unknown> = {}): unknown {
  const s = (k: string) => String(a[k] ?? '');
  switch (cmd) {
    case 'edit_templates':
      return TEMPLATES.map((t) => ({ ...t, text: TEMPLATE_BODY[t.id] ?? '' }));
    case 'edit_load':
      if (!files.has(s('path'))) files.set(s('path'), `---\ntitle: ${s('path')}\n---\n## Mock document\n\nEdit me.\n`);
      return load(s('path'));
    case 'edit_preview':
      return preview(s('path'), s('text'));
    case 'edit_apply_form':
      return applyForm(s('text'), a.form as FrontMatterForm);
    case 'edit_save': {
      const cur = files.get(s('path'));
      if ((cur === undefined ? '' : hash(cur)) !== s('baseHash')) throw { code: 'conflict', message: `${s('path')} changed on disk since it was opened` };
      files.set(s('path'), s('text'));
      return { path: s('path'), baseHash: hash(s('text')), written: cur !== s('text'), problems: [] };
    }
    case 'edit_save_copy': {
      const p = s('path').replace(/\.md$/, `.conflict-${new Date().toISOString().slice(0, 10)}.md`);
      files.set(p, s('text'));
      return p;
    }
    case 'edit_create': {
      if (files.has(s('path'))) throw { code: 'exists', message: `${s('path')}: a document with this path already exists` };
      const t = TEMPLATES.find((x) => x.id === s('template'));
      const form = { ...(a.form as FrontMatterForm), kind: t?.kind ?? 'article', status: 'draft' };
      files.set(s('path'), applyForm(TEMPLATE_BODY[s('template')] ?? '', form));
      return load(s('path'));
    }
    case 'edit_rename': {
      const text = files.get(s('from'));
      if (text === undefined) throw { code: 'not_found', message: s('from') };
      files.delete(s('from'));
      files.set(s('to'), text);
      return { path: s('to'), linkedFrom: [] };
    }
    default:
      return undefined;
  }
}
