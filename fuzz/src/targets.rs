//! The fuzz targets' bodies: front matter, markdown rendering and flow parsing. Shared by the
//! cargo-fuzz binaries in `fuzz/fuzz_targets/` (nightly, coverage-guided) and the stable smoke
//! runner in `crates/fieldguide-core/tests/fuzz_smoke.rs` (seed corpus plus deterministic mutations). Each target must
//! never panic, and checks the invariants the app relies on.
use fieldguide_core::flow::{lint, Flow};
use fieldguide_core::frontmatter::{front_matter_block, parse_front_matter};
use fieldguide_core::render::{render_markdown, sanitize, Resolved};
use fieldguide_core::LinkTarget;
use fieldguide_core::{decode, parse_article};

/// Front matter: raw bytes through the loader's checks, then the YAML and the article walk.
pub fn front_matter(data: &[u8]) {
    let Ok(text) = decode(data.to_vec()) else {
        return;
    };
    let lines = text.lines().count().max(1) + 1;
    if let Some((yaml, range, first_line)) = front_matter_block(&text) {
        assert!(range.end <= text.len());
        assert!(first_line >= 1);
        let _ = parse_front_matter(&yaml);
    }
    let _ = parse_front_matter(&text);
    let (article, problems) = parse_article("fuzz/doc.md", text.clone());
    assert_eq!(article.source, text);
    assert!(article.body_offset <= text.len());
    for p in problems {
        assert!(p.line <= lines, "problem line {} past the end: {p}", p.line);
    }
}

fn resolve(t: &LinkTarget) -> Resolved {
    match t {
        LinkTarget::Doc { target, anchor, .. } if target.len() % 2 == 0 => Resolved::Doc {
            path: format!("{}.md", target.trim_end_matches(".md")),
            anchor: anchor.clone(),
        },
        LinkTarget::Doc { .. } => Resolved::Broken,
        LinkTarget::Anchor { anchor } => Resolved::SameDoc(anchor.clone()),
        LinkTarget::External { url } => {
            let l = url.trim().to_ascii_lowercase();
            if l.starts_with("http://") || l.starts_with("https://") || l.starts_with("mailto:") {
                Resolved::External(url.trim().to_string())
            } else {
                Resolved::Refused
            }
        }
    }
}

/// Markdown → sanitized HTML: no panic, no script, and the sanitizer is idempotent on it.
pub fn render(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = render_markdown(text, &resolve);
    for tag in tags(&html) {
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            !matches!(
                name.as_str(),
                "script"
                    | "iframe"
                    | "svg"
                    | "math"
                    | "style"
                    | "object"
                    | "embed"
                    | "form"
                    | "base"
                    | "link"
                    | "meta"
                    | "area"
                    | "template"
            ),
            "<{tag}> in rendered HTML: {html}"
        );
        for (attr, value) in attributes(tag) {
            assert!(!attr.starts_with("on") && attr != "style", "<{tag}>");
            if attr == "src" {
                // Only KB images, through the app's confined asset scheme, never a path that
                // climbs out of the KB.
                let path = fieldguide_core::assets::asset_url_path(value);
                assert!(
                    name == "img"
                        && path
                            .as_deref()
                            .is_some_and(|p| !p.split('/').any(|c| c == ".." || c.is_empty())),
                    "<{tag}> in rendered HTML: {html}"
                );
            }
            if attr == "href" {
                assert!(
                    ["#", "http:", "https:", "mailto:"]
                        .iter()
                        .any(|p| value.starts_with(p)),
                    "<{tag}> in rendered HTML"
                );
            }
        }
    }
    assert_eq!(sanitize(&html), html, "sanitize is not idempotent");
    let (article, _) = parse_article("fuzz/doc.md", text.to_string());
    let _ = fieldguide_core::render::render_article(&article, &resolve);
}

/// Flow documents: parse, lint, graph and mermaid; every node id is unique in the graph.
pub fn flow_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (flow, _problems) = Flow::parse("flows/fuzz.md", text);
    let _ = lint(&flow);
    let graph = flow.graph();
    assert!(graph.nodes.len() <= flow.nodes.len());
    let mermaid = flow.to_mermaid();
    assert!(!mermaid.contains("<script"), "{mermaid}");
    let _ = flow.start_node();
}

/// The tags of sanitizer output (`<` in text is always escaped there; attribute values are
/// double-quoted), each without its angle brackets.
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quoted = false;
    for (i, c) in html.char_indices() {
        match (start, c) {
            (None, '<') => start = Some(i + 1),
            (Some(_), '"') => quoted = !quoted,
            (Some(s), '>') if !quoted => {
                out.push(&html[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The `name="value"` pairs of one serialized tag.
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = tag
        .trim_start_matches('/')
        .trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    loop {
        rest = rest.trim_start();
        let end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        let name = &rest[..end];
        rest = &rest[end..];
        if let Some(v) = rest.strip_prefix("=\"") {
            let close = v.find('"').unwrap_or(v.len());
            out.push((name, &v[..close]));
            rest = v.get(close + 1..).unwrap_or("");
        } else {
            out.push((name, ""));
        }
    }
    out
}
