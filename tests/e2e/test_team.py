"""The team KB through git in the real window (docs/team.md): a bare repository on disk is the
team's server and two clones are two laptops. Laptop A records a ticket note and syncs from the
header's chip; laptop B (another app session on the other clone) syncs and finds the note by
search. Then both edit the same lines of one article: B's sync reports the conflict, the
conflict view shows both versions side by side, the merged text is saved and pushed, and the
reader shows the history with who changed it. No network: the remote is a folder."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import ARTIFACTS, App
from gitkb import git, team_server
from test_record import fill, open_record, saved_path, ticket_id

RUN_DIR = Path(os.environ.get("FIELDGUIDE_E2E_RUN_DIR", "/nonexistent"))
ARTICLE = "articles/badge-reader.md"
ARTICLE_TEXT = """---
title: Badge reader rejects valid cards
kind: article
status: published
---

# Badge reader rejects valid cards

Power-cycle the reader at the door panel.
"""


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A bare "server" repository with a small KB, cloned twice (laptops A and B)."""
    files = {
        ARTICLE: ARTICLE_TEXT,
        "articles/printer.md": "---\ntitle: Printer offline\nkind: article\n---\n\n# Printer offline\n\nRestart the spooler.\n",
    }
    server, laptops = team_server(RUN_DIR / f"team-{os.getpid()}", files, {"a": "Ana Lopez", "b": "Ben Okafor"})
    return {"server": server, **laptops}


def chip(app: App) -> dict[str, str]:
    return app.js(
        "const c = document.querySelector('#sync-chip');"
        "return c && !c.closest('.sync-wrap').hidden ? {text: c.textContent, state: c.dataset.state, kind: c.dataset.kind} : null"
    )


def wait_chip(app: App, state: str, timeout: float = 30) -> dict[str, str]:
    return app.wait_until(lambda: (c := chip(app)) and c["state"] == state and c, timeout=timeout, message=f"sync chip never showed {state!r} (last: {chip(app)})")


def open_panel(app: App) -> str:
    """Opens the chip's panel (if closed) and returns its text."""

    def shown() -> str | None:
        if app.js("return document.querySelector('#sync-panel').hidden"):
            app.wait_for("#sync-chip").click()
            return None
        return app.js("return document.querySelector('#sync-panel').textContent")

    return app.wait_until(shown, message="the sync panel never opened")


def sync_now(app: App) -> None:
    """Opens the chip's panel and presses "Sync now"."""
    open_panel(app)
    app.wait_until(lambda: app.js("return document.querySelector('#sync-now')?.disabled === false"), message="Sync now enabled")
    app.wait_for("#sync-now").click()
    app.wait_until(lambda: chip(app)["state"] != "syncing", timeout=30, message="the sync never ended")


def server_files(server: Path) -> list[str]:
    return git(server, "ls-tree", "-r", "--name-only", "main").split()


def test_a_note_recorded_on_one_laptop_is_found_on_another(team: dict[str, Path]) -> None:
    ticket = ticket_id("6")
    a = App(kb=team["a"])
    try:
        # Opened and synced on open: nothing to share yet.
        assert wait_chip(a, "up-to-date")["text"] == "Up to date"
        open_record(a)
        fill(a, "ticket", ticket)
        fill(a, "title", "Quokka scanner pairing fails")
        fill(a, "issue", "The quokka scanner would not pair over bluetooth.")
        fill(a, "resolution", "Removed the stale pairing and paired again.")
        a.wait_for("#record-save").click()
        path = saved_path(a)
        # Committed at once with the user's identity and a clear message, then shared.
        assert git(team["a"], "log", "-1", "--format=%an|%s", "--", path).strip() == f"Ana Lopez|fieldguide: record ticket {ticket}"
        sync_now(a)
        assert wait_chip(a, "up-to-date")["text"] == "Up to date"
        assert path in server_files(team["server"])
        a.screenshot(ARTIFACTS / "team-sync-panel.png")
    finally:
        a.quit()

    assert not (team["b"] / path).exists()
    b = App(kb=team["b"])
    try:
        # The sync on open pulls the note and re-indexes just that file (from the pull's diff).
        b.wait_until(lambda: (team["b"] / path).is_file(), timeout=30, message="the note was never pulled")
        wait_chip(b, "up-to-date")
        panel = b.wait_until(lambda: "re-indexed" in (t := open_panel(b)) and t, message="the last sync in the panel")
        assert "1 commit pulled" in panel and "1 file re-indexed" in panel, panel
        hits = b.search("quokka scanner pairing")
        assert hits and hits[0]["path"] == path, hits
        # "Sync now" again: nothing new.
        sync_now(b)
        assert wait_chip(b, "up-to-date")["text"] == "Up to date"
    finally:
        b.quit()


def test_same_lines_edited_on_two_laptops_conflict_and_are_merged(team: dict[str, Path]) -> None:
    # Laptop A changes the article's advice and shares it (outside the app, like another editor).
    a_path = team["a"] / ARTICLE
    a_path.write_text(ARTICLE_TEXT.replace("Power-cycle the reader at the door panel.", "Re-seat the reader's network cable."), encoding="utf-8")
    git(team["a"], "commit", "--quiet", "-am", "badge reader: network cable")
    git(team["a"], "pull", "--quiet", "--rebase")
    git(team["a"], "push", "--quiet", "origin", "HEAD:main")
    # Laptop B changes the same line, committed (as the app's editor would), not yet shared.
    b_path = team["b"] / ARTICLE
    b_path.write_text(ARTICLE_TEXT.replace("Power-cycle the reader at the door panel.", "Update the reader firmware to 4.2."), encoding="utf-8")
    git(team["b"], "commit", "--quiet", "-am", "badge reader: firmware")

    b = App(kb=team["b"])
    try:
        # The sync on open finds the conflict; the working copy keeps B's version.
        c = wait_chip(b, "conflict")
        assert c["text"] == "Conflict" and c["kind"] == "conflict"
        assert "firmware" in b_path.read_text(encoding="utf-8")
        open_panel(b)
        b.wait_for(f"#sync-panel .sync-conflict[data-path='{ARTICLE}']").click()
        b.wait_for("#team-conflict")
        ours = b.wait_for("#team-conflict-ours").get_attribute("textContent")
        theirs = b.wait_for("#team-conflict-theirs").get_attribute("textContent")
        assert "firmware to 4.2" in ours and "network cable" in theirs, (ours, theirs)
        b.screenshot(ARTIFACTS / "team-conflict.png")
        merged = b.wait_for("#team-conflict-merged")
        b.wait_for("#team-conflict-use-theirs").click()
        assert "network cable" in merged.get_attribute("value")
        merged.send_keys("\nThen update the reader firmware to 4.2.\n")
        b.wait_for("#team-conflict-save").click()
        wait_chip(b, "up-to-date")
        text = b_path.read_text(encoding="utf-8")
        assert "network cable" in text and "firmware to 4.2" in text, text
        assert git(team["server"], "show", f"main:{ARTICLE}") == text, "the merge was pushed"

        # The reader: who changed it last, and the history with a diff between two versions.
        b.search("badge reader")
        b.open_doc(ARTICLE)
        last = b.wait_for("#last-change").text
        assert last.startswith("Last changed by Ben Okafor today at "), last
        b.wait_for("#doc-history").click()
        rows = b.wait_until(lambda: len(b.find("#history-list .history-row")) >= 4 and b.find("#history-list .history-row"), message="history rows")
        whos = [r.find_element("css selector", ".who").text for r in rows]
        whats = [r.find_element("css selector", ".what").text for r in rows]
        assert whos[0] == "Ben Okafor" and "resolve conflict in articles/badge-reader.md" in whats[0], whats
        assert "Ana Lopez" in whos and whos[-1] == "Lead", whos
        # By default: the last change (the merge). Then from the first version (the lead's).
        diff = b.wait_until(lambda: "@@" in (t := b.wait_for("#history-diff").text) and t, message="a diff")
        assert "+Then update the reader firmware to 4.2." in diff, diff
        rows[-1].find_element("css selector", "input[name=history-from]").click()
        diff = b.wait_until(lambda: "Power-cycle" in (t := b.wait_for("#history-diff").text) and t, message="the diff from the first version")
        assert "-Power-cycle the reader at the door panel." in diff and "+Then update the reader firmware to 4.2." in diff, diff
        b.screenshot(ARTIFACTS / "team-history.png")
    finally:
        b.quit()
    # Laptop A gets the merge with its next sync: both laptops hold the same text.
    git(team["a"], "pull", "--quiet", "--rebase")
    assert (team["a"] / ARTICLE).read_text(encoding="utf-8") == text
