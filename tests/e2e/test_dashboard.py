"""The Insight dashboard through the real window: the empty state and "Load sample data", KPI
tiles with numbers, charts, drill-downs listing the tickets behind a figure (and opening a
ticket note), searches logged only once the user pauses (knowledge gaps from real use), and
"Clear sample data". Figures are checked against the app's own `stats` command where exact."""

from __future__ import annotations

import re
import time

from conftest import ARTIFACTS, App

GAP_QUERY = "qqqqzzzz wwwwxxxx"


def invoke(app: App, cmd: str, args: dict | None = None):
    """Calls a backend command from the page (for oracles and setup, not for the UI under test)."""
    return app.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1] || {})"
        ".then(v => done({ok: v}), e => done({err: e}));",
        cmd,
        args or {},
    )


def open_dashboard(app: App) -> None:
    app.js("location.hash = '#/dashboard'")
    app.wait_for("#dashboard")
    app.wait_until(
        lambda: app.js("return document.querySelector('.dash-status').textContent") not in ("", "Loading…"),
        message="the dashboard never finished loading",
    )


def click(app: App, el) -> None:
    """Scrolls an element into the middle of its scroller, then clicks it as a user would."""
    app.js("arguments[0].scrollIntoView({block: 'center'})", el)
    time.sleep(0.2)
    el.click()


def kpi_text(app: App, kpi: str) -> str:
    return app.wait_for(f'.kpi[data-kpi="{kpi}"] .kpi-value').text


def ensure_sample(app: App) -> None:
    open_dashboard(app)
    if app.find("#sample-banner") and app.find("#sample-banner")[0].is_displayed():
        return
    load = app.find("#load-sample")
    if load and load.pop().is_displayed():
        app.find("#load-sample")[0].click()
    else:
        # Real resolutions exist (other tests recorded some): load the sample behind the UI.
        assert "ok" in invoke(app, "demo_load", {"seed": 42})
        app.reset()
        open_dashboard(app)
    app.wait_for("#sample-banner")


def test_searches_are_logged_after_a_pause_not_per_keystroke(app: App) -> None:
    app.search(GAP_QUERY, expect_hits=False)
    time.sleep(1.8)  # the UI logs a search once the user pauses ~1 s
    open_dashboard(app)
    rows = app.wait_for("#gaps-table")
    queries = [e.text for e in rows.find_elements("css selector", "tbody tr[data-key] .gap-query")]
    assert GAP_QUERY in queries, queries
    # Typed key by key, but only the finished query was logged.
    assert not [q for q in queries if q != GAP_QUERY and GAP_QUERY.startswith(q)], queries
    row = app.wait_for(f'#gaps-table tr[data-key="{GAP_QUERY}"]')
    cells = [td.text for td in row.find_elements("css selector", "td")]
    assert cells[1] == "1" and cells[2] == "1", cells  # one search, zero results
    click(app, row.find_element("css selector", "td"))
    panel = app.wait_for(".drilldown")
    app.wait_until(lambda: GAP_QUERY in panel.text and panel.find_elements("css selector", "tbody tr"))


def test_sample_data_fills_the_dashboard_and_drills_down(app: App) -> None:
    ensure_sample(app)
    banner = app.wait_for("#sample-banner")
    assert "sample data" in banner.text.lower()
    for kpi in ("ttr-median", "ttr-p90", "fcr", "escalation", "reopen", "notes"):
        app.wait_until(lambda: re.search(r"\d", kpi_text(app, kpi)), message=f"KPI {kpi} has no number")
    # The median tile matches the backend's own figure for the same query.
    query = app.js(
        "const to = new Date(); to.setUTCHours(24,0,0,0);"
        "const from = new Date(to.getTime() - 30*86400000);"
        "return {from: from.toISOString().replace(/\\.\\d{3}Z$/,'Z'), to: to.toISOString().replace(/\\.\\d{3}Z$/,'Z'), segmentBy: 'category', includeSample: true};"
    )
    report = invoke(app, "stats", {"query": query})["ok"]
    median = report["overall"]["ttr"]["medianMin"]
    assert median is not None
    shown = kpi_text(app, "ttr-median")
    expected = f"{round(median)} min" if median < 120 else f"{median / 60:.1f} h"
    assert shown == expected, (shown, median)

    assert app.find("#ttr-histogram canvas"), "the TTR histogram is drawn"
    # Its bars are drawn in the theme's accent (blue), not in a colour the canvas refused.
    blue = app.js(
        "const c = document.querySelector('#ttr-histogram canvas');"
        "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i + 2] > d[i] + 80) n++;"
        "return n;"
    )
    assert blue > 500, f"the histogram's bars are not in the accent colour ({blue} blue pixels)"
    assert app.find("#gaps-table tbody tr"), "sample knowledge gaps are listed"

    # Drill down: the escalated tickets behind the escalation rate.
    app.wait_for('.kpi[data-kpi="escalation"]').click()
    panel = app.wait_for(".drilldown")
    app.wait_until(lambda: panel.find_elements("css selector", "tbody tr"), message="no drill-down rows")
    rows = panel.find_elements("css selector", "tbody tr")
    assert all("escalated" in r.text for r in rows)
    assert str(report["overall"]["escalated"]) in panel.find_element("css selector", ".drilldown-title").text
    app.screenshot(ARTIFACTS / "dashboard.png")  # for people to look at

    # The panel closes; clicking a ticket with a note opens the note in the reader.
    app.wait_for(".drilldown-close").click()
    app.wait_until(lambda: not app.find(".drilldown")[0].is_displayed())
    app.wait_for('.kpi[data-kpi="notes"]').click()
    app.wait_until(lambda: app.find(".drilldown a.ticket-link"), message="no ticket with a note")
    link = app.find(".drilldown a.ticket-link")[0]
    href = link.get_attribute("href")
    assert "#/doc/" in href
    click(app, link)
    app.wait_until(lambda: app.js("return location.hash").startswith("#/doc/"))
    assert not app.find("#dashboard") or not app.find("#dashboard")[0].is_displayed()


def test_clear_sample_data(app: App) -> None:
    ensure_sample(app)
    app.wait_for("#clear-sample").click()
    app.wait_until(lambda: not app.find("#sample-banner")[0].is_displayed(), message="banner still shown")
    report = invoke(
        app,
        "stats",
        {"query": {"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z", "segmentBy": None, "includeSample": True}},
    )["ok"]
    assert report["sampleDataPresent"] is False
