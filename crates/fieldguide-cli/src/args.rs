//! Command-line arguments.
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Fieldguide: search runbooks, walk troubleshooting flows, record resolutions.
#[derive(Parser, Debug)]
#[command(name = "fieldguide", version, about)]
pub struct Cli {
    /// The KB folder (default: the shipped kb-content/).
    #[arg(long, global = true, env = "FIELDGUIDE_KB")]
    pub kb: Option<PathBuf>,
    /// Where the index and journal live (default: per-KB folder in the user's data dir).
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Bring the index up to date (or rebuild it) and print counts.
    Index {
        /// Rebuild from scratch.
        #[arg(long)]
        rebuild: bool,
    },
    /// Search the KB.
    Search {
        /// The query (words, "phrases", AND/OR/NOT, -word, tag:x kind:y).
        query: Vec<String>,
        /// Only this kind (repeatable).
        #[arg(long)]
        kind: Vec<String>,
        /// Only with this tag (repeatable).
        #[arg(long)]
        tag: Vec<String>,
        /// Include retired documents.
        #[arg(long)]
        all: bool,
        /// Number of hits.
        #[arg(long, short = 'n', default_value_t = 10)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one document in the terminal.
    Show {
        /// KB-relative path (or a unique file name without .md).
        path: String,
        /// Print the sanitized HTML instead.
        #[arg(long)]
        html: bool,
        /// Print JSON (the reader's view).
        #[arg(long)]
        json: bool,
    },
    /// Report problems in the KB (bad front matter, broken links, stale reviews, invalid flows).
    #[command(alias = "lint")]
    Check {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Exit non-zero on warnings too, not just errors.
        #[arg(long)]
        strict: bool,
    },
}
