//! Guided flows end to end on the shipped `kb-content/flows/*.md`: sessions through `Kb`
//! (start, choose, back, restart, abandon), persistence across reopening the KB, a flow edited
//! under a saved session, the shipped flows' quality, and `fieldguide flow` driven by stdin.
use std::path::Path;

use fieldguide_core::flow::{FlowOutcome, SessionStatus};
use fieldguide_core::{DocKind, Kb};

use crate::util::{copy_dir, repo, KbTest};

const VPN: &str = "flows/vpn-cannot-connect.md";

/// A private copy of the shipped KB (so edits and the journal stay in the temp dir).
fn shipped() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("kb-content"), &tmp.path().join("kb"));
    tmp
}

fn titles(kb: &Kb, id: &str) -> Vec<String> {
    kb.flow_state(id)
        .unwrap()
        .breadcrumb
        .iter()
        .map(|c| c.title.clone())
        .collect()
}

#[test]
fn start_choose_to_an_outcome_back_and_restart() {
    let tmp = shipped();
    let kb = KbTest::open_at(tmp.path());
    let s = kb.flow_start(VPN).unwrap();
    assert_eq!(
        s.flow_title,
        "Laptop cannot connect to the VPN (GlobalProtect)"
    );
    assert_eq!(s.node.id, "start");
    assert_eq!(s.node.title, "Is the laptop online?");
    assert_eq!(s.status, SessionStatus::Active);
    assert!(!s.can_go_back);
    assert_eq!(
        s.node
            .choices
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        ["Yes, public pages load", "No, nothing loads"]
    );
    assert!(
        s.node.html.contains("<code>https://example.com</code>"),
        "{}",
        s.node.html
    );
    assert!(s.intro_html.contains("the VPN doesn"), "{}", s.intro_html);
    // The graph is the whole flow, start first.
    assert_eq!(s.graph.nodes[0].id, "start");
    assert_eq!(s.graph.nodes.len(), 13);

    let s = kb.flow_choose(&s.session_id, 0).unwrap();
    assert_eq!(s.node.id, "client-status");
    let s = kb.flow_choose(&s.session_id, 0).unwrap();
    assert_eq!(s.node.id, "renew-cert");
    // The step's wikilink is a data-doc link, and listed as a linked document.
    assert!(
        s.node
            .html
            .contains("data-doc=\"runbooks/network/renew-machine-certificate.md\""),
        "{}",
        s.node.html
    );
    assert_eq!(
        s.linked_docs[0].path,
        "runbooks/network/renew-machine-certificate.md"
    );
    assert!(!s.linked_docs[0].title.is_empty());
    let s = kb.flow_choose(&s.session_id, 0).unwrap();
    assert_eq!(s.node.id, "done");
    assert_eq!(s.status, SessionStatus::Resolved);
    assert_eq!(s.outcome, Some(FlowOutcome::Resolved));
    assert!(s.node.choices.is_empty());
    assert_eq!(s.visited, ["start", "client-status", "renew-cert", "done"]);
    assert_eq!(
        s.transcript[1],
        "What does the GlobalProtect client show? → Certificate error: \"Required client certificate is not found\""
    );
    assert_eq!(s.transcript[3], "VPN connected and working → Resolved");
    assert!(s
        .transcript_markdown
        .contains("Flow [[flows/vpn-cannot-connect]]: resolved"));
    let crumbs: Vec<_> = s.breadcrumb.iter().map(|c| c.answer.clone()).collect();
    assert_eq!(crumbs[0].as_deref(), Some("Yes, public pages load"));
    assert_eq!(crumbs[3], None);
    // Choosing again at an outcome is refused, with a reason.
    let err = kb.flow_choose(&s.session_id, 0).unwrap_err();
    assert_eq!(err.code(), "session_closed");
    assert!(kb.flow_sessions_active().unwrap().is_empty(), "ended");

    // Back from the outcome reopens the session one step earlier.
    let s = kb.flow_back(&s.session_id).unwrap();
    assert_eq!(s.status, SessionStatus::Active);
    assert_eq!(s.node.id, "renew-cert");
    let s = kb.flow_choose(&s.session_id, 1).unwrap();
    assert_eq!(s.status, SessionStatus::Escalated);
    assert_eq!(s.node.id, "escalate-pki");

    let s = kb.flow_restart(&s.session_id).unwrap();
    assert_eq!(s.node.id, "start");
    assert_eq!(s.breadcrumb.len(), 1);
    assert_eq!(s.status, SessionStatus::Active);
    // Back at the start changes nothing.
    let s = kb.flow_back(&s.session_id).unwrap();
    assert_eq!(s.node.id, "start");

    // Out-of-range answers are refused without changing the session.
    let err = kb.flow_choose(&s.session_id, 7).unwrap_err();
    assert!(err.to_string().contains("no choice number 8"), "{err}");
    assert_eq!(kb.flow_state(&s.session_id).unwrap().node.id, "start");

    // Every arrival was journaled as a step.
    let steps = kb.journal().flow_steps(&s.session_id).unwrap();
    let nodes: Vec<_> = steps.iter().map(|s| s.record.node_id.as_str()).collect();
    assert_eq!(
        nodes,
        [
            "start",
            "client-status",
            "renew-cert",
            "done",
            "escalate-pki",
            "start"
        ]
    );

    kb.flow_abandon(&s.session_id).unwrap();
    assert_eq!(
        kb.flow_state(&s.session_id).unwrap().status,
        SessionStatus::Abandoned
    );
    assert!(kb.flow_choose(&s.session_id, 0).is_err());
}

#[test]
fn flow_steps_show_kb_images_where_the_host_serves_them() {
    let tmp = tempfile::tempdir().unwrap();
    let kb_dir = tmp.path().join("kb");
    std::fs::create_dir_all(kb_dir.join("flows/media")).unwrap();
    std::fs::create_dir_all(kb_dir.join("runbooks")).unwrap();
    std::fs::write(kb_dir.join("flows/media/tray icon.png"), b"\x89PNG fake").unwrap();
    std::fs::write(
        kb_dir.join("flows/tray.md"),
        "---\ntitle: Tray icon check\nkind: flow\n---\nLook at the tray.\n\n\
         ## Is the icon grey? {#start}\n![The grey tray icon](media/tray%20icon.png)\n\n\
         See [[runbooks/tray]].\n- [Yes](#done)\n\n## Done {#done}\nFixed.\n",
    )
    .unwrap();
    std::fs::write(
        kb_dir.join("runbooks/tray.md"),
        "# Tray\n\n![Icon](../flows/media/tray%20icon.png)\n",
    )
    .unwrap();
    let kb = KbTest::open_at(tmp.path());
    // The command line: no host serves images, a step shows the alt text.
    let plain = kb.flow_start("flows/tray.md").unwrap();
    assert!(!plain.node.html.contains("<img"), "{}", plain.node.html);
    assert!(
        plain.node.html.contains("The grey tray icon"),
        "{}",
        plain.node.html
    );
    // The desktop app: the step loads the image from the KB, as the reader would.
    kb.set_image_url_base(fieldguide_core::assets::URL_BASE_NATIVE);
    let s = kb.flow_start("flows/tray.md").unwrap();
    assert!(
        s.node
            .html
            .contains("src=\"fgasset://localhost/flows/media/tray%20icon.png\""),
        "{}",
        s.node.html
    );
    // So does a document opened from the step.
    let doc = kb.flow_open_doc(&s.session_id, "runbooks/tray.md").unwrap();
    assert!(
        doc.html
            .contains("src=\"fgasset://localhost/flows/media/tray%20icon.png\""),
        "{}",
        doc.html
    );
}

#[test]
fn non_flows_and_unknown_sessions_are_refused() {
    let tmp = shipped();
    let kb = KbTest::open_at(tmp.path());
    let err = kb
        .flow_start("runbooks/network/renew-machine-certificate.md")
        .unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert!(err.to_string().contains("is not a flow"), "{err}");
    assert_eq!(
        kb.flow_start("flows/nope.md").unwrap_err().code(),
        "not_found"
    );
    assert_eq!(kb.flow_state("fs-missing").unwrap_err().code(), "not_found");
}

#[test]
fn a_session_survives_reopening_the_kb() {
    let tmp = shipped();
    let id = {
        let kb = KbTest::open_at(tmp.path());
        let s = kb.flow_start(VPN).unwrap();
        kb.flow_choose(&s.session_id, 0).unwrap();
        kb.flow_choose(&s.session_id, 1).unwrap();
        // A second session, still at its first step.
        kb.flow_start("flows/slow-laptop.md").unwrap();
        s.session_id
    };
    let kb = KbTest::open_at(tmp.path());
    let s = kb.flow_state(&id).unwrap();
    assert_eq!(s.node.id, "reset-client");
    assert_eq!(s.breadcrumb.len(), 3);
    assert_eq!(
        titles(&kb, &id),
        [
            "Is the laptop online?",
            "What does the GlobalProtect client show?",
            "Reset the client"
        ]
    );
    let active = kb.flow_sessions_active().unwrap();
    assert_eq!(active.len(), 2, "{active:?}");
    let vpn = active.iter().find(|a| a.session_id == id).unwrap();
    assert_eq!(vpn.step, 3);
    assert_eq!(vpn.step_title, "Reset the client");
    assert_eq!(vpn.flow_path, VPN);
    assert!(vpn.fits);
    // It goes on where it was.
    let s = kb.flow_choose(&id, 0).unwrap();
    assert_eq!(s.status, SessionStatus::Resolved);
    assert_eq!(kb.flow_sessions_active().unwrap().len(), 1);
}

#[test]
fn a_flow_edited_under_a_session_asks_for_a_restart() {
    let tmp = shipped();
    let kb = KbTest::open_at(tmp.path());
    let s = kb.flow_start(VPN).unwrap();
    let id = s.session_id;
    kb.flow_choose(&id, 0).unwrap();

    // Renaming the step the session is at breaks it; a title edit alone would not.
    let file = tmp.path().join("kb").join(VPN);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("{#client-status}", "{#client}")
            .replace("(#client-status)", "(#client)"),
    )
    .unwrap();
    kb.refresh_paths(&[VPN.to_string()]).unwrap();

    let err = kb.flow_state(&id).unwrap_err();
    assert_eq!(err.code(), "flow_changed");
    let msg = err.to_string();
    assert!(msg.starts_with("flows/vpn-cannot-connect.md:"), "{msg}");
    assert!(
        msg.contains("node `client-status` was removed or renamed"),
        "{msg}"
    );
    assert!(msg.contains("Restart the flow"), "{msg}");
    assert_eq!(kb.flow_choose(&id, 0).unwrap_err().code(), "flow_changed");
    let active = kb.flow_sessions_active().unwrap();
    assert!(!active[0].fits);

    let s = kb.flow_restart(&id).unwrap();
    assert_eq!(s.node.id, "start");
    let s = kb.flow_choose(&id, 0).unwrap();
    assert_eq!(s.node.id, "client");
    assert!(kb.flow_sessions_active().unwrap()[0].fits);
}

#[test]
fn shipped_flows_lint_clean_and_end_both_ways() {
    let t = KbTest::in_place(&repo().join("kb-content"));
    let flows: Vec<_> =
        t.kb.docs()
            .into_iter()
            .filter(|d| d.kind == DocKind::Flow)
            .collect();
    assert!(flows.len() >= 6, "{} flows", flows.len());
    let today = fieldguide_core::lint::today();
    for doc in &flows {
        let problems = fieldguide_core::lint::lint_doc(&t.kb, doc, today);
        assert!(problems.is_empty(), "{}: {problems:#?}", doc.path);
        let graph = t.kb.flow(&doc.path).unwrap().graph();
        let count = |o| {
            graph
                .nodes
                .iter()
                .filter(|n| n.reachable && n.outcome == Some(o))
                .count()
        };
        assert!(count(FlowOutcome::Resolved) >= 2, "{}", doc.path);
        assert!(count(FlowOutcome::Escalate) >= 1, "{}", doc.path);
    }
}

fn fieldguide(kb: &Path, data: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = crate::cli_util::fieldguide_stdin(kb, data, args, stdin);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_flow_run_driven_by_stdin() {
    let tmp = shipped();
    let (kb, data) = (tmp.path().join("kb"), tmp.path().join("data"));

    // online → client spins → (typo) → back → certificate → back → spins → connects.
    let (code, out, err) = fieldguide(
        &kb,
        &data,
        &["flow", "run", "vpn-cannot-connect"],
        "1\n2\nx\nb\n1\nb\n2\n1\n",
    );
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.starts_with("Laptop cannot connect to the VPN (GlobalProtect)\n"),
        "{out}"
    );
    assert!(out.contains("Step 1: Is the laptop online?\n"), "{out}");
    assert!(
        out.contains("  1) Yes, public pages load\n  2) No, nothing loads\n"),
        "{out}"
    );
    assert!(
        out.contains("type a number from 1 to 3, b, r or q"),
        "{out}"
    );
    assert!(
        out.contains("Step 3: Renew the machine certificate"),
        "{out}"
    );
    assert!(out.contains("see: "), "linked runbook listed: {out}");
    assert!(out.contains("=> Resolved"), "{out}");
    let transcript = out.split("Transcript\n").nth(1).unwrap();
    assert_eq!(
        transcript,
        "1. Is the laptop online? → Yes, public pages load\n\
         2. What does the GlobalProtect client show? → Keeps spinning on \"Connecting…\"\n\
         3. Reset the client → VPN connects now\n\
         4. VPN connected and working → Resolved\n\
         \nFlow [[flows/vpn-cannot-connect]]: resolved after 0 min.\n"
    );

    // q abandons (exit 1); so does the end of the input.
    let (code, out, _) = fieldguide(&kb, &data, &["flow", "run", VPN], "2\nq\n");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("Get the laptop online first → Abandoned"),
        "{out}"
    );
    let (code, out, _) = fieldguide(&kb, &data, &["flow", "run", "flows/slow-laptop"], "");
    assert_eq!(code, 1, "{out}");

    // Everything went to the journal: nothing is left to resume.
    let kbo = KbTest::open_at(tmp.path());
    assert!(kbo.flow_sessions_active().unwrap().is_empty());
    drop(kbo);

    let (code, out, err) = fieldguide(&kb, &data, &["flow", "run", "nope"], "");
    assert_eq!(code, 2);
    assert!(err.contains("no flow \"nope\""), "{out}{err}");
}

#[test]
fn cli_flow_lint_and_show() {
    let tmp = shipped();
    let (kb, data) = (tmp.path().join("kb"), tmp.path().join("data"));
    let (code, out, _) = fieldguide(&kb, &data, &["flow", "lint"], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("6 flow(s) checked: 0 errors"), "{out}");

    let (code, out, _) = fieldguide(
        &kb,
        &data,
        &["flow", "show", "slow-laptop", "--mermaid"],
        "",
    );
    assert_eq!(code, 0);
    assert!(out.starts_with("flowchart TD\n"), "{out}");
    assert!(
        out.contains("Laptop is slow") || out.contains("When was the last restart?"),
        "{out}"
    );

    let broken = repo().join("tests/fixtures/flows/broken");
    let (code, out, _) = fieldguide(
        &broken,
        &data.join("b"),
        &["flow", "lint", "flow-dangling-target"],
        "",
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("flow-dangling-target.md:9: error[flow-dangling-target]"),
        "{out}"
    );
}
