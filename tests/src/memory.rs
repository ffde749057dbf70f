//! The test process's memory, for tests that assert a bound on it.
//!
//! Resident set size comes from `/proc/self/statm`; it counts every thread of the test
//! binary, so tests that measure it take [`serial`] to run one at a time.

use std::sync::{Mutex, MutexGuard};

static SERIAL: Mutex<()> = Mutex::new(());

/// One mebibyte, for thresholds.
pub const MIB: u64 = 1024 * 1024;

/// Holds off the other memory-measuring tests of this binary while it lives.
pub fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// The process's resident set size in bytes (0 where `/proc` is not available).
pub fn rss() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    pages * 4096
}
