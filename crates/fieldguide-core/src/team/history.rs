//! A file's history: who changed it when, any version's text, the diff between two versions,
//! and restoring an old version as a new commit (history is never rewritten).
use serde::Serialize;
use ts_rs::TS;

use super::Repo;
use crate::error::{Error, Result};

/// One commit that changed a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Change {
    /// The commit hash.
    pub commit: String,
    /// Author name.
    pub author: String,
    /// Author email.
    pub email: String,
    /// Author time, seconds since the Unix epoch.
    pub time: i64,
    /// The subject line.
    pub message: String,
}

const FIELD: char = '\u{1f}';

impl Repo {
    /// A revision the user gave, resolved to a commit hash (`NotFound` when unknown).
    fn commit_of(&self, rev: &str) -> Result<String> {
        if rev.trim().is_empty() || rev.starts_with('-') {
            return Err(Error::Invalid(format!("not a commit: {rev:?}")));
        }
        self.rev(rev)?
            .ok_or_else(|| Error::NotFound(format!("commit {rev}")))
    }

    fn log(&self, path: &str, limit: Option<usize>) -> Result<Vec<Change>> {
        let spec = self.pathspec(path)?;
        let mut args = vec![
            "log".to_string(),
            "--follow".into(),
            // A merge that changed the file against its first parent (a resolved conflict) is
            // a version someone made: listed, compared with the version before it on this side.
            "--diff-merges=first-parent".into(),
            "--no-patch".into(),
            "-z".into(),
            format!("--format=%H{FIELD}%an{FIELD}%ae{FIELD}%at{FIELD}%s"),
        ];
        if let Some(n) = limit {
            args.push(format!("--max-count={n}"));
        }
        args.extend(["--".into(), spec]);
        let ran = self.git.run(&args)?;
        if !ran.ok {
            // An unborn branch has no history at all.
            return if self.rev("HEAD")?.is_none() {
                Ok(Vec::new())
            } else {
                Err(Error::Invalid(format!(
                    "git log {path}: {}",
                    super::git::first_lines(&ran.stderr)
                )))
            };
        }
        Ok(super::git::split_z(&ran.stdout)
            .iter()
            .filter_map(|rec| {
                let f: Vec<&str> = rec.trim_start_matches('\n').splitn(5, FIELD).collect();
                match f.as_slice() {
                    [commit, author, email, time, message] => Some(Change {
                        commit: commit.to_string(),
                        author: author.to_string(),
                        email: email.to_string(),
                        time: time.parse().unwrap_or(0),
                        message: message.to_string(),
                    }),
                    _ => None,
                }
            })
            .collect())
    }

    /// The commits that changed `path` (KB-relative), newest first, following renames.
    /// `NotFound` for a path that neither exists nor ever existed.
    pub fn history(&self, path: &str) -> Result<Vec<Change>> {
        let h = self.log(path, None)?;
        if h.is_empty() && !self.kb_root.join(path).exists() {
            return Err(Error::NotFound(path.to_string()));
        }
        Ok(h)
    }

    /// The last commit that changed `path` (the reader's "last changed by … on …").
    pub fn last_change(&self, path: &str) -> Result<Option<Change>> {
        Ok(self.log(path, Some(1))?.into_iter().next())
    }

    /// The text of `path` as of `commit`.
    pub fn show(&self, path: &str, commit: &str) -> Result<String> {
        let c = self.commit_of(commit)?;
        self.blob(&c, path)?
            .ok_or_else(|| Error::NotFound(format!("{path} in commit {commit}")))
    }

    /// The unified diff of `path` from `from` to `to` (`None`: the file on disk now).
    pub fn diff(&self, path: &str, from: &str, to: Option<&str>) -> Result<String> {
        let spec = self.pathspec(path)?;
        let from = self.commit_of(from)?;
        let mut args = vec![
            "diff".to_string(),
            "--no-color".into(),
            "--no-ext-diff".into(),
            from,
        ];
        if let Some(to) = to {
            args.push(self.commit_of(to)?);
        }
        args.extend(["--".into(), spec]);
        Ok(self.git.ok(&args)?.text())
    }

    /// Writes the version of `path` from `commit` and commits it as a new commit
    /// (`fieldguide: restore x.md to abc1234`); later versions stay in the history.
    pub fn restore(&self, path: &str, commit: &str) -> Result<Option<super::Committed>> {
        let c = self.commit_of(commit)?;
        let text = self.show(path, &c)?;
        let abs = crate::fsutil::resolve_in_kb(&self.kb_root, path)?;
        crate::fsutil::atomic_write(&abs, text.as_bytes())?;
        self.commit_paths(
            &[path.to_string()],
            &format!("fieldguide: restore {path} to {}", &c[..c.len().min(7)]),
        )
    }
}
