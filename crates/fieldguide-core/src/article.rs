//! The article model: what one markdown document in the KB means (front matter, kind, title,
//! headings, sections, links), independent of how it is indexed or rendered.
use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a document is. Comes from front matter `kind`, else from its folder, else `Article`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// How to do or fix something, step by step.
    Runbook,
    /// A KCS-style article (Issue, Environment, Resolution, Cause) or any other document.
    Article,
    /// A guided troubleshooting decision tree.
    Flow,
    /// A resolved-ticket note.
    Ticket,
    /// An escalation packet written beside a ticket note.
    Escalation,
    /// The evidence an escalation of one kind of problem needs (`items`: docs/escalations.md).
    Checklist,
    /// The criteria ticket notes are reviewed against (`criteria`: docs/escalations.md).
    Rubric,
}

impl DocKind {
    /// All kinds, in display order.
    pub const ALL: [DocKind; 7] = [
        DocKind::Runbook,
        DocKind::Article,
        DocKind::Flow,
        DocKind::Ticket,
        DocKind::Escalation,
        DocKind::Checklist,
        DocKind::Rubric,
    ];

    /// The lowercase name used in front matter, filters and facets.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Runbook => "runbook",
            DocKind::Article => "article",
            DocKind::Flow => "flow",
            DocKind::Ticket => "ticket",
            DocKind::Escalation => "escalation",
            DocKind::Checklist => "checklist",
            DocKind::Rubric => "rubric",
        }
    }

    /// Parses a kind name (also accepting plurals such as folder names).
    pub fn parse(s: &str) -> Option<DocKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "runbook" | "runbooks" => Some(DocKind::Runbook),
            "article" | "articles" | "kb" => Some(DocKind::Article),
            "flow" | "flows" => Some(DocKind::Flow),
            "ticket" | "tickets" => Some(DocKind::Ticket),
            "escalation" | "escalations" => Some(DocKind::Escalation),
            "checklist" | "checklists" => Some(DocKind::Checklist),
            "rubric" | "rubrics" => Some(DocKind::Rubric),
            _ => None,
        }
    }
}

/// Lifecycle state of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "DocStatus")]
pub enum Status {
    /// Being written; searchable but marked.
    Draft,
    /// The normal state.
    #[default]
    Published,
    /// Kept for history; out of default search results.
    Retired,
    /// A changed version proposed for a lead's review (docs/team.md, "Review for leads"):
    /// searchable like a published one, marked in the reader until approved.
    Review,
}

impl Status {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Published => "published",
            Status::Retired => "retired",
            Status::Review => "review",
        }
    }

    /// Parses a status name.
    pub fn parse(s: &str) -> Option<Status> {
        match s.trim().to_ascii_lowercase().as_str() {
            "draft" => Some(Status::Draft),
            "published" | "publish" | "live" => Some(Status::Published),
            "retired" | "archived" | "deprecated" => Some(Status::Retired),
            "review" | "in review" | "in-review" | "proposed" => Some(Status::Review),
            _ => None,
        }
    }
}

/// The front-matter fields Fieldguide understands, plus every other key kept as-is.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FrontMatter {
    /// `title`
    pub title: Option<String>,
    /// `kind`
    pub kind: Option<DocKind>,
    /// `tags` (a list, or a comma-separated string)
    pub tags: Vec<String>,
    /// `product`
    pub product: Option<String>,
    /// `category`
    pub category: Option<String>,
    /// `owner`
    pub owner: Option<String>,
    /// `status`
    pub status: Option<Status>,
    /// `review_by` (YYYY-MM-DD)
    pub review_by: Option<String>,
    /// `updated` (YYYY-MM-DD)
    pub updated: Option<String>,
    /// `severity`
    pub severity: Option<String>,
    /// `ticket`
    pub ticket: Option<String>,
    /// Every other key, as written (flattened to text for search).
    pub extra: BTreeMap<String, serde_json::Value>,
    /// 1-based line of the opening `---`, 0 when there is no front matter.
    pub line: usize,
}

impl FrontMatter {
    /// A string field from the known set or `extra`, as text.
    pub fn get_str(&self, key: &str) -> Option<String> {
        self.extra.get(key).and_then(|v| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        })
    }

    /// All values of unknown keys flattened to one line of text (for search).
    pub fn extra_text(&self) -> String {
        fn flatten(v: &serde_json::Value, out: &mut String) {
            match v {
                serde_json::Value::String(s) => {
                    out.push_str(s);
                    out.push(' ');
                }
                serde_json::Value::Number(n) => {
                    out.push_str(&n.to_string());
                    out.push(' ');
                }
                serde_json::Value::Array(a) => a.iter().for_each(|v| flatten(v, out)),
                serde_json::Value::Object(o) => o.values().for_each(|v| flatten(v, out)),
                _ => {}
            }
        }
        let mut out = String::new();
        for v in self.extra.values() {
            flatten(v, &mut out);
        }
        out
    }
}

/// A heading in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// Plain text of the heading.
    pub text: String,
    /// The anchor id (`{#id}` when given, else a GitHub-style slug, de-duplicated).
    pub anchor: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// A run of text under one heading (the part before the first heading has none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Index into `Article::headings`, `None` for the lead before any heading.
    pub heading: Option<usize>,
    /// Byte offset of this section's text within `Article::plain`.
    pub offset: usize,
    /// Length in bytes of this section's text within `Article::plain`.
    pub len: usize,
}

impl Section {
    /// Plain text of the section body (no markup): a slice of the article's `plain`.
    pub fn text<'a>(&self, plain: &'a str) -> &'a str {
        plain.get(self.offset..self.offset + self.len).unwrap_or("")
    }
}

/// Where a link points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum LinkTarget {
    /// Another KB document (relative path as written, resolved later by the KB), maybe a heading.
    Doc {
        /// The target as written, without the `#anchor` (e.g. `runbooks/vpn` or `../api/x.md`).
        target: String,
        /// The heading anchor, if any.
        anchor: Option<String>,
        /// True for `[[wikilinks]]` (resolved from the KB root), false for relative links.
        wiki: bool,
    },
    /// A heading in the same document.
    Anchor {
        /// The anchor.
        anchor: String,
    },
    /// An external URL.
    External {
        /// The URL.
        url: String,
    },
}

/// A link found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// Where it points.
    pub target: LinkTarget,
    /// Link text.
    pub text: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// An image a document shows (`![alt](src)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageRef {
    /// The reference as written.
    pub src: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// One markdown document of the KB, understood.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// Path relative to the KB root, `/`-separated (e.g. `runbooks/network/vpn.md`).
    pub path: String,
    /// Front matter (empty when absent or malformed).
    pub meta: FrontMatter,
    /// Title: front matter, else first `#` heading, else the file name.
    pub title: String,
    /// Kind: front matter, else folder, else article.
    pub kind: DocKind,
    /// Lifecycle state (published when not given).
    pub status: Status,
    /// All headings in order.
    pub headings: Vec<Heading>,
    /// The document split by headings.
    pub sections: Vec<Section>,
    /// All links in order.
    pub links: Vec<Link>,
    /// All images in order.
    pub images: Vec<ImageRef>,
    /// Plain text of the whole body (sections joined), as indexed.
    pub plain: String,
    /// The markdown source including front matter, as read from disk.
    #[serde(skip)]
    pub source: String,
    /// Byte offset in `source` where the markdown body starts (after front matter).
    #[serde(skip)]
    pub body_offset: usize,
}

impl Article {
    /// The markdown body without front matter.
    pub fn body(&self) -> &str {
        &self.source[self.body_offset..]
    }

    /// The heading with this anchor.
    pub fn heading(&self, anchor: &str) -> Option<&Heading> {
        self.headings.iter().find(|h| h.anchor == anchor)
    }

    /// The path without `.md`, as used in `[[wikilinks]]`.
    pub fn stem_path(&self) -> &str {
        self.path.strip_suffix(".md").unwrap_or(&self.path)
    }

    /// The section containing byte `offset` of `plain`.
    pub fn section_at(&self, offset: usize) -> Option<&Section> {
        self.sections.iter().rev().find(|s| s.offset <= offset)
    }
}

/// What a KB keeps in memory of each document (the rest is read from its file when the
/// document is opened): enough for lists, facets, reports and choosing which documents to read.
/// Built from a parsed [`Article`], or read back from the index without reading the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSummary {
    /// KB-relative path (shared with the KB's maps keyed by path: one copy per document).
    pub path: Arc<str>,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: DocKind,
    /// Lifecycle state.
    pub status: Status,
    /// Tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// `review_by` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_by: Option<String>,
    /// `category`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// `product`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// `ticket`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// `kind` as declared in front matter, lowercase (also a kind that is not a [`DocKind`]);
    /// `None` when the kind comes from the folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_kind: Option<String>,
}

impl DocSummary {
    /// The summary of a parsed document.
    pub fn of(a: &Article) -> DocSummary {
        DocSummary {
            path: a.path.as_str().into(),
            title: a.title.clone(),
            kind: a.kind,
            status: a.status,
            tags: a.meta.tags.clone(),
            review_by: a.meta.review_by.clone(),
            category: a.meta.category.clone(),
            product: a.meta.product.clone(),
            ticket: a.meta.ticket.clone(),
            declared_kind: a
                .meta
                .kind
                .map(|k| k.as_str().to_string())
                .or_else(|| a.meta.get_str("kind"))
                .map(|k| k.trim().to_lowercase()),
        }
    }

    /// True when front matter declares `kind: <kind>` (any case).
    pub fn declares(&self, kind: &str) -> bool {
        self.declared_kind
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case(kind))
    }
}

/// GitHub-style heading slug: lowercase, spaces to hyphens, punctuation dropped.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if c == ' ' || c == '-' {
            out.push('-');
        } else if c == '_' {
            out.push('_');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slugify("Reading the headers"), "reading-the-headers");
        assert_eq!(
            slugify("Step 2: Reset the client!"),
            "step-2-reset-the-client"
        );
        assert_eq!(slugify("API 401/403"), "api-401403");
    }

    #[test]
    fn kinds_parse_from_folders() {
        assert_eq!(DocKind::parse("runbooks"), Some(DocKind::Runbook));
        assert_eq!(DocKind::parse("Ticket"), Some(DocKind::Ticket));
        assert_eq!(DocKind::parse("misc"), None);
        assert_eq!(DocKind::parse("checklists"), Some(DocKind::Checklist));
        assert_eq!(DocKind::parse("Rubric"), Some(DocKind::Rubric));
        for k in DocKind::ALL {
            assert_eq!(DocKind::parse(k.as_str()), Some(k));
        }
    }
}
