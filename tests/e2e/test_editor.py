"""Authoring through the real window: a new document from a template is created, typed into,
saved (Ctrl+S) and found by search; the front-matter form changes only its own lines; a file
changed on disk while open is not overwritten (conflict dialog, copy); retire; KB lint."""

from __future__ import annotations

import os
import time
from pathlib import Path

from selenium.webdriver.common.keys import Keys

from conftest import ARTIFACTS, KB, App

def editor_text(app: App) -> str:
    """The lines CodeMirror has rendered (it virtualizes long documents: fine for short ones)."""
    return app.js("return [...document.querySelectorAll('#editor .cm-line')].map(l => l.textContent).join('\\n')")


def open_editor(app: App, path: str) -> None:
    """Opens `path` in the editor by route; the test documents are written by the tests
    themselves (under articles/e2e/) so the shipped documents other tests rely on stay intact."""
    app.js("location.hash = '#/edit/' + arguments[0].split('/').map(encodeURIComponent).join('/');", path)
    app.wait_for("#editor .cm-content")
    app.wait_until(lambda: app.js("return document.querySelector('#editor .editor-path').textContent") == path,
                   message=f"the editor never showed {path}")
    app.wait_until(lambda: app.js("return document.querySelector('#editor-problems').children.length") > 0,
                   message="the first preview/lint never arrived")


def type_at_end(app: App, text: str) -> None:
    content = app.wait_for("#editor .cm-content")
    content.click()
    content.send_keys(Keys.CONTROL, Keys.END)
    content.send_keys(text)


def wait_saved(app: App) -> None:
    app.wait_until(lambda: app.js("return document.querySelector('#editor .editor-state').textContent") == "Saved",
                   message="the editor never reported Saved")


def test_new_document_from_template_is_saved_and_found(app: App) -> None:
    app.reset()
    app.wait_for("#header-new").click()
    app.wait_for("#new-doc #template-picker label[data-template='kcs-article']").click()
    app.wait_for("#new-title").send_keys("Reset a frozen docking station (e2e)")
    path = app.js("return document.querySelector('#new-path').value")
    assert path == "articles/reset-a-frozen-docking-station-e2e.md", path
    app.wait_for("#new-create").click()
    open_path = app.wait_until(lambda: app.js("return document.querySelector('#editor:not([hidden]) .editor-path')?.textContent"))
    assert open_path == path
    assert (KB / path).is_file()
    assert app.js("return document.querySelector('#fm-title').value") == "Reset a frozen docking station (e2e)"
    assert app.js("return document.querySelector('#fm-status').value") == "draft"

    headings = app.js("return [...document.querySelectorAll('#editor-preview h2')].map(h => h.textContent)")
    assert headings == ["Issue", "Environment", "Resolution", "Cause"], headings

    # Lint as you type: a broken link shows up with its line; clicking it moves the cursor there.
    type_at_end(app, "\nSee [the dock guide](no-such-guide.md).")
    app.wait_until(lambda: "no-such-guide.md)." in editor_text(app), message="typing did not arrive")
    problem = app.wait_for("#editor-problems button.problem[data-code='broken-link']")
    line = int(problem.get_attribute("data-line"))
    assert line == len(editor_text(app).rstrip("\n").split("\n")), line
    app.find("#editor-problems")[0].location_once_scrolled_into_view

    def click_problem() -> bool:
        # The list is re-rendered by every preview: click whatever button is current.
        buttons = app.find("#editor-problems button.problem[data-code='broken-link']")
        if buttons:
            buttons[0].click()
        return app.js("return document.querySelector('#editor .cm-activeLineGutter')?.textContent") == str(line)

    app.wait_until(click_problem, message="clicking the problem did not move the cursor to its line")
    content = app.wait_for("#editor .cm-content")
    content.send_keys(Keys.SHIFT, Keys.END)
    content.send_keys(Keys.BACKSPACE)
    app.wait_until(lambda: not app.find("#editor-problems button.problem[data-code='broken-link']"),
                   message="the broken-link problem did not go away after the fix")

    type_at_end(app, "\nUnplug the dock for quokkafish seconds.")
    app.wait_until(lambda: "quokkafish" in app.js("return document.querySelector('#editor-preview').textContent"),
                   message="the preview never showed the typed text")
    app.screenshot(ARTIFACTS / "editor-new-runbook.png")
    app.wait_for("#editor .cm-content").send_keys(Keys.CONTROL, "s")
    wait_saved(app)
    text = (KB / path).read_text()
    assert text.rstrip().endswith("Unplug the dock for quokkafish seconds."), text[-200:]
    assert "title: Reset a frozen docking station (e2e)" in text

    app.reset()
    hits = app.search("quokkafish")
    assert hits[0]["path"] == path, hits
    assert hits[0]["title"] == "Reset a frozen docking station (e2e)"

    # The reader's Edit button opens the same document in the editor.
    app.open_doc(path)
    app.screenshot(ARTIFACTS / "reader-edit-button.png")
    app.wait_for("#reader #doc-edit").click()
    app.wait_until(lambda: app.js("return document.querySelector('#editor:not([hidden]) .editor-path')?.textContent") == path,
                   message="the reader's Edit button did not open the editor")
    assert "quokkafish" in editor_text(app)
    app.js("location.hash = '#/'")


FORM_DOC = """---
# kept: a comment and keys Fieldguide does not know
title: Printer queue stuck (e2e form)
kind: article
x-legacy-id: KB-4711   # external id
tags:
  - printing
status: published
---
## Issue

Jobs  sit  in the queue.
"""


def test_form_changes_only_the_title_line(app: App) -> None:
    app.reset()
    doc = "articles/e2e/editor-form.md"
    (KB / doc).write_text(FORM_DOC)
    open_editor(app, doc)
    title = app.wait_for("#fm-title")
    assert title.get_attribute("value") == "Printer queue stuck (e2e form)"
    title.send_keys(Keys.CONTROL, "a")
    title.send_keys("Print jobs stuck in the queue (e2e form)")
    app.wait_until(lambda: "title: Print jobs stuck in the queue (e2e form)" in editor_text(app),
                   message="the form change never reached the source")
    app.wait_for("#editor-save").click()
    wait_saved(app)
    assert (KB / doc).read_text() == FORM_DOC.replace(
        "title: Printer queue stuck (e2e form)", "title: Print jobs stuck in the queue (e2e form)"
    )
    app.js("location.hash = '#/'")


def test_file_changed_on_disk_opens_the_conflict_dialog(app: App) -> None:
    app.reset()
    doc = "articles/e2e/editor-conflict.md"
    (KB / doc).write_text("---\ntitle: Conflict drill (e2e)\n---\n## Steps\n\nReboot.\n")
    open_editor(app, doc)
    type_at_end(app, "\nMine: check the TPM first.")
    theirs = (KB / doc).read_text() + "\nTheirs: pulled from git.\n"
    (KB / doc).write_text(theirs)
    app.wait_until(lambda: app.js("return document.querySelector('#editor .editor-state').textContent").startswith("Changed on disk"),
                   message="the watcher never told the editor the file changed")
    app.wait_for("#editor-save").click()
    dialog = app.wait_for("#conflict-dialog")
    assert "Theirs: pulled from git." in app.js("return document.querySelector('#conflict-disk').textContent")
    assert "Mine: check the TPM first." in app.js("return document.querySelector('#conflict-mine').textContent")
    app.screenshot(ARTIFACTS / "editor-conflict.png")
    assert (KB / doc).read_text() == theirs, "nothing may be overwritten before the lead chooses"
    dialog.find_element("css selector", "#conflict-copy").click()
    copies = lambda: sorted((KB / "articles/e2e").glob("editor-conflict.conflict-*.md"))
    app.wait_until(copies, message="no conflict copy written")
    assert "Mine: check the TPM first." in copies()[0].read_text()
    assert (KB / doc).read_text() == theirs
    app.wait_until(lambda: "Theirs: pulled from git." in app.js("return document.querySelector('#editor-preview').textContent"),
                   message="the editor did not load the disk version")
    wait_saved(app)
    app.js("location.hash = '#/'")


def test_retire_and_kb_lint(app: App) -> None:
    app.reset()
    doc = "articles/e2e/editor-retire.md"
    (KB / doc).write_text("---\ntitle: Fax gateway setup (e2e)\nstatus: published\n---\n## Steps\n\nConfigure the retirewombat gateway.\n")
    app.wait_until(lambda: doc in [h["path"] for h in app.search("retirewombat", expect_hits=False)],
                   message="the new file was never indexed")
    open_editor(app, doc)
    app.wait_for("#editor-retire").click()
    app.wait_until(lambda: "status: retired" in (KB / doc).read_text(), message="retire never saved")
    wait_saved(app)
    app.reset()
    assert doc not in [h["path"] for h in app.search("retirewombat", expect_hits=False)]
    assert doc in [h["path"] for h in app.search("retirewombat status:retired")]

    app.wait_for("#header-lint").click()
    app.wait_for("#lint .lint-group")
    groups = app.js("return [...document.querySelectorAll('#lint .lint-group')].map(g => g.dataset.group)")
    assert "duplicates" in groups or "links" in groups, groups
    app.screenshot(ARTIFACTS / "kb-lint.png")
    item = app.wait_for("#lint a.lint-item")
    target = item.get_attribute("data-path")
    item.click()
    app.wait_until(lambda: app.js("return document.querySelector('#editor:not([hidden]) .editor-path')?.textContent") == target,
                   message="a lint item did not open the editor")
    app.js("location.hash = '#/'")


def test_rename_moves_the_file_and_reports_links(app: App) -> None:
    app.reset()
    old = "articles/reset-a-frozen-docking-station-e2e.md"
    new = "articles/endpoint/frozen-dock-reset-e2e.md"
    if not (KB / old).exists():
        (KB / old).write_text("---\ntitle: Frozen dock\n---\nBody\n")
    open_editor(app, old)
    app.wait_for("#editor-rename").click()
    alert = app.wait_until(lambda: app.driver.switch_to.alert, message="no rename prompt")
    alert.send_keys(new)
    alert.accept()
    app.wait_until(lambda: app.js("return document.querySelector('#editor:not([hidden]) .editor-path')?.textContent") == new,
                   message="the editor did not follow the rename")
    assert (KB / new).is_file() and not (KB / old).exists()
    app.reset()
    hits = app.search("frozen docking")
    assert new in [h["path"] for h in hits] and old not in [h["path"] for h in hits], hits
