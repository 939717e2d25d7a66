//! One knowledge base for the whole team, shared through git (see `docs/team.md`).
//!
//! The KB folder is (inside) a git working copy whose upstream is the team's repository.
//! Fieldguide drives the user's own `git` executable, so authentication is whatever the user
//! already set up (SSH agent, credential helper, `~/.ssh/config`); nothing here stores a
//! credential. What the app writes is committed at once ([`Repo::commit_paths`]);
//! [`Repo::sync`] commits anything left, fetches, rebases the local commits onto the team's,
//! pushes, and reports the files that changed so the caller re-indexes only those. A conflict
//! stops the sync with the working copy untouched and both versions retrievable
//! ([`Repo::conflict_versions`], [`Repo::resolve`]); a half-finished git operation left by
//! another tool is reported, never overwritten.
//!
//! ```no_run
//! use fieldguide_core::{team, Kb};
//! let kb = Kb::open("kb").unwrap();
//! if let Some(repo) = team::Repo::detect(kb.root()) {
//!     let report = team::sync_kb(&repo, &kb).unwrap();
//!     println!("{:?}: {} files changed", report.after.state, report.changed.len());
//! }
//! ```
mod commit;
mod conflict;
mod git;
mod history;
mod kpis;
mod review;
mod status;
mod sync;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use git::Git;

pub use commit::Committed;
pub use conflict::ConflictVersions;
pub use history::Change;
pub use kpis::{team_kpis, team_notes};
pub use review::{approve_review, in_review, propose_review, Approved, ReviewDiff};
pub use status::{Interrupted, SyncState, SyncStatus};
pub use sync::{sync_kb, FileChange, SyncReport};

/// A KB folder that lives in a git working copy.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The KB folder (canonical).
    kb_root: PathBuf,
    /// The working copy's top folder.
    top: PathBuf,
    /// The `.git` folder (absolute).
    git_dir: PathBuf,
    /// The KB folder relative to `top`, `/`-separated, with a trailing `/` (empty at the top).
    prefix: String,
    git: Git,
}

/// Who commits: `user.name` and `user.email` from the user's git configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// `user.name`.
    pub name: String,
    /// `user.email`.
    pub email: String,
}

impl Repo {
    /// The repository holding `kb_root`, if that folder is inside a git working copy (and git is
    /// installed). `None` for a plain folder: the KB then works alone, as before.
    pub fn detect(kb_root: impl AsRef<Path>) -> Option<Repo> {
        Repo::open(kb_root).ok()
    }

    /// Like [`Repo::detect`], with the reason when it is not a working copy.
    pub fn open(kb_root: impl AsRef<Path>) -> Result<Repo> {
        let kb_root = kb_root.as_ref();
        let kb_root = kb_root.canonicalize().map_err(|e| Error::io(kb_root, e))?;
        let git = Git::new(&kb_root);
        let ran = git.run(&[
            "rev-parse",
            "--is-inside-work-tree",
            "--show-toplevel",
            "--absolute-git-dir",
            "--show-prefix",
        ])?;
        let text = ran.text();
        let lines: Vec<&str> = text.lines().collect();
        if !ran.ok || lines.first() != Some(&"true") || lines.len() < 3 {
            return Err(Error::Git(format!(
                "{} is not in a git working copy (clone the team's KB with `fieldguide clone URL`)",
                kb_root.display()
            )));
        }
        Ok(Repo {
            top: PathBuf::from(lines[1]),
            git_dir: PathBuf::from(lines[2]),
            prefix: lines.get(3).copied().unwrap_or("").to_string(),
            kb_root,
            git,
        })
    }

    /// Clones the team's repository `url` into `dest` (which must not exist or be empty) with
    /// the user's own git setup (SSH agent, credential helpers). Never prompts: a missing
    /// credential is reported as git's error.
    pub fn clone(url: &str, dest: impl AsRef<Path>) -> Result<Repo> {
        let dest = dest.as_ref();
        if url.trim().is_empty() || url.starts_with('-') {
            return Err(Error::InvalidInput(format!(
                "not a repository address: {url:?}"
            )));
        }
        if dest.exists()
            && std::fs::read_dir(dest)
                .map_err(|e| Error::io(dest, e))?
                .next()
                .is_some()
        {
            return Err(Error::InvalidInput(format!(
                "{} already exists and is not empty: choose another folder",
                dest.display()
            )));
        }
        let out = git::command()
            .args(["clone", "--quiet", "--"])
            .arg(url)
            .arg(dest)
            .output()
            .map_err(|e| Error::io("git clone", e))?;
        if !out.status.success() {
            return Err(Error::Git(format!(
                "could not clone {url}: {}",
                git::first_lines(&String::from_utf8_lossy(&out.stderr))
            )));
        }
        Repo::open(dest)
    }

    /// The KB folder.
    pub fn kb_root(&self) -> &Path {
        &self.kb_root
    }

    /// The working copy's top folder (the KB folder or one of its parents).
    pub fn top(&self) -> &Path {
        &self.top
    }

    /// Who the commits are by. An error that says how to set it when git does not know.
    pub fn identity(&self) -> Result<Identity> {
        let get = |key: &str| -> Result<Option<String>> {
            let ran = self.git.run(&["config", "--get", key])?;
            let v = ran.text().trim().to_string();
            Ok((ran.ok && !v.is_empty()).then_some(v))
        };
        let name = std::env::var("GIT_AUTHOR_NAME")
            .ok()
            .filter(|s| !s.trim().is_empty())
            .map_or_else(|| get("user.name"), |v| Ok(Some(v)))?;
        let email = std::env::var("GIT_AUTHOR_EMAIL")
            .ok()
            .filter(|s| !s.trim().is_empty())
            .map_or_else(|| get("user.email"), |v| Ok(Some(v)))?;
        match (name, email) {
            (Some(name), Some(email)) => Ok(Identity { name, email }),
            (name, email) => {
                let mut missing = Vec::new();
                if name.is_none() {
                    missing.push("user.name");
                }
                if email.is_none() {
                    missing.push("user.email");
                }
                Err(Error::Git(format!(
                    "git does not know who you are ({} not set), so your changes cannot be \
                     signed: run `git config --global user.name \"Your Name\"` and \
                     `git config --global user.email you@example.com`",
                    missing.join(" and ")
                )))
            }
        }
    }

    /// A KB-relative path checked (plain, markdown, inside the KB) and turned into a path
    /// relative to the working copy's top, as git reports it.
    fn top_rel(&self, rel: &str) -> Result<String> {
        crate::fsutil::resolve_in_kb(&self.kb_root, rel)?;
        let rel = rel.trim_start_matches("./");
        Ok(format!("{}{}", self.prefix, rel))
    }

    /// A path as git reports it (relative to the top) back to KB-relative, `None` when it is
    /// outside the KB folder.
    fn kb_rel(&self, top_rel: &str) -> Option<String> {
        top_rel.strip_prefix(&self.prefix).map(str::to_string)
    }

    /// A `:(top)`-anchored literal pathspec for a KB-relative path.
    fn pathspec(&self, rel: &str) -> Result<String> {
        Ok(format!(":(top,literal){}", self.top_rel(rel)?))
    }
}

/// True for a KB-relative path Fieldguide commits: markdown, not a hidden file or folder.
fn is_kb_markdown(rel: &str) -> bool {
    rel.to_ascii_lowercase().ends_with(".md") && !rel.split('/').any(|part| part.starts_with('.'))
}
