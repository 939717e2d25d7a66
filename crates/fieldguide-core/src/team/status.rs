//! Where the working copy stands against the team's repository: commits to push or pull,
//! uncommitted KB files, a conflict waiting for a decision, a half-finished git operation.
//! Computed from local state only (no network): [`Repo::sync`] fetches.
use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

use super::git::split_z;
use super::{is_kb_markdown, Repo};
use crate::error::{Error, Result};

/// A git operation left half-finished (by a crash, or by another tool), found from the files git
/// keeps in `.git` while it runs. Fieldguide explains it and waits: it never overwrites or
/// aborts one it did not start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Interrupted {
    /// `.git/MERGE_HEAD`: a merge waiting to be committed or aborted.
    Merge,
    /// `.git/rebase-merge/` or `.git/rebase-apply/` (not from `git am`).
    Rebase,
    /// `.git/CHERRY_PICK_HEAD`.
    CherryPick,
    /// `.git/REVERT_HEAD`.
    Revert,
    /// `.git/rebase-apply/applying`: `git am` applying mailed patches.
    Am,
    /// `.git/index.lock`: another git command is running, or one crashed holding the lock.
    IndexLocked,
}

impl Interrupted {
    /// What it is and what the user can do, in words.
    pub fn explain(self) -> &'static str {
        match self {
            Interrupted::Merge => {
                "a merge was left half-finished in this working copy: finish it (`git commit`) \
                 or undo it (`git merge --abort`) in a terminal, then sync again"
            }
            Interrupted::Rebase => {
                "a rebase was left half-finished in this working copy: finish it \
                 (`git rebase --continue`) or undo it (`git rebase --abort`), then sync again"
            }
            Interrupted::CherryPick => {
                "a cherry-pick was left half-finished: finish it (`git cherry-pick --continue`) \
                 or undo it (`git cherry-pick --abort`), then sync again"
            }
            Interrupted::Revert => {
                "a revert was left half-finished: finish it (`git revert --continue`) or undo \
                 it (`git revert --abort`), then sync again"
            }
            Interrupted::Am => {
                "`git am` was left half-finished: finish it (`git am --continue`) or undo it \
                 (`git am --abort`), then sync again"
            }
            Interrupted::IndexLocked => {
                "another git command is working in this copy (.git/index.lock exists); if none \
                 is running, one crashed: delete .git/index.lock, then sync again"
            }
        }
    }
}

/// The one-word state a status chip shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", content = "detail", rename_all = "kebab-case")]
pub enum SyncState {
    /// Nothing to push or pull (as of the last fetch).
    UpToDate,
    /// Local commits the team does not have yet.
    ToPush(usize),
    /// Team commits not here yet.
    ToPull(usize),
    /// Both: the next sync rebases the local commits onto the team's.
    Diverged,
    /// The last fetch or push could not reach the team's repository; local commits wait.
    Offline,
    /// The local and team versions of these KB files changed in the same places: a person
    /// decides ([`Repo::conflict_versions`], [`Repo::resolve`]).
    Conflict(Vec<String>),
    /// A git operation is half-finished: explained, never overwritten.
    Interrupted(Interrupted),
}

/// Where the working copy stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    /// The local branch.
    pub branch: String,
    /// Its upstream (`origin/main`), `None` when the repository has no remote.
    pub upstream: Option<String>,
    /// Local commits not on the upstream.
    pub ahead: usize,
    /// Upstream commits not here.
    pub behind: usize,
    /// KB markdown files changed but not committed (KB-relative): committed by the next sync.
    pub dirty: Vec<String>,
    /// The summary.
    pub state: SyncState,
    /// The last fetch or push failed (remote unreachable), with git's message.
    pub offline: Option<String>,
}

/// The branch and where it syncs to.
#[derive(Debug, Clone)]
pub(crate) struct Upstream {
    pub branch: String,
    pub remote: String,
    /// The branch on the remote (`main`).
    pub remote_branch: String,
    /// The remote-tracking ref (`refs/remotes/origin/main`).
    pub tracking: String,
}

impl Upstream {
    pub fn name(&self) -> String {
        format!("{}/{}", self.remote, self.remote_branch)
    }
}

/// HEAD against the upstream.
#[derive(Debug, Clone)]
pub(crate) struct Positions {
    pub head: Option<String>,
    pub theirs: Option<String>,
    pub ahead: usize,
    pub behind: usize,
}

/// The file where sync notes that the team's repository was unreachable.
pub(crate) const OFFLINE_FILE: &str = "fieldguide-offline";

impl Repo {
    /// The half-finished git operation in this working copy, if any.
    pub fn interrupted(&self) -> Option<Interrupted> {
        let g = |p: &str| self.git_dir.join(p);
        if g("rebase-apply/applying").exists() {
            Some(Interrupted::Am)
        } else if g("rebase-merge").exists() || g("rebase-apply").exists() {
            Some(Interrupted::Rebase)
        } else if g("MERGE_HEAD").exists() {
            Some(Interrupted::Merge)
        } else if g("CHERRY_PICK_HEAD").exists() {
            Some(Interrupted::CherryPick)
        } else if g("REVERT_HEAD").exists() {
            Some(Interrupted::Revert)
        } else if g("index.lock").exists() {
            Some(Interrupted::IndexLocked)
        } else {
            None
        }
    }

    pub(crate) fn git_path(&self, name: &str) -> PathBuf {
        self.git_dir.join(name)
    }

    /// The current branch and its upstream. Errors on a detached HEAD or without a remote.
    pub(crate) fn upstream(&self) -> Result<Upstream> {
        let ran = self
            .git
            .run(&["symbolic-ref", "--quiet", "--short", "HEAD"])?;
        if !ran.ok {
            return Err(Error::Invalid(
                "this working copy is not on a branch (detached HEAD): check out the team's \
                 branch (`git switch main`) first"
                    .into(),
            ));
        }
        let branch = ran.text().trim().to_string();
        let cfg = |key: String| -> Result<Option<String>> {
            let r = self.git.run(&["config", "--get", &key])?;
            Ok(r.ok.then(|| r.text().trim().to_string()))
        };
        let remote = match cfg(format!("branch.{branch}.remote"))? {
            Some(r) if r != "." => r,
            _ => {
                let remotes = self.git.line(&["remote"])?;
                let mut names = remotes.lines();
                match (names.next(), names.next()) {
                    (Some(one), None) => one.to_string(),
                    _ if remotes.lines().any(|r| r == "origin") => "origin".to_string(),
                    _ => {
                        return Err(Error::Invalid(
                            "this git repository has no remote: there is no team repository \
                             to sync with (add one with `git remote add origin URL`)"
                                .into(),
                        ))
                    }
                }
            }
        };
        let remote_branch = cfg(format!("branch.{branch}.merge"))?
            .and_then(|m| m.strip_prefix("refs/heads/").map(str::to_string))
            .unwrap_or_else(|| branch.clone());
        Ok(Upstream {
            tracking: format!("refs/remotes/{remote}/{remote_branch}"),
            branch,
            remote,
            remote_branch,
        })
    }

    /// The commit a ref points at, `None` when it does not exist (unborn branch, empty remote).
    pub(crate) fn rev(&self, r: &str) -> Result<Option<String>> {
        let ran = self.git.run(&[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{r}^{{commit}}"),
        ])?;
        Ok(ran.ok.then(|| ran.text().trim().to_string()))
    }

    /// Commits in `a` not in `b` (`git rev-list --count b..a`), with missing refs handled.
    pub(crate) fn count(&self, a: Option<&str>, b: Option<&str>) -> Result<usize> {
        let Some(a) = a else { return Ok(0) };
        let range = match b {
            Some(b) => format!("{b}..{a}"),
            None => a.to_string(),
        };
        let n = self.git.line(&["rev-list", "--count", &range, "--"])?;
        n.parse()
            .map_err(|_| Error::Invalid(format!("git rev-list: unexpected output {n:?}")))
    }

    /// HEAD and the upstream's commits and how far apart they are, in two git calls.
    pub(crate) fn positions(&self, tracking: &str) -> Result<Positions> {
        let ran = self.git.run(&["rev-parse", "HEAD", tracking])?;
        let (head, theirs) = if ran.ok {
            let t = ran.text();
            let mut l = t.lines().map(|s| s.trim().to_string());
            (l.next(), l.next())
        } else {
            (self.rev("HEAD")?, self.rev(tracking)?)
        };
        let (ahead, behind) = match (&head, &theirs) {
            (Some(h), Some(t)) => {
                let c = self.git.line(&[
                    "rev-list",
                    "--left-right",
                    "--count",
                    &format!("{h}...{t}"),
                    "--",
                ])?;
                let mut n = c
                    .split_whitespace()
                    .map(|x| x.parse::<usize>().unwrap_or(0));
                (n.next().unwrap_or(0), n.next().unwrap_or(0))
            }
            _ => (
                self.count(head.as_deref(), theirs.as_deref())?,
                self.count(theirs.as_deref(), head.as_deref())?,
            ),
        };
        Ok(Positions {
            head,
            theirs,
            ahead,
            behind,
        })
    }

    /// KB markdown files changed, added or deleted but not committed (KB-relative).
    pub fn dirty(&self) -> Result<Vec<String>> {
        let ran = self.git.ok(&[
            // Remembers which folders have no new files (in the index), so that git reads
            // only the folders that changed when it looks for new files: on 100,000 documents
            // `git status` went from ~0.57 s to ~0.39 s (the rest is checking tracked files).
            "-c",
            "core.untrackedCache=true",
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--",
            ".",
        ])?;
        let mut out = Vec::new();
        for entry in split_z(&ran.stdout) {
            if entry.len() < 4 {
                continue;
            }
            if let Some(rel) = self.kb_rel(&entry[3..]) {
                if is_kb_markdown(&rel) && !out.contains(&rel) {
                    out.push(rel);
                }
            }
        }
        Ok(out)
    }

    /// Paths git holds as unmerged (conflict stages in the index), KB-relative.
    /// Read from the index alone (`ls-files -u`): no file of the working copy is looked at.
    pub(crate) fn unmerged(&self) -> Result<Vec<String>> {
        let ran = self
            .git
            .ok(&["ls-files", "--full-name", "-u", "-z", "--", ":(top)"])?;
        let mut v: Vec<String> = split_z(&ran.stdout)
            .iter()
            // `<mode> <object> <stage>\t<path>`, one entry per stage.
            .filter_map(|e| e.split_once('\t').map(|(_, p)| p.to_string()))
            .map(|p| self.kb_rel(&p).unwrap_or(p))
            .collect();
        v.dedup();
        Ok(v)
    }

    /// Files that the local and the upstream commits both changed in conflicting ways, from a
    /// trial merge that touches neither the working copy nor the index (`git merge-tree`).
    pub(crate) fn trial_merge_conflicts(&self, ours: &str, theirs: &str) -> Result<Vec<String>> {
        let ran = self.git.run(&[
            "merge-tree",
            "--write-tree",
            "--name-only",
            "-z",
            "--no-messages",
            ours,
            theirs,
        ])?;
        match ran.code {
            Some(0) => Ok(Vec::new()),
            Some(1) => {
                // <tree>\0<path>\0<path>\0…
                let mut paths: Vec<String> = split_z(&ran.stdout)
                    .into_iter()
                    .skip(1)
                    .map(|p| self.kb_rel(&p).unwrap_or(p))
                    .collect();
                paths.dedup();
                Ok(paths)
            }
            _ => Err(Error::Invalid(format!(
                "git merge-tree failed: {}",
                super::git::first_lines(&ran.stderr)
            ))),
        }
    }

    fn interrupted_status(&self, i: Interrupted) -> Result<SyncStatus> {
        let branch = ["rebase-merge/head-name", "rebase-apply/head-name"]
            .iter()
            .find_map(|f| std::fs::read_to_string(self.git_path(f)).ok())
            .map(|h| h.trim().trim_start_matches("refs/heads/").to_string())
            .unwrap_or_else(|| "(no branch)".into());
        Ok(SyncStatus {
            branch,
            upstream: None,
            ahead: 0,
            behind: 0,
            dirty: self.dirty()?,
            state: SyncState::Interrupted(i),
            offline: None,
        })
    }

    /// Where the working copy stands, from local state only (as of the last fetch).
    pub fn status(&self) -> Result<SyncStatus> {
        self.status_with(None)
    }

    /// [`Repo::status`] with the uncommitted files already known (`Some`), e.g. at the end of
    /// a sync whose sweep committed them: it then skips the working-copy scan of `git status`
    /// (~0.4 s on 100,000 documents).
    pub(crate) fn status_with(&self, dirty: Option<Vec<String>>) -> Result<SyncStatus> {
        let up = match (self.upstream(), self.interrupted()) {
            (Ok(up), _) => up,
            // A rebase detaches HEAD while it runs: say what is going on all the same.
            (Err(_), Some(i)) => return self.interrupted_status(i),
            (Err(e), None) => return Err(e),
        };
        let Positions {
            head,
            theirs,
            ahead,
            behind,
        } = self.positions(&up.tracking)?;
        let dirty = match dirty {
            Some(d) => d,
            None => self.dirty()?,
        };
        let offline = std::fs::read_to_string(self.git_path(OFFLINE_FILE)).ok();
        let state = if let Some(i) = self.interrupted() {
            SyncState::Interrupted(i)
        } else {
            let unmerged = self.unmerged()?;
            let conflicts = if !unmerged.is_empty() {
                unmerged
            } else if let (true, true, Some(h), Some(t)) = (ahead > 0, behind > 0, &head, &theirs) {
                self.trial_merge_conflicts(h, t)?
            } else {
                Vec::new()
            };
            if !conflicts.is_empty() {
                SyncState::Conflict(conflicts)
            } else if offline.is_some() {
                SyncState::Offline
            } else if ahead > 0 && behind > 0 {
                SyncState::Diverged
            } else if behind > 0 {
                SyncState::ToPull(behind)
            } else if ahead > 0 {
                SyncState::ToPush(ahead)
            } else {
                SyncState::UpToDate
            }
        };
        Ok(SyncStatus {
            branch: up.branch.clone(),
            upstream: Some(up.name()),
            ahead,
            behind,
            dirty,
            state,
            offline,
        })
    }
}
