//! Opening a KB and describing it.
use std::collections::BTreeMap;
use std::path::PathBuf;

use fieldguide_core::{Problem, Progress};
use serde::Serialize;
use tauri::{AppHandle, Emitter, State};
use ts_rs::TS;

use crate::error::CmdResult;
use crate::state::{close_current, open_in_background, AppState};

/// What the header bar shows.
#[derive(TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KbInfo {
    root: String,
    doc_count: usize,
    counts: BTreeMap<String, usize>,
    problems: Vec<Problem>,
    indexing: bool,
    read_only: bool,
}

/// The open KB, or `indexing: true` while it is being opened.
#[tauri::command]
pub async fn kb_info(state: State<'_, AppState>) -> CmdResult<KbInfo> {
    if let Some(root) = state.opening() {
        return Ok(KbInfo {
            root: root.display().to_string(),
            doc_count: 0,
            counts: BTreeMap::new(),
            problems: vec![],
            indexing: true,
            read_only: false,
        });
    }
    let kb = state.kb()?;
    let mut counts = BTreeMap::new();
    for d in kb.summaries() {
        *counts.entry(d.kind.as_str().to_string()).or_insert(0) += 1;
    }
    Ok(KbInfo {
        root: kb.root().display().to_string(),
        doc_count: kb.doc_count(),
        counts,
        problems: kb.load_problems(),
        indexing: false,
        read_only: kb.read_only(),
    })
}

/// Opens another KB folder (in the background; progress arrives as events).
#[tauri::command]
pub async fn open_kb(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<KbInfo> {
    let root = PathBuf::from(&path);
    if !root.is_dir() {
        return Err(crate::CmdError::new(
            "not_found",
            format!("{path} is not a folder"),
        ));
    }
    close_current(&state);
    // The next start opens it again (unless `--kb` names another).
    crate::startup::remember(&fieldguide_core::kb::default_data_base(), &root);
    // A KB picked in the window keeps its own per-KB data folder (`--data-dir` names the
    // data of the KB given at start).
    open_in_background(app, root, None);
    kb_info(state).await
}

/// How long a lint of the KB runs before the header shows its progress (a small KB's check
/// ends well before: nothing flashes).
const LINT_PROGRESS_AFTER: std::time::Duration = std::time::Duration::from_millis(300);

/// Every problem in the KB (load problems and lint), for the lint view. Checked off the
/// async threads; past [`LINT_PROGRESS_AFTER`] the header shows how far it is, through the
/// opening's `index-progress` event (phase `lint`, then `checked`).
#[tauri::command]
pub async fn lint_kb(app: AppHandle, state: State<'_, AppState>) -> CmdResult<Vec<Problem>> {
    lint_all(app, &state).await
}

/// How many problems [`lint_kb`] finds: what the header shows after each opening and burst
/// of changes. Only the counts cross to the window: a KB of 100,000 copied articles has
/// 250,000 "likely duplicate" problems, and sending the list for its length kept ~1.2 GB in
/// the app and web processes.
#[derive(TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LintCounts {
    problems: usize,
    errors: usize,
}

impl LintCounts {
    fn of(problems: &[Problem]) -> LintCounts {
        LintCounts {
            problems: problems.len(),
            errors: problems
                .iter()
                .filter(|p| p.severity == fieldguide_core::Severity::Error)
                .count(),
        }
    }
}

/// The counts of [`lint_kb`]'s problems.
#[tauri::command]
pub async fn lint_counts(app: AppHandle, state: State<'_, AppState>) -> CmdResult<LintCounts> {
    let problems = lint_all(app, &state).await?;
    Ok(LintCounts::of(&problems))
}

async fn lint_all(app: AppHandle, state: &AppState) -> CmdResult<Vec<Problem>> {
    let kb = state.kb()?;
    let task = tauri::async_runtime::spawn_blocking(move || {
        let started = std::time::Instant::now();
        let shown = std::sync::atomic::AtomicBool::new(false);
        let progress = |p: Progress| {
            if started.elapsed() >= LINT_PROGRESS_AFTER {
                shown.store(true, std::sync::atomic::Ordering::Relaxed);
                let _ = app.emit("index-progress", p);
            }
        };
        let problems =
            fieldguide_core::lint::lint_kb_with(&kb, fieldguide_core::lint::today(), &progress);
        if shown.load(std::sync::atomic::Ordering::Relaxed) {
            let n = kb.doc_count();
            let _ = app.emit(
                "index-progress",
                Progress {
                    phase: fieldguide_core::Phase::Checked,
                    done: n,
                    total: n,
                },
            );
        }
        problems
    });
    let problems = task
        .await
        .map_err(|e| crate::CmdError::new("internal", format!("linting the KB failed: {e}")));
    // The check's working memory (a signature per document) is freed: back to the OS.
    state.busy();
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldguide_core::Severity;

    #[test]
    fn lint_counts_count_problems_and_errors() {
        let p = |sev| Problem::new("a.md", 1, sev, "x", "y");
        let c = LintCounts::of(&[p(Severity::Error), p(Severity::Warning), p(Severity::Error)]);
        assert_eq!((c.problems, c.errors), (3, 2));
        let c = LintCounts::of(&[]);
        assert_eq!((c.problems, c.errors), (0, 0));
    }
}

/// What the first-run screen offers besides "Open a folder" and "Clone the team's KB".
#[derive(TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FirstRun {
    /// The sample KB shipped with the app, when there is one.
    sample_kb: Option<String>,
}

/// The first-run screen's choices (shown when no KB was given or remembered).
#[tauri::command]
pub async fn kb_first_run() -> CmdResult<FirstRun> {
    Ok(FirstRun {
        sample_kb: crate::startup::sample_kb().map(|p| p.display().to_string()),
    })
}
