// Small shared visual atoms: kind and status badges, tag chips.

import { h } from '../lib/dom';
import type { DocStatus } from '../lib/backend/types';

const KIND_LABELS: Record<string, string> = {
  runbook: 'Runbook',
  article: 'Article',
  flow: 'Flow',
  ticket: 'Ticket',
  escalation: 'Escalation',
};

/** Display order of kinds in facets and KB counts. */
export const KIND_ORDER = ['runbook', 'article', 'flow', 'ticket', 'escalation'];

export const kindLabel = (kind: string): string =>
  KIND_LABELS[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1);

export const kindRank = (kind: string): number => {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
};

export function kindBadge(kind: string): HTMLSpanElement {
  return h('span.badge.kind', { dataset: { kind }, text: kindLabel(kind) });
}

/** Draft/retired badge; published documents get none. */
export function statusBadge(status: DocStatus | string): HTMLSpanElement | null {
  if (status === 'published') return null;
  return h('span.badge.status', { dataset: { status }, text: status.charAt(0).toUpperCase() + status.slice(1) });
}

export function tagList(tags: string[]): HTMLSpanElement {
  return h(
    'span.tags',
    null,
    tags.map((t) => h('span.tag', { text: t })),
  );
}
