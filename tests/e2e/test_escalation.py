"""Escalations engineering can act on: walk the VPN flow to the escalate outcome that names the
network team and its evidence checklist, see the missing evidence warned and the save refused,
add it, send, mark the packet returned then accepted, and find the figures on the dashboard.
Expectations are checked against the packet file the app wrote into the KB."""

from __future__ import annotations

import time

from conftest import ARTIFACTS, KB, App
from test_record import FLOW, fill, flow_nodes, path_to, saved_path, ticket_id, walk_to_escalation_and_record

TARGET = "escalate-network"
CHECKLIST = "checklists/endpoint-vpn.md"


def checks(app: App) -> dict[str, str]:
    return app.js(
        "return Object.fromEntries([...document.querySelectorAll('#escalation-checklist .check-item')]"
        ".map(li => [li.dataset.id, li.dataset.state]))"
    )


def click(app: App, css: str) -> None:
    el = app.wait_for(css)
    app.js("arguments[0].scrollIntoView({block: 'center'})", el)
    time.sleep(0.2)
    el.click()


def test_checklist_warns_then_packet_goes_returned_and_accepted(app: App) -> None:
    nodes = flow_nodes(FLOW)
    picks = path_to(nodes, node=TARGET)
    walk_to_escalation_and_record(app, picks)

    # The escalate outcome named the team and the checklist: both pre-filled.
    app.wait_for("#escalation-section")
    app.wait_until(lambda: app.js("return document.querySelector('#esc-checklist').value") == CHECKLIST, message="checklist pre-filled")
    assert app.js("return document.querySelector('#esc-team').value") == "network-operations"
    ticket = ticket_id("9")
    fill(app, "ticket", ticket)
    fill(app, "issue", "GlobalProtect fails for 4 users at the Leeds office")
    fill(app, "resolution", "Escalated to Network Operations with the client logs.")
    app.wait_for("[name=esc-summary]").send_keys("Client shows an authentication error on the EU gateway")

    # Nothing collected yet: the required items are marked missing and warned about.
    app.wait_until(lambda: checks(app).get("logs") == "missing", message="logs marked missing")
    state = checks(app)
    assert state["logs"] == state["timestamp"] == state["error-text"] == state["client-version"] == "missing", state
    assert state["affected-users"] == "optional", state  # optional: not warned about
    assert state["workaround"] == "provided", state  # the flow path is "already tried"
    warning = app.wait_for("#escalation-missing")
    assert "4 required items missing" in warning.text, warning.text
    app.screenshot(ARTIFACTS / "escalation-checklist-missing.png")

    # Saving is refused while they are missing: nothing is written.
    click(app, "#record-save")
    app.wait_until(lambda: "flash" in (app.wait_for("#escalation-missing").get_attribute("class") or ""), message="warning flashed")
    assert not app.find("#record-saved"), "the note must not be saved with evidence missing"

    # Add the evidence: logs with a zoned timestamp and the error line, the client version.
    env = app.wait_for("[name=esc-environment]")
    env.send_keys("GlobalProtect 6.2.1 on Windows 11 23H2")
    logs = app.wait_for("[name=esc-logs]")
    logs.send_keys("2026-12-05T08:14:03Z PanGPS: Gateway gp-eu: Authentication failed (error 0x1f)")
    app.wait_until(lambda: "missing" not in checks(app).values(), message="every required item provided")
    assert app.wait_for("#escalation-missing", visible=False).get_attribute("hidden") is not None
    click(app, "#record-save")
    note = saved_path(app)
    esc = note[: -len(".md")] + ".escalation.md"
    text = (KB / esc).read_text(encoding="utf-8")
    assert "team: network-operations\n" in text and f"checklist: {CHECKLIST}\n" in text, text
    assert "evidence_missing: []\n" in text, text
    assert "## Evidence checklist" in text and "- [x] GlobalProtect logs" in text, text

    # Lifecycle: returned for information (what was asked), then accepted — one click each.
    app.wait_for("#packet-lifecycle")
    assert app.wait_for("#packet-state").text == "sent"
    app.wait_for("#packet-note").send_keys("Which gateway and public IP?")
    click(app, "#packet-returned")
    app.wait_until(lambda: app.wait_for("#packet-state").text == "returned", message="returned")
    click(app, "#packet-accepted")
    app.wait_until(lambda: app.wait_for("#packet-state").text == "accepted", message="accepted")
    text = (KB / esc).read_text(encoding="utf-8")
    assert "state: accepted\n" in text, text
    assert 'note: "Which gateway and public IP?"' in text or "note: Which gateway and public IP?" in text, text
    assert text.count("\n  - {state: ") == 2, text
    app.screenshot(ARTIFACTS / "escalation-lifecycle.png")

    # The dashboard: the packet counts as avoidable (it came back once) for its team.
    app.js("location.hash = '#/dashboard'")
    app.wait_until(lambda: app.find("#escalation-teams tbody tr"), message="escalation table")
    row = app.wait_for("#escalation-teams tr[data-key='network-operations']")
    cells = [c.text for c in row.find_elements("css selector", "td")]
    assert cells[0] == "network-operations" and int(cells[1]) >= 1, cells
    summary = app.wait_for("#escalation-summary").text
    assert "avoidable" in summary and "round trip" in summary, summary
    click(app, "#escalation-teams tr[data-key='network-operations'] td")  # a <tr> is not clickable for WebDriver
    app.wait_until(lambda: app.find(f"#escalation-packets-table tr[data-key='{esc}']"), message="drill-down lists the packet")
    mine = app.wait_for(f"#escalation-packets-table tr[data-key='{esc}']")
    assert "returned" in mine.text and "accepted" in mine.text, mine.text
    app.screenshot(ARTIFACTS / "dashboard-escalations.png")


    # A lead reviews the closure note against the rubric from the reader: automatic verdicts
    # come first, a criterion without one waits for the lead (Save disabled until then), one
    # automatic verdict is overruled, and the score is saved in the note and counted.
    app.open_doc(note)
    app.wait_for("#note-review-open").click()
    app.wait_for("#note-review-criteria")

    def crit() -> dict[str, str]:
        return app.js("return Object.fromEntries([...document.querySelectorAll('#note-review-criteria .check-item')].map(li => [li.dataset.id, li.dataset.state]))")

    state = crit()
    pending = [cid for cid, st in state.items() if st == "pending"]
    passed = [cid for cid, st in state.items() if st == "provided"]
    assert pending and passed, state  # the shipped rubric has a reviewer-only criterion
    assert app.js("return document.querySelector('#note-review-save').disabled") is True
    for cid in pending:
        click(app, f"#note-review-criteria li[data-id='{cid}'] input[value=pass]")
    app.wait_until(lambda: "pending" not in crit().values(), message="every criterion judged")
    before = int(app.wait_for("#note-review-score").text)
    click(app, f"#note-review-criteria li[data-id='{passed[0]}'] input[value=fail]")
    app.wait_until(lambda: crit()[passed[0]] == "missing", message="overruled")
    score = int(app.wait_for("#note-review-score").text)
    assert score < before, (score, before)
    app.screenshot(ARTIFACTS / "note-review.png")
    click(app, "#note-review-save")
    app.wait_until(lambda: f"score: {score}" in app.wait_for("#note-review").text, message="score shown as saved")
    text = (KB / note).read_text(encoding="utf-8")
    assert f"review_score: {score}\n" in text, text
    assert passed[0] in text.split("review_failed:")[1].split("\n")[0], text
    app.js("location.hash = '#/dashboard'")
    app.wait_until(lambda: "(1 reviewed" in app.wait_for("#escalation-summary").text, message="the audit counts the review")
