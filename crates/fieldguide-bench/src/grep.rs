//! The ripgrep baseline: one `rg` process per query over the folder, as an app shelling out to
//! grep would do (case-insensitive, any of the query's words, list of matching files).
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// True when `rg` can be run.
pub fn available() -> bool {
    Command::new("rg")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `rg -i -l -F -e w1 -e w2 … <dir>` for the query's words; returns (files, wall time).
pub fn search(dir: &Path, q: &str) -> Result<(usize, Duration)> {
    let words = crate::queries::words(q);
    let mut cmd = Command::new("rg");
    cmd.args(["-i", "-l", "-F", "--no-messages", "-g", "*.md"]);
    for w in &words {
        cmd.arg("-e").arg(w);
    }
    cmd.arg(dir);
    let t = Instant::now();
    let out = cmd.stderr(Stdio::null()).output().context("running rg")?;
    let took = t.elapsed();
    // rg exits 1 when nothing matched.
    if !matches!(out.status.code(), Some(0) | Some(1)) {
        bail!("rg failed with {}", out.status);
    }
    let files = out.stdout.iter().filter(|&&b| b == b'\n').count();
    Ok((files, took))
}
