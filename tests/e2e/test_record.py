"""Closing the loop through the real window: record a resolution from `#/record` (live
redaction preview, Save, the note found by search at once), record from an article's "Record
resolution" button, an escalation packet saved beside the note, and the reader's feedback
widget. Expectations are checked against the files the app wrote into the KB."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, KB, App

VPN_RUNBOOK = "runbooks/network/vpn-globalprotect-reconnect.md"
AWS_KEY = "AKIAIOSFODNN7EXAMPLE"


def ticket_id(tag: str) -> str:
    # Unique per run (the KB is a throw-away copy, but a module may run twice with -k).
    return f"INC-{tag}{int(time.time() * 1000) % 1_000_000:06d}"


def fill(app: App, name: str, value: str) -> None:
    el = app.wait_for(f"#record-form [name={name}]")
    el.clear()
    el.send_keys(value)


def open_record(app: App, hash_: str = "#/record") -> None:
    app.js("location.hash = arguments[0];", hash_)
    app.wait_for("#record-form")
    app.wait_until(lambda: app.js("return document.activeElement?.name") == "ticket", message="ticket field focused")


def findings(app: App) -> list[dict[str, str]]:
    return app.js(
        "return [...document.querySelectorAll('#record-findings .redaction-finding')].map(f => ({"
        " field: f.dataset.field, label: f.querySelector('.finding-label').textContent,"
        " confidence: f.dataset.confidence, state: f.dataset.state,"
        " keep: !!f.querySelector('input[type=checkbox]'), text: f.textContent}))"
    )


def saved_path(app: App) -> str:
    el = app.wait_for("#record-saved", timeout=15)
    return el.get_attribute("data-path")


def test_record_from_the_blank_form_redacts_and_is_searchable(app: App) -> None:
    open_record(app)
    ticket = ticket_id("7")
    fill(app, "ticket", ticket)
    fill(app, "title", "Wombat printer jams on duplex")
    fill(app, "issue", f"Reported by jane.doe@contoso.com; script had {AWS_KEY} in it")
    fill(app, "resolution", "Replaced the duplex roller.")

    # The live preview lists both findings with their labels; only the email can be kept.
    def two() -> list[dict[str, str]] | None:
        f = findings(app)
        return f if len(f) == 2 else None

    f = {x["label"]: x for x in app.wait_until(two, message="two redaction findings")}
    aws = next(v for k, v in f.items() if "AWS" in k)
    email = next(v for k, v in f.items() if "mail" in k.lower())
    assert aws["confidence"] == "high" and not aws["keep"] and "always redacted" in aws["text"]
    assert AWS_KEY not in aws["text"], "the preview shows credentials masked"
    assert email["confidence"] == "medium" and email["keep"]
    assert aws["field"] == email["field"] == "issue"
    app.screenshot(ARTIFACTS / "record-form.png")

    app.wait_for("#record-save").click()
    path = saved_path(app)
    assert re.match(rf"tickets/\d{{4}}/{ticket.lower()}-wombat-printer-jams-on-duplex\.md$", path), path
    text = (KB / path).read_text(encoding="utf-8")
    assert AWS_KEY not in text and "jane.doe@contoso.com" not in text
    assert "[REDACTED:" in text and f"ticket: {ticket}" in text

    # Searchable at once: the ticket id finds the note.
    app.reset()
    hits = app.search(ticket)
    assert hits[0]["path"] == path, [h["path"] for h in hits]
    assert hits[0]["kind"] == "ticket"


def test_keep_toggle_keeps_a_medium_finding(app: App) -> None:
    open_record(app)
    ticket = ticket_id("8")
    fill(app, "ticket", ticket)
    fill(app, "title", "Mailbox full for a shared account")
    fill(app, "issue", "Shared box ops-desk@contoso.com is over quota")
    fill(app, "resolution", "Archived last year's mail.")
    box = app.wait_for("#record-findings .redaction-finding[data-confidence=medium] input[type=checkbox]")
    box.click()
    app.wait_for("#record-findings .redaction-finding[data-state=kept]")
    app.wait_for("#record-save").click()
    text = (KB / saved_path(app)).read_text(encoding="utf-8")
    assert "ops-desk@contoso.com" in text


def test_record_from_an_article_prefills_it_and_escalates(app: App) -> None:
    app.open_doc(VPN_RUNBOOK)
    app.wait_for("#record-resolution").click()
    app.wait_for("#record-form")
    app.wait_until(
        lambda: app.js("return [...document.querySelectorAll('#record-articles li')].map(l => l.dataset.path)") == [VPN_RUNBOOK],
        message="the runbook is pre-filled as an article used",
    )
    ticket = ticket_id("9")
    fill(app, "ticket", ticket)
    fill(app, "title", "VPN keeps spinning for the EU office")
    fill(app, "issue", "GlobalProtect spins on Connecting for everyone in Lyon")
    fill(app, "resolution", "Escalated to Network Operations.")
    app.js("document.querySelector('#record-articles select').value = 'no';")
    app.wait_for("#record-escalate").click()
    section = app.wait_for("#escalation-section")
    assert section.is_displayed()
    app.wait_until(
        lambda: app.js("return document.querySelector('[name=esc-summary]').value").startswith("GlobalProtect spins"),
        message="escalation summary pre-filled from the issue",
    )
    logs = app.wait_for("[name=esc-logs]")
    logs.send_keys("10:02 Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789\n10:03 gateway timeout")
    app.wait_for("[name=esc-request-ids]").send_keys("req-kangaroo-77")
    app.wait_until(
        lambda: app.find("#escalation-findings .redaction-finding[data-field='evidence.logs']"),
        message="the bearer token in the logs is flagged",
    )
    app.screenshot(ARTIFACTS / "record-escalation.png")
    app.wait_for("#record-save").click()
    note = saved_path(app)
    esc = note[: -len(".md")] + ".escalation.md"
    app.wait_until(lambda: (KB / esc).exists(), message=f"{esc} written beside the note")
    packet = (KB / esc).read_text(encoding="utf-8")
    assert "req-kangaroo-77" in packet and "abcdefghijklmnopqrstuvwxyz0123456789" not in packet
    note_text = (KB / note).read_text(encoding="utf-8")
    assert f"articles_not_helped: [{VPN_RUNBOOK}]" in note_text, note_text

    # The link in the confirmation opens the note in the reader.
    app.driver.find_element(By.CSS_SELECTOR, "#record-saved a.saved-link").click()
    app.wait_doc(path=note)


def test_feedback_and_outdated_flag_in_the_reader(app: App) -> None:
    app.open_doc(VPN_RUNBOOK)
    app.wait_for("#feedback-yes").click()
    app.wait_for("#feedback-comment").send_keys("Step 3 did it")
    app.wait_for("#feedback-send").click()
    app.wait_for("#feedback-thanks")
    app.wait_for("#flag-outdated").click()
    app.wait_for("#flag-comment").send_keys("The tray menu moved in GlobalProtect 6.2")
    app.wait_for("#flag-submit").click()
    app.wait_until(
        lambda: any("GlobalProtect 6.2" in li.text for li in app.find("#doc-flags li")),
        message="the open flag is listed on the document",
    )
    app.screenshot(ARTIFACTS / "reader-feedback.png")
    # Still there after reopening the document (stored in the journal, not in the page).
    app.reset()
    app.open_doc(VPN_RUNBOOK)
    app.wait_until(lambda: any("GlobalProtect 6.2" in li.text for li in app.find("#doc-flags li")), message="flag persisted")
