// "Recently opened" documents, kept in localStorage for the empty search state.

export interface RecentDoc {
  path: string;
  title: string;
  /** `DocView.kind`: a `DocKind` value. */
  kind: string;
}

const KEY = 'fieldguide.recent';
const MAX = 8;

export function recentDocs(): RecentDoc[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? (v as RecentDoc[]).filter((d) => typeof d?.path === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberDoc(d: RecentDoc): void {
  const list = [d, ...recentDocs().filter((x) => x.path !== d.path)].slice(0, MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Storage full or disabled: recent docs are a convenience only.
  }
}

export function forgetDoc(path: string): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(recentDocs().filter((x) => x.path !== path)));
  } catch {
    /* ignore */
  }
}
