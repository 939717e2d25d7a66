//! Security, core side: the XSS payload suite (`tests/fixtures/xss-core/`) rendered through the
//! real pipeline and checked with html5ever's tokenizer against a strict allow-list (no script,
//! no handler, no URL that loads anything or reaches IPC), sanitizer idempotence, search
//! snippets, path confinement of the command surface, and the Tauri CSP and capabilities.
use std::cell::RefCell;
use std::path::Path;

use fieldguide_core::render::{render_markdown, sanitize, Resolved};
use fieldguide_core::{Error, LinkTarget, SearchRequest};
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::util::{repo, KbTest};

/// The payloads of `tests/fixtures/xss-core/payloads.txt`.
pub fn payloads() -> Vec<String> {
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/xss-core/payloads.txt")).unwrap();
    let mut blocks = text.split("\n%%%\n");
    blocks.next(); // the header comment
    let out: Vec<String> = blocks
        .map(|b| b.trim_end_matches('\n').to_string())
        .collect();
    assert!(out.len() > 100, "payload file lost its blocks");
    out
}

/// A tag seen by the tokenizer: (is a start tag, name, attributes).
type SeenTag = (bool, String, Vec<(String, String)>);

#[derive(Default)]
struct Collect {
    tags: RefCell<Vec<SeenTag>>,
    other: RefCell<Vec<String>>,
}

impl TokenSink for Collect {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(t) => self.tags.borrow_mut().push((
                t.kind == TagKind::StartTag,
                t.name.to_string(),
                t.attrs
                    .iter()
                    .map(|a| {
                        let prefix = a.name.prefix.as_ref().map(|p| format!("{p}:"));
                        (
                            format!("{}{}", prefix.unwrap_or_default(), a.name.local),
                            a.value.to_string(),
                        )
                    })
                    .collect(),
            )),
            Token::CommentToken(c) => self.other.borrow_mut().push(format!("comment {c}")),
            Token::DoctypeToken(_) => self.other.borrow_mut().push("doctype".into()),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Elements the reader may receive. No svg/math/style/form/iframe/object/area/…; `img` only with
/// a KB asset URL (checked below).
const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "wbr",
];

/// Attributes allowed anywhere (harmless presentation or table layout).
const GENERIC_ATTRS: &[&str] = &[
    "lang", "title", "dir", "align", "colspan", "rowspan", "span", "start", "reversed", "type",
    "open", "cite", "datetime", "value", "abbr", "headers", "scope", "char", "charoff", "summary",
    "width", "height", "valign", "nowrap",
];

/// Checks that `html` cannot run script, load anything or navigate the webview: every element
/// and attribute is allow-listed, every href is a fragment or http(s)/mailto. Returns the
/// violations (empty = safe).
pub fn violations(html: &str) -> Vec<String> {
    let sink = Collect::default();
    let input = BufferQueue::default();
    input.push_back(html.into());
    let tok = Tokenizer::new(sink, TokenizerOpts::default());
    let _ = tok.feed(&input);
    tok.end();
    let mut bad: Vec<String> = tok.sink.other.borrow().clone();
    for (start, name, attrs) in tok.sink.tags.borrow().iter() {
        if !ELEMENTS.contains(&name.as_str()) {
            bad.push(format!("element <{name}>"));
        }
        if !start {
            continue;
        }
        for (a, v) in attrs {
            let ok = match a.as_str() {
                "href" => {
                    name == "a"
                        && (v.starts_with('#')
                            || v.starts_with("https://")
                            || v.starts_with("http://")
                            || v.starts_with("mailto:"))
                }
                "rel" => name == "a" && v == "noopener noreferrer",
                // Images load only from the KB, through the app's asset scheme.
                "src" => name == "img" && fieldguide_core::assets::asset_url_path(v).is_some(),
                "alt" => name == "img",
                "class" => true, // values are allow-listed by the sanitizer; checked below
                "id" => v.starts_with("fg-"),
                "data-doc" | "data-anchor" => name == "a",
                "checked" | "disabled" => name == "input",
                "type" if name == "input" => v == "checkbox",
                a => GENERIC_ATTRS.contains(&a),
            };
            if !ok {
                bad.push(format!("<{name} {a}=\"{v}\">"));
            }
            if a.starts_with("on") || a.contains(':') {
                bad.push(format!("handler or namespaced attribute <{name} {a}>"));
            }
        }
        if name == "img" && !attrs.iter().any(|(a, _)| a == "src") {
            bad.push(format!("img without a KB source: {attrs:?}"));
        }
        if name == "input"
            && !(attrs.iter().any(|(a, _)| a == "disabled")
                && attrs.iter().any(|(a, v)| a == "type" && v == "checkbox"))
        {
            bad.push(format!("input that is not a disabled checkbox: {attrs:?}"));
        }
    }
    bad
}

fn resolver(t: &LinkTarget) -> Resolved {
    match t {
        LinkTarget::Doc { target, .. } if target == "known.md" => Resolved::Doc {
            path: "known.md".into(),
            anchor: None,
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

/// The payload in the contexts markdown puts text in.
fn contexts(p: &str) -> Vec<String> {
    let quoted: String = p.lines().map(|l| format!("> {l}\n")).collect();
    let listed: String = p.lines().map(|l| format!("  {l}\n")).collect();
    vec![
        p.to_string(),
        format!("Before {p} after\n"),
        quoted,
        format!("- item\n{listed}"),
        format!("| h |\n|---|\n| {} |\n", p.replace('\n', " ")),
        format!("## {}\n", p.replace('\n', " ")),
        format!("[{}](https://example.com)\n", p.replace('\n', " ")),
    ]
}

#[test]
fn the_checker_catches_what_it_must() {
    // The checker itself must fail on hostile output, or the suite proves nothing.
    for bad in [
        "<script>alert(1)</script>",
        "<img src=x>",
        "<img src=\"https://example.com/x.png\">",
        "<img src=\"fgasset://localhost/../x.png\">",
        "<img src=\"fgasset://localhost/a.png\" srcset=\"https://x.example/a.png\">",
        "<img alt=\"no source\">",
        "<a href=\"fgasset://localhost/a.png\">x</a>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<p onclick=\"x\">y</p>",
        "<svg></svg>",
        "<div style=\"x\">y</div>",
        "<a href=\"/etc/passwd\">x</a>",
        "<input type=\"text\">",
        "<h1 id=\"app\">x</h1>",
        "<!-- comment -->",
    ] {
        assert!(!violations(bad).is_empty(), "checker missed {bad}");
    }
    assert!(violations(
        "<p><a href=\"https://x.example\" rel=\"noopener noreferrer\" class=\"external\">x</a></p>"
    )
    .is_empty());
}

#[test]
fn every_payload_renders_safe_in_every_context_and_sanitizing_is_idempotent() {
    let mut failures = Vec::new();
    let mut rendered = 0;
    for (i, p) in payloads().iter().enumerate() {
        for (c, md) in contexts(p).iter().enumerate() {
            let html = render_markdown(md, &resolver);
            rendered += 1;
            let v = violations(&html);
            if !v.is_empty() {
                failures.push(format!(
                    "payload {i} context {c}: {v:?}\n  md: {md}\n  html: {html}"
                ));
            }
            let again = sanitize(&html);
            if again != html {
                failures.push(format!(
                    "payload {i} context {c}: not idempotent\n  {html}\n  {again}"
                ));
            }
        }
        // The sanitizer alone, on the raw payload (HTML, not markdown), twice.
        let once = sanitize(p);
        let v = violations(&once);
        if !v.is_empty() {
            failures.push(format!("payload {i} sanitized raw: {v:?}\n  {once}"));
        }
        if sanitize(&once) != once {
            failures.push(format!("payload {i}: sanitize not idempotent on raw input"));
        }
    }
    assert!(rendered > 700, "{rendered}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn hostile_text_stays_visible_as_text() {
    // Safety must not come from deleting what the author wrote in code: it is shown, escaped.
    let html = render_markdown("```html\n<script>alert(1)</script>\n```\n", &resolver);
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    let html = render_markdown("[click](javascript:alert(1))\n", &resolver);
    assert!(
        html.contains("<span class=\"refused-link\">click</span>"),
        "{html}"
    );
    let html = render_markdown("[ok](https://example.com/a?b=1&c=2)\n", &resolver);
    assert!(
        html.contains("href=\"https://example.com/a?b=1&amp;c=2\""),
        "{html}"
    );
}

#[test]
fn fixture_kb_views_and_search_snippets_are_safe() {
    let t = KbTest::from_dir("xss-core/kb");
    assert!(t.kb.doc_count() >= 3);
    for d in t.kb.docs() {
        let view = t.kb.view(&d.path).unwrap();
        let v = violations(&view.html);
        assert!(v.is_empty(), "{}: {v:?}\n{}", d.path, view.html);
        // Raw HTML can spoof a `data-doc` link; the UI then asks the core for that path, which
        // serves KB documents only.
        for part in view.html.split("data-doc=\"").skip(1) {
            let target = part.split('"').next().unwrap();
            if t.kb.doc(target).is_none() {
                assert!(
                    t.kb.view(target).is_err(),
                    "{target} served from {}",
                    d.path
                );
            }
        }
    }
    let mixed = t.kb.view("articles/mixed-payloads.md").unwrap();
    assert!(mixed
        .html
        .contains("data-doc=\"articles/front-matter-tricks.md\""));
    // Front matter stays text: the UI shows it with textContent.
    let fm = t.kb.view("articles/front-matter-tricks.md").unwrap();
    assert!(fm.title.contains("<script>"), "{}", fm.title);
    let r = t.kb.search(&SearchRequest::new("xsssentinel")).unwrap();
    assert_eq!(r.hits.len(), 1);
    for h in &r.hits {
        let v: Vec<String> = violations(&h.snippet_html)
            .into_iter()
            .filter(|x| x != "element <b>")
            .collect();
        assert!(v.is_empty(), "{v:?} in {}", h.snippet_html);
        assert!(!h.snippet_html.contains("<script"), "{}", h.snippet_html);
    }
}

#[test]
fn document_paths_from_the_webview_cannot_leave_the_kb() {
    let t = KbTest::from_dir("xss-core/kb");
    std::fs::write(t.tmp.path().join("outside.md"), "# secret outside the KB\n").unwrap();
    for p in [
        "../outside.md",
        "/etc/passwd",
        "articles/../../outside.md",
        "..\\outside.md",
        "",
    ] {
        match t.kb.view(p) {
            Err(e) => assert!(
                matches!(e, Error::NotFound(_) | Error::InvalidPath(_)),
                "{p}: {e}"
            ),
            Ok(v) => panic!("{p} was served: {}", v.title),
        }
        if p != "..\\outside.md" {
            // (on Unix a backslash is part of a file name, so that one stays inside the KB)
            assert!(
                fieldguide_core::resolve_in_kb(t.kb.root(), p).is_err(),
                "{p}"
            );
        }
    }
    // A refresh of an escaping path does not load the outside file into the KB.
    let before = t.kb.doc_count();
    let _ = t.kb.refresh_paths(&["../outside.md".into()]);
    assert_eq!(t.kb.doc_count(), before);
    assert!(t.kb.doc("../outside.md").is_none());
}

fn read_json(rel: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(repo().join(rel)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn csp_is_strict() {
    let conf = read_json("src-tauri/tauri.conf.json");
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    let sec = &conf["app"]["security"];
    assert_eq!(sec["freezePrototype"], true);
    assert!(sec.get("dangerousDisableAssetCspModification").is_none());
    assert!(sec.get("assetProtocol").is_none_or(|a| a["enable"] != true));
    // No Tauri asset protocol at all: the webview cannot fetch arbitrary files by URL (KB images
    // come through the app's own `fgasset` scheme, confined to the KB: `kb_images_*`).
    let cargo = std::fs::read_to_string(repo().join("src-tauri/Cargo.toml")).unwrap();
    assert!(
        !cargo.contains("protocol-asset"),
        "the asset protocol is enabled"
    );
    let csp = sec["csp"].as_object().expect("CSP is set, as a map");
    let get = |k: &str| csp.get(k).and_then(|v| v.as_str()).unwrap_or("");
    assert_eq!(get("default-src"), "'self'");
    assert_eq!(get("script-src"), "'self'");
    assert_eq!(get("object-src"), "'none'");
    assert_eq!(get("base-uri"), "'none'");
    assert_eq!(get("form-action"), "'none'");
    assert_eq!(get("frame-src"), "'none'");
    for (k, v) in csp {
        let v = v.as_str().unwrap();
        for bad in [
            "'unsafe-eval'",
            "'wasm-unsafe-eval'",
            "*",
            "https:",
            "http://*",
            "blob:",
        ] {
            assert!(
                !v.split_whitespace().any(|t| t == bad),
                "{k} allows {bad}: {v}"
            );
        }
        if k != "style-src" {
            assert!(!v.contains("'unsafe-inline'"), "{k}: {v}");
        }
        // The only non-self sources are Tauri's own IPC endpoint and, for images, the app's
        // KB asset scheme (its Linux/macOS and its Windows form).
        for src in v.split_whitespace() {
            assert!(
                src.starts_with('\'')
                    || src == "data:"
                    || (k == "connect-src" && (src == "ipc:" || src == "http://ipc.localhost"))
                    || (k == "img-src" && (src == "fgasset:" || src == "http://fgasset.localhost")),
                "{k} allows remote source {src}"
            );
        }
    }
}

#[test]
fn capabilities_grant_only_the_apps_own_commands_and_safe_plugins() {
    let cap = read_json("src-tauri/capabilities/main.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    assert!(cap.get("remote").is_none(), "no remote origin may use IPC");
    let list = std::fs::read_to_string(repo().join("src-tauri/src/commands/list.rs")).unwrap();
    for p in cap["permissions"].as_array().unwrap() {
        let id = p
            .as_str()
            .or_else(|| p["identifier"].as_str())
            .unwrap()
            .to_string();
        if let Some(cmd) = id.strip_prefix("allow-") {
            let snake = cmd.replace('-', "_");
            assert!(
                list.contains(&format!("\"{snake}\"")),
                "{id} grants a command not in commands/list.rs"
            );
            continue;
        }
        let allowed = [
            "core:event:allow-listen",
            "core:event:allow-unlisten",
            "core:event:allow-emit",
            "dialog:allow-open",
            "dialog:allow-save",
            "dialog:allow-message",
            "dialog:allow-ask",
            "dialog:allow-confirm",
            "opener:allow-open-url",
        ];
        assert!(
            allowed.contains(&id.as_str()),
            "{id}: not an allow-listed permission (no defaults, fs, shell, http or wildcards)"
        );
        if id == "opener:allow-open-url" {
            for u in p["allow"].as_array().expect("opener is scoped") {
                let url = u["url"].as_str().unwrap();
                assert!(
                    ["https://*", "http://*", "mailto:*"].contains(&url),
                    "opener may open {url}"
                );
            }
        }
    }
}

#[test]
fn no_other_capability_files_widen_the_grant() {
    let dir = repo().join("src-tauri/capabilities");
    let files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(files, vec!["main.json".to_string()], "{}", dir.display());
    assert!(Path::new(&dir.join("main.json")).is_file());
}

#[test]
fn kb_images_load_only_from_inside_the_kb() {
    use fieldguide_core::assets::{self, URL_BASE_NATIVE};
    let t = KbTest::from_dir("xss-core/kb");
    let png = b"\x89PNG\r\n\x1a\nfixture";
    t.write("articles/media/shot.png", "");
    std::fs::write(t.root().join("articles/media/shot.png"), png).unwrap();
    std::fs::write(t.root().join("articles/media/notes.txt"), "text").unwrap();
    std::fs::write(t.tmp.path().join("outside.png"), png).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        t.tmp.path().join("outside.png"),
        t.root().join("articles/media/link.png"),
    )
    .unwrap();
    t.write(
        "articles/images.md",
        &format!(
            "# Images\n\n![ok](media/shot.png)\n\n![rooted](/articles/media/shot.png)\n\n\
             ![remote](https://example.com/beacon.png)\n\n![escape](../../outside.png)\n\n\
             ![encoded](%2e%2e/%2e%2e/outside.png)\n\n![link](media/link.png)\n\n\
             ![text](media/notes.txt)\n\n![missing](media/nope.png)\n\n![abs]({})\n\n\
             <img src=\"media/shot.png\" onerror=\"window.__xss=1\" srcset=\"https://example.com/2x.png 2x\" width=\"10\">\n\n\
             <img src=\"https://example.com/raw.png\" alt=\"raw remote\">\n\n\
             <a href=\"fgasset://localhost/articles/media/shot.png\">asset link</a>\n",
            t.tmp.path().join("outside.png").display()
        ),
    );
    t.kb.refresh_paths(&["articles/images.md".into()]).unwrap();
    let view =
        t.kb.view_with_images("articles/images.md", URL_BASE_NATIVE)
            .unwrap();
    let html = &view.html;
    let v = violations(html);
    assert!(v.is_empty(), "{v:?}\n{html}");
    assert_eq!(sanitize(html), *html, "not idempotent");
    let url = "src=\"fgasset://localhost/articles/media/shot.png\"";
    assert_eq!(html.matches(url).count(), 3, "{html}");
    assert_eq!(html.matches("<img").count(), 3, "{html}");
    for alt in [
        "remote",
        "escape",
        "encoded",
        "text",
        "missing",
        "abs",
        "raw remote",
    ] {
        assert!(
            html.contains(&format!("<span class=\"image-alt\">[image: {alt}]</span>")),
            "{alt}: {html}"
        );
    }
    #[cfg(unix)]
    assert!(
        html.contains("[image: link]"),
        "a symlink out of the KB: {html}"
    );
    for bad in [
        "example.com",
        "outside",
        "onerror",
        "srcset",
        "href=\"fgasset",
    ] {
        assert!(!html.contains(bad), "{bad}: {html}");
    }
    // Every URL the page may load is served by the asset handler; the escapes are not.
    let root = t.kb.root();
    for src in html.split("src=\"").skip(1) {
        let url = src.split('"').next().unwrap();
        let path = url.strip_prefix("fgasset://localhost").unwrap();
        assert_eq!(assets::read(root, path).unwrap().bytes, png);
    }
    for path in [
        "/../outside.png",
        "/%2e%2e/outside.png",
        "/articles/media/link.png",
        "/articles/media/notes.txt",
    ] {
        if path.ends_with("link.png") && cfg!(not(unix)) {
            continue;
        }
        assert!(assets::read(root, path).is_err(), "{path} served");
    }
    // Without an asset host (CLI, `Kb::view`) the same document shows only alt text.
    let plain = t.kb.view("articles/images.md").unwrap().html;
    assert!(!plain.contains("<img"), "{plain}");
    assert!(plain.contains("[image: ok]"), "{plain}");
}
