"""Layout details a newcomer tripped over: the reader's sticky title bar hides the text scrolled
under it (light and dark theme), and the record form's text areas grow with a long step and
line up with the other fields."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selenium.webdriver.common.keys import Keys

from conftest import App

DOC = "runbooks/network/vpn-globalprotect-reconnect.md"

# The sticky bar's box, background and what is drawn at points along it.
STICKY_JS = r"""
const bar = document.querySelector('#reader .doc-sticky');
const r = bar.getBoundingClientRect();
const cs = getComputedStyle(bar);
const hits = [];
for (const f of [0.05, 0.3, 0.5, 0.7, 0.95]) {
  const el = document.elementFromPoint(r.left + r.width * f, r.top + r.height / 2);
  hits.push(el && bar.contains(el) ? 'bar' : (el ? el.tagName + '.' + el.className : 'none'));
}
// Body text really is under the bar: some element of #doc-body spans the bar's band.
const under = [...document.querySelectorAll('#doc-body p, #doc-body li, #doc-body pre')]
  .some((e) => { const b = e.getBoundingClientRect(); return b.top < r.bottom && b.bottom > r.top; });
return {shown: bar.classList.contains('shown'), opacity: cs.opacity, bg: cs.backgroundColor, hits, under};
"""


def alpha(color: str) -> float:
    m = re.match(r"rgba?\(([^)]*)\)", color)
    assert m, color
    parts = [p.strip() for p in m.group(1).replace("/", ",").split(",")]
    return float(parts[3]) if len(parts) == 4 else 1.0


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_sticky_title_bar_hides_the_text_scrolled_under_it(app: App, theme: str) -> None:
    app.js("document.documentElement.setAttribute('data-theme', arguments[0])", theme)
    app.open_doc(DOC)
    # Scroll so that body text sits right under the bar.
    app.js(
        "const r = document.querySelector('#reader');"
        "const p = [...document.querySelectorAll('#doc-body li')][4];"
        "r.scrollTop += p.getBoundingClientRect().top - r.getBoundingClientRect().top - 10;"
    )
    s = app.wait_until(lambda: (lambda v: v if v["shown"] and v["opacity"] == "1" else None)(app.js(STICKY_JS)), message="the sticky title never showed")
    assert s["under"], f"no body text under the bar, the test scrolled wrong: {s}"
    assert alpha(s["bg"]) == 1.0, f"the bar's background lets text through ({theme}): {s['bg']}"
    assert s["hits"] == ["bar"] * 5, f"something is drawn over the bar ({theme}): {s['hits']}"
    app.js("document.documentElement.removeAttribute('data-theme')")


LONG_STEP = (
    "Cleared the cached GlobalProtect portal configuration under %LOCALAPPDATA%\\Palo Alto Networks, "
    "re-imported the machine certificate from the Company Portal, rebooted, and confirmed the gateway "
    "gp-eu answered on TCP 443 before reconnecting; the user was back online within two minutes."
)


def test_a_long_step_is_shown_whole_and_lines_up(app: App) -> None:
    app.js("location.hash = '#/record'")
    app.wait_for("#record-form")
    before = len(app.find("#record-steps textarea"))
    add = next(b for b in app.find("#record-form button") if b.text.strip() == "+ Add a step")
    add.click()
    app.wait_until(lambda: len(app.find("#record-steps textarea")) == before + 1, message="no step added")
    box = app.find("#record-steps textarea")[-1]
    box.send_keys(LONG_STEP)
    geo = app.js(
        "const t = arguments[0]; const one = parseFloat(getComputedStyle(t).lineHeight);"
        "const issue = document.querySelector('#record-form [name=issue]');"
        "return {client: t.clientHeight, scroll: t.scrollHeight, line: one,"
        " left: Math.round(t.getBoundingClientRect().left), issueLeft: Math.round(issue.getBoundingClientRect().left)};",
        box,
    )
    assert geo["scroll"] <= geo["client"] + 1, f"the step is cut off: {geo}"
    assert geo["client"] >= 2 * geo["line"], f"a long step should wrap onto several lines: {geo}"
    assert geo["left"] == geo["issueLeft"], f"steps are indented unlike the other fields: {geo}"
    # It shrinks back when the text goes.
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACK_SPACE)
    app.wait_until(lambda: app.js("return arguments[0].clientHeight", box) < geo["client"], message="the box did not shrink")
    # A draft filled in by the app (not typed) is measured too.
    app.js("arguments[0].value = arguments[1]", box, LONG_STEP)
    assert app.js("return arguments[0].scrollHeight <= arguments[0].clientHeight + 1", box)


# Every colour token of ui/src/styles/theme.css, `--name: light-dark(#light, #dark)`.
THEME_CSS = Path(__file__).resolve().parents[2] / "ui/src/styles/theme.css"
TOKEN_RE = re.compile(r"(--[\w-]+): light-dark\((#[0-9a-f]{6}), (#[0-9a-f]{6})\)")
TOKENS_JS = r"""
const out = {};
for (const name of arguments[0]) {
  const p = document.createElement('span');
  p.style.color = `var(${name})`;
  document.body.append(p);
  out[name] = getComputedStyle(p).color;
  p.remove();
}
return [out, getComputedStyle(document.documentElement).colorScheme];
"""


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_chosen_theme_gives_every_colour_token_its_value(app: App, theme: str) -> None:
    tokens = TOKEN_RE.findall(THEME_CSS.read_text(encoding="utf-8"))
    assert len(tokens) >= 40, "theme.css no longer writes its colours as light-dark()"
    app.js("document.documentElement.setAttribute('data-theme', arguments[0])", theme)
    try:
        got, scheme = app.js(TOKENS_JS, [name for name, _, _ in tokens])
    finally:
        app.js("document.documentElement.removeAttribute('data-theme')")
    assert scheme == theme
    want = {name: rgb(light if theme == "light" else dark) for name, light, dark in tokens}
    assert got == want
