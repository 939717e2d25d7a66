//! The team KB through git (docs/team.md): the sync status chip, syncing (on demand and from
//! the UI's timer), committing what the app writes, per-document history, diff and restore,
//! conflict versions and their resolution. Each command calls `fieldguide_core::team`.
//!
//! Syncs run one at a time on a blocking thread; each ends with a `team-status` event (what the
//! chip shows) and a `kb-changed` event with the files the sync changed (already re-indexed by
//! `team::sync_kb`, which refreshes exactly the files of the pull's diff).
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use fieldguide_core::metrics::team::TeamReport;
use fieldguide_core::metrics::MetricsQuery;
use fieldguide_core::team::{
    self, Approved, Change, Committed, ConflictVersions, Repo, ReviewDiff, SyncState, SyncStatus,
};
use fieldguide_core::Kb;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use ts_rs::TS;

use crate::error::{CmdError, CmdResult};
use crate::state::{AppState, KbChanged};

/// Shared by the team commands: the working copy of the open KB (found once per KB folder),
/// the last sync's outcome, and the lock that keeps syncs one at a time.
#[derive(Default)]
pub struct TeamState {
    repo: Mutex<Option<(PathBuf, Option<Repo>)>>,
    last: Mutex<Option<LastSync>>,
    syncing: Mutex<()>,
}

/// What the last sync did (for the chip's tooltip: "synced 10:04, 3 files").
#[derive(TS, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LastSync {
    /// When it ended, ms since the Unix epoch.
    at_ms: u64,
    took_ms: u64,
    pulled: usize,
    pushed: usize,
    /// Files re-indexed because the sync changed them.
    changed: usize,
    /// Why the server refused the push (protected branch, hook); commits stay queued.
    push_refused: Option<String>,
    /// A sync that failed before it could start (no identity, not a repository…).
    error: Option<String>,
}

/// What the header's sync chip shows.
#[derive(TS, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamView {
    status: SyncStatus,
    /// Words for an interrupted git operation or an unreachable remote.
    explain: Option<String>,
    /// True when the KB folder is the working copy's top folder: the app syncs on its own (on
    /// open, on a timer, after each write). A KB that is a sub-folder of a larger checkout
    /// (e.g. `kb-content/` in the source tree) is only synced when asked.
    auto_sync: bool,
    last_sync: Option<LastSync>,
    /// `user.name <user.email>` of the commits.
    identity: Option<String>,
    /// Why git cannot sign commits (no `user.name` / `user.email`), with the fix.
    identity_error: Option<String>,
}

impl TeamState {
    /// The working copy holding the open KB, `None` for a plain folder.
    fn repo_for(&self, kb: &Kb) -> Option<Repo> {
        let root = kb.root().to_path_buf();
        let mut cache = self.repo.lock().expect("team lock");
        match cache.as_ref() {
            Some((r, repo)) if *r == root => repo.clone(),
            _ => {
                let repo = Repo::detect(&root);
                *cache = Some((root, repo.clone()));
                repo
            }
        }
    }

    fn view(&self, repo: &Repo) -> CmdResult<TeamView> {
        let status = repo.status()?;
        let explain = match &status.state {
            SyncState::Interrupted(i) => Some(i.explain().to_string()),
            SyncState::Offline => status.offline.clone(),
            SyncState::Conflict(paths) => Some(format!(
                "you and a colleague changed the same lines of {}: open it to compare both \
                 versions and choose or merge",
                paths.join(", ")
            )),
            _ => None,
        };
        let identity = repo.identity();
        Ok(TeamView {
            status,
            explain,
            auto_sync: auto_sync(repo),
            last_sync: self.last.lock().expect("team lock").clone(),
            identity_error: identity.as_ref().err().map(ToString::to_string),
            identity: identity.ok().map(|i| format!("{} <{}>", i.name, i.email)),
        })
    }
}

fn auto_sync(repo: &Repo) -> bool {
    repo.kb_root() == repo.top()
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Runs `f` on a blocking thread (git and the index are synchronous) and returns its answer.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| CmdError::new("internal", e.to_string()))?
}

fn open_repo(state: &AppState, team: &TeamState) -> CmdResult<(Arc<Kb>, Repo)> {
    let kb = state.kb()?;
    let repo = team.repo_for(&kb).ok_or_else(|| {
        CmdError::new(
            "not_shared",
            format!(
                "{} is not a git working copy: clone the team's KB to share it",
                kb.root().display()
            ),
        )
    })?;
    Ok((kb, repo))
}

/// Syncs now (blocking; one at a time) and tells the window: `team-status`, then `kb-changed`
/// with the files the sync brought in.
fn run_sync<R: Runtime>(app: &AppHandle<R>) -> CmdResult<Option<TeamView>> {
    let state = app.state::<AppState>();
    let team = app.state::<TeamState>();
    let Ok(kb) = state.kb() else {
        return Ok(None);
    };
    let Some(repo) = team.repo_for(&kb) else {
        return Ok(None);
    };
    let _one = team.syncing.lock().expect("sync lock");
    let outcome = team::sync_kb(&repo, &kb);
    let last = match &outcome {
        Ok(r) => LastSync {
            at_ms: now_ms(),
            took_ms: r.took_ms,
            pulled: r.pulled,
            pushed: r.pushed,
            changed: r.changed.len(),
            push_refused: r.push_refused.clone(),
            error: None,
        },
        Err(e) => LastSync {
            at_ms: now_ms(),
            took_ms: 0,
            pulled: 0,
            pushed: 0,
            changed: 0,
            push_refused: None,
            error: Some(e.to_string()),
        },
    };
    *team.last.lock().expect("team lock") = Some(last);
    let view = team.view(&repo)?;
    let _ = app.emit("team-status", &view);
    match outcome {
        Ok(r) => {
            if !r.changed.is_empty() {
                let _ = app.emit(
                    "kb-changed",
                    KbChanged {
                        paths: r.changed_paths(),
                    },
                );
            }
            Ok(Some(view))
        }
        Err(e) => Err(e.into()),
    }
}

/// Commits the files a command just wrote, when the KB is a git working copy, then (for a KB
/// that syncs on its own) shares them with a background sync. Never fails the write: a commit
/// that fails is logged and the next sync's sweep commits the files.
pub fn commit_written<R: Runtime>(app: &AppHandle<R>, paths: &[String], message: &str) {
    let state = app.state::<AppState>();
    let team = app.state::<TeamState>();
    let Ok(kb) = state.kb() else { return };
    let Some(repo) = team.repo_for(&kb) else {
        return;
    };
    if let Err(e) = repo.commit_paths(paths, message) {
        eprintln!(
            "fieldguide: {} saved but not committed ({e}); the next sync commits it",
            paths.join(", ")
        );
    }
    if auto_sync(&repo) {
        let app = app.clone();
        std::thread::spawn(move || {
            if let Err(e) = run_sync(&app) {
                eprintln!("fieldguide: sync after a write failed: {}", e.message);
            }
        });
    } else if let Ok(view) = team.view(&repo) {
        let _ = app.emit("team-status", &view);
    }
}

/// The chip's state, `None` when the KB is a plain folder (no chip). Local only: no network.
#[tauri::command]
pub async fn team_status(
    state: State<'_, AppState>,
    team: State<'_, TeamState>,
) -> CmdResult<Option<TeamView>> {
    let kb = state.kb()?;
    match team.repo_for(&kb) {
        Some(repo) => Ok(Some(team.view(&repo)?)),
        None => Ok(None),
    }
}

/// Syncs now: commit what is left, pull (re-indexing only the changed files), push.
/// Conflicts, offline and interrupted operations are states of the result, not errors.
#[tauri::command]
pub async fn team_sync(app: AppHandle) -> CmdResult<Option<TeamView>> {
    blocking(move || run_sync(&app)).await
}

/// Who changed a document when, newest first (following renames).
#[tauri::command]
pub async fn team_history(
    state: State<'_, AppState>,
    team: State<'_, TeamState>,
    path: String,
) -> CmdResult<Vec<Change>> {
    let (_, repo) = open_repo(&state, &team)?;
    Ok(repo.history(&path)?)
}

/// The reader's "last changed by … on …"; `None` for a plain folder or an uncommitted file.
#[tauri::command]
pub async fn team_last_change(
    state: State<'_, AppState>,
    team: State<'_, TeamState>,
    path: String,
) -> CmdResult<Option<Change>> {
    let kb = state.kb()?;
    match team.repo_for(&kb) {
        Some(repo) => Ok(repo.last_change(&path)?),
        None => Ok(None),
    }
}

/// The unified diff of a document between two commits (`to` absent: the file on disk).
#[tauri::command]
pub async fn team_diff(
    state: State<'_, AppState>,
    team: State<'_, TeamState>,
    path: String,
    from: String,
    to: Option<String>,
) -> CmdResult<String> {
    let (_, repo) = open_repo(&state, &team)?;
    Ok(repo.diff(&path, &from, to.as_deref())?)
}

/// A document's text as of a commit.
#[tauri::command]
pub async fn team_show(
    state: State<'_, AppState>,
    team: State<'_, TeamState>,
    path: String,
    commit: String,
) -> CmdResult<String> {
    let (_, repo) = open_repo(&state, &team)?;
    Ok(repo.show(&path, &commit)?)
}

/// Writes an older version back as a new commit (later versions stay in the history).
#[tauri::command]
pub async fn team_restore(
    app: AppHandle,
    state: State<'_, AppState>,
    team: State<'_, TeamState>,
    path: String,
    commit: String,
) -> CmdResult<Option<Committed>> {
    let (kb, repo) = open_repo(&state, &team)?;
    let done = repo.restore(&path, &commit)?;
    kb.refresh_paths(std::slice::from_ref(&path))?;
    let _ = app.emit(
        "kb-changed",
        KbChanged {
            paths: vec![path.clone()],
        },
    );
    if let Ok(view) = team.view(&repo) {
        let _ = app.emit("team-status", &view);
    }
    Ok(done)
}

/// This laptop's, the team's and the common version of a conflicted document.
#[tauri::command]
pub async fn team_conflict(
    state: State<'_, AppState>,
    team: State<'_, TeamState>,
    path: String,
) -> CmdResult<ConflictVersions> {
    let (_, repo) = open_repo(&state, &team)?;
    Ok(repo.conflict_versions(&path)?)
}

/// Records the person's merged text for a conflicted document (a merge commit) and syncs.
#[tauri::command]
pub async fn team_resolve(app: AppHandle, path: String, text: String) -> CmdResult<TeamView> {
    blocking(move || {
        let state = app.state::<AppState>();
        let team = app.state::<TeamState>();
        let (kb, repo) = open_repo(&state, &team)?;
        let report = {
            let _one = team.syncing.lock().expect("sync lock");
            repo.resolve(&path, &text)?
        };
        let mut paths = report.changed_paths();
        if !paths.contains(&path) {
            paths.push(path.clone());
        }
        kb.refresh_paths(&paths)?;
        let view = team.view(&repo)?;
        let _ = app.emit("team-status", &view);
        let _ = app.emit("kb-changed", KbChanged { paths });
        Ok(view)
    })
    .await
}

/// Clones the team's KB from `url` into `dest` (a new or empty folder) with the user's own git
/// setup, and returns the folder to open.
#[tauri::command]
pub async fn team_clone(url: String, dest: String) -> CmdResult<String> {
    blocking(move || {
        let repo = Repo::clone(url.trim(), PathBuf::from(dest.trim()))?;
        Ok(repo.kb_root().display().to_string())
    })
    .await
}

/// Where a first clone goes by default: `<documents>/Fieldguide KB`, else the data folder.
#[tauri::command]
pub async fn team_default_clone_dir(app: AppHandle) -> CmdResult<String> {
    let base = app
        .path()
        .document_dir()
        .or_else(|_| app.path().app_data_dir())
        .map_err(|e| CmdError::new("not_found", e.to_string()))?;
    Ok(base.join("Fieldguide KB").display().to_string())
}

/// What a lead reviews: the changes to a document since its last reviewed version.
#[tauri::command]
pub async fn team_review(
    state: State<'_, AppState>,
    team: State<'_, TeamState>,
    path: String,
) -> CmdResult<ReviewDiff> {
    let (_, repo) = open_repo(&state, &team)?;
    Ok(repo.review_diff(&path)?)
}

/// Approves the proposed version the lead was shown (`hash`), commits it as the lead and shares
/// it like any other write.
#[tauri::command]
pub async fn team_approve(
    app: AppHandle,
    state: State<'_, AppState>,
    team: State<'_, TeamState>,
    path: String,
    hash: String,
) -> CmdResult<Approved> {
    let (kb, repo) = open_repo(&state, &team)?;
    let done = team::approve_review(&repo, &kb, &path, &hash)?;
    let _ = app.emit(
        "kb-changed",
        KbChanged {
            paths: vec![path.clone()],
        },
    );
    // Committed already: this shares it (a background sync for a KB that syncs on its own).
    commit_written(&app, std::slice::from_ref(&path), "fieldguide: approve");
    Ok(done)
}

/// The team's resolution figures for the query's period, from the ticket notes in the KB (every
/// author's, as synced), each attributed by git; a plain folder gives the figures unattributed.
#[tauri::command]
pub async fn team_stats(
    state: State<'_, AppState>,
    team: State<'_, TeamState>,
    query: MetricsQuery,
) -> CmdResult<TeamReport> {
    let kb = state.kb()?;
    let repo = team.repo_for(&kb);
    Ok(team::team_kpis(&kb, repo.as_ref(), query.from, query.to)?)
}
