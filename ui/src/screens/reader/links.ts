// Every click on an <a> inside rendered document HTML goes through here (the page itself never
// navigates): KB links open the target document, same-document anchors scroll, http(s)/mailto
// open in the system browser, anything else is ignored.

export interface LinkActions {
  openDoc(path: string, anchor: string | null): void;
  scrollTo(anchor: string): void;
  openExternal(url: string): void;
}

const EXTERNAL = /^(https?:|mailto:)/i;

export type LinkTarget =
  | { type: 'doc'; path: string; anchor: string | null }
  | { type: 'anchor'; anchor: string }
  | { type: 'external'; url: string }
  | { type: 'ignore' };

/** Classifies a rendered link. Exported for tests. */
export function classifyLink(a: HTMLAnchorElement): LinkTarget {
  const doc = a.getAttribute('data-doc');
  if (doc) return { type: 'doc', path: doc, anchor: a.getAttribute('data-anchor') || null };
  const href = a.getAttribute('href') ?? '';
  if (href.startsWith('#fg-')) return { type: 'anchor', anchor: href.slice(4) };
  if (EXTERNAL.test(href.trim())) return { type: 'external', url: href.trim() };
  return { type: 'ignore' };
}

/** Installs the interceptor on the container of the rendered HTML. */
export function interceptLinks(container: HTMLElement, actions: LinkActions): void {
  const handle = (e: MouseEvent) => {
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || !container.contains(a)) return;
    e.preventDefault();
    // Middle clicks arrive as auxclick; only act on the primary button (or keyboard Enter).
    if (e.type === 'auxclick' && e.button !== 1) return;
    const t = classifyLink(a);
    switch (t.type) {
      case 'doc':
        actions.openDoc(t.path, t.anchor);
        break;
      case 'anchor':
        actions.scrollTo(t.anchor);
        break;
      case 'external':
        actions.openExternal(t.url);
        break;
      case 'ignore':
        break;
    }
  };
  container.addEventListener('click', handle);
  container.addEventListener('auxclick', handle);
  // No dragging links out into a new webview window.
  container.addEventListener('dragstart', (e) => {
    if ((e.target as Element | null)?.closest?.('a')) e.preventDefault();
  });
}
