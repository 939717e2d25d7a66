"""Team-wide figures on the lead's dashboard (docs/team.md, "Team KPIs"): two technicians'
ticket notes reach the lead's laptop by sync (a bare repository on disk as the server); the
dashboard's Team card counts them per author (from git), while the tiles — this laptop's
private journal — stay empty, and each part says where its figures come from."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from conftest import ARTIFACTS, App
from gitkb import git, team_server
from test_team import wait_chip

RUN_DIR = Path(os.environ.get("FIELDGUIDE_E2E_RUN_DIR", "/nonexistent"))


def note(dest: Path, name: str, outcome: str, minutes: int, days_ago: int) -> None:
    when = (datetime.now(timezone.utc) - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")
    rel = f"tickets/2026/{name}.md"
    (dest / "tickets/2026").mkdir(parents=True, exist_ok=True)
    (dest / rel).write_text(
        f"---\nkind: ticket\nticket: {name.upper()}\ntitle: {name}\ncategory: network\nopened: {when}\n"
        f"resolved: {when}\noutcome: {outcome}\ntime_to_resolve_min: {minutes}\n---\n\n## Issue\n\nx\n",
        encoding="utf-8",
    )
    git(dest, "add", rel)
    git(dest, "commit", "--quiet", "-m", f"fieldguide: record ticket {name.upper()}")


def test_lead_dashboard_counts_the_team_from_synced_notes() -> None:
    printer = "---\ntitle: Printer\n---\n\n# Printer\n\nRestart it.\n"
    _, clones = team_server(
        RUN_DIR / f"team-kpis-{os.getpid()}",
        {"runbooks/printer.md": printer},
        {"ana": "Ana Lopez", "ben": "Ben Okafor", "lead": "Lena Park"},
        author=("Lena Park", "lead@example.com"),
    )
    lead = clones["lead"]
    note(clones["ana"], "inc-101", "resolved", 20, 2)
    note(clones["ana"], "inc-102", "escalated", 200, 3)
    note(clones["ben"], "inc-103", "resolved", 40, 1)
    note(clones["ben"], "inc-104", "resolved", 5, 400)  # outside the 30 days
    for who in ("ana", "ben"):
        git(clones[who], "pull", "--quiet", "--rebase")
        git(clones[who], "push", "--quiet", "origin", "HEAD:main")

    app = App(kb=lead)
    try:
        app.wait_until(lambda: (lead / "tickets/2026/inc-103.md").is_file(), timeout=30, message="the notes were never pulled")
        wait_chip(app, "up-to-date")
        app.js("location.hash = '#/dashboard'")
        app.wait_for("#dashboard")

        def rows() -> dict[str, list[str]] | None:
            trs = app.find("#team-table tbody tr")
            if not trs:
                return None
            return {tr.get_attribute("data-key"): [td.text for td in tr.find_elements("css selector", "td")] for tr in trs}

        got = app.wait_until(lambda: (r := rows()) and "Ana Lopez" in r and r, timeout=20, message=f"the team table (last: {rows()})")
        # Who, notes, resolved, escalated, escalation rate, median TTR, p90, last note.
        assert got["Whole team"][1:5] == ["3", "2", "1", "33%"], got
        assert got["Ana Lopez"][1:6] == ["2", "1", "1", "50%", "20 min"], got
        assert got["Ben Okafor"][1:6] == ["1", "1", "0", "0%", "40 min"], got
        assert set(got) == {"Whole team", "Ana Lopez", "Ben Okafor"}, got
        source = app.wait_for("#team-source").text
        assert "4 ticket notes in the KB" in source and "shared with the team by sync" in source, source
        assert "private journal" in app.wait_for("#journal-source").text
        # The lead's own journal has recorded no ticket: the tiles' empty state.
        assert not app.js("return document.querySelector('.dash-empty').hidden")
        app.wait_for("[data-card=team]")
        app.js("document.querySelector('[data-card=team]').scrollIntoView()")
        app.screenshot(ARTIFACTS / "team-kpis.png")
    finally:
        app.quit()
