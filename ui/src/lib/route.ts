// Hash routes: `#/` (nothing open) and `#/doc/<kb-relative path>[?anchor=<a>]`.
// The browser history behind the hash is the reader's back/forward history.

export type Route = { name: 'home' } | { name: 'doc'; path: string; anchor: string | null };

export function parseRoute(hash: string = location.hash): Route {
  const m = /^#\/doc\/([^?]+)(?:\?(.*))?$/.exec(hash);
  if (!m || !m[1]) return { name: 'home' };
  let path: string;
  try {
    path = m[1].split('/').map(decodeURIComponent).join('/');
  } catch {
    return { name: 'home' };
  }
  const anchor = new URLSearchParams(m[2] ?? '').get('anchor');
  return { name: 'doc', path, anchor: anchor || null };
}

export function docHref(path: string, anchor?: string | null): string {
  const enc = path.split('/').map(encodeURIComponent).join('/');
  return `#/doc/${enc}${anchor ? `?anchor=${encodeURIComponent(anchor)}` : ''}`;
}

/** Navigates to a document, adding a history entry (so Alt+← comes back). */
export function goToDoc(path: string, anchor?: string | null): void {
  const href = docHref(path, anchor);
  if (location.hash === href) {
    // Same route: hashchange would not fire, so notify listeners ourselves.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = href;
  }
}
