//! One sync: commit what is left, fetch, rebase the local commits onto the team's (or merge,
//! see below), push, and report which files changed so the caller re-indexes only those.
//!
//! Nothing is lost on any path out of here: a conflict found by a trial merge stops before the
//! working copy is touched; a rebase that stops anyway is aborted (git puts the local commits
//! back) and a clean merge is tried; an unreachable remote leaves the commits queued locally; a
//! sync killed half-way is recovered by the next one (it aborts only the operation it started
//! itself, recorded in `.git/fieldguide-sync`).
use std::fs::File;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::commit::Committed;
use super::git::split_z;
use super::status::{SyncState, SyncStatus, Upstream, OFFLINE_FILE};
use super::Repo;
use crate::error::{Error, Result};
use crate::kb::Kb;

/// A file that a sync brought in or changed (from `git diff --name-status` between the old and
/// the new HEAD).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// `A` added, `M` modified, `D` deleted, `T` type changed.
    pub status: String,
    /// KB-relative path.
    pub path: String,
}

/// What a sync did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// Where things stood before.
    pub before: SyncStatus,
    /// Where they stand now (its `state` is the outcome: up to date, offline, conflict, …).
    /// Its `dirty` is empty: the sweep committed what was uncommitted, and the working copy is
    /// not scanned again (a file written during the sync shows in the next [`Repo::status`]).
    pub after: SyncStatus,
    /// Commits made of uncommitted KB changes.
    pub committed: Vec<Committed>,
    /// Team commits brought in.
    pub pulled: usize,
    /// Local commits pushed.
    pub pushed: usize,
    /// Files that differ between the HEAD before and after (KB-relative): re-index these.
    pub changed: Vec<FileChange>,
    /// Why the team's repository refused the push for good (a protected branch, a hook): the
    /// commits stay queued locally.
    pub push_refused: Option<String>,
    /// Push attempts refused because someone pushed first (each followed by fetch + rebase).
    pub retries: usize,
    /// Milliseconds taken.
    pub took_ms: u64,
}

impl SyncReport {
    /// The KB-relative paths to re-index.
    pub fn changed_paths(&self) -> Vec<String> {
        self.changed.iter().map(|c| c.path.clone()).collect()
    }

    /// True when the sync ended with everything shared (nothing to push or pull).
    pub fn is_up_to_date(&self) -> bool {
        self.after.state == SyncState::UpToDate
    }
}

/// Syncs the KB's repository and re-indexes the files that changed (`Kb::refresh_paths`).
pub fn sync_kb(repo: &Repo, kb: &Kb) -> Result<SyncReport> {
    let report = repo.sync()?;
    if !report.changed.is_empty() {
        kb.refresh_paths(&report.changed_paths())?;
    }
    Ok(report)
}

/// A random wait in [1 ms, round · 2^attempt] (exponent capped at 4, round at least 10 ms).
fn backoff(attempt: usize, round: Duration) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(Instant::now().elapsed().as_nanos());
    let span = (round.as_millis() as u64).max(10) << attempt.min(4);
    Duration::from_millis(1 + h.finish() % span)
}

/// How many times a push refused as non-fast-forward is retried (fetch, rebase, push).
const PUSH_ATTEMPTS: usize = 10;

/// Marks a sync in progress; its content says whether it had started a rebase or merge.
const MARKER: &str = "fieldguide-sync";
const INTEGRATING: &str = "integrating";

enum Push {
    Done,
    Rejected,
    Refused(String),
    Offline(String),
}

enum Integrated {
    /// Team commits brought in, and local commits now to push.
    Clean {
        pulled: usize,
        ahead: usize,
    },
    Conflict,
}

impl Repo {
    /// Syncs with the team: commits uncommitted KB changes, fetches, integrates, pushes.
    /// Conflicts, an unreachable remote and half-finished operations are outcomes (see
    /// `report.after.state`), not errors; errors are for what must be fixed first (not a
    /// repository, no identity, another sync running).
    pub fn sync(&self) -> Result<SyncReport> {
        let started = Instant::now();
        let _lock = self.sync_lock()?;
        self.recover_own_crash()?;
        let before = self.status()?;
        let blocked =
            matches!(before.state, SyncState::Interrupted(_)) || !self.unmerged()?.is_empty();
        let mut report = SyncReport {
            after: before.clone(),
            before,
            committed: Vec::new(),
            pulled: 0,
            pushed: 0,
            changed: Vec::new(),
            push_refused: None,
            retries: 0,
            took_ms: 0,
        };
        if blocked {
            report.took_ms = started.elapsed().as_millis() as u64;
            return Ok(report);
        }
        let id = self.identity()?;
        let up = self.upstream()?;
        std::fs::write(self.git_path(MARKER), "started\n")
            .map_err(|e| Error::io(self.git_path(MARKER), e))?;
        let old_head = self.rev("HEAD")?;
        report
            .committed
            .extend(self.commit_dirty(report.before.dirty.clone())?);

        // The window between fetch and push is kept to a few git calls: the shorter it is, the
        // fewer pushes a busy team has refused.
        for attempt in 0..PUSH_ATTEMPTS {
            let window = Instant::now();
            if let Err(msg) = self.fetch(&up)? {
                self.note_offline(&msg);
                break;
            }
            self.clear_offline();
            let ahead = match self.integrate(&up, &id)? {
                Integrated::Conflict => break,
                Integrated::Clean { pulled, ahead } => {
                    report.pulled += pulled;
                    ahead
                }
            };
            if ahead == 0 {
                break;
            }
            match self.push(&up)? {
                Push::Done => {
                    report.pushed = ahead;
                    break;
                }
                Push::Rejected => {
                    report.retries += 1;
                    // Someone pushed first: back off for a random while, scaled by how long
                    // a fetch-to-push round takes here and growing with each refusal, so that a
                    // crowd of laptops spreads out; then go round again.
                    std::thread::sleep(backoff(attempt, window.elapsed()));
                }
                Push::Offline(msg) => {
                    self.note_offline(&msg);
                    break;
                }
                Push::Refused(msg) => {
                    report.push_refused = Some(msg);
                    break;
                }
            }
        }
        let new_head = self.rev("HEAD")?;
        report.changed = self.changed_between(old_head.as_deref(), new_head.as_deref())?;
        let _ = std::fs::remove_file(self.git_path(MARKER));
        // The sweep committed every uncommitted file the first status listed, so the working
        // copy is not scanned again: this status is about commits (a file written during the
        // sync shows in the next status, which the app asks for right after).
        report.after = self.status_with(Some(Vec::new()))?;
        report.took_ms = started.elapsed().as_millis() as u64;
        Ok(report)
    }

    /// One sync at a time per working copy (an OS lock: released if the process dies).
    fn sync_lock(&self) -> Result<File> {
        let path = self.git_path("fieldguide-sync.lock");
        let f = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        // A short wait: a child process forked by another thread may briefly hold a copy of
        // the descriptor of a lock that was just released.
        let deadline = Instant::now() + Duration::from_secs(3);
        loop {
            match f.try_lock() {
                Ok(()) => return Ok(f),
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::Git(
                        "another sync of this KB is running: try again when it is done".into(),
                    ))
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
        }
    }

    /// A previous sync died (its marker is still there and nobody holds the lock): undo the
    /// rebase or merge it had started (git restores the local commits) once no git
    /// command holds the index. Operations that Fieldguide did not start are left alone.
    fn recover_own_crash(&self) -> Result<()> {
        let marker = self.git_path(MARKER);
        let Ok(phase) = std::fs::read_to_string(&marker) else {
            return Ok(());
        };
        // A git command of the killed process may still be finishing: give it time.
        let lock = self.git_path("index.lock");
        let deadline = Instant::now() + Duration::from_secs(5);
        while lock.exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        // A lock still there after that is left for the user (`Interrupted::IndexLocked`
        // explains it): it may belong to a git command they are running. The marker stays, so
        // a later sync recovers once it is gone.
        if lock.exists() {
            return Ok(());
        }
        if phase.trim() == INTEGRATING {
            match self.interrupted() {
                Some(super::Interrupted::Rebase) => {
                    self.git.ok(&["rebase", "--abort"])?;
                }
                Some(super::Interrupted::Merge) => {
                    self.git.ok(&["merge", "--abort"])?;
                }
                _ => {}
            }
        }
        std::fs::remove_file(&marker).map_err(|e| Error::io(&marker, e))?;
        Ok(())
    }

    fn note_offline(&self, msg: &str) {
        let _ = std::fs::write(self.git_path(OFFLINE_FILE), msg);
    }

    fn clear_offline(&self) {
        let _ = std::fs::remove_file(self.git_path(OFFLINE_FILE));
    }

    /// `Ok(Err(message))` when the remote cannot be reached.
    fn fetch(&self, up: &Upstream) -> Result<std::result::Result<(), String>> {
        let ran = self.git.run(&["fetch", "--quiet", "--prune", &up.remote])?;
        Ok(if ran.ok {
            Ok(())
        } else {
            Err(super::git::first_lines(&ran.stderr))
        })
    }

    fn set_phase(&self, phase: &str) -> Result<()> {
        let p = self.git_path(MARKER);
        std::fs::write(&p, phase).map_err(|e| Error::io(&p, e))
    }

    /// Brings the upstream commits in: fast-forward when there is nothing local; otherwise a
    /// rebase of the local commits (linear history, one commit per action), unless a trial
    /// merge shows a conflict (then nothing is touched) or the local commits hold a merge (a
    /// resolved conflict, which a rebase would replay: then a merge).
    fn integrate(&self, up: &Upstream, id: &super::Identity) -> Result<Integrated> {
        let pos = self.positions(&up.tracking)?;
        let (Some(theirs), true) = (&pos.theirs, pos.behind > 0) else {
            return Ok(Integrated::Clean {
                pulled: 0,
                ahead: pos.ahead,
            });
        };
        let run = |args: &[&str]| -> Result<bool> {
            let mut a = self.as_user(id);
            a.extend(args.iter().map(|s| s.to_string()));
            Ok(self.git.run(&a)?.ok)
        };
        self.set_phase(INTEGRATING)?;
        let Some(head) = pos.head.as_ref().filter(|_| pos.ahead > 0) else {
            if !run(&["merge", "--ff-only", "--autostash", "--quiet", theirs])? {
                return Err(self.fail("fast-forward to the team's version"));
            }
            self.set_phase("started")?;
            return Ok(Integrated::Clean {
                pulled: pos.behind,
                ahead: 0,
            });
        };
        let conflicts = self.trial_merge_conflicts(head, theirs)?;
        if !conflicts.is_empty() {
            self.set_phase("started")?;
            // Two ticket notes that only share a file name are not a conflict: ours moves to a
            // free name (it was never pushed) and integration starts over.
            if self.rename_same_name_notes(&conflicts, head, theirs)? {
                return self.integrate(up, id);
            }
            return Ok(Integrated::Conflict);
        }
        let has_merge = self.git.line(&[
            "rev-list",
            "--min-parents=2",
            "--count",
            &format!("{theirs}..{head}"),
            "--",
        ])? != "0";
        let merge = [
            "merge",
            "--no-edit",
            "--autostash",
            "--quiet",
            theirs.as_str(),
        ];
        let (done, ahead) = if has_merge {
            (run(&merge)?, pos.ahead + 1)
        } else if run(&["rebase", "--autostash", "--quiet", theirs])? {
            (true, pos.ahead)
        } else {
            // A commit-by-commit replay can stop where the whole merge is clean: undo it
            // (git puts the local commits back) and merge instead.
            self.abort_if_any()?;
            (run(&merge)?, pos.ahead + 1)
        };
        if !done {
            self.abort_if_any()?;
            self.set_phase("started")?;
            return Ok(Integrated::Conflict);
        }
        self.set_phase("started")?;
        Ok(Integrated::Clean {
            pulled: pos.behind,
            ahead,
        })
    }

    /// Renames the local ticket notes (under `tickets/`) that were added here and, under the
    /// same name, in the team's version (`x.md` → `x-2.md`), one commit. True when it renamed
    /// any.
    fn rename_same_name_notes(
        &self,
        conflicts: &[String],
        head: &str,
        theirs: &str,
    ) -> Result<bool> {
        let base = self.git.run(&["merge-base", head, theirs])?;
        let base = base.ok.then(|| base.text().trim().to_string());
        let mut moved = Vec::new();
        for p in conflicts {
            if !p.starts_with("tickets/") || !super::is_kb_markdown(p) {
                continue;
            }
            let in_base = match &base {
                Some(b) => self.blob(b, p)?.is_some(),
                None => false,
            };
            if in_base || self.blob(head, p)?.is_none() || self.blob(theirs, p)?.is_none() {
                continue;
            }
            let stem = p.strip_suffix(".md").unwrap_or(p);
            let mut free = None;
            for n in 2..1000 {
                let c = format!("{stem}-{n}.md");
                if !self.kb_root.join(&c).exists()
                    && self.blob(head, &c)?.is_none()
                    && self.blob(theirs, &c)?.is_none()
                {
                    free = Some(c);
                    break;
                }
            }
            let Some(to) = free else { continue };
            let (from_abs, to_abs) = (self.kb_root.join(p), self.kb_root.join(&to));
            if !from_abs.exists() {
                continue;
            }
            std::fs::rename(&from_abs, &to_abs).map_err(|e| Error::io(&from_abs, e))?;
            moved.push((p.clone(), to));
        }
        if moved.is_empty() {
            return Ok(false);
        }
        let paths: Vec<String> = moved
            .iter()
            .flat_map(|(a, b)| [a.clone(), b.clone()])
            .collect();
        let names: Vec<String> = moved.iter().map(|(a, b)| format!("{a} to {b}")).collect();
        let message = format!(
            "fieldguide: rename {} (the team has a note of that name)",
            names.join(", ")
        );
        Ok(self.commit_paths(&paths, &message)?.is_some())
    }

    /// Aborts a rebase or merge this sync started.
    fn abort_if_any(&self) -> Result<()> {
        match self.interrupted() {
            Some(super::Interrupted::Rebase) => self.git.ok(&["rebase", "--abort"]).map(drop),
            Some(super::Interrupted::Merge) => self.git.ok(&["merge", "--abort"]).map(drop),
            _ => Ok(()),
        }
    }

    fn fail(&self, what: &str) -> Error {
        let status = self
            .git
            .run(&["status", "--short"])
            .map(|r| r.text())
            .unwrap_or_default();
        Error::Git(format!(
            "could not {what}: {}",
            super::git::first_lines(&status)
        ))
    }

    fn push(&self, up: &Upstream) -> Result<Push> {
        let ran = self.git.run(&[
            "push",
            "--porcelain",
            "--quiet",
            &up.remote,
            &format!("HEAD:refs/heads/{}", up.remote_branch),
        ])?;
        if ran.ok {
            return Ok(Push::Done);
        }
        // `--porcelain` prints one line per ref; `!` marks a refused one (someone pushed
        // first, or held the ref lock). Without ref lines the remote was not reached.
        let out = ran.text();
        if let Some(line) = out.lines().find(|l| l.starts_with('!')) {
            // Someone pushed first (or held the ref's lock): worth another round. Anything else
            // (a protected branch, a hook) will not change by retrying.
            let retry = ["non-fast-forward", "fetch first", "lock", "stale info"]
                .iter()
                .any(|w| line.contains(w));
            Ok(if retry {
                Push::Rejected
            } else {
                Push::Refused(line.trim_start_matches('!').trim().to_string())
            })
        } else {
            Ok(Push::Offline(super::git::first_lines(&ran.stderr)))
        }
    }

    /// Files that differ between two commits, KB-relative.
    pub fn changed_between(&self, old: Option<&str>, new: Option<&str>) -> Result<Vec<FileChange>> {
        let (Some(new), old) = (new, old) else {
            return Ok(Vec::new());
        };
        if old == Some(new) {
            return Ok(Vec::new());
        }
        // From nothing: diff against the empty tree.
        let empty_tree = self.git.line(&["hash-object", "-t", "tree", "/dev/null"])?;
        let old = old.unwrap_or(&empty_tree);
        let ran = self.git.ok(&[
            "diff",
            "--name-status",
            "-z",
            "--no-renames",
            old,
            new,
            "--",
            ".",
        ])?;
        let parts = split_z(&ran.stdout);
        Ok(parts
            .chunks(2)
            .filter_map(|c| match c {
                [status, path] => Some(FileChange {
                    status: status.clone(),
                    path: self.kb_rel(path)?,
                }),
                _ => None,
            })
            .collect())
    }
}
