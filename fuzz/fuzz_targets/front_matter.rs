//! cargo-fuzz target `front_matter`: see `fuzz/src/targets.rs`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fieldguide_fuzz::front_matter(data));
