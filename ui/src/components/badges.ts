// Small shared visual atoms: kind and status badges, tag chips.

import { h } from '../lib/dom';
import type { DocKind, DocStatus } from '../lib/backend/types';

/** Every kind the backend knows (the type checker refuses a missing one), in display order. */
const KIND_LABELS: Record<DocKind, string> = {
  runbook: 'Runbook',
  article: 'Article',
  flow: 'Flow',
  ticket: 'Ticket',
  escalation: 'Escalation',
  checklist: 'Checklist',
  rubric: 'Rubric',
};

/** Display order of kinds in facets, KB counts and the editor's kind field. */
export const KIND_ORDER = Object.keys(KIND_LABELS) as DocKind[];

export const kindLabel = (kind: string): string =>
  KIND_LABELS[kind as DocKind] ?? kind.charAt(0).toUpperCase() + kind.slice(1);

export const kindRank = (kind: string): number => {
  const i = KIND_ORDER.indexOf(kind as DocKind);
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
