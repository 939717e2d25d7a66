//! Why a hit matched: which query words it holds in which fields, the phrases and adjacent
//! words found together, the rare word that admitted it, the expansions used, its kind's prior,
//! and whether the query was relaxed. Computed for the returned page of hits only, from the same
//! words and phrases that ranked them (see [`super::query::Plan`]).
use serde::{Deserialize, Serialize};
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Searcher, Term};
use ts_rs::TS;

use super::query::{Form, Plan, Reward};
use super::rank::{field_weights, kind_prior, KIND_PRIORS};
use super::schema::Fields;
use super::SearchIndex;
use crate::article::{DocKind, Status};

/// Why one hit matched (`SearchHit::why`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct MatchWhy {
    /// All of it in one line, for a tooltip or the command line
    /// (`title: vpn · text: expired · pair "certificate expired" in text`).
    pub line: String,
    /// The query words the hit holds, in query order.
    pub words: Vec<WordWhy>,
    /// The query words it lacks (a long or relaxed query, or `OR`).
    pub missing: Vec<String>,
    /// The proximity rewards it got, with the fields they were found in
    /// (`pair "certificate expired" in title, text`).
    pub together: Vec<String>,
    /// The rare word that admitted it although it holds fewer of a long query's words than
    /// required.
    pub admitted_by: Option<String>,
    /// Words of a long query left out of the search: short numbers inside a longer token
    /// (`ip-10-0-3-17`), words found in no document, words cut from very long input.
    pub ignored: Vec<String>,
    /// The query was relaxed: no document held all (short) or enough (long) of its words.
    pub relaxed: bool,
    /// The kind's score multiplier (1 for runbooks, articles and flows).
    pub prior: f32,
}

/// One query word a hit holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct WordWhy {
    /// The word as written in the query (lowercased).
    pub word: String,
    /// The fields it was found in, best-weighted first: `title`, `file name`, `tags`,
    /// `headings`, `text`, `front matter`.
    pub fields: Vec<String>,
    /// When the hit holds another form of it: `certificate (prefix)`, `certificate (spelling)`,
    /// `kube api down (parts)`.
    pub via: Option<String>,
}

/// The name a reader sees for a field.
fn field_name(f: &Fields, field: Field) -> &'static str {
    match field {
        x if x == f.title => "title",
        x if x == f.path_words => "file name",
        x if x == f.tags_text => "tags",
        x if x == f.headings => "headings",
        x if x == f.body => "text",
        _ => "front matter",
    }
}

/// Whether `ds` (advanced only forward, for ascending `doc`s) holds `doc`.
fn holds(ds: &mut dyn DocSet, doc: DocId) -> bool {
    let cur = ds.doc();
    if cur == doc {
        return true;
    }
    cur < doc && ds.seek(doc) == doc
}

/// One hit's findings while its segment is read.
#[derive(Default, Clone)]
struct Found {
    /// Per plan word: for each form, the fields holding it.
    forms: Vec<Vec<Vec<&'static str>>>,
    /// Per plan word: the fields holding its camelCase parts as a phrase.
    parts: Vec<Vec<&'static str>>,
    /// Per reward: the fields it was found in.
    rewards: Vec<Vec<&'static str>>,
}

impl SearchIndex {
    /// Why each of `hits` (with its kind and status names) matched the query of `plan`, whose
    /// proximity rewards are `bonus`; `relaxed` is the index of the relaxed form used, if any.
    pub(super) fn explain_hits(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        bonus: &[Reward],
        relaxed: Option<usize>,
        hits: &[(DocAddress, String, String)],
    ) -> tantivy::Result<Vec<MatchWhy>> {
        let f = &self.f;
        let mut found: Vec<Found> = vec![Found::default(); hits.len()];
        let mut order: Vec<usize> = (0..hits.len()).collect();
        order.sort_by_key(|&i| hits[i].0);
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let phrase_fields = [f.title, f.path_words, f.headings, f.body];
        // The camelCase parts of a word as a phrase per field, and the rewards' phrases.
        let parts_weights: Vec<Vec<(Field, Box<dyn Weight>)>> = plan
            .words
            .iter()
            .map(|w| {
                if w.parts.len() < 2 {
                    return Ok(Vec::new());
                }
                phrase_fields
                    .iter()
                    .map(|&field| {
                        let terms = w
                            .parts
                            .iter()
                            .map(|p| Term::from_field_text(field, p))
                            .collect();
                        let pq = tantivy::query::PhraseQuery::new(terms);
                        Ok((field, pq.weight(scoring)?))
                    })
                    .collect()
            })
            .collect::<tantivy::Result<_>>()?;
        let reward_weights: Vec<Vec<(Field, Box<dyn Weight>)>> = bonus
            .iter()
            .map(|r| {
                r.iter()
                    .map(|(pq, _)| {
                        let field = pq.phrase_terms()[0].field();
                        Ok((field, pq.weight(scoring)?))
                    })
                    .collect()
            })
            .collect::<tantivy::Result<_>>()?;

        let mut at = 0;
        while at < order.len() {
            let seg = hits[order[at]].0.segment_ord;
            let reader = searcher.segment_reader(seg);
            let end = at
                + order[at..]
                    .iter()
                    .take_while(|&&i| hits[i].0.segment_ord == seg)
                    .count();
            let in_seg = &order[at..end];
            for i in in_seg {
                found[*i] = Found {
                    forms: plan
                        .words
                        .iter()
                        .map(|w| vec![Vec::new(); w.forms.len()])
                        .collect(),
                    parts: vec![Vec::new(); plan.words.len()],
                    rewards: vec![Vec::new(); bonus.len()],
                };
            }
            for (wi, w) in plan.words.iter().enumerate() {
                for (fi, (stem, _, _)) in w.forms.iter().enumerate() {
                    for (field, _) in field_weights(f) {
                        let inv = reader.inverted_index(field)?;
                        let term = Term::from_field_text(field, stem);
                        let Some(mut postings) =
                            inv.read_postings(&term, IndexRecordOption::Basic)?
                        else {
                            continue;
                        };
                        for &i in in_seg {
                            if holds(&mut postings, hits[i].0.doc_id) {
                                found[i].forms[wi][fi].push(field_name(f, field));
                            }
                        }
                    }
                }
                for (field, weight) in &parts_weights[wi] {
                    let mut scorer = weight.scorer(reader, 1.0)?;
                    for &i in in_seg {
                        if holds(scorer.as_mut(), hits[i].0.doc_id) {
                            found[i].parts[wi].push(field_name(f, *field));
                        }
                    }
                }
            }
            for (ri, leaves) in reward_weights.iter().enumerate() {
                for (field, weight) in leaves {
                    let mut scorer = weight.scorer(reader, 1.0)?;
                    for &i in in_seg {
                        if holds(scorer.as_mut(), hits[i].0.doc_id) {
                            found[i].rewards[ri].push(field_name(f, *field));
                        }
                    }
                }
            }
            at = end;
        }

        Ok(hits
            .iter()
            .zip(found)
            .map(|((_, kind, status), found)| describe(plan, relaxed, kind, status, found))
            .collect())
    }
}

/// The explanation of one hit from what was found in it.
fn describe(
    plan: &Plan,
    relaxed: Option<usize>,
    kind: &str,
    status: &str,
    found: Found,
) -> MatchWhy {
    let mut words: Vec<WordWhy> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    let mut rare_held: Option<String> = None;
    for (wi, w) in plan.words.iter().enumerate() {
        // The first form it holds: as written before expansions (most frequent first).
        let held = w
            .forms
            .iter()
            .zip(&found.forms[wi])
            .find(|(_, fields)| !fields.is_empty());
        let why = match held {
            Some(((_, shown, form), fields)) => Some(WordWhy {
                word: w.written.clone(),
                fields: fields.iter().map(|s| s.to_string()).collect(),
                via: match form {
                    Form::Written => None,
                    Form::Prefix => Some(format!("{shown} (prefix)")),
                    Form::Typo => Some(format!("{shown} (spelling)")),
                },
            }),
            None if !found.parts[wi].is_empty() => Some(WordWhy {
                word: w.written.clone(),
                fields: found.parts[wi].iter().map(|s| s.to_string()).collect(),
                via: Some(format!("{} (parts)", w.parts.join(" "))),
            }),
            None => None,
        };
        match why {
            Some(why) => {
                if w.rare && rare_held.is_none() {
                    rare_held = Some(w.written.clone());
                }
                words.push(why);
            }
            None => missing.push(w.written.clone()),
        }
    }
    let need = match relaxed {
        Some(i) => plan.relaxed.get(i).copied().unwrap_or(1),
        None => plan.need,
    };
    let admitted_by = (plan.long && words.len() < need)
        .then_some(rare_held)
        .flatten();
    let together: Vec<String> = plan
        .rewards
        .iter()
        .zip(&found.rewards)
        .filter(|(_, fields)| !fields.is_empty())
        .map(|(label, fields)| format!("{label} in {}", fields.join(", ")))
        .collect();
    let prior = DocKind::parse(kind)
        .map(|k| KIND_PRIORS[kind_prior(k) as usize])
        .unwrap_or(1.0);

    // The line: words grouped by their best field, then what else weighed.
    let mut parts: Vec<String> = Vec::new();
    if relaxed.is_some() {
        parts.push("closest match (no document has all the words)".to_string());
    }
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for w in &words {
        let best = w.fields.first().map_or("text", |s| s.as_str());
        let shown = match &w.via {
            Some(v) => format!("{} → {v}", w.word),
            None => w.word.clone(),
        };
        match groups.iter_mut().find(|(f, _)| *f == best) {
            Some((_, v)) => v.push(shown),
            None => groups.push((best, vec![shown])),
        }
    }
    const ORDER: [&str; 6] = [
        "title",
        "file name",
        "tags",
        "headings",
        "text",
        "front matter",
    ];
    groups.sort_by_key(|(f, _)| ORDER.iter().position(|o| o == f));
    for (field, ws) in &groups {
        parts.push(format!("{field}: {}", ws.join(", ")));
    }
    for r in &plan.required {
        parts.push(format!("has {r}"));
    }
    if plan.long && relaxed.is_none() {
        parts.push(format!("{} of {} words", words.len(), plan.words.len()));
    }
    if let Some(r) = &admitted_by {
        parts.push(format!("admitted by the rare word {r}"));
    }
    if !missing.is_empty() {
        parts.push(format!("without {}", missing.join(", ")));
    }
    parts.extend(together.iter().cloned());
    if prior != 1.0 {
        parts.push(format!("{kind} ×{prior}"));
    }
    if status == Status::Retired.as_str() {
        parts.push("retired".to_string());
    }
    if !plan.ignored.is_empty() {
        let mut shown: Vec<&str> = plan.ignored.iter().take(3).map(|s| s.as_str()).collect();
        if plan.ignored.len() > 3 {
            shown.push("…");
        }
        parts.push(format!("ignored {}", shown.join(", ")));
    }
    MatchWhy {
        line: parts.join(" · "),
        words,
        missing,
        together,
        admitted_by,
        ignored: plan.ignored.clone(),
        relaxed: relaxed.is_some(),
        prior,
    }
}
