// Number formatting and period arithmetic for the dashboard (DOM-free).

import type { MetricsQuery, Segment } from '../../lib/backend/types';

export function fmtMinutes(m: number | null | undefined): string {
  if (m === null || m === undefined || !Number.isFinite(m)) return '–';
  if (m >= 48 * 60) return `${(m / 1440).toFixed(1)} d`;
  if (m >= 120) return `${(m / 60).toFixed(1)} h`;
  return `${Math.round(m)} min`;
}

export function fmtRate(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return '–';
  return `${Math.round(r * 100)}%`;
}

export function fmtWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

export type PeriodChoice = { kind: 'days'; days: number } | { kind: 'custom'; from: string; to: string };

const DAY_MS = 86_400_000;

/**
 * The query for a period. "Last N days" ends at the next UTC midnight so that today, and
 * anything logged this very second, is included; custom dates are inclusive on both ends.
 */
export function queryFor(p: PeriodChoice, segmentBy: Segment | null, now = new Date()): MetricsQuery {
  let from: Date;
  let to: Date;
  if (p.kind === 'days') {
    to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS);
    from = new Date(to.getTime() - p.days * DAY_MS);
  } else {
    from = new Date(`${p.from}T00:00:00Z`);
    to = new Date(new Date(`${p.to}T00:00:00Z`).getTime() + DAY_MS);
  }
  return { from: iso(from), to: iso(to), segmentBy, includeSample: true };
}

/** The period of the same length just before `q` (for trends). */
export function previousPeriod(q: MetricsQuery): MetricsQuery {
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  return { ...q, from: iso(new Date(from - (to - from))), to: q.from, segmentBy: null };
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Relative change of `now` against `before`, or null when it cannot be said. */
export function change(now: number | null, before: number | null): number | null {
  if (now === null || before === null || !Number.isFinite(now) || !Number.isFinite(before) || before === 0) return null;
  return (now - before) / Math.abs(before);
}
