//! The `fieldguide` binary end to end on the shipped kb-content/.
use std::process::Command;

use crate::util::repo;

fn fieldguide(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    crate::cli_util::fieldguide(&repo().join("kb-content"), data, args)
}

#[test]
fn search_json_and_human() {
    let d = tempfile::tempdir().unwrap();
    let out = fieldguide(d.path(), &["search", "--json", "saml", "login", "loop"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = v["hits"][0]["path"].as_str().unwrap();
    assert!(first.contains("sso"), "{first}");
    let out = fieldguide(d.path(), &["search", "printer", "queue"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(" 1. "), "{text}");
    let out = fieldguide(d.path(), &["search", "qqqqzzzz"]);
    assert_eq!(out.status.code(), Some(1));
}

/// `--explain` says under each hit why it matched, and `--json` has the same in `why`.
#[test]
fn search_explains_why_a_hit_matched() {
    let d = tempfile::tempdir().unwrap();
    let out = fieldguide(
        d.path(),
        &["search", "--json", "-n", "3", "saml", "login", "loop"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hit = &v["hits"][0];
    let line = hit["why"]["line"].as_str().unwrap().to_string();
    let words: Vec<&str> = hit["why"]["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["word"].as_str().unwrap())
        .collect();
    assert_eq!(words, vec!["saml", "login", "loop"], "{line}");
    // Each word is said to be in its best field: the first field the JSON lists for it.
    for w in hit["why"]["words"].as_array().unwrap() {
        let best = w["fields"][0].as_str().unwrap();
        assert!(line.contains(&format!("{best}: ")), "{best} not in {line}");
    }
    let human = fieldguide(
        d.path(),
        &["search", "--explain", "-n", "3", "saml", "login", "loop"],
    );
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains(&format!("why: {line}")), "{text}");
    let plain = fieldguide(d.path(), &["search", "-n", "3", "saml", "login", "loop"]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("why: "));
}

/// A query that starts with `-` after `--`, and one read from standard input with `-`; the last
/// word is complete on the command line (not a prefix).
#[test]
fn search_takes_dashes_and_stdin() {
    let d = tempfile::tempdir().unwrap();
    let out = fieldguide(
        d.path(),
        &["search", "--json", "--", "- SAML", "login", "loop"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["hits"][0]["path"].as_str().unwrap().contains("sso"));

    let out = crate::cli_util::fieldguide_stdin(
        &repo().join("kb-content"),
        d.path(),
        &["search", "--json", "-"],
        "- When I sign in with SAML the browser keeps going round in a login loop\n",
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["hits"][0]["path"].as_str().unwrap().contains("sso"),
        "{v}"
    );

    // Complete: `sam` is not expanded to `saml` on the command line.
    let out = fieldguide(d.path(), &["search", "--json", "sam"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| !h["path"].as_str().unwrap().contains("sso")));
}

#[test]
fn show_answers_from_the_index_and_one_file_as_the_open_kb_does() {
    // `show` does not load the KB (index + the document's file): its view must still be the
    // one the app shows — links resolved, backlinks with titles, problems.
    let d = tempfile::tempdir().unwrap();
    let kb = fieldguide_core::Kb::open_with(
        repo().join("kb-content"),
        fieldguide_core::KbOptions {
            data_dir: Some(d.path().join("app")),
            ..Default::default()
        },
    )
    .unwrap();
    let mut linked: Vec<_> = kb
        .summaries()
        .into_iter()
        .map(|s| kb.view(&s.path).unwrap())
        .filter(|v| !v.backlinks.is_empty())
        .collect();
    assert!(linked.len() >= 3, "the shipped KB has linked documents");
    linked.sort_by_key(|v| std::cmp::Reverse(v.backlinks.len()));
    for want in linked.iter().take(3) {
        let out = fieldguide(&d.path().join("cli"), &["show", "--json", &want.path]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(got, serde_json::to_value(want).unwrap(), "{}", want.path);
    }
    // Named without `.md` and without its folder.
    let name = linked[0]
        .path
        .rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".md");
    let out = fieldguide(&d.path().join("cli"), &["show", "--json", name]);
    if kb
        .summaries()
        .iter()
        .filter(|s| s.path.ends_with(&format!("/{name}.md")))
        .count()
        == 1
    {
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(got["path"], linked[0].path.as_str());
    }
    let out = fieldguide(&d.path().join("cli"), &["show", "no/such/document"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no document"));
}

#[test]
fn show_and_check() {
    let d = tempfile::tempdir().unwrap();
    let out = fieldguide(d.path(), &["show", "flows/vpn-cannot-connect"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("## "));
    let out = fieldguide(d.path(), &["lint", "--json"]);
    assert!(
        out.status.success(),
        "shipped KB has no errors: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let problems: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(problems.iter().all(|p| p["severity"] != "error"));
    // `check`, the command's former name, still runs it (older scripts).
    let old = fieldguide(d.path(), &["check", "--json"]);
    assert_eq!(old.stdout, out.stdout);
}

#[test]
fn kb_content_is_a_real_starter_kb() {
    let t = crate::util::KbTest::in_place(&repo().join("kb-content"));
    let count = |k: fieldguide_core::DocKind| t.kb.docs().iter().filter(|d| d.kind == k).count();
    assert!(
        count(fieldguide_core::DocKind::Runbook) + count(fieldguide_core::DocKind::Article) >= 25
    );
    assert!(count(fieldguide_core::DocKind::Ticket) >= 20);
    assert!(count(fieldguide_core::DocKind::Flow) >= 6);
    assert!(
        t.kb.load_problems().is_empty(),
        "{:?}",
        t.kb.load_problems()
    );
    // Every image the shipped KB shows is there (and it has at least one).
    assert!(t.kb.docs().iter().any(|d| !d.images.is_empty()));
    let problems = fieldguide_core::lint::lint_kb(&t.kb, fieldguide_core::lint::today());
    let images: Vec<_> = problems
        .iter()
        .filter(|p| p.code.contains("image"))
        .collect();
    assert!(images.is_empty(), "{images:?}");
}

/// A KB's `fieldguide.toml` names the web site its site-relative links point to: `check` no
/// longer counts them as broken; a settings file it cannot use is an error with file and line.
#[test]
fn check_follows_the_kb_settings_for_site_relative_links() {
    let kb = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    std::fs::write(
        kb.path().join("a.md"),
        "# A\n\nSee [the docs](/exchange/mail-flow) and [B](/b).\n",
    )
    .unwrap();
    std::fs::write(kb.path().join("b.md"), "# B\n").unwrap();
    let check = || {
        let out = Command::new(env!("CARGO_BIN_EXE_fieldguide"))
            .args(["--kb", kb.path().to_str().unwrap()])
            .args(["--data-dir", data.path().to_str().unwrap(), "lint"])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };

    let (_, text) = check();
    assert!(
        text.contains("a.md:3: warning[broken-link]: link to `/exchange/mail-flow`"),
        "{text}"
    );
    assert!(!text.contains("`/b`"), "{text}");

    let settings = kb.path().join("fieldguide.toml");
    std::fs::write(
        &settings,
        "[links]\nsite_base = \"https://learn.example/en-us\"\n",
    )
    .unwrap();
    let (code, text) = check();
    assert_eq!(code, Some(0), "{text}");
    assert!(!text.contains("broken-link"), "{text}");

    std::fs::write(&settings, "[links]\nsite_base = \"learn.example\"\n").unwrap();
    let (code, text) = check();
    assert_ne!(code, Some(0), "{text}");
    assert!(
        text.contains("fieldguide.toml:2: error[settings]: links.site_base `learn.example`"),
        "{text}"
    );
    assert!(text.contains("warning[broken-link]"), "{text}");
}
