//! The relevance harness (`--relevance`): labelled query sets (crates/fieldguide-bench/relevance/,
//! provenance in its README) run on Fieldguide, SQLite FTS5 (bm25, any word, title-weighted)
//! and ripgrep (files ranked by matching lines) in the same run, scored by MRR@10, Recall@5 and
//! nDCG@10.
//!
//! Fieldguide answers each query twice: as entered (`complete`, what the command line and a
//! pasted text do) and as typed (the last word a prefix, what the search pane does while the
//! user types), so that prefix expansion is measured not to hurt.
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use fieldguide_core::{Kb, KbOptions, SearchRequest};
use serde::Deserialize;
use serde_json::json;

use crate::fts::Fts;
use crate::stats::verdict;

/// `a / b` as `1.07×`.
fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.2}×", a / b)
    } else {
        "–".into()
    }
}

/// Fieldguide's MRR@10 must be at least this many times FTS5's on every set.
pub const MRR_TARGET: f64 = 1.15;

/// One set as listed in `relevance/sets.json`.
#[derive(Debug, Deserialize)]
struct SetSpec {
    name: String,
    file: String,
    /// The corpus folder, relative to the repository root.
    corpus: String,
    #[serde(default)]
    kind: String,
}

/// One labelled query: relevant paths (relative to the corpus root) with grades (2: the answer,
/// 1: also relevant).
#[derive(Debug, Deserialize)]
struct Labelled {
    q: String,
    rel: BTreeMap<String, u32>,
}

/// The folder holding the sets.
pub fn sets_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("relevance")
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Scores of one engine on one set.
#[derive(Debug, Default, Clone, Copy)]
pub struct Scores {
    pub mrr10: f64,
    pub recall5: f64,
    pub ndcg10: f64,
    /// Queries whose best document is not in the top 10.
    pub missed: usize,
}

/// The metrics of one ranked list against its labels.
fn score_one(ranked: &[String], rel: &BTreeMap<String, u32>) -> (f64, f64, f64) {
    let top10 = &ranked[..ranked.len().min(10)];
    let rr = top10
        .iter()
        .position(|p| rel.contains_key(p))
        .map_or(0.0, |i| 1.0 / (i as f64 + 1.0));
    let found5 = ranked
        .iter()
        .take(5)
        .filter(|p| rel.contains_key(*p))
        .count();
    let recall5 = found5 as f64 / rel.len().max(1) as f64;
    let gain = |g: u32| f64::from((1u32 << g.min(8)) - 1);
    let discount = |i: usize| 1.0 / ((i as f64) + 2.0).log2();
    let dcg: f64 = top10
        .iter()
        .enumerate()
        .map(|(i, p)| rel.get(p).map_or(0.0, |g| gain(*g) * discount(i)))
        .sum();
    let mut ideal: Vec<u32> = rel.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, g)| gain(*g) * discount(i))
        .sum();
    let ndcg = if idcg > 0.0 { dcg / idcg } else { 0.0 };
    (rr, recall5, ndcg)
}

fn average(per_query: &[(f64, f64, f64)]) -> Scores {
    let n = per_query.len().max(1) as f64;
    Scores {
        mrr10: per_query.iter().map(|s| s.0).sum::<f64>() / n,
        recall5: per_query.iter().map(|s| s.1).sum::<f64>() / n,
        ndcg10: per_query.iter().map(|s| s.2).sum::<f64>() / n,
        missed: per_query.iter().filter(|s| s.0 == 0.0).count(),
    }
}

/// The engines compared, in print order.
const ENGINES: [&str; 4] = ["Fieldguide", "Fieldguide (typed)", "FTS5 bm25", "ripgrep"];

/// Runs every set (with `quick`, the shipped KB's set whole and the first `quick_n` queries of
/// the others); prints the table and returns a JSON report. `dump`: per-query ranks as JSONL.
/// `sets`: another list of sets than `relevance/sets.json` (its files relative to its folder).
pub fn run(
    quick: Option<usize>,
    rg: bool,
    dump: Option<&Path>,
    sets: Option<&Path>,
) -> Result<serde_json::Value> {
    let list = sets.map_or_else(|| sets_dir().join("sets.json"), Path::to_path_buf);
    let dir = list.parent().map_or_else(sets_dir, Path::to_path_buf);
    let specs: Vec<SetSpec> = serde_json::from_str(
        &std::fs::read_to_string(&list).with_context(|| format!("reading {}", list.display()))?,
    )?;
    let rg = rg && crate::grep::available();
    let mut report = Vec::new();
    let mut dump_lines = Vec::new();
    let mut all_met = true;
    let mut total_queries = 0;
    println!("\n## Relevance (known-item search; MRR@10, Recall@5, nDCG@10)");
    for spec in &specs {
        let corpus = repo_root().join(&spec.corpus);
        if !corpus.is_dir() {
            println!(
                "\n{}: corpus {} not found, skipped",
                spec.name,
                corpus.display()
            );
            continue;
        }
        let mut queries: Vec<Labelled> = Vec::new();
        for (i, line) in std::fs::read_to_string(dir.join(&spec.file))
            .with_context(|| format!("reading {}", spec.file))?
            .lines()
            .enumerate()
        {
            if line.trim().is_empty() {
                continue;
            }
            let q: Labelled = serde_json::from_str(line)
                .with_context(|| format!("{}:{}: bad line", spec.file, i + 1))?;
            queries.push(q);
        }
        if let Some(n) = quick {
            if spec.corpus != "kb-content" {
                queries.truncate(n);
            }
        }
        if queries.is_empty() {
            continue;
        }
        total_queries += queries.len();
        let (scores, ranks) = run_set(&corpus, &queries, rg)?;
        for (qi, q) in queries.iter().enumerate() {
            dump_lines.push(json!({
                "set": spec.name, "q": q.q, "rel": q.rel,
                "ranks": ENGINES.iter().zip(&ranks[qi]).map(|(e, r)| (e.to_string(), json!(r))).collect::<serde_json::Map<_,_>>(),
            }));
        }
        let fg = scores["Fieldguide"];
        let fts = scores["FTS5 bm25"];
        let met = fg.mrr10 >= MRR_TARGET * fts.mrr10;
        all_met &= met;
        println!(
            "\n### {} — {} queries, {} ({})",
            spec.name,
            queries.len(),
            spec.kind,
            spec.corpus
        );
        println!(
            "{:<20} {:>8} {:>9} {:>8} {:>11}   {:>12}",
            "engine", "MRR@10", "Recall@5", "nDCG@10", "not in top10", "MRR vs FTS5"
        );
        for e in ENGINES {
            let Some(s) = scores.get(e) else { continue };
            println!(
                "{:<20} {:>8.3} {:>9.3} {:>8.3} {:>11}   {:>12}",
                e,
                s.mrr10,
                s.recall5,
                s.ndcg10,
                s.missed,
                ratio(s.mrr10, fts.mrr10)
            );
        }
        println!(
            "target: Fieldguide MRR@10 ≥ {MRR_TARGET}× FTS5's — {} ({})",
            ratio(fg.mrr10, fts.mrr10),
            verdict(met)
        );
        report.push(json!({
            "set": spec.name,
            "queries": queries.len(),
            "engines": scores.iter().map(|(e, s)| (e.to_string(), json!({
                "mrr10": s.mrr10, "recall5": s.recall5, "ndcg10": s.ndcg10, "missed": s.missed,
            }))).collect::<serde_json::Map<_, _>>(),
            "mrr_ratio_vs_fts5": fg.mrr10 / fts.mrr10.max(1e-9),
            "met": met,
        }));
    }
    println!(
        "\nRelevance: {total_queries} queries in {} sets — every set ≥ {MRR_TARGET}× FTS5: {}",
        report.len(),
        verdict(all_met)
    );
    if let Some(p) = dump {
        let text: Vec<String> = dump_lines.iter().map(|l| l.to_string()).collect();
        std::fs::write(p, text.join("\n") + "\n")?;
    }
    Ok(json!({ "sets": report, "all_met": all_met }))
}

/// Ranks per query per engine (1-based rank of the best relevant hit in the top 10, 0 if none).
type Ranks = Vec<[usize; 4]>;

fn run_set(
    corpus: &Path,
    queries: &[Labelled],
    rg: bool,
) -> Result<(HashMap<&'static str, Scores>, Ranks)> {
    let tmp = tempfile::tempdir()?;
    // A copy: opening a KB may write beside it, and the corpus must never be touched.
    let kb_dir = tmp.path().join("kb");
    crate::corpus::replicate(corpus, &kb_dir, 1)?;
    let kb = Kb::open_with(
        &kb_dir,
        KbOptions {
            data_dir: Some(tmp.path().join("data")),
            progress: None,
            read_only: false,
        },
    )?;
    let (_, fts) = crate::engines::fts_full(&kb_dir, &tmp.path().join("fts.db"))?;

    let mut per: HashMap<&'static str, Vec<(f64, f64, f64)>> = HashMap::new();
    let mut ranks: Ranks = Vec::with_capacity(queries.len());
    for q in queries {
        let mut row = [0usize; 4];
        for (ei, engine) in ENGINES.iter().enumerate() {
            let ranked: Vec<String> = match *engine {
                "Fieldguide" | "Fieldguide (typed)" => {
                    let req = SearchRequest {
                        query: q.q.clone(),
                        limit: 10,
                        complete: *engine == "Fieldguide",
                        // Ranking is measured on every document, as FTS5 and ripgrep see them.
                        include_retired: true,
                        ..Default::default()
                    };
                    kb.search(&req)?.hits.into_iter().map(|h| h.path).collect()
                }
                "FTS5 bm25" => fts.ranked_any(&q.q, 10)?,
                _ if rg => rg_ranked(&kb_dir, &q.q, 10)?,
                _ => continue,
            };
            let s = score_one(&ranked, &q.rel);
            row[ei] = ranked
                .iter()
                .take(10)
                .position(|p| q.rel.contains_key(p))
                .map_or(0, |i| i + 1);
            per.entry(engine).or_default().push(s);
        }
        ranks.push(row);
    }
    Ok((
        per.into_iter().map(|(e, v)| (e, average(&v))).collect(),
        ranks,
    ))
}

/// ripgrep the way an app shelling out to it would rank: files by the number of lines matching
/// any of the query's words (case-insensitive, stop words left out), most first.
fn rg_ranked(dir: &Path, q: &str, limit: usize) -> Result<Vec<String>> {
    let words: Vec<String> = crate::queries::words(q)
        .into_iter()
        .filter(|w| w.len() >= 2 && !fieldguide_core::STOP_WORDS.contains(&w.as_str()))
        .collect();
    if words.is_empty() {
        return Ok(vec![]);
    }
    let mut cmd = Command::new("rg");
    cmd.args(["-i", "-c", "-F", "--no-messages", "-g", "*.md"]);
    for w in &words {
        cmd.arg("-e").arg(w);
    }
    cmd.arg(".").current_dir(dir);
    let out = cmd.stderr(Stdio::null()).output().context("running rg")?;
    if !matches!(out.status.code(), Some(0) | Some(1)) {
        bail!("rg failed with {}", out.status);
    }
    let mut files: Vec<(String, u64)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let (p, n) = l.rsplit_once(':')?;
            Some((p.trim_start_matches("./").to_string(), n.parse().ok()?))
        })
        .collect();
    files.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    files.truncate(limit);
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

impl Fts {
    /// The top `limit` paths for any of `q`'s words, by bm25 with the title weighted 4× (the
    /// baseline a 20-line FTS5 app would be).
    pub fn ranked_any(&self, q: &str, limit: usize) -> Result<Vec<String>> {
        let expr = crate::queries::fts5_any(q);
        if expr.is_empty() {
            return Ok(vec![]);
        }
        self.top_paths(&expr, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_follow_their_definitions() {
        let rel: BTreeMap<String, u32> = [("a".to_string(), 2), ("b".to_string(), 1)].into();
        let ranked = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // Best document first, the other third.
        let (rr, r5, nd) = score_one(&ranked(&["a", "x", "b"]), &rel);
        assert_eq!(rr, 1.0);
        assert_eq!(r5, 1.0);
        let ideal = 3.0 + 1.0 / 3f64.log2();
        assert!((nd - (3.0 + 1.0 / 2.0) / ideal).abs() < 1e-9, "{nd}");
        // Nothing relevant in the top 10.
        let none: Vec<String> = (0..12).map(|i| format!("x{i}")).collect();
        assert_eq!(score_one(&none, &rel), (0.0, 0.0, 0.0));
        // Relevant at rank 11 counts for nothing.
        let mut late = none.clone();
        late.insert(10, "a".into());
        assert_eq!(score_one(&late, &rel).0, 0.0);
        let (rr, ..) = score_one(&ranked(&["x", "b"]), &rel);
        assert_eq!(rr, 0.5);
    }

    #[test]
    fn the_sets_are_well_formed_and_large_enough() {
        let dir = sets_dir();
        let specs: Vec<SetSpec> =
            serde_json::from_str(&std::fs::read_to_string(dir.join("sets.json")).unwrap()).unwrap();
        assert!(specs.len() >= 3);
        let mut total = 0;
        for s in &specs {
            let text = std::fs::read_to_string(dir.join(&s.file)).unwrap();
            let mut seen = std::collections::HashSet::new();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let q: Labelled = serde_json::from_str(line).unwrap();
                assert!(!q.rel.is_empty(), "{}: {}", s.name, q.q);
                assert!(seen.insert(q.q.clone()), "{}: duplicate {}", s.name, q.q);
                total += 1;
            }
            // The shipped KB is in the repository: its labels must name real files.
            if s.corpus == "kb-content" {
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    let q: Labelled = serde_json::from_str(line).unwrap();
                    for p in q.rel.keys() {
                        assert!(repo_root().join("kb-content").join(p).is_file(), "{p}");
                    }
                }
            }
        }
        assert!(total >= 300, "{total} queries");
    }
}
