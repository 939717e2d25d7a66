//! The index and journal as caches of the markdown: every kind of index file deleted, truncated
//! or corrupted, a damaged manifest or schema stamp, stale lock files, an unreadable journal —
//! the next open detects it and rebuilds, with document counts matching the files on disk.
use std::path::{Path, PathBuf};

use fieldguide_core::{Kb, KbOptions, SearchRequest};

use crate::util::KbTest;

fn open(tmp: &Path) -> Kb {
    // Other tests in this process spawn children; between fork and exec a child briefly holds
    // copies of every open file, the KB lock of the Kb just dropped included. Wait that out.
    for _ in 0..50 {
        let kb = Kb::open_with(
            tmp.join("kb"),
            KbOptions {
                data_dir: Some(tmp.join("data")),
                ..Default::default()
            },
        )
        .unwrap_or_else(|e| panic!("open after damage: {e}"));
        if !kb.read_only() {
            return kb;
        }
        drop(kb);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the KB stayed locked after its only writer was dropped");
}

/// Markdown files that can be documents (not binary, UTF-8, under the size limit).
fn md_files(dir: &Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            n += md_files(&p);
        } else if p.extension().is_some_and(|x| x == "md")
            && fieldguide_core::decode(std::fs::read(&p).unwrap()).is_ok()
        {
            n += 1;
        }
    }
    n
}

/// The index is whole and agrees with the folder.
fn assert_consistent(kb: &Kb, files: usize, what: &str) {
    assert_eq!(kb.doc_count(), files, "{what}: docs loaded");
    assert_eq!(kb.index().num_docs(), files as u64, "{what}: docs indexed");
    let mut docs: Vec<String> = kb.docs().iter().map(|d| d.path.clone()).collect();
    docs.sort();
    assert_eq!(kb.index().paths().unwrap(), docs, "{what}: indexed paths");
    let r = kb
        .search(&SearchRequest::new("certificate"))
        .unwrap_or_else(|e| panic!("{what}: search fails: {e}"));
    assert!(!r.hits.is_empty(), "{what}: search finds nothing");
    let r = kb
        .search(&SearchRequest::new("\"renewed by autoenrollment\""))
        .unwrap_or_else(|e| panic!("{what}: phrase search fails: {e}"));
    assert!(r.total > 0, "{what}: phrase search finds nothing");
}

#[derive(Clone, Copy, Debug)]
enum Damage {
    Delete,
    Truncate,
    Corrupt,
}

fn damage(p: &Path, how: Damage) {
    match how {
        Damage::Delete => std::fs::remove_file(p).unwrap(),
        Damage::Truncate => {
            let len = std::fs::metadata(p).unwrap().len();
            let f = std::fs::OpenOptions::new().write(true).open(p).unwrap();
            f.set_len(len / 2).unwrap();
        }
        Damage::Corrupt => {
            let mut b = std::fs::read(p).unwrap();
            if b.is_empty() {
                b = b"garbage".to_vec();
            } else {
                // Flip bytes across the file (header, middle, footer).
                let n = b.len();
                for i in [0, n / 3, n / 2, (2 * n) / 3, n - 1] {
                    b[i] ^= 0x5a;
                }
            }
            std::fs::write(p, b).unwrap();
        }
    }
}

fn index_files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().ends_with(suffix))
        .collect()
}

#[test]
fn every_index_file_kind_damaged_is_rebuilt_from_the_markdown() {
    let kinds = [
        "meta.json",
        ".managed.json",
        "fieldguide-schema-version",
        ".store",
        ".term",
        ".idx",
        ".pos",
        ".fast",
        ".fieldnorm",
    ];
    let base = KbTest::from_dir("search/basic");
    let files = md_files(&base.root());
    assert_consistent(&base.kb, files, "fresh");
    let mut checked = 0;
    for kind in kinds {
        for how in [Damage::Delete, Damage::Truncate, Damage::Corrupt] {
            let what = format!("{kind} {how:?}");
            let tmp = tempfile::tempdir().unwrap();
            crate::util::copy_dir(&base.root(), &tmp.path().join("kb"));
            drop(open(tmp.path()));
            let targets = index_files(&tmp.path().join("data/index"), kind);
            assert!(!targets.is_empty(), "{what}: no such index file");
            for t in &targets {
                damage(t, how);
            }
            let kb = open(tmp.path());
            assert!(!kb.read_only(), "{what}");
            assert_consistent(&kb, files, &what);
            // And the rebuilt index is a good one: the next open keeps it.
            drop(kb);
            let kb = open(tmp.path());
            assert_consistent(&kb, files, &format!("{what}, reopened"));
            checked += 1;
        }
    }
    assert_eq!(checked, kinds.len() * 3);
}

#[test]
fn a_deleted_index_folder_and_stale_locks_are_no_obstacle() {
    let t = KbTest::from_dir("search/basic");
    let files = md_files(&t.root());
    let tmp = t.tmp.path().to_path_buf();
    drop(t.kb);
    // Lock files left behind by a process that died: the OS released its locks with it.
    for p in [
        "data/fieldguide.lock",
        "data/index/.tantivy-writer.lock",
        "data/index/.tantivy-meta.lock",
    ] {
        std::fs::write(tmp.join(p), "pid 999999\n").unwrap();
    }
    let kb = open(&tmp);
    assert!(
        !kb.read_only(),
        "a stale lock file must not make the KB read-only"
    );
    assert_consistent(&kb, files, "stale locks");
    drop(kb);
    std::fs::remove_dir_all(tmp.join("data/index")).unwrap();
    let kb = open(&tmp);
    assert_consistent(&kb, files, "index folder deleted");
    drop(kb);
    // An index folder replaced by a file.
    std::fs::remove_dir_all(tmp.join("data/index")).unwrap();
    std::fs::write(tmp.join("data/index"), "not a folder").unwrap();
    let kb = open(&tmp);
    assert_consistent(&kb, files, "index is a file");
}

#[test]
fn files_changed_behind_the_manifest_are_picked_up() {
    // Same size, same mtime would fool a stamp check; a different size must not.
    let t = KbTest::from_dir("search/basic");
    let files = md_files(&t.root());
    let tmp = t.tmp.path().to_path_buf();
    drop(t.kb);
    std::fs::write(
        tmp.join("kb/articles/printer.md"),
        "# Printer\nThe print spooler needs a certificate zebrafish.\n",
    )
    .unwrap();
    let kb = open(&tmp);
    assert_consistent(&kb, files, "edited while closed");
    let r = kb.search(&SearchRequest::new("zebrafish")).unwrap();
    assert_eq!(r.hits.len(), 1);
}

#[test]
fn an_unreadable_journal_is_set_aside_not_fatal() {
    let t = KbTest::from_dir("search/basic");
    let files = md_files(&t.root());
    let tmp = t.tmp.path().to_path_buf();
    t.kb.journal().meta_set("kept", "yes").unwrap();
    drop(t.kb);
    let j = tmp.join("data/journal.sqlite");
    std::fs::write(&j, b"this is not a database, it was overwritten by mistake").unwrap();
    let _ = std::fs::remove_file(tmp.join("data/journal.sqlite-wal"));
    let _ = std::fs::remove_file(tmp.join("data/journal.sqlite-shm"));
    let kb = open(&tmp);
    assert_consistent(&kb, files, "journal garbage");
    let journal = kb.journal();
    assert!(journal.integrity_check().unwrap());
    assert_eq!(journal.journal_mode().unwrap(), "wal");
    // The damaged file is kept beside the new journal, for a human to look at.
    let aside: Vec<String> = std::fs::read_dir(tmp.join("data"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("journal.sqlite.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
}

/// Opens the KB in `tmp` and returns the "index" progress reports (how many documents were
/// (re)indexed), if any.
fn index_reports(tmp: &Path) -> Vec<usize> {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen2 = seen.clone();
    let kb = Kb::open_with(
        tmp.join("kb"),
        KbOptions {
            data_dir: Some(tmp.join("data")),
            progress: Some(Box::new(move |p| {
                if p.phase == fieldguide_core::Phase::Index {
                    seen2.lock().unwrap().push(p.total);
                }
            })),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!kb.read_only());
    drop(kb);
    let v = seen.lock().unwrap().clone();
    v
}

#[test]
fn reopening_reindexes_only_the_files_that_changed() {
    // The stamps (time, size) that tell a changed file live in the index itself, committed
    // with each document.
    let t = KbTest::from_dir("search/basic");
    let files = md_files(&t.root());
    let tmp = t.tmp.path().to_path_buf();
    drop(t.kb);
    assert_eq!(index_reports(&tmp), Vec::<usize>::new(), "unchanged KB");
    std::fs::write(
        tmp.join("kb/articles/printer.md"),
        "# Printer\nThe spooler needs a restart after the zebrafish update, longer now.\n",
    )
    .unwrap();
    std::fs::remove_file(tmp.join("kb/articles/old-vpn.md")).unwrap();
    assert_eq!(index_reports(&tmp), vec![1], "one edited file, one deleted");
    assert_eq!(index_reports(&tmp), Vec::<usize>::new(), "unchanged again");
    let kb = open(&tmp);
    assert_consistent(&kb, files - 1, "after the edit and the deletion");
    assert_eq!(
        kb.search(&SearchRequest::new("zebrafish"))
            .unwrap()
            .hits
            .len(),
        1
    );
}

#[test]
fn the_last_index_can_be_searched_before_the_kb_is_open() {
    // What the app serves while a large KB loads: the index of the last session, read-only.
    let t = KbTest::from_dir("search/basic");
    let tmp = t.tmp.path().to_path_buf();
    let opts = KbOptions {
        data_dir: Some(tmp.join("data")),
        ..Default::default()
    };
    let expected = t.kb.search(&SearchRequest::new("certificate")).unwrap();
    assert!(!expected.hits.is_empty());
    // While the KB is open (and holds the writer), the last index can be opened beside it.
    let last = fieldguide_core::kb::open_last_index(tmp.join("kb"), &opts).expect("index");
    let got = last.search(&SearchRequest::new("certificate")).unwrap();
    let paths = |r: &fieldguide_core::SearchResults| {
        r.hits.iter().map(|h| h.path.clone()).collect::<Vec<_>>()
    };
    assert_eq!(paths(&got), paths(&expected));
    assert_eq!(got.total, expected.total);
    drop(last);
    drop(t.kb);

    // Never built (another data folder): nothing, and nothing is created.
    let other = KbOptions {
        data_dir: Some(tmp.join("other")),
        ..Default::default()
    };
    assert!(fieldguide_core::kb::open_last_index(tmp.join("kb"), &other).is_none());
    assert!(!tmp.join("other").exists());

    // Damaged: refused (the KB's own open rebuilds it), and left as it was.
    let index = tmp.join("data/index");
    let victim = std::fs::read_dir(&index)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "idx"))
        .expect("a postings file");
    let mut bytes = std::fs::read(&victim).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&victim, &bytes).unwrap();
    assert!(fieldguide_core::kb::open_last_index(tmp.join("kb"), &opts).is_none());
    assert_eq!(std::fs::read(&victim).unwrap(), bytes);
    let kb = open(&tmp);
    assert!(!kb
        .search(&SearchRequest::new("certificate"))
        .unwrap()
        .hits
        .is_empty());
}

#[test]
fn the_index_alone_is_brought_up_to_date_from_changed_files_only() {
    // What `fieldguide search` uses: no Kb, only the files whose stamp changed are read.
    let t = KbTest::from_dir("search/basic");
    let files = md_files(&t.root());
    let tmp = t.tmp.path().to_path_buf();
    let opts = KbOptions {
        data_dir: Some(tmp.join("data")),
        ..Default::default()
    };
    // While the KB is open elsewhere: its index as it is, nothing re-read.
    let held = fieldguide_core::kb::update_index(tmp.join("kb"), &opts).unwrap();
    assert!(held.read_only());
    assert_eq!((held.changed(), held.removed()), (0, 0));
    assert_eq!(held.index().num_docs(), files as u64);
    drop(held);
    drop(t.kb);

    let update = || {
        for _ in 0..50 {
            let i = fieldguide_core::kb::update_index(tmp.join("kb"), &opts).unwrap();
            if !i.read_only() {
                return i;
            }
            drop(i);
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        panic!("the KB stayed locked");
    };
    let i = update();
    // Unchanged KB: only files that never load (not in the index) are read again.
    let unloadable = i.problems().len();
    assert_eq!((i.changed(), i.removed()), (unloadable, 0), "unchanged KB");
    drop(i);

    std::fs::write(
        tmp.join("kb/articles/printer.md"),
        "# Printer\nThe spooler needs a restart after the zebrafish update, longer now.\n",
    )
    .unwrap();
    std::fs::remove_file(tmp.join("kb/articles/old-vpn.md")).unwrap();
    std::fs::write(
        tmp.join("kb/articles/new-one.md"),
        "# New\nA quokka note.\n",
    )
    .unwrap();
    std::fs::write(tmp.join("kb/articles/binary.md"), [0u8, 159, 146, 150, 0]).unwrap();
    let i = update();
    // The edit, the new file and the binary one were read; the binary one is refused.
    assert_eq!((i.changed(), i.removed()), (3 + unloadable, 1));
    assert_eq!(i.problems().len(), 1 + unloadable);
    assert!(i
        .problems()
        .iter()
        .any(|p| p.to_string().contains("binary.md")));
    for (q, n) in [("zebrafish", 1), ("quokka", 1)] {
        assert_eq!(
            i.search(&SearchRequest::new(q)).unwrap().hits.len(),
            n,
            "{q}"
        );
    }
    assert_eq!(i.index().num_docs(), files as u64);
    drop(i);
    // The Kb agrees with what the index-only update wrote, and re-indexes nothing.
    assert_eq!(
        index_reports(&tmp),
        Vec::<usize>::new(),
        "after the index-only update"
    );
    let kb = open(&tmp);
    assert_consistent(&kb, files, "after the index-only update");
    // What reports need per document comes from the index as from the loaded documents.
    let infos = kb.index().doc_infos().unwrap();
    assert_eq!(infos, kb.doc_infos());
    assert!(infos
        .iter()
        .any(|d| d.review_by.is_some() && d.category.is_some()));
    drop(kb);

    // No index at all: every file is streamed into a new one.
    std::fs::remove_dir_all(tmp.join("data/index")).unwrap();
    let i = update();
    assert_eq!(i.changed(), files + 1 + unloadable);
    assert_eq!(i.index().num_docs(), files as u64);
    assert_eq!(
        i.search(&SearchRequest::new("quokka")).unwrap().hits.len(),
        1
    );
}

#[test]
fn reopening_reads_no_unchanged_file_and_keeps_what_lists_and_links_need() {
    let tmp = tempfile::tempdir().unwrap();
    let tmp = tmp.path();
    let kb_dir = tmp.join("kb");
    std::fs::create_dir_all(kb_dir.join("runbooks")).unwrap();
    let a = kb_dir.join("runbooks/alpha.md");
    let write = |p: &str, text: &str| std::fs::write(kb_dir.join(p), text).unwrap();
    write(
        "runbooks/alpha.md",
        "---\ntitle: Alpha fix\ntags: [vpn, certs]\nreview_by: 2020-01-01\n---\n# Alpha fix\n\
         ## Step one\nSee [[beta]], [gamma](../gamma.md#details) and [gone](../gamma.md#nope).\n",
    );
    write("beta.md", "# Beta\nBack to [alpha](runbooks/alpha.md).\n");
    write("gamma.md", "# Gamma\n## Details\nThe details.\n");
    write("bad.md", "---\ntitle: [unclosed\n---\n# Bad\n");
    let summary = |kb: &Kb| {
        let mut s: Vec<_> = kb
            .summaries()
            .into_iter()
            .map(|s| (s.path, s.title, s.kind, s.tags, s.review_by))
            .collect();
        s.sort();
        s
    };
    let links = |kb: &Kb| {
        let view = |p: &str| kb.view(p).unwrap();
        (
            view("gamma.md").backlinks,
            view("beta.md").backlinks,
            view("runbooks/alpha.md").backlinks,
            view("runbooks/alpha.md")
                .problems
                .into_iter()
                .map(|p| (p.code, p.line))
                .collect::<Vec<_>>(),
        )
    };
    let kb = open(tmp);
    let (first_summary, first_problems, first_links) =
        (summary(&kb), kb.load_problems(), links(&kb));
    assert_eq!(first_summary.len(), 4);
    assert_eq!(
        first_summary[3],
        (
            "runbooks/alpha.md".into(),
            "Alpha fix".into(),
            fieldguide_core::DocKind::Runbook,
            vec!["vpn".into(), "certs".into()],
            Some("2020-01-01".into())
        )
    );
    assert!(first_problems.iter().any(|p| p.path == "bad.md"));
    let titled = |p: &str, t: &str| fieldguide_core::kb::DocRef {
        path: p.into(),
        title: t.into(),
    };
    assert_eq!(
        first_links.0,
        vec![titled("runbooks/alpha.md", "Alpha fix")]
    );
    assert_eq!(
        first_links.1,
        vec![titled("runbooks/alpha.md", "Alpha fix")]
    );
    assert_eq!(first_links.2, vec![titled("beta.md", "Beta")]);
    // Only the missing heading is reported (`#details` exists in gamma.md).
    assert_eq!(first_links.3, vec![("broken-anchor".to_string(), 8)]);
    drop(kb);

    // Same size, same time, other content: a file whose stamp is unchanged is not read again
    // when the KB reopens; its summary, problems and links come from the index.
    let modified = std::fs::metadata(&a).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&a).unwrap();
    std::fs::write(&a, text.replace("title: Alpha fix", "title: Omega fix")).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&a)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let kb = open(tmp);
    assert_eq!(summary(&kb), first_summary);
    assert_eq!(kb.load_problems(), first_problems);
    assert_eq!(links(&kb), first_links);
    // A body is read from its file when the document is opened.
    assert_eq!(kb.doc("runbooks/alpha.md").unwrap().title, "Omega fix");
    drop(kb);

    // A changed stamp is read again.
    std::fs::write(&a, text.replace("title: Alpha fix", "title: Alpha fixed")).unwrap();
    let kb = open(tmp);
    assert_eq!(
        kb.summary("runbooks/alpha.md").unwrap().title,
        "Alpha fixed"
    );
    assert_eq!(
        kb.view("gamma.md").unwrap().backlinks,
        vec![titled("runbooks/alpha.md", "Alpha fixed")]
    );
}
