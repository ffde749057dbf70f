//! Request deadlines, kept by the connection task rather than by each caller.
//!
//! A caller's request carries its deadline to the driver inside its [`Waiter`]; the task that
//! runs the connection keeps one [`Alarm`] for the earliest deadline it knows of (and the
//! health check's next tick) and answers expired callers itself. A timer per request costs
//! more than the rest of a small request: with async-io every new timer wakes the reactor
//! thread, and a timer inside each command's future makes every future larger to move.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use futures_channel::oneshot;
use resp_core::{Error, Reply};

use crate::runtime::Runtime;

/// Where one request's result goes, and by when its caller wants it.
#[derive(Debug)]
pub(crate) struct Waiter {
    /// `None` once the caller has been answered (a timed-out request whose reply is still to
    /// be read and dropped).
    slot: Option<oneshot::Sender<Result<Reply, Error>>>,
    deadline: Option<Instant>,
}

/// The caller's end of a [`Waiter`].
pub(crate) type ReplyReceiver = oneshot::Receiver<Result<Reply, Error>>;

impl Waiter {
    /// A waiter and the receiver its result arrives on; no deadline when `deadline` is `None`.
    pub(crate) fn new(deadline: Option<Instant>) -> (Self, ReplyReceiver) {
        let (slot, receiver) = oneshot::channel();
        let waiter = Waiter {
            slot: Some(slot),
            deadline,
        };
        (waiter, receiver)
    }

    /// A waiter nobody listens to (a request sent for its effect only).
    pub(crate) fn detached() -> Self {
        Waiter {
            slot: None,
            deadline: None,
        }
    }

    /// Hands `result` to the caller, unless it was answered already or gave up.
    pub(crate) fn finish(&mut self, result: Result<Reply, Error>) {
        if let Some(slot) = self.slot.take() {
            // The receiver is gone when the caller's future was dropped: fine.
            let _ = slot.send(result);
        }
    }

    /// Whether nobody waits for this result any more.
    pub(crate) fn is_abandoned(&self) -> bool {
        self.slot.as_ref().is_none_or(oneshot::Sender::is_canceled)
    }

    /// The deadline, while a caller still waits.
    pub(crate) fn deadline(&self) -> Option<Instant> {
        self.slot.as_ref().and(self.deadline)
    }

    /// Whether a caller still waits and its deadline is at or before `now`.
    pub(crate) fn is_due(&self, now: Instant) -> bool {
        self.deadline().is_some_and(|deadline| deadline <= now)
    }
}

/// The earlier of two optional instants (`None` is "never").
pub(crate) fn earliest(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// One timer for a connection task: it rings at the earliest time it has been asked for.
pub(crate) struct Alarm<R: Runtime> {
    runtime: R,
    at: Option<Instant>,
    // Boxed: the runtime's sleep type is opaque, and the alarm is re-armed rarely (when it
    // rings, or for a deadline earlier than the armed one).
    sleep: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
}

impl<R: Runtime> Alarm<R> {
    pub(crate) fn new(runtime: R) -> Self {
        Alarm {
            runtime,
            at: None,
            sleep: None,
        }
    }

    /// Makes sure the alarm rings no later than `at` (it may ring earlier, for an earlier
    /// request that has since been answered: the caller then finds nothing due and asks
    /// again).
    pub(crate) fn ring_by(&mut self, at: Instant) {
        if self.at.is_some_and(|armed| armed <= at) {
            return;
        }
        let wait = at.saturating_duration_since(Instant::now());
        self.at = Some(at);
        self.sleep = Some(Box::pin(self.runtime.sleep(wait)));
    }

    /// When the alarm rings, if it is armed.
    pub(crate) fn armed_for(&self) -> Option<Instant> {
        self.at
    }

    /// Ready once the armed time has come; the alarm is then unarmed.
    pub(crate) fn poll(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let Some(sleep) = &mut self.sleep else {
            return Poll::Pending;
        };
        if sleep.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        self.at = None;
        self.sleep = None;
        Poll::Ready(())
    }
}
