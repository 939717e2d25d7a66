"""`fieldguide-app --search QUERY`: the window starts with QUERY searched. The UI sends it as
soon as its script runs (answered from the last session's index while the KB is still opening,
then again by the open KB); this is the desktop benchmark's cold-start path."""

from __future__ import annotations

from conftest import App, front_matter_title

BITLOCKER = "runbooks/endpoint/bitlocker-recovery-key.md"


def box_value(app: App) -> str:
    return app.js("return document.querySelector('#search-input').value")


def test_start_query_is_searched_at_start(app: App) -> None:
    # The first process (the fixture's) built the index; the next one starts with a query.
    query = 'bitlocker "recovery key"'
    app.restart_app(["--search", query])
    assert box_value(app) == query
    hits = app.results()
    assert hits[0]["path"] == BITLOCKER
    assert hits[0]["title"] == front_matter_title(BITLOCKER)
    assert hits[0]["selected"]
    # The query left the URL once read: a reload starts with an empty box and no results.
    assert app.js("return location.search") == ""
    app.reset()
    assert box_value(app) == ""
    assert not app.find("#results .result")


def test_without_a_start_query_the_box_is_empty(app: App) -> None:
    app.restart_app()
    assert box_value(app) == ""
    assert not app.find("#results .result")
    assert app.find(".search-empty *"), "the overview shows instead of results"
