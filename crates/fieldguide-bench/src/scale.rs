//! `--scale N`: Fieldguide on an N-document KB built from copies of the corpus (issue #21's
//! figures): first open (index build), reopen with the index present, one-shot `fieldguide
//! search` processes, query p50/p99, save → searchable, KB lint time, and the peak
//! resident memory of each; SQLite FTS5 beside it for the build and the queries.
//!
//! Opening and the CLI run in child processes, so each peak belongs to that step alone.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fieldguide_core::{Kb, KbOptions, SearchRequest};
use serde_json::json;

use crate::stats::{ms, verdict, Samples};
use crate::{corpus, engines, mem, queries, save};

/// One child process: wall time and peak resident memory.
struct Run {
    wall_ms: f64,
    /// User + system CPU time (what the machine's load does not stretch, unlike the wall time).
    cpu_ms: f64,
    peak_mb: f64,
    stdout: String,
}

/// Runs `cmd` to completion and reports its wall time and peak RSS (from `wait4`).
fn run_measured(cmd: &mut Command) -> Result<Run> {
    use std::io::Read;
    let t = Instant::now();
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .with_context(|| format!("running {cmd:?}"))?;
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .context("child stdout")?
        .read_to_string(&mut stdout)?;
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .context("child stderr")?
        .read_to_string(&mut stderr)?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 only writes into it and `status`.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for (reaped here, not by `Child`).
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall_ms = t.elapsed().as_secs_f64() * 1000.0;
    if rc != pid {
        bail!("waiting for {cmd:?}: {}", std::io::Error::last_os_error());
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) > 1 {
        bail!("{cmd:?} failed: {stderr}");
    }
    let tv_ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    Ok(Run {
        wall_ms,
        cpu_ms: tv_ms(usage.ru_utime) + tv_ms(usage.ru_stime),
        peak_mb: usage.ru_maxrss as f64 / 1024.0,
        stdout,
    })
}

/// The `fieldguide` executable built beside this one (same profile).
fn cli_exe() -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let cli = exe.with_file_name("fieldguide");
    if !cli.is_file() {
        bail!(
            "{} not found: build it first (cargo build --release -p fieldguide-cli)",
            cli.display()
        );
    }
    Ok(cli)
}

/// Measures at `n` documents; the KB is built under `work` (removed by the caller).
pub fn run(
    corpus_dir: &Path,
    n: usize,
    work: &Path,
    reps: usize,
    saves: usize,
) -> Result<serde_json::Value> {
    let kb_dir = work.join(format!("scale-{n}"));
    let data = work.join("scale-data");
    let t = Instant::now();
    let (files, bytes) = corpus::replicate_count(corpus_dir, &kb_dir, n)?;
    println!(
        "\n== Scale: {files} documents ({:.0} MB) copied from {} in {} ==",
        bytes as f64 / 1e6,
        corpus_dir.display(),
        ms(t.elapsed().as_secs_f64() * 1000.0)
    );
    let mut targets: Vec<(String, String, bool)> = Vec::new();

    // First open and reopen: the app's path (Kb::open_with), each in its own process.
    let first = mem::probe_in_child(&kb_dir, &data)?;
    let reopen = mem::probe_in_child(&kb_dir, &data)?;
    println!(
        "first open (index build): {} , peak {:.0} MB",
        ms(first.open_ms),
        first.hwm_mb
    );
    println!(
        "reopen, nothing changed:  {} , peak {:.0} MB",
        ms(reopen.open_ms),
        reopen.hwm_mb
    );
    targets.push((
        "first open ≤ 10 s".into(),
        ms(first.open_ms),
        first.open_ms <= 10_000.0,
    ));
    targets.push((
        "first open peak ≤ 600 MB".into(),
        format!("{:.0} MB", first.hwm_mb),
        first.hwm_mb <= 600.0,
    ));
    targets.push((
        "reopen < 1 s".into(),
        ms(reopen.open_ms),
        reopen.open_ms < 1000.0,
    ));
    targets.push((
        "reopen peak < 300 MB".into(),
        format!("{:.0} MB", reopen.hwm_mb),
        reopen.hwm_mb < 300.0,
    ));

    // One-shot CLI searches (index up to date; each checks the files first).
    let cli = cli_exe()?;
    let mut cli_runs = Vec::new();
    for q in [
        "outlook profile",
        "mailbox quota exceeded",
        "printer offline",
    ] {
        let r = run_measured(
            Command::new(&cli)
                .arg("--kb")
                .arg(&kb_dir)
                .arg("--data-dir")
                .arg(&data)
                .args(["search", "--json", q]),
        )?;
        let hits: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
        if hits["hits"].as_array().is_none_or(|h| h.is_empty()) {
            println!("(warning: `fieldguide search {q}` found nothing)");
        }
        cli_runs.push(r);
    }
    let cli_wall = cli_runs.iter().map(|r| r.wall_ms).fold(0.0, f64::max);
    let cli_peak = cli_runs.iter().map(|r| r.peak_mb).fold(0.0, f64::max);
    let cli_cpu = cli_runs.iter().map(|r| r.cpu_ms).fold(0.0, f64::max);
    println!(
        "`fieldguide search` (one process, {} runs): slowest {} ({} CPU), peak {:.0} MB",
        cli_runs.len(),
        ms(cli_wall),
        ms(cli_cpu),
        cli_peak
    );
    targets.push((
        "one-shot CLI search < 300 ms".into(),
        ms(cli_wall),
        cli_wall < 300.0,
    ));
    targets.push((
        "one-shot CLI search peak < 150 MB".into(),
        format!("{cli_peak:.0} MB"),
        cli_peak < 150.0,
    ));

    // Queries on the index, beside FTS5 over the same files.
    let index = fieldguide_core::kb::open_last_index(
        &kb_dir,
        &KbOptions {
            data_dir: Some(data.clone()),
            ..Default::default()
        },
    )
    .context("the index written by the first open")?;
    let (fts_build_ms, fts) = engines::fts_full(&kb_dir, &work.join("scale-fts.db"))?;
    let set = queries::all();
    let (mut fg, mut fts_s) = (Samples::default(), Samples::default());
    // Each query's slowest run, to name the queries that make the tail.
    let mut slowest = vec![0.0f64; set.len()];
    for (_, q) in &set {
        index.search(&SearchRequest::new(q))?;
        fts.search(q)?;
    }
    for _ in 0..reps.max(1) {
        for (i, (_, q)) in set.iter().enumerate() {
            let req = SearchRequest {
                query: q.to_string(),
                limit: 10,
                ..Default::default()
            };
            let t = Instant::now();
            std::hint::black_box(index.search(&req)?);
            let took = t.elapsed();
            slowest[i] = slowest[i].max(took.as_secs_f64() * 1000.0);
            fg.push(took);
            let t = Instant::now();
            std::hint::black_box(fts.search(q)?);
            fts_s.push(t.elapsed());
        }
    }
    drop(index);
    let (fg, fts_q) = (fg.summary(), fts_s.summary());
    println!(
        "FTS5 full build (walk + read + insert): {} (Fieldguide first open {})",
        ms(fts_build_ms),
        ms(first.open_ms)
    );
    let disk = DiskUse::of(&data);
    let fts_mb = std::fs::metadata(work.join("scale-fts.db")).map_or(0, |m| m.len()) as f64 / 1e6;
    println!(
        "on disk after the first open: data folder {:.0} MB ({:.0}% of the KB's {:.0} MB; index: \
         doc store {:.0} MB, positions {:.0} MB, postings {:.0} MB, the rest {:.0} MB) | FTS5 \
         database {fts_mb:.0} MB",
        disk.total_mb(),
        disk.total as f64 / bytes as f64 * 100.0,
        bytes as f64 / 1e6,
        disk.mb("store"),
        disk.mb("pos"),
        disk.mb("idx"),
        (disk.total - disk.by_ext("store") - disk.by_ext("pos") - disk.by_ext("idx")) as f64 / 1e6,
    );
    println!(
        "queries ({} × {reps}): Fieldguide p50 {} p99 {} | FTS5 p50 {} p99 {}",
        set.len(),
        ms(fg.p50_ms),
        ms(fg.p99_ms),
        ms(fts_q.p50_ms),
        ms(fts_q.p99_ms)
    );
    let mut tail: Vec<(f64, &str)> = slowest
        .iter()
        .zip(&set)
        .map(|(t, (_, q))| (*t, *q))
        .collect();
    tail.sort_by(|a, b| b.0.total_cmp(&a.0));
    tail.truncate(5);
    println!(
        "slowest queries (max of {reps}): {}",
        tail.iter()
            .map(|(t, q)| format!("{q:?} {}", ms(*t)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    targets.push(("query p99 < 20 ms".into(), ms(fg.p99_ms), fg.p99_ms < 20.0));

    // Save → searchable and KB lint, with the KB open in this process as the app has it.
    let kb = Arc::new(Kb::open_with(
        &kb_dir,
        KbOptions {
            data_dir: Some(data.clone()),
            ..Default::default()
        },
    )?);
    let s = save::measure(kb.clone(), saves)?.summary();
    println!(
        "save → searchable ({saves} saves): p50 {} p99 {}",
        ms(s.p50_ms),
        ms(s.p99_ms)
    );
    let t = Instant::now();
    let problems = fieldguide_core::lint::lint_kb(&kb, fieldguide_core::lint::today());
    let lint_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "KB lint (every check, {} problems): {}",
        problems.len(),
        ms(lint_ms)
    );
    targets.push((
        "save → searchable p99 < 250 ms".into(),
        ms(s.p99_ms),
        s.p99_ms < 250.0,
    ));
    drop(kb);
    std::thread::sleep(Duration::from_millis(50));

    println!("\n== Scale targets ({files} documents) ==");
    for (what, got, ok) in &targets {
        println!("{:<4} {what:<40} {got}", verdict(*ok));
    }
    Ok(json!({
        "docs": files, "bytes": bytes,
        "first_open": first, "reopen": reopen,
        "cli_search": cli_runs.iter().map(|r| json!({"wall_ms": r.wall_ms, "cpu_ms": r.cpu_ms, "peak_mb": r.peak_mb})).collect::<Vec<_>>(),
        "query_fieldguide": fg, "query_fts5": fts_q,
        "slowest_queries": tail.iter().map(|(t, q)| json!({"query": q, "max_ms": t})).collect::<Vec<_>>(), "fts5_build_ms": fts_build_ms,
        "save_to_searchable": s, "lint_ms": lint_ms, "lint_problems": problems.len(),
        "disk": {"data_dir_bytes": disk.total, "by_extension": disk.files, "fts5_db_bytes": (fts_mb * 1e6) as u64},
        "targets": targets.iter().map(|(w, g, ok)| json!({"target": w, "measured": g, "met": ok})).collect::<Vec<_>>(),
    }))
}

/// The bytes of the files under a folder, in all and by file extension.
struct DiskUse {
    total: u64,
    files: std::collections::BTreeMap<String, u64>,
}

impl DiskUse {
    fn of(dir: &Path) -> DiskUse {
        let mut d = DiskUse {
            total: 0,
            files: Default::default(),
        };
        d.add(dir);
        d
    }

    fn add(&mut self, dir: &Path) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let Ok(meta) = e.metadata() else { continue };
            let path = e.path();
            if meta.is_dir() {
                self.add(&path);
            } else {
                let ext = path
                    .extension()
                    .map_or_else(String::new, |x| x.to_string_lossy().into_owned());
                self.total += meta.len();
                *self.files.entry(ext).or_default() += meta.len();
            }
        }
    }

    fn by_ext(&self, ext: &str) -> u64 {
        self.files.get(ext).copied().unwrap_or(0)
    }

    fn mb(&self, ext: &str) -> f64 {
        self.by_ext(ext) as f64 / 1e6
    }

    fn total_mb(&self) -> f64 {
        self.total as f64 / 1e6
    }
}

#[cfg(test)]
mod tests {
    use super::DiskUse;

    #[test]
    fn disk_use_sums_files_by_extension_in_subfolders() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("index")).unwrap();
        std::fs::write(tmp.path().join("index/a.store"), [0u8; 300]).unwrap();
        std::fs::write(tmp.path().join("index/b.store"), [0u8; 200]).unwrap();
        std::fs::write(tmp.path().join("index/a.pos"), [0u8; 70]).unwrap();
        std::fs::write(tmp.path().join("journal.sqlite"), [0u8; 5]).unwrap();
        let d = DiskUse::of(tmp.path());
        assert_eq!(d.total, 575);
        assert_eq!(d.by_ext("store"), 500);
        assert_eq!(d.by_ext("pos"), 70);
        assert_eq!(d.by_ext("sqlite"), 5);
        assert_eq!(d.by_ext("idx"), 0);
    }
}
