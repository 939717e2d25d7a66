//! Integration tests: one binary, one module per feature (see each module's `//!`).
mod util;

mod authoring;
mod badinput;
mod cache;
mod cli;
mod corpus;
mod durability;
mod escalations;
mod flows;
mod fuzz_smoke;
mod insight;
mod kb;
mod records;
mod search;
mod security;
mod team;
mod watch;
