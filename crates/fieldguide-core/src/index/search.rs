//! Running a search: filters, the ranked top hits with highlighted snippets and the section
//! each falls under, facet counts, and the relaxed retries of a query that matches nothing.
use std::time::Instant;

use tantivy::collector::{Count, FacetCollector};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet as TFacet, Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{TantivyDocument, Term};

use super::rank::{add_bonus, top_ranked, RESCORE_DEPTH};
use super::{FacetCount, FacetCounts, ParsedQuery, SearchHit, SearchIndex, SearchRequest};
use super::{SearchResults, SectionRef};
use crate::article::{DocKind, Status};
use crate::error::Result;

impl SearchIndex {
    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let started = Instant::now();
        let parsed = ParsedQuery::parse(&req.query);
        // `kind:runbooks` and `kind:Runbook` mean `kind:runbook`; an unknown kind matches none.
        let kinds: Vec<String> = req
            .kinds
            .iter()
            .chain(&parsed.kinds)
            .map(|k| DocKind::parse(k).map_or_else(|| k.to_lowercase(), |k| k.as_str().to_string()))
            .collect();
        let mut tags: Vec<String> = req.tags.iter().map(|t| t.to_lowercase()).collect();
        tags.extend(parsed.tags.iter().cloned());
        let include_retired = req.include_retired || parsed.statuses.iter().any(|s| s == "retired");

        let typing = !req.complete && !req.query.ends_with(char::is_whitespace);
        let (strict, relaxed, bonus, plan) = match self.text_query(&parsed, typing)? {
            Some(t) => (t.main, t.relaxed, t.bonus, Some(t.plan)),
            None => (Box::new(AllQuery) as Box<dyn Query>, vec![], vec![], None),
        };

        let f = self.f;
        let filters = |with_kinds: bool, with_tags: bool| -> Vec<(Occur, Box<dyn Query>)> {
            let mut v: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            if with_kinds && !kinds.is_empty() {
                let any: Vec<(Occur, Box<dyn Query>)> = kinds
                    .iter()
                    .map(|k| (Occur::Should, term_q(f.kind, k)))
                    .collect();
                v.push((Occur::Must, Box::new(BooleanQuery::new(any))));
            }
            if with_tags {
                for t in &tags {
                    v.push((Occur::Must, term_q(f.tag, t)));
                }
            }
            for p in &parsed.products {
                v.push((Occur::Must, term_q(f.product, p)));
            }
            for c in &parsed.categories {
                v.push((Occur::Must, term_q(f.category, c)));
            }
            if !parsed.statuses.is_empty() {
                let any: Vec<(Occur, Box<dyn Query>)> = parsed
                    .statuses
                    .iter()
                    .map(|s| (Occur::Should, term_q(f.status, s)))
                    .collect();
                v.push((Occur::Must, Box::new(BooleanQuery::new(any))));
            }
            if !include_retired {
                v.push((Occur::MustNot, term_q(f.status, Status::Retired.as_str())));
            }
            v
        };
        let with = |q: &dyn Query, fl: Vec<(Occur, Box<dyn Query>)>| -> Box<dyn Query> {
            let mut all = vec![(Occur::Must, q.box_clone())];
            all.extend(fl);
            Box::new(BooleanQuery::new(all))
        };

        let searcher = self.reader.searcher();
        let limit = if req.limit == 0 {
            20
        } else {
            req.limit.min(500)
        };
        // With proximity rewards, the best-ranked documents by their words get them added below.
        let depth = if !bonus.is_empty() {
            limit.max(RESCORE_DEPTH)
        } else {
            limit
        };
        // Without kind/tag filters every facet dimension sees the main query, so counting,
        // ranking and both facet counts share one pass over the matches.
        let shared_filters = kinds.is_empty() && tags.is_empty();
        let facet_collector = |prefix: &str| {
            let mut fc = FacetCollector::for_field("facets");
            fc.add_facet(TFacet::from_path([prefix]));
            fc
        };
        let one_pass = |q: &dyn Query| {
            searcher.search(
                q,
                &(
                    Count,
                    top_ranked(depth),
                    facet_collector("kind"),
                    facet_collector("tag"),
                ),
            )
        };
        let mut main = with(strict.as_ref(), filters(true, true));
        let mut pass = if shared_filters {
            Some(one_pass(main.as_ref())?)
        } else {
            None
        };
        let mut total = match &pass {
            Some((n, ..)) => *n,
            None => searcher.search(&main, &Count)?,
        };
        let mut text_q: &dyn Query = strict.as_ref();
        let mut relaxed_used = None;
        for (ri, r) in relaxed.iter().enumerate() {
            if total > 0 {
                break;
            }
            let q = with(r.as_ref(), filters(true, true));
            let n = searcher.search(&q, &Count)?;
            if n > 0 {
                main = q;
                total = n;
                relaxed_used = Some(ri);
                text_q = r.as_ref();
                pass = None;
            }
        }
        if pass.is_none() && shared_filters {
            pass = Some(one_pass(main.as_ref())?);
        }

        // Facets: each dimension ignores its own filter.
        let facet_counts = |q: &dyn Query, prefix: &str| -> Result<Vec<FacetCount>> {
            Ok(facet_values(
                &searcher.search(q, &facet_collector(prefix))?,
                prefix,
            ))
        };
        let (top, kinds_facets, mut tag_facets) = match pass {
            Some((_, top, kinds, tags)) => (
                top,
                facet_values(&kinds, "kind"),
                facet_values(&tags, "tag"),
            ),
            None => (
                searcher.search(&main, &top_ranked(depth))?,
                facet_counts(with(text_q, filters(false, true)).as_ref(), "kind")?,
                facet_counts(with(text_q, filters(true, false)).as_ref(), "tag")?,
            ),
        };
        tag_facets.truncate(25);
        let top = if bonus.is_empty() {
            top
        } else {
            add_bonus(&searcher, &bonus, top, limit)?
        };
        let mut top_docs = Vec::with_capacity(top.len());
        for &(_, addr) in &top {
            let d: TantivyDocument = searcher.doc(addr)?;
            top_docs.push(d);
        }
        let str_of = |d: &TantivyDocument, field: Field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        // Why each hit matched: only for the page returned.
        let mut whys = match &plan {
            Some(plan) => {
                let hits: Vec<_> = top
                    .iter()
                    .zip(&top_docs)
                    .map(|((_, addr), d)| (*addr, str_of(d, f.kind), str_of(d, f.status)))
                    .collect();
                self.explain_hits(&searcher, plan, &bonus, relaxed_used, &hits)?
            }
            None => Vec::new(),
        }
        .into_iter();

        let snippets = self.snippet_generator(&searcher, text_q, 180)?;
        let mut hits = Vec::with_capacity(top.len());
        for ((score, _), d) in top.into_iter().zip(top_docs) {
            let get = |field: Field| str_of(&d, field);
            let body = d
                .get_first(f.body)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let snippet = snippets.snippet(body);
            let (snippet_html, section) = if snippet.is_empty() {
                (crate::snippet::lead(body), None)
            } else {
                let range = snippet.fragment_range();
                let start = range.start + snippet.highlighted().first().map_or(0, |r| r.start);
                (
                    crate::snippet::html(body, range, snippet.highlighted()),
                    section_at(&get(f.sections), start),
                )
            };
            hits.push(SearchHit {
                path: get(f.path),
                title: get(f.title),
                kind: get(f.kind),
                status: get(f.status),
                tags: d
                    .get_all(f.tag)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                product: d
                    .get_first(f.product_display)
                    .and_then(|v| v.as_str())
                    .map(str::to_string),
                snippet_html,
                section,
                score,
                why: whys.next().unwrap_or_default(),
            });
        }
        Ok(SearchResults {
            total,
            hits,
            facets: FacetCounts {
                kinds: kinds_facets,
                tags: tag_facets,
            },
            took_micros: started.elapsed().as_micros() as u64,
            relaxed: relaxed_used.is_some(),
        })
    }
}

/// The values under `prefix` (`kind`, `tag`), most frequent first.
fn facet_values(counts: &tantivy::collector::FacetCounts, prefix: &str) -> Vec<FacetCount> {
    let mut v: Vec<FacetCount> = counts
        .get(TFacet::from_path([prefix]))
        .map(|(facet, count)| FacetCount {
            value: facet
                .to_path()
                .last()
                .map(|s| s.to_string())
                .unwrap_or_default(),
            count,
        })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
    v
}

fn term_q(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

fn section_at(sections_json: &str, offset: usize) -> Option<SectionRef> {
    let sections: Vec<(usize, String, String)> = serde_json::from_str(sections_json).ok()?;
    sections
        .into_iter()
        .rev()
        .find(|(o, _, _)| *o <= offset)
        .map(|(_, anchor, heading)| SectionRef { heading, anchor })
}

impl SearchIndex {
    /// tantivy's `SnippetGenerator::create` for the body, with the query analyzer: the
    /// field's own tokenizer is the writer's, which counts words into the vocabulary.
    fn snippet_generator(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn tantivy::query::Query,
        max_chars: usize,
    ) -> Result<SnippetGenerator> {
        let mut terms = std::collections::BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == self.f.body {
                terms.insert(term.clone());
            }
        });
        let mut weights = std::collections::BTreeMap::new();
        for term in terms {
            if let Some(text) = term.value().as_str() {
                let doc_freq = searcher.doc_freq(&term)?;
                if doc_freq > 0 {
                    weights.insert(text.to_string(), 1.0 / (1.0 + doc_freq as f32));
                }
            }
        }
        let analyzer = self.en.lock().unwrap_or_else(|e| e.into_inner()).clone();
        Ok(SnippetGenerator::new(
            weights,
            analyzer,
            self.f.body,
            max_chars,
        ))
    }
}
