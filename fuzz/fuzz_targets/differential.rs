//! resp-core's decoder against the reference decoder: see `fuzz::differential::check_differential`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::check_differential(data));
