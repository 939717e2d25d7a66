// KB lint (#/lint): every lint problem of the KB grouped by kind (broken links, images not
// shown, overdue reviews, invalid flows, likely duplicates, outdated flags, …); each opens the
// editor at its line.

import { BackendError, backend } from '../../lib/backend/ipc';
import type { Problem } from '../../lib/backend/types';
import { h, replace } from '../../lib/dom';
import { PROBLEMS_SHOWN, moreProblems, plural } from '../../lib/format';

const GROUPS: { id: string; label: string; match: (code: string) => boolean }[] = [
  { id: 'links', label: 'Broken links', match: (c) => c === 'broken-link' || c === 'broken-anchor' || c === 'refused-link' },
  { id: 'images', label: 'Images not shown', match: (c) => c === 'broken-image' || c === 'image-not-shown' },
  { id: 'reviews', label: 'Reviews overdue', match: (c) => c === 'review-overdue' || c === 'bad-date' },
  { id: 'flows', label: 'Flows failing validation', match: (c) => c.startsWith('flow') },
  { id: 'duplicates', label: 'Likely duplicates', match: (c) => c === 'likely-duplicate' },
  { id: 'outdated', label: 'Flagged outdated by technicians', match: (c) => c === 'flagged-outdated' },
  { id: 'titles', label: 'Missing titles', match: (c) => c === 'missing-title' },
  { id: 'other', label: 'Unreadable files and front matter', match: () => true },
];

export function editHref(path: string, line?: number): string {
  const enc = path.split('/').map(encodeURIComponent).join('/');
  return `#/edit/${enc}${line ? `?line=${line}` : ''}`;
}

export class Lint {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private readonly summary: HTMLElement;

  constructor() {
    this.summary = h('p.lint-summary');
    this.body = h('div.lint-groups');
    this.el = h('section.lint', { id: 'lint', attrs: { 'aria-label': 'KB lint' } }, [
      h('div.lint-head', null, [
        h('h1', { text: 'KB lint' }),
        h('button.btn', { id: 'lint-refresh', text: 'Check again', attrs: { type: 'button' }, on: { click: () => void this.show() } }),
        h('a.btn', { id: 'lint-new', text: 'New document…', attrs: { href: '#/new' } }),
      ]),
      this.summary,
      this.body,
    ]);
  }

  async show(): Promise<void> {
    this.summary.textContent = 'Checking…';
    let problems: Problem[];
    try {
      problems = await backend.lintKb();
    } catch (e) {
      this.summary.textContent = `Could not check the KB: ${(e as BackendError).message}`;
      return;
    }
    const groups = new Map<string, Problem[]>();
    for (const p of problems) {
      const g = GROUPS.find((g) => g.match(p.code)) ?? GROUPS[GROUPS.length - 1]!;
      const list = groups.get(g.id);
      if (list) list.push(p);
      else groups.set(g.id, [p]);
    }
    this.summary.textContent = problems.length
      ? `${plural(problems.length, 'problem')} in ${plural(new Set(problems.map((p) => p.path)).size, 'document')}.`
      : 'No problems found.';
    replace(
      this.body,
      GROUPS.filter((g) => groups.has(g.id)).map((g) => {
        const list = groups.get(g.id)!;
        return h('details.lint-group', { dataset: { group: g.id }, attrs: { open: true } }, [
          h('summary', null, [h('span', { text: g.label }), h('span.count', { text: String(list.length) })]),
          h(
            'ul',
            null,
            list.slice(0, PROBLEMS_SHOWN).map((p) => {
              // A document opens in the editor at the line; the KB's settings file
              // (`fieldguide.toml`) is edited outside the app.
              const doc = p.path.toLowerCase().endsWith('.md');
              return h('li', null, [
                h(doc ? 'a.lint-item' : 'div.lint-item', { class: `sev-${p.severity}`, attrs: doc ? { href: editHref(p.path, p.line) } : {}, dataset: { path: p.path, code: p.code } }, [
                  h('code', { text: p.line ? `${p.path}:${p.line}` : p.path }),
                  h('span', { text: p.message }),
                ]),
              ]);
            }).concat(list.length > PROBLEMS_SHOWN ? [h('li.lint-more', { text: moreProblems(list.length - PROBLEMS_SHOWN) })] : []),
          ),
        ]);
      }),
    );
  }
}
