//! Direct requests: a caller that finds its connection idle writes its request and reads the
//! reply in its own task, instead of handing both to the connection task.
//!
//! Through the connection task, a request crosses two tasks: the caller wakes the task, which
//! writes; the reply wakes the task, which wakes the caller. When the caller runs on another
//! thread than the task (a `block_on` in `main`, another worker), each crossing is a thread
//! wake-up, and a lone caller waits for both on every request. A caller that writes and reads
//! itself is woken by the socket directly, as a program driving its own socket would be.
//!
//! Only an idle connection is taken this way (nothing queued, in flight or unwritten): with
//! other requests about, the connection task batches them into one write, which is what
//! makes many concurrent callers cheap.
//!
//! The connection task stays in charge of everything else: reconnecting, deadlines, the
//! health check, and the socket whenever no caller drives it.
//!
//! # Who the socket wakes
//! A socket remembers one waker per direction, and async-io wakes the one it replaces: a
//! caller and the task polling the socket in turn would wake each other for as long as the
//! caller waits. So the socket is only ever polled with one waker, [`Forward`], which wakes
//! whoever drives it now: the task, or a caller between writing its request and receiving
//! its reply. Handing the socket over is changing who that is, without touching the socket.
//! A caller that is done, or dropped, hands it back ([`Direct::hand_back`]) and reads once
//! more on the task's behalf, so nothing that arrived meanwhile waits unread.

use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Instant;

use resp_core::{Error, Reply};

use crate::deadline::ReplyReceiver;
use crate::driver::{Driver, Io, Queued};
use crate::runtime::Socket;

/// A connection's driver, shared by its task and the callers that find it idle.
pub(crate) struct Direct<S> {
    slot: Mutex<Slot<S>>,
    forward: Arc<Forward>,
}

/// The waker the socket is polled with: it wakes whoever drives the socket now.
#[derive(Default)]
struct Forward {
    driver: Mutex<Option<Waker>>,
}

impl Forward {
    fn drive_by(&self, waker: &Waker) {
        let mut driver = self
            .driver
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !driver.as_ref().is_some_and(|d| d.will_wake(waker)) {
            *driver = Some(waker.clone());
        }
    }
}

impl Wake for Forward {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        let driver = self
            .driver
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(driver) = &*driver {
            driver.wake_by_ref();
        }
    }
}

/// What [`Direct`] guards.
pub(crate) struct Slot<S> {
    pub(crate) driver: Driver<S>,
    /// Whether the driver's socket is up and may be written directly: not while the task
    /// reconnects, never on a subscriber connection (its pushes need the task).
    pub(crate) open: bool,
    /// The connection task's waker, as of its last turn.
    task: Option<Waker>,
    /// The task's alarm rings by then at the latest (`None`: it is not armed): a direct
    /// request with an earlier deadline wakes the task to arm it.
    alarm_by: Option<Instant>,
    /// [`Forward`] as a waker, for each new driver.
    socket_waker: Waker,
}

impl<S: Socket> Direct<S> {
    /// Shares `driver`, the connection task's from the start.
    pub(crate) fn new(mut driver: Driver<S>) -> Self {
        let forward = Arc::new(Forward::default());
        let socket_waker = Waker::from(forward.clone());
        driver.set_socket_waker(socket_waker.clone());
        Direct {
            slot: Mutex::new(Slot {
                open: !driver.is_subscriber(),
                driver,
                task: None,
                alarm_by: None,
                socket_waker,
            }),
            forward,
        }
    }

    /// The slot, for the connection task, which drives the socket from now on (`task`: its
    /// waker).
    pub(crate) fn lock_for_task(&self, task: &Waker) -> MutexGuard<'_, Slot<S>> {
        let mut slot = self.lock();
        if !slot.task.as_ref().is_some_and(|t| t.will_wake(task)) {
            slot.task = Some(task.clone());
        }
        self.forward.drive_by(task);
        slot
    }

    /// The slot, for the connection task between its turns (nothing is polled).
    pub(crate) fn lock(&self) -> MutexGuard<'_, Slot<S>> {
        // Nothing in the slot is left half-changed by a panic that matters more than the
        // connection: use it as it is.
        self.slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn try_lock(&self) -> Option<MutexGuard<'_, Slot<S>>> {
        match self.slot.try_lock() {
            Ok(slot) => Some(slot),
            Err(TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        }
    }

    /// Writes `queued` at once when the connection is idle and nothing waits in the queue
    /// (`queue_empty`); gives it back otherwise, for the queue.
    pub(crate) fn try_send(&self, queued: Queued, queue_empty: bool) -> Result<(), Queued> {
        if !queue_empty {
            return Err(queued);
        }
        let Some(mut slot) = self.try_lock() else {
            return Err(queued);
        };
        if !slot.open || !slot.driver.is_idle() {
            return Err(queued);
        }
        let (request, waiter) = queued;
        let deadline = waiter.deadline();
        let written = slot.driver.write_now(request, waiter);
        let unarmed = deadline.is_some_and(|at| slot.alarm_by.is_none_or(|armed| armed > at));
        if !written || unarmed {
            slot.wake_task();
        }
        Ok(())
    }

    /// Drives the socket for a caller waiting on a request it wrote itself; [`Io::Failed`]
    /// when the connection is down or failed (the task takes over). While someone else
    /// holds the slot, [`Io::Again`]: the holder may be a caller that reads nothing (one
    /// finding the connection busy), and the wake-up that brought this caller here is spent.
    fn drive(&self, cx: &mut Context<'_>) -> Io {
        let Some(mut slot) = self.try_lock() else {
            return Io::Again;
        };
        if !slot.open {
            return Io::Failed;
        }
        self.forward.drive_by(cx.waker());
        let io = slot.driver.poll_io(cx);
        if io == Io::Failed {
            slot.wake_task();
        }
        io
    }

    /// Gives the socket back to the connection task after a caller drove it, and reads
    /// what arrived meanwhile on its behalf; the task is woken when there may be more.
    fn hand_back(&self) {
        let mut slot = self.lock();
        let Some(task) = slot.task.clone() else {
            return;
        };
        self.forward.drive_by(&task);
        if slot.open && slot.driver.poll_io(&mut Context::from_waker(&task)) != Io::Waiting {
            task.wake();
        }
    }
}

impl<S: Socket> Slot<S> {
    /// Replaces the driver (after a reconnect); callers may use it directly again unless it
    /// is a subscriber's.
    pub(crate) fn install(&mut self, mut driver: Driver<S>) {
        driver.set_socket_waker(self.socket_waker.clone());
        self.open = !driver.is_subscriber();
        self.driver = driver;
    }
}

impl<S> Slot<S> {
    /// Notes when the task's alarm will ring at the latest.
    pub(crate) fn set_alarm(&mut self, at: Option<Instant>) {
        self.alarm_by = at;
    }

    fn wake_task(&self) {
        if let Some(task) = &self.task {
            task.wake_by_ref();
        }
    }
}

/// The reply to a request: from the connection task, or, for a request written directly,
/// read by the caller itself while it waits.
pub(crate) struct ReplyFuture<'a, S: Socket> {
    receiver: ReplyReceiver,
    direct: &'a Direct<S>,
    /// Whether this caller wrote directly and may hold the socket's wake-ups.
    driving: bool,
}

impl<'a, S: Socket> ReplyFuture<'a, S> {
    pub(crate) fn new(receiver: ReplyReceiver, direct: &'a Direct<S>, driving: bool) -> Self {
        ReplyFuture {
            receiver,
            direct,
            driving,
        }
    }

    fn finish(&mut self) {
        if std::mem::take(&mut self.driving) {
            self.direct.hand_back();
        }
    }
}

impl<S: Socket> std::future::Future for ReplyFuture<'_, S> {
    /// `None` when the connection task ended with the request queued or in flight.
    type Output = Option<Result<Reply, Error>>;

    fn poll(self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let mut again = false;
        if this.driving {
            if let Poll::Ready(result) = std::pin::Pin::new(&mut this.receiver).poll(cx) {
                this.finish();
                return Poll::Ready(result.ok());
            }
            match this.direct.drive(cx) {
                Io::Waiting => {}
                Io::Again => again = true,
                Io::Failed => this.driving = false,
            }
        }
        match std::pin::Pin::new(&mut this.receiver).poll(cx) {
            Poll::Ready(result) => {
                this.finish();
                Poll::Ready(result.ok())
            }
            Poll::Pending => {
                if again {
                    // Someone else's replies, or the budget ran out, with more to read:
                    // nothing but this will poll the socket again.
                    cx.waker().wake_by_ref();
                }
                Poll::Pending
            }
        }
    }
}

impl<S: Socket> Drop for ReplyFuture<'_, S> {
    fn drop(&mut self) {
        // Cut short (a timeout around it, a dropped future): the task must own the socket's
        // wake-ups again, or a reply still to come would wait for the next request.
        self.finish();
    }
}
