//! (placeholder — being written)
use crate::{Article, Problem};

/// Lint problems of a flow document.
pub fn lint_article(_a: &Article) -> Vec<Problem> {
    Vec::new()
}
