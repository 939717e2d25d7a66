//! The CLI's integration tests: one binary, one module per feature (see each module's `//!`),
//! each running the `fieldguide` binary somewhere. Tests of the core's API alone are in
//! `crates/fieldguide-core/tests/`.
mod cli_util;
#[path = "../crates/fieldguide-core/tests/util.rs"]
mod util;

mod cli;
mod durability;
mod escalations;
mod flows;
mod insight;
mod records;
mod team;
