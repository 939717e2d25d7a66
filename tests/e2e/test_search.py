"""Search and read through the real window: ranking, search-as-you-type, kind facets, the
reader's internal and external links, and keyboard-only use. Expectations come from the
documents in kb-content/ (titles are read from the files, not from the app)."""

from __future__ import annotations

import os
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from conftest import KB, App, front_matter_title, opened_urls
from helpers import MARK_PAGE_JS, PAGE_MARK_JS

SSO_ARTICLE = "articles/identity/sso-saml-login-loop.md"
SSO_FLOW = "flows/sso-login-loop.md"
SSO_TICKET = "tickets/2026/inc-20422-portal-sso-loop-clock-skew.md"
BITLOCKER = "runbooks/endpoint/bitlocker-recovery-key.md"
VPN_RUNBOOK = "runbooks/network/vpn-globalprotect-reconnect.md"
EXTERNAL_DOC = "articles/e2e/external-links.md"


def test_app_opens_the_kb_given_with_args(app: App) -> None:
    # run.sh passes the KB only as `--kb` in tauri:options.args (FIELDGUIDE_KB is unset).
    assert app.js("return document.querySelector('#kb-root').title") == os.path.realpath(KB)
    assert app.driver.title == "Fieldguide"


@pytest.mark.parametrize(
    "query, first",
    [
        ("saml assertion", SSO_ARTICLE),
        ("bitlocker recovery key", BITLOCKER),
        ("outlook ost rebuild", "runbooks/mail/outlook-ost-rebuild.md"),
        ("globalprotect reconnect", VPN_RUNBOOK),
    ],
)
def test_query_ranks_the_expected_document_first(app: App, query: str, first: str) -> None:
    hits = app.search(query)
    assert hits[0]["path"] == first, [h["path"] for h in hits]
    assert hits[0]["title"] == front_matter_title(first)
    assert hits[0]["selected"], "the first hit is preselected for Enter"


def test_saml_login_loop_finds_the_sso_documents(app: App) -> None:
    hits = app.search("saml login loop")
    top = [h["path"] for h in hits[:3]]
    assert sorted(top) == sorted([SSO_ARTICLE, SSO_FLOW, SSO_TICKET]), top
    kinds = {h["path"]: h["kind"] for h in hits}
    assert (kinds[SSO_ARTICLE], kinds[SSO_FLOW], kinds[SSO_TICKET]) == ("article", "flow", "ticket")
    status = app.js("return document.querySelector('.search-status .count').textContent")
    assert status.startswith(f"{len(hits)} result"), status


def test_results_update_as_you_type(app: App) -> None:
    box = app.wait_for("#search-input")
    box.clear()
    # No Enter anywhere: the list follows the keys, and a word prefix already matches.
    box.send_keys("bi")
    assert app.results(), "no results after typing 'bi'"
    box.send_keys("tl")
    hits = app.results()
    assert hits and hits[0]["path"] == BITLOCKER, hits
    assert all("bitlocker" in (h["title"] + h["path"]).lower() for h in hits[:2]), hits
    box.send_keys("ocker recovery")
    assert app.results()[0]["path"] == BITLOCKER
    # Esc in a non-empty box clears it and goes back to the overview (no result list).
    box.send_keys(Keys.ESCAPE)
    assert app.results(timeout=5) == []
    assert app.js("return document.querySelector('#search-input').value") == ""
    assert app.find(".kb-overview"), "the KB overview is shown again"


def test_kind_facet_keeps_only_runbooks(app: App) -> None:
    hits = app.search("password")
    kinds = {h["kind"] for h in hits}
    assert "runbook" in kinds and len(kinds) > 1, f"the query should match several kinds: {kinds}"
    chip = app.wait_for('#facets .facet[data-facet="kind"][data-value="runbook"]')
    expected = int(chip.find_element("css selector", ".facet-count").text)
    chip.click()
    app.wait_for('#facets .facet.active[data-facet="kind"][data-value="runbook"]')
    hits = app.results()
    assert hits, "no runbooks left after filtering"
    assert {h["kind"] for h in hits} == {"runbook"}, hits
    assert len(hits) == expected, f"the chip said {expected}, the list has {len(hits)}"
    assert all(h["path"].startswith("runbooks/") for h in hits), hits
    # Toggling the chip off brings the other kinds back.
    app.wait_for('#facets .facet.active[data-facet="kind"][data-value="runbook"]').click()
    assert len({h["kind"] for h in app.results()}) > 1


def test_checklists_and_rubrics_show_as_their_own_kinds(app: App) -> None:
    hits = app.search("evidence checklist")
    checklists = [h["path"] for h in hits if h["kind"] == "checklist"]
    assert sorted(checklists) == sorted(
        f"checklists/{f}" for f in os.listdir(os.path.join(KB, "checklists"))
    ), hits
    badge = app.js(
        "return document.querySelector('#results > .result[data-kind=\"checklist\"] .badge.kind').textContent"
    )
    assert badge == "Checklist"
    chip = app.wait_for('#facets .facet[data-facet="kind"][data-value="checklist"]')
    assert chip.text.startswith("Checklist"), chip.text
    assert app.search("closure note rubric")[0]["kind"] == "rubric"


def test_a_checklist_shows_its_items_and_links_their_runbooks(app: App) -> None:
    path = "checklists/endpoint-vpn.md"
    with open(os.path.join(KB, path), encoding="utf-8") as f:
        labels = [line.split("label:", 1)[1].strip() for line in f if line.strip().startswith("label:")]
    app.open_doc(path)
    assert app.doc_title() == front_matter_title(path)
    # The items live in the front matter; the reader lists them after the body, the title once.
    shown = app.js(
        "const h = [...document.querySelectorAll('#reader h2')].find(h => h.textContent === 'Evidence to collect');"
        "return h ? [...h.nextElementSibling.querySelectorAll(':scope > li > strong')].map(s => s.textContent) : null"
    )
    assert shown == labels, shown
    assert app.js("return document.querySelectorAll('#reader .doc h1').length") == 1
    link = app.find('#reader li a.internal[data-doc="runbooks/endpoint/collect-logs.md"]')[0]
    assert link.text == front_matter_title("runbooks/endpoint/collect-logs.md"), link.text
    link.click()
    app.wait_doc(title=front_matter_title("runbooks/endpoint/collect-logs.md"))


def test_open_result_and_follow_an_internal_link(app: App) -> None:
    app.search("saml assertion")
    app.find(f'#results > .result[data-path="{SSO_ARTICLE}"]')[0].click()
    app.wait_doc(title=front_matter_title(SSO_ARTICLE), path=SSO_ARTICLE)
    assert app.driver.title == f"{front_matter_title(SSO_ARTICLE)} — Fieldguide"
    assert app.find(f'#results > .result.open[data-path="{SSO_ARTICLE}"]'), "the open document is marked in the list"
    toc = app.js("return [...document.querySelectorAll('#toc a')].map(a => a.textContent.trim())")
    assert "Resolution" in toc, toc

    link = app.wait_for("#doc-body a[data-doc]")
    target = link.get_attribute("data-doc")
    assert target and target != SSO_ARTICLE and (KB / target).is_file(), target
    link.click()
    app.wait_doc(title=front_matter_title(target), path=target)
    # The target lists the article among its backlinks; following that goes back.
    back = app.wait_for(f'#reader .backlinks a[title="{SSO_ARTICLE}"]')
    back.click()
    app.wait_doc(title=front_matter_title(SSO_ARTICLE), path=SSO_ARTICLE)
    # Alt+← is history back: the linked document again.
    ActionChains(app.driver).key_down(Keys.ALT).send_keys(Keys.ARROW_LEFT).key_up(Keys.ALT).perform()
    app.wait_doc(title=front_matter_title(target), path=target)


def test_keyboard_only(app: App) -> None:
    reader = app.wait_for("#reader")
    app.js("arguments[0].focus()", reader)
    assert app.active_id() == "reader"
    ActionChains(app.driver).key_down(Keys.CONTROL).send_keys("k").key_up(Keys.CONTROL).perform()
    app.wait_until(lambda: app.active_id() == "search-input", message="Ctrl+K did not focus the search box")

    ActionChains(app.driver).send_keys("vpn").perform()
    hits = app.results()
    assert len(hits) >= 2 and hits[0]["selected"], hits
    ActionChains(app.driver).send_keys(Keys.ARROW_DOWN).perform()
    app.wait_until(lambda: app.results(settle=0.1)[1]["selected"], message="ArrowDown did not select the second result")
    assert [h["selected"] for h in app.results(settle=0.1)].count(True) == 1
    second = hits[1]["path"]

    ActionChains(app.driver).send_keys(Keys.ENTER).perform()
    app.wait_doc(title=front_matter_title(second), path=second)
    app.wait_until(lambda: app.active_id() == "reader", message=f"Enter left focus on {app.active_id()!r}")

    ActionChains(app.driver).send_keys(Keys.ESCAPE).perform()
    app.wait_until(lambda: app.active_id() == "search-input", message="Esc did not return to the search box")
    assert app.js("return document.querySelector('#search-input').value") == "vpn", "Esc from the reader keeps the query"
    assert app.route_path() == second, "Esc does not close the document"

    # "/" also focuses the search box from anywhere that is not a text field.
    app.js("document.querySelector('#reader').focus()")
    ActionChains(app.driver).send_keys("/").perform()
    app.wait_until(lambda: app.active_id() == "search-input", message="'/' did not focus the search box")
    assert app.js("return document.querySelector('#search-input').value") == "vpn", "'/' is not typed into the box"


def test_external_links_open_outside_the_window(app: App) -> None:
    app.open_doc(EXTERNAL_DOC)
    before = {"url": app.driver.current_url, "title": app.driver.title}
    mark = app.js(MARK_PAGE_JS, "external")
    links = app.find("#doc-body a.external")
    hrefs = [a.get_attribute("href") for a in links]
    assert hrefs == ["https://status.example.com/incidents", "mailto:support@example.com"], hrefs
    already = len(opened_urls())
    for a in links:
        a.click()
    # Handed to the system opener (run.sh's xdg-open stand-in records it)…
    # (each click starts its own opener process, so they may finish in either order)
    try:
        app.wait_until(lambda: sorted(opened_urls()[already:]) == sorted(hrefs), timeout=5)
    except AssertionError:
        raise AssertionError(f"the system opener got {opened_urls()[already:]}, expected {hrefs}") from None
    time.sleep(0.3)
    # …and the window itself did not move.
    assert app.js(PAGE_MARK_JS) == mark, "the page was reloaded or replaced"
    assert {"url": app.driver.current_url, "title": app.driver.title} == before
    assert app.doc_title() == front_matter_title(EXTERNAL_DOC)
    assert len(app.driver.window_handles) == 1, "a second window was opened"


def test_why_this_matched_on_the_selected_hit_and_on_hover(app: App) -> None:
    hits = app.search("bitlocker recovery key")
    assert hits[0]["path"] == BITLOCKER and hits[0]["selected"], hits
    why_of = """
        const row = document.querySelectorAll('#results > .result')[arguments[0]];
        const line = document.getElementById(row.getAttribute('aria-describedby') || '');
        return {title: row.getAttribute('title'), text: line && line.textContent,
                visible: !!line && line.getBoundingClientRect().height > 0,
                inRow: !!line && row.contains(line)};
    """
    first = app.js(why_of, 0)
    # The selected hit shows its line, and the row is described by it (read by screen readers).
    assert first["visible"] and first["inRow"], first
    assert first["text"].startswith("Why: title: "), first
    assert first["title"] == first["text"], "the tooltip says the same"
    # True of the document: the words said to be in the title are in its title, and the query
    # found there as a phrase is said so.
    title_words = first["text"].removeprefix("Why: title: ").split(" · ")[0].split(", ")
    assert title_words == ["bitlocker", "recovery", "key"], first["text"]
    assert all(w in front_matter_title(BITLOCKER).lower() for w in title_words)
    assert 'phrase "bitlocker recovery key" in title' in first["text"], first["text"]

    # Another hit: its line shows once it is selected (the first one's is hidden then) …
    ActionChains(app.driver).send_keys(Keys.ARROW_DOWN).perform()
    app.wait_until(lambda: app.js(why_of, 1)["visible"], message="the second hit's why line is not shown")
    assert not app.js(why_of, 0)["visible"]
    second = app.js(why_of, 1)
    assert second["text"].startswith("Why: "), second
    # … and on hover, any hit says why in its tooltip.
    row = app.find("#results > .result")[2]
    ActionChains(app.driver).move_to_element(row).perform()
    third = app.js(why_of, 2)
    assert third["title"].startswith("Why: ") and "bitlocker" in third["title"], third
    assert not third["visible"], "only the selected hit shows the line"
