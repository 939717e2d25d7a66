// What the search pane shows with no query (KB overview, recent documents, query syntax) and
// when a search finds nothing.

import { KIND_ORDER, kindBadge, kindLabel, kindRank } from '../../components/badges';
import type { KbInfo } from '../../lib/backend/types';
import { h, replace } from '../../lib/dom';
import { recentDocs } from '../../lib/recent';
import { resumeSection } from '../flow/resume';

interface EmptyActions {
  onQuery(q: string): void;
  onOpen(path: string): void;
  onOpenKb(): void;
}

const SYNTAX: [string, string][] = [
  ['vpn cert', 'documents with all the words (prefix match as you type)'],
  ['"client certificate"', 'exact phrase'],
  ['vpn OR wifi', 'either word'],
  ['vpn -pulse', 'exclude a word (also NOT pulse)'],
  ['tag:vpn', 'documents tagged vpn'],
  ['kind:runbook', KIND_ORDER.join(', ')],
  ['product:okta', 'by product'],
];

export function syntaxHelp(onQuery?: (q: string) => void): HTMLElement {
  return h('div.syntax', null, [
    h('h3.section-label', { text: 'Query syntax' }),
    h(
      'dl.syntax-list',
      null,
      SYNTAX.flatMap(([ex, what]) => [
        h('dt', null, onQuery ? h('button.code-link', { text: ex, attrs: { type: 'button' }, on: { click: () => onQuery(ex) } }) : h('code', { text: ex })),
        h('dd', { text: what }),
      ]),
    ),
    h('p.muted.small', { text: 'Small typos are tolerated. ↑/↓ to choose, Enter to open, Esc to come back here.' }),
  ]);
}

export function renderEmptyState(el: HTMLElement, kb: KbInfo | null, a: EmptyActions): void {
  const parts: (HTMLElement | null)[] = [resumeSection()];
  if (kb) {
    const kinds = Object.entries(kb.counts).sort((x, y) => kindRank(x[0]) - kindRank(y[0]));
    parts.push(
      h('div.kb-overview', null, [
        h('h3.section-label', { text: 'In this knowledge base' }),
        h(
          'ul.kind-counts',
          null,
          kinds.map(([kind, n]) =>
            h('li', null, [
              h('button.kind-count', { attrs: { type: 'button', title: `List all ${kindLabel(kind).toLowerCase()}s` }, on: { click: () => a.onQuery(`kind:${kind}`) } }, [
                h('span.n', { text: String(n) }),
                h('span.k', { text: `${kindLabel(kind)}${n === 1 ? '' : 's'}` }),
              ]),
            ]),
          ),
        ),
        kb.docCount === 0
          ? h('p.notice', null, ['This folder has no markdown documents yet. ', h('button.link', { text: 'Open another KB folder…', on: { click: () => a.onOpenKb() } })])
          : null,
      ]),
    );
  }
  const recent = recentDocs();
  if (recent.length) {
    parts.push(
      h('div.recent', null, [
        h('h3.section-label', { text: 'Recently opened' }),
        h(
          'ul.recent-list',
          null,
          recent.map((d) =>
            h('li', null, h('button.recent-item', { attrs: { type: 'button', title: d.path }, on: { click: () => a.onOpen(d.path) } }, [kindBadge(d.kind), h('span.t', { text: d.title })])),
          ),
        ),
      ]),
    );
  }
  parts.push(syntaxHelp(a.onQuery));
  replace(el, parts);
}

interface NoResultsArgs {
  query: string;
  filtered: boolean;
  includeRetired: boolean;
  onClearFilters(): void;
  onIncludeRetired(): void;
}

export function renderNoResults(el: HTMLElement, a: NoResultsArgs): void {
  replace(
    el,
    h('div.no-results', null, [
      h('p.big', null, a.query ? ['No documents match ', h('strong', { text: `“${a.query}”` }), a.filtered ? ' with these filters.' : '.'] : ['No documents match these filters.']),
      h('ul.suggestions', null, [
        a.filtered ? h('li', null, [h('button.link', { text: 'Clear the filters', attrs: { type: 'button' }, on: { click: a.onClearFilters } }), ' and search the whole KB.']) : null,
        !a.includeRetired ? h('li', null, [h('button.link', { text: 'Include retired documents', attrs: { type: 'button' }, on: { click: a.onIncludeRetired } }), '.']) : null,
        h('li', { text: 'Use fewer or shorter words; the last word matches as a prefix.' }),
        h('li', { text: `Try OR between alternatives, e.g. “vpn OR globalprotect”.` }),
      ]),
    ]),
  );
}
