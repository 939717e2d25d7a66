"""Untrusted documents in the real window: every payload in tests/fixtures/xss/ (copied into
the KB as articles/security/…) is opened, its links are all clicked, and nothing may run,
navigate, load or reach the IPC. Also: search snippets and titles stay text, and the page's CSP
blocks inline script even if something slipped past the sanitizer."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from selenium.common.exceptions import ElementClickInterceptedException, ElementNotInteractableException, WebDriverException

from conftest import App, front_matter_title, opened_urls
from helpers import DANGEROUS_DOM_JS, MARK_PAGE_JS, PAGE_MARK_JS, UI_CONTROLS, XSS_TRACES_JS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "xss"
PAYLOAD_DOCS = sorted(f"articles/security/{p.name}" for p in FIXTURES.glob("*.md"))
SETTLE = 0.4  # time for onerror/onload/meta refresh/timers to fire, were they present


def clean_traces(app: App, title: str) -> None:
    t = app.js(XSS_TRACES_JS)
    assert t["xss"] is None, f"a payload ran: window.__xss = {t['xss']}"
    assert t["ipc"] is None, "a payload reached the Tauri IPC"
    assert t["title"] == f"{title} — Fieldguide", f"document.title changed to {t['title']!r}"
    bad = [u for u in opened_urls() if "xss.invalid" in u or not u.startswith(("https://", "http://", "mailto:"))]
    assert not bad, f"URLs handed to the system opener: {bad}"


def test_there_are_payload_documents() -> None:
    assert len(PAYLOAD_DOCS) >= 4, PAYLOAD_DOCS


@pytest.mark.parametrize("path", PAYLOAD_DOCS)
def test_payload_document_is_inert(app: App, path: str) -> None:
    title = front_matter_title(path)
    app.open_doc(path)
    mark = app.js(MARK_PAGE_JS, path)
    time.sleep(SETTLE)
    assert app.doc_title() == title, "the title is shown as text"
    clean_traces(app, title)
    # The document itself (strict: also no svg/img/forms/styles; display-only checkboxes are
    # the only form controls), then everything around it (title, tags, toc, backlinks).
    findings = app.js(DANGEROUS_DOM_JS, "#doc-body", True, UI_CONTROLS) + app.js(DANGEROUS_DOM_JS, "#reader", False)
    assert not findings, "dangerous markup in the reader:\n" + "\n".join(findings)
    assert app.js("return document.querySelectorAll('#doc-title *, #reader .doc-header .tag *').length") == 0, "markup in the title or tags"
    # The reader's own ids are not shadowed by document markup.
    assert app.js("return document.querySelectorAll('#doc-title').length") == 1
    assert app.js(PAGE_MARK_JS) == mark, "the page navigated while the document was shown"


def test_clicking_every_link_in_the_payload_documents_stays_in_the_app(app: App) -> None:
    origin = app.js("return location.origin + location.pathname")
    mark = app.js(MARK_PAGE_JS, "links")
    state_js = (
        "return {mark: window.__e2ePage, where: location.origin + location.pathname,"
        " hash: location.hash, xss: window.__xss}"
    )
    clicked = 0
    for path in PAYLOAD_DOCS:
        title = front_matter_title(path)
        app.open_doc(path)
        doc_hash = app.js("return location.hash")
        links = app.find("#doc-body a")
        labels = app.js("return [...document.querySelectorAll('#doc-body a')].map(a => a.outerHTML)")
        for i, label in enumerate(labels):
            label = f"{path}: {label}"
            try:
                app.js("arguments[0].scrollIntoView({block: 'center'})", links[i])
                links[i].click()
            except (ElementNotInteractableException, ElementClickInterceptedException):
                app.js("arguments[0].click()", links[i])  # hidden (closed <details>…): a synthetic click
            clicked += 1
            time.sleep(0.05)
            try:
                state = app.js(state_js)
            except WebDriverException as e:
                pytest.fail(f"the window went away after clicking {label}: {e}")
            assert state["mark"] == mark, f"clicking {label} reloaded or navigated the window"
            assert state["where"] == origin, f"clicking {label} moved the window to {state['where']}"
            assert state["xss"] is None, f"clicking {label} ran script"
            if state["hash"] != doc_hash:  # an in-app route (raw data-doc link): come back
                app.open_doc(path)
                links = app.find("#doc-body a")
        assert len(app.driver.window_handles) == 1, f"clicking the links of {path} opened a window"
        time.sleep(SETTLE)
        clean_traces(app, title)
    assert clicked >= 20, f"only {clicked} links survived in the payload documents"
    # Only the plain http(s)/mailto links reached the system opener.
    assert "https://example.com/allowed" in opened_urls()
    assert "mailto:security@example.com" in opened_urls()


def test_search_snippets_and_titles_stay_text(app: App) -> None:
    hits = app.search("zqxsentinel")
    assert {h["path"] for h in hits} >= set(PAYLOAD_DOCS), hits
    findings = app.js(DANGEROUS_DOM_JS, "#results", False) + app.js(DANGEROUS_DOM_JS, "#facets", False)
    assert not findings, "dangerous markup in the result list:\n" + "\n".join(findings)
    # Snippets may only highlight (<b>); anything else must have been escaped into text.
    tags = app.js("return [...document.querySelectorAll('#results .result-snippet *')].map(e => e.tagName)")
    assert set(tags) <= {"B"}, tags
    titles = {h["path"]: h["title"] for h in hits}
    for path in PAYLOAD_DOCS:
        assert titles[path] == front_matter_title(path), "titles are shown as written, not parsed"
    # A payload word: whatever the snippet shows of the markup, it is text.
    hits = app.search("onerror")
    assert hits, "the payloads' raw HTML is searchable text"
    snippets = app.js("return [...document.querySelectorAll('#results .result-snippet')].map(s => [s.textContent, s.innerHTML])")
    assert snippets, "no snippets for 'onerror'"
    for text, html in snippets:
        assert "<img" not in html and "<script" not in html.lower(), html
    time.sleep(SETTLE)
    t = app.js(XSS_TRACES_JS)
    assert (t["xss"], t["ipc"], t["title"]) == (None, None, "Fieldguide")


def test_csp_blocks_inline_script_in_the_real_window(app: App) -> None:
    # Defence in depth: even markup that got past the sanitizer could not run.
    app.js(
        "const s = document.createElement('script'); s.textContent = 'window.__xss = \"inline\"';"
        "document.body.append(s);"
        "const d = document.createElement('div'); d.innerHTML = '<img src=x onerror=\"window.__xss=1\">';"
        "document.body.append(d);"
    )
    time.sleep(SETTLE)
    assert app.js("return typeof window.__xss") == "undefined", "the page CSP allows inline script"
