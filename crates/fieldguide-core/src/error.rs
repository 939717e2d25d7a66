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
    /// Input that is well-formed but not acceptable.
    #[error("{0}")]
    Invalid(String),
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

    /// A stable machine-readable code for UIs to switch on.
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
            Error::Invalid(_) => "invalid",
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
