//! Memory of a process from `/proc`: resident set now (VmRSS) and at its peak (VmHWM), and a
//! probe run in a child process so each figure belongs to one KB opening only.
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

/// Resident memory in MiB.
#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize)]
pub struct Mem {
    /// Resident now.
    pub rss_mb: f64,
    /// Peak resident.
    pub hwm_mb: f64,
    /// Time to open the KB in the probe, ms.
    pub open_ms: f64,
}

fn kb_field(status: &str, key: &str) -> f64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

/// This process's memory.
pub fn current() -> Mem {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    Mem {
        rss_mb: kb_field(&s, "VmRSS:"),
        hwm_mb: kb_field(&s, "VmHWM:"),
        open_ms: 0.0,
    }
}

/// CPU time used by this process so far (all threads, user + system), in ms. Unlike wall time
/// it barely moves when other processes load the machine.
pub fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line; 12 and 13 after the name.
    (ticks(11) + ticks(12)) * 10.0 // USER_HZ is 100 on Linux
}

/// CPU time of the calling thread so far, in ns (`CLOCK_THREAD_CPUTIME_ID`): what a piece of
/// single-threaded work cost, whatever else the machine is doing.
pub fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec we pass.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return 0;
    }
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// In the child: opens the KB, then prints its memory as JSON.
pub fn probe(kb: &Path, data_dir: &Path) -> Result<()> {
    let t = Instant::now();
    let k = fieldguide_core::Kb::open_with(
        kb,
        fieldguide_core::KbOptions {
            data_dir: Some(data_dir.to_path_buf()),
            ..Default::default()
        },
    )?;
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    // One search, as the app does right after opening.
    k.search(&fieldguide_core::SearchRequest::new("outlook"))?;
    let m = Mem {
        open_ms,
        ..current()
    };
    println!("{}", serde_json::to_string(&m)?);
    drop(k);
    Ok(())
}

/// Runs `query` on the index of the KB at `kb` 200 times after a warm-up; prints its median and
/// slowest time (to profile one query under `perf`).
pub fn profile_query(kb: &Path, data_dir: &Path, query: &str) -> Result<()> {
    let index = fieldguide_core::kb::open_last_index(
        kb,
        &fieldguide_core::KbOptions {
            data_dir: Some(data_dir.to_path_buf()),
            ..Default::default()
        },
    )
    .context("no index for this KB and data dir")?;
    let req = fieldguide_core::SearchRequest::new(query);
    for _ in 0..5 {
        index.search(&req)?;
    }
    let mut times: Vec<f64> = (0..200)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(index.search(&req)).map(|_| t.elapsed().as_secs_f64() * 1000.0)
        })
        .collect::<fieldguide_core::Result<_>>()?;
    times.sort_by(f64::total_cmp);
    println!(
        "{query:?}: median {:.2} ms, slowest {:.2} ms (200 runs)",
        times[100], times[199]
    );
    Ok(())
}

/// In the parent: runs the probe in a child process.
pub fn probe_in_child(kb: &Path, data_dir: &Path) -> Result<Mem> {
    let exe = std::env::current_exe()?;
    let out = Command::new(exe)
        .arg("--probe-memory")
        .arg(kb)
        .arg("--probe-data-dir")
        .arg(data_dir)
        .output()
        .context("running the memory probe")?;
    if !out.status.success() {
        bail!(
            "memory probe failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let line = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(line.trim()).context("reading the memory probe's answer")
}
