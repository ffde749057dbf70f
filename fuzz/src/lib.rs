//! Checks behind the fuzz targets, as plain functions.
//!
//! Each target in `fuzz_targets/` is a one-line shim over a `check_*` function here, and
//! resp-core's `tests/fuzz_checks.rs` runs the same functions on seeded random inputs, so
//! `cargo test --workspace` exercises them without libFuzzer.

#![forbid(unsafe_code)]

pub mod chunks;
pub mod compare;
pub mod differential;
pub mod reference;
pub mod rng;
pub mod roundtrip;
pub mod soup;

pub use chunks::check_decode_chunks;
pub use differential::check_differential;
pub use rng::SplitMix64;
pub use roundtrip::check_roundtrip;
