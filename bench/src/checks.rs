//! [`Checks`]: what a run does with a failed scenario. A full run stops at the first error;
//! `--quick` runs every check and counts them, so CI names every client that misbehaves at
//! once, not only the first.

use crate::error::BenchError;

/// Passed and failed checks so far.
#[derive(Debug)]
pub(crate) struct Checks {
    keep_going: bool,
    pub(crate) passed: usize,
    pub(crate) failed: usize,
}

impl Checks {
    /// `keep_going`: count failures instead of stopping at the first.
    pub(crate) fn new(keep_going: bool) -> Checks {
        Checks {
            keep_going,
            passed: 0,
            failed: 0,
        }
    }

    /// Counts `result` as one check of `what`: `Ok(Some)` when it passed, `Ok(None)` when it
    /// failed and the run keeps going.
    ///
    /// # Errors
    /// The check's own error, when the run stops at the first.
    pub(crate) fn record<T>(
        &mut self,
        what: &str,
        result: Result<T, BenchError>,
    ) -> Result<Option<T>, BenchError> {
        match result {
            Ok(v) => {
                self.passed += 1;
                Ok(Some(v))
            }
            Err(e) if self.keep_going => {
                self.failed += 1;
                eprintln!("FAILED {what}: {e}");
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}
