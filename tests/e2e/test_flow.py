"""Guided flows in the real app: start a flow from a search hit, walk it by clicking and by
keyboard (number keys, Backspace, Alt+←), go back through the breadcrumb, open a linked runbook
beside the flow, and resume a session after restarting the app.

The expected steps are read from the flow file itself (a small parser below), not from the app.
"""

from __future__ import annotations

import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from conftest import ARTIFACTS, KB, front_matter_title

FLOW = "flows/vpn-cannot-connect.md"


def parse_flow(rel: str) -> dict[str, dict]:
    """{node id: {title, choices: [(label, target)], outcome}} from the markdown file."""
    nodes: dict[str, dict] = {}
    cur: dict | None = None
    in_fence = False
    for line in (KB / rel).read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        m = re.match(r"^## (.+?)\s*\{#([\w-]+)\}\s*$", line)
        if m:
            cur = {"title": m.group(1), "choices": [], "outcome": None}
            nodes[m.group(2)] = cur
            continue
        if cur is None:
            continue
        m = re.match(r"^- \[(.+)\]\(#([\w-]+)\)\s*$", line)
        if m:
            cur["choices"].append((m.group(1).replace('\\"', '"'), m.group(2)))
        m = re.match(r"^> outcome: (\w+)", line)
        if m:
            cur["outcome"] = m.group(1)
    return nodes


NODES = parse_flow(FLOW)


def step_title(app) -> str:
    return app.js("const t = document.querySelector('#flow-step-title'); return t && !t.closest('[hidden]') ? t.textContent : '';")


def wait_step(app, node_id: str) -> None:
    want = NODES[node_id]["title"]
    app.wait_until(
        lambda: step_title(app) == want
        and not app.js("return document.querySelector('#flow-player').classList.contains('busy')"),
        message=f"flow never showed step {want!r} (shows {step_title(app)!r})",
    )


def choice_labels(app) -> list[str]:
    return app.js("return [...document.querySelectorAll('.flow-choice[data-index]')].map(b => b.querySelector('.choice-label').textContent);")


def click_choice(app, index: int) -> None:
    app.wait_for(f".flow-choice[data-index='{index}']").click()


def press(app, *keys: str) -> None:
    ActionChains(app.driver).send_keys(*keys).perform()


def crumbs(app) -> list[str]:
    return app.js("return [...document.querySelectorAll('#flow-breadcrumb li')].map(li => li.querySelector('.crumb-title').textContent);")


def session_id(app) -> str:
    return app.js("const m = /^#\\/flow\\/([^?]+)/.exec(location.hash); return m ? decodeURIComponent(m[1]) : '';")


def start_from_search(app) -> None:
    hits = app.search("globalprotect vpn connect")
    assert any(h["path"] == FLOW for h in hits), hits
    app.wait_for(f"#results .result[data-path='{FLOW}'] .start-flow").click()
    app.wait_for("#flow-player")
    wait_step(app, "start")


def test_start_from_search_and_complete_by_clicking(app):
    start_from_search(app)
    assert app.js("return document.querySelector('.search-pane').offsetParent === null"), "search pane hidden in flow mode"
    title = front_matter_title(FLOW)
    assert app.js("return document.querySelector('.flow-title').textContent") == title
    assert choice_labels(app) == [c[0] for c in NODES["start"]["choices"]]
    # The whole tree: one SVG node per step, the outcome nodes coloured by kind.
    assert app.js("return document.querySelectorAll('#flow-tree .node').length") == len(NODES)
    escalations = sum(1 for n in NODES.values() if n["outcome"] == "escalate")
    assert app.js("return document.querySelectorAll('#flow-tree .node.outcome-escalate').length") == escalations
    assert app.js("return document.querySelector('#flow-tree .node.current').dataset.node") == "start"

    path = ["start"]
    for index in (0, 0):  # online → certificate error
        click_choice(app, index)
        path.append(NODES[path[-1]]["choices"][index][1])
        wait_step(app, path[-1])
    assert path[-1] == "renew-cert"

    # The step's runbook link opens in the reader beside the flow; the flow stays.
    app.wait_for(".flow-step-body a[data-doc]").click()
    runbook = "runbooks/network/renew-machine-certificate.md"
    app.wait_doc(title=front_matter_title(runbook))
    assert app.find("#flow-player")[0].is_displayed()
    assert step_title(app) == NODES["renew-cert"]["title"]

    click_choice(app, 0)
    path.append(NODES["renew-cert"]["choices"][0][1])
    wait_step(app, path[-1])
    outcome = app.wait_for("#flow-outcome")
    assert outcome.get_attribute("data-outcome") == NODES[path[-1]]["outcome"] == "resolved"
    assert app.find(".flow-choice") == []
    transcript = app.js("return [...document.querySelectorAll('.flow-transcript li')].map(li => li.textContent);")
    assert len(transcript) == len(path)
    for line, node in zip(transcript, path):
        assert line.startswith(NODES[node]["title"] + " → "), (line, node)
    assert transcript[-1].endswith("→ Resolved")
    visited = app.js("return [...document.querySelectorAll('#flow-tree .node.visited')].map(n => n.dataset.node);")
    assert sorted(visited) == sorted(path)
    record = app.js("return document.querySelector('#flow-outcome a.record-resolution').getAttribute('href');")
    assert record == f"#/record?session={session_id(app)}"
    app.screenshot(ARTIFACTS / "flow-resolved.png")

    # Start over: back to the first step, same session.
    sid = session_id(app)
    app.wait_for("#flow-outcome .start-over").click()
    wait_step(app, "start")
    assert session_id(app) == sid
    assert crumbs(app) == [NODES["start"]["title"]]


def test_keyboard_back_and_breadcrumb(app):
    start_from_search(app)
    press(app, "1")
    wait_step(app, "client-status")
    auth = next(i for i, c in enumerate(NODES["client-status"]["choices"]) if c[1] == "auth-failed")
    press(app, str(auth + 1))
    wait_step(app, "auth-failed")
    assert crumbs(app) == [NODES[n]["title"] for n in ("start", "client-status", "auth-failed")]
    answers = app.js("return [...document.querySelectorAll('#flow-breadcrumb .crumb-answer')].map(a => a.textContent);")
    assert answers == [NODES["start"]["choices"][0][0], NODES["client-status"]["choices"][auth][0]]

    press(app, Keys.BACKSPACE)
    wait_step(app, "client-status")
    ActionChains(app.driver).key_down(Keys.ALT).send_keys(Keys.ARROW_LEFT).key_up(Keys.ALT).perform()
    wait_step(app, "start")
    assert app.js("return document.querySelector('#flow-back').disabled")
    # A key with no such answer does nothing.
    press(app, "9")
    assert step_title(app) == NODES["start"]["title"]

    press(app, "2")  # no network
    wait_step(app, "no-network")
    press(app, "2")  # not even a hotspot
    wait_step(app, "escalate-endpoint")
    assert app.wait_for("#flow-outcome").get_attribute("data-outcome") == "escalate"
    app.screenshot(ARTIFACTS / "flow-escalate.png")

    # Clicking the first crumb goes back there (repeated back).
    app.wait_for("#flow-breadcrumb li[data-index='0'] button.crumb").click()
    wait_step(app, "start")
    assert crumbs(app) == [NODES["start"]["title"]]
    # Back button after one answer.
    click_choice(app, 0)
    wait_step(app, "client-status")
    app.wait_for("#flow-back").click()
    wait_step(app, "start")
    app.wait_for("#flow-restart").click()
    wait_step(app, "start")
    # Esc leaves the player for the search box; the session is listed to resume.
    sid = session_id(app)
    press(app, Keys.ESCAPE)
    app.wait_until(lambda: app.active_id() == "search-input", message="Esc did not focus the search box")
    assert not app.find("#flow-player")[0].is_displayed()
    press(app, Keys.ESCAPE)  # clears the query: the empty state lists the session to resume
    app.wait_for(f"#flow-resume .resume-item[data-session='{sid}']")


def test_resume_after_restarting_the_app(app):
    start_from_search(app)
    sid = session_id(app)
    click_choice(app, 0)
    wait_step(app, "client-status")
    app.screenshot(ARTIFACTS / "flow-step.png")

    app.restart_app()
    item = app.wait_for(f"#flow-resume .resume-item[data-session='{sid}']")
    label = item.get_attribute("textContent")
    assert label.endswith(f"Resume: {front_matter_title(FLOW)}, step 2"), label
    app.screenshot(ARTIFACTS / "flow-resume.png")
    item.click()
    wait_step(app, "client-status")
    assert session_id(app) == sid
    assert crumbs(app) == [NODES["start"]["title"], NODES["client-status"]["title"]]
    # It goes on where it was.
    click_choice(app, 0)
    wait_step(app, "renew-cert")

    # Abandoning it takes it off the resume list.
    app.wait_for("#flow-abandon").click()
    app.wait_until(lambda: app.js("return location.hash") in ("#/", ""), message="abandon did not go back to search")
    app.wait_until(
        lambda: not app.find(f"#flow-resume .resume-item[data-session='{sid}']"),
        message="an abandoned session is still offered for resuming",
    )
