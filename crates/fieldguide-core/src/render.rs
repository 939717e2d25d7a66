//! Markdown → sanitized HTML for the reader. Rendered article HTML is untrusted: links are
//! rewritten to KB-internal `data-doc` links or external http(s)/mailto links, heading ids are
//! prefixed `fg-`, and everything goes through ammonia (no scripts, iframes, svg, styles, event
//! handlers or foreign URL schemes). The sanitizer is idempotent.
use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::article::{Article, LinkTarget};
use crate::markdown::{classify_link, parser};

/// What a link in a document resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Another KB document (KB-relative path), optionally a heading in it.
    Doc {
        /// KB-relative path of the target.
        path: String,
        /// Heading anchor, if any.
        anchor: Option<String>,
    },
    /// A heading in the same document.
    SameDoc(String),
    /// An allowed external URL (http, https, mailto).
    External(String),
    /// A KB link whose target (or heading) does not exist.
    Broken,
    /// A URL with a scheme we never follow (`javascript:`, `file:`…): rendered as plain text.
    Refused,
}

/// Renders a markdown body to sanitized HTML. `resolve` maps each link to its destination.
pub fn render_markdown(markdown: &str, resolve: &dyn Fn(&LinkTarget) -> Resolved) -> String {
    render_inner(markdown, None, resolve)
}

/// Renders an article's body (without front matter), using the article's heading anchors.
pub fn render_article(article: &Article, resolve: &dyn Fn(&LinkTarget) -> Resolved) -> String {
    render_inner(article.body(), Some(article), resolve)
}

fn render_inner(
    markdown: &str,
    article: Option<&Article>,
    resolve: &dyn Fn(&LinkTarget) -> Resolved,
) -> String {
    let mut heading_idx = 0usize;
    let mut fallback_anchors = std::collections::HashMap::<String, usize>::new();
    let mut heading_buf: Option<(pulldown_cmark::HeadingLevel, Option<String>, Vec<Event>)> = None;
    let mut link_closers: Vec<&'static str> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut in_metadata = false;

    for event in bounded_nesting(parser(markdown)) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            _ if in_metadata => {}
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading_buf = Some((level, id.map(|s| s.to_string()), Vec::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, inner)) = heading_buf.take() {
                    let anchor = match article.and_then(|a| a.headings.get(heading_idx)) {
                        Some(h) => h.anchor.clone(),
                        None => id.unwrap_or_else(|| {
                            let text: String = inner
                                .iter()
                                .filter_map(|e| match e {
                                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                                    _ => None,
                                })
                                .collect();
                            let base = crate::article::slugify(&text);
                            let n = fallback_anchors.entry(base.clone()).or_insert(0);
                            let a = if *n == 0 { base } else { format!("{base}-{n}") };
                            *n += 1;
                            a
                        }),
                    };
                    heading_idx += 1;
                    let lvl = level as usize;
                    events.push(Event::Html(CowStr::from(format!(
                        "<h{lvl} id=\"fg-{}\">",
                        escape_attr(&anchor)
                    ))));
                    events.extend(inner);
                    events.push(Event::Html(CowStr::from(format!("</h{lvl}>\n"))));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let target = classify_link(&dest_url, link_type);
                let title_attr = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape_attr(&title))
                };
                let (open, close) = match (resolve(&target), link_type) {
                    (Resolved::Doc { path, anchor }, _) => {
                        let anchor_attr = anchor
                            .as_deref()
                            .map(|a| format!(" data-anchor=\"{}\"", escape_attr(a)))
                            .unwrap_or_default();
                        let href = anchor
                            .as_deref()
                            .map(|a| format!("#fg-{a}"))
                            .unwrap_or_else(|| "#".into());
                        (
                            format!(
                                "<a href=\"{}\" class=\"internal\" data-doc=\"{}\"{anchor_attr}{title_attr}>",
                                escape_attr(&href),
                                escape_attr(&path)
                            ),
                            "</a>",
                        )
                    }
                    (Resolved::SameDoc(a), _) => (
                        format!("<a href=\"#fg-{}\"{title_attr}>", escape_attr(&a)),
                        "</a>",
                    ),
                    (Resolved::External(url), LinkType::Email) => (
                        format!(
                            "<a href=\"mailto:{}\" class=\"external\">",
                            escape_attr(&url)
                        ),
                        "</a>",
                    ),
                    (Resolved::External(url), _) => (
                        format!(
                            "<a href=\"{}\" class=\"external\"{title_attr}>",
                            escape_attr(&url)
                        ),
                        "</a>",
                    ),
                    (Resolved::Broken, _) => (
                        format!(
                            "<span class=\"broken-link\" title=\"{}\">",
                            escape_attr(&format!("Broken link: {dest_url}"))
                        ),
                        "</span>",
                    ),
                    (Resolved::Refused, _) => ("<span class=\"refused-link\">".into(), "</span>"),
                };
                link_closers.push(close);
                push(
                    &mut heading_buf,
                    &mut events,
                    Event::InlineHtml(CowStr::from(open)),
                );
            }
            Event::End(TagEnd::Link) => {
                let close = link_closers.pop().unwrap_or("</a>");
                push(
                    &mut heading_buf,
                    &mut events,
                    Event::InlineHtml(CowStr::from(close)),
                );
            }
            Event::Text(t) if t.trim_start().starts_with(":::") => {}
            other => push(&mut heading_buf, &mut events, other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    sanitize(&html)
}

fn push<'a>(
    heading_buf: &mut Option<(pulldown_cmark::HeadingLevel, Option<String>, Vec<Event<'a>>)>,
    events: &mut Vec<Event<'a>>,
    e: Event<'a>,
) {
    match heading_buf {
        Some((_, _, inner)) => inner.push(e),
        None => events.push(e),
    }
}

/// Escapes a string for use inside a double-quoted HTML attribute.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML element content.
pub fn escape_html(s: &str) -> String {
    escape_attr(s)
}

fn allowed_class(tag: &str, class: &str) -> bool {
    match tag {
        "code" | "pre" => class.strip_prefix("language-").is_some_and(|l| {
            !l.is_empty()
                && l.len() < 32
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+#-_.".contains(c))
        }),
        "a" => matches!(class, "internal" | "external"),
        "span" => matches!(class, "broken-link" | "refused-link"),
        "blockquote" => class.starts_with("markdown-alert-") && class.len() < 40,
        "li" | "ul" => matches!(class, "task-list-item" | "contains-task-list"),
        _ => false,
    }
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        // No images (they load), and no image maps: an <area href> is a link the reader's
        // click interceptor (which looks for <a>) would not see.
        b.rm_tags(["img", "area", "map"]);
        b.add_tags(["input", "details", "summary", "kbd", "mark", "section"]);
        b.add_tag_attributes("a", ["data-doc", "data-anchor", "class"]);
        for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
            b.add_tag_attributes(h, ["id"]);
        }
        b.add_tag_attributes("code", ["class"]);
        b.add_tag_attributes("pre", ["class"]);
        b.add_tag_attributes("span", ["class", "title"]);
        b.add_tag_attributes("blockquote", ["class"]);
        b.add_tag_attributes("li", ["class"]);
        b.add_tag_attributes("ul", ["class"]);
        b.add_tag_attributes("input", ["type", "checked", "disabled"]);
        b.add_tag_attributes("sup", ["id"]);
        b.add_tag_attributes("div", ["id"]);
        b.url_schemes(HashSet::from(["http", "https", "mailto"]));
        b.url_relative(ammonia::UrlRelative::Custom(Box::new(FragmentOnly)));
        b.link_rel(Some("noopener noreferrer"));
        b.attribute_filter(|element, attribute, value| match attribute {
            "class" => {
                let kept: Vec<&str> = value
                    .split_whitespace()
                    .filter(|c| allowed_class(element, c))
                    .collect();
                if kept.is_empty() {
                    None
                } else {
                    Some(kept.join(" ").into())
                }
            }
            "id" => {
                if value.starts_with("fg-") {
                    Some(value.into())
                } else {
                    Some(format!("fg-{value}").into())
                }
            }
            "type" if element == "input" => (value == "checkbox").then(|| value.into()),
            // Raw HTML may carry data-doc too: only a plain KB-relative path, never a URL or a
            // path leaving the KB (the reader hands it to `open_doc`).
            "data-doc" => is_kb_relative(value).then(|| value.into()),
            "disabled" | "checked" if element == "input" => Some(value.into()),
            _ => Some(value.into()),
        });
        b
    })
}

struct FragmentOnly;
impl ammonia::UrlRelativeEvaluate<'static> for FragmentOnly {
    fn evaluate<'a>(&self, url: &'a str) -> Option<std::borrow::Cow<'a, str>> {
        url.starts_with('#')
            .then_some(std::borrow::Cow::Borrowed(url))
    }
}

fn is_kb_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains([':', '\\', '\0'])
        && path.split('/').all(|seg| !seg.is_empty() && seg != "..")
}

/// Deepest list/quote nesting rendered as such; deeper containers keep their content, flattened.
const MAX_NESTING: usize = 100;
/// Raw HTML tags (counted as `<`) rendered as HTML; past this, raw HTML is shown as text.
const MAX_RAW_HTML_TAGS: usize = 10_000;

/// Bounds what reaches the HTML parser inside the sanitizer, whose cost grows with the square of
/// the nesting depth: a 10,000-deep list would otherwise take seconds to render.
fn bounded_nesting<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut depth = 0usize;
    let mut raw_tags = 0usize;
    events.filter_map(move |e| match e {
        Event::Start(Tag::List(_) | Tag::Item | Tag::BlockQuote(_)) => {
            depth += 1;
            (depth <= MAX_NESTING).then_some(e)
        }
        Event::End(TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_)) => {
            depth = depth.saturating_sub(1);
            (depth < MAX_NESTING).then_some(e)
        }
        Event::Html(ref h) | Event::InlineHtml(ref h) => {
            raw_tags += h.matches('<').count();
            if raw_tags <= MAX_RAW_HTML_TAGS {
                Some(e)
            } else {
                match e {
                    Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
                    _ => None,
                }
            }
        }
        e => Some(e),
    })
}

/// Sanitizes HTML with Fieldguide's policy. `sanitize(sanitize(x)) == sanitize(x)`.
pub fn sanitize(html: &str) -> String {
    // Two passes: when ammonia's attribute filter drops an attribute it reorders the rest, so a
    // single pass is not idempotent; the second pass drops nothing and settles the order.
    let first = sanitizer().clean(html).to_string();
    let mut out = sanitizer().clean(&first).to_string();
    if out.contains("<input") {
        out = display_only_checkboxes(&out);
    }
    out
}

/// Task-list checkboxes are the only inputs kept, and they are display-only: any other `<input>`
/// (raw HTML text boxes, whose `type` the filter dropped) is removed.
fn display_only_checkboxes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<input") {
        out.push_str(&rest[..i]);
        let tag_end = rest[i..].find('>').map_or(rest.len(), |j| i + j + 1);
        let tag = &rest[i..tag_end];
        if tag.contains("type=\"checkbox\"") {
            if tag.contains("disabled") {
                out.push_str(tag);
            } else {
                out.push_str("<input disabled=\"\"");
                out.push_str(&tag["<input".len()..]);
            }
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(t: &LinkTarget) -> Resolved {
        match t {
            LinkTarget::Doc { target, anchor, .. } if target.contains("vpn") => Resolved::Doc {
                path: "runbooks/vpn.md".into(),
                anchor: anchor.clone(),
            },
            LinkTarget::Doc { .. } => Resolved::Broken,
            LinkTarget::Anchor { anchor } => Resolved::SameDoc(anchor.clone()),
            LinkTarget::External { url } => {
                let l = url.to_ascii_lowercase();
                if l.starts_with("http://") || l.starts_with("https://") || l.starts_with("mailto:")
                {
                    Resolved::External(url.clone())
                } else {
                    Resolved::Refused
                }
            }
        }
    }

    #[test]
    fn links_are_rewritten() {
        let html = render_markdown(
            "## Step one\nSee [[runbooks/vpn#reset]] and [x](missing.md) and [site](https://example.com) and [top](#step-one).\n",
            &resolve,
        );
        assert!(html.contains("<h2 id=\"fg-step-one\">"), "{html}");
        assert!(html.contains("data-doc=\"runbooks/vpn.md\""), "{html}");
        assert!(html.contains("data-anchor=\"reset\""), "{html}");
        assert!(html.contains("class=\"broken-link\""), "{html}");
        assert!(html.contains("href=\"https://example.com\""), "{html}");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
        assert!(html.contains("href=\"#fg-step-one\""), "{html}");
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let md = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n\n<a href=\"javascript:alert(1)\">a</a> <iframe src=\"https://evil\"></iframe><svg onload=alert(1)></svg>\n\n```html\n<script>x</script>\n```\n";
        let html = render_markdown(md, &resolve);
        let lower = html.to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "<svg",
            "onload",
            "<img",
        ] {
            assert!(!lower.contains(bad), "{bad} in {html}");
        }
        assert!(
            html.contains("&lt;script&gt;x&lt;/script&gt;"),
            "code stays visible: {html}"
        );
    }

    #[test]
    fn raw_inputs_and_forged_doc_links_are_dropped() {
        let md = "<form action=\"https://x.invalid\"><input name=\"password\" value=\"hunter2\"><input type=\"submit\"></form>\n\n<a class=\"internal\" data-doc=\"javascript:alert(1)\" href=\"#\">a</a> <a data-doc=\"../../etc/passwd\" href=\"#\">b</a> <a data-doc=\"runbooks/vpn.md\" href=\"#\">c</a>\n\n- [ ] todo\n";
        let html = render_markdown(md, &resolve);
        assert_eq!(html.matches("<input").count(), 1, "{html}");
        assert!(
            html.contains("<input disabled=\"\" type=\"checkbox\"")
                || html.contains("<input type=\"checkbox\" disabled=\"\""),
            "{html}"
        );
        assert!(!html.contains("javascript"), "{html}");
        assert!(!html.contains("etc/passwd"), "{html}");
        assert!(html.contains("data-doc=\"runbooks/vpn.md\""), "{html}");
    }

    #[test]
    fn sanitizer_is_idempotent_and_keeps_code_languages() {
        let html = render_markdown(
            "# T\n\n```bash\nls\n```\n\n> [!WARNING]\n> careful\n\n- [x] done\n",
            &resolve,
        );
        assert!(html.contains("class=\"language-bash\""), "{html}");
        assert!(html.contains("markdown-alert-warning"), "{html}");
        assert!(html.contains("disabled"), "{html}");
        assert_eq!(sanitize(&html), html);
    }
}
