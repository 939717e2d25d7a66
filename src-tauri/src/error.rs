//! The error shape the UI receives: `{ code, message }`, so it switches on codes, not strings.
use serde::Serialize;
use ts_rs::TS;

/// An error returned by a command.
#[derive(TS, Debug, Serialize)]
#[ts(rename = "BackendErrorPayload")]
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
