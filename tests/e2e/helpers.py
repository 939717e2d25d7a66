"""Small helpers shared by the GUI tests: polling waits and in-page probes."""

from __future__ import annotations

import time
from typing import Any, Callable

DEFAULT_TIMEOUT = 10.0


def wait_until(cond: Callable[[], Any], timeout: float = DEFAULT_TIMEOUT, message: str = "", interval: float = 0.05) -> Any:
    """Polls `cond` until it returns something truthy (returned) or fails with `message`."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while True:
        try:
            value = cond()
            if value:
                return value
        except Exception as e:  # noqa: BLE001 - a half-rendered page can throw; keep polling
            last_error = e
        if time.monotonic() > deadline:
            detail = f" (last error: {last_error!r})" if last_error else ""
            raise AssertionError(f"timed out after {timeout}s: {message or cond}{detail}")
        time.sleep(interval)


# The app's own controls inside the reader and the search pane (not document content).
UI_CONTROLS = (
    "button.copy-btn, button.to-top, button.copy-path, button.facet, button.facet-more, "
    "button.clear-filters, button.btn, .facet-actions label.check"
)

# Everything under arguments[0] that could run script, load something or post a form, except
# the UI's own controls (arguments[1]): a list of findings (empty = clean), each with the
# offending element's HTML so a failure says what got through.
DANGEROUS_DOM_JS = r"""
const root = document.querySelector(arguments[0]);
if (!root) return ['no ' + arguments[0]];
const ours = (el) => arguments[1] && el.closest(arguments[1]);
const bad = [];
const say = (why, el) => { if (!ours(el)) bad.push(why + ': ' + el.outerHTML.slice(0, 200)); };
const TAGS = 'script,iframe,frame,frameset,object,embed,applet,svg,math,style,link,meta,base,' +
             'form,img,video,audio,source,track,picture,portal,template,noscript,textarea,' +
             'select,button,marquee,isindex,image,animate,set,foreignObject,keygen';
for (const el of root.querySelectorAll(TAGS)) say('element <' + el.tagName.toLowerCase() + '>', el);
for (const el of root.querySelectorAll('input:not([type=checkbox][disabled])')) say('form control', el);
for (const el of root.querySelectorAll('*')) {
  for (const a of el.attributes) {
    const name = a.name.toLowerCase();
    const value = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
    if (name.startsWith('on')) say('handler ' + name, el);
    if (name === 'style' || name === 'srcdoc' || name === 'formaction' || name === 'action' ||
        name === 'xlink:href' || name === 'background' || name === 'dynsrc' || name === 'lowsrc')
      say('attribute ' + name, el);
    if (/^(javascript|vbscript|data|file|tauri|ipc|asset):/.test(value)) say('URL in ' + name, el);
  }
}
for (const a of root.querySelectorAll('a[href]')) {
  const href = a.getAttribute('href').trim();
  if (!/^(#|https?:|mailto:)/i.test(href)) say('link to ' + href, a);
}
return bad;
"""

# Marks the current page; a navigation or reload loses the mark.
MARK_PAGE_JS = "window.__e2ePage = arguments[0]; return window.__e2ePage;"
PAGE_MARK_JS = "return window.__e2ePage === undefined ? null : window.__e2ePage;"

# What an executed payload would have left behind.
XSS_TRACES_JS = r"""
return {
  xss: typeof window.__xss === 'undefined' ? null : String(window.__xss),
  ipc: typeof window.__xss_ipc === 'undefined' ? null : String(window.__xss_ipc),
  title: document.title,
  href: location.href,
};
"""
