// In-browser stand-in for the Tauri backend, used when the page runs outside Tauri (vite dev,
// headless screenshots). Implements the same commands and events over MOCK_DOCS with a small
// search engine: AND of words, "phrases", -word/NOT, OR, kind:/tag:/product:, prefix matching,
// one-typo tolerance, relaxed (any-word) fallback, snippets with <b>, facets.

import type { Transport, Unlisten } from './ipc';
import { MOCK_DOCS, MOCK_ROOT, type MockDoc } from './mock-docs';
import type {
  Backlink,
  DocView,
  FacetCount,
  IndexProgress,
  KbInfo,
  MatchWhy,
  Problem,
  SearchHit,
  SearchRequest,
  SearchResults,
  TocEntry,
} from './types';
import { editMock } from './mock-edit';

interface Block {
  text: string;
  section: { heading: string; anchor: string } | null;
}

interface Prepared {
  doc: MockDoc;
  blocks: Block[];
  toc: TocEntry[];
  haystack: string;
  words: Set<string>;
  problems: Problem[];
}

const prepared: Prepared[] = MOCK_DOCS.map(prepare);

function prepare(doc: MockDoc): Prepared {
  const body = new DOMParser().parseFromString(`<body>${doc.html}</body>`, 'text/html').body;
  const blocks: Block[] = [];
  const toc: TocEntry[] = [];
  const problems: Problem[] = [];
  let section: Block['section'] = null;
  let line = 12;
  for (const el of Array.from(body.children)) {
    line += 2 + (el.textContent?.split('\n').length ?? 1);
    const m = /^H([1-6])$/.exec(el.tagName);
    if (m) {
      const anchor = el.id.replace(/^fg-/, '');
      const text = el.textContent ?? '';
      toc.push({ level: Number(m[1]), text, anchor });
      section = { heading: text, anchor };
      continue;
    }
    const parts = el.matches('ul, ol') ? Array.from(el.children) : [el];
    for (const p of parts) blocks.push({ text: (p.textContent ?? '').replace(/\s+/g, ' ').trim(), section });
    for (const b of Array.from(el.querySelectorAll('.broken-link'))) {
      problems.push({
        path: doc.path,
        line,
        severity: 'warning',
        code: 'broken-link',
        message: `${b.getAttribute('title') ?? 'Broken link'}`,
      });
    }
  }
  if (doc.status === 'draft') {
    problems.push({ path: doc.path, line: 1, severity: 'info', code: 'front-matter', message: 'no review_by date: drafts should name a review date' });
  }
  const haystack = [doc.title, doc.tags.join(' '), doc.meta.product ?? '', ...blocks.map((b) => b.text)]
    .join('\n')
    .toLowerCase();
  return { doc, blocks, toc, haystack, words: new Set(haystack.match(/[a-z0-9]+/g) ?? []), problems };
}

// ---------------------------------------------------------------- query parsing

interface ParsedQuery {
  must: string[];
  not: string[];
  anyOf: boolean;
  kinds: string[];
  tags: string[];
  products: string[];
}

function parseQuery(q: string): ParsedQuery {
  const out: ParsedQuery = { must: [], not: [], anyOf: false, kinds: [], tags: [], products: [] };
  const re = /(-|NOT\s+)?(?:(\w+):)?(?:"([^"]*)"?|(\S+))/g;
  for (const m of q.matchAll(re)) {
    const neg = Boolean(m[1]);
    const field = m[2]?.toLowerCase();
    const value = (m[3] ?? m[4] ?? '').toLowerCase().trim();
    if (!value) continue;
    if (!m[3] && (m[4] === 'OR' || m[4] === 'AND')) {
      if (m[4] === 'OR') out.anyOf = true;
      continue;
    }
    if (field === 'kind') out.kinds.push(value);
    else if (field === 'tag') out.tags.push(value);
    else if (field === 'product') out.products.push(value);
    else (neg ? out.not : out.must).push(value);
  }
  return out;
}

const reEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (a.length < b.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Expands a term to the spellings found in `p`: itself (as a word prefix) or a one-typo word. */
function termVariants(p: Prepared, term: string): string[] {
  if (new RegExp(`\\b${reEscape(term)}`).test(p.haystack)) return [term];
  if (term.length < 5 || term.includes(' ')) return [];
  return [...p.words].filter((w) => editDistanceAtMostOne(w, term));
}

// ---------------------------------------------------------------- search

const SNIPPET_BEFORE = 50;
const SNIPPET_LEN = 190;

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function snippet(p: Prepared, variants: string[]): { html: string; section: Block['section'] } {
  const pattern = variants.length ? new RegExp(`\\b(${variants.map(reEscape).join('|')})`, 'gi') : null;
  const block = (pattern && p.blocks.find((b) => b.text.search(pattern) >= 0)) || p.blocks[0];
  if (!block) return { html: '', section: null };
  const text = block.text;
  const idx = pattern ? Math.max(0, text.search(pattern)) : 0;
  let start = Math.max(0, idx - SNIPPET_BEFORE);
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  const end = Math.min(text.length, start + SNIPPET_LEN);
  const cut = text.slice(start, end);
  let html = escapeHtml(cut);
  if (pattern) {
    html = html.replace(new RegExp(`\\b(${variants.map((v) => reEscape(escapeHtml(v))).join('|')})[\\w-]*`, 'gi'), '<b>$&</b>');
  }
  return {
    html: `${start > 0 ? '…' : ''}${html}${end < text.length ? '…' : ''}`,
    section: pattern && block.text.search(pattern) >= 0 ? block.section : null,
  };
}

function countFacet(values: string[]): FacetCount[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

function search(req: SearchRequest): SearchResults {
  const t0 = performance.now();
  const q = parseQuery(req.query);
  const kinds = [...req.kinds, ...q.kinds];
  const tags = [...req.tags, ...q.tags];

  const scoreDoc = (p: Prepared, mode: 'all' | 'any'): { score: number; variants: string[] } | null => {
    const d = p.doc;
    if (d.status === 'retired' && !req.includeRetired) return null;
    if (q.products.length && !q.products.some((x) => (d.meta.product ?? '').toLowerCase().includes(x))) return null;
    if (q.not.some((t) => termVariants(p, t).length > 0)) return null;
    let score = 0;
    let matched = 0;
    const variants: string[] = [];
    for (const term of q.must) {
      const vs = termVariants(p, term);
      if (!vs.length) continue;
      matched++;
      variants.push(...vs);
      for (const v of vs) {
        const re = new RegExp(`\\b${reEscape(v)}`, 'g');
        if (re.test(d.title.toLowerCase())) score += 6;
        if (d.tags.some((t) => t.startsWith(v))) score += 3;
        score += Math.min(5, p.haystack.match(re)?.length ?? 0);
        if (v !== term) score -= 1;
      }
    }
    if (q.must.length) {
      if (mode === 'all' && matched < q.must.length) return null;
      if (matched === 0) return null;
    }
    if (d.status === 'draft') score *= 0.9;
    return { score: score + (q.must.length ? 0 : 1), variants };
  };

  const run = (mode: 'all' | 'any') =>
    prepared
      .map((p) => ({ p, r: scoreDoc(p, mode) }))
      .filter((x): x is { p: Prepared; r: { score: number; variants: string[] } } => x.r !== null);

  let relaxed = false;
  let matches = run(q.anyOf ? 'any' : 'all');
  if (!matches.length && q.must.length > 1 && !q.anyOf) {
    matches = run('any');
    relaxed = matches.length > 0;
  }

  const byTags = (p: Prepared) => tags.every((t) => p.doc.tags.includes(t));
  const byKinds = (p: Prepared) => !kinds.length || kinds.includes(p.doc.kind);
  const kindFacet = countFacet(matches.filter((m) => byTags(m.p)).map((m) => m.p.doc.kind));
  const filtered = matches.filter((m) => byTags(m.p) && byKinds(m.p));
  const tagFacet = countFacet(filtered.flatMap((m) => m.p.doc.tags));

  filtered.sort((a, b) => b.r.score - a.r.score || a.p.doc.title.localeCompare(b.p.doc.title));
  const hits: SearchHit[] = filtered.slice(0, req.limit).map(({ p, r }) => {
    const s = snippet(p, r.variants);
    return {
      path: p.doc.path,
      title: p.doc.title,
      kind: p.doc.kind,
      status: p.doc.status,
      tags: p.doc.tags,
      product: p.doc.meta.product,
      snippetHtml: s.html,
      section: s.section,
      score: Math.round(r.score * 100) / 100,
      why: mockWhy(p.doc.title, r.variants),
    };
  });
  return {
    total: filtered.length,
    hits,
    facets: { kinds: kindFacet, tags: tagFacet },
    tookMicros: Math.max(1, Math.round((performance.now() - t0) * 1000)),
    relaxed,
  };
}

/** The mock's why-this-matched: its matched words, in the title or elsewhere. */
function mockWhy(title: string, variants: string[]): MatchWhy {
  const inTitle = variants.filter((v) => new RegExp(`\\b${reEscape(v)}`).test(title.toLowerCase()));
  const other = variants.filter((v) => !inTitle.includes(v));
  const line = [inTitle.length ? `title: ${inTitle.join(', ')}` : '', other.length ? `text: ${other.join(', ')}` : '']
    .filter(Boolean)
    .join(' · ');
  return {
    line,
    words: variants.map((v) => ({ word: v, fields: [inTitle.includes(v) ? 'title' : 'text'], via: null })),
    missing: [],
    together: [],
    admittedBy: null,
    ignored: [],
    relaxed: false,
    prior: 1,
  };
}

// ---------------------------------------------------------------- documents & KB

function backlinks(path: string): Backlink[] {
  return MOCK_DOCS.filter((d) => d.path !== path && d.html.includes(`data-doc="${path}"`)).map((d) => ({
    path: d.path,
    title: d.title,
  }));
}

function openDoc(path: string): DocView {
  const p = prepared.find((x) => x.doc.path === path);
  if (!p) throw { code: 'not_found', message: `not found: ${path}` };
  const { doc } = p;
  return {
    path: doc.path,
    title: doc.title,
    kind: doc.kind,
    status: doc.status,
    tags: doc.tags,
    meta: doc.meta,
    html: doc.html,
    toc: p.toc,
    backlinks: backlinks(path),
    problems: p.problems,
  };
}

let root = MOCK_ROOT;
let indexing = true;

function kbInfo(): KbInfo {
  const counts: Record<string, number> = {};
  for (const d of MOCK_DOCS) counts[d.kind] = (counts[d.kind] ?? 0) + 1;
  return {
    root,
    docCount: MOCK_DOCS.length,
    counts,
    problems: prepared.flatMap((p) => p.problems),
    indexing,
  };
}

// ---------------------------------------------------------------- events

type Handler = (payload: unknown) => void;
const handlers = new Map<string, Set<Handler>>();

function emit(event: string, payload: unknown): void {
  for (const h of handlers.get(event) ?? []) h(payload);
}

function fakeIndexing(): void {
  indexing = true;
  const total = 240;
  const steps: IndexProgress[] = [
    { phase: 'scan', done: 0, total },
    { phase: 'parse', done: 60, total },
    { phase: 'parse', done: 130, total },
    { phase: 'index', done: 190, total },
    { phase: 'index', done: 230, total },
    { phase: 'done', done: total, total },
  ];
  steps.forEach((s, i) =>
    setTimeout(() => {
      if (s.phase === 'done') indexing = false;
      emit('index-progress', s);
    }, 150 + i * 220),
  );
}
fakeIndexing();

// Handy in the dev console: `__fieldguideMock.changed(['runbooks/…md'])`.
(window as unknown as Record<string, unknown>).__fieldguideMock = {
  changed: (paths: string[]) => emit('kb-changed', { paths }),
  reindex: fakeIndexing,
};

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const mockTransport: Transport = {
  async call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
    await delay(4 + Math.random() * 10);
    switch (cmd) {
      case 'kb_info':
        return kbInfo() as T;
      case 'open_kb':
        root = String(args?.path ?? root);
        fakeIndexing();
        return kbInfo() as T;
      case 'search':
        return search(args?.request as SearchRequest) as T;
      case 'process_info':
        return { pid: 0, startedAtMs: Math.round(performance.timeOrigin) } as T;
      case 'kb_problems':
        return prepared.flatMap((p) => p.problems) as T;
      case 'open_doc':
        return openDoc(String(args?.path)) as T;
      default: {
        const edited = cmd.startsWith('edit_') ? editMock(cmd, args) : undefined;
        if (edited !== undefined) return edited as T;
        throw { code: 'invalid', message: `mock: unknown command ${cmd}` };
      }
    }
  },
  async on<T>(event: string, handler: (payload: T) => void): Promise<Unlisten> {
    const set = handlers.get(event) ?? new Set<Handler>();
    handlers.set(event, set);
    const h = handler as Handler;
    set.add(h);
    return () => set.delete(h);
  },
  async openUrl(url: string): Promise<void> {
    window.open(url, '_blank', 'noopener,noreferrer');
  },
  async pickFolder(): Promise<string | null> {
    return window.prompt('Mock: path of a KB folder', root);
  },
};
