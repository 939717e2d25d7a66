//! Loading a KB: bad input reported with file and line, links resolved, incremental updates,
//! the index as a rebuildable cache, read-only second instances.
use fieldguide_core::error::Severity;
use fieldguide_core::SearchRequest;

use crate::util::KbTest;

#[test]
fn bad_files_are_reported_and_the_rest_loads() {
    let t = KbTest::from_dir("search/basic");
    let problems = t.kb.load_problems();
    let fm = problems
        .iter()
        .find(|p| p.path == "articles/broken-front-matter.md")
        .expect("front matter problem");
    assert_eq!(fm.code, "front-matter");
    assert_eq!(fm.severity, Severity::Error);
    assert!((2..=4).contains(&fm.line), "{fm:?}");
    let bin = problems
        .iter()
        .find(|p| p.path == "articles/not-markdown.md")
        .expect("binary problem");
    assert!(bin.message.contains("binary"), "{bin:?}");
    // The body of the doc with bad front matter is still searchable.
    t.search("credentials repeatedly")
        .expect_first("articles/broken-front-matter.md");
}

#[test]
fn links_resolve_and_broken_ones_are_linted() {
    let t = KbTest::from_dir("search/basic");
    let view = t.kb.view("runbooks/network/vpn-reconnect.md").unwrap();
    assert!(
        view.html
            .contains("data-doc=\"runbooks/network/renew-cert.md\""),
        "{}",
        view.html
    );
    assert!(
        view.html.contains(
            "data-doc=\"runbooks/api/rate-limits.md\" data-anchor=\"reading-the-headers\""
        ),
        "{}",
        view.html
    );
    assert_eq!(view.toc.len(), 4);
    let target = t.kb.view("runbooks/network/renew-cert.md").unwrap();
    assert_eq!(target.backlinks.len(), 1);
    assert_eq!(
        target.backlinks[0].path,
        "runbooks/network/vpn-reconnect.md"
    );
    let problems = fieldguide_core::lint::lint_kb(&t.kb, fieldguide_core::lint::today());
    let broken: Vec<_> = problems
        .iter()
        .filter(|p| p.code == "broken-link")
        .collect();
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(broken[0].path, "articles/printer.md");
    assert_eq!(broken[0].line, 7);
}

#[test]
fn kb_health_reports_progress_over_every_document() {
    // Generated documents, enough for progress between the first and the last report; two
    // pairs are duplicates (same title; same content under another title).
    let t = KbTest::from_dir("search/basic");
    let body = "Restart the print spooler service, clear the queue folder, then send a test page \
                from the printer properties dialog and check the event log for errors again.";
    for i in 0..1200 {
        t.write(
            &format!("gen/{:04}.md", i),
            &format!("# Generated note {i}\nToken{i} {}\n", i * 7919),
        );
    }
    t.write("gen/dup-a.md", &format!("# Spooler reset\n{body}\n"));
    t.write("gen/dup-b.md", "# Spooler reset\nsomething else entirely\n");
    t.write("gen/same-a.md", &format!("# One title\n{body}\n"));
    t.write("gen/same-b.md", &format!("# Another title\n{body}\n"));
    t.kb.rescan().unwrap();
    let seen = std::sync::Mutex::new(Vec::new());
    let problems =
        fieldguide_core::lint::lint_kb_with(&t.kb, fieldguide_core::lint::today(), &|p| {
            seen.lock().unwrap().push(p)
        });
    let seen = seen.into_inner().unwrap();
    let n = t.kb.doc_count();
    assert!(n > 1200);
    assert!(seen
        .iter()
        .all(|p| p.phase == fieldguide_core::Phase::Lint && p.total == n && p.done <= n));
    assert_eq!(seen.first().map(|p| p.done), Some(0));
    assert_eq!(seen.last().map(|p| p.done), Some(n));
    assert!(seen.len() >= 4, "{} reports", seen.len());
    assert!(seen.windows(2).all(|w| w[0].done <= w[1].done));
    assert_eq!(
        problems,
        fieldguide_core::lint::lint_kb(&t.kb, fieldguide_core::lint::today())
    );
    let dup = |path: &str, text: &str| {
        problems
            .iter()
            .any(|p| p.path == path && p.code == "likely-duplicate" && p.message.contains(text))
    };
    assert!(dup("gen/dup-a.md", "same title as gen/dup-b.md"));
    assert!(dup("gen/same-a.md", "the same as gen/same-b.md"));
    assert!(dup("gen/same-b.md", "the same as gen/same-a.md"));
}

#[test]
fn incremental_update_is_searchable_at_once() {
    let t = KbTest::from_dir("search/basic");
    t.write("runbooks/new.md", "---\ntitle: Wi-Fi EAP-TLS handshake fails\n---\nThe supplicant rejects the RADIUS server certificate.\n");
    let changes = t.kb.refresh_paths(&["runbooks/new.md".into()]).unwrap();
    assert_eq!(changes.changed, vec!["runbooks/new.md"]);
    let t = t.search("supplicant").expect_first("runbooks/new.md");
    std::fs::remove_file(t.root().join("runbooks/new.md")).unwrap();
    let changes = t.kb.refresh_paths(&["runbooks/new.md".into()]).unwrap();
    assert_eq!(changes.removed, vec!["runbooks/new.md"]);
    t.search("supplicant").expect_hits(0);
}

#[test]
fn a_folder_is_rescanned_alone() {
    // What the watcher does when a folder is created, moved in, renamed or removed.
    let t = KbTest::from_dir("search/basic");
    t.write(
        "runbooks/moved-in/a.md",
        "# Zeolite filter\nzeolitecheck one\n",
    );
    t.write("runbooks/moved-in/deep/b.md", "# Quartz\nquartzcheck two\n");
    // Outside the folder (a sibling sharing its name as a prefix included): left alone.
    t.write("runbooks/moved-inx/c.md", "# Basalt\nbasaltcheck\n");
    t.write("articles/outside.md", "# Outside\nobsidiancheck\n");
    let changes =
        t.kb.rescan_folders(&["runbooks/moved-in/".into()], &[])
            .unwrap();
    assert_eq!(
        changes.changed,
        vec!["runbooks/moved-in/a.md", "runbooks/moved-in/deep/b.md"]
    );
    assert!(changes.removed.is_empty());
    let t = t
        .search("zeolitecheck")
        .expect_first("runbooks/moved-in/a.md")
        .search("quartzcheck")
        .expect_first("runbooks/moved-in/deep/b.md")
        .search("basaltcheck")
        .expect_hits(0)
        .search("obsidiancheck")
        .expect_hits(0);

    // The folder removed; a file named beside it is refreshed in the same pass.
    std::fs::remove_dir_all(t.root().join("runbooks/moved-in")).unwrap();
    let changes =
        t.kb.rescan_folders(
            &["runbooks/moved-in".into()],
            &["articles/outside.md".into()],
        )
        .unwrap();
    assert_eq!(
        changes.removed,
        vec!["runbooks/moved-in/a.md", "runbooks/moved-in/deep/b.md"]
    );
    assert_eq!(changes.changed, vec!["articles/outside.md"]);
    let t = t
        .search("zeolitecheck")
        .expect_hits(0)
        .search("obsidiancheck")
        .expect_first("articles/outside.md")
        .search("basaltcheck")
        .expect_hits(0);
    // Nothing changed since: rescanning the whole KB then finds only the sibling folder.
    let changes = t.kb.rescan().unwrap();
    assert_eq!(changes.changed, vec!["runbooks/moved-inx/c.md"]);
    assert!(changes.removed.is_empty());
}

#[test]
fn changes_between_runs_are_picked_up_and_corrupt_index_is_rebuilt() {
    let t = KbTest::from_dir("search/basic");
    let docs = t.kb.doc_count() as u64;
    assert_eq!(t.kb.index().num_docs(), docs);
    let t = t.reopen();
    t.write(
        "articles/added-while-closed.md",
        "# Teams camera is black\nPrivacy shutter closed.\n",
    );
    std::fs::remove_file(t.root().join("articles/printer.md")).unwrap();
    let t = t.reopen();
    assert_eq!(t.kb.index().num_docs(), docs);
    let t = t
        .search("shutter")
        .expect_first("articles/added-while-closed.md")
        .search("spooler")
        .expect_hits(0);
    // Corrupt every index file: the next open rebuilds from the markdown.
    let dir = t.data().join("index");
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name.ends_with(".store") || name.ends_with(".idx") || name == "meta.json" {
            std::fs::write(e.path(), b"garbage").unwrap();
        }
    }
    let t = t.reopen();
    assert_eq!(t.kb.index().num_docs(), docs);
    t.search("shutter")
        .expect_first("articles/added-while-closed.md");
}

#[test]
fn second_instance_is_read_only() {
    let t = KbTest::from_dir("search/basic");
    assert!(!t.kb.read_only());
    let second = t.open_again();
    assert!(second.read_only());
    let r = second.search(&SearchRequest::new("vpn")).unwrap();
    assert!(!r.hits.is_empty());
    assert!(second
        .refresh_paths(&["runbooks/network/renew-cert.md".into()])
        .is_ok());
}

#[test]
fn wikilinks_by_file_stem_follow_files_added_and_removed() {
    use fieldguide_core::render::Resolved;
    let wiki = |target: &str| fieldguide_core::LinkTarget::Doc {
        target: target.into(),
        anchor: None,
        wiki: true,
    };
    let t = KbTest::from_dir("search/basic");
    t.write(
        "notes/Printer-Jam.md",
        "---\ntitle: Printer jam\n---\nOpen tray 2.\n",
    );
    t.write(
        "notes/linker.md",
        "---\ntitle: Linker\n---\nSee [[printer-jam]].\n",
    );
    let both = ["notes/Printer-Jam.md".into(), "notes/linker.md".into()];
    t.kb.refresh_paths(&both).unwrap();
    let jam = Resolved::Doc {
        path: "notes/Printer-Jam.md".into(),
        anchor: None,
    };
    // A unique stem resolves whatever its case, and the link counts as a backlink.
    assert_eq!(
        t.kb.resolve_link("notes/linker.md", &wiki("printer-jam")),
        jam
    );
    assert_eq!(t.kb.resolve_link("x.md", &wiki("PRINTER-JAM")), jam);
    assert_eq!(
        t.kb.backlinks("notes/Printer-Jam.md"),
        vec!["notes/linker.md"]
    );
    // A second document with that stem makes the stem ambiguous: no longer resolved by stem
    // alone (the full path still is), before and after a reopen.
    t.write(
        "other/printer-jam.md",
        "---\ntitle: Other jam\n---\nText.\n",
    );
    t.kb.refresh_paths(&["other/printer-jam.md".into()])
        .unwrap();
    assert_eq!(
        t.kb.resolve_link("x.md", &wiki("printer-jam")),
        Resolved::Broken
    );
    assert_eq!(t.kb.resolve_link("x.md", &wiki("notes/Printer-Jam")), jam);
    assert!(t.kb.backlinks("notes/Printer-Jam.md").is_empty());
    let t = t.reopen();
    assert_eq!(
        t.kb.resolve_link("x.md", &wiki("printer-jam")),
        Resolved::Broken
    );
    // Removing it makes the stem unique again.
    std::fs::remove_file(t.root().join("other/printer-jam.md")).unwrap();
    t.kb.refresh_paths(&["other/printer-jam.md".into()])
        .unwrap();
    assert_eq!(t.kb.resolve_link("x.md", &wiki("printer-jam")), jam);
    assert_eq!(
        t.kb.backlinks("notes/Printer-Jam.md"),
        vec!["notes/linker.md"]
    );
}

#[test]
fn checklists_and_rubrics_are_kinds_of_their_own() {
    use fieldguide_core::DocKind;
    let t = KbTest::from_dir("search/basic");
    // Declared in front matter, or from the folder when front matter names no kind.
    t.write(
        "checklists/printing.md",
        "---\ntitle: Printing escalations\nteam: tier-2\nitems:\n  - id: queue\n    label: Print queue wombat export\n    required: true\n    detect: logs\n---\nWhat a printing escalation needs.\n",
    );
    t.write(
        "quality/closure.md",
        "---\ntitle: Closure rubric\nkind: rubric\ncriteria:\n  - id: cause\n    label: The cause is stated, wombat style\n    weight: 2\n    check: cause\n---\nHow notes are reviewed.\n",
    );
    t.kb.refresh_paths(&["checklists/printing.md".into(), "quality/closure.md".into()])
        .unwrap();
    let kinds = |t: &KbTest| {
        (
            t.kb.summary("checklists/printing.md").unwrap().kind,
            t.kb.summary("quality/closure.md").unwrap().kind,
        )
    };
    assert_eq!(kinds(&t), (DocKind::Checklist, DocKind::Rubric));
    let names = |t: &KbTest| {
        let checklists: Vec<String> = t.kb.checklists().into_iter().map(|c| c.path).collect();
        (checklists, t.kb.rubric(None).unwrap().path)
    };
    assert_eq!(
        names(&t),
        (
            vec!["checklists/printing.md".to_string()],
            "quality/closure.md".to_string()
        )
    );
    // Search shows the kinds, counts them in the facet and filters by them.
    let t = t.search("wombat");
    let hit_kinds: Vec<(String, String)> = t
        .results()
        .hits
        .iter()
        .map(|h| (h.path.clone(), h.kind.clone()))
        .collect();
    assert!(
        hit_kinds.contains(&("checklists/printing.md".into(), "checklist".into())),
        "{hit_kinds:?}"
    );
    assert!(
        hit_kinds.contains(&("quality/closure.md".into(), "rubric".into())),
        "{hit_kinds:?}"
    );
    let facet = t.kind_facet();
    assert!(facet.contains(&("checklist".into(), 1)), "{facet:?}");
    assert!(facet.contains(&("rubric".into(), 1)), "{facet:?}");
    let t = t.search("wombat kind:checklist");
    assert_eq!(t.paths(), vec!["checklists/printing.md"]);
    // The folder's plural and any case name the kind too.
    let t = t.search("wombat kind:Checklists");
    assert_eq!(t.paths(), vec!["checklists/printing.md"]);
    // The same after a reopen, from the index's stored summaries (no file re-read).
    let t = t.reopen();
    assert_eq!(kinds(&t), (DocKind::Checklist, DocKind::Rubric));
    assert_eq!(names(&t).0, vec!["checklists/printing.md".to_string()]);
}
