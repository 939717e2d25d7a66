//! Bad input: files over the size limit, binary files, invalid UTF-8, YAML bombs, 10,000-deep
//! nested lists and quotes, a 10,000-node flow — each gives a clear problem (file, reason) or a
//! result in bounded time, on a thread with a small stack so recursion would show as a crash.
use std::time::{Duration, Instant};

use fieldguide_core::flow::{lint, Flow};
use fieldguide_core::render::render_markdown;
use fieldguide_core::Kb;
use fieldguide_core::{parse_article, MAX_FILE_BYTES};

use crate::util::KbTest;

/// Runs `f` on a thread with a 1 MiB stack (the default for spawned threads is 2 MiB, the main
/// thread 8 MiB): a recursive walk over 10,000 levels would overflow it and abort the test.
fn small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

fn bounded<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    let took = t.elapsed();
    eprintln!("{what}: {took:?}");
    assert!(took < limit, "{what} took {took:?} (limit {limit:?})");
    out
}

fn resolve(t: &fieldguide_core::LinkTarget) -> fieldguide_core::render::Resolved {
    let _ = t;
    fieldguide_core::render::Resolved::Broken
}

#[test]
fn oversized_binary_and_invalid_utf8_files_are_reported_and_the_rest_loads() {
    let t = KbTest::from_dir("search/basic");
    let before = t.kb.doc_count();
    // 5 MB of plausible markdown: over the 4 MB limit.
    let big = "# Huge\n".to_string() + &"A line of runbook text.\n".repeat(5 * 1024 * 1024 / 24);
    assert!(big.len() > MAX_FILE_BYTES);
    t.write("articles/huge.md", &big);
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(std::iter::repeat_n(0u8, 4096));
    std::fs::write(t.root().join("articles/picture.md"), &png).unwrap();
    let mut latin1 = b"# Caf".to_vec();
    latin1.extend(b"\xe9 au lait\nNo UTF-8 here.\n");
    std::fs::write(t.root().join("articles/latin1.md"), &latin1).unwrap();
    let kb = bounded("open with bad files", Duration::from_secs(20), || {
        Kb::open_with(
            t.root(),
            fieldguide_core::KbOptions {
                data_dir: Some(t.tmp.path().join("data-bad")),
                ..Default::default()
            },
        )
        .unwrap()
    });
    assert_eq!(kb.doc_count(), before, "bad files are not loaded");
    let problems = kb.load_problems();
    let find = |p: &str| {
        problems
            .iter()
            .find(|x| x.path == p)
            .unwrap_or_else(|| panic!("no problem for {p}: {problems:?}"))
    };
    let huge = find("articles/huge.md");
    assert!(
        huge.message.contains("larger than") && huge.message.contains(&MAX_FILE_BYTES.to_string()),
        "{huge:?}"
    );
    assert!(find("articles/picture.md").message.contains("binary"));
    let l1 = find("articles/latin1.md");
    assert!(
        l1.message.contains("not valid UTF-8") && l1.message.contains("offset 5"),
        "{l1:?}"
    );
    for p in [
        "articles/huge.md",
        "articles/picture.md",
        "articles/latin1.md",
    ] {
        assert_eq!(find(p).code, "bad-file");
        assert!(kb.view(p).is_err(), "{p} must not be served");
    }
    // Fixing the file makes it a document again.
    t.write("articles/latin1.md", "# Café au lait\nNow UTF-8.\n");
    let changes = kb.refresh_paths(&["articles/latin1.md".into()]).unwrap();
    assert_eq!(changes.changed, vec!["articles/latin1.md"]);
    assert_eq!(kb.doc_count(), before + 1);
}

#[test]
fn deeply_nested_lists_and_quotes_render_in_bounded_time_without_recursion() {
    for (name, unit) in [
        ("list", "  - "),
        ("ordered", "   1. "),
        ("quote", "> "),
        ("mixed", "> - "),
        ("brackets", "["),
        ("emphasis", "*_"),
    ] {
        let depth = 10_000;
        let mut md = String::from("# Deep\n\n");
        for i in 0..depth {
            md.push_str(&unit.repeat(i.min(depth)));
            md.push_str("item\n");
            if i > 50 {
                break; // lines grow quadratically: a few full-depth lines below
            }
        }
        md.push_str(&unit.repeat(depth));
        md.push_str("bottom\n");
        let md2 = md.clone();
        let html = small_stack(move || {
            bounded(&format!("{name}: parse"), Duration::from_secs(10), || {
                parse_article("deep.md", md2.clone())
            });
            bounded(&format!("{name}: render"), Duration::from_secs(3), || {
                render_markdown(&md2, &resolve)
            })
        });
        assert!(html.contains("bottom"), "{name}: content lost");
        let _ = md;
    }
}

#[test]
fn deeply_nested_raw_html_is_bounded() {
    let md = format!(
        "{}deep{}\n",
        "<div><blockquote>".repeat(5_000),
        "</blockquote></div>".repeat(5_000)
    );
    let html = small_stack(move || {
        bounded("raw html nesting: render", Duration::from_secs(3), || {
            render_markdown(&md, &resolve)
        })
    });
    assert!(html.contains("deep"));
}

#[test]
fn yaml_bombs_in_front_matter_are_refused_quickly() {
    // A billion laughs: each alias level multiplies the size by nine.
    let mut yaml = String::from(
        "---\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        yaml.push_str(&format!(
            "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    yaml.push_str("title: Bomb\n---\n# Body\n");
    let (article, problems) = small_stack(move || {
        bounded("yaml bomb", Duration::from_secs(5), || {
            parse_article("bomb.md", yaml)
        })
    });
    // Either refused (a clear front-matter problem) or parsed lazily; never a hang or crash.
    assert!(
        problems.iter().any(|p| p.code == "front-matter") || article.title == "Bomb",
        "{problems:?}"
    );
    // Deep YAML nesting.
    let deep = format!(
        "---\nx: {}1{}\n---\n# Deep yaml\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (_, problems) = small_stack(move || {
        bounded("deep yaml", Duration::from_secs(5), || {
            parse_article("deep-yaml.md", deep)
        })
    });
    assert!(
        problems
            .iter()
            .any(|p| p.code == "front-matter" && p.line >= 2),
        "{problems:?}"
    );
}

#[test]
fn a_ten_thousand_node_flow_parses_lints_and_draws_in_bounded_time() {
    let n = 10_000;
    let mut src = String::from("---\ntitle: Big\nkind: flow\n---\n");
    for i in 0..n {
        src.push_str(&format!("## Step {i} {{#n{i}}}\nCheck item {i}.\n"));
        if i + 1 < n {
            src.push_str(&format!("- [next](#n{})\n", i + 1));
            src.push_str(&format!("- [skip](#n{})\n", (i * 7 + 3) % n));
        } else {
            src.push_str("> outcome: resolved\n");
        }
        src.push('\n');
    }
    let nodes = small_stack(move || {
        let (flow, problems) = bounded("10k flow: parse", Duration::from_secs(10), || {
            Flow::parse("flows/big.md", &src)
        });
        assert!(
            problems.is_empty(),
            "{:?}",
            &problems[..problems.len().min(3)]
        );
        bounded(
            "10k flow: lint + graph + mermaid",
            Duration::from_secs(5),
            || {
                let _ = lint(&flow);
                let g = flow.graph();
                let m = flow.to_mermaid();
                assert!(m.len() > n * 10);
                g.nodes.len()
            },
        )
    });
    assert_eq!(nodes, n);
}
