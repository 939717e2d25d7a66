"""A lead's review of an article change in the real window (docs/team.md, "Review for leads"):
a technician's laptop changes a published article and marks it `status: review`, shared through
a bare repository on disk; the lead's app pulls it on open, the reader marks the document as in
review, "Review changes" shows who proposed what and the diff since the last reviewed version,
and "Approve" publishes exactly that version as one commit by the lead, which is pushed."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import ARTIFACTS, App
from gitkb import git, team_server
from test_team import server_files, wait_chip

RUN_DIR = Path(os.environ.get("FIELDGUIDE_E2E_RUN_DIR", "/nonexistent"))
ARTICLE = "articles/wifi-roaming.md"
ARTICLE_TEXT = """---
title: Laptops drop Wi-Fi when roaming
kind: article
status: published
---

# Laptops drop Wi-Fi when roaming

Disable aggressive roaming in the adapter settings.
"""


def test_lead_reviews_and_approves_an_article_change() -> None:
    # The published version, by the lead.
    server, laptops = team_server(
        RUN_DIR / f"team-review-{os.getpid()}",
        {ARTICLE: ARTICLE_TEXT},
        {"ana": "Ana Lopez", "lena": "Lena Park"},
        author=("Lena Park", "lena@example.com"),
        message="wifi roaming article",
    )
    tech, lead = laptops["ana"], laptops["lena"]
    published = git(server, "rev-parse", "main").strip()
    # The technician proposes a change (as `fieldguide review-article --propose` or the editor's
    # status field would) and shares it.
    git(tech, "pull", "--quiet")
    proposed = ARTICLE_TEXT.replace("status: published", "status: review").replace(
        "Disable aggressive roaming in the adapter settings.",
        "Set the roaming aggressiveness to medium, then update the adapter driver.",
    )
    (tech / ARTICLE).write_text(proposed, encoding="utf-8")
    git(tech, "commit", "--quiet", "-am", f"fieldguide: propose {ARTICLE} for review")
    git(tech, "push", "--quiet", "origin", "HEAD:main")

    app = App(kb=lead)
    try:
        # The sync on open pulls the proposal; the reader marks it in review.
        app.wait_until(lambda: "status: review" in (lead / ARTICLE).read_text(encoding="utf-8"), timeout=30, message="the proposal was never pulled")
        wait_chip(app, "up-to-date")
        app.search("roaming aggressiveness")
        app.open_doc(ARTICLE)
        assert app.wait_for(".doc-badges .badge.status[data-status=review]").text.lower() == "review"
        assert "proposed for review" in app.wait_for("#in-review").text
        app.wait_for("#review-changes").click()
        app.wait_for("#review-dialog")
        basel = app.wait_until(lambda: "Changes since" in (t := app.wait_for("#review-base").text) and t, message="the review's base")
        assert "by Lena Park" in basel and published[:7] in basel, basel
        whos = [e.text for e in app.find("#review-changes .who")]
        assert whos == ["Ana Lopez"], whos
        diff = app.wait_for("#review-diff").text
        assert "-Disable aggressive roaming in the adapter settings." in diff, diff
        assert "+Set the roaming aggressiveness to medium, then update the adapter driver." in diff, diff
        assert "+status: review" in diff, diff
        app.screenshot(ARTIFACTS / "team-review.png")
        app.wait_for("#review-approve").click()
        app.wait_until(lambda: not app.js("return document.querySelector('#review-dialog').open"), message="the dialog closes")
        text = (lead / ARTICLE).read_text(encoding="utf-8")
        assert "status: published" in text and 'approved_by: "Lena Park"' in text, text
        assert "update the adapter driver" in text, text
        assert git(lead, "log", "-1", "--format=%an|%s").strip() == f"Lena Park|fieldguide: approve {ARTICLE}"
        # Shared by the sync that follows the write; the reader drops the notice.
        app.wait_until(lambda: git(server, "show", f"main:{ARTICLE}") == text, timeout=30, message="the approval was never pushed")
        app.wait_until(lambda: not app.find("#in-review"), message="the in-review notice stays")
        assert ARTICLE in server_files(server)
    finally:
        app.quit()
