//! The reader's view of a document: sanitized HTML, table of contents, backlinks, problems.
use serde::Serialize;
use ts_rs::TS;

use super::{backlinks_in, resolve_in, Kb, State};
use crate::assets::Images;
use crate::error::{Error, Result};
use crate::index::SearchIndex;
use crate::render::render_article_titled;
use crate::{Article, Problem};

/// One entry of a document's table of contents.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TocEntry {
    /// Heading level.
    pub level: u8,
    /// Heading text.
    pub text: String,
    /// Anchor (the element id is `fg-<anchor>`).
    pub anchor: String,
}

/// A reference to another document.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, TS)]
#[ts(rename = "Backlink")]
pub struct DocRef {
    /// KB-relative path.
    pub path: String,
    /// Title.
    pub title: String,
}

/// Front-matter facts shown in the reader.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocMeta {
    /// Product.
    pub product: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Review-by date.
    pub review_by: Option<String>,
    /// Last update date.
    pub updated: Option<String>,
    /// Ticket id (ticket notes).
    pub ticket: Option<String>,
    /// Closure-note score stored by a lead's review (ticket notes; `review_score`).
    pub review_score: Option<u32>,
}

/// Everything the reader pane shows for one document.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocView {
    /// KB-relative path.
    pub path: String,
    /// Title.
    pub title: String,
    /// Kind name.
    pub kind: String,
    /// Status name.
    pub status: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Front-matter facts.
    pub meta: DocMeta,
    /// Sanitized HTML of the body.
    pub html: String,
    /// Table of contents.
    pub toc: Vec<TocEntry>,
    /// Documents linking here.
    pub backlinks: Vec<DocRef>,
    /// Problems found in this document.
    pub problems: Vec<Problem>,
}

impl Kb {
    /// [`Kb::view`] for a host that serves KB images under `url_base` (see [`crate::assets`]):
    /// the document's images inside the KB load from there; [`Kb::view`] shows them as alt text.
    pub fn view_with_images(&self, path: &str, url_base: &str) -> Result<DocView> {
        let images = Images::new(&self.root, path, url_base);
        self.view_built(path, Some(&images))
    }

    /// The reader's view of `path`: its file read and rendered; backlinks from the index.
    pub(super) fn view_built(&self, path: &str, images: Option<&Images>) -> Result<DocView> {
        let a = self
            .doc(path)
            .ok_or_else(|| Error::NotFound(path.to_string()))?;
        let st = self.state.read().expect("state lock");
        build_with(&st, &self.index, &a, images)
    }
}

pub(super) fn build_with(
    st: &State,
    index: &SearchIndex,
    a: &Article,
    images: Option<&Images>,
) -> Result<DocView> {
    let resolve = |t: &crate::LinkTarget| resolve_in(st, index, &a.path, t);
    let title_of = |p: &str| st.docs.get(p).map(|d| d.title.clone());
    let html = render_article_titled(a, &resolve, images, &title_of);
    let backlinks = backlinks_in(st, index, &a.path)
        .into_iter()
        .map(|p| DocRef {
            title: st
                .docs
                .get(p.as_str())
                .map(|d| d.title.clone())
                .unwrap_or_default(),
            path: p,
        })
        .collect();
    let toc = a
        .headings
        .iter()
        .filter(|h| h.level >= 2 && h.level <= 3)
        .map(|h| TocEntry {
            level: h.level,
            text: h.text.clone(),
            anchor: h.anchor.clone(),
        })
        .collect();
    let mut problems = st.load_problems.get(&a.path).cloned().unwrap_or_default();
    problems.extend(crate::lint::links_of(a, &resolve));
    Ok(DocView {
        path: a.path.clone(),
        title: a.title.clone(),
        kind: a.kind.as_str().to_string(),
        status: a.status.as_str().to_string(),
        tags: a.meta.tags.clone(),
        meta: DocMeta {
            product: a.meta.product.clone(),
            category: a.meta.category.clone(),
            owner: a.meta.owner.clone(),
            review_by: a.meta.review_by.clone(),
            updated: a.meta.updated.clone(),
            ticket: a.meta.ticket.clone(),
            review_score: a
                .meta
                .get_str("review_score")
                .and_then(|s| s.trim().parse().ok()),
        },
        html,
        toc,
        backlinks,
        problems,
    })
}
