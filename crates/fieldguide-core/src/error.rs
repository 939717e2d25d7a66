//! The crate-wide error type and the `Problem` reported for bad input that does not abort work.
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Everything that can go wrong inside the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An I/O error on a specific file or folder.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Front matter that is not valid YAML (or not a mapping).
    #[error("{path}:{line}: front matter: {message}")]
    FrontMatter {
        /// The file.
        path: PathBuf,
        /// 1-based line in the file.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file that cannot be a markdown document (binary, not UTF-8, too large).
    #[error("{path}: {message}")]
    BadFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A flow that cannot be run.
    #[error("{path}:{line}: flow: {message}")]
    Flow {
        /// The flow file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A saved flow session that no longer fits its flow (the flow was edited on disk since);
    /// the session can only be restarted.
    #[error("{path}:{line}: {message}")]
    FlowChanged {
        /// The flow file.
        path: PathBuf,
        /// 1-based line of the first change found (0 when unknown).
        line: usize,
        /// What changed.
        message: String,
    },
    /// A document path that is not in the KB.
    #[error("not found: {0}")]
    NotFound(String),
    /// A path that tries to leave the KB folder, or is otherwise not acceptable.
    #[error("invalid path: {0}")]
    InvalidPath(String),
    /// A save refused because the file changed on disk since it was loaded.
    #[error("{path} changed on disk since it was opened")]
    Conflict {
        /// The document path (relative to the KB).
        path: String,
        /// The text now on disk.
        disk_text: String,
    },
    /// A request the user (a form, a CLI argument) got wrong: an empty required field, an
    /// unknown choice, table or template, a step the packet cannot take. Fixing the input fixes
    /// it; the message says which field and why.
    #[error("{0}")]
    InvalidInput(String),
    /// A flow session that has ended (resolved, escalated or abandoned) was asked to go on.
    #[error("{0}")]
    SessionClosed(String),
    /// A write to the search index of a KB opened read-only (another window holds it).
    #[error("{0}")]
    IndexReadOnly(String),
    /// The search index files fail their checksums; the index must be rebuilt.
    #[error("{0}")]
    IndexDamaged(String),
    /// A KB file that Fieldguide reads by its layout (ticket note, escalation packet,
    /// checklist) does not have it; the message names the file.
    #[error("{0}")]
    Malformed(String),
    /// Something this version cannot do safely: a journal or flow session from a newer
    /// Fieldguide, front matter laid out so that an edit would touch other keys.
    #[error("{0}")]
    Unsupported(String),
    /// No free file name for a new document or conflict copy.
    #[error("{0}")]
    NameTaken(String),
    /// Sharing through git failed: git missing or failing, no identity, no remote, a merge
    /// or sync that cannot go on. The message quotes git where it helps.
    #[error("{0}")]
    Git(String),
    /// The file watcher could not be started.
    #[error("{0}")]
    Watch(String),
    /// A broken internal invariant (a missing index column, an unreadable saved state): a bug
    /// or damaged data, not something the user did.
    #[error("internal: {0}")]
    Internal(String),
    /// The search query could not be parsed.
    #[error("query: {0}")]
    Query(String),
    /// The search index failed.
    #[error("index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The SQLite journal failed.
    #[error("journal: {0}")]
    Journal(#[from] rusqlite::Error),
    /// The journal could not be migrated.
    #[error("journal migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// Another Fieldguide process holds this KB for writing.
    #[error("the KB at {0} is open in another Fieldguide window")]
    Locked(PathBuf),
}

impl Error {
    /// A front-matter error reported against `path` (the editor and the review parse text
    /// that is not read from that file yet); any other error as it is.
    pub fn in_file(self, path: &str) -> Self {
        match self {
            Error::FrontMatter { line, message, .. } => Error::FrontMatter {
                path: path.into(),
                line,
                message,
            },
            other => other,
        }
    }

    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Every code [`Error::code`] can give (the UI's `ErrorCode` type is generated from it).
    pub const CODES: &'static [&'static str] = &[
        "permission_denied",
        "not_found",
        "read_only",
        "disk_full",
        "exists",
        "io",
        "front_matter",
        "bad_file",
        "flow",
        "flow_changed",
        "invalid_path",
        "conflict",
        "invalid",
        "session_closed",
        "index_read_only",
        "index_damaged",
        "malformed",
        "unsupported",
        "git",
        "watch",
        "internal",
        "query",
        "index",
        "journal",
        "locked",
    ];

    /// A stable machine-readable code for UIs to switch on (one of [`Error::CODES`]).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::PermissionDenied => "permission_denied",
                std::io::ErrorKind::NotFound => "not_found",
                std::io::ErrorKind::ReadOnlyFilesystem => "read_only",
                std::io::ErrorKind::StorageFull => "disk_full",
                std::io::ErrorKind::AlreadyExists => "exists",
                _ => "io",
            },
            Error::FrontMatter { .. } => "front_matter",
            Error::BadFile { .. } => "bad_file",
            Error::Flow { .. } => "flow",
            Error::FlowChanged { .. } => "flow_changed",
            Error::NotFound(_) => "not_found",
            Error::InvalidPath(_) => "invalid_path",
            Error::Conflict { .. } => "conflict",
            Error::InvalidInput(_) => "invalid",
            Error::SessionClosed(_) => "session_closed",
            Error::IndexReadOnly(_) => "index_read_only",
            Error::IndexDamaged(_) => "index_damaged",
            Error::Malformed(_) => "malformed",
            Error::Unsupported(_) => "unsupported",
            Error::NameTaken(_) => "exists",
            Error::Git(_) => "git",
            Error::Watch(_) => "watch",
            Error::Internal(_) => "internal",
            Error::Query(_) => "query",
            Error::Index(_) => "index",
            // The journal's storage failures get the same codes as file errors.
            Error::Journal(e) => match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DiskFull) => "disk_full",
                Some(rusqlite::ErrorCode::ReadOnly) => "read_only",
                Some(rusqlite::ErrorCode::PermissionDenied) => "permission_denied",
                _ => "journal",
            },
            Error::Migration(_) => "journal",
            Error::Locked(_) => "locked",
        }
    }
}

/// The crate-wide result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How serious a reported problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; nothing is broken.
    Info,
    /// Something a reader will trip over (broken link, stale review date).
    Warning,
    /// The document could not be used as intended (bad front matter, invalid flow).
    Error,
}

/// A problem found in a KB file: reported with file and line, never aborting the load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    /// Path relative to the KB root, with `/` separators.
    pub path: String,
    /// 1-based line, 0 when the whole file is concerned.
    pub line: usize,
    /// How serious it is.
    pub severity: Severity,
    /// Short stable code (`front-matter`, `broken-link`, `flow-dangling`, …).
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

impl Problem {
    /// Builds a problem.
    pub fn new(
        path: impl Into<String>,
        line: usize,
        severity: Severity,
        code: &str,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            path: path.into(),
            line,
            severity,
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        if self.line > 0 {
            write!(
                f,
                "{}:{}: {sev}[{}]: {}",
                self.path, self.line, self.code, self.message
            )
        } else {
            write!(f, "{}: {sev}[{}]: {}", self.path, self.code, self.message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_refusal_has_its_own_stable_code() {
        let m = || "why".to_string();
        let cases = [
            (Error::InvalidInput(m()), "invalid"),
            (Error::SessionClosed(m()), "session_closed"),
            (Error::IndexReadOnly(m()), "index_read_only"),
            (Error::IndexDamaged(m()), "index_damaged"),
            (Error::Malformed(m()), "malformed"),
            (Error::Unsupported(m()), "unsupported"),
            (Error::NameTaken(m()), "exists"),
            (Error::Git(m()), "git"),
            (Error::Watch(m()), "watch"),
            (Error::Internal(m()), "internal"),
            (Error::NotFound(m()), "not_found"),
            (Error::Locked("/kb".into()), "locked"),
        ];
        for (e, code) in &cases {
            assert_eq!(e.code(), *code, "{e:?}");
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
            assert!(e.to_string().ends_with("why") || code == &"locked", "{e}");
        }
        assert_eq!(Error::Internal(m()).to_string(), "internal: why");
    }

    /// One error of every variant (and of each I/O and journal failure with its own code).
    fn one_of_each() -> Vec<Error> {
        let m = || "why".to_string();
        let io = |kind| Error::io("/kb/a.md", std::io::Error::new(kind, "why"));
        let sqlite = |code| {
            Error::Journal(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(code),
                None,
            ))
        };
        let at = |line| (PathBuf::from("a.md"), line, m());
        vec![
            io(std::io::ErrorKind::PermissionDenied),
            io(std::io::ErrorKind::NotFound),
            io(std::io::ErrorKind::ReadOnlyFilesystem),
            io(std::io::ErrorKind::StorageFull),
            io(std::io::ErrorKind::AlreadyExists),
            io(std::io::ErrorKind::Other),
            {
                let (path, line, message) = at(2);
                Error::FrontMatter {
                    path,
                    line,
                    message,
                }
            },
            Error::BadFile {
                path: "a.md".into(),
                message: m(),
            },
            {
                let (path, line, message) = at(3);
                Error::Flow {
                    path,
                    line,
                    message,
                }
            },
            {
                let (path, line, message) = at(4);
                Error::FlowChanged {
                    path,
                    line,
                    message,
                }
            },
            Error::NotFound(m()),
            Error::InvalidPath(m()),
            Error::Conflict {
                path: "a.md".into(),
                disk_text: m(),
            },
            Error::InvalidInput(m()),
            Error::SessionClosed(m()),
            Error::IndexReadOnly(m()),
            Error::IndexDamaged(m()),
            Error::Malformed(m()),
            Error::Unsupported(m()),
            Error::NameTaken(m()),
            Error::Git(m()),
            Error::Watch(m()),
            Error::Internal(m()),
            Error::Query(m()),
            Error::Index(tantivy::TantivyError::InvalidArgument(m())),
            sqlite(rusqlite::ffi::SQLITE_FULL),
            sqlite(rusqlite::ffi::SQLITE_READONLY),
            sqlite(rusqlite::ffi::SQLITE_PERM),
            sqlite(rusqlite::ffi::SQLITE_CORRUPT),
            Error::Migration(rusqlite_migration::Error::with_sql(
                rusqlite::Error::InvalidQuery,
                "select",
            )),
            Error::Locked("/kb".into()),
        ]
    }

    #[test]
    fn codes_lists_every_code_an_error_can_have_and_no_other() {
        let given: std::collections::BTreeSet<&str> =
            one_of_each().iter().map(Error::code).collect();
        let listed: std::collections::BTreeSet<&str> = Error::CODES.iter().copied().collect();
        assert_eq!(listed.len(), Error::CODES.len(), "a code is listed twice");
        assert_eq!(given, listed);
    }
}
