"""`restart_app()`: a new app process on the same KB, data dir and webview storage (what the
flow tests use for "resume after restart")."""

from __future__ import annotations

from conftest import DATA_DIR, App, front_matter_title
from helpers import MARK_PAGE_JS, PAGE_MARK_JS

DOC = "runbooks/endpoint/bitlocker-recovery-key.md"


def test_restart_is_a_new_process_with_the_same_data(app: App) -> None:
    app.open_doc(DOC)
    app.js(MARK_PAGE_JS, "first process")
    locks = list(DATA_DIR.glob("kbs/*/fieldguide.lock"))
    assert len(locks) == 1, f"the KB's data lives under FIELDGUIDE_DATA_DIR: {locks}"

    app.restart_app()

    assert app.js(PAGE_MARK_JS) is None, "still the old page"
    assert app.route_path() is None and app.doc_title() == "", "a new window starts with nothing open"
    # Same webview storage: the document opened before the restart is in "Recently opened".
    recent = app.wait_for(f'.recent-item[title="{DOC}"]')
    text = app.js("return arguments[0].textContent", recent)
    assert text.endswith(front_matter_title(DOC)), text
    recent.click()
    app.wait_doc(title=front_matter_title(DOC), path=DOC)
    # Same data dir, opened read-write (restart_app waits for the old process's lock).
    assert list(DATA_DIR.glob("kbs/*/fieldguide.lock")) == locks
    assert not app.find("#kb-root .badge.readonly")
