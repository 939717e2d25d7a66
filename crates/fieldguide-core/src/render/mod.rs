//! Markdown → sanitized HTML for the reader. Rendered article HTML is untrusted: links are
//! rewritten to KB-internal `data-doc` links or external http(s)/mailto links, heading ids are
//! prefixed `fg-`, and everything goes through ammonia (no scripts, iframes, svg, styles, event
//! handlers or foreign URL schemes). The sanitizer is idempotent.
//!
//! Images (markdown and raw `<img>`) load only from the KB folder, through the asset URLs of
//! [`crate::assets`], and only when the caller passes [`Images`] (a host that serves them);
//! every other image becomes its alt text, `<span class="image-alt">[image: …]</span>`.
//!
//! Here: the markdown → HTML walk (links, headings, images, bounded nesting). The policy and
//! [`sanitize`] are in `sanitize`, the rewrites of the sanitized HTML in `rewrite`.
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::article::{Article, LinkTarget};
use crate::assets::Images;
use crate::markdown::{classify_link, parser};

mod rewrite;
mod sanitize;

pub use sanitize::{sanitize, sanitize_with};

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
/// Images are shown as their alt text (see [`render_markdown_with`]).
pub fn render_markdown(markdown: &str, resolve: &dyn Fn(&LinkTarget) -> Resolved) -> String {
    render_inner(markdown, None, resolve, None)
}

/// Renders an article's body (without front matter), using the article's heading anchors.
/// Images are shown as their alt text (see [`render_article_with`]).
pub fn render_article(article: &Article, resolve: &dyn Fn(&LinkTarget) -> Resolved) -> String {
    render_article_with(article, resolve, None)
}

/// [`render_markdown`], with KB images loaded through `images` (relative references to image
/// files inside the KB become asset URLs; everything else stays alt text).
pub fn render_markdown_with(
    markdown: &str,
    resolve: &dyn Fn(&LinkTarget) -> Resolved,
    images: Option<&Images>,
) -> String {
    render_inner(markdown, None, resolve, images)
}

/// [`render_article`], with KB images loaded through `images`.
pub fn render_article_with(
    article: &Article,
    resolve: &dyn Fn(&LinkTarget) -> Resolved,
    images: Option<&Images>,
) -> String {
    render_article_titled(article, resolve, images, &|_| None)
}

/// [`render_article_with`], naming the KB documents the front matter links to (a checklist
/// item's runbook) by `title_of` their path, else by their path.
pub fn render_article_titled(
    article: &Article,
    resolve: &dyn Fn(&LinkTarget) -> Resolved,
    images: Option<&Images>,
    title_of: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut html = render_inner(article.body(), Some(article), resolve, images);
    html.push_str(&front_matter_lists(article, resolve, title_of));
    html
}

/// What a checklist's `items` or a rubric's `criteria` (front matter) say, as HTML after the
/// body: the reader would otherwise show a checklist without its items. Empty for other
/// documents and for lists that do not read (lint reports those).
fn front_matter_lists(
    a: &Article,
    resolve: &dyn Fn(&LinkTarget) -> Resolved,
    title_of: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::new();
    let e = escape_html;
    if crate::record::is_checklist(a) {
        let Some(c) = crate::record::Checklist::from_article(a).0 else {
            return out;
        };
        if c.items.is_empty() {
            return out;
        }
        out.push_str("<h2>Evidence to collect</h2>\n<ul>\n");
        for item in &c.items {
            out.push_str(&format!("<li><strong>{}</strong>", e(&item.label)));
            out.push_str(if item.required {
                " (required)"
            } else {
                " (optional)"
            });
            if !item.how.trim().is_empty() {
                out.push_str(&format!("<br>{}", with_code_spans(item.how.trim())));
            }
            if let Some(runbook) = item.runbook.as_deref().filter(|r| !r.trim().is_empty()) {
                let target = LinkTarget::Doc {
                    target: runbook.trim().to_string(),
                    anchor: None,
                    wiki: true,
                };
                out.push_str(&match resolve(&target) {
                    Resolved::Doc { path, .. } => format!(
                        "<br>How: {}{}</a>",
                        internal_link_open(&path, None, ""),
                        e(&title_of(&path)
                            .filter(|t| !t.trim().is_empty())
                            .unwrap_or_else(|| path.clone()))
                    ),
                    _ => format!(
                        "<br>How: {}{}</span>",
                        broken_link_open(runbook),
                        e(runbook)
                    ),
                });
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    } else if crate::record::review::is_rubric(a) {
        let Some(r) = crate::record::review::Rubric::from_article(a).0 else {
            return out;
        };
        if r.criteria.is_empty() {
            return out;
        }
        out.push_str("<h2>Criteria</h2>\n<ul>\n");
        for c in &r.criteria {
            out.push_str(&format!(
                "<li><strong>{}</strong> (weight {}",
                e(&c.label),
                c.weight
            ));
            if let Some(check) = c.check {
                out.push_str(&format!(", checked automatically: {}", check.as_str()));
            }
            out.push(')');
            if !c.guidance.trim().is_empty() {
                out.push_str(&format!("<br>{}", with_code_spans(c.guidance.trim())));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    sanitize(&out)
}

/// The opening tag of a link to KB document `path` (the reader follows `data-doc`), at
/// heading `anchor` if any; `title_attr` is empty or ` title="…"`, already escaped.
fn internal_link_open(path: &str, anchor: Option<&str>, title_attr: &str) -> String {
    let anchor_attr = anchor
        .map(|a| format!(" data-anchor=\"{}\"", escape_attr(a)))
        .unwrap_or_default();
    let href = anchor.map_or_else(|| "#".into(), |a| format!("#fg-{a}"));
    format!(
        "<a href=\"{}\" class=\"internal\" data-doc=\"{}\"{anchor_attr}{title_attr}>",
        escape_attr(&href),
        escape_attr(path)
    )
}

/// The opening tag of a link whose target does not exist: its text, marked, with `dest`.
fn broken_link_open(dest: &str) -> String {
    format!(
        "<span class=\"broken-link\" title=\"{}\">",
        escape_attr(&format!("Broken link: {dest}"))
    )
}

/// Escaped text with its `` `code` `` spans as `<code>` (front matter prose is plain text
/// otherwise; an unpaired backtick stays as written).
fn with_code_spans(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        let paired = i % 2 == 1 && i + 1 < parts.len();
        if paired {
            out.push_str(&format!("<code>{}</code>", escape_html(part)));
        } else {
            if i % 2 == 1 {
                out.push('`');
            }
            out.push_str(&escape_html(part));
        }
    }
    out
}

/// The text of a heading's inline events (text and code spans).
fn plain_text(inner: &[Event]) -> String {
    inner
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect()
}

/// Equal but for case and runs of whitespace.
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

fn render_inner(
    markdown: &str,
    article: Option<&Article>,
    resolve: &dyn Fn(&LinkTarget) -> Resolved,
    images: Option<&Images>,
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
                            let base = crate::article::slugify(&plain_text(&inner));
                            let n = fallback_anchors.entry(base.clone()).or_insert(0);
                            let a = if *n == 0 { base } else { format!("{base}-{n}") };
                            *n += 1;
                            a
                        }),
                    };
                    heading_idx += 1;
                    // The reader and the preview show the title above the body: a first `#`
                    // heading that only repeats it would be shown twice.
                    if level == pulldown_cmark::HeadingLevel::H1
                        && events.is_empty()
                        && article.is_some_and(|a| same_words(&plain_text(&inner), &a.title))
                    {
                        continue;
                    }
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
                    (Resolved::Doc { path, anchor }, _) => (
                        internal_link_open(&path, anchor.as_deref(), &title_attr),
                        "</a>",
                    ),
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
                    (Resolved::Broken, _) => (broken_link_open(&dest_url), "</span>"),
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
    sanitize_with(&html, images)
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

#[cfg(test)]
mod tests;
