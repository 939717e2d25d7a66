//! Authoring: minimal-diff saves that keep unknown keys and untouched text, conflict
//! detection and copies, documents from templates, rename and retire, live preview with lint,
//! KB health (duplicates by content, outdated flags).
use fieldguide_core::article::Status;
use fieldguide_core::frontmatter::FrontMatterForm;
use fieldguide_core::{lint, Error, SearchRequest};

use crate::util::KbTest;

const VPN: &str = "articles/vpn-drops.md";

#[test]
fn save_keeps_unknown_keys_comments_and_untouched_text() {
    let t = KbTest::from_dir("authoring");
    let doc = t.kb.load_for_edit(VPN).unwrap();
    assert_eq!(doc.form.title, "VPN drops every 10 minutes");
    assert_eq!(doc.form.tags, ["vpn", "network"]);
    let mut form = doc.form.clone();
    form.title = "VPN drops every ten minutes".into();
    form.review_by = "2031-06-30".into();
    let text = t.kb.apply_front_matter(&doc.text, &form).unwrap();
    let text = text.replace("2. Reconnect.", "2. Reconnect and test.");
    let out = t.kb.save_doc(VPN, &text, &doc.base_hash).unwrap();
    assert!(out.written);

    let on_disk = std::fs::read_to_string(t.root().join(VPN)).unwrap();
    let expected = doc
        .text
        .replace(
            "title: \"VPN drops every 10 minutes\"",
            "title: VPN drops every ten minutes",
        )
        .replace("review_by: 2030-01-01", "review_by: 2031-06-30")
        .replace("2. Reconnect.", "2. Reconnect and test.");
    assert_eq!(on_disk, expected);
    // Every line not edited is byte-for-byte what it was.
    for line in [
        "x-export-id: 4711   # external id",
        "x-reviewers: {primary: ana, backup: li}",
        "# Owned by the network team",
        "  - network",
        "The VPN   drops   every ten minutes",
    ] {
        assert!(on_disk.contains(line), "{line} lost");
    }
    // The save is indexed on return and the next save uses the new base.
    t.kb.search(&SearchRequest::new("test")).unwrap();
    assert_eq!(t.kb.doc(VPN).unwrap().title, "VPN drops every ten minutes");
    let again = t.kb.load_for_edit(VPN).unwrap();
    assert_eq!(again.base_hash, out.base_hash);
    let same = t.kb.save_doc(VPN, &again.text, &out.base_hash).unwrap();
    assert!(!same.written);
}

#[test]
fn crlf_files_keep_their_line_endings() {
    let t = KbTest::from_dir("authoring");
    let crlf = "---\r\ntitle: Old\r\nx-keep: yes\r\n---\r\nBody line\r\n";
    t.write("articles/crlf.md", crlf);
    t.kb.refresh_paths(&["articles/crlf.md".into()]).unwrap();
    let out = t.kb.set_status("articles/crlf.md", Status::Draft).unwrap();
    assert!(out.written);
    let disk = std::fs::read_to_string(t.root().join("articles/crlf.md")).unwrap();
    assert_eq!(
        disk,
        "---\r\ntitle: Old\r\nx-keep: yes\r\nstatus: draft\r\n---\r\nBody line\r\n"
    );
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten_silently() {
    let t = KbTest::from_dir("authoring");
    let doc = t.kb.load_for_edit(VPN).unwrap();
    let theirs = doc
        .text
        .replace("Set the keep-alive", "Set the keepalive (git pull)");
    std::fs::write(t.root().join(VPN), &theirs).unwrap();
    let mine = doc.text.replace("Reconnect.", "Reconnect (mine).");
    match t.kb.save_doc(VPN, &mine, &doc.base_hash) {
        Err(e @ Error::Conflict { .. }) => {
            assert_eq!(e.code(), "conflict");
            let Error::Conflict { disk_text, path } = e else {
                unreachable!()
            };
            assert_eq!(path, VPN);
            assert_eq!(disk_text, theirs);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(t.root().join(VPN)).unwrap(), theirs);

    // "Save mine as a copy": a new file beside it, the original untouched.
    let copy = t.kb.save_copy(VPN, &mine).unwrap();
    assert!(
        copy.starts_with("articles/vpn-drops.conflict-") && copy.ends_with(".md"),
        "{copy}"
    );
    assert_eq!(std::fs::read_to_string(t.root().join(&copy)).unwrap(), mine);
    let copy2 = t.kb.save_copy(VPN, &mine).unwrap();
    assert_ne!(copy, copy2);
    assert!(t.kb.doc(&copy2).is_some());

    // "Keep mine": reload the disk version as the new base, then save explicitly.
    let fresh = t.kb.load_for_edit(VPN).unwrap();
    t.kb.save_doc(VPN, &mine, &fresh.base_hash).unwrap();
    assert_eq!(std::fs::read_to_string(t.root().join(VPN)).unwrap(), mine);

    // Deleted on disk since it was opened: also a conflict, with empty disk text.
    std::fs::remove_file(t.root().join(VPN)).unwrap();
    let err = t.kb.save_doc(VPN, &mine, &fresh.base_hash).unwrap_err();
    assert!(
        matches!(&err, Error::Conflict { disk_text, .. } if disk_text.is_empty()),
        "{err}"
    );
}

#[test]
fn new_document_from_template_is_saved_and_found() {
    let t = KbTest::from_dir("authoring");
    let form = FrontMatterForm {
        title: "Docking station loses monitors".into(),
        tags: vec!["dock".into(), "display".into()],
        product: "ThinkPad dock".into(),
        ..Default::default()
    };
    let doc =
        t.kb.create_doc("kcs-article", "articles/dock-monitors.md", &form)
            .unwrap();
    assert_eq!(doc.form.kind, "article");
    assert_eq!(doc.form.status, "draft");
    for s in ["## Issue", "## Environment", "## Resolution", "## Cause"] {
        assert!(doc.text.contains(s), "{s}");
    }
    let text = doc.text.replace(
        "What the customer sees",
        "External monitors go black after wake-from-sleep; zorblax firmware",
    );
    t.kb.save_doc(&doc.path, &text, &doc.base_hash).unwrap();
    let hits = t.kb.search(&SearchRequest::new("zorblax")).unwrap();
    assert_eq!(hits.hits[0].path, "articles/dock-monitors.md");
    assert_eq!(hits.hits[0].title, "Docking station loses monitors");

    // Never over an existing file; never outside the KB.
    let err = t.kb.create_doc("runbook", VPN, &form).unwrap_err();
    assert_eq!(err.code(), "exists");
    let err =
        t.kb.create_doc("runbook", "../escape.md", &form)
            .unwrap_err();
    assert_eq!(err.code(), "invalid_path");
    assert!(t.kb.create_doc("nope", "articles/x.md", &form).is_err());
    let now = time::OffsetDateTime::now_utc();
    let kinds =
        t.kb.journal()
            .kb_changes_between(
                now - time::Duration::hours(1),
                now + time::Duration::hours(1),
                false,
            )
            .unwrap();
    assert!(kinds.iter().any(|c| c.path == "articles/dock-monitors.md"));
}

#[test]
fn templates_are_lint_clean() {
    let t = KbTest::from_dir("authoring");
    for tpl in fieldguide_core::templates::TEMPLATES {
        let p =
            t.kb.preview(&format!("{}/new.md", tpl.folder), tpl.text)
                .unwrap();
        assert!(p.problems.is_empty(), "{}: {:?}", tpl.id, p.problems);
        assert_eq!(p.form.kind, tpl.kind);
    }
}

#[test]
fn retire_and_rename() {
    let t = KbTest::from_dir("authoring");
    let out = t.kb.set_status(VPN, Status::Retired).unwrap();
    assert!(out.written);
    let disk = std::fs::read_to_string(t.root().join(VPN)).unwrap();
    assert!(disk.contains("status: retired\nreview_by: 2030-01-01\n"));
    let default =
        t.kb.search(&SearchRequest::new("gateway unreachable"))
            .unwrap();
    assert!(default.hits.iter().all(|h| h.path != VPN));
    let retired =
        t.kb.search(&SearchRequest::new("gateway unreachable status:retired"))
            .unwrap();
    assert_eq!(retired.hits[0].path, VPN);

    let r =
        t.kb.rename_doc(VPN, "articles/network/vpn-idle-timeout.md")
            .unwrap();
    assert_eq!(r.linked_from, ["runbooks/reconnect-vpn.md"]);
    assert!(t.kb.doc(VPN).is_none());
    assert!(t.kb.doc("articles/network/vpn-idle-timeout.md").is_some());
    assert!(!t.root().join(VPN).exists());
    let problems = lint::lint_kb(&t.kb, lint::today());
    assert!(problems
        .iter()
        .any(|p| p.path == "runbooks/reconnect-vpn.md" && p.code == "broken-link" && p.line == 8));
    // Never over an existing file.
    let err =
        t.kb.rename_doc("runbooks/reconnect-vpn.md", "articles/unrelated.md")
            .unwrap_err();
    assert_eq!(err.code(), "exists");
    assert!(t.root().join("runbooks/reconnect-vpn.md").exists());
}

#[test]
fn preview_renders_sanitized_html_and_lints_as_you_type() {
    let t = KbTest::from_dir("authoring");
    let text = "---\ntitle: Draft\nreview_by: 2001-01-01\n---\n## Steps\n\nSee [missing](nowhere.md).\n\n<script>alert(1)</script>\n\n[ok](../articles/vpn-drops.md#cause)\n";
    let p = t.kb.preview("runbooks/draft.md", text).unwrap();
    assert!(!p.html.contains("<script"), "{}", p.html);
    assert!(
        p.html.contains("data-doc=\"articles/vpn-drops.md\""),
        "{}",
        p.html
    );
    let codes: Vec<(&str, usize)> = p
        .problems
        .iter()
        .map(|p| (p.code.as_str(), p.line))
        .collect();
    assert!(codes.contains(&("broken-link", 7)), "{codes:?}");
    assert!(codes.contains(&("review-overdue", 3)), "{codes:?}");
    assert!(
        !codes.iter().any(|(c, _)| *c == "broken-anchor"),
        "{codes:?}"
    );
    // An image whose file is missing is found while typing, at its line.
    let img =
        t.kb.preview(
            "runbooks/draft.md",
            "# Draft\n\nThe dialog:\n\n![Sign-in dialog](media/signin.png)\n",
        )
        .unwrap();
    assert!(
        img.problems.iter().any(|p| p.code == "broken-image"
            && p.line == 5
            && p.message.contains("runbooks/media/signin.png")),
        "{:?}",
        img.problems
    );
    let bad =
        t.kb.preview("runbooks/draft.md", "---\ntitle: [x\n---\nbody\n")
            .unwrap();
    assert!(bad
        .problems
        .iter()
        .any(|p| p.code == "front-matter" && p.line >= 2));
}

#[test]
fn health_reports_content_duplicates_and_outdated_flags() {
    let t = KbTest::from_dir("authoring");
    t.kb.journal()
        .flag_outdated(
            VPN,
            "keep-alive setting moved in 6.2",
            Some("sam"),
            time::OffsetDateTime::now_utc(),
        )
        .unwrap();
    let problems = lint::lint_kb(&t.kb, lint::today());
    let dups: Vec<&str> = problems
        .iter()
        .filter(|p| p.code == "likely-duplicate")
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(
        dups,
        ["articles/spooler-restart.md", "articles/spooler-stuck.md"]
    );
    let flag = problems
        .iter()
        .find(|p| p.code == "flagged-outdated")
        .unwrap();
    assert_eq!(flag.path, VPN);
    assert!(
        flag.message.contains("sam") && flag.message.contains("6.2"),
        "{}",
        flag.message
    );
}

#[test]
fn read_only_kb_refuses_saves() {
    let t = KbTest::from_dir("authoring");
    let ro = fieldguide_core::Kb::open_with(
        t.root(),
        fieldguide_core::KbOptions {
            data_dir: Some(t.tmp.path().join("ro")),
            read_only: true,
            ..Default::default()
        },
    )
    .unwrap();
    let doc = ro.load_for_edit(VPN).unwrap();
    let err = ro.save_doc(VPN, "x", &doc.base_hash).unwrap_err();
    assert_eq!(err.code(), "read_only");
    assert_eq!(
        std::fs::read_to_string(t.root().join(VPN)).unwrap(),
        doc.text
    );
}
