// One search hit as a listbox option: kind badge, title, status, matched section, snippet,
// tags and path, and why it matched: a tooltip on hover, and a line (its description) shown
// on the selected hit.

import { kindBadge, statusBadge, tagList } from '../../components/badges';
import type { SearchHit } from '../../lib/backend/types';
import { h, safeSnippet } from '../../lib/dom';
import { startFlowButton } from '../flow/start';

export function renderResult(hit: SearchHit, index: number): HTMLElement {
  const why = hit.why?.line ?? '';
  const whyId = `result-why-${index}`;
  return h(
    'div.result',
    {
      id: `result-${index}`,
      attrs: {
        role: 'option',
        'aria-selected': 'false',
        title: why ? `Why: ${why}` : null,
        'aria-describedby': why ? whyId : null,
      },
      dataset: { path: hit.path, index: String(index), kind: hit.kind, status: hit.status },
    },
    [
      h('div.result-head', null, [
        kindBadge(hit.kind),
        h('span.result-title', { text: hit.title }),
        statusBadge(hit.status),
        hit.kind === 'flow' ? startFlowButton(hit.path) : null,
      ]),
      hit.section ? h('div.result-section', { text: `§ ${hit.section.heading}` }) : null,
      hit.snippetHtml ? h('div.result-snippet', { html: safeSnippet(hit.snippetHtml) }) : null,
      h('div.result-foot', null, [
        hit.tags.length ? tagList(hit.tags.slice(0, 3)) : null,
        h('span.result-path', { text: hit.path, attrs: { title: hit.path } }),
      ]),
      why ? h('div.result-why', { id: whyId, text: `Why: ${why}` }) : null,
    ],
  );
}
