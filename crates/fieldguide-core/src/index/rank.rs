//! What weighs in ranking besides the text: field weights and the kind's prior. How a query's
//! words and phrases are scored is in [`super::query`]; docs/search.md has the whole picture.
use tantivy::collector::{Collector, TopDocs};
use tantivy::{DocAddress, DocId, Score, SegmentReader};

use super::schema::{Fields, KIND_PRIOR_FIELD};
use crate::article::DocKind;

/// Each searchable field with its weight: a word in the title or the file name (runbooks are
/// named for what they fix) counts 2.5 times a word in the text, then tags, headings, the text,
/// and other front-matter values. A word scores in its best field plus a tenth of the others
/// (see `query::FIELD_TIE`), so these weights say which field wins, not how often a word is
/// counted.
pub(super) fn field_weights(f: &Fields) -> [(tantivy::schema::Field, f32); 6] {
    [
        (f.title, 2.5),
        (f.path_words, 2.5),
        (f.tags_text, 2.0),
        (f.headings, 1.5),
        (f.body, 1.0),
        (f.meta, 0.8),
    ]
}

/// The fields with positions, where phrases and adjacent words are rewarded, with the weight of
/// a phrase found there.
pub(super) fn phrase_weights(f: &Fields) -> [(tantivy::schema::Field, f32); 4] {
    [
        (f.title, 3.0),
        (f.path_words, 2.0),
        (f.headings, 2.0),
        (f.body, 1.5),
    ]
}

/// Score multipliers by kind: the KB's own knowledge (runbooks, articles, flows) first, the
/// records of single cases (ticket notes, escalation packets) a notch lower, so a case that
/// mentions the words as often as the article about them comes after it — and a case that
/// matches clearly better still comes first.
pub(super) const KIND_PRIORS: [f32; 3] = [1.0, 0.85, 0.8];

/// The index into [`KIND_PRIORS`] stored for a document of `kind`.
pub(super) fn kind_prior(kind: DocKind) -> u64 {
    match kind {
        DocKind::Runbook | DocKind::Article | DocKind::Flow => 0,
        DocKind::Ticket => 1,
        DocKind::Escalation => 2,
    }
}

/// Top `limit` documents by relevance times their kind's prior.
pub(super) fn top_ranked(limit: usize) -> impl Collector<Fruit = Vec<(Score, DocAddress)>> {
    TopDocs::with_limit(limit).tweak_score(|segment: &SegmentReader| {
        let priors = segment
            .fast_fields()
            .u64(KIND_PRIOR_FIELD)
            .ok()
            .map(|c| c.first_or_default_col(0));
        move |doc: DocId, score: Score| match &priors {
            Some(p) => {
                let i = usize::try_from(p.get_val(doc)).unwrap_or(0);
                score * KIND_PRIORS.get(i).copied().unwrap_or(1.0)
            }
            None => score,
        }
    })
}
