//! Fieldguide's domain: a folder of markdown (runbooks, KCS articles, flows, ticket notes)
//! loaded, indexed with tantivy, searched, rendered safely, walked as guided flows, grown by
//! recorded resolutions, and measured through a SQLite journal. Knows nothing of Tauri: the
//! desktop shell and the CLI are thin adapters over this crate.
//!
//! ```no_run
//! use fieldguide_core::{Kb, SearchRequest};
//! let kb = Kb::open("kb-content").unwrap();
//! let results = kb.search(&SearchRequest::new("vpn certificate")).unwrap();
//! for hit in results.hits {
//!     println!("{} — {}", hit.path, hit.title);
//! }
//! ```
#![warn(missing_docs)]

pub(crate) mod analysis;
#[cfg(feature = "args")]
pub mod args;
pub mod article;
pub mod assets;
pub mod error;
pub mod flow;
pub mod frontmatter;
pub(crate) mod fsutil;
pub mod index;
pub mod journal;
pub mod kb;
pub mod lint;
pub(crate) mod markdown;
pub mod metrics;
pub mod record;
pub mod render;
pub(crate) mod settings;
pub(crate) mod snippet;
pub mod team;
pub mod templates;

pub use article::{Article, DocKind, FrontMatter, Heading, Link, LinkTarget, Section};
pub use error::{Error, Problem, Result, Severity};
pub use flow::{Flow, FlowSession};
pub use index::{
    FacetCount, FacetCounts, MatchWhy, SearchHit, SearchRequest, SearchResults, WordWhy,
};
pub use kb::{DocView, Kb, KbOptions, Phase, Progress};
pub use record::{EscalationPacket, TicketNote};

// Internals the front ends and tests need one item of; the modules stay crate-private.
/// Words left out of the search index and of queries (the bench's relevance judge uses them).
pub use analysis::STOP_WORDS;
/// Crash-safe file writes and the KB-folder guard, for the app's own files and the tests.
pub use fsutil::{atomic_create, atomic_write, resolve_in_kb, TEMP_PREFIX};
/// Reading one markdown file as the KB does: the byte checks, the size cap and the parse.
pub use markdown::{decode, parse_article, MAX_FILE_BYTES};
