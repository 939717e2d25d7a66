"""The first-run screen (docs/team.md, "First run"): the app started with no KB given and none
remembered shows "Clone the team's KB" / "Open a folder" (and the shipped sample KB). Cloning a
bare repository on disk (the team's server, no network) opens the clone, which syncs and is
searchable; the next start without `--kb` opens it again, with no first-run screen."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import ARTIFACTS, DATA_DIR, App, fresh_state
from gitkb import git, team_server
from test_team import wait_chip

RUN_DIR = Path(os.environ.get("FIELDGUIDE_E2E_RUN_DIR", "/nonexistent"))


def test_first_run_clones_the_team_kb_and_remembers_it() -> None:
    fresh_state()  # an empty data folder: nothing remembered
    base = RUN_DIR / f"first-run-{os.getpid()}"
    kiosk = "---\ntitle: Lobby kiosk frozen\nkind: runbook\n---\n\n# Lobby kiosk frozen\n\nHold the wombat button for ten seconds.\n"
    server, _ = team_server(base, {"runbooks/kiosk.md": kiosk})
    dest = base / "My team KB"

    app = App(kb=None)
    try:
        app.wait_for("#first-run")
        assert app.wait_for("#kb-root").text == "No KB open"
        assert app.wait_for("#first-run-open").is_displayed()
        # The shipped sample KB (kb-content/ above the executable) is offered too.
        assert app.wait_for("#first-run-sample").text == "Open the sample KB"
        # The X display (WebKitWebDriver's own screenshot does not return on this screen).
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", "root", str(ARTIFACTS / "first-run.png")], check=True, timeout=30)
        app.wait_for("#first-run-clone").click()
        app.wait_for("#clone-dialog")
        default_dest = app.wait_until(lambda: app.wait_for("#clone-dest").get_attribute("value"), message="a default folder")
        assert default_dest.endswith("Fieldguide KB"), default_dest
        # A wrong address: git's error in the dialog, the screen stays.
        app.wait_for("#clone-url").send_keys(str(base / "nowhere.git"))
        app.wait_for("#clone-dest").clear()
        app.wait_for("#clone-dest").send_keys(str(dest))
        app.wait_for("#clone-go").click()
        err = app.wait_until(lambda: app.wait_for("#clone-error").text, timeout=30, message="the clone error")
        assert "could not clone" in err, err
        assert not dest.exists()
        app.wait_for("#clone-url").clear()
        app.wait_for("#clone-url").send_keys(str(server))
        app.wait_for("#clone-go").click()
        app.wait_until(lambda: app.js("return document.querySelector('#first-run').hidden"), timeout=30, message="the first-run screen stays")
        app.wait_ready()
        assert (dest / "runbooks/kiosk.md").is_file()
        assert git(dest, "remote", "get-url", "origin").strip() == str(server)
        wait_chip(app, "up-to-date")
        hits = app.search("wombat button")
        assert hits and hits[0]["path"] == "runbooks/kiosk.md", hits
    finally:
        app.quit()
    assert (DATA_DIR / "last-kb").read_text(encoding="utf-8").strip() == str(dest.resolve())

    # The next start (no --kb) opens the clone again.
    app = App(kb=None)
    try:
        app.wait_ready()
        assert app.js("return document.querySelector('#first-run').hidden")
        assert app.wait_for("#kb-root").get_attribute("title") in (str(dest), str(dest.resolve())) or "My team KB" in app.wait_for("#kb-root").text
        hits = app.search("wombat button")
        assert hits and hits[0]["path"] == "runbooks/kiosk.md", hits
    finally:
        app.quit()
