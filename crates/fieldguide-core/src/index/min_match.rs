//! "Enough of these words": the matching rule of long queries, computed word at a time.
//!
//! tantivy's `BooleanQuery::with_minimum_required_clauses` merges the words' postings through a
//! binary heap, one pop and push per posting, and scores every posting it meets, also in the
//! documents that then fail the rule. A pasted sentence holds common words (`error`, `when`,
//! `outlook`) whose postings cover half of a large KB: at 100,000 documents the heap was half
//! of a nine-word query's 22 ms. Here each word's scorer is walked once, in order, adding its
//! score and one match into per-document arrays of the segment; the documents that pass are
//! then read off the arrays. Scores are the same sums.
use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Documents holding at least `need` of `words`, or any word marked `alone` (a rare word that
/// says on its own what the query is about); scored by the sum of the words they hold.
#[derive(Debug)]
pub(super) struct MinMatchQuery {
    words: Vec<(Box<dyn Query>, bool)>,
    need: usize,
}

impl MinMatchQuery {
    /// `words`: each word's query and whether it passes alone.
    pub fn new(words: Vec<(Box<dyn Query>, bool)>, need: usize) -> Self {
        MinMatchQuery { words, need }
    }
}

impl Clone for MinMatchQuery {
    fn clone(&self) -> Self {
        MinMatchQuery {
            words: self
                .words
                .iter()
                .map(|(q, alone)| (q.box_clone(), *alone))
                .collect(),
            need: self.need,
        }
    }
}

impl Query for MinMatchQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let words = self
            .words
            .iter()
            .map(|(q, alone)| Ok((q.weight(enable_scoring)?, *alone)))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(MinMatchWeight {
            words,
            need: self.need,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (q, _) in &self.words {
            q.query_terms(visitor);
        }
    }
}

struct MinMatchWeight {
    words: Vec<(Box<dyn Weight>, bool)>,
    need: usize,
}

impl Weight for MinMatchWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let max_doc = reader.max_doc() as usize;
        let mut score = vec![0.0 as Score; max_doc];
        // How many words a document holds; `u16::MAX` once a word that passes alone is seen.
        let mut held = vec![0u16; max_doc];
        for (w, alone) in &self.words {
            let mut s = w.scorer(reader, boost)?;
            let mut doc = s.doc();
            while doc != TERMINATED {
                let d = doc as usize;
                score[d] += s.score();
                held[d] = if *alone {
                    u16::MAX
                } else {
                    held[d].saturating_add(1)
                };
                doc = s.advance();
            }
        }
        let need = u16::try_from(self.need.max(1)).unwrap_or(u16::MAX);
        let hits: Vec<(DocId, Score)> = held
            .iter()
            .zip(&score)
            .enumerate()
            .filter(|(_, (h, _))| **h >= need)
            .map(|(d, (_, s))| (d as DocId, *s))
            .collect();
        Ok(Box::new(Hits { hits, at: 0 }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut s = self.scorer(reader, 1.0)?;
        if s.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not hold enough of the words"
            )));
        }
        Ok(Explanation::new("sum of the words held", s.score()))
    }
}

impl fmt::Debug for MinMatchWeight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "MinMatchWeight({} words, {})",
            self.words.len(),
            self.need
        )
    }
}

/// The documents that passed, in order, with their scores.
struct Hits {
    hits: Vec<(DocId, Score)>,
    at: usize,
}

impl DocSet for Hits {
    fn advance(&mut self) -> DocId {
        if self.at < self.hits.len() {
            self.at += 1;
        }
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let rest = &self.hits[self.at..];
        self.at += rest.partition_point(|(d, _)| *d < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.hits.get(self.at).map_or(TERMINATED, |(d, _)| *d)
    }

    fn size_hint(&self) -> u32 {
        (self.hits.len() - self.at) as u32
    }
}

impl Scorer for Hits {
    fn score(&mut self) -> Score {
        self.hits.get(self.at).map_or(0.0, |(_, s)| *s)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index};

    use super::*;

    /// Same documents and scores as tantivy's minimum-clauses query, and a word that passes
    /// alone admits documents holding nothing else.
    #[test]
    fn same_documents_and_scores_as_minimum_required_clauses() {
        let mut b = Schema::builder();
        let text = b.add_text_field("text", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = ["alpha", "beta", "gamma", "delta", "omega"];
        // Every subset of the words, some twice, over two segments.
        for round in 0..2 {
            for mask in 0u32..32 {
                let body: Vec<&str> = (0..5)
                    .filter(|i| mask & (1 << i) != 0)
                    .flat_map(|i| std::iter::repeat_n(words[i], 1 + (mask as usize + i) % 3))
                    .chain(["filler"])
                    .collect();
                w.add_document(doc!(text => body.join(" "))).unwrap();
            }
            if round == 0 {
                w.commit().unwrap();
            }
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |s: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(text, s),
                IndexRecordOption::WithFreqs,
            ))
        };
        let top = |q: &dyn Query| {
            let mut v: Vec<(u32, u32, String)> = searcher
                .search(q, &TopDocs::with_limit(100).order_by_score())
                .unwrap()
                .into_iter()
                .map(|(s, a)| (a.segment_ord, a.doc_id, format!("{s:.5}")))
                .collect();
            v.sort();
            v
        };
        for need in 2..=5 {
            let ours = MinMatchQuery::new(words.iter().map(|w| (term(w), false)).collect(), need);
            let theirs = BooleanQuery::with_minimum_required_clauses(
                words.iter().map(|w| (Occur::Should, term(w))).collect(),
                need,
            );
            let got = top(&ours);
            assert_eq!(got, top(&theirs), "need {need}");
            assert!(!got.is_empty());
        }
        // `omega` passes alone: every document holding it, plus those with 4 of the words.
        let ours = MinMatchQuery::new(words.iter().map(|w| (term(w), *w == "omega")).collect(), 4);
        let either = BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(BooleanQuery::with_minimum_required_clauses(
                    words.iter().map(|w| (Occur::Should, term(w))).collect(),
                    4,
                )) as Box<dyn Query>,
            ),
            (Occur::Should, term("omega")),
        ]);
        let docs = |v: Vec<(u32, u32, String)>| -> Vec<(u32, u32)> {
            v.into_iter().map(|(s, d, _)| (s, d)).collect()
        };
        assert_eq!(docs(top(&ours)), docs(top(&either)));
        // Per segment: the 16 with `omega`, and `alpha beta gamma delta` without it.
        assert_eq!(top(&ours).len(), 2 * (16 + 1));
        // Seek and explain agree with the scores.
        let weight = ours
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let seg = searcher.segment_reader(0);
        let mut s = weight.scorer(seg, 1.0).unwrap();
        let first = s.doc();
        let last = {
            let mut d = first;
            while s.advance() != TERMINATED {
                d = s.doc();
            }
            d
        };
        let mut s = weight.scorer(seg, 1.0).unwrap();
        assert_eq!(s.seek(last), last);
        let e = weight.explain(seg, last).unwrap();
        assert!((e.value() - s.score()).abs() < 1e-6);
        assert_eq!(s.advance(), TERMINATED);
        assert!(weight.explain(seg, 0).is_err(), "document 0 holds no word");
    }
}
