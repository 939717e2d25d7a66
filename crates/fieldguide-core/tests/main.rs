//! Integration tests of the core's API (no binary involved): one test binary, one module per
//! feature (see each module's `//!`). `cargo test -p fieldguide-core` runs them; the CLI's own
//! integration tests are in the repository's `tests/` and share `util.rs` with these.
mod util;

mod authoring;
mod badinput;
mod cache;
mod corpus;
mod fuzz_smoke;
mod kb;
mod search;
mod security;
mod watch;
