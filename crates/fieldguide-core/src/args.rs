//! The command-line options the `fieldguide` CLI and the desktop app (`fieldguide-app`) share,
//! parsed by clap in both so that they read, default and document them the same way.

use std::path::PathBuf;

/// `--kb` and `--data-dir` (flattened into each front end's own clap parser).
#[derive(clap::Args, Debug, Clone, Default, PartialEq, Eq)]
pub struct KbArgs {
    /// The KB folder (default: the shipped kb-content/).
    #[arg(long, global = true, env = "FIELDGUIDE_KB")]
    pub kb: Option<PathBuf>,
    /// Where the KB's index and journal live (default: a per-KB folder under
    /// $FIELDGUIDE_DATA_DIR, else the user's data dir).
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
}
