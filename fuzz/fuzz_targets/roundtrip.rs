//! Structured values through the encoder and the decoder: see `fuzz::roundtrip::check_roundtrip`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::check_roundtrip(data));
