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

pub mod analysis;
#[cfg(feature = "args")]
pub mod args;
pub mod article;
pub mod assets;
pub mod error;
pub mod flow;
pub mod frontmatter_edit;
pub mod fsutil;
pub mod index;
pub mod journal;
pub mod kb;
pub mod lint;
pub mod markdown;
pub mod metrics;
pub mod record;
pub mod render;
pub mod settings;
pub mod snippet;
pub mod team;
pub mod templates;

pub use article::{Article, DocKind, FrontMatter, Heading, Link, LinkTarget, Section};
pub use error::{Error, Problem, Result};
pub use flow::{Flow, FlowSession};
pub use index::{
    FacetCount, FacetCounts, MatchWhy, SearchHit, SearchRequest, SearchResults, WordWhy,
};
pub use kb::{DocView, Kb, KbOptions, Progress};
pub use record::{EscalationPacket, TicketNote};
