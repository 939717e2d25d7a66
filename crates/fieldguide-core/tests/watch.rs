//! The watcher: files changed outside the app the way real editors and git do it (vim's
//! write-to-temp-and-rename and backup-then-write, VS Code's truncate-and-write in place,
//! `git checkout`'s unlink + create of several files and folder renames) are re-read and
//! re-indexed within about a second, without reopening the KB.
use std::fs;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fieldguide_core::kb::watch::{watch, WatchHandle};
use fieldguide_core::{Kb, KbOptions, SearchRequest};

/// How long a change may take to become searchable (the issue asks for ~1 s; slack for CI).
const LIMIT: Duration = Duration::from_secs(3);

struct Watched {
    tmp: tempfile::TempDir,
    kb: Arc<Kb>,
    _handle: WatchHandle,
}

impl Watched {
    fn new() -> Watched {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("kb");
        crate::util::copy_dir(&crate::util::repo().join("tests/fixtures/authoring"), &root);
        let kb = Arc::new(
            Kb::open_with(
                &root,
                KbOptions {
                    data_dir: Some(tmp.path().join("data")),
                    ..Default::default()
                },
            )
            .unwrap(),
        );
        let handle = watch(kb.clone(), |_| {}).unwrap();
        // Give inotify a moment to register the recursive watches.
        std::thread::sleep(Duration::from_millis(150));
        Watched {
            tmp,
            kb,
            _handle: handle,
        }
    }

    fn p(&self, rel: &str) -> std::path::PathBuf {
        self.tmp.path().join("kb").join(rel)
    }

    fn hits(&self, q: &str) -> Vec<String> {
        self.kb
            .search(&SearchRequest::new(q))
            .map(|r| r.hits.into_iter().map(|h| h.path).collect())
            .unwrap_or_default()
    }

    /// Waits until the search for `q` returns exactly `paths` (sorted); panics after LIMIT.
    fn expect(&self, q: &str, paths: &[&str]) -> Duration {
        let start = Instant::now();
        loop {
            let mut got = self.hits(q);
            got.sort();
            if got == paths {
                return start.elapsed();
            }
            if start.elapsed() > LIMIT {
                panic!("after {LIMIT:?}, `{q}` finds {got:?}, expected {paths:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

const DOC: &str = "articles/vpn-drops.md";

fn doc_with(word: &str) -> String {
    format!("---\ntitle: VPN drops\n---\n## Issue\n\nThe tunnel drops; {word}.\n")
}

#[test]
fn vim_write_to_temp_then_rename_over() {
    let w = Watched::new();
    // vim with backupcopy=no: write a new file beside the original, then rename it over.
    let tmp = w.p("articles/4913");
    fs::write(&tmp, "").unwrap();
    fs::remove_file(&tmp).unwrap();
    let swap = w.p("articles/.vpn-drops.md.swp");
    fs::write(&swap, b"swap junk").unwrap();
    let new = w.p("articles/vpn-drops.md.new");
    fs::write(&new, doc_with("quaggaword")).unwrap();
    fs::rename(&new, w.p(DOC)).unwrap();
    fs::remove_file(&swap).unwrap();
    let took = w.expect("quaggaword", &[DOC]);
    assert!(w.hits("unreachable").is_empty());
    eprintln!("vim rename-over picked up in {took:?}");
}

#[test]
fn vim_backup_then_write_in_place() {
    let w = Watched::new();
    // vim's default on Linux: rename the original to a backup `file~`, write a fresh file.
    fs::rename(w.p(DOC), w.p("articles/vpn-drops.md~")).unwrap();
    fs::write(w.p(DOC), doc_with("wombatword")).unwrap();
    fs::remove_file(w.p("articles/vpn-drops.md~")).unwrap();
    w.expect("wombatword", &[DOC]);
    // backupcopy=yes: copy to the backup, then overwrite the original in place.
    fs::copy(w.p(DOC), w.p("articles/vpn-drops.md~")).unwrap();
    fs::write(w.p(DOC), doc_with("okapiword")).unwrap();
    w.expect("okapiword", &[DOC]);
    w.expect("wombatword", &[]);
}

#[test]
fn vscode_truncate_and_write_in_place() {
    let w = Watched::new();
    let mut f = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(w.p(DOC))
        .unwrap();
    let text = doc_with("narwhalword");
    let (a, b) = text.split_at(text.len() / 2);
    f.write_all(a.as_bytes()).unwrap();
    f.flush().unwrap();
    std::thread::sleep(Duration::from_millis(30));
    f.write_all(b.as_bytes()).unwrap();
    drop(f);
    w.expect("narwhalword", &[DOC]);
}

#[test]
fn git_checkout_unlinks_and_creates_several_files() {
    let w = Watched::new();
    let others = ["articles/unrelated.md", "runbooks/reconnect-vpn.md"];
    for (i, rel) in [DOC, others[0], others[1]].iter().enumerate() {
        fs::remove_file(w.p(rel)).unwrap();
        fs::write(w.p(rel), doc_with(&format!("gitword{i} checkoutword"))).unwrap();
    }
    fs::create_dir_all(w.p("articles/new")).unwrap();
    fs::write(w.p("articles/new/added.md"), doc_with("checkoutword")).unwrap();
    fs::remove_file(w.p("articles/spooler-stuck.md")).unwrap();
    w.expect(
        "checkoutword",
        &[
            "articles/new/added.md",
            "articles/unrelated.md",
            "articles/vpn-drops.md",
            "runbooks/reconnect-vpn.md",
        ],
    );
    assert!(w.kb.doc("articles/spooler-stuck.md").is_none());
    w.expect("gitword2", &["runbooks/reconnect-vpn.md"]);
}

#[test]
fn folder_renames_move_every_document() {
    let w = Watched::new();
    fs::rename(w.p("articles"), w.p("kb-articles")).unwrap();
    w.expect("gateway unreachable", &["kb-articles/vpn-drops.md"]);
    assert!(w.kb.doc(DOC).is_none());
    assert!(w.kb.doc("kb-articles/unrelated.md").is_some());
    // And out of the KB entirely (moved to a hidden trash folder): gone.
    fs::rename(w.p("kb-articles"), w.p(".trash")).unwrap();
    w.expect("gateway unreachable", &[]);
    assert_eq!(w.kb.doc_count(), 1);
}

#[test]
fn app_saves_and_external_edits_coexist() {
    let w = Watched::new();
    let doc = w.kb.load_for_edit(DOC).unwrap();
    // An external edit lands while the document is open in the app.
    fs::write(w.p(DOC), doc_with("externalword")).unwrap();
    w.expect("externalword", &[DOC]);
    let err = w.kb.save_doc(DOC, &doc.text, &doc.base_hash).unwrap_err();
    assert_eq!(err.code(), "conflict");
    // The app's own save is seen by the watcher without double-indexing trouble.
    let fresh = w.kb.load_for_edit(DOC).unwrap();
    w.kb.save_doc(DOC, &doc_with("appword"), &fresh.base_hash)
        .unwrap();
    assert_eq!(w.hits("appword"), [DOC]);
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(w.hits("appword"), [DOC]);
    assert!(w.hits("externalword").is_empty());
}
