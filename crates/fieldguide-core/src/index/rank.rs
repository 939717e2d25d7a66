//! What weighs in ranking besides the text: field weights and the kind's prior. How a query's
//! words and phrases are scored is in [`super::query`]; docs/search.md has the whole picture.
use tantivy::collector::{Collector, TopDocs};
use tantivy::query::{EnableScoring, Query, Scorer, Weight};
use tantivy::SeekDangerResult;
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader};

use super::query::{Reward, FIELD_TIE};
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

/// Score multipliers by kind: the KB's own knowledge (runbooks, articles, flows,
/// checklists, rubrics) first, the
/// records of single cases (ticket notes, escalation packets) a notch lower, so a case that
/// mentions the words as often as the article about them comes after it — and a case that
/// matches clearly better still comes first.
pub(super) const KIND_PRIORS: [f32; 3] = [1.0, 0.85, 0.8];

/// The index into [`KIND_PRIORS`] stored for a document of `kind`.
pub(super) fn kind_prior(kind: DocKind) -> u64 {
    match kind {
        DocKind::Runbook
        | DocKind::Article
        | DocKind::Flow
        | DocKind::Checklist
        | DocKind::Rubric => 0,
        DocKind::Ticket => 1,
        DocKind::Escalation => 2,
    }
}

/// How many of the best-ranked documents get the proximity rewards (`query::TextQuery::bonus`)
/// before the final order is taken. Deep enough that a document the rewards lift into the first
/// page is almost always among them (checked by the relevance sets), shallow enough that
/// checking word positions stays cheap on a long pasted query.
pub(super) const RESCORE_DEPTH: usize = 200;

/// A segment's kind priors by document (1.0 when the index has no prior column).
fn priors(segment: &SegmentReader) -> impl Fn(DocId) -> Score {
    let column = segment
        .fast_fields()
        .u64(KIND_PRIOR_FIELD)
        .ok()
        .map(|c| c.first_or_default_col(0));
    move |doc: DocId| match &column {
        Some(p) => {
            let i = usize::try_from(p.get_val(doc)).unwrap_or(0);
            KIND_PRIORS.get(i).copied().unwrap_or(1.0)
        }
        None => 1.0,
    }
}

/// Top `limit` documents by relevance times their kind's prior.
pub(super) fn top_ranked(limit: usize) -> impl Collector<Fruit = Vec<(Score, DocAddress)>> {
    TopDocs::with_limit(limit).tweak_score(|segment: &SegmentReader| {
        let prior = priors(segment);
        move |doc: DocId, score: Score| score * prior(doc)
    })
}

/// `top` (from [`top_ranked`]) with the proximity `rewards` added (each scored as its best
/// field plus [`FIELD_TIE`] of the others, times the document's prior, as in [`top_ranked`]),
/// best first, cut to `limit`. Ties keep tantivy's order (by address).
///
/// Each phrase is checked at the candidate documents only (`seek_danger` tests one document
/// without scanning on to the next match), so the cost grows with [`RESCORE_DEPTH`], not with
/// how many documents hold the words.
pub(super) fn add_bonus(
    searcher: &Searcher,
    rewards: &[Reward],
    mut top: Vec<(Score, DocAddress)>,
    limit: usize,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let weights: Vec<Vec<(Box<dyn Weight>, f32)>> = rewards
        .iter()
        .map(|r| {
            r.iter()
                .map(|(pq, w)| Ok((pq.weight(scoring)?, *w)))
                .collect::<tantivy::Result<Vec<_>>>()
        })
        .collect::<tantivy::Result<_>>()?;
    let mut order: Vec<usize> = (0..top.len()).collect();
    order.sort_by_key(|&i| top[i].1);
    let mut at = 0;
    let mut field_scores: Vec<f32> = Vec::new();
    while at < order.len() {
        let seg = top[order[at]].1.segment_ord;
        let reader = searcher.segment_reader(seg);
        let prior = priors(reader);
        let mut scorers: Vec<Vec<Cursor>> = weights
            .iter()
            .map(|fields| {
                fields
                    .iter()
                    .map(|(w, weight)| {
                        let scorer = w.scorer(reader, 1.0)?;
                        let floor = scorer.doc();
                        Ok((scorer, *weight, floor, true))
                    })
                    .collect::<tantivy::Result<Vec<_>>>()
            })
            .collect::<tantivy::Result<_>>()?;
        while at < order.len() && top[order[at]].1.segment_ord == seg {
            let i = order[at];
            let doc = top[i].1.doc_id;
            let mut bonus = 0.0;
            for fields in scorers.iter_mut() {
                field_scores.clear();
                for (scorer, weight, floor, valid) in fields.iter_mut() {
                    // `floor`: no match before it. A valid scorer stands on a match (its floor);
                    // after a miss it is not valid and may only be asked again with
                    // seek_danger, never below the floor the miss reported.
                    let found = if doc < *floor {
                        false
                    } else if *valid && doc == *floor {
                        true
                    } else {
                        match scorer.seek_danger(doc) {
                            SeekDangerResult::Found => {
                                (*floor, *valid) = (doc, true);
                                true
                            }
                            SeekDangerResult::SeekLowerBound(next) => {
                                (*floor, *valid) = (next, false);
                                false
                            }
                        }
                    };
                    if found {
                        field_scores.push(scorer.score() * *weight);
                    }
                }
                bonus += best_plus_tie(&field_scores);
            }
            top[i].0 += bonus * prior(doc);
            at += 1;
        }
    }
    top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    top.truncate(limit);
    Ok(top)
}

/// A phrase's scorer in one segment, its weight, the first document it may still match, and
/// whether it stands on a match (see `add_bonus`).
type Cursor = (Box<dyn Scorer>, f32, DocId, bool);

/// The best score plus [`FIELD_TIE`] of the others (0 for none): tantivy's disjunction-max.
fn best_plus_tie(scores: &[f32]) -> f32 {
    let best = scores.iter().copied().fold(0.0f32, f32::max);
    let sum: f32 = scores.iter().sum();
    best + FIELD_TIE * (sum - best)
}
