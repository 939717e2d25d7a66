//! Closing the loop: ticket notes and escalation packets recorded through `Kb` (written under
//! `tickets/YYYY/`, redacted, searchable at once, journalled), drafts pre-filled from a flow
//! session, reader feedback and outdated flags, read-only refusal, crash leftovers, and the
//! `fieldguide record` / `escalate` commands.

use fieldguide_core::flow::{Flow, FlowSession};
use fieldguide_core::journal::{DocOpened, FlowSessionRecord, Outcome as JOutcome, SessionStatus};
use fieldguide_core::record::{ArticleUse, EscalationSeverity, Outcome, RecordDraft};
use fieldguide_core::{DocKind, Error, Kb, SearchRequest, TicketNote};
use time::macros::datetime;
use time::OffsetDateTime;

use crate::cli_util::cli;
use crate::util::KbTest;

// Not the AWS documentation key (ending in EXAMPLE): gitleaks, and so redaction, allows it.
const AWS_KEY: &str = "AKIAZ3MSJV4WQ6PCGTRB";
const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
const PASSWORD: &str = "Hunt3r2!x";
const EMAIL: &str = "jane.doe@contoso.com";

fn draft(ticket: &str) -> RecordDraft {
    RecordDraft {
        ticket: ticket.into(),
        title: "GlobalProtect shows certificate expired".into(),
        category: "network".into(),
        product: "GlobalProtect".into(),
        opened: "2026-03-02T09:14:00+01:00".into(),
        resolved: "2026-03-02T10:02:00+01:00".into(),
        issue: format!("User {EMAIL} cannot connect; the client says quokkaphrase."),
        environment: "Windows 11 23H2".into(),
        steps: vec![
            format!("Found {AWS_KEY} pasted in the chat"),
            format!("Token in the log: {JWT}"),
        ],
        cause: format!("Expired machine certificate; user typed password={PASSWORD} in chat"),
        resolution: "Renewed the machine certificate and reconnected.".into(),
        articles: vec![
            ArticleUse {
                path: "articles/vpn-certificate.md".into(),
                helped: Some(true),
            },
            ArticleUse {
                path: "runbooks/vpn-reconnect.md".into(),
                helped: Some(false),
            },
        ],
        ..RecordDraft::default()
    }
}

fn all_resolutions(kb: &Kb) -> Vec<fieldguide_core::journal::ResolutionRecord> {
    kb.journal()
        .resolutions_between(
            OffsetDateTime::UNIX_EPOCH,
            datetime!(2100-01-01 0:00 UTC),
            true,
        )
        .unwrap()
}

#[test]
fn record_writes_a_note_that_is_searchable_and_journalled() {
    let t = KbTest::from_dir("records/basic");
    let saved = t.kb.record_save(&draft("INC-77001"), &[], None).unwrap();
    assert!(
        saved.path.starts_with("tickets/2026/inc-77001-"),
        "{}",
        saved.path
    );
    let text = std::fs::read_to_string(t.root().join(&saved.path)).unwrap();
    let note = TicketNote::from_markdown(&saved.path, &text).unwrap();
    assert_eq!(note.ticket, "INC-77001");
    assert_eq!(note.time_to_resolve_min, 48);
    let doc = t.kb.doc(&saved.path).expect("loaded at once");
    assert_eq!(doc.kind, DocKind::Ticket);

    // Searchable immediately, by a word of the issue and by the ticket id.
    let hits = t.kb.search(&SearchRequest::new("quokkaphrase")).unwrap();
    assert_eq!(
        hits.hits.first().map(|h| h.path.as_str()),
        Some(saved.path.as_str())
    );
    let hits = t.kb.search(&SearchRequest::new("INC-77001")).unwrap();
    assert!(hits.hits.iter().any(|h| h.path == saved.path), "{hits:?}");

    let rs = all_resolutions(&t.kb);
    assert_eq!(rs.len(), 1);
    let r = &rs[0].record;
    assert_eq!(r.ticket_id, "INC-77001");
    assert_eq!(r.category.as_deref(), Some("network"));
    assert_eq!(r.product.as_deref(), Some("GlobalProtect"));
    assert_eq!(r.outcome, JOutcome::Resolved);
    assert_eq!(r.sessions_count, 1);
    assert_eq!(r.time_to_resolve_min, 48);
    assert_eq!(r.opened_at, datetime!(2026-03-02 08:14 UTC));
    assert_eq!(r.note_path.as_deref(), Some(saved.path.as_str()));
    let helped: Vec<(&str, Option<bool>)> = r
        .articles
        .iter()
        .map(|a| (a.path.as_str(), a.helped))
        .collect();
    assert_eq!(
        helped,
        [
            ("articles/vpn-certificate.md", Some(true)),
            ("runbooks/vpn-reconnect.md", Some(false))
        ]
    );
    assert_eq!(saved.resolution_id, Some(rs[0].id));
    let changes =
        t.kb.journal()
            .kb_changes_between(
                OffsetDateTime::UNIX_EPOCH,
                datetime!(2100-01-01 0:00 UTC),
                false,
            )
            .unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c.record.path == saved.path && c.record.doc_kind.as_deref() == Some("ticket")),
        "{changes:?}"
    );
}

#[test]
fn a_second_note_for_the_same_ticket_is_a_reopen_and_never_overwrites() {
    let t = KbTest::from_dir("records/basic");
    let first = t.kb.record_save(&draft("INC-77002"), &[], None).unwrap();
    let before = std::fs::read(t.root().join(&first.path)).unwrap();
    let mut again = draft("INC-77002");
    again.resolution = "Came back: reinstalled the client.".into();
    let second = t.kb.record_save(&again, &[], None).unwrap();
    assert_ne!(first.path, second.path);
    assert!(second.path.ends_with("-2.md"), "{}", second.path);
    assert_eq!(std::fs::read(t.root().join(&first.path)).unwrap(), before);
    assert_eq!((first.sessions_count, second.sessions_count), (1, 2));
    let counts: Vec<u32> = all_resolutions(&t.kb)
        .iter()
        .map(|r| r.record.sessions_count)
        .collect();
    assert_eq!(counts, [1, 2]);

    // The draft can say the ticket took more contacts than the notes show.
    let mut third = draft("INC-77002");
    third.extra.insert("sessions".into(), serde_json::json!(5));
    assert_eq!(
        t.kb.record_save(&third, &[], None).unwrap().sessions_count,
        5
    );
    let mut fresh = draft("INC-77099");
    fresh.extra.insert("sessions".into(), serde_json::json!(2));
    assert_eq!(
        t.kb.record_save(&fresh, &[], None).unwrap().sessions_count,
        2
    );
}

#[test]
fn secrets_never_reach_the_file_even_when_kept_but_a_kept_email_does() {
    let t = KbTest::from_dir("records/basic");
    let keep: Vec<String> = [AWS_KEY, JWT, PASSWORD, EMAIL]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let d = draft("INC-77003");
    let preview = t.kb.record_preview(&d, &keep).unwrap();
    let field_of = |value: &str| {
        preview
            .findings
            .iter()
            .find(|f| f.finding.value.contains(value) || value.contains(&f.finding.value))
            .map(|f| (f.field.clone(), f.kept))
    };
    assert_eq!(field_of(AWS_KEY), Some(("steps[0]".into(), false)));
    assert_eq!(field_of(JWT), Some(("steps[1]".into(), false)));
    assert_eq!(field_of(EMAIL), Some(("issue".into(), true)));

    let saved = t.kb.record_save(&d, &keep, None).unwrap();
    let text = std::fs::read_to_string(t.root().join(&saved.path)).unwrap();
    for secret in [AWS_KEY, JWT, PASSWORD, "eyJhbGci"] {
        assert!(!text.contains(secret), "{secret} leaked:\n{text}");
    }
    assert!(text.contains("[REDACTED:"), "{text}");
    assert!(text.contains(EMAIL), "kept email missing:\n{text}");
    assert_eq!(saved.redacted, 3, "{:?}", preview.findings);

    // Without `keep`, the email goes too.
    let saved = t.kb.record_save(&draft("INC-77004"), &[], None).unwrap();
    let text = std::fs::read_to_string(t.root().join(&saved.path)).unwrap();
    assert!(!text.contains(EMAIL), "{text}");
}

#[test]
fn invalid_drafts_write_nothing() {
    let t = KbTest::from_dir("records/basic");
    let mut d = draft("INC-77005");
    d.resolution = "  ".into();
    d.opened = "yesterday".into();
    let err = t.kb.record_save(&d, &[], None).unwrap_err();
    assert_eq!(err.code(), "invalid");
    let msg = err.to_string();
    assert!(
        msg.contains("resolution") && msg.contains("opened"),
        "{msg}"
    );
    assert!(!t.root().join("tickets").exists());
    assert!(all_resolutions(&t.kb).is_empty());
}

fn walk_flow_to_escalation(t: &KbTest) -> OffsetDateTime {
    let path = "flows/vpn-cannot-reach.md";
    let src = std::fs::read_to_string(t.root().join(path)).unwrap();
    let (flow, _) = Flow::parse(path, &src);
    let t0 = datetime!(2026-03-05 14:00 UTC);
    let mut s = FlowSession::start(&flow, "sess-1".into(), t0).unwrap();
    s.choose(&flow, 0, t0 + time::Duration::minutes(3)).unwrap();
    s.choose(&flow, 1, t0 + time::Duration::minutes(11))
        .unwrap();
    let j = t.kb.journal();
    j.upsert_flow_session(&FlowSessionRecord {
        id: s.id.clone(),
        flow_path: path.into(),
        started_at: t0,
        updated_at: t0 + time::Duration::minutes(11),
        status: SessionStatus::Escalated,
        state_json: serde_json::to_string(&s).unwrap(),
    })
    .unwrap();
    for doc in [
        "articles/vpn-certificate.md",
        path,
        "articles/vpn-certificate.md",
    ] {
        j.log_view(&DocOpened {
            doc_path: doc.into(),
            at: t0 + time::Duration::minutes(5),
            flow_session_id: Some("sess-1".into()),
        })
        .unwrap();
    }
    j.log_view(&DocOpened {
        doc_path: "runbooks/vpn-reconnect.md".into(),
        at: t0,
        flow_session_id: None,
    })
    .unwrap();
    t0
}

#[test]
fn a_draft_from_a_flow_session_is_prefilled_and_saves_with_an_escalation() {
    let t = KbTest::from_dir("records/basic");
    let t0 = walk_flow_to_escalation(&t);
    let d = t.kb.record_draft(Some("sess-1"), None).unwrap();
    assert_eq!(d.flow.as_deref(), Some("flows/vpn-cannot-reach.md"));
    assert_eq!(d.title, "Laptop cannot reach the VPN");
    assert_eq!(d.outcome, Outcome::Escalated);
    assert_eq!(d.time_to_resolve_min, Some(11));
    assert_eq!(d.opened, "2026-03-05T14:00:00Z");
    assert_eq!(d.resolved, "2026-03-05T14:11:00Z");
    assert_eq!(d.steps.len(), 3, "{:?}", d.steps);
    assert!(
        d.steps[0].starts_with("Is the laptop online? → Yes"),
        "{:?}",
        d.steps
    );
    assert!(d.steps[2].ends_with("→ Escalated"), "{:?}", d.steps);
    let arts: Vec<&str> = d.articles.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(arts, ["articles/vpn-certificate.md"]);
    assert!(matches!(
        t.kb.record_draft(Some("nope"), None),
        Err(Error::NotFound(_))
    ));

    let mut d = d;
    d.ticket = "INC-77010".into();
    d.issue = "VPN spins on Connecting".into();
    d.resolution = "Escalated to Network Operations.".into();
    let saved = t.kb.record_save(&d, &[], Some("sess-1")).unwrap();
    let r = all_resolutions(&t.kb).pop().unwrap().record;
    assert_eq!(r.outcome, JOutcome::Escalated);
    assert_eq!(r.flow_session_id.as_deref(), Some("sess-1"));
    assert_eq!(r.flow_path.as_deref(), Some("flows/vpn-cannot-reach.md"));
    assert_eq!(r.opened_at, t0);

    let mut packet = t.kb.escalation_draft(&d);
    assert_eq!(packet.tried, d.steps);
    packet.severity = EscalationSeverity::Sev2;
    packet.evidence.request_ids = vec!["req-zebracorn-42".into()];
    packet.evidence.logs = format!("14:02 Authorization: Bearer {JWT}\n14:03 gateway timeout");
    let preview = t.kb.escalation_preview(&packet, &[]).unwrap();
    assert!(preview.findings.iter().any(|f| f.field == "evidence.logs"));
    let esc = t.kb.escalation_save(&packet, &[], &saved.path).unwrap();
    assert_eq!(
        esc.path,
        format!("{}.escalation.md", saved.path.trim_end_matches(".md"))
    );
    let text = std::fs::read_to_string(t.root().join(&esc.path)).unwrap();
    assert!(!text.contains("eyJhbGci"), "{text}");
    assert_eq!(t.kb.doc(&esc.path).unwrap().kind, DocKind::Escalation);
    let hits = t.kb.search(&SearchRequest::new("zebracorn")).unwrap();
    assert_eq!(
        hits.hits.first().map(|h| h.path.as_str()),
        Some(esc.path.as_str())
    );
    // Saved again: beside, never over.
    let esc2 = t.kb.escalation_save(&packet, &[], &saved.path).unwrap();
    assert_ne!(esc2.path, esc.path);
    assert!(matches!(
        t.kb.escalation_save(&packet, &[], "tickets/2026/missing.md"),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn a_draft_from_an_article_lists_it_as_used() {
    let t = KbTest::from_dir("records/basic");
    let d =
        t.kb.record_draft(None, Some("articles/vpn-certificate.md"))
            .unwrap();
    assert_eq!(d.articles.len(), 1);
    assert_eq!(d.articles[0].path, "articles/vpn-certificate.md");
    assert_eq!(
        (d.category.as_str(), d.product.as_str()),
        ("network", "GlobalProtect")
    );
    assert!(!d.opened.is_empty() && d.opened == d.resolved);
    assert!(t.kb.record_draft(None, Some("articles/nope.md")).is_err());
}

#[test]
fn feedback_and_outdated_flags_land_in_the_journal() {
    let t = KbTest::from_dir("records/basic");
    let doc = "articles/vpn-certificate.md";
    t.kb.feedback(doc, true, None).unwrap();
    t.kb.feedback(doc, false, Some(&format!("mail {EMAIL} for details")))
        .unwrap();
    let fb =
        t.kb.journal()
            .feedback_between(
                OffsetDateTime::UNIX_EPOCH,
                datetime!(2100-01-01 0:00 UTC),
                false,
                Some(doc),
            )
            .unwrap();
    assert_eq!(fb.len(), 2);
    assert!(fb[0].record.helpful && !fb[1].record.helpful);
    let c = fb[1].record.comment.clone().unwrap();
    assert!(!c.contains(EMAIL) && c.contains("[REDACTED:"), "{c}");

    assert_eq!(
        t.kb.flag_outdated(doc, "   ").unwrap_err().code(),
        "invalid"
    );
    let id =
        t.kb.flag_outdated(doc, "GlobalProtect 6.2 moved the menu")
            .unwrap();
    t.kb.flag_outdated("runbooks/vpn-reconnect.md", "step 2 is gone")
        .unwrap();
    let flags = t.kb.open_flags(Some(doc)).unwrap();
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].id, id);
    assert_eq!(flags[0].comment, "GlobalProtect 6.2 moved the menu");
    assert_eq!(t.kb.open_flags(None).unwrap().len(), 2);
    assert_eq!(
        t.kb.feedback("articles/nope.md", true, None)
            .unwrap_err()
            .code(),
        "not_found"
    );
}

#[test]
fn a_read_only_kb_refuses_and_writes_nothing() {
    let t = KbTest::from_dir("records/basic");
    let second = t.open_again();
    assert!(second.read_only());
    let doc = "articles/vpn-certificate.md";
    let errs = [
        second
            .record_save(&draft("INC-77020"), &[], None)
            .unwrap_err(),
        second.feedback(doc, true, None).unwrap_err(),
        second.flag_outdated(doc, "old").unwrap_err(),
    ];
    for e in errs {
        assert_eq!(e.code(), "locked", "{e}");
        assert!(e.to_string().contains("another Fieldguide window"), "{e}");
    }
    assert!(!t.root().join("tickets").exists());
    assert!(t.kb.open_flags(None).unwrap().is_empty());
    // The preview still works (nothing is written).
    assert!(second.record_preview(&draft("INC-77020"), &[]).is_ok());
}

#[test]
fn leftovers_of_an_interrupted_write_are_ignored_then_cleaned() {
    let t = KbTest::from_dir("records/basic");
    let saved = t.kb.record_save(&draft("INC-77030"), &[], None).unwrap();
    let dir = t.root().join("tickets/2026");
    // A crash between "write temp" and "rename" leaves a temp file beside the target.
    let leftover = dir.join(".fieldguide-tmp-inc-77031-half.md.x1y2z3");
    let leftover_md = dir.join(".fieldguide-tmp-inc-77031-half.md");
    for p in [&leftover, &leftover_md] {
        std::fs::write(
            p,
            "---\nkind: ticket\nticket: INC-77031\ntitle: wombatleftover half writ",
        )
        .unwrap();
    }
    t.kb.rescan().unwrap();
    assert!(t
        .kb
        .docs()
        .iter()
        .all(|d| !d.path.contains("fieldguide-tmp")));
    let t = t.reopen();
    assert!(!leftover.exists() && !leftover_md.exists());
    // The note written before the crash is intact and still searchable.
    assert!(t.kb.doc(&saved.path).is_some());
    let hits = t.kb.search(&SearchRequest::new("wombatleftover")).unwrap();
    assert!(hits.hits.is_empty(), "{hits:?}");
}

#[test]
fn cli_record_dry_run_then_for_real() {
    let t = KbTest::from_dir("records/basic");
    let flags = [
        "--ticket",
        "INC-77040",
        "--title",
        "Printer queue stuck",
        "--category",
        "printing",
        "--opened",
        "2026-04-01T08:00:00Z",
        "--resolved",
        "2026-04-01T08:25:00Z",
        "--issue",
        "Queue shows 40 jobs; contact bob@contoso.com",
        "--step",
        "Restarted the spooler",
        "--step",
        "Key AKIAZ3MSJV4WQ6PCGTRB found in a script",
        "--resolution",
        "Cleared the queue.",
        "--article",
        "runbooks/vpn-reconnect.md",
    ];
    let mut args = vec!["record", "--dry-run"];
    args.extend(flags);
    let out = cli(&t, &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("kind: ticket") && stdout.contains("ticket: INC-77040"),
        "{stdout}"
    );
    assert!(stdout.contains("AWS access token"), "{stdout}");
    assert!(!stdout.contains("AKIAZ3MSJV4WQ6PCGTRB"), "{stdout}");
    assert!(!t.root().join("tickets").exists(), "dry run wrote a file");

    let mut args = vec!["record", "--keep", "bob@contoso.com"];
    args.extend(flags);
    let out = cli(&t, &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = stdout
        .lines()
        .find_map(|l| l.strip_prefix("saved "))
        .unwrap_or_else(|| panic!("no path in {stdout}"))
        .split_whitespace()
        .next()
        .unwrap();
    assert!(path.starts_with("tickets/2026/inc-77040-"), "{path}");
    let text = std::fs::read_to_string(t.root().join(path)).unwrap();
    assert!(
        text.contains("bob@contoso.com") && !text.contains("AKIA"),
        "{text}"
    );

    // Missing required fields: exit non-zero with the reason.
    let out = cli(&t, &["record", "--ticket", "INC-1", "--dry-run"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("resolution is required"));
}

#[test]
fn cli_record_from_a_file_and_escalate_beside_it() {
    let t = KbTest::from_dir("records/basic");
    let yaml = "ticket: INC-77050\ntitle: API returns 401\nopened: 2026-04-02T10:00:00Z\n\
                resolved: 2026-04-02T11:00:00Z\noutcome: escalated\nissue: All calls fail\n\
                resolution: Escalated to the API team.\n";
    let file = t.tmp.path().join("draft.yaml");
    std::fs::write(&file, yaml).unwrap();
    let out = cli(&t, &["record", "--file", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let note = stdout
        .lines()
        .find_map(|l| l.strip_prefix("saved "))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();

    let out = cli(
        &t,
        &[
            "escalate",
            "--ticket",
            "INC-77050",
            "--title",
            "API returns 401",
            "--summary",
            "Every call fails since 10:00",
            "--severity",
            "sev2",
            "--request-id",
            "req-platypus-9",
            "--note",
            &note,
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("kind: escalation"), "{stdout}");
    let esc = format!("{}.escalation.md", note.trim_end_matches(".md"));
    assert!(stdout.contains(&esc), "{stdout}");
    assert!(std::fs::read_to_string(t.root().join(&esc))
        .unwrap()
        .contains("req-platypus-9"));
}
