//! The one entry point to markdown: parser options and the walk that turns a file into an
//! [`Article`] (its front matter read by [`crate::frontmatter`]). Indexing, rendering and flow extraction all start here.
use std::collections::HashMap;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::article::{
    slugify, Article, DocKind, FrontMatter, Heading, ImageRef, Link, LinkTarget, Section,
};
use crate::error::{Problem, Severity};

/// Largest markdown file Fieldguide will load (bigger files are reported and skipped).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// Parser options used everywhere: GFM tables, task lists, alerts, footnotes, heading `{#ids}`,
/// YAML front matter and `[[wikilinks]]`.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

/// A pulldown-cmark parser over `text` with Fieldguide's options.
pub fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, options())
}

/// 1-based line numbers of byte offsets, asked for mostly in increasing order (the events of
/// one parse): counts the newlines since the previous offset, so nothing is allocated or
/// indexed up front. An offset before the previous one counts again from the start.
pub struct LineCounter<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    /// A counter over `text`.
    pub fn new(text: &'a str) -> Self {
        LineCounter {
            text,
            at: 0,
            line: 1,
        }
    }

    /// 1-based line of byte `offset` (offsets past the end count as the end).
    pub fn line(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.at {
            self.at = 0;
            self.line = 1;
        }
        self.line += self.text.as_bytes()[self.at..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.at = offset;
        self.line
    }
}

/// Checks that raw bytes can be a markdown document; returns the text or a message.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "file is {} bytes, larger than the {} byte limit for a document",
            bytes.len(),
            MAX_FILE_BYTES
        ));
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err("looks like a binary file (contains NUL bytes)".into());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

/// Splits a link destination into (target, anchor).
pub fn split_anchor(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((t, a)) => (t, Some(a).filter(|a| !a.is_empty())),
        None => (dest, None),
    }
}

/// Classifies a link destination.
pub fn classify_link(dest: &str, link_type: LinkType) -> LinkTarget {
    if let LinkType::WikiLink { .. } = link_type {
        let (t, a) = split_anchor(dest);
        return LinkTarget::Doc {
            target: t.trim().to_string(),
            anchor: a.map(slugify_anchor),
            wiki: true,
        };
    }
    let lower = dest.to_ascii_lowercase();
    if lower.contains("://") || lower.starts_with("mailto:") || lower.starts_with("//") {
        return LinkTarget::External {
            url: dest.to_string(),
        };
    }
    if lower.starts_with("javascript:")
        || lower.starts_with("data:")
        || lower.starts_with("vbscript:")
    {
        return LinkTarget::External {
            url: dest.to_string(),
        };
    }
    if let Some(a) = dest.strip_prefix('#') {
        return LinkTarget::Anchor {
            anchor: a.to_string(),
        };
    }
    let (t, a) = split_anchor(dest);
    LinkTarget::Doc {
        target: percent_decode(t),
        anchor: a.map(str::to_string),
        wiki: false,
    }
}

/// Wikilink anchors may be written as heading text (`[[doc#Reading the headers]]`).
fn slugify_anchor(a: &str) -> String {
    if a.contains(' ') || a.chars().any(|c| c.is_uppercase()) {
        slugify(a)
    } else {
        a.to_string()
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Parses one document. Problems (bad front matter…) are returned beside the article: the
/// article is still usable with whatever could be understood.
pub fn parse_article(path: &str, source: String) -> (Article, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut lines = LineCounter::new(&source);
    let mut meta = FrontMatter::default();
    let mut body_offset = 0;
    if let Some((yaml, range, first_line)) = crate::frontmatter::front_matter_block(&source) {
        body_offset = range.end;
        match crate::frontmatter::parse_front_matter(&yaml) {
            Ok(fm) => meta = fm,
            Err((line, message)) => problems.push(Problem::new(
                path,
                first_line + line - 1,
                Severity::Error,
                "front-matter",
                format!("front matter ignored: {message}"),
            )),
        }
        meta.line = 1;
    } else if source.starts_with("---\n") || source.starts_with("---\r\n") {
        problems.push(Problem::new(
            path,
            1,
            Severity::Error,
            "front-matter",
            "front matter starts with `---` but is not closed by a `---` line (or its first line is blank)",
        ));
    }

    let mut headings: Vec<Heading> = Vec::new();
    let mut sections = vec![Section {
        heading: None,
        offset: 0,
        len: 0,
    }];
    let mut links = Vec::new();
    let mut images = Vec::new();
    let mut plain = String::new();
    let mut slug_counts: HashMap<String, usize> = HashMap::new();

    let mut in_heading: Option<(u8, Option<String>, usize)> = None;
    let mut heading_text = String::new();
    let mut link_stack: Vec<(LinkTarget, String, usize)> = Vec::new();
    let mut in_metadata = false;
    let mut in_image = 0usize;

    let body = &source[body_offset..];
    for (event, range) in parser(body).into_offset_iter() {
        let abs = range.start + body_offset;
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            _ if in_metadata => {}
            Event::Start(Tag::Heading { level, id, .. }) => {
                in_heading = Some((
                    heading_level(level),
                    id.map(|i| i.to_string()),
                    lines.line(abs),
                ));
                heading_text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, line)) = in_heading.take() {
                    let text = heading_text.trim().to_string();
                    let anchor = match id {
                        Some(id) => id,
                        None => {
                            let base = slugify(&text);
                            let n = slug_counts.entry(base.clone()).or_insert(0);
                            let a = if *n == 0 {
                                base.clone()
                            } else {
                                format!("{base}-{n}")
                            };
                            *n += 1;
                            a
                        }
                    };
                    headings.push(Heading {
                        level,
                        text: text.clone(),
                        anchor,
                        line,
                    });
                    if !plain.is_empty() && !plain.ends_with("\n\n") {
                        plain.push_str("\n\n");
                    }
                    sections.push(Section {
                        heading: Some(headings.len() - 1),
                        offset: plain.len(),
                        len: 0,
                    });
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let target = classify_link(&dest_url, link_type);
                link_stack.push((target, String::new(), lines.line(abs)));
            }
            Event::End(TagEnd::Link) => {
                if let Some((target, text, line)) = link_stack.pop() {
                    links.push(Link {
                        target,
                        text: text.trim().to_string(),
                        line,
                    });
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                in_image += 1;
                images.push(ImageRef {
                    src: dest_url.to_string(),
                    line: lines.line(abs),
                });
            }
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => {
                if in_image > 0 {
                    continue;
                }
                if t.trim_start().starts_with(":::") {
                    continue;
                }
                if in_heading.is_some() {
                    heading_text.push_str(&t);
                } else {
                    push_text(&mut plain, sections.last_mut(), &t);
                }
                if let Some((_, text, _)) = link_stack.last_mut() {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if in_heading.is_some() {
                    heading_text.push(' ');
                } else {
                    push_text(&mut plain, sections.last_mut(), " ");
                }
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::BlockQuote(_),
            ) if !plain.ends_with('\n') && !plain.is_empty() => {
                push_text(&mut plain, sections.last_mut(), "\n");
            }
            Event::End(TagEnd::TableCell) => push_text(&mut plain, sections.last_mut(), " "),
            _ => {}
        }
    }

    let title = meta
        .title
        .clone()
        .filter(|t| !t.is_empty())
        .or_else(|| {
            headings
                .iter()
                .find(|h| h.level == 1)
                .map(|h| h.text.clone())
        })
        .unwrap_or_else(|| {
            let name = path.rsplit('/').next().unwrap_or(path);
            name.strip_suffix(".md")
                .unwrap_or(name)
                .replace(['-', '_'], " ")
        });
    let kind = meta
        .kind
        .or_else(|| {
            path.split('/')
                .next()
                .and_then(DocKind::parse)
                .filter(|_| path.contains('/'))
        })
        .unwrap_or(DocKind::Article);
    let status = meta.status.unwrap_or_default();
    sections.retain(|s| s.heading.is_some() || !s.text(&plain).trim().is_empty());

    (
        Article {
            path: path.to_string(),
            meta,
            title,
            kind,
            status,
            headings,
            sections,
            links,
            images,
            plain,
            source,
            body_offset,
        },
        problems,
    )
}

fn push_text(plain: &mut String, section: Option<&mut Section>, t: &str) {
    plain.push_str(t);
    if let Some(s) = section {
        s.len += t.len();
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Status;

    const DOC: &str = "---\ntitle: VPN drops every hour\ntags: [vpn, Network]\nms.custom: sap:Outlook\nappliesto:\n  - Outlook 2016\nstatus: draft\n---\n# Ignored H1\n\nIntro text.\n\n## Check the client {#client}\nRun `ipconfig /all`.\nSee [[runbooks/dns#Flush the cache]] and [the guide](../api/limits.md#reading-the-headers).\n\n## Check the client\nSecond one, [site](https://example.com).\n";

    #[test]
    fn parses_front_matter_and_keeps_unknown_keys() {
        let (a, problems) = parse_article("runbooks/vpn.md", DOC.to_string());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(a.title, "VPN drops every hour");
        assert_eq!(a.kind, DocKind::Runbook);
        assert_eq!(a.status, Status::Draft);
        assert_eq!(a.meta.tags, vec!["vpn", "network"]);
        assert_eq!(a.meta.extra["ms.custom"], "sap:Outlook");
        assert!(a.meta.extra_text().contains("Outlook 2016"));
    }

    #[test]
    fn headings_sections_and_links() {
        let (a, _) = parse_article("runbooks/vpn.md", DOC.to_string());
        let anchors: Vec<_> = a.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, vec!["ignored-h1", "client", "check-the-client"]);
        assert_eq!(a.headings[1].line, 13);
        let client = a.sections.iter().find(|s| s.heading == Some(1)).unwrap();
        assert!(client.text(&a.plain).contains("ipconfig /all"));
        assert!(
            !client.text(&a.plain).contains("Second one"),
            "ends at the next heading"
        );
        let last = a.sections.last().unwrap();
        assert_eq!(last.text(&a.plain).trim(), "Second one, site.");
        assert!(a.plain[client.offset..].starts_with("Run ipconfig"));
        assert_eq!(a.links.len(), 3);
        assert_eq!(
            a.links[0].target,
            LinkTarget::Doc {
                target: "runbooks/dns".into(),
                anchor: Some("flush-the-cache".into()),
                wiki: true
            }
        );
        assert_eq!(
            a.links[1].target,
            LinkTarget::Doc {
                target: "../api/limits.md".into(),
                anchor: Some("reading-the-headers".into()),
                wiki: false
            }
        );
        assert_eq!(a.links[1].line, 15);
        assert!(matches!(a.links[2].target, LinkTarget::External { .. }));
    }

    #[test]
    fn malformed_front_matter_is_reported_with_line_and_body_kept() {
        let src = "---\ntitle: ok\ntags: [a, b\nowner: x\n---\n## Body heading\ntext\n";
        let (a, problems) = parse_article("articles/bad.md", src.to_string());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "front-matter");
        assert!(
            problems[0].line >= 3 && problems[0].line <= 5,
            "{:?}",
            problems[0]
        );
        assert_eq!(a.headings[0].text, "Body heading");
        assert_eq!(a.title, "bad");
    }

    #[test]
    fn no_front_matter_falls_back_to_h1_and_folder() {
        let (a, p) = parse_article("tickets/2026/x.md", "# Printer jam\n\nbody".into());
        assert!(p.is_empty());
        assert_eq!(a.title, "Printer jam");
        assert_eq!(a.kind, DocKind::Ticket);
        let (b, _) = parse_article("loose note.md", "body only".into());
        assert_eq!(b.title, "loose note");
        assert_eq!(b.kind, DocKind::Article);
    }

    #[test]
    fn decode_rejects_binary_and_bad_utf8() {
        assert!(decode(vec![0x89, b'P', b'N', b'G', 0, 0])
            .unwrap_err()
            .contains("binary"));
        assert!(decode(vec![b'a', 0xff, b'b'])
            .unwrap_err()
            .contains("UTF-8"));
        assert_eq!(decode("\u{feff}# hi".as_bytes().to_vec()).unwrap(), "# hi");
    }

    #[test]
    fn line_counter_counts_lines_forward_and_backward() {
        let text = "a\nbc\n\nd\r\ne\n";
        // The oracle: 1 + the newlines before the offset.
        let line = |offset: usize| 1 + text[..offset.min(text.len())].matches('\n').count();
        let mut counter = LineCounter::new(text);
        // Forward, repeated, backward and past-the-end offsets.
        for offset in [0, 1, 2, 2, 5, 6, 3, 0, 7, 9, 10, 11, 40] {
            assert_eq!(counter.line(offset), line(offset), "{offset}");
        }
        assert_eq!(LineCounter::new(text).line(6), 4);
    }
}
