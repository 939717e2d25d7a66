//! Running the `git` executable: one place that sets the environment (no prompts, C locale,
//! no editor) and turns failures into errors that quote git's own message.
use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use crate::error::{Error, Result};

/// A git invocation context: commands run as `git -C <dir> …`.
#[derive(Debug, Clone)]
pub(crate) struct Git {
    dir: PathBuf,
}

/// What a git command returned.
pub(crate) struct Ran {
    pub ok: bool,
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Ran {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// The base `git` command with Fieldguide's environment: never prompt (a missing credential is
/// an error, not a hung process), parsable English output, no editor, no pager.
pub(crate) fn command() -> Command {
    let mut c = Command::new("git");
    c.env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .env("LANGUAGE", "C")
        .env("GIT_EDITOR", "true")
        .env("GIT_SEQUENCE_EDITOR", "true")
        .env("GIT_MERGE_AUTOEDIT", "no")
        .env("GIT_PAGER", "cat")
        .stdin(Stdio::null());
    c
}

fn finish(args: &[&OsStr], out: std::io::Result<Output>) -> Result<Ran> {
    let out = out.map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::Git(
                "git is not installed (or not on PATH): install git to share the KB with the team"
                    .into(),
            )
        } else {
            Error::io(format!("git {}", show_args(args)), e)
        }
    })?;
    Ok(Ran {
        ok: out.status.success(),
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
    })
}

fn show_args(args: &[&OsStr]) -> String {
    args.iter()
        .map(|a| a.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Git {
    pub fn new(dir: impl Into<PathBuf>) -> Git {
        Git { dir: dir.into() }
    }

    /// Runs `git -C dir args…`; a non-zero exit is not an error here.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<Ran> {
        let args: Vec<&OsStr> = args.iter().map(AsRef::as_ref).collect();
        let out = command().arg("-C").arg(&self.dir).args(&args).output();
        finish(&args, out)
    }

    /// Runs and requires success; the error quotes git's message.
    pub fn ok<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<Ran> {
        let ran = self.run(args)?;
        if ran.ok {
            Ok(ran)
        } else {
            let args: Vec<&OsStr> = args.iter().map(AsRef::as_ref).collect();
            Err(Error::Git(format!(
                "git {} failed: {}",
                show_args(&args),
                first_lines(&ran.stderr)
            )))
        }
    }

    /// Runs, requires success and returns standard output trimmed.
    pub fn line<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<String> {
        Ok(self.ok(args)?.text().trim().to_string())
    }
}

/// The first few lines of a message (git's hints can be long).
pub(crate) fn first_lines(s: &str) -> String {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .take(4)
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Splits NUL-terminated output.
pub(crate) fn split_z(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect()
}
