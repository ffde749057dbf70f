//! The request queue between a client's handles and its driver: storage that grows as it
//! fills (an idle client holds no slots), bounded by a count that callers wait on.
//!
//! Written here rather than taken from a channel crate because the driver is its only reader:
//! a send is a lock, a push and at most one wake-up of the driver (none while the driver is
//! awake anyway), with no listener registered per wait. `async-channel` cost measurably more
//! per request here (see BENCHMARKS.md, "The request queue").
//!
//! The queue also keeps the earliest deadline of what it holds, so requests that wait here
//! while the driver cannot take them (a write in progress, a reconnect) still end at their
//! own deadline, wherever they are in the queue: a send compares one deadline under the lock
//! it takes anyway, and the driver scans the queue only when that deadline has come
//! ([`Requests::expire`]).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Instant;

use atomic_waker::AtomicWaker;
use event_listener::Event;
use resp_core::Error;

use crate::deadline::earliest;
use crate::driver::Queued;

/// A queue holding at most `capacity` requests (a few more when many tasks race for the last
/// places at once).
pub(crate) fn channel(capacity: usize) -> (RequestSender, Requests) {
    let shared = Arc::new(Shared {
        items: Mutex::new(Items::default()),
        len: AtomicUsize::new(0),
        driver: AtomicWaker::new(),
        senders: AtomicUsize::new(1),
        closed: AtomicBool::new(false),
        room: Event::new(),
    });
    let sender = RequestSender {
        shared: shared.clone(),
        capacity: capacity.max(1),
    };
    (sender, Requests { shared })
}

/// The queued requests and their earliest deadline.
#[derive(Debug, Default)]
struct Items {
    queue: VecDeque<Queued>,
    /// No queued request has an earlier deadline than this (it may be earlier than any
    /// left: it is lowered by each send, recomputed by [`Requests::expire`], and cleared when
    /// the queue empties).
    earliest: Option<Instant>,
}

impl Items {
    fn pop_front(&mut self) -> Option<Queued> {
        let queued = self.queue.pop_front();
        if self.queue.is_empty() {
            self.earliest = None;
        }
        queued
    }
}

/// What both ends share.
#[derive(Debug)]
struct Shared {
    items: Mutex<Items>,
    /// `items.queue.len()`, readable without the lock (for the capacity check).
    len: AtomicUsize,
    /// The driver, when it found the queue empty or watches its deadlines
    /// ([`Requests::watch`]).
    driver: AtomicWaker,
    /// Live [`RequestSender`]s; at zero nobody can queue anything any more.
    senders: AtomicUsize,
    /// Set (under the lock) when the driver refuses further requests.
    closed: AtomicBool,
    /// Callers waiting for room in a full queue.
    room: Event,
}

impl Shared {
    fn items(&self) -> MutexGuard<'_, Items> {
        // A panic while holding the lock cannot leave the deque half-changed: use it as is.
        self.items
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn pop(&self) -> Option<Queued> {
        if self.len.load(Ordering::Acquire) == 0 {
            return None;
        }
        let mut items = self.items();
        let queued = items.pop_front();
        self.len.store(items.queue.len(), Ordering::Release);
        queued
    }
}

/// The handles' end: queue a request, waiting while the queue is full.
#[derive(Debug)]
pub(crate) struct RequestSender {
    shared: Arc<Shared>,
    capacity: usize,
}

impl Clone for RequestSender {
    fn clone(&self) -> Self {
        self.shared.senders.fetch_add(1, Ordering::Relaxed);
        RequestSender {
            shared: self.shared.clone(),
            capacity: self.capacity,
        }
    }
}

impl Drop for RequestSender {
    fn drop(&mut self) {
        if self.shared.senders.fetch_sub(1, Ordering::AcqRel) == 1 {
            // The driver must see that every handle is gone.
            self.shared.driver.wake();
        }
    }
}

impl RequestSender {
    /// Queues `queued` once there is room; gives it back when the driver is gone.
    pub(crate) async fn send(&self, queued: Queued) -> Result<(), Queued> {
        while self.is_full() && !self.is_closed() {
            let room = self.shared.room.listen();
            // Checked again after listening, so a notification in between is not missed.
            if !self.is_full() || self.is_closed() {
                break;
            }
            room.await;
        }
        self.push(queued)
    }

    /// Queues `queued` without waiting; gives it back when the queue is full or closed.
    pub(crate) fn try_send(&self, queued: Queued) -> Result<(), Queued> {
        if self.is_full() {
            return Err(queued);
        }
        self.push(queued)
    }

    /// Whether the driver is gone.
    pub(crate) fn is_closed(&self) -> bool {
        self.shared.closed.load(Ordering::Acquire)
    }

    /// Whether nothing waits in the queue.
    pub(crate) fn is_empty(&self) -> bool {
        self.shared.len.load(Ordering::Acquire) == 0
    }

    fn is_full(&self) -> bool {
        self.shared.len.load(Ordering::Acquire) >= self.capacity
    }

    fn push(&self, queued: Queued) -> Result<(), Queued> {
        let wake = {
            let mut items = self.shared.items();
            // Checked under the lock: `close` sets it under the lock too, so nothing is
            // queued after the driver has taken its last look.
            if self.shared.closed.load(Ordering::Acquire) {
                return Err(queued);
            }
            let deadline = queued.1.deadline();
            let was_empty = items.queue.is_empty();
            let sooner = deadline.is_some_and(|at| items.earliest.is_none_or(|e| at < e));
            if sooner {
                items.earliest = deadline;
            }
            items.queue.push_back(queued);
            self.shared.len.store(items.queue.len(), Ordering::Release);
            // The driver needs this request now if it may be idle (it registers when it
            // finds the queue empty), or if its deadline comes before any it knows of (its
            // alarm may be set too late: see `Driver::watch_queue`). Otherwise it takes this
            // request with the others, in time.
            was_empty || sooner
        };
        if wake {
            // Only wakes a driver that registered since it last woke.
            self.shared.driver.wake();
        }
        Ok(())
    }
}

/// The driver's end.
#[derive(Debug)]
pub(crate) struct Requests {
    shared: Arc<Shared>,
}

impl Requests {
    /// The next request, registering for a wake-up when there is none; `Ready(None)` once
    /// every handle is gone (or the queue was closed) and nothing is left.
    pub(crate) fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Queued>> {
        if let Some(queued) = self.shared.pop() {
            return Poll::Ready(Some(queued));
        }
        self.shared.driver.register(cx.waker());
        // Looked at again after registering: a request queued in between has not woken us.
        if let Some(queued) = self.shared.pop() {
            return Poll::Ready(Some(queued));
        }
        if self.is_closed() {
            return Poll::Ready(None);
        }
        Poll::Pending
    }

    /// Tells callers waiting for room that the driver took requests.
    pub(crate) fn made_room(&self) {
        self.shared.room.notify(usize::MAX);
    }

    /// Whether nothing waits in the queue.
    pub(crate) fn is_empty(&self) -> bool {
        self.shared.len.load(Ordering::Acquire) == 0
    }

    /// A queued request, if any, without waiting.
    pub(crate) fn try_recv(&mut self) -> Option<Queued> {
        self.shared.pop()
    }

    /// Registers for a wake-up when a request is queued with an earlier deadline than any
    /// queued now (or into an empty queue), without taking anything: for a driver that
    /// cannot write now but must keep its alarm in time. `false` once every handle is gone
    /// and nothing is left.
    pub(crate) fn watch(&mut self, cx: &mut Context<'_>) -> bool {
        self.shared.driver.register(cx.waker());
        !(self.is_closed() && self.shared.len.load(Ordering::Acquire) == 0)
    }

    /// No queued request has an earlier deadline than this (see [`Requests::expire`]).
    /// Costs one atomic load while the queue is empty, as it is whenever the driver keeps up.
    pub(crate) fn earliest_deadline(&self) -> Option<Instant> {
        if self.shared.len.load(Ordering::Acquire) == 0 {
            return None;
        }
        self.shared.items().earliest
    }

    /// Ends every queued request whose deadline is at or before `now` with `error` (none of
    /// them was sent), wherever it waits in the queue; the rest keep their order. The queue
    /// is only scanned when its earliest deadline has come.
    pub(crate) fn expire(&mut self, now: Instant, error: &Error) {
        if self.shared.len.load(Ordering::Acquire) == 0 {
            return;
        }
        let removed = {
            let mut items = self.shared.items();
            if items.earliest.is_none_or(|at| at > now) {
                return;
            }
            let before = items.queue.len();
            let mut left = None;
            items.queue.retain_mut(|(_, waiter)| {
                if waiter.is_due(now) {
                    // Nobody waits for it after this: its caller is answered here.
                    waiter.finish(Err(error.clone()));
                    return false;
                }
                left = earliest(left, waiter.deadline());
                true
            });
            items.earliest = left;
            self.shared.len.store(items.queue.len(), Ordering::Release);
            before - items.queue.len()
        };
        if removed > 0 {
            self.made_room();
        }
    }

    /// Whether every handle is gone (or the queue was closed).
    pub(crate) fn is_closed(&self) -> bool {
        self.shared.senders.load(Ordering::Acquire) == 0
            || self.shared.closed.load(Ordering::Acquire)
    }

    /// Refuses further requests; those already queued stay until taken or dropped.
    pub(crate) fn close(&mut self) {
        {
            let _items = self.shared.items();
            self.shared.closed.store(true, Ordering::Release);
        }
        self.made_room();
    }
}

impl Drop for Requests {
    fn drop(&mut self) {
        // Callers waiting for room must see that the driver is gone, and callers whose
        // request is still queued must not wait for it: their waiters are dropped here
        // (outside the lock), which ends their wait.
        self.close();
        let left = std::mem::take(&mut self.shared.items().queue);
        self.shared.len.store(0, Ordering::Release);
        drop(left);
    }
}

#[cfg(test)]
mod tests;
