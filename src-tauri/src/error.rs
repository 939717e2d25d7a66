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

/// The codes the shell rejects with besides the core's ([`fieldguide_core::Error::CODES`]):
/// the first index still being built, nothing open, a KB that is not a git working copy, a
/// task that failed to run.
pub const SHELL_CODES: &[&str] = &["loading", "no_kb", "not_shared", "internal"];

/// Every code a command can reject with, sorted (the UI's `ErrorCode`).
pub fn error_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = fieldguide_core::Error::CODES
        .iter()
        .chain(SHELL_CODES)
        .copied()
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

impl CmdError {
    /// Builds an error; `code` is one of [`error_codes`] (checked in debug builds, which the
    /// tests and the end-to-end suite run).
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        debug_assert!(
            error_codes().contains(&code),
            "unknown error code {code:?}: add it to SHELL_CODES"
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_known_once_and_core_errors_keep_theirs() {
        let codes = error_codes();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "{codes:?}");
        for code in [
            "loading",
            "no_kb",
            "not_shared",
            "not_found",
            "locked",
            "git",
        ] {
            assert!(codes.contains(&code), "{code}");
        }
        let e: CmdError = fieldguide_core::Error::Locked("/kb".into()).into();
        assert_eq!(e.code, "locked");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "unknown error code")]
    fn an_unknown_code_is_refused_in_debug_builds() {
        let _ = CmdError::new("no_such_code", "why");
    }
}
