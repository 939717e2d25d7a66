//! Thin command adapters, one module per domain. Each takes the managed state, calls one core
//! function and converts the error.
pub mod edit;
pub mod flow;
pub mod insight;
pub mod kb;
pub mod perf;
pub mod record;
pub mod search;
pub mod team;
