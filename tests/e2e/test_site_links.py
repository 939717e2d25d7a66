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


def test_a_long_problem_list_is_counted_in_full_and_shown_in_part(app: App) -> None:
    """The header counts every problem (only the counts cross from the shell); KB lint and the
    problems dialog show the first 500 of a group and count the rest in a last row."""
    app.wait_until(lambda: problem_count(app) > 0, message="the header shows its count")
    before = problem_count(app)
    doc = app.kb / "articles/e2e/many-broken-links.md"
    links = "\n".join(f"- [gone {i}](gone/missing-{i}.md)" for i in range(520))
    doc.write_text(f"---\ntitle: Many broken links (e2e)\n---\n{links}\n", encoding="utf-8")
    try:
        app.wait_until(lambda: problem_count(app) == before + 520, message=f"{before} + 520 problems")
        app.wait_for("#header-lint").click()
        group = '#lint .lint-group[data-group="links"]'
        app.wait_for(group)
        shown = app.js(f"""
            const g = document.querySelector('{group}');
            return {{count: g.querySelector('summary .count').textContent,
                     items: g.querySelectorAll('.lint-item').length,
                     more: g.querySelector('.lint-more')?.textContent ?? ''}};""")
        total = int(shown["count"])
        assert total >= 520 and shown["items"] == 500, shown
        assert shown["more"].startswith(f"{total - 500} more problems not shown"), shown
        app.js("location.hash = '#/'")
        app.wait_for("#problems-button").click()
        app.wait_for("#problems-dialog .problem")
        dialog = app.js("""
            const d = document.querySelector('#problems-dialog');
            return {items: d.querySelectorAll('.problem').length,
                    more: d.querySelector('.problem-more')?.textContent ?? ''};""")
        assert dialog["items"] == 500, dialog
        assert dialog["more"].startswith(f"{before + 520 - 500} more problems not shown"), dialog
        app.js("document.querySelector('#problems-dialog').close()")
    finally:
        doc.unlink()
    app.wait_until(lambda: problem_count(app) == before, message=f"back to {before} problems")
