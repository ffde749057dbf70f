//! Reply conversions shared by several families, for replies whose meaning depends on the
//! command (a null that means "no", a status that means "yes").

use std::time::Duration;

use crate::{Cmd, Error, FromValue, Value};

/// `+OK` is true, null is false: `SET ... NX`, `SET ... XX`, `RESTORE`-like conditionals.
pub(crate) fn ok_or_null(value: Value) -> Result<bool, Error> {
    Ok(Option::<()>::from_value(value)?.is_some())
}

/// Marks a blocking command by its timeout argument in seconds (0: no limit).
pub(crate) fn block_secs<T>(cmd: Cmd<T>, seconds: f64) -> Cmd<T> {
    match Duration::try_from_secs_f64(seconds) {
        Ok(timeout) if !timeout.is_zero() => cmd.blocking_for(timeout),
        // Zero means "forever" to Redis; a negative or NaN timeout is the server's to reject.
        _ => cmd.blocking(),
    }
}

/// Marks a blocking command by its timeout argument in milliseconds (0: no limit).
pub(crate) fn block_millis<T>(cmd: Cmd<T>, milliseconds: u64) -> Cmd<T> {
    if milliseconds == 0 {
        cmd.blocking()
    } else {
        cmd.blocking_for(Duration::from_millis(milliseconds))
    }
}
