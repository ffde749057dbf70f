//! Process CPU time from `getrusage(RUSAGE_SELF)`.

use std::time::Duration;

use nix::sys::resource::{getrusage, UsageWho};
use nix::sys::time::TimeValLike;

use crate::error::BenchError;

/// User plus system CPU time of this whole process (every runtime thread), so far.
///
/// `RUSAGE_SELF` leaves out children, so the redis-server and redis-benchmark processes we
/// start are not counted against a client.
pub(crate) fn process_cpu_time() -> Result<Duration, BenchError> {
    let usage = getrusage(UsageWho::RUSAGE_SELF).map_err(BenchError::Cpu)?;
    let micros = usage.user_time().num_microseconds() + usage.system_time().num_microseconds();
    Ok(Duration::from_micros(u64::try_from(micros).unwrap_or(0)))
}
