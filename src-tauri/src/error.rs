//! The error shape the UI receives: `{ code, message }`, so it switches on codes, not strings.
use serde::Serialize;

/// An error returned by a command.
#[derive(Debug, Serialize)]
pub struct CmdError {
    /// Stable code (`not_found`, `loading`, `conflict`, `permission_denied`, …).
    pub code: String,
    /// Human-readable message.
    pub message: String,
}

impl CmdError {
    /// Builds an error.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        CmdError {
            code: code.into(),
            message: message.into(),
        }
    }
}

impl From<fieldguide_core::Error> for CmdError {
    fn from(e: fieldguide_core::Error) -> Self {
        CmdError {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}

/// Result of a command.
pub type CmdResult<T> = Result<T, CmdError>;
