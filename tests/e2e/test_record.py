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

BEARER = "9f3Kq2LmZx7Rt4Vb8Nc1Wd6Yh0Pj5Ga2Te"
VPN_RUNBOOK = "runbooks/network/vpn-globalprotect-reconnect.md"
# Not the AWS documentation key (ending in EXAMPLE): gitleaks, and so redaction, allows it.
AWS_KEY = "AKIAZ3MSJV4WQ6PCGTRB"


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
    # Not the alphabet: gitleaks' global allow-list (which redaction follows) lets a value
    # containing "abcdefghijklmnopqrstuvwxyz" through as an obvious example.
    logs.send_keys(f"10:02 Authorization: Bearer {BEARER}\n10:03 gateway timeout")
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
    assert "req-kangaroo-77" in packet and BEARER not in packet
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


# ---------------------------------------------------------------- from a finished flow

FLOW = "flows/vpn-cannot-connect.md"


def flow_nodes(rel: str) -> dict[str, dict]:
    """{node id: {title, choices: [target], outcome}} read from the flow file itself."""
    nodes: dict[str, dict] = {}
    cur: dict | None = None
    fence = False
    for line in (KB / rel).read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fence = not fence
        if fence:
            continue
        m = re.match(r"^## (.+?)\s*\{#([\w-]+)\}\s*$", line)
        if m:
            cur = nodes[m.group(2)] = {"title": m.group(1), "choices": [], "outcome": None}
        elif cur is not None and (m := re.match(r"^- \[.+\]\(#([\w-]+)\)\s*$", line)):
            cur["choices"].append(m.group(1))
        elif cur is not None and (m := re.match(r"^> outcome: (\w+)", line)):
            cur["outcome"] = m.group(1)
    return nodes


def path_to(nodes: dict[str, dict], outcome: str | None = None, node: str | None = None) -> list[int]:
    """Choice indexes from `start` to the nearest node ending in `outcome`, or to the node with
    id `node` (breadth first)."""
    queue: list[tuple[str, list[int]]] = [("start", [])]
    seen = {"start"}
    while queue:
        here, picks = queue.pop(0)
        if here == node or (outcome is not None and nodes[here]["outcome"] == outcome):
            return picks
        for i, target in enumerate(nodes[here]["choices"]):
            if target not in seen:
                seen.add(target)
                queue.append((target, picks + [i]))
    raise AssertionError(f"no path to {'#' + node if node else f'a {outcome} outcome'} in {FLOW}")


def walk_to_escalation_and_record(app: App, picks: list[int]) -> None:
    """Finds the VPN flow by search, starts it, answers `picks` (choice indexes) to reach an
    escalate outcome, and opens the record form from the outcome's summary."""
    hits = app.search("globalprotect vpn connect")
    assert any(h["path"] == FLOW for h in hits), hits
    app.wait_for(f"#results .result[data-path='{FLOW}'] .start-flow").click()
    app.wait_for("#flow-player")
    for i in picks:
        before = app.js("return document.querySelector('#flow-step-title')?.textContent")
        app.wait_for(f".flow-choice[data-index='{i}']").click()
        app.wait_until(
            lambda: app.js("return document.querySelector('#flow-step-title')?.textContent") != before
            and not app.js("return document.querySelector('#flow-player').classList.contains('busy')"),
            message="the flow moved on",
        )
    app.wait_for("#flow-outcome[data-outcome=escalate]")
    app.wait_for("#flow-outcome a.record-resolution").click()


def test_finish_a_flow_then_record_from_its_summary(app: App) -> None:
    nodes = flow_nodes(FLOW)
    picks = path_to(nodes, "escalate")
    walk_to_escalation_and_record(app, picks)

    # The form is pre-filled from the session: title, flow, steps (one per node walked),
    # outcome escalated (so the escalation section is open, "already tried" = the flow path).
    app.wait_for("#record-form")
    app.wait_until(lambda: app.js("return document.querySelectorAll('#record-steps textarea').length") == len(picks) + 1, message="steps pre-filled")
    steps = app.js("return [...document.querySelectorAll('#record-steps textarea')].map(t => t.value)")
    assert steps[0].startswith(nodes["start"]["title"] + " → "), steps
    assert steps[-1].endswith("→ Escalated"), steps
    assert app.js("return document.querySelector('#record-form [name=title]').value") == front_matter_title_of(FLOW)
    assert app.js("return document.querySelector('#record-form [name=outcome]').value") == "escalated"
    assert app.wait_for("#escalation-section").is_displayed()
    app.wait_until(lambda: app.js("return document.querySelector('[name=esc-tried]').value").count("\n") == len(picks), message="already tried = flow path")
    assert app.js("return document.querySelector('[name=minutes]').value") != ""

    ticket = ticket_id("6")
    fill(app, "ticket", ticket)
    fill(app, "issue", "GlobalProtect spins for a remote user on hotel wifi")
    fill(app, "resolution", "Escalated to Network Operations with the client logs.")
    app.wait_for("[name=esc-summary]").send_keys("Client never gets past Connecting")
    # The outcome names an evidence checklist and none of its required items is in the packet:
    # the first Save is refused with a warning; "Send anyway" sends it as it is.
    app.wait_for("#record-save").click()
    warning = app.wait_for("#escalation-missing")
    assert "required items missing" in warning.text, warning.text
    assert not app.find("#record-saved")
    app.wait_for("#esc-send-incomplete").click()
    app.wait_for("#record-save").click()
    note = saved_path(app)
    text = (KB / note).read_text(encoding="utf-8")
    assert f"flow: {FLOW}" in text and "outcome: escalated" in text, text
    esc = note[: -len(".md")] + ".escalation.md"
    assert (KB / esc).exists()

    # Both are searchable at once by the ticket id (they are the only documents carrying it).
    app.reset()
    hits = app.search(ticket)
    assert sorted(h["path"] for h in hits[:2]) == sorted([note, esc]), [h["path"] for h in hits]


def front_matter_title_of(rel: str) -> str:
    from conftest import front_matter_title

    return front_matter_title(rel)
