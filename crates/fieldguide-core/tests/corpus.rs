//! The real corpus (../shared/corpus): 2,459 Microsoft support articles and Prometheus
//! runbooks load without problems and rank a known article first for its own terms.
use crate::util::{corpus, KbTest};

#[test]
fn officedocs_loads_and_ranks_known_articles() {
    let Some(root) = corpus("officedocs-support") else {
        eprintln!("skipped: ../shared/corpus/officedocs-support not present");
        return;
    };
    let t = KbTest::in_place(&root);
    assert!(t.kb.doc_count() >= 2400, "{}", t.kb.doc_count());
    assert_eq!(t.kb.index().num_docs() as usize, t.kb.doc_count());
    let fm_errors: Vec<_> = t.kb.load_problems();
    assert!(fm_errors.len() < 5, "{fm_errors:?}");
    // A file name with spaces loads.
    assert!(
        t.kb.docs().iter().any(|d| d.path.contains(' ')),
        "file names with spaces"
    );
    // Distinctive terms of a known article find it first.
    let t = t.search("Outlook 2016 for Mac email stuck in Outbox");
    t.expect_first("Outlook/Mac/send-receive-emails/email-stuck-in-outbox-outlook-2016-mac.md");
}

#[test]
fn prometheus_runbooks_load() {
    let Some(root) = corpus("prometheus-runbooks") else {
        return;
    };
    let t = KbTest::in_place(&root);
    assert!(t.kb.doc_count() >= 100);
    let t = t.search("KubePodCrashLooping");
    let first = &t.results().hits[0];
    assert!(
        first.path.to_lowercase().contains("kubepodcrashlooping"),
        "{}",
        first.path
    );
}
