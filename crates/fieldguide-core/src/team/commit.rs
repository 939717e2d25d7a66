//! Committing what the app wrote: the given KB files only (never anything else the user has
//! staged), with a message that says what happened (`fieldguide: record ticket INC-123`).
use serde::Serialize;
use ts_rs::TS;

use super::Repo;
use crate::error::{Error, Result};

/// A commit made by Fieldguide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Committed {
    /// Its hash.
    pub commit: String,
    /// Its subject line.
    pub message: String,
    /// The KB-relative files it holds.
    pub paths: Vec<String>,
}

impl Repo {
    /// Commits the KB-relative markdown `paths` (created, changed or deleted) with `message`,
    /// leaving anything else in the working copy and the index alone. `Ok(None)` when they hold
    /// no change. Call after each write (record, escalate, edit, restore); a failure here loses
    /// nothing: the files are on disk and the next [`Repo::sync`] commits them.
    pub fn commit_paths(&self, paths: &[String], message: &str) -> Result<Option<Committed>> {
        if paths.is_empty() {
            return Ok(None);
        }
        if message.trim().is_empty() {
            return Err(Error::Invalid("a commit needs a message".into()));
        }
        if let Some(i) = self.interrupted() {
            return Err(Error::Invalid(i.explain().to_string()));
        }
        let id = self.identity()?;
        let specs = paths
            .iter()
            .map(|p| self.pathspec(p))
            .collect::<Result<Vec<_>>>()?;
        // `git add` refuses a pathspec that matches nothing (a file that never existed): keep
        // only the paths git knows or that exist.
        let known: Vec<&str> = specs
            .iter()
            .zip(paths)
            .filter(|(spec, rel)| {
                self.kb_root.join(rel).exists()
                    || self
                        .git
                        .run(&["ls-files", "--error-unmatch", "--", spec.as_str()])
                        .is_ok_and(|r| r.ok)
            })
            .map(|(s, _)| s.as_str())
            .collect();
        if known.is_empty() {
            return Ok(None);
        }
        let mut add: Vec<&str> = vec!["add", "--all", "--"];
        add.extend(&known);
        self.git.ok(&add)?;
        let mut staged: Vec<&str> = vec!["diff", "--cached", "--quiet", "--"];
        staged.extend(&known);
        if self.git.run(&staged)?.ok {
            return Ok(None);
        }
        let mut commit = self.as_user(&id);
        commit.extend(["commit", "--quiet", "--no-verify", "-m", message, "--"].map(String::from));
        commit.extend(known.iter().map(|s| s.to_string()));
        self.git.ok(&commit)?;
        let hash = self.git.line(&["rev-parse", "HEAD"])?;
        Ok(Some(Committed {
            commit: hash,
            message: message.lines().next().unwrap_or_default().to_string(),
            paths: paths.to_vec(),
        }))
    }

    /// Commits every uncommitted KB markdown change (edits made outside the app, writes whose
    /// commit failed): one commit, its message naming the file or the count.
    pub fn commit_pending(&self) -> Result<Option<Committed>> {
        self.commit_dirty(self.dirty()?)
    }

    /// [`Repo::commit_pending`] for the uncommitted files a status just listed (a sync has
    /// them from its first status: on a large working copy each `git status` costs ~0.5 s).
    pub(crate) fn commit_dirty(&self, dirty: Vec<String>) -> Result<Option<Committed>> {
        let message = match dirty.as_slice() {
            [] => return Ok(None),
            [one] => {
                let tracked = self
                    .git
                    .run(&["ls-files", "--error-unmatch", "--", &self.pathspec(one)?])?
                    .ok;
                let verb = match (self.kb_root.join(one).exists(), tracked) {
                    (false, _) => "delete",
                    (true, true) => "edit",
                    (true, false) => "add",
                };
                format!("fieldguide: {verb} {one}")
            }
            many => format!(
                "fieldguide: save {} changed files\n\n{}",
                many.len(),
                many.join("\n")
            ),
        };
        self.commit_paths(&dirty, &message)
    }
}

impl Repo {
    /// `-c user.name=… -c user.email=…`: the identity for commits git makes (commit, rebase,
    /// merge), taken from [`Repo::identity`] so that environment overrides apply to both the
    /// author and the committer.
    pub(crate) fn as_user(&self, id: &super::Identity) -> Vec<String> {
        vec![
            "-c".into(),
            format!("user.name={}", id.name),
            "-c".into(),
            format!("user.email={}", id.email),
        ]
    }
}
