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


# Controls the app itself adds inside rendered document HTML (#doc-body).
UI_CONTROLS = "button.copy-btn"

# Findings under the element `arguments[0]` (empty list = clean), each with the offending
# element's HTML so a failure says what got through:
# - always: script-capable or loading elements, `on*` handler attributes, URLs with a scheme that
#   runs or loads something (javascript:, data:, file:, tauri:, ipc:…), links that are not
#   #fragment / http(s) / mailto;
# - when `arguments[1]` (strict, for document content): also svg/math/img/media, form controls
#   other than display-only checkboxes, style/srcdoc/action-like attributes. The app's own
#   chrome around a document (buttons, icons) is checked with strict = false.
# `arguments[2]`: a selector of the app's own controls to skip (e.g. the code blocks' Copy).
DANGEROUS_DOM_JS = r"""
const root = document.querySelector(arguments[0]);
if (!root) return ['no ' + arguments[0]];
const strict = !!arguments[1];
const ours = (el) => arguments[2] && el.closest(arguments[2]);
const bad = [];
const say = (why, el) => { if (!ours(el)) bad.push(why + ': ' + el.outerHTML.slice(0, 200)); };
let tags = 'script,iframe,frame,frameset,object,embed,applet,link,meta,base,portal,template,noscript,' +
           'style,isindex,foreignObject';
if (strict) tags += ',svg,math,img,image,video,audio,source,track,picture,animate,set,marquee,' +
                    'form,textarea,select,button,keygen,input:not([type=checkbox][disabled])';
for (const el of root.querySelectorAll(tags)) say('element <' + el.tagName.toLowerCase() + '>', el);
for (const el of root.querySelectorAll('*')) {
  for (const a of el.attributes) {
    const name = a.name.toLowerCase();
    const value = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
    if (name.startsWith('on')) say('handler ' + name, el);
    if (['srcdoc', 'formaction', 'action', 'xlink:href', 'background', 'dynsrc', 'lowsrc'].includes(name) ||
        (strict && name === 'style'))
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
