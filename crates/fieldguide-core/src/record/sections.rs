//! The `## Heading` sections and numbered lists of the documents the record writers produce,
//! written so that free text cannot split them and read back to the same texts.
use super::text::Fence;
use crate::error::{Error, Result};

fn is_heading_like(line: &str, headings: &[&str]) -> bool {
    line.trim_start_matches('\\')
        .strip_prefix("## ")
        .is_some_and(|h| headings.contains(&h))
}

/// Escapes lines outside code fences that would read as one of our section headings
/// (`## Cause` → `\## Cause`), so free text cannot split the document.
pub(crate) fn escape_headings(text: &str, headings: &[&str]) -> String {
    let mut f = Fence::default();
    text.split('\n')
        .map(|l| {
            if !f.feed(l) && is_heading_like(l, headings) {
                format!("\\{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reverses [`escape_headings`].
pub(crate) fn unescape_headings(text: &str, headings: &[&str]) -> String {
    let mut f = Fence::default();
    text.split('\n')
        .map(|l| {
            if !f.feed(l) && l.starts_with('\\') && is_heading_like(l, headings) {
                l[1..].to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes `## heading` sections: `## H\n\n<text>\n` (or `## H\n` when empty), separated by a
/// blank line. `texts` are written as given (escape them first).
pub(crate) fn write_sections(out: &mut String, sections: &[(&str, String)]) {
    for (i, (h, t)) in sections.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("## ");
        out.push_str(h);
        out.push('\n');
        if !t.is_empty() {
            out.push('\n');
            out.push_str(t);
            out.push('\n');
        }
    }
}

/// Splits a body written by [`write_sections`] back into the section texts, in order. Headings
/// are exact `## H` lines outside code fences, in the given order.
pub(crate) fn split_sections(path: &str, body: &str, headings: &[&str]) -> Result<Vec<String>> {
    let mut marks: Vec<(usize, usize)> = Vec::new(); // (line start, content start)
    let mut f = Fence::default();
    let mut pos = 0;
    for line in body.split('\n') {
        let next = pos + line.len() + 1;
        if !f.feed(line)
            && marks.len() < headings.len()
            && line == format!("## {}", headings[marks.len()])
        {
            marks.push((pos, next.min(body.len())));
        }
        pos = next;
    }
    if marks.len() < headings.len() {
        return Err(Error::Malformed(format!(
            "{path}: missing section `## {}`",
            headings[marks.len()]
        )));
    }
    let mut out = Vec::with_capacity(headings.len());
    for (i, &(_, start)) in marks.iter().enumerate() {
        let last = i + 1 == marks.len();
        let end = if last { body.len() } else { marks[i + 1].0 };
        let mut chunk = &body[start..end];
        if !last {
            chunk = chunk.strip_suffix('\n').unwrap_or(chunk);
        }
        let text = match chunk.strip_prefix('\n').and_then(|c| c.strip_suffix('\n')) {
            Some(t) => t.to_string(),
            None => chunk.trim().to_string(),
        };
        out.push(text);
    }
    Ok(out)
}

/// A numbered list (`1. a` …), continuation lines indented under the marker.
pub(crate) fn write_numbered(items: &[String]) -> String {
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let marker = format!("{}. ", i + 1);
        let pad = " ".repeat(marker.len());
        for (j, line) in item.split('\n').enumerate() {
            if j == 0 {
                out.push(format!("{marker}{line}"));
            } else if line.is_empty() {
                out.push(String::new());
            } else {
                out.push(format!("{pad}{line}"));
            }
        }
    }
    out.join("\n")
}

/// Reads a list written by [`write_numbered`] (also accepts `-`/`*` bullets written by people).
pub(crate) fn parse_numbered(text: &str) -> Vec<String> {
    let mut items: Vec<Vec<String>> = Vec::new();
    let mut pad = 0;
    for line in text.split('\n') {
        let marker = format!("{}. ", items.len() + 1);
        if let Some(rest) = line.strip_prefix(&marker) {
            items.push(vec![rest.to_string()]);
            pad = marker.len();
        } else if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            items.push(vec![rest.to_string()]);
            pad = 2;
        } else if let Some(cur) = items.last_mut() {
            let l = if line.len() >= pad && line[..pad].trim().is_empty() {
                &line[pad..]
            } else {
                line.trim_start()
            };
            cur.push(l.to_string());
        } else if !line.trim().is_empty() {
            items.push(vec![line.trim().to_string()]);
        }
    }
    items
        .into_iter()
        .map(|lines| lines.join("\n").trim_end().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_lists_round_trip() {
        let items: Vec<String> = (1..=12)
            .map(|i| format!("step {i}\nsecond line\n\n  indented {i}"))
            .collect();
        assert_eq!(parse_numbered(&write_numbered(&items)), items);
    }
}
