//! The request queue between a client's handles and its driver: storage that grows as it
//! fills (an idle client holds no slots), bounded by a count that callers wait on.
//!
//! Written here rather than taken from a channel crate because the driver is its only reader:
//! a send is a lock, a push and at most one wake-up of the driver (none while the driver is
//! awake anyway), with no listener registered per wait. `async-channel` cost measurably more
//! per request here (see BENCHMARKS.md, "The request queue").

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use atomic_waker::AtomicWaker;
use event_listener::Event;

use crate::driver::Queued;

/// A queue holding at most `capacity` requests (a few more when many tasks race for the last
/// places at once).
pub(crate) fn channel(capacity: usize) -> (RequestSender, Requests) {
    let shared = Arc::new(Shared {
        items: Mutex::new(VecDeque::new()),
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

/// What both ends share.
#[derive(Debug)]
struct Shared {
    items: Mutex<VecDeque<Queued>>,
    /// `items.len()`, readable without the lock (for the capacity check).
    len: AtomicUsize,
    /// The driver, when it found the queue empty.
    driver: AtomicWaker,
    /// Live [`RequestSender`]s; at zero nobody can queue anything any more.
    senders: AtomicUsize,
    /// Set (under the lock) when the driver refuses further requests.
    closed: AtomicBool,
    /// Callers waiting for room in a full queue.
    room: Event,
}

impl Shared {
    fn items(&self) -> MutexGuard<'_, VecDeque<Queued>> {
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
        self.len.store(items.len(), Ordering::Release);
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
        {
            let mut items = self.shared.items();
            // Checked under the lock: `close` sets it under the lock too, so nothing is
            // queued after the driver has taken its last look.
            if self.shared.closed.load(Ordering::Acquire) {
                return Err(queued);
            }
            items.push_back(queued);
            self.shared.len.store(items.len(), Ordering::Release);
        }
        // Wakes the driver only if it registered since it last woke: a driver that is busy
        // takes this request in its next round anyway.
        self.shared.driver.wake();
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

    /// A queued request, if any, without waiting.
    pub(crate) fn try_recv(&mut self) -> Option<Queued> {
        self.shared.pop()
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
        let left = std::mem::take(&mut *self.shared.items());
        self.shared.len.store(0, Ordering::Release);
        drop(left);
    }
}

#[cfg(test)]
mod tests;
