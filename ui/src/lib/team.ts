// DOM-free helpers of the team (git) UI: what the sync chip says, the sync interval setting,
// and how a unified diff is split into lines to colour. Unit-tested in tests/team.test.mjs.

import type { Change, TeamView } from './backend/types';

/** The chip's colour class. */
export type ChipKind = 'ok' | 'pending' | 'offline' | 'conflict' | 'error' | 'busy';

/** The chip's words and colour for a status (or while a sync runs). */
export function chipLabel(view: TeamView, syncing = false): { text: string; kind: ChipKind } {
  if (syncing) return { text: 'Syncing…', kind: 'busy' };
  const s = view.status;
  const queued = s.ahead + (s.dirty.length ? 1 : 0);
  switch (s.state.state) {
    case 'conflict':
      return { text: 'Conflict', kind: 'conflict' };
    case 'interrupted':
      return { text: 'Git needs attention', kind: 'error' };
    case 'offline':
      return { text: queued ? `Offline · ${queued} to push` : 'Offline', kind: 'offline' };
    default:
      break;
  }
  if (view.lastSync?.error) return { text: 'Sync failed', kind: 'error' };
  if (view.lastSync?.pushRefused) return { text: `Push refused · ${queued} to push`, kind: 'error' };
  const parts: string[] = [];
  if (queued) parts.push(`${queued} to push`);
  if (s.behind) parts.push(`${s.behind} to pull`);
  return parts.length ? { text: parts.join(' · '), kind: 'pending' } : { text: 'Up to date', kind: 'ok' };
}

/** The choices of "sync every", in minutes (0 = only on open and when asked). */
export const SYNC_INTERVALS = [0, 1, 2, 5, 10, 15, 30];
export const DEFAULT_SYNC_MINUTES = 5;

/** The stored setting read back: a known choice, else the default. */
export function parseSyncMinutes(stored: string | null): number {
  const n = stored === null ? NaN : Number(stored);
  return SYNC_INTERVALS.includes(n) ? n : DEFAULT_SYNC_MINUTES;
}

/** `14:05` today, else `3 Dec 14:05`, in local time. */
export function formatWhen(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const time = `${p(d.getHours())}:${p(d.getMinutes())}`;
  if (new Date(now).toDateString() === d.toDateString()) return time;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getMonth()];
  return `${d.getDate()} ${month} ${d.getFullYear()} ${time}`;
}

/** "Last changed by Ana Lopez on 3 Dec 2026 14:05" ("… today at 14:05"). */
export function lastChangedText(c: Change, now = Date.now()): string {
  const when = formatWhen(c.time * 1000, now);
  return `Last changed by ${c.author} ${when.includes(' ') ? `on ${when}` : `today at ${when}`}`;
}

/** A unified diff's lines with their role: added, removed, hunk header, file header, context. */
export function diffLines(diff: string): { kind: 'add' | 'del' | 'hunk' | 'file' | 'ctx'; text: string }[] {
  const out: { kind: 'add' | 'del' | 'hunk' | 'file' | 'ctx'; text: string }[] = [];
  let inHunk = false;
  for (const text of diff.replace(/\n$/, '').split('\n')) {
    if (text.startsWith('@@')) {
      inHunk = true;
      out.push({ kind: 'hunk', text });
    } else if (!inHunk || text.startsWith('diff --git')) {
      inHunk = false;
      out.push({ kind: 'file', text });
    } else if (text.startsWith('+')) out.push({ kind: 'add', text });
    else if (text.startsWith('-')) out.push({ kind: 'del', text });
    else out.push({ kind: 'ctx', text });
  }
  return diff.trim() ? out : [];
}
