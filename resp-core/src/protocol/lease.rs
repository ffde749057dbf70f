//! [`LeaseState`]: whether a dedicated connection can go back to its pool when its lease
//! ends, and how to clean it first.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use bytes::Bytes;

use super::Request;
use crate::Placement;

/// `DISCARD` then `UNWATCH`: leaves no transaction open and no key watched, whatever state the
/// lease left. Outside MULTI the DISCARD is a harmless error reply; inside MULTI it also
/// unwatches, and the UNWATCH is then a no-op.
const RESET: &[u8] = b"*1\r\n$7\r\nDISCARD\r\n*1\r\n$7\r\nUNWATCH\r\n";

/// What to do with a dedicated connection when its lease ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Release {
    /// Nothing changed the connection's state: return it as it is.
    Reuse,
    /// The lease may have left a WATCH or MULTI: queue [`LeaseState::reset_request`] (its
    /// replies can be ignored; it is written before anything the next lease sends), then
    /// return the connection.
    Reset,
    /// A request was still waiting for its reply (its future was dropped, e.g. a blocking
    /// command or a transaction cut short): the state is unknown, close the connection.
    Close,
}

/// Tracks one lease of a dedicated connection. Shared by reference between the futures of
/// the lease's requests, hence atomics.
///
/// Call [`begin`](Self::begin) before sending a request and [`end`](Self::end) once its
/// reply arrived (or failed); a future dropped in between leaves the request counted, and
/// [`release`](Self::release) then says [`Release::Close`].
///
/// ```
/// use resp_core::{LeaseState, Release};
///
/// let lease = LeaseState::new();
/// lease.begin(true); // e.g. WATCH
/// lease.end();
/// assert_eq!(lease.release(), Release::Reset);
///
/// let lease = LeaseState::new();
/// lease.begin(false); // e.g. BLPOP whose future is then dropped
/// assert_eq!(lease.release(), Release::Close);
/// ```
#[derive(Debug, Default)]
pub struct LeaseState {
    in_flight: AtomicUsize,
    dirty: AtomicBool,
    broken: AtomicBool,
    /// A command left state that cannot be restored (SELECT, AUTH, CLIENT SETNAME, ...).
    unrestorable: AtomicBool,
}

impl LeaseState {
    /// A fresh lease on a clean connection.
    pub fn new() -> Self {
        Self::default()
    }

    /// A request is about to be sent; `changes_state` says it may leave WATCH/MULTI state
    /// behind (anything a user sends by hand).
    pub fn begin(&self, changes_state: bool) {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        if changes_state {
            self.dirty.store(true, Ordering::Release);
        }
    }

    /// The request begun last got its reply or error.
    pub fn end(&self) {
        // Saturating: an unmatched `end` must not wrap around to "in flight".
        let _ = self
            .in_flight
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1));
    }

    /// Records what a command about to be sent needs when the lease ends, as classified by
    /// [`Cmd::check_lease`](crate::Cmd::check_lease): [`Release::Reset`] marks the lease
    /// dirty, [`Release::Close`] makes it close instead of returning.
    pub fn note(&self, release: Release) {
        match release {
            Release::Reuse => {}
            Release::Reset => self.dirty.store(true, Ordering::Release),
            Release::Close => self.unrestorable.store(true, Ordering::Release),
        }
    }

    /// The connection failed (I/O error, protocol error, lost): never reuse it.
    pub fn mark_broken(&self) {
        self.broken.store(true, Ordering::Release);
    }

    /// What to do with the connection now that the lease ends.
    pub fn release(&self) -> Release {
        if self.broken.load(Ordering::Acquire)
            || self.unrestorable.load(Ordering::Acquire)
            || self.in_flight.load(Ordering::Acquire) > 0
        {
            Release::Close
        } else if self.dirty.load(Ordering::Acquire) {
            Release::Reset
        } else {
            Release::Reuse
        }
    }

    /// The request that cleans a connection for [`Release::Reset`].
    pub fn reset_request() -> Request {
        let verdict = Placement::of_frames(RESET).verdict();
        Request::trusted_pipeline(Bytes::from_static(RESET), 2, verdict)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_use_is_reused() {
        let lease = LeaseState::new();
        lease.begin(false);
        lease.end();
        assert_eq!(lease.release(), Release::Reuse);
    }

    #[test]
    fn dropped_request_closes_even_when_clean() {
        let lease = LeaseState::new();
        lease.begin(true);
        lease.end();
        lease.begin(false);
        assert_eq!(lease.release(), Release::Close);
    }

    #[test]
    fn broken_connection_closes() {
        let lease = LeaseState::new();
        lease.mark_broken();
        assert_eq!(lease.release(), Release::Close);
    }

    #[test]
    fn extra_end_does_not_underflow() {
        let lease = LeaseState::new();
        lease.end();
        lease.begin(false);
        assert_eq!(lease.release(), Release::Close);
    }

    #[test]
    fn noted_release_is_the_strongest_seen() {
        let lease = LeaseState::new();
        lease.note(Release::Reuse);
        assert_eq!(lease.release(), Release::Reuse);
        lease.note(Release::Reset);
        assert_eq!(lease.release(), Release::Reset);
        lease.note(Release::Close);
        lease.note(Release::Reset);
        assert_eq!(lease.release(), Release::Close);
    }

    #[test]
    fn reset_is_discard_then_unwatch() {
        let request = LeaseState::reset_request();
        assert_eq!(request.shape().reply_count(), 2);
        assert!(request.bytes().ends_with(b"UNWATCH\r\n"));
    }
}
