//! The sanitizer policy: which tags, attributes, classes and URLs survive (ammonia), how image
//! sources become asset URLs, and [`sanitize`], which runs the policy to a fixed point.
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use super::escape_html;
use super::rewrite::{display_only_checkboxes, unloaded_images_as_text};
use crate::assets::{self, Images};

fn allowed_class(tag: &str, class: &str) -> bool {
    match tag {
        "code" | "pre" => class.strip_prefix("language-").is_some_and(|l| {
            !l.is_empty()
                && l.len() < 32
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+#-_.".contains(c))
        }),
        "a" => matches!(class, "internal" | "external"),
        "span" => matches!(class, "broken-link" | "refused-link" | "image-alt"),
        "blockquote" => class.starts_with("markdown-alert-") && class.len() < 40,
        "li" | "ul" => matches!(class, "task-list-item" | "contains-task-list"),
        _ => false,
    }
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| build_sanitizer(None))
}

/// The policy. With `images`, relative image references are resolved against the KB and
/// rewritten to asset URLs; without, only image sources that already are well-formed asset URLs
/// stay (what a first pass produced), so a second pass keeps them and the result is idempotent.
fn build_sanitizer(images: Option<Images>) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    // No image maps: an <area href> is a link the reader's click interceptor (which looks for
    // <a>) would not see. Images stay, but only with a KB asset URL (see `filter_attribute`).
    b.rm_tags(["area", "map"]);
    b.add_tags(["input", "details", "summary", "kbd", "mark", "section"]);
    b.rm_tag_attributes("img", ["align"]);
    b.add_tag_attributes("img", ["src", "alt", "title", "width", "height"]);
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
    // `fgasset` passes the scheme check only to reach the attribute filter, which keeps it on
    // an <img src> alone.
    b.url_schemes(HashSet::from(["http", "https", "mailto", assets::SCHEME]));
    b.url_relative(ammonia::UrlRelative::Custom(Box::new(FragmentOnly)));
    b.link_rel(Some("noopener noreferrer"));
    b.attribute_filter(move |element, attribute, value| {
        filter_attribute(images.as_ref(), element, attribute, value)
    });
    b
}

fn filter_attribute<'u>(
    images: Option<&Images>,
    element: &str,
    attribute: &str,
    value: &'u str,
) -> Option<Cow<'u, str>> {
    match (element, attribute) {
        ("img", "src") => match images {
            Some(images) => images.url(value).map(Cow::Owned),
            None => assets::asset_url_path(value).map(|_| value.into()),
        },
        ("img", "width" | "height") => {
            (!value.is_empty() && value.len() <= 5 && value.bytes().all(|b| b.is_ascii_digit()))
                .then(|| value.into())
        }
        ("img", "alt" | "title") => Some(value.into()),
        ("img", _) => None,
        (_, "href" | "src") if is_asset_url(value) => None,
        (_, "class") => {
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
        (_, "id") => {
            if value.starts_with("fg-") {
                Some(value.into())
            } else {
                Some(format!("fg-{value}").into())
            }
        }
        ("input", "type") => (value == "checkbox").then(|| value.into()),
        // Raw HTML may carry data-doc too: only a plain KB-relative path, never a URL or a
        // path leaving the KB (the reader hands it to `open_doc`).
        (_, "data-doc") => is_kb_relative(value).then(|| value.into()),
        _ => Some(value.into()),
    }
}

/// An asset URL as a URL parser reads it (tabs/newlines removed, C0 and spaces trimmed,
/// scheme case-insensitive): links may never point at one, only images load from it.
fn is_asset_url(value: &str) -> bool {
    let v: String = value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_ascii_lowercase();
    v.starts_with(&format!("{}:", assets::SCHEME)) || v.starts_with("http://fgasset.localhost")
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

/// Extra sanitizer passes tried before giving up on a stable result.
const MAX_SANITIZE_PASSES: usize = 4;

/// Sanitizes HTML with Fieldguide's policy. `sanitize(sanitize(x)) == sanitize(x)`. Images
/// whose source is not already a well-formed asset URL become their alt text.
pub fn sanitize(html: &str) -> String {
    sanitize_with(html, None)
}

/// [`sanitize`], resolving `<img>` sources through `images` first.
pub fn sanitize_with(html: &str, images: Option<&Images>) -> String {
    // Two passes: when ammonia's attribute filter drops an attribute it reorders the rest, so a
    // single pass is not idempotent; the second pass drops nothing and settles the order.
    // With images (and something that parses as an image: `<img`, also `<image`), the first
    // pass uses a policy bound to the document that rewrites image sources.
    let first = match images {
        Some(images) if mentions_img(html) => build_sanitizer(Some(images.clone()))
            .clean(html)
            .to_string(),
        _ => sanitizer().clean(html).to_string(),
    };
    // A second pass normally settles it; pathological mis-nesting (an `<a>` around thousands of
    // unclosed blocks) can take the HTML parser's repair a few passes more. Clean until a pass
    // changes nothing; if that does not happen, show the source as text: nothing runs, nothing
    // is lost, and the result is stable.
    let mut out = sanitizer().clean(&first).to_string();
    let mut settled = false;
    for _ in 0..MAX_SANITIZE_PASSES {
        let next = sanitizer().clean(&out).to_string();
        if next == out {
            settled = true;
            break;
        }
        out = next;
    }
    if !settled {
        // Through the sanitizer once, so the text is serialized exactly as it would be next time.
        let text = format!("<pre>{}</pre>", escape_html(html));
        out = sanitizer().clean(&text).to_string();
    }
    if out.contains("<img") {
        out = unloaded_images_as_text(&out);
    }
    if out.contains("<input") {
        out = display_only_checkboxes(&out);
    }
    out
}

fn mentions_img(html: &str) -> bool {
    html.as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"<img") || w.eq_ignore_ascii_case(b"<ima"))
}
