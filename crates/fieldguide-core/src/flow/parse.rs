//! Reads a [`Flow`] out of a parsed [`Article`]: walks the shared markdown event stream once,
//! cutting the body into `##` nodes, picking out choice lists and outcome lines, and keeping
//! the rest of each section as markdown source for the renderer.
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::{Choice, EscalationTarget, Flow, FlowOutcome, Node, START_ID};
use crate::article::{slugify, Article, LinkTarget};
use crate::error::{Problem, Severity};
use crate::markdown::{classify_link, parser, LineCounter};

/// A node being read: its heading and what was found in its section so far.
struct NodeDraft {
    id: String,
    title: String,
    line: usize,
    /// Byte offset (in the whole source) of the heading.
    start: usize,
    /// Byte offset (in the whole source) where the section body starts, after the heading.
    content_start: usize,
    /// Byte ranges (in the whole source) left out of the body: choice lists, outcome quotes.
    cut: Vec<Range<usize>>,
    choices: Vec<Choice>,
    outcome: Option<FlowOutcome>,
    escalation: Option<EscalationTarget>,
    doc_links: Vec<String>,
}

struct HeadingDraft {
    level: HeadingLevel,
    id: Option<String>,
    text: String,
    range: Range<usize>,
}

/// A top-level list inside a node: a choice list when every item is a single `#node` link.
struct ListDraft {
    ordered: bool,
    range: Range<usize>,
    line: usize,
    items: Vec<ItemDraft>,
}

#[derive(Default)]
struct ItemDraft {
    line: usize,
    links: usize,
    target: Option<String>,
    label: String,
    /// Anything besides the one link (text, nested blocks, task markers, images, html).
    other: bool,
    in_link: usize,
}

impl ItemDraft {
    fn is_choice(&self) -> bool {
        self.links == 1 && self.target.is_some() && !self.other
    }
}

/// A top-level quote inside a node: an outcome line when it says `outcome: <word>` alone.
struct QuoteDraft {
    range: Range<usize>,
    line: usize,
    text: String,
    other: bool,
}

pub(super) fn from_article(article: &Article) -> (Flow, Vec<Problem>) {
    let source = article.source.as_str();
    let base = article.body_offset.min(source.len());
    let mut lines = LineCounter::new(source);
    let path = article.path.as_str();
    let mut problems = Vec::new();

    let mut nodes: Vec<NodeDraft> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut intro_cut: Vec<Range<usize>> = Vec::new();
    let mut depth = 0usize;
    let mut heading: Option<HeadingDraft> = None;
    let mut list: Option<ListDraft> = None;
    let mut quote: Option<QuoteDraft> = None;

    for (event, r) in parser(&source[base..]).into_offset_iter() {
        let range = (r.start + base)..(r.end + base);
        let top = depth == 0;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }

        // Links anywhere in a node's content are doc-link candidates (choice links are
        // `#anchors`, so they never are).
        if let (
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }),
            Some(node),
        ) = (&event, nodes.last_mut())
        {
            if heading.is_none()
                && is_doc_link(dest_url, *link_type)
                && !node.doc_links.iter().any(|l| l == dest_url.as_ref())
            {
                node.doc_links.push(dest_url.to_string());
            }
        }

        if let Some(h) = heading.as_mut() {
            match event {
                Event::Text(t) | Event::Code(t) => h.text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => h.text.push(' '),
                Event::End(TagEnd::Heading(_)) if depth == 0 => {
                    let h = heading.take().expect("heading is set");
                    match h.level {
                        HeadingLevel::H2 => {
                            if !nodes.is_empty() {
                                ends.push(h.range.start);
                            }
                            let title = h.text.trim().to_string();
                            let id = h.id.unwrap_or_else(|| slugify(&title));
                            nodes.push(NodeDraft {
                                id,
                                title,
                                line: lines.line(h.range.start),
                                start: h.range.start,
                                content_start: h.range.end,
                                cut: Vec::new(),
                                choices: Vec::new(),
                                outcome: None,
                                escalation: None,
                                doc_links: Vec::new(),
                            });
                        }
                        HeadingLevel::H1 if nodes.is_empty() => intro_cut.push(h.range),
                        _ => {}
                    }
                }
                _ => {}
            }
            continue;
        }

        if let Some(l) = list.as_mut() {
            match event {
                Event::End(TagEnd::List(_)) if depth == 0 => {
                    let l = list.take().expect("list is set");
                    if let Some(node) = nodes.last_mut() {
                        finish_list(l, node, path, &mut problems);
                    }
                }
                Event::Start(Tag::Item) if depth == 2 => l.items.push(ItemDraft {
                    line: lines.line(range.start),
                    ..ItemDraft::default()
                }),
                event => {
                    if let Some(item) = l.items.last_mut() {
                        read_item_event(item, event, depth);
                    }
                }
            }
            continue;
        }

        if let Some(q) = quote.as_mut() {
            match event {
                Event::End(TagEnd::BlockQuote(_)) if depth == 0 => {
                    let q = quote.take().expect("quote is set");
                    if let Some(node) = nodes.last_mut() {
                        finish_quote(q, node, path, &mut problems);
                    }
                }
                Event::Text(t) | Event::Code(t) => q.text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => q.text.push('\n'),
                Event::Start(Tag::Paragraph | Tag::Emphasis | Tag::Strong) => {}
                Event::End(TagEnd::Paragraph | TagEnd::Emphasis | TagEnd::Strong) => {}
                _ => q.other = true,
            }
            continue;
        }

        if !top {
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some(HeadingDraft {
                    level,
                    id: id.map(|i| i.to_string()),
                    text: String::new(),
                    range,
                })
            }
            Event::Start(Tag::List(first)) if !nodes.is_empty() => {
                list = Some(ListDraft {
                    ordered: first.is_some(),
                    line: lines.line(range.start),
                    range,
                    items: Vec::new(),
                })
            }
            Event::Start(Tag::BlockQuote(None)) if !nodes.is_empty() => {
                quote = Some(QuoteDraft {
                    line: lines.line(range.start),
                    range,
                    text: String::new(),
                    other: false,
                })
            }
            _ => {}
        }
    }
    ends.push(source.len());

    let intro_end = nodes.first().map(|n| n.start).unwrap_or(source.len());
    let intro_markdown = cut_markdown(source, base..intro_end, &intro_cut);
    let nodes: Vec<Node> = nodes
        .into_iter()
        .zip(ends)
        .map(|(n, end)| Node {
            body_markdown: cut_markdown(source, n.content_start.min(end)..end, &n.cut),
            id: n.id,
            title: n.title,
            line: n.line,
            choices: n.choices,
            outcome: n.outcome,
            escalation: n.escalation,
            doc_links: n.doc_links,
        })
        .collect();
    let start = if nodes.iter().any(|n| n.id == START_ID) {
        START_ID.to_string()
    } else {
        nodes.first().map(|n| n.id.clone()).unwrap_or_default()
    };
    (
        Flow {
            path: article.path.clone(),
            title: article.title.clone(),
            intro_markdown,
            nodes,
            start,
        },
        problems,
    )
}

fn is_doc_link(dest: &str, link_type: LinkType) -> bool {
    match classify_link(dest, link_type) {
        LinkTarget::Doc { target, wiki, .. } => {
            !target.is_empty() && (wiki || target.to_ascii_lowercase().ends_with(".md"))
        }
        _ => false,
    }
}

/// Folds one event inside a list item into what is known about the item.
fn read_item_event(item: &mut ItemDraft, event: Event<'_>, depth: usize) {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        }) => {
            if item.in_link == 0 {
                item.links += 1;
                if !matches!(link_type, LinkType::WikiLink { .. }) {
                    item.target = dest_url.strip_prefix('#').map(str::to_string);
                }
            }
            item.in_link += 1;
        }
        Event::End(TagEnd::Link) => item.in_link = item.in_link.saturating_sub(1),
        Event::Text(t) | Event::Code(t) => {
            if item.in_link > 0 {
                item.label.push_str(&t);
            } else if !t.trim().is_empty() {
                item.other = true;
            }
        }
        Event::SoftBreak | Event::HardBreak => {
            if item.in_link > 0 {
                item.label.push(' ');
            }
        }
        // A loose list wraps the link in a paragraph; inline emphasis is harmless.
        Event::Start(Tag::Paragraph) if depth == 3 => {}
        Event::End(TagEnd::Paragraph | TagEnd::Item) => {}
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => {}
        Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {}
        _ => item.other = true,
    }
}

fn finish_list(l: ListDraft, node: &mut NodeDraft, path: &str, problems: &mut Vec<Problem>) {
    let choices = l.items.iter().filter(|i| i.is_choice()).count();
    if choices == 0 {
        return;
    }
    if l.ordered || choices < l.items.len() {
        let why = if l.ordered {
            "a numbered list is not read as choices; use `-` bullets"
        } else {
            "this list mixes links to nodes with other items, so none of it is read as choices; \
             make every item a single `[label](#node-id)` link"
        };
        problems.push(Problem::new(
            path,
            l.line,
            Severity::Warning,
            "flow-choice-list",
            why,
        ));
        return;
    }
    node.cut.push(l.range);
    for item in l.items {
        let target = item.target.unwrap_or_default();
        let label = item.label.trim().to_string();
        node.choices.push(Choice {
            label: if label.is_empty() {
                target.clone()
            } else {
                label
            },
            target,
            line: item.line,
        });
    }
}

fn finish_quote(q: QuoteDraft, node: &mut NodeDraft, path: &str, problems: &mut Vec<Problem>) {
    let text = q.text.trim();
    let Some(rest) = text
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("outcome:"))
        .map(|_| &text[8..])
    else {
        return;
    };
    // `outcome: escalate` may be followed, in the same quote, by `team:` and `checklist:` lines.
    let (word, more) = rest.split_once('\n').unwrap_or((rest, ""));
    let outcome = FlowOutcome::parse(word).filter(|_| !q.other);
    let mut target = EscalationTarget::default();
    let mut bad_extra = None;
    for (i, l) in more.lines().enumerate() {
        let (k, v) = l.split_once(':').unwrap_or((l, ""));
        let v = v.trim().to_string();
        match k.trim().to_ascii_lowercase().as_str() {
            "team" if !v.is_empty() && target.team.is_none() => target.team = Some(v),
            "checklist" if !v.is_empty() && target.checklist.is_none() => {
                target.checklist = Some(v)
            }
            _ => {
                bad_extra = Some((q.line + i + 1, l.trim().to_string()));
                break;
            }
        }
    }
    let has_extra = target.team.is_some() || target.checklist.is_some();
    if let (Some(_), Some((line, l))) = (outcome, &bad_extra) {
        problems.push(Problem::new(
            path,
            *line,
            Severity::Error,
            "flow-bad-outcome",
            format!("`{l}`: after `outcome: escalate` only `team: <team>` and `checklist: <KB path>` lines may follow, once each"),
        ));
        return;
    }
    match (outcome, node.outcome) {
        (Some(FlowOutcome::Resolved), None) if has_extra => problems.push(Problem::new(
            path,
            q.line,
            Severity::Error,
            "flow-bad-outcome",
            "`team:` and `checklist:` only go with `outcome: escalate`",
        )),
        (Some(o), None) => {
            node.outcome = Some(o);
            if has_extra {
                node.escalation = Some(target);
            }
            node.cut.push(q.range);
        }
        (Some(_), Some(_)) => problems.push(Problem::new(
            path,
            q.line,
            Severity::Error,
            "flow-bad-outcome",
            format!("node `{}` already has an outcome; only the first one counts", node.id),
        )),
        (None, _) => problems.push(Problem::new(
            path,
            q.line,
            Severity::Error,
            "flow-bad-outcome",
            format!(
                "`> outcome:` must be followed by `resolved` or `escalate` alone in its quote, found `{}`",
                word.trim()
            ),
        )),
    }
}

/// The markdown source in `range` without the `cut` ranges, blank lines trimmed where pieces
/// were joined. Lines inside the kept pieces (code blocks included) are left exactly as written.
fn cut_markdown(source: &str, range: Range<usize>, cut: &[Range<usize>]) -> String {
    let mut pieces = Vec::new();
    let mut at = range.start;
    for c in cut {
        let (s, e) = (c.start.clamp(at, range.end), c.end.clamp(at, range.end));
        pieces.push(&source[at..s]);
        at = e;
    }
    pieces.push(&source[at..range.end]);
    let mut out = String::new();
    for piece in pieces {
        let piece = trim_blank_lines(piece);
        if piece.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(piece);
    }
    out
}

/// Drops whole blank lines at the start (keeping the first line's indentation) and trailing
/// whitespace at the end.
fn trim_blank_lines(s: &str) -> &str {
    let mut start = 0;
    for line in s.split_inclusive('\n') {
        if !line.trim().is_empty() {
            break;
        }
        start += line.len();
    }
    s[start..].trim_end()
}

#[cfg(test)]
mod tests {
    use super::super::{Flow, FlowOutcome};
    use crate::markdown::parse_article;

    const GOOD: &str = include_str!("../../../../tests/fixtures/flows/good/vpn-cannot-reach.md");

    fn good() -> Flow {
        let (flow, problems) = Flow::parse("flows/vpn-cannot-reach.md", GOOD);
        assert!(problems.is_empty(), "{problems:?}");
        flow
    }

    #[test]
    fn nodes_ids_lines_and_start() {
        let flow = good();
        assert_eq!(flow.title, "Laptop cannot reach the VPN");
        assert_eq!(flow.start, "start");
        let ids: Vec<_> = flow.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "start",
                "no-network",
                "vpn-client",
                "renew-cert",
                "done",
                "escalate"
            ]
        );
        let lines: Vec<_> = flow.nodes.iter().map(|n| n.line).collect();
        assert_eq!(lines, [12, 18, 32, 46, 51, 56]);
        assert_eq!(flow.nodes[0].title, "Is the laptop online?");
    }

    #[test]
    fn intro_leaves_out_the_title_heading() {
        let flow = good();
        assert!(
            flow.intro_markdown.starts_with("Use this flow"),
            "{:?}",
            flow.intro_markdown
        );
        assert!(flow.intro_markdown.ends_with("window says."));
    }

    #[test]
    fn choices_with_labels_targets_and_lines() {
        let flow = good();
        let start = &flow.nodes[0];
        let c: Vec<_> = start
            .choices
            .iter()
            .map(|c| (c.label.as_str(), c.target.as_str(), c.line))
            .collect();
        assert_eq!(
            c,
            [
                ("Yes, pages load", "vpn-client", 15),
                ("No", "no-network", 16)
            ]
        );
        assert_eq!(
            start.body_markdown,
            "Open a browser and load any public site, for example `https://example.com`, with the VPN\ndisconnected."
        );
        let client = flow.node("vpn-client").unwrap();
        assert_eq!(
            client.choices[0].label,
            "Client shows \"certificate expired\""
        );
        assert_eq!(client.choices[1].label, "It keeps spinning on Connecting…");
        assert_eq!(client.choices[2].line, 44);
    }

    #[test]
    fn a_list_of_ordinary_links_is_content_not_choices() {
        let flow = good();
        let node = flow.node("no-network").unwrap();
        let targets: Vec<_> = node.choices.iter().map(|c| c.target.as_str()).collect();
        assert_eq!(targets, ["vpn-client", "escalate"]);
        assert!(node.body_markdown.contains("- [Captive portals explained]"));
        assert!(node.body_markdown.contains("1. Toggle Wi-Fi"));
        assert!(!node.body_markdown.contains("Internet works now"));
        assert_eq!(
            node.doc_links,
            [
                "../../articles/network/captive-portals.md",
                "runbooks/network/wifi-reset"
            ]
        );
    }

    #[test]
    fn code_blocks_are_kept_verbatim_in_bodies() {
        let flow = good();
        let body = &flow.node("vpn-client").unwrap().body_markdown;
        assert!(body.contains(
            "```powershell\nGet-Content \"$env:ProgramFiles\\Palo Alto Networks\\GlobalProtect\\PanGPS.log\" -Tail 50\n\nSelect-String"
        ), "{body}");
        assert!(body.ends_with("for the full reset."), "{body}");
    }

    #[test]
    fn outcomes_are_read_and_cut_from_bodies() {
        let flow = good();
        let outcomes: Vec<_> = flow.nodes.iter().map(|n| n.outcome).collect();
        use FlowOutcome::*;
        assert_eq!(
            outcomes,
            [
                None,
                None,
                None,
                Some(Resolved),
                Some(Resolved),
                Some(Escalate)
            ]
        );
        let renew = flow.node("renew-cert").unwrap();
        assert!(
            !renew.body_markdown.contains("outcome"),
            "{}",
            renew.body_markdown
        );
        assert_eq!(
            renew.doc_links,
            [
                "runbooks/network/renew-machine-certificate",
                "../../articles/identity/pki-faq.md#renewal"
            ]
        );
        let esc = flow.node("escalate").unwrap();
        assert!(
            esc.body_markdown
                .ends_with("> **Note:** include the public IP."),
            "{}",
            esc.body_markdown
        );
        assert_eq!(esc.doc_links, ["runbooks/endpoint/collect-logs"]);
    }

    #[test]
    fn slug_ids_and_first_node_start() {
        let src = "## Check the cable!\n- [Done](#all-good)\n\n## All good\n> Outcome: Resolved\n";
        let (flow, problems) = Flow::parse("flows/x.md", src);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(flow.start, "check-the-cable");
        assert_eq!(flow.nodes[1].id, "all-good");
        assert_eq!(flow.nodes[1].outcome, Some(FlowOutcome::Resolved));
        assert_eq!(flow.title, "x");
        assert_eq!(flow.intro_markdown, "");
    }

    #[test]
    fn loose_choice_lists_and_deeper_headings() {
        let src = "## Q {#start}\n### Details\ntext\n\n- [A](#a)\n\n- [B](#b)\n\n## A {#a}\n> outcome: resolved\n## B {#b}\n> outcome: escalate\n";
        let (flow, problems) = Flow::parse("f.md", src);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(flow.nodes.len(), 3);
        assert_eq!(flow.nodes[0].choices.len(), 2);
        assert_eq!(flow.nodes[0].choices[1].line, 7);
        assert_eq!(flow.nodes[0].body_markdown, "### Details\ntext");
    }

    #[test]
    fn suspicious_lists_and_outcomes_are_reported_with_lines() {
        let src = "## Q {#start}\n- [A](#a)\n- see the manual\n\n1. [A](#a)\n2. [B](#b)\n\n## A {#a}\n> outcome: fixed\n\n## B {#b}\n> outcome: resolved\n\n> outcome: escalate\n";
        let (flow, problems) = Flow::parse("f.md", src);
        let got: Vec<_> = problems.iter().map(|p| (p.code.as_str(), p.line)).collect();
        assert_eq!(
            got,
            [
                ("flow-choice-list", 2),
                ("flow-choice-list", 5),
                ("flow-bad-outcome", 9),
                ("flow-bad-outcome", 14)
            ]
        );
        assert!(flow.nodes[0].choices.is_empty());
        assert_eq!(flow.nodes[1].outcome, None);
        assert!(flow.nodes[1].body_markdown.contains("outcome: fixed"));
        assert_eq!(flow.nodes[2].outcome, Some(FlowOutcome::Resolved));
    }

    #[test]
    fn odd_input_never_panics() {
        for src in [
            "",
            "---\n",
            "---\ntitle: [\n---\n## A\n",
            "##\n- [](#)\n",
            "> outcome: resolved\n",
            "## A\n> outcome:\n",
        ] {
            let (flow, _) = Flow::parse("f.md", src);
            let _ = super::super::lint(&flow);
            let _ = flow.graph();
            let _ = flow.to_mermaid();
        }
        let (flow, problems) = Flow::parse(
            "f.md",
            "---\ntitle: [\n---\n## A {#start}\n> outcome: resolved\n",
        );
        assert_eq!(problems[0].code, "front-matter");
        assert_eq!(flow.nodes[0].line, 4);
    }

    #[test]
    fn crlf_files_read_the_same() {
        let crlf = GOOD.replace('\n', "\r\n");
        let (flow, problems) = Flow::parse("flows/vpn-cannot-reach.md", &crlf);
        assert!(problems.is_empty(), "{problems:?}");
        let lf = good();
        for (a, b) in flow.nodes.iter().zip(&lf.nodes) {
            assert_eq!(
                (&a.id, &a.title, a.line, &a.choices, a.outcome),
                (&b.id, &b.title, b.line, &b.choices, b.outcome)
            );
            assert_eq!(a.body_markdown.replace("\r\n", "\n"), b.body_markdown);
        }
    }

    #[test]
    fn from_article_matches_parse() {
        let (article, _) = parse_article("flows/vpn-cannot-reach.md", GOOD.to_string());
        let (flow, problems) = Flow::from_article(&article);
        assert!(problems.is_empty());
        assert_eq!(flow, good());
    }
}
