"""Site-relative links (`/exchange/…`) in the reader: without KB settings one that matches no
document is a broken link; once the KB's `fieldguide.toml` names the site it was published on
(`[links] site_base`), the same link reads as external, opens in the system browser at the
site's address and leaves the problem count — picked up while the app runs. A site-relative
link that matches a KB document opens that document either way."""

from __future__ import annotations

from conftest import App, opened_urls

DOC = "articles/e2e/site-links.md"
RUNBOOK = "runbooks/network/vpn-globalprotect-reconnect.md"
BASE = "https://learn.example.com/en-us"
SITE_URL = f"{BASE}/exchange/mail-flow/rules?view=2019#conditions"

LINKS_JS = r"""
const body = document.querySelector('#doc-body');
return {
  external: [...body.querySelectorAll('a.external')].map(a => a.getAttribute('href')),
  internal: [...body.querySelectorAll('a.internal')].map(a => a.dataset.doc),
  broken: [...body.querySelectorAll('.broken-link')].map(s => s.textContent),
  brokenStyle: [...body.querySelectorAll('.broken-link')].map(s => getComputedStyle(s).textDecorationLine),
};
"""


def problem_count(app: App) -> int:
    text = app.js("return document.querySelector('#problems-button').textContent")
    return 0 if "No problems" in text else int(text.split()[0].replace(",", ""))


def test_site_base_turns_site_relative_links_external(app: App) -> None:
    settings = app.kb / "fieldguide.toml"
    assert not settings.exists()
    app.open_doc(DOC)
    links = app.js(LINKS_JS)
    assert links["broken"] == ["Mail flow rules"], links
    assert links["brokenStyle"] == ["line-through"], links
    assert links["internal"] == [RUNBOOK], links
    assert links["external"] == [], links
    app.wait_until(lambda: problem_count(app) > 0, message="the header counts the broken link")
    before = problem_count(app)

    settings.write_text(f'[links]\nsite_base = "{BASE}/"\n', encoding="utf-8")
    try:
        app.wait_until(
            lambda: app.js(LINKS_JS)["external"] == [SITE_URL],
            message="the open document shows the site link as external once the settings change",
        )
        links = app.js(LINKS_JS)
        assert links["broken"] == [] and links["internal"] == [RUNBOOK], links
        app.wait_until(lambda: problem_count(app) == before - 1, message=f"{before} - 1 problems")

        already = len(opened_urls())
        app.find("#doc-body a.external")[0].click()
        app.wait_until(lambda: opened_urls()[already:] == [SITE_URL], timeout=5,
                       message=f"the system opener got {opened_urls()[already:]}")
        assert app.doc_title().startswith("Mail flow rules on the vendor site")

        # The in-KB site-relative link still opens the KB document.
        app.find("#doc-body a.internal")[0].click()
        app.wait_doc(path=RUNBOOK)
    finally:
        settings.unlink()


def test_an_unusable_settings_file_shows_in_kb_lint(app: App) -> None:
    settings = app.kb / "fieldguide.toml"
    settings.write_text('[links]\nsite_base = "learn.example.com"\n', encoding="utf-8")
    try:
        app.open_doc(DOC)
        # The defaults apply: the site link is broken again.
        app.wait_until(lambda: app.js(LINKS_JS)["broken"] == ["Mail flow rules"],
                       message="the site link is not broken with an unusable site_base")
        app.wait_for("#header-lint").click()
        item = app.wait_for('#lint .lint-item[data-path="fieldguide.toml"]')
        assert item.tag_name == "div", "the settings file is no document to open in the editor"
        assert item.get_attribute("href") is None
        text = item.text
        assert "fieldguide.toml:2" in text and "learn.example.com" in text, text
        assert "sev-error" in item.get_attribute("class")
    finally:
        settings.unlink()
