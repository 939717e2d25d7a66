//! Building the tantivy query for a user's text: how many of its words must match, which forms
//! of each word count (stem, prefix while typing, close spellings), and what is rewarded on top
//! (phrases, adjacent words, words written together). docs/search.md explains the rules.
//!
//! - **Short queries** (up to [`LONG_QUERY_WORDS`]` - 1` words, what people type): every word
//!   must match; the last one is expanded as a prefix while typing; a word found nowhere is
//!   matched by close spellings. When no document has every word: all but one, then any.
//! - **Long queries** (a pasted sentence, an alert, an error message, a log line): ranked
//!   disjunctively; a document must hold [`COORDINATION`] of the words that occur in the KB at
//!   all (a word found nowhere — a pod name, a user id — cannot count against a document).
//!   Very long input keeps its [`MAX_WORDS`] rarest words (a "more like this" query).
//! - **Proximity**, in both: the whole query as a phrase, each pair of adjacent query words
//!   found next to each other, and the parts of a token written as one (`ORA-12154`,
//!   `(IRM)-protected`, `srv-db01.corp.local`) found as written.
use std::collections::HashMap;

use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::rank::{field_weights, phrase_weights};
use super::syntax::{Clause, FieldName, ParsedQuery, Req};
use super::SearchIndex;
use crate::error::{Error, Result};

/// From this many distinct words on, a query is long: ranked disjunctively.
pub const LONG_QUERY_WORDS: usize = 4;
/// The share of a long query's findable words that a document must hold.
pub const COORDINATION: f32 = 0.25;
/// A word held by at most one in this many documents (and at least [`RARE_MIN`]) is rare: a
/// document holding it is matched even without most of the other words.
pub const RARE_SHARE: u64 = 200;
/// See [`RARE_SHARE`].
pub const RARE_MIN: u64 = 3;
/// A very long query is cut to this many of its rarest words.
pub const MAX_WORDS: usize = 32;
/// Weight of the whole query found as a phrase (times the field's phrase weight) in a long
/// query, where finding the pasted text as written says most.
const PHRASE_BONUS: f32 = 4.0;
/// The same in a short query, whose documents all hold every word: the phrase orders them
/// without outweighing where the words are (title, tags).
const SHORT_PHRASE_BONUS: f32 = 1.0;
/// How much the other fields add to a word's best field.
pub(super) const FIELD_TIE: f32 = 0.1;
/// Weight of two adjacent query words found next to each other.
const BIGRAM_BONUS: f32 = 1.0;
/// Weight of the parts of one written token found as written.
const COMPOUND_BONUS: f32 = 1.0;
/// In a long query, numbers of up to this many digits written inside a longer token are left
/// out (`ip-10-0-3-17`, `[FIRING:2]`).
const SHORT_NUMBER_DIGITS: usize = 3;
/// A camelCase word weighs as many words as it has parts, up to this many.
const MAX_PARTS_WEIGHT: usize = 4;
/// Up to this many words, the whole query is also rewarded as one phrase.
const PHRASE_MAX_WORDS: usize = 20;

/// The query for the text part of a search.
pub(super) struct TextQuery {
    /// The query to rank with.
    pub main: Box<dyn Query>,
    /// Looser forms, tried in order while the previous one matches nothing.
    pub relaxed: Vec<Box<dyn Query>>,
    /// The proximity rewards (phrases, adjacent words, compounds), added to the scores of the
    /// best-ranked documents only (see `rank::add_bonus`): they reorder those, and checking
    /// word positions in every matching document is what made long queries slow.
    pub bonus: Vec<Reward>,
    /// What was searched, for explaining each hit (`super::explain`).
    pub plan: Plan,
}

/// What a query searched for, kept to explain why a hit matched (see `super::explain`).
#[derive(Debug, Default)]
pub(super) struct Plan {
    /// The words ranked with, in query order.
    pub words: Vec<PlanWord>,
    /// A label for each entry of [`TextQuery::bonus`], in the same order.
    pub rewards: Vec<String>,
    /// The query is long (ranked disjunctively).
    pub long: bool,
    /// How many words a document must hold (long queries; 0 otherwise).
    pub need: usize,
    /// For each of [`TextQuery::relaxed`], how many words a document must hold.
    pub relaxed: Vec<usize>,
    /// Words left out: found nowhere in the KB, or cut from very long input.
    pub ignored: Vec<String>,
    /// The required clauses (`+word`, `"a phrase"`), as written: every hit has them.
    pub required: Vec<String>,
}

/// One ranked word of a [`Plan`].
#[derive(Debug)]
pub(super) struct PlanWord {
    /// As written (lowercased, folded).
    pub written: String,
    /// The stems it matches, each with the word shown for it and how it was found
    /// (parallel to [`Searched::alts`]).
    pub forms: Vec<(String, String, Form)>,
    /// Its camelCase parts' stems (matched as a phrase).
    pub parts: Vec<String>,
    /// Rare enough to admit a document on its own.
    pub rare: bool,
}

/// How a form of a query word was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// The word itself (its stem).
    Written,
    /// A longer word it begins (while typing).
    Prefix,
    /// A close spelling (the word occurs nowhere).
    Typo,
}

/// One proximity reward: a phrase in several fields, scored as its best field plus
/// [`FIELD_TIE`] of the others (as [`best_field`] does), each field's phrase with its weight.
pub(super) type Reward = Vec<(PhraseQuery, f32)>;

/// One word of the query.
#[derive(Debug, Clone)]
struct QWord {
    /// Lowercased, folded, as written.
    raw: String,
    /// Its stem; `None` for a stop word.
    stem: Option<String>,
    /// Position in the query (stop words count).
    pos: usize,
    /// The query clause it comes from.
    clause: usize,
    /// The stems of its camelCase parts (`KubeAPIDown` → kube, api, down), when it has two or
    /// more: the parts found as a phrase count as the word.
    parts: Vec<String>,
}

/// A distinct searched word with what it may match.
struct Searched {
    /// The stems it matches, with a weight (1: as written).
    alts: Vec<(String, f32)>,
    /// For each of `alts`: the word shown for it and how it was found.
    shown: Vec<(String, Form)>,
    /// As written.
    raw: String,
    /// Its camelCase parts' stems (see [`QWord::parts`]).
    parts: Vec<String>,
    /// Documents holding the word (its stem in any field), for coordination and cutting.
    doc_freq: u64,
    /// How often it occurs in the query.
    count: usize,
    /// First position in the query.
    first: usize,
}

impl SearchIndex {
    /// The query for `parsed`'s text clauses; `None` when nothing in it can be searched (only
    /// stop words or punctuation).
    pub(super) fn text_query(
        &self,
        parsed: &ParsedQuery,
        typing: bool,
    ) -> Result<Option<TextQuery>> {
        let mut words: Vec<QWord> = Vec::new();
        let mut musts: Vec<Box<dyn Query>> = Vec::new();
        let mut must_nots: Vec<Box<dyn Query>> = Vec::new();
        let mut required: Vec<String> = Vec::new();
        let mut pos_base = 0;
        for (ci, c) in parsed.clauses.iter().enumerate() {
            let qwords = self.clause_words(c, ci, pos_base);
            pos_base = qwords.last().map_or(pos_base, |w| w.pos + 1);
            // `certutil -pulse`: a flag found as written after the word before it is text.
            let flag = c.dash
                && !c.phrase
                && ci > 0
                && parsed.clauses[ci - 1].req == Req::Should
                && words.last().is_some_and(|prev| {
                    let mut seq: Vec<String> = prev.stem.iter().cloned().collect();
                    seq.extend(qwords.iter().filter_map(|w| w.stem.clone()));
                    seq.len() >= 2 && self.written_after(&seq, &format!("-{}", c.text))
                });
            match (if flag { Req::Should } else { c.req }, c.phrase) {
                (Req::Should, _) => words.extend(qwords),
                (req, phrase) => {
                    let q = if phrase && qwords.iter().filter(|w| w.stem.is_some()).count() > 1 {
                        self.phrase_in_fields(&qwords, 0, c.field, 1.0)
                    } else {
                        let clauses: Vec<(Occur, Box<dyn Query>)> = qwords
                            .iter()
                            .filter_map(|w| w.stem.as_ref())
                            .map(|s| (Occur::Must, self.stem_clause(s, 1.0, c.field)))
                            .collect();
                        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as _)
                    };
                    if let Some(q) = q {
                        if req == Req::MustNot {
                            must_nots.push(q);
                        } else {
                            musts.push(q);
                            required.push(if phrase {
                                format!("\"{}\"", c.text)
                            } else {
                                c.text.clone()
                            });
                        }
                    }
                }
            }
        }

        let content: Vec<&QWord> = words.iter().filter(|w| w.stem.is_some()).collect();
        let long = content.len() >= LONG_QUERY_WORDS
            && distinct(content.iter().map(|w| w.stem.as_deref())) >= LONG_QUERY_WORDS;
        let mut ignored: Vec<String> = Vec::new();
        if long {
            // Short numbers inside a longer token — the parts of an IP address or a host name
            // (`ip-10-0-3-17`), a pod's ordinal (`prometheus-k8s-0`), an alert count
            // (`[FIRING:2]`) — say nothing about the text; `ORA-12154` keeps its code.
            let mut per_clause: HashMap<usize, usize> = HashMap::new();
            for w in &words {
                *per_clause.entry(w.clause).or_default() += 1;
            }
            words.retain(|w| {
                let fragment = per_clause[&w.clause] > 1
                    && w.raw.len() <= SHORT_NUMBER_DIGITS
                    && w.raw.bytes().all(|b| b.is_ascii_digit());
                if fragment && !ignored.contains(&w.raw) {
                    ignored.push(w.raw.clone());
                }
                !fragment
            });
        }
        let content: Vec<&QWord> = words.iter().filter(|w| w.stem.is_some()).collect();
        let last_pos = words.last().map(|w| w.pos);

        // Each distinct word with the forms it may match.
        let mut searched: Vec<Searched> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for w in &words {
            let is_last = Some(w.pos) == last_pos;
            let char_len = w.raw.chars().count();
            // A finished stop word after other words says nothing: not expanded, not required
            // ("… the following error message the").
            let prefix =
                typing && is_last && char_len >= 2 && (w.stem.is_some() || content.is_empty());
            let key = match &w.stem {
                Some(s) if !prefix => s.clone(),
                _ => format!("{}*", w.raw),
            };
            if let Some(&i) = by_key.get(&key) {
                searched[i].count += 1;
                continue;
            }
            let mut alts: Vec<(String, f32)> = Vec::new();
            let mut shown: Vec<(String, Form)> = Vec::new();
            if let Some(s) = &w.stem {
                alts.push((s.clone(), 1.0));
                shown.push((w.raw.clone(), Form::Written));
            }
            if prefix {
                let q = FuzzyTermQuery::new_prefix(self.vocab_term(&w.raw), 0, true);
                self.add_expansions(&mut alts, &mut shown, Form::Prefix, &q, &w.raw, 12, 0.7)?;
            }
            let mut doc_freq = alts.first().map_or(0, |(s, _)| self.stem_doc_freq(s));
            let has_digit = w.raw.chars().any(|c| c.is_ascii_digit());
            if !long && w.stem.is_some() && char_len >= 5 && !has_digit && doc_freq == 0 {
                let distance = if char_len >= 9 { 2 } else { 1 };
                let q = FuzzyTermQuery::new(self.vocab_term(&w.raw), distance, true);
                self.add_expansions(&mut alts, &mut shown, Form::Typo, &q, &w.raw, 6, 0.5)?;
            }
            if alts.is_empty() {
                continue; // a stop word alone says nothing
            }
            if alts.len() > 1 {
                doc_freq = doc_freq.max(1);
            }
            by_key.insert(key, searched.len());
            if w.parts.len() > 1 {
                let parts_df = self.phrase_doc_freq(&w.parts);
                doc_freq = doc_freq.max(parts_df);
            }
            searched.push(Searched {
                alts,
                shown,
                raw: w.raw.clone(),
                parts: w.parts.clone(),
                doc_freq,
                count: 1,
                first: w.pos,
            });
        }

        if long {
            // Words found nowhere cannot count; very long input keeps its rarest words.
            ignored.extend(
                searched
                    .iter()
                    .filter(|s| s.doc_freq == 0)
                    .map(|s| s.raw.clone()),
            );
            searched.retain(|s| s.doc_freq > 0);
            if searched.len() > MAX_WORDS {
                searched.sort_by(|a, b| a.doc_freq.cmp(&b.doc_freq).then(a.first.cmp(&b.first)));
                ignored.extend(searched.drain(MAX_WORDS..).map(|s| s.raw));
                searched.sort_by_key(|s| s.first);
            }
        }
        if searched.is_empty() && musts.is_empty() {
            return Ok(None);
        }

        let word_clauses: Vec<Box<dyn Query>> = searched
            .iter()
            .map(|s| {
                let boost = if s.count > 1 { 1.3 } else { 1.0 };
                // A camelCase name stands for its words: `PrometheusNotConnectedToAlertmanagers`
                // weighs as much as the label `kube-state-metrics` beside it in an alert.
                let boost = boost * s.parts.len().clamp(1, MAX_PARTS_WEIGHT) as f32;
                let mut alts: Vec<(Occur, Box<dyn Query>)> = s
                    .alts
                    .iter()
                    .map(|(stem, w)| (Occur::Should, self.stem_clause(stem, w * boost, None)))
                    .collect();
                if let Some(q) = self.parts_phrase(&s.parts, boost) {
                    alts.push((Occur::Should, q));
                }
                Box::new(BooleanQuery::new(alts)) as Box<dyn Query>
            })
            .collect();
        let kept: std::collections::HashSet<&str> =
            searched.iter().map(|s| s.alts[0].0.as_str()).collect();
        let (bonus, reward_labels) = self.proximity_bonus(&words, &kept, long);

        let n = word_clauses.len();
        // A word this rare says on its own what the query is about (an alert name, an error
        // code): a document holding it passes the "most words" rule whatever else it lacks.
        let num_docs = self.reader.searcher().num_docs();
        let rare_max = (num_docs / RARE_SHARE).max(RARE_MIN);
        let rare: Vec<bool> = searched
            .iter()
            .map(|s| s.doc_freq > 0 && s.doc_freq <= rare_max)
            .collect();
        let assemble = |min: Option<usize>| -> Box<dyn Query> {
            let mut all: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            match min {
                None => all.extend(word_clauses.iter().map(|q| (Occur::Must, q.box_clone()))),
                Some(min) if n > 0 && min <= 1 => {
                    // Any of the words, scored as they match.
                    let any: Vec<(Occur, Box<dyn Query>)> = word_clauses
                        .iter()
                        .map(|q| (Occur::Should, q.box_clone()))
                        .collect();
                    all.push((Occur::Must, Box::new(BooleanQuery::new(any))));
                }
                Some(min) if n > 0 => {
                    // Enough of the words, or a rare one; scored by the words held.
                    let words = word_clauses
                        .iter()
                        .zip(&rare)
                        .map(|(q, r)| (q.box_clone(), *r))
                        .collect();
                    all.push((
                        Occur::Must,
                        Box::new(super::min_match::MinMatchQuery::new(words, min.min(n))),
                    ));
                }
                Some(_) => {}
            }
            all.extend(musts.iter().map(|q| (Occur::Must, q.box_clone())));
            all.extend(must_nots.iter().map(|q| (Occur::MustNot, q.box_clone())));
            Box::new(BooleanQuery::new(all))
        };

        let mut need = 0;
        let (main, tiers): (Box<dyn Query>, Vec<usize>) = if parsed.any {
            (assemble(Some(1)), vec![])
        } else if long {
            need = (((n as f32) * COORDINATION).ceil() as usize).max(1);
            (assemble(Some(need)), vec![1])
        } else if n >= 3 {
            (assemble(None), vec![n - 1, 1])
        } else if n == 2 {
            (assemble(None), vec![1])
        } else {
            (assemble(None), vec![])
        };
        let tiers = if parsed.all { Vec::new() } else { tiers };
        let relaxed = tiers.iter().map(|&m| assemble(Some(m))).collect();
        let plan = Plan {
            words: searched
                .iter()
                .map(|s| PlanWord {
                    written: s.raw.clone(),
                    forms: s
                        .alts
                        .iter()
                        .zip(&s.shown)
                        .map(|((stem, _), (word, form))| (stem.clone(), word.clone(), *form))
                        .collect(),
                    parts: s.parts.clone(),
                    rare: s.doc_freq > 0 && s.doc_freq <= rare_max,
                })
                .collect(),
            rewards: reward_labels,
            long,
            need,
            relaxed: tiers,
            ignored,
            required,
        };
        Ok(Some(TextQuery {
            main,
            relaxed,
            bonus,
            plan,
        }))
    }

    /// The words of one clause, positioned from `pos_base`: cut as the index cuts text (every
    /// word takes a position, also stop words and over-long words, which are left out).
    fn clause_words(&self, c: &Clause, clause: usize, pos_base: usize) -> Vec<QWord> {
        let mut out = Vec::new();
        let mut at = 0;
        let mut pos = pos_base;
        while let Some((from, to)) = crate::analysis::next_word(&c.text, at) {
            at = to;
            let written = &c.text[from..to];
            pos += 1;
            if written.len() >= crate::analysis::MAX_WORD_BYTES {
                continue;
            }
            let Some(raw) = self.analyze(&self.raw, written).into_iter().next() else {
                continue;
            };
            let stem = self.analyze(&self.en, written).into_iter().next();
            let camel = super::schema::camel_parts(written);
            let parts: Vec<String> = if camel.len() > 1 {
                camel
                    .iter()
                    .filter_map(|p| self.analyze(&self.en, p).into_iter().next())
                    .collect()
            } else {
                Vec::new()
            };
            // A camelCase name the KB has neither as written nor as its parts in a row (an
            // alert named otherwise than its runbook, `KubeJobNotCompleted`): its parts are
            // searched as words of their own, rather than the name being found nowhere.
            if parts.len() > 1
                && stem.as_deref().is_some_and(|s| self.stem_doc_freq(s) == 0)
                && self.phrase_doc_freq(&parts) == 0
            {
                for (k, p) in camel.iter().enumerate() {
                    let Some(raw) = self.analyze(&self.raw, p).into_iter().next() else {
                        continue;
                    };
                    if k > 0 {
                        pos += 1;
                    }
                    out.push(QWord {
                        raw,
                        stem: self.analyze(&self.en, p).into_iter().next(),
                        pos: pos - 1,
                        clause,
                        parts: Vec::new(),
                    });
                }
                continue;
            }
            out.push(QWord {
                raw,
                stem,
                pos: pos - 1,
                clause,
                parts,
            });
        }
        out
    }

    /// The camelCase parts of a word as a phrase in the positional fields (`None` for fewer
    /// than two parts).
    fn parts_phrase(&self, parts: &[String], boost: f32) -> Option<Box<dyn Query>> {
        if parts.len() < 2 {
            return None;
        }
        let words: Vec<QWord> = parts
            .iter()
            .enumerate()
            .map(|(i, p)| QWord {
                raw: p.clone(),
                stem: Some(p.clone()),
                pos: i,
                clause: 0,
                parts: Vec::new(),
            })
            .collect();
        self.phrase_in_fields(&words, 0, None, boost / 2.0)
    }

    /// Whether a document's text has the phrase `stems` with `literal` (`-pulse`) written in it,
    /// as it is: a flag after a command. Looks at the first few documents with the phrase.
    fn written_after(&self, stems: &[String], literal: &str) -> bool {
        let searcher = self.reader.searcher();
        let terms: Vec<Term> = stems
            .iter()
            .map(|s| Term::from_field_text(self.f.body, s))
            .collect();
        let Ok(top) = searcher.search(
            &PhraseQuery::new(terms),
            &tantivy::collector::TopDocs::with_limit(5).order_by_score(),
        ) else {
            return false;
        };
        let literal = literal.to_lowercase();
        top.into_iter().any(|(_, addr)| {
            searcher
                .doc::<tantivy::TantivyDocument>(addr)
                .ok()
                .and_then(|d| {
                    use tantivy::schema::Value;
                    d.get_first(self.f.body)
                        .and_then(|v| v.as_str().map(|b| b.to_lowercase().contains(&literal)))
                })
                .unwrap_or(false)
        })
    }

    /// Documents holding `stems` as a phrase in the body or the file name.
    fn phrase_doc_freq(&self, stems: &[String]) -> u64 {
        let searcher = self.reader.searcher();
        [self.f.body, self.f.path_words, self.f.title]
            .iter()
            .map(|field| {
                let terms: Vec<Term> = stems
                    .iter()
                    .map(|s| Term::from_field_text(*field, s))
                    .collect();
                searcher
                    .search(&PhraseQuery::new(terms), &tantivy::collector::Count)
                    .unwrap_or(0) as u64
            })
            .max()
            .unwrap_or(0)
    }

    /// Rewards for words found together: the whole query as a phrase, adjacent pairs, and the
    /// parts of a token written as one. Only words in `kept` take part.
    fn proximity_bonus(
        &self,
        words: &[QWord],
        kept: &std::collections::HashSet<&str>,
        long: bool,
    ) -> (Vec<Reward>, Vec<String>) {
        let content: Vec<&QWord> = words
            .iter()
            .filter(|w| w.stem.as_deref().is_some_and(|s| kept.contains(s)))
            .collect();
        let mut out: Vec<Reward> = Vec::new();
        let mut labels: Vec<String> = Vec::new();
        let quoted = |ws: &[&QWord], sep: &str| {
            let v: Vec<&str> = ws.iter().map(|w| w.raw.as_str()).collect();
            format!("\"{}\"", v.join(sep))
        };
        if content.len() >= 2 && content.len() <= PHRASE_MAX_WORDS {
            let all: Vec<QWord> = content.iter().map(|w| (*w).clone()).collect();
            let weight = if long {
                PHRASE_BONUS
            } else {
                SHORT_PHRASE_BONUS
            };
            if let Some(r) = self.phrase_leaves(&all, 1, None, weight) {
                out.push(r);
                labels.push(format!("phrase {}", quoted(&content, " ")));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for pair in content.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let gap = b.pos - a.pos;
            if gap > 2 {
                continue;
            }
            let same_token = a.clause == b.clause && gap == 1;
            // With two words the pair is the whole phrase, rewarded above.
            if content.len() == 2 && !same_token {
                continue;
            }
            if !seen.insert((a.stem.clone(), b.stem.clone(), gap)) {
                continue;
            }
            let (slop, weight) = if same_token {
                (0, COMPOUND_BONUS)
            } else {
                (1, BIGRAM_BONUS)
            };
            if let Some(r) = self.pair_phrase(a, b, slop, weight) {
                out.push(r);
                labels.push(if same_token {
                    format!("as written {}", quoted(&[a, b], "-"))
                } else {
                    format!("pair {}", quoted(&[a, b], " "))
                });
            }
        }
        (out, labels)
    }

    /// Two words as a phrase in the title, the file name and the text (headings rarely hold a
    /// pair the title and text do not, and each field costs a phrase scorer per pair).
    fn pair_phrase(&self, a: &QWord, b: &QWord, slop: u32, weight: f32) -> Option<Reward> {
        let (sa, sb) = (a.stem.as_deref()?, b.stem.as_deref()?);
        let gap = b.pos - a.pos;
        Some(
            phrase_weights(&self.f)
                .into_iter()
                .filter(|(field, _)| *field != self.f.headings)
                .map(|(field, w)| {
                    let mut pq = PhraseQuery::new_with_offset(vec![
                        (0, Term::from_field_text(field, sa)),
                        (gap, Term::from_field_text(field, sb)),
                    ]);
                    pq.set_slop(slop);
                    (pq, w * weight)
                })
                .collect(),
        )
    }

    /// `words` (stop words keep their places) as a phrase in each positional field, or only in
    /// `only`, weighted by the field's phrase weight times `weight`. `None` with fewer than two
    /// searchable words.
    fn phrase_in_fields(
        &self,
        words: &[QWord],
        slop: u32,
        only: Option<FieldName>,
        weight: f32,
    ) -> Option<Box<dyn Query>> {
        let clauses: Vec<(Occur, Box<dyn Query>)> = self
            .phrase_leaves(words, slop, only, weight)?
            .into_iter()
            .map(|(pq, w)| {
                let q: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(pq), w));
                (Occur::Should, q)
            })
            .collect();
        Some(best_field(clauses))
    }

    /// The phrases of [`Self::phrase_in_fields`], one per field, with their weights.
    fn phrase_leaves(
        &self,
        words: &[QWord],
        slop: u32,
        only: Option<FieldName>,
        weight: f32,
    ) -> Option<Reward> {
        let first = words.iter().find(|w| w.stem.is_some())?.pos;
        let stems: Vec<(usize, &str)> = words
            .iter()
            .filter_map(|w| Some((w.pos - first, w.stem.as_deref()?)))
            .collect();
        if stems.len() < 2 {
            return None;
        }
        let only = only.map(|o| self.named_field(o));
        Some(
            phrase_weights(&self.f)
                .into_iter()
                .filter(|(field, _)| only.is_none_or(|o| o == *field))
                .map(|(field, w)| {
                    let terms: Vec<(usize, Term)> = stems
                        .iter()
                        .map(|(off, s)| (*off, Term::from_field_text(field, s)))
                        .collect();
                    let mut pq = PhraseQuery::new_with_offset(terms);
                    pq.set_slop(slop);
                    (pq, w * weight)
                })
                .collect(),
        )
    }

    fn named_field(&self, name: FieldName) -> Field {
        match name {
            FieldName::Title => self.f.title,
            FieldName::Headings => self.f.headings,
            FieldName::Body => self.f.body,
        }
    }

    /// `stem` in every searchable field (or only `only`), each weighted, times `boost`.
    fn stem_clause(&self, stem: &str, boost: f32, only: Option<FieldName>) -> Box<dyn Query> {
        let only = only.map(|o| self.named_field(o));
        let clauses: Vec<(Occur, Box<dyn Query>)> = field_weights(&self.f)
            .iter()
            .filter(|(field, _)| only.is_none_or(|o| o == *field))
            .map(|(field, w)| {
                let q: Box<dyn Query> = Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(*field, stem),
                        IndexRecordOption::WithFreqs,
                    )),
                    w * boost,
                ));
                (Occur::Should, q)
            })
            .collect();
        best_field(clauses)
    }

    /// A term of `word` for the expansion automatons (only its text counts).
    fn vocab_term(&self, word: &str) -> Term {
        Term::from_field_text(self.f.body, word)
    }

    /// Adds the stems of the vocabulary words `query` matches (most frequent first, at most
    /// `limit`, not `exclude` itself) to `alts` with `weight`.
    #[allow(clippy::too_many_arguments)]
    fn add_expansions(
        &self,
        alts: &mut Vec<(String, f32)>,
        shown: &mut Vec<(String, Form)>,
        form: Form,
        query: &FuzzyTermQuery,
        exclude: &str,
        limit: usize,
        weight: f32,
    ) -> Result<()> {
        for word in self.expand(query, exclude, limit)? {
            for s in self.analyze(&self.en, &word) {
                if !alts.iter().any(|(a, _)| *a == s) {
                    alts.push((s, weight));
                    shown.push((word.clone(), form));
                }
            }
        }
        Ok(())
    }

    /// Vocabulary words matching `query`'s automaton (prefix or Levenshtein), most frequent
    /// first.
    fn expand(&self, query: &FuzzyTermQuery, exclude: &str, limit: usize) -> Result<Vec<String>> {
        let automaton = query.automaton().map_err(Error::from)?;
        let mut v = self
            .vocab
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .matching(&automaton, 2000);
        v.retain(|(w, _)| w != exclude);
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(limit);
        Ok(v.into_iter().map(|(w, _)| w).collect())
    }

    /// Documents holding `stem` in the field where it is most common.
    fn stem_doc_freq(&self, stem: &str) -> u64 {
        let searcher = self.reader.searcher();
        field_weights(&self.f)
            .iter()
            .map(|(field, _)| {
                searcher
                    .doc_freq(&Term::from_field_text(*field, stem))
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0)
    }
}

/// One word (or phrase) over several fields scores as its best field plus [`FIELD_TIE`] of the
/// others: a word in the title and the text is not worth the sum of both (each field's BM25
/// saturates on its own, so a sum over-rewards words that are everywhere).
fn best_field(clauses: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
    Box::new(DisjunctionMaxQuery::with_tie_breaker(
        clauses.into_iter().map(|(_, q)| q).collect(),
        FIELD_TIE,
    ))
}

/// How many distinct values.
fn distinct<'a>(it: impl Iterator<Item = Option<&'a str>>) -> usize {
    it.collect::<std::collections::HashSet<_>>().len()
}
