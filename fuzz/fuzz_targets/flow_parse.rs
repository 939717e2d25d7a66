//! cargo-fuzz target `flow_parse`: see `fuzz/src/targets.rs`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fieldguide_fuzz::flow_parse(data));
