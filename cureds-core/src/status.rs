//! [`Status`]: what the connection task tells the client handles about a connection that is
//! down or gone, so a request that never reached the server ends with the error that kept
//! it from being sent.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, Weak};

use resp_core::Error;

/// Shared by a connection's task and every handle of its client.
#[derive(Debug, Default)]
pub(crate) struct Status {
    /// While reconnecting: why the last attempt failed.
    down: Mutex<Option<Error>>,
    /// Whether that reason will not clear by waiting (see [`Status::set_down`]); an atomic,
    /// because every request reads it and it is almost always `false`.
    lasting: AtomicBool,
    /// Once the task has ended for good with the connection lost: why.
    stopped: Mutex<Option<Error>>,
    /// Told when the connection moves to another node (see [`Status::set_moved`]).
    on_move: Mutex<Option<Weak<dyn Moved>>>,
}

/// What must follow a connection to another node: the pool, whose idle connections still
/// reach the old one.
pub(crate) trait Moved: Send + Sync {
    /// The connection now reaches another node than before.
    fn moved(&self);
}

impl std::fmt::Debug for dyn Moved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Moved")
    }
}

impl Status {
    /// A reconnect attempt failed with `error`; `lasting` when waiting for the next attempt
    /// will not clear it (the server refused our credentials and there are no newer ones,
    /// or it is full): requests then end at once instead of waiting.
    pub(crate) fn set_down(&self, error: Error, lasting: bool) {
        let mut down = lock(&self.down);
        *down = Some(error);
        self.lasting.store(lasting, Ordering::Release);
    }

    /// The connection reconnected to another node than before (a Sentinel failover): the
    /// listener (see [`Status::on_move`]) is told.
    pub(crate) fn set_moved(&self) {
        let listener = lock(&self.on_move).as_ref().and_then(Weak::upgrade);
        if let Some(listener) = listener {
            listener.moved();
        }
    }

    /// Tells `listener` of every later move, for as long as it lives.
    pub(crate) fn on_move(&self, listener: Weak<dyn Moved>) {
        *lock(&self.on_move) = Some(listener);
    }

    /// A connection is up again.
    pub(crate) fn set_up(&self) {
        let mut down = lock(&self.down);
        *down = None;
        self.lasting.store(false, Ordering::Release);
    }

    /// Whether the connection is down and reconnecting (the last attempt failed).
    pub(crate) fn is_down(&self) -> bool {
        lock(&self.down).is_some()
    }

    /// The error for a request made while the last reconnect attempt failed for a lasting
    /// reason ([`Error::ConnectionDown`] with it): it is not queued, as a request would wait
    /// for a reconnect that will most likely fail the same way. `None` otherwise.
    pub(crate) fn lasting_error(&self) -> Option<Error> {
        if !self.lasting.load(Ordering::Acquire) {
            return None;
        }
        let down = lock(&self.down);
        // Read again under the lock: the connection may have come up meanwhile.
        if !self.lasting.load(Ordering::Acquire) {
            return None;
        }
        down.clone().map(|last_error| Error::ConnectionDown {
            last_error: Box::new(last_error),
        })
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

fn lock<T>(cell: &Mutex<T>) -> MutexGuard<'_, T> {
    cell.lock().unwrap_or_else(PoisonError::into_inner)
}
