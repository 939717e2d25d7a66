//! A conflict: the local and the team's version of a file changed the same lines. The sync
//! left the working copy as it was (the local version); the three versions come from commits
//! (`HEAD`, the upstream, their merge base), so nothing needs a half-finished merge to be kept.
//! [`Repo::resolve`] records the person's merged text as a merge commit and syncs on.
use serde::Serialize;
use ts_rs::TS;

use super::sync::SyncReport;
use super::Repo;
use crate::error::{Error, Result};

/// The versions of a conflicted file; `None` where the file does not exist (deleted on that
/// side, or new on both).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConflictVersions {
    /// This laptop's version (`HEAD`).
    pub ours: Option<String>,
    /// The team's version (the upstream as of the last fetch).
    pub theirs: Option<String>,
    /// The version both started from (their merge base).
    pub base: Option<String>,
}

impl Repo {
    /// The file's text at `rev`, `None` when it is not there.
    pub(crate) fn blob(&self, rev: &str, rel: &str) -> Result<Option<String>> {
        let spec = format!("{rev}:{}", self.top_rel(rel)?);
        let ran = self.git.run(&["cat-file", "blob", &spec])?;
        Ok(ran
            .ok
            .then(|| String::from_utf8_lossy(&ran.stdout).into_owned()))
    }

    /// The local, team and base versions of `path` (KB-relative).
    pub fn conflict_versions(&self, path: &str) -> Result<ConflictVersions> {
        let up = self.upstream()?;
        let theirs_rev = self
            .rev(&up.tracking)?
            .ok_or_else(|| Error::Invalid("the team's branch has not been fetched yet".into()))?;
        let base_rev = self.git.run(&["merge-base", "HEAD", &theirs_rev])?;
        let base_rev = base_rev.ok.then(|| base_rev.text().trim().to_string());
        let v = ConflictVersions {
            ours: self.blob("HEAD", path)?,
            theirs: self.blob(&theirs_rev, path)?,
            base: match base_rev {
                Some(b) => self.blob(&b, path)?,
                None => None,
            },
        };
        if v.ours.is_none() && v.theirs.is_none() {
            return Err(Error::NotFound(path.to_string()));
        }
        Ok(v)
    }

    /// Resolves the conflict on `path` with `merged_text`: see [`Repo::resolve_all`].
    pub fn resolve(&self, path: &str, merged_text: &str) -> Result<SyncReport> {
        self.resolve_all(&[(path.to_string(), merged_text.to_string())])
    }

    /// Merges the team's version with every conflicted file taking the given merged text
    /// (refused while it still holds conflict markers), commits the merge
    /// (`fieldguide: resolve conflict in x.md`) and syncs (pushes). When other files conflict
    /// too, the merge is undone, nothing is written and the error names them: resolve them
    /// together.
    pub fn resolve_all(&self, resolutions: &[(String, String)]) -> Result<SyncReport> {
        if resolutions.is_empty() {
            return Err(Error::Invalid("nothing to resolve".into()));
        }
        for (path, text) in resolutions {
            self.top_rel(path)?;
            if text
                .lines()
                .any(|l| l.starts_with("<<<<<<< ") || l.starts_with(">>>>>>> "))
            {
                return Err(Error::Invalid(format!(
                    "{path}: the merged text still holds conflict markers (<<<<<<< / >>>>>>>)"
                )));
            }
        }
        if let Some(i) = self.interrupted() {
            return Err(Error::Invalid(i.explain().to_string()));
        }
        let id = self.identity()?;
        // Uncommitted KB edits first, so the merge starts from a clean KB.
        self.commit_pending()?;
        let up = self.upstream()?;
        let theirs = self
            .rev(&up.tracking)?
            .ok_or_else(|| Error::Invalid("the team's branch has not been fetched yet".into()))?;
        let mut merge = self.as_user(&id);
        merge.extend(["merge", "--no-commit", "--no-ff", "--quiet", &theirs].map(String::from));
        let ran = self.git.run(&merge)?;
        let conflicted = self.unmerged()?;
        if conflicted.is_empty() {
            if self.interrupted() == Some(super::Interrupted::Merge) {
                self.git.ok(&["merge", "--abort"])?;
            }
            return Err(Error::Invalid(format!(
                "{} has no conflict with the team's version: sync instead ({})",
                resolutions[0].0,
                super::git::first_lines(&ran.stderr)
            )));
        }
        let unresolved: Vec<&String> = conflicted
            .iter()
            .filter(|c| !resolutions.iter().any(|(p, _)| p == *c))
            .collect();
        if !unresolved.is_empty() || self.interrupted() != Some(super::Interrupted::Merge) {
            let _ = self.git.run(&["merge", "--abort"]);
            return Err(Error::Invalid(format!(
                "these files conflict too and must be resolved together: {}",
                unresolved
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        for (path, text) in resolutions {
            let abs = crate::fsutil::resolve_in_kb(&self.kb_root, path)?;
            crate::fsutil::atomic_write(&abs, text.as_bytes())?;
            self.git.ok(&["add", "--", &self.pathspec(path)?])?;
        }
        let names: Vec<&str> = resolutions.iter().map(|(p, _)| p.as_str()).collect();
        let message = format!("fieldguide: resolve conflict in {}", names.join(", "));
        let mut commit = self.as_user(&id);
        commit.extend(["commit", "--quiet", "--no-verify", "-m", &message].map(String::from));
        if !self.git.run(&commit)?.ok {
            let _ = self.git.run(&["merge", "--abort"]);
            return Err(Error::Invalid(format!(
                "could not commit the resolution of {}",
                names.join(", ")
            )));
        }
        self.sync()
    }
}
