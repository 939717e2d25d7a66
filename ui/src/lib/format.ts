// Formatting helpers: dates from front matter (YYYY-MM-DD), durations, plurals.

/** Today as YYYY-MM-DD in local time. */
export function todayIso(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** `2026-09-22` in the user's locale, as a date field shows it (`09/22/2026` in en-US,
 * `22/09/2026` in en-GB, `22.09.2026` in de): the reader and the editor's date fields read the
 * same. Anything unparseable is returned unchanged. */
export function formatDate(iso: string, locale?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (d.getMonth() !== Number(m[2]) - 1) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  } catch {
    return iso.slice(0, 10); // a locale Intl does not know (POSIX `C`)
  }
}

/** True when a review-by date is strictly before today. */
export function isOverdue(reviewBy: string | null, today = todayIso()): boolean {
  return !!reviewBy && /^\d{4}-\d{2}-\d{2}/.test(reviewBy) && reviewBy.slice(0, 10) < today;
}

export function formatMicros(us: number): string {
  return us < 10 ? `${Math.max(1, Math.round(us))} µs` : us < 1000 ? `${(us / 1000).toFixed(2)} ms` : us < 100_000 ? `${(us / 1000).toFixed(1)} ms` : `${Math.round(us / 1000)} ms`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** How many problems a list shows (per group in KB lint): a KB of 100,000 copied articles has
 * 250,000 "likely duplicate" ones, which as rows would stall the window. The rest is counted
 * in a last row; `fieldguide lint` prints them all. */
export const PROBLEMS_SHOWN = 500;

/** The last row's text for `hidden` problems not shown. */
export const moreProblems = (hidden: number): string =>
  `${plural(hidden, 'more problem')} not shown: fix these first, or run \`fieldguide lint\` for the full list.`;
