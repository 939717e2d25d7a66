//! Escalation quality end to end on a copy of the shipped KB: the shipped checklists and rubric
//! lint clean and are referenced from flows; `fieldguide escalate --checklist` refuses to save
//! with required evidence missing and saves once it is there; `fieldguide packet` moves the
//! packet through its lifecycle editing only its front matter; `fieldguide review` stores a
//! score; `fieldguide stats --escalations` reports the known figures, also as CSV.

use fieldguide_core::lint;
use fieldguide_core::record::lifecycle::{Lifecycle, PacketState};

use crate::cli_util::cli;
use crate::util::KbTest;

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const NOTE: &str = "tickets/2026/inc-20690-vpn-spinning-after-macos-update.md";

#[test]
fn shipped_checklists_and_rubric_are_lint_clean_and_referenced() {
    let t = KbTest::from_dir("../../kb-content");
    let problems = lint::lint_kb(&t.kb, lint::today());
    let ours: Vec<_> = problems
        .iter()
        .filter(|p| {
            p.path.starts_with("checklists/")
                || p.path.starts_with("rubrics/")
                || p.code.starts_with("flow-checklist")
                || p.code.starts_with("checklist")
        })
        .collect();
    assert!(ours.is_empty(), "{ours:#?}");
    assert_eq!(t.kb.checklists().len(), 3);
    let flow = t.kb.flow("flows/vpn-cannot-connect.md").unwrap();
    let target = flow
        .node("escalate-network")
        .and_then(|n| n.escalation.clone())
        .unwrap();
    assert_eq!(target.team.as_deref(), Some("network-operations"));
    assert_eq!(
        target.checklist.as_deref(),
        Some("checklists/endpoint-vpn.md")
    );
    assert_eq!(t.kb.rubric(None).unwrap().criteria.len(), 7);

    // A flow naming a checklist that does not exist is an error with the node's line.
    t.write(
        "flows/broken.md",
        "---\ntitle: Broken\nkind: flow\n---\n## Start {#start}\n- [Go](#up)\n\n## Up {#up}\n> outcome: escalate\n> checklist: checklists/nope.md\n",
    );
    t.kb.refresh_paths(&["flows/broken.md".to_string()])
        .unwrap();
    let p: Vec<_> = lint::lint_kb(&t.kb, lint::today())
        .into_iter()
        .filter(|p| p.code == "flow-checklist")
        .collect();
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].path.as_str(), p[0].line), ("flows/broken.md", 8));
}

#[test]
fn cli_escalate_packet_review_and_stats() {
    let t = KbTest::from_dir("../../kb-content");
    let base = [
        "escalate",
        "--ticket",
        "INC-20690",
        "--title",
        "GlobalProtect spins after macOS update",
        "--summary",
        "Client stuck on Connecting for 3 users",
        "--checklist",
        "checklists/endpoint-vpn.md",
        "--note",
        NOTE,
    ];
    // Required evidence missing: the checklist is printed, the save refused, nothing written.
    let out = cli(&t, &base);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("[ ] MISSING GlobalProtect logs"), "{err}");
    assert!(
        err.contains("how: GlobalProtect → Settings → Troubleshooting"),
        "{err}"
    );
    assert!(
        err.contains("4 required item(s) missing: logs, timestamp, error-text, client-version"),
        "{err}"
    );
    let esc = NOTE.replace(".md", ".escalation.md");
    assert!(!t.root().join(&esc).exists());

    // With the evidence: saved, every required item ticked, the checklist in the packet.
    let logs = t.tmp.path().join("gp.log");
    std::fs::write(
        &logs,
        "2026-11-20T08:14:03Z PanGPS: Gateway gp-eu: Authentication failed\n",
    )
    .unwrap();
    let mut args = base.to_vec();
    args.extend([
        "--logs",
        logs.to_str().unwrap(),
        "--environment",
        "GlobalProtect 6.2.1, macOS 15.1",
    ]);
    let stdout = ok(&cli(&t, &args));
    assert!(stdout.contains(&format!("saved {esc}")), "{stdout}");
    let text = std::fs::read_to_string(t.root().join(&esc)).unwrap();
    assert!(text.contains("team: network-operations\n"), "{text}");
    assert!(text.contains("evidence_missing: []\n"), "{text}");
    assert!(text.contains("4 of 4 required items provided"), "{text}");

    // Lifecycle through the CLI: returned (what was asked), accepted, resolved.
    let before = text.clone();
    ok(&cli(
        &t,
        &[
            "packet",
            &esc,
            "returned",
            "--note",
            "gateway and public IP?",
            "--at",
            "2099-01-01T10:00:00Z",
        ],
    ));
    let after = std::fs::read_to_string(t.root().join(&esc)).unwrap();
    // Only front-matter lines were added: the body is byte-for-byte the same.
    let body = |s: &str| s.splitn(3, "---\n").nth(2).unwrap().to_string();
    assert_eq!(body(&after), body(&before));
    assert!(after.contains("state: returned\n"), "{after}");
    // Resolving before accepting is refused with the allowed next states.
    let out = cli(&t, &["packet", &esc, "resolved"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("can go to resent, rerouted, accepted"));
    ok(&cli(
        &t,
        &["packet", &esc, "accepted", "--at", "2099-01-01T12:30:00Z"],
    ));
    let life =
        Lifecycle::read(&esc, &std::fs::read_to_string(t.root().join(&esc)).unwrap()).unwrap();
    assert_eq!(life.state(), PacketState::Accepted);
    assert_eq!(life.round_trips(), 1);
    let shown = ok(&cli(&t, &["packet", &esc]));
    assert!(shown.contains("now accepted; round trips 1"), "{shown}");
    assert!(shown.contains("avoidable: returned"), "{shown}");

    // Review the note: the rubric's reviewer-only criterion must be given.
    let out = cli(&t, &["review", NOTE]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("say pass or fail for: wording"));
    let stdout = ok(&cli(&t, &["review", NOTE, "--pass", "wording"]));
    let score: u32 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("score "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}"));
    let note = std::fs::read_to_string(t.root().join(NOTE)).unwrap();
    assert!(
        note.contains(&format!("\nreview_score: {score}\n")),
        "{note}"
    );

    // Stats over all time: one packet, avoidable (returned), 150 minutes… from `created` (now)
    // to 2099 is long, so only check counts and the CSV row.
    let csv = ok(&cli(
        &t,
        &[
            "stats",
            "--escalations",
            "--from",
            "2000-01-01",
            "--to",
            "2100-01-01",
            "--csv",
            "packets",
        ],
    ));
    let row = csv
        .split("\r\n")
        .find(|l| l.starts_with(&esc))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        row.contains(",network-operations,network,accepted,"),
        "{row}"
    );
    assert!(row.ends_with(",1,0,") || row.contains(",1,0,"), "{row}");
    assert!(row.ends_with(",returned"), "{row}");
    let text = ok(&cli(
        &t,
        &[
            "stats",
            "--escalations",
            "--from",
            "2000-01-01",
            "--to",
            "2100-01-01",
        ],
    ));
    assert!(text.contains("network-operations"), "{text}");
    assert!(text.contains("closure-note audit: 1 reviewed"), "{text}");
}
