// Hash routes: `#/` (nothing open) and `#/doc/<kb-relative path>[?anchor=<a>]`, plus the screen
// lifecycle every screen shares (`Screen`, `Router`).
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

/**
 * One screen of the window. Every screen goes through the same lifecycle, driven by `Router`:
 * the first screen whose `match` claims the hash is mounted, and every other screen is
 * unmounted, on every route change. So exactly one screen is on view whatever the previous one
 * was. `#app[data-screen]` names it; the layout (which panes show) follows from that in CSS.
 */
export interface Screen<R = unknown> {
  readonly name: string;
  /** This screen's route for `hash`, or null when the hash is not this screen's. */
  match(hash: string): R | null;
  /** Shows the screen for a route (again for each route change within the screen). */
  mount(route: R): void | Promise<void>;
  /** Hides the screen. Called on every route change that is not this screen's: idempotent. */
  unmount(): void;
  /** Asked before the route changes away from (or within) this screen; false stays. */
  canLeave?(nextHash: string): boolean;
}

export class Router {
  private current: Screen<unknown> | null = null;
  private hash: string | null = null;
  /** The last hash each screen was shown at (the header's "Search" goes back to it). */
  private readonly last = new Map<string, string>();

  /** `screens` in priority order; the last one must match every hash (the fallback). */
  constructor(
    private readonly root: HTMLElement,
    private readonly screens: Screen<unknown>[],
  ) {}

  /** The name of the screen on view (null before the first route). */
  get active(): string | null {
    return this.current?.name ?? null;
  }

  /** The hash `screen` was last shown at (null when never). */
  lastHash(screen: string): string | null {
    return this.last.get(screen) ?? null;
  }

  /** Shows the screen for `hash` and unmounts every other. */
  async go(hash: string = location.hash): Promise<void> {
    if (this.current?.canLeave && this.hash !== null && hash !== this.hash && !this.current.canLeave(hash)) {
      location.hash = this.hash;
      return;
    }
    let target: Screen<unknown> | null = null;
    let route: unknown = null;
    for (const s of this.screens) {
      route = s.match(hash);
      if (route !== null) {
        target = s;
        break;
      }
    }
    if (!target) throw new Error(`no screen for ${hash}`);
    for (const s of this.screens) if (s !== target) s.unmount();
    this.current = target;
    this.hash = hash;
    this.last.set(target.name, hash);
    this.root.dataset.screen = target.name;
    await target.mount(route);
  }
}
