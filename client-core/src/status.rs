//! [`Status`]: what the connection task tells the client handles about a connection that is
//! down or gone, so a request that never reached the server ends with the error that kept
//! it from being sent.

use std::sync::{Mutex, MutexGuard, PoisonError};

use resp_core::Error;

/// Shared by a connection's task and every handle of its client.
#[derive(Debug, Default)]
pub(crate) struct Status {
    /// While reconnecting: why the last attempt failed.
    down: Mutex<Option<Error>>,
    /// Once the task has ended for good with the connection lost: why.
    stopped: Mutex<Option<Error>>,
}

impl Status {
    /// A reconnect attempt failed with `error`.
    pub(crate) fn set_down(&self, error: Error) {
        *lock(&self.down) = Some(error);
    }

    /// A connection is up again.
    pub(crate) fn set_up(&self) {
        *lock(&self.down) = None;
    }

    /// Whether the connection is down and reconnecting (the last attempt failed).
    pub(crate) fn is_down(&self) -> bool {
        lock(&self.down).is_some()
    }

    /// The task ended for good; later requests fail with `error` (never sent).
    pub(crate) fn set_stopped(&self, error: Error) {
        *lock(&self.stopped) = Some(error);
    }

    /// The error for a request that could not be queued because the task is gone.
    pub(crate) fn stopped_error(&self) -> Error {
        lock(&self.stopped).clone().unwrap_or(Error::ClientClosed)
    }

    /// While the connection is down: [`Error::ConnectionDown`] with why the last attempt
    /// failed.
    pub(crate) fn down_error(&self) -> Option<Error> {
        lock(&self.down)
            .clone()
            .map(|last_error| Error::ConnectionDown {
                last_error: Box::new(last_error),
            })
    }

    /// The error for a request that ran out of time: when the connection is down, the
    /// request was never written, and the reason it is down says more than a timeout.
    pub(crate) fn timeout_error(&self) -> Error {
        self.down_error().unwrap_or(Error::Timeout)
    }
}

fn lock(cell: &Mutex<Option<Error>>) -> MutexGuard<'_, Option<Error>> {
    cell.lock().unwrap_or_else(PoisonError::into_inner)
}
