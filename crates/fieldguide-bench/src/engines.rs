//! Running each engine: Fieldguide full builds (timed per phase), the two FTS5 builds, and the
//! query loop that interleaves Fieldguide, FTS5 and ripgrep on the same queries.
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::mem::thread_cpu_ns;

use anyhow::Result;
use fieldguide_core::{Kb, KbOptions, SearchRequest};
use serde::Serialize;

use crate::fts::Fts;
use crate::queries::{self, Group};
use crate::stats::Samples;

/// One Fieldguide build, in milliseconds.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct BuildFigures {
    /// Kb::open_with, start to end.
    pub total_ms: f64,
    /// Walking the folder.
    pub scan_ms: f64,
    /// Reading and parsing every file (and opening the empty index and the journal).
    pub parse_ms: f64,
    /// Indexing and committing (each document carries its file stamp).
    pub index_ms: f64,
    /// CPU time of the whole build, all threads (stable on a busy machine).
    pub cpu_ms: f64,
}

type Marks = Arc<Mutex<Vec<(&'static str, Instant)>>>;

/// Builds the index of `dir` from scratch `runs` times (fresh data dir each time); returns the
/// median run's figures and the last opened KB.
pub fn fieldguide(dir: &Path, data_base: &Path, runs: usize) -> Result<(BuildFigures, Arc<Kb>)> {
    let mut figures = Vec::new();
    let mut kb = None;
    for i in 0..runs.max(1) {
        drop(kb.take());
        let data = data_base.join(format!("build-{}", uniq()));
        let marks: Marks = Arc::default();
        let m2 = marks.clone();
        let cpu0 = crate::mem::cpu_ms();
        let t0 = Instant::now();
        let k = Kb::open_with(
            dir,
            KbOptions {
                data_dir: Some(data),
                progress: Some(Box::new(move |p| {
                    let mut m = m2.lock().expect("marks");
                    if m.last().map(|l| l.0) != Some(p.phase.as_str()) {
                        m.push((p.phase.as_str(), Instant::now()));
                    }
                })),
                read_only: false,
            },
        )?;
        let total = t0.elapsed();
        let cpu = crate::mem::cpu_ms() - cpu0;
        let m = marks.lock().expect("marks").clone();
        let at = |phase: &str| m.iter().find(|(p, _)| *p == phase).map(|(_, t)| *t);
        let msd = |a: Instant, b: Instant| b.saturating_duration_since(a).as_secs_f64() * 1000.0;
        let scan = at("scan").unwrap_or(t0);
        let index = at("index").unwrap_or(scan);
        let done = at("done").unwrap_or(t0 + total);
        figures.push(BuildFigures {
            total_ms: total.as_secs_f64() * 1000.0,
            scan_ms: msd(t0, scan),
            parse_ms: msd(scan, index),
            index_ms: msd(index, done),
            cpu_ms: cpu,
        });
        let _ = i;
        kb = Some(Arc::new(k));
    }
    figures.sort_by(|a, b| a.total_ms.total_cmp(&b.total_ms));
    let median = figures[figures.len() / 2];
    Ok((median, kb.expect("at least one run")))
}

fn uniq() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed).to_string()
}

/// FTS5 the way a minimal app would do it: walk, read, insert the raw file text. Time in ms.
pub fn fts_full(dir: &Path, db: &Path) -> Result<(f64, Fts)> {
    let t = Instant::now();
    let files = crate::corpus::markdown_files(dir);
    let mut texts = Vec::with_capacity(files.len());
    for (rel, abs) in &files {
        texts.push((
            rel.to_string_lossy().to_string(),
            std::fs::read_to_string(abs)?,
        ));
    }
    let mut f = Fts::create(db)?;
    f.insert_all(
        texts
            .iter()
            .map(|(p, t)| (p.as_str(), crate::fts::naive_title(t), t.as_str())),
    )?;
    Ok((t.elapsed().as_secs_f64() * 1000.0, f))
}

/// FTS5 fed the text Fieldguide parsed (title + plain body): the indexing cost alone. Time in ms.
pub fn fts_index_only(kb: &Kb, db: &Path) -> Result<(f64, Fts)> {
    let docs = kb.docs();
    let mut f = Fts::create(db)?;
    let took = f.insert_all(
        docs.iter()
            .map(|a| (a.path.as_str(), a.title.as_str(), a.plain.as_str())),
    )?;
    Ok((took.as_secs_f64() * 1000.0, f))
}

/// Query latencies per group label: [Fieldguide, FTS5, ripgrep]; `cpu`: [Fieldguide, FTS5]
/// CPU time of the calling thread per query.
pub struct QueryRun {
    pub samples: HashMap<&'static str, [Samples; 3]>,
    pub cpu: HashMap<&'static str, [Samples; 2]>,
    pub counts: HashMap<&'static str, usize>,
    pub warnings: Vec<String>,
}

/// Runs every query on every engine, interleaved so machine noise hits all of them alike.
pub fn queries(kb: &Kb, fts: &Fts, dir: &Path, reps: usize, rg: bool) -> Result<QueryRun> {
    let set = queries::all();
    let mut run = QueryRun {
        samples: HashMap::new(),
        cpu: HashMap::new(),
        counts: HashMap::new(),
        warnings: Vec::new(),
    };
    for g in Group::ALL {
        run.samples.insert(g.label(), Default::default());
        run.cpu.insert(g.label(), Default::default());
        run.counts
            .insert(g.label(), set.iter().filter(|(q, _)| *q == g).count());
    }
    let req = |q: &str| SearchRequest {
        query: q.to_string(),
        limit: 10,
        ..Default::default()
    };
    // Warm-up, and a check that the queries find something.
    for (g, q) in &set {
        let r = kb.search(&req(q))?;
        if r.hits.is_empty() {
            run.warnings.push(format!(
                "Fieldguide found nothing for {} query {q:?}",
                g.label()
            ));
        }
        fts.search(q)?;
    }
    for _ in 0..reps.max(1) {
        for (g, q) in &set {
            let s = run.samples.get_mut(g.label()).expect("group");
            let c = run.cpu.get_mut(g.label()).expect("group");
            let (c0, t) = (thread_cpu_ns(), Instant::now());
            let r = kb.search(&req(q))?;
            s[0].push(t.elapsed());
            c[0].push(Duration::from_nanos(thread_cpu_ns().saturating_sub(c0)));
            std::hint::black_box(r);
            let (c0, t) = (thread_cpu_ns(), Instant::now());
            std::hint::black_box(fts.search(q)?);
            s[1].push(t.elapsed());
            c[1].push(Duration::from_nanos(thread_cpu_ns().saturating_sub(c0)));
        }
    }
    if rg {
        for _ in 0..2 {
            for (g, q) in &set {
                let (_, took) = crate::grep::search(dir, q)?;
                run.samples.get_mut(g.label()).expect("group")[2].push(took);
            }
        }
    }
    Ok(run)
}
