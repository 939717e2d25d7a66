//! `fieldguide-bench`: measures Fieldguide (tantivy) beside a SQLite FTS5 baseline and ripgrep on
//! a real corpus and on an N× copy of it, in one run and on the same queries, and prints the
//! figures with ratios (ratios hold on a noisy machine when absolute times do not).
//!
//! Sections: full index build (walk + parse + index), query latency (top 10 with snippets),
//! save → searchable through the watcher, and memory after opening. See docs/benchmarks.md.
//! `--redaction` measures secret redaction instead (src/redaction.rs, docs/security.md).
mod corpus;
mod engines;
mod fts;
mod grep;
mod mem;
mod queries;
mod redaction;
mod relevance;
mod save;
mod scale;
mod stats;
mod team_pull;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Parser;
use serde_json::json;

use crate::queries::Group;
use crate::stats::{ms, ratio, verdict, Samples};

/// Benchmarks Fieldguide against SQLite FTS5 and ripgrep.
#[derive(Parser, Debug)]
#[command(name = "fieldguide-bench", version)]
struct Args {
    /// The corpus: a folder of markdown.
    #[arg(long, default_value = "../shared/corpus/officedocs-support")]
    corpus: PathBuf,
    /// Also measure an N× copy of the corpus (1: the corpus only).
    #[arg(long, default_value_t = 8)]
    copies: usize,
    /// A fast smoke run: the corpus only, few repetitions (for `make test`).
    #[arg(long)]
    quick: bool,
    /// Full builds per size (the median is reported).
    #[arg(long, default_value_t = 3)]
    builds: usize,
    /// Times each query is run per engine (ripgrep: twice).
    #[arg(long, default_value_t = 20)]
    reps: usize,
    /// Saves measured for save → searchable.
    #[arg(long, default_value_t = 60)]
    saves: usize,
    /// Only these sections, comma-separated: build, queries, memory, saves (default: all).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Skip ripgrep.
    #[arg(long)]
    no_rg: bool,
    /// Measure search relevance on the labelled query sets (relevance/) instead: Fieldguide,
    /// FTS5 and ripgrep, MRR@10 / Recall@5 / nDCG@10. With --quick: a smoke run.
    #[arg(long)]
    relevance: bool,
    /// With --relevance: write each query's rank per engine to this file (JSON lines).
    #[arg(long)]
    relevance_dump: Option<PathBuf>,
    /// With --relevance: run the sets listed in this file (the form of relevance/sets.json,
    /// files relative to it) instead, e.g. the development sets in relevance/dev/.
    #[arg(long)]
    relevance_sets: Option<PathBuf>,
    /// Also write every figure as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Only the redaction benchmark (gitleaks examples, support look-alikes, a 5 MB log);
    /// needs no corpus. Exits non-zero when a target is missed.
    #[arg(long)]
    redaction: bool,
    /// Measure at this many documents instead (copies of the corpus, the last one partial):
    /// first open, reopen, one-shot `fieldguide search`, queries, save → searchable, KB lint,
    /// peak memory (needs the `fieldguide` executable built beside this one).
    #[arg(long)]
    scale: Option<usize>,
    /// Measure a team sync instead: a laptop whose KB holds this many documents (a clone of a
    /// bare repository on disk) pulls 500 new ticket notes, three times; time until the last
    /// note is searchable (docs/team.md).
    #[arg(long)]
    team_pull: Option<usize>,
    /// With --scale or --team-pull: where to build the KB (default: a temporary folder;
    /// removed at the end).
    #[arg(long)]
    scale_dir: Option<PathBuf>,
    /// Internal: open this KB, print memory as JSON, exit.
    #[arg(long, hide = true)]
    probe_memory: Option<PathBuf>,
    /// Internal: the data dir for --probe-memory.
    #[arg(long, hide = true)]
    probe_data_dir: Option<PathBuf>,
    /// For profiling: with --probe-memory KB and --probe-data-dir, run this query on the KB's
    /// index 200 times (after a warm-up) and print its median and slowest time.
    #[arg(long, hide = true)]
    profile_query: Option<String>,
}

impl Args {
    fn wants(&self, section: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|s| s == section)
    }
}

fn main() -> Result<()> {
    let mut args = Args::parse();
    if let Some(kb) = &args.probe_memory {
        let data = args
            .probe_data_dir
            .as_deref()
            .context("--probe-data-dir is required")?;
        if let Some(q) = &args.profile_query {
            return mem::profile_query(kb, data, q);
        }
        return mem::probe(kb, data);
    }
    if args.redaction {
        if !redaction::run(false) {
            std::process::exit(1);
        }
        return Ok(());
    }
    if args.relevance {
        let report = relevance::run(
            args.quick.then_some(25),
            !args.no_rg,
            args.relevance_dump.as_deref(),
            args.relevance_sets.as_deref(),
        )?;
        if let Some(p) = &args.json {
            write_json(p, &report)?;
        }
        return Ok(());
    }
    if let Some(n) = args.team_pull {
        let work = match &args.scale_dir {
            Some(d) => tempfile::tempdir_in(d)?,
            None => tempfile::tempdir()?,
        };
        let report = team_pull::run(&args.corpus, n, work.path())?;
        if let Some(p) = &args.json {
            write_json(p, &report)?;
        }
        return Ok(());
    }
    if let Some(n) = args.scale {
        if !args.corpus.is_dir() {
            bail!(
                "corpus folder {} not found (pass --corpus DIR)",
                args.corpus.display()
            );
        }
        let work = match &args.scale_dir {
            Some(d) => tempfile::tempdir_in(d)?,
            None => tempfile::tempdir()?,
        };
        let report = scale::run(&args.corpus, n, work.path(), args.reps, args.saves)?;
        if let Some(p) = &args.json {
            write_json(p, &report)?;
        }
        return Ok(());
    }
    if args.quick {
        args.copies = 1;
        args.builds = 1;
        args.reps = 3;
        args.saves = args.saves.min(10);
    }
    if !args.corpus.is_dir() {
        bail!(
            "corpus folder {} not found (pass --corpus DIR)",
            args.corpus.display()
        );
    }
    run(&args)
}

fn run(args: &Args) -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let corpus = args.corpus.canonicalize()?;
    let (n1, bytes1) = corpus::size(&corpus);
    println!(
        "fieldguide-bench — {} cores, corpus {} ({} files, {:.1} MB)",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        corpus.display(),
        n1,
        bytes1 as f64 / 1e6
    );
    println!("Release build: {}", !cfg!(debug_assertions));
    // Every size is a copy in a temporary folder: the save test writes into the KB it measures,
    // and the corpus itself must never be touched.
    let one = tmp.path().join("corpus-x1");
    corpus::replicate(&corpus, &one, 1)?;
    let mut sizes: Vec<(String, PathBuf)> = vec![("1×".into(), one)];
    if args.copies > 1 {
        let dest = tmp.path().join(format!("corpus-x{}", args.copies));
        let t = Instant::now();
        let (n, b) = corpus::replicate(&corpus, &dest, args.copies)?;
        println!(
            "Copied {}× into {} ({} files, {:.1} MB) in {}",
            args.copies,
            dest.display(),
            n,
            b as f64 / 1e6,
            ms(t.elapsed().as_secs_f64() * 1000.0)
        );
        sizes.push((format!("{}×", args.copies), dest));
    }

    let mut report = json!({ "corpus": corpus, "files": n1, "bytes": bytes1 });
    let mut targets: Vec<(String, String, bool)> = Vec::new();

    println!(
        "\n== Full build: walk + parse + index (fresh data dir), median of {} ==",
        args.builds
    );
    println!(
        "{:<5} {:>6} | {:>9} {:>9} {:>9} {:>9} {:>9} {:>10} | {:>9} {:>10} {:>9} {:>10} | {:>9}",
        "size",
        "docs",
        "FG total",
        "FG CPU",
        "scan",
        "parse",
        "index",
        "FG docs/s",
        "FTS5 full",
        "docs/s",
        "FTS5 idx",
        "docs/s",
        "FG/FTS5"
    );
    let mut last: Option<(Arc<fieldguide_core::Kb>, fts::Fts)> = None;
    let mut builds = Vec::new();
    for (label, dir) in &sizes {
        let (b, kb) = engines::fieldguide(dir, &tmp.path().join("fg"), args.builds)?;
        let (fts_full, _) = engines::fts_full(dir, &tmp.path().join(format!("full-{label}.db")))?;
        let (fts_idx, fts) =
            engines::fts_index_only(&kb, &tmp.path().join(format!("idx-{label}.db")))?;
        let dps = |n: usize, t: f64| n as f64 / (t / 1000.0);
        let docs = kb.doc_count();
        println!(
            "{:<5} {:>6} | {:>9} {:>9} {:>9} {:>9} {:>9} {:>10.0} | {:>9} {:>10.0} {:>9} {:>10.0} | {:>9}",
            label,
            docs,
            ms(b.total_ms),
            ms(b.cpu_ms),
            ms(b.scan_ms),
            ms(b.parse_ms),
            ms(b.index_ms),
            dps(docs, b.total_ms),
            ms(fts_full),
            dps(docs, fts_full),
            ms(fts_idx),
            dps(docs, fts_idx),
            ratio(fts_full, b.total_ms),
        );
        // What the CPU time allows: even with every core busy the whole time, the build
        // cannot take less than its CPU time spread over the cores.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        println!(
            "      index segments after the build: {}; CPU-bound limit on {cores} cores: {:.0} docs/s (cores used {:.0} %)",
            kb.index().num_segments(),
            dps(docs, b.cpu_ms / cores as f64),
            b.cpu_ms / (b.total_ms * cores as f64) * 100.0,
        );
        builds.push(json!({
            "size": label, "docs": docs, "fieldguide": b,
            "fts5_full_ms": fts_full, "fts5_index_only_ms": fts_idx,
        }));
        if label == "1×" {
            targets.push((
                "full build of the corpus < 1 s".into(),
                ms(b.total_ms),
                b.total_ms < 1000.0,
            ));
        } else {
            let d = dps(docs, b.total_ms);
            targets.push((
                format!("build ≥ 10k docs/s at {label}"),
                format!("{d:.0} docs/s"),
                d >= 10_000.0,
            ));
        }
        last = Some((kb, fts));
    }
    println!("(FTS5 full = walk + read + insert raw file text; FTS5 idx = insert Fieldguide's parsed title + text only; FG/FTS5 > 1× means Fieldguide is faster)");
    report["build"] = json!(builds);
    let (kb, fts) = last.context("no build")?;
    let big = &sizes.last().context("no size")?.1;

    // Queries.
    if args.wants("queries") {
        println!(
            "\n== Queries at {} docs: top 10 with snippets, {} runs per query (ripgrep: 2) ==",
            kb.doc_count(),
            args.reps
        );
        let use_rg = !args.no_rg && grep::available();
        if !args.no_rg && !use_rg {
            println!("(ripgrep not found: `apt-get install ripgrep`; skipped)");
        }
        let q = engines::queries(&kb, &fts, big, args.reps, use_rg)?;
        println!(
            "{:<7} {:>3} | {:>9} {:>9} | {:>9} {:>9} | {:>9} {:>9} | {:>9} {:>9}",
            "group",
            "n",
            "FG p50",
            "FG p99",
            "FTS5 p50",
            "FTS5 p99",
            "rg p50",
            "rg p99",
            "FTS5/FG",
            "rg/FG"
        );
        let mut qjson = Vec::new();
        let mut all = [Samples::default(), Samples::default(), Samples::default()];
        for g in Group::ALL.into_iter().map(Some).chain([None]) {
            if let Some(g) = g {
                for (i, a) in all.iter_mut().enumerate() {
                    a.extend(&q.samples[g.label()][i]);
                }
            }
            let pick = |i: usize| -> Samples {
                match g {
                    Some(g) => q.samples[g.label()][i].clone(),
                    None => all[i].clone(),
                }
            };
            let (f, s, r) = (pick(0).summary(), pick(1).summary(), pick(2).summary());
            let label = g.map_or("all", Group::label);
            println!(
                "{:<7} {:>3} | {:>9} {:>9} | {:>9} {:>9} | {:>9} {:>9} | {:>9} {:>9}",
                label,
                q.counts.get(label).copied().unwrap_or(queries::all().len()),
                ms(f.p50_ms),
                ms(f.p99_ms),
                ms(s.p50_ms),
                ms(s.p99_ms),
                if r.n > 0 { ms(r.p50_ms) } else { "-".into() },
                if r.n > 0 { ms(r.p99_ms) } else { "-".into() },
                ratio(s.p50_ms, f.p50_ms),
                ratio(r.p50_ms, f.p50_ms),
            );
            qjson.push(json!({ "group": label, "fieldguide": f, "fts5": s, "ripgrep": r }));
            if g.is_none() {
                targets.push(("query p50 < 2 ms".into(), ms(f.p50_ms), f.p50_ms < 2.0));
                targets.push(("query p99 < 10 ms".into(), ms(f.p99_ms), f.p99_ms < 10.0));
            }
        }
        println!("CPU time of the searching thread per query (barely affected by machine load):");
        let mut cpu_all = [Samples::default(), Samples::default()];
        for g in Group::ALL {
            for (i, a) in cpu_all.iter_mut().enumerate() {
                a.extend(&q.cpu[g.label()][i]);
            }
        }
        let mut cjson = Vec::new();
        for (label, c) in Group::ALL
            .iter()
            .map(|g| (g.label(), q.cpu[g.label()].clone()))
            .chain([("all", cpu_all)])
        {
            let (f, s) = (c[0].summary(), c[1].summary());
            println!(
                "{:<7}     | {:>9} {:>9} | {:>9} {:>9} | {:>9} {:>9} | {:>9}",
                label,
                ms(f.p50_ms),
                ms(f.p99_ms),
                ms(s.p50_ms),
                ms(s.p99_ms),
                "",
                "",
                ratio(s.p50_ms, f.p50_ms)
            );
            if label == "all" {
                targets.push(("query CPU p50 < 2 ms".into(), ms(f.p50_ms), f.p50_ms < 2.0));
                targets.push((
                    "query CPU p99 < 10 ms".into(),
                    ms(f.p99_ms),
                    f.p99_ms < 10.0,
                ));
            }
            cjson.push(json!({ "group": label, "fieldguide_cpu": f, "fts5_cpu": s }));
        }
        report["queries_cpu"] = json!(cjson);
        for w in &q.warnings {
            println!("  note: {w}");
        }
        println!("(ratios > 1× mean Fieldguide is faster; Fieldguide also counts all matches and computes facets)");
        report["queries"] = json!(qjson);
    }

    // Memory, each in a fresh child process.
    if args.wants("memory") {
        println!("\n== Memory of a process that opened the KB (child process per figure) ==");
        let mut mjson = Vec::new();
        for (label, dir) in &sizes {
            let data = tmp.path().join(format!("mem-{}", mjson.len()));
            let cold = mem::probe_in_child(dir, &data)?;
            let warm = mem::probe_in_child(dir, &data)?;
            println!(
                "{label:<5} first open (builds index): open {}, RSS {:.0} MB, peak {:.0} MB | reopen (index exists): open {}, RSS {:.0} MB, peak {:.0} MB",
                ms(cold.open_ms), cold.rss_mb, cold.hwm_mb, ms(warm.open_ms), warm.rss_mb, warm.hwm_mb
            );
            if label == "1×" {
                targets.push((
                    "core RSS with the corpus open (reopen) < 200 MB".into(),
                    format!("{:.0} MB", warm.rss_mb),
                    warm.rss_mb < 200.0,
                ));
            }
            mjson.push(json!({ "size": label, "first_open": cold, "reopen": warm }));
        }
        report["memory"] = json!(mjson);
    }

    // Save → searchable.
    if args.wants("saves") {
        println!(
            "\n== Save → searchable at {} docs: {} saves, watcher running, search polled every 5 ms ==",
            kb.doc_count(),
            args.saves
        );
        let direct = save::measure_refresh(&kb, (args.saves / 2).max(5))?.summary();
        println!(
            "core share (Kb::refresh_paths of one file, no watcher): p50 {}, p99 {}",
            ms(direct.p50_ms),
            ms(direct.p99_ms)
        );
        report["refresh_one_file"] = json!(direct);
        let s = save::measure(kb.clone(), args.saves)?.summary();
        println!(
            "p50 {}, p99 {}, max {} (watcher debounce {} ms included)",
            ms(s.p50_ms),
            ms(s.p99_ms),
            ms(s.max_ms),
            fieldguide_core::kb::watch::DEBOUNCE.as_millis()
        );
        targets.push((
            "save → searchable p99 < 250 ms".into(),
            ms(s.p99_ms),
            s.p99_ms < 250.0,
        ));
        report["save_to_searchable"] = json!(s);
    }

    println!("\n== Targets ==");
    for (what, got, ok) in &targets {
        println!("{:<4} {what:<48} {got}", verdict(*ok));
    }
    println!("Not measured here: desktop cold start, keystroke → render, process-tree memory (see docs/benchmarks.md).");
    report["targets"] = json!(targets
        .iter()
        .map(|(w, g, ok)| json!({"target": w, "measured": g, "met": ok}))
        .collect::<Vec<_>>());
    if let Some(p) = &args.json {
        write_json(p, &report)?;
    }
    drop(kb);
    Ok(())
}

fn write_json(p: &Path, v: &serde_json::Value) -> Result<()> {
    std::fs::write(p, serde_json::to_string_pretty(v)?)
        .with_context(|| format!("write {}", p.display()))
}
