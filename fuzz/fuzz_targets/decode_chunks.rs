//! Arbitrary bytes in arbitrary chunkings: see `fuzz::chunks::check_decode_chunks`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::check_decode_chunks(data));
