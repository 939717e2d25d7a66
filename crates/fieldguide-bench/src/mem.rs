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
