// A tiny typed DOM helper: `h('div.result', { attrs }, children)`. No virtual DOM; screens keep
// references to the elements they update.

type Child = Node | string | number | null | undefined | false;
type Children = Child | Child[];

export interface Props {
  id?: string;
  class?: string | Record<string, boolean>;
  attrs?: Record<string, string | number | boolean | null | undefined>;
  dataset?: Record<string, string>;
  text?: string;
  /** Trusted HTML only (sanitized by the core, or built by this UI). */
  html?: string;
  on?: { [K in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[K]) => void };
}

/**
 * Creates an element. `tag` may carry classes: `h('span.badge.kind')`.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K | `${K}.${string}`,
  props: Props | null = null,
  children: Children = null,
): HTMLElementTagNameMap[K] {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name as K);
  if (classes.length) el.className = classes.join(' ');
  if (props) applyProps(el, props);
  append(el, children);
  return el;
}

function applyProps(el: HTMLElement, p: Props): void {
  if (p.id) el.id = p.id;
  if (typeof p.class === 'string') el.classList.add(...p.class.split(/\s+/).filter(Boolean));
  else if (p.class) for (const [c, on] of Object.entries(p.class)) el.classList.toggle(c, on);
  if (p.attrs) {
    for (const [k, v] of Object.entries(p.attrs)) {
      if (v === null || v === undefined || v === false) continue;
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  if (p.dataset) Object.assign(el.dataset, p.dataset);
  if (p.text !== undefined) el.textContent = p.text;
  if (p.html !== undefined) el.innerHTML = p.html;
  if (p.on) {
    for (const [type, fn] of Object.entries(p.on)) el.addEventListener(type, fn as EventListener);
  }
}

export function append(parent: Node, children: Children): void {
  const list = Array.isArray(children) ? children : [children];
  for (const c of list) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces all children of `parent`. */
export function replace(parent: Node, children: Children): void {
  (parent as Element).replaceChildren();
  append(parent, children);
}

export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number): ((...a: A) => void) & { flush(): void; cancel(): void } {
  let t: ReturnType<typeof setTimeout> | undefined;
  let last: A | undefined;
  const d = (...a: A) => {
    last = a;
    clearTimeout(t);
    t = setTimeout(() => {
      t = undefined;
      fn(...a);
    }, ms);
  };
  d.flush = () => {
    if (t !== undefined && last) {
      clearTimeout(t);
      t = undefined;
      fn(...last);
    }
  };
  d.cancel = () => clearTimeout(t);
  return d;
}

/** Keeps only `<b>`/`</b>` in a snippet that the backend already escaped (defence in depth). */
export function safeSnippet(html: string): string {
  return html.replace(/<(?!\/?b>)/g, '&lt;');
}

/** `/home/me/kb/northwind` → `~/kb/northwind`; long paths keep their last two segments. */
export function shortenPath(p: string): string {
  const home = p.replace(/^\/(home|Users)\/[^/]+/, '~').replace(/^[A-Za-z]:\\Users\\[^\\]+/, '~');
  const parts = home.split(/[\\/]/).filter(Boolean);
  return parts.length > 3 ? `…/${parts.slice(-2).join('/')}` : home;
}

export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}
