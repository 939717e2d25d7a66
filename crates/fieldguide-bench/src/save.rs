//! Save → searchable: a file is written in the KB (new files and edits of existing ones, both
//! the plain-write and the write-temp-then-rename styles editors use) while the watcher runs, and
//! `search` is polled until it finds the file's unique word.
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use fieldguide_core::{Kb, SearchRequest};

use crate::stats::Samples;

/// Measures `n` saves into `kb` (whose watcher the caller has NOT started: started here).
pub fn measure(kb: Arc<Kb>, n: usize) -> Result<Samples> {
    let _watch = fieldguide_core::kb::watch::watch(kb.clone(), |_| {})?;
    // Let the watcher settle (inotify watches on every folder).
    std::thread::sleep(Duration::from_millis(300));
    let existing: Vec<String> = kb
        .summaries()
        .iter()
        .step_by(97)
        .map(|a| a.path.to_string())
        .collect();
    let root = kb.root().to_path_buf();
    let run = std::process::id();
    let mut samples = Samples::default();
    for i in 0..n {
        let token = format!("fgsave{run}x{i}q");
        let (rel, text) = if i % 2 == 0 || existing.is_empty() {
            (
                format!("bench-saves/save-{i}.md"),
                format!("---\ntitle: Saved note {i}\n---\n# Saved note {i}\n\nThe {token} fix.\n"),
            )
        } else {
            let rel = existing[(i / 2) % existing.len()].clone();
            let old = std::fs::read_to_string(root.join(&rel))?;
            (rel, format!("{old}\n\nEdited: {token}.\n"))
        };
        let abs = root.join(&rel);
        if let Some(p) = abs.parent() {
            std::fs::create_dir_all(p)?;
        }
        if i % 4 == 3 {
            write_via_rename(&abs, &text)?;
        } else {
            std::fs::write(&abs, &text)?;
        }
        let t = Instant::now();
        let req = SearchRequest {
            query: format!("{token} "),
            limit: 10,
            ..Default::default()
        };
        loop {
            if kb.search(&req)?.hits.iter().any(|h| h.path == rel) {
                samples.push(t.elapsed());
                break;
            }
            if t.elapsed() > Duration::from_secs(10) {
                bail!("save {i} ({rel}) not searchable after 10 s");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        // A pause between saves, as between two edits: each save is its own watcher batch.
        std::thread::sleep(Duration::from_millis(30));
    }
    Ok(samples)
}

/// The core's share of a save: `refresh_paths` on one written file (re-read, index, commit,
/// reload), without the watcher.
pub fn measure_refresh(kb: &Kb, n: usize) -> Result<Samples> {
    let root = kb.root().to_path_buf();
    let mut samples = Samples::default();
    for i in 0..n {
        let rel = format!("bench-saves/direct-{i}.md");
        let abs = root.join(&rel);
        if let Some(p) = abs.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::write(&abs, format!("# Direct {i}\n\nfgdirect{i}q\n"))?;
        let t = Instant::now();
        kb.refresh_paths(std::slice::from_ref(&rel))?;
        samples.push(t.elapsed());
    }
    Ok(samples)
}

fn write_via_rename(abs: &Path, text: &str) -> Result<()> {
    let tmp = abs.with_file_name(format!(
        ".{}.swp",
        abs.file_name().unwrap_or_default().to_string_lossy()
    ));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, abs)?;
    Ok(())
}
