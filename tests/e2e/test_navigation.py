"""Navigation between the window's screens: from every screen to the search and back (Ctrl+K,
`/`, Esc, the logo, the header's "Search", then Alt+←), and from every screen to every other by
route. After each move exactly the screens of that route are on view: nothing from the previous
screen is drawn over or under it (the point at the middle of each visible screen belongs to it)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from conftest import App

DOC = "runbooks/network/vpn-globalprotect-reconnect.md"
FLOW = "flows/vpn-cannot-connect.md"

# The root element of each screen (or pane) that can be on view.
ROOTS = ["#search-input", "#reader", "#dashboard", "#lint", "#new-doc", "#editor", "#record-form", "#flow-player"]

# route name -> (hash, the roots on view there); `{flow}` is filled with a live session id.
SCREENS: dict[str, tuple[str, set[str]]] = {
    "search": ("#/", {"#search-input", "#reader"}),
    "reader": (f"#/doc/{DOC}", {"#search-input", "#reader"}),
    "dashboard": ("#/dashboard", {"#dashboard"}),
    "lint": ("#/lint", {"#lint"}),
    "new": ("#/new", {"#new-doc"}),
    "editor": (f"#/edit/{DOC}", {"#editor"}),
    "record": ("#/record", {"#search-input", "#record-form"}),
    "flow": ("#/flow/{flow}", {"#flow-player", "#reader"}),
}

# For each root: is it displayed, and is the element at the middle of its box its own (not a
# screen drawn over it)?
ON_VIEW_JS = r"""
const out = {};
for (const sel of arguments[0]) {
  const el = document.querySelector(sel);
  if (!el) { out[sel] = 'missing'; continue; }
  const r = el.getBoundingClientRect();
  const shown = el.checkVisibility ? el.checkVisibility() : r.width > 0;
  if (!shown || r.width === 0 || r.height === 0) { out[sel] = 'hidden'; continue; }
  const x = r.left + Math.min(r.width, innerWidth - r.left) / 2, y = r.top + Math.min(r.height, innerHeight - r.top) / 2;
  const hit = document.elementFromPoint(x, y);
  out[sel] = hit && (el.contains(hit) || hit.contains(el)) ? 'shown' : 'covered by ' + (hit ? hit.outerHTML.slice(0, 80) : 'nothing');
}
return out;
"""


def start_flow(app: App) -> str:
    res = app.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI_INTERNALS__.invoke('flow_start', {path: arguments[0]}).then(v => done({ok: v}), e => done({err: e}));",
        FLOW,
    )
    assert "ok" in res, res
    return res["ok"]["sessionId"]


def hash_of(name: str, flow: str) -> str:
    return SCREENS[name][0].replace("{flow}", flow)


def expect_screen(app: App, name: str) -> None:
    want = SCREENS[name][1]
    expected = {sel: ("shown" if sel in want else "hidden") for sel in ROOTS}
    last: dict = {}

    def ok() -> bool:
        nonlocal last
        last = app.js(ON_VIEW_JS, ROOTS)
        return last == expected

    app.wait_until(ok, message=f"on {name} ({app.js('return location.hash')}): expected {expected}, got {last}")


def go(app: App, name: str, flow: str) -> None:
    app.js("location.hash = arguments[0]", hash_of(name, flow))
    expect_screen(app, name)


def keys(app: App, *seq: str, mod: str | None = None) -> None:
    chain = ActionChains(app.driver)
    if mod:
        chain.key_down(mod)
    chain.send_keys(*seq)
    if mod:
        chain.key_up(mod)
    chain.perform()


def expect_search(app: App) -> None:
    expect_screen(app, "search" if app.route_path() is None else "reader")
    app.wait_until(lambda: app.active_id() == "search-input", message=f"the search box has no focus ({app.active_id()!r})")


def back(app: App, name: str, flow: str) -> None:
    keys(app, Keys.ARROW_LEFT, mod=Keys.ALT)
    app.wait_until(lambda: app.js("return location.hash") == hash_of(name, flow), message=f"Alt+← did not return to {name}")
    expect_screen(app, name)


OTHERS = [n for n in SCREENS if n not in ("search", "reader")]


@pytest.mark.parametrize("name", OTHERS)
def test_ctrl_k_to_search_and_back(app: App, name: str) -> None:
    flow = start_flow(app) if name == "flow" else ""
    app.open_doc(DOC)
    go(app, name, flow)
    keys(app, "k", mod=Keys.CONTROL)
    expect_search(app)
    # The search comes back with the document that was open before.
    assert app.route_path() == DOC
    back(app, name, flow)


def test_every_way_back_to_search(app: App) -> None:
    """Esc and `/` (outside a text field), the logo and the header's "Search" each lead to the
    search box from a screen that has no search pane."""
    app.open_doc(DOC)
    ways = {
        "Esc": lambda: keys(app, Keys.ESCAPE),
        "/": lambda: keys(app, "/"),
        "logo": lambda: app.wait_for(".app-header a.brand").click(),
        "Search": lambda: app.wait_for("#header-search").click(),
    }
    for way, act in ways.items():
        for name in ("dashboard", "lint"):
            go(app, name, "")
            app.js("document.activeElement && document.activeElement.blur()")
            act()
            try:
                expect_search(app)
            except AssertionError as e:
                raise AssertionError(f"{way} from {name}: {e}") from None
            back(app, name, "")


def test_every_screen_to_every_other(app: App) -> None:
    flow = start_flow(app)
    names = list(SCREENS)
    for a in names:
        for b in names:
            if a == b:
                continue
            go(app, a, flow)
            try:
                go(app, b, flow)
            except AssertionError as e:
                raise AssertionError(f"{a} → {b}: {e}") from None
