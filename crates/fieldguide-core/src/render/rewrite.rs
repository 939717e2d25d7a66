//! Rewriting the sanitizer's output: a small tag scanner over ammonia's serialized HTML
//! (`rewrite_tags`) that turns images which must not load into their alt text and keeps only
//! display-only task-list checkboxes.

/// Every `<img>` the policy left without a source (remote, missing, outside the KB, not an
/// image…) becomes `<span class="image-alt">[image: alt]</span>`: nothing loads, nothing the
/// author wrote is lost. Works on ammonia's output: attributes double-quoted, `&"<>` and NBSP
/// escaped in them; the span is written the way ammonia would serialize it (idempotence).
pub(super) fn unloaded_images_as_text(html: &str) -> String {
    rewrite_tags(html, "img", |tag| {
        let attrs = tag_attributes(&tag["<img".len()..]);
        let get = |name: &str| {
            attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        if get("src").is_some() {
            return None;
        }
        let alt = get("alt").map(unescape_attr).unwrap_or_default();
        let mut span = String::from("<span class=\"image-alt\"");
        if let Some(title) = get("title") {
            span.push_str(" title=\"");
            span.push_str(title);
            span.push('"');
        }
        span.push_str(">[image");
        if !alt.trim().is_empty() {
            span.push_str(": ");
            span.push_str(&escape_text_like_ammonia(&alt));
        }
        span.push_str("]</span>");
        Some(span)
    })
}

/// Calls `f` on every start tag named `name` in serialized HTML (ammonia's output: text has no
/// raw `<`, attribute values are double-quoted and may hold `<` and `>`); `Some` replaces the tag.
fn rewrite_tags(html: &str, name: &str, mut f: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = tag_end(rest).unwrap_or(rest.len());
        let tag = &rest[..end];
        let is_named = tag[1..].starts_with(name)
            && tag[1 + name.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_whitespace() || c == '>' || c == '/');
        match is_named.then(|| f(tag)).flatten() {
            Some(new) => out.push_str(&new),
            None => out.push_str(tag),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The index just past the `>` closing the tag that starts `s` (quote-aware).
fn tag_end(s: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// `name="value"` pairs of a serialized tag (values still escaped).
fn tag_attributes(mut s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let Some(eq) = s.find('=') else { break };
        let name = s[..eq].trim().to_string();
        let after = &s[eq + 1..];
        let Some(body) = after.strip_prefix('"') else {
            break;
        };
        let Some(close) = body.find('"') else { break };
        out.push((name, body[..close].to_string()));
        s = &body[close + 1..];
    }
    out
}

fn unescape_attr(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (c, n) = if rest.starts_with("&amp;") {
            ('&', 5)
        } else if rest.starts_with("&quot;") {
            ('"', 6)
        } else if rest.starts_with("&nbsp;") {
            ('\u{a0}', 6)
        } else if rest.starts_with("&lt;") {
            ('<', 4)
        } else if rest.starts_with("&gt;") {
            ('>', 4)
        } else {
            ('&', 1)
        };
        out.push(c);
        rest = &rest[n..];
    }
    out.push_str(rest);
    out
}

/// Text content escaped exactly as html5ever serializes it.
fn escape_text_like_ammonia(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Task-list checkboxes are the only inputs kept, and they are display-only: any other `<input>`
/// (raw HTML text boxes, whose `type` the filter dropped) is removed.
pub(super) fn display_only_checkboxes(html: &str) -> String {
    rewrite_tags(html, "input", |tag| {
        if !tag.contains("type=\"checkbox\"") {
            Some(String::new())
        } else if tag.contains("disabled") {
            None
        } else {
            Some(format!("<input disabled=\"\"{}", &tag["<input".len()..]))
        }
    })
}
