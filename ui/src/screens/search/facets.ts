// Facet chips: kinds (multi-select, counts from the results or, with no search, from the KB),
// tags (multi-select, top ones first, "more" to expand), include-retired and clear filters.

import { kindLabel, kindRank } from '../../components/badges';
import type { FacetCount, KbInfo, SearchResults } from '../../lib/backend/types';
import { h, replace } from '../../lib/dom';

export interface FilterState {
  kinds: Set<string>;
  tags: Set<string>;
  includeRetired: boolean;
}

interface FacetArgs {
  results: SearchResults | null;
  kb: KbInfo | null;
  filters: FilterState;
  onChange(): void;
}

const TAGS_COLLAPSED = 6;
let tagsExpanded = false;

/** Facet values from the backend, plus active values it did not return (count 0). */
function withActive(values: FacetCount[], active: Set<string>): FacetCount[] {
  const out = [...values];
  for (const a of active) if (!out.some((v) => v.value === a)) out.push({ value: a, count: 0 });
  return out;
}

function chip(facet: 'kind' | 'tag', fc: FacetCount, active: boolean, label: string, toggle: () => void): HTMLButtonElement {
  return h(
    'button.facet',
    {
      class: { active, zero: fc.count === 0 },
      attrs: { type: 'button', 'aria-pressed': String(active), title: `${active ? 'Remove' : 'Filter by'} ${facet} ${fc.value}` },
      dataset: { facet, value: fc.value },
      on: { click: toggle },
    },
    [h('span.facet-label', { text: label }), h('span.facet-count', { text: String(fc.count) })],
  );
}

/** What each facets element shows, to skip rebuilding identical chips on every keystroke. */
const shownSig = new WeakMap<HTMLElement, string>();

export function renderFacets(el: HTMLElement, { results, kb, filters, onChange }: FacetArgs): void {
  const toggle = (set: Set<string>, v: string) => () => {
    if (set.has(v)) set.delete(v);
    else set.add(v);
    onChange();
  };

  const kindValues = results
    ? results.facets.kinds
    : Object.entries(kb?.counts ?? {}).map(([value, count]) => ({ value, count }));
  const kinds = withActive(kindValues, filters.kinds).sort((a, b) => kindRank(a.value) - kindRank(b.value));

  const kindRow = !kinds.length
    ? null
    : h('div.facet-row', { attrs: { role: 'group', 'aria-label': 'Kind' } }, [
    h('span.facet-heading', { text: 'Kind' }),
    h(
      'div.facet-chips',
      null,
      kinds.map((k) => chip('kind', k, filters.kinds.has(k.value), kindLabel(k.value), toggle(filters.kinds, k.value))),
    ),
  ]);

  let tagRow: HTMLElement | null = null;
  if (results) {
    const tags = withActive(results.facets.tags, filters.tags);
    // Active tags first, then by count.
    tags.sort((a, b) => Number(filters.tags.has(b.value)) - Number(filters.tags.has(a.value)) || b.count - a.count || a.value.localeCompare(b.value));
    const shown = tagsExpanded ? tags : tags.slice(0, Math.max(TAGS_COLLAPSED, filters.tags.size));
    const hidden = tags.length - shown.length;
    if (tags.length) {
      tagRow = h('div.facet-row', { attrs: { role: 'group', 'aria-label': 'Tags' } }, [
        h('span.facet-heading', { text: 'Tags' }),
        h('div.facet-chips', null, [
          ...shown.map((t) => chip('tag', t, filters.tags.has(t.value), `#${t.value}`, toggle(filters.tags, t.value))),
          hidden > 0 || tagsExpanded
          ? h('button.link.facet-more', {
              text: tagsExpanded ? 'fewer' : `+${hidden} more`,
              attrs: { type: 'button' },
              on: {
                click: () => {
                  tagsExpanded = !tagsExpanded;
                  renderFacets(el, { results, kb, filters, onChange });
                },
              },
              })
            : null,
        ]),
      ]);
    }
  }

  const active = filters.kinds.size + filters.tags.size;
  // Unchanged chips (typing often keeps the same kinds, tags and counts) are left alone: no
  // new nodes to style, lay out and paint in the frame that shows the results.
  const sig = JSON.stringify([
    kinds.map((k) => [k.value, k.count, filters.kinds.has(k.value)]),
    results ? withActive(results.facets.tags, filters.tags).map((t) => [t.value, t.count]) : null,
    [...filters.tags],
    tagsExpanded,
    filters.includeRetired,
  ]);
  if (shownSig.get(el) === sig) return;
  shownSig.set(el, sig);
  const retired = h('input', {
    id: 'include-retired',
    attrs: { type: 'checkbox', checked: filters.includeRetired },
    on: {
      change: () => {
        filters.includeRetired = retired.checked;
        onChange();
      },
    },
  });
  const actions = h('div.facet-actions', null, [
    h('label.check', null, [retired, ' Include retired']),
    active
      ? h('button.link.clear-filters', {
          text: `Clear filters (${active})`,
          attrs: { type: 'button' },
          on: {
            click: () => {
              filters.kinds.clear();
              filters.tags.clear();
              onChange();
            },
          },
        })
      : null,
  ]);
  replace(el, [kindRow, tagRow, actions]);
}
