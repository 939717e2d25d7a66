//! Integration tests: one binary, one module per feature (see each module's `//!`).
mod util;

mod authoring;
mod cache;
mod cli;
mod corpus;
mod durability;
mod flows;
mod insight;
mod kb;
mod records;
mod search;
mod security;
mod watch;
