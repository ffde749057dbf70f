//! The request queue between a client's handles and its driver: storage that grows as it
//! fills (an idle client holds no slots), bounded by a count that callers wait on.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use event_listener::Event;
use futures_lite::Stream;

use crate::driver::Queued;

/// A queue holding at most `capacity` requests (a few more when many tasks race for the last
/// places at once).
pub(crate) fn channel(capacity: usize) -> (RequestSender, Requests) {
    // Unbounded storage: a bounded channel would allocate every slot up front, 256 KiB per
    // client at the default capacity. The bound is kept here instead.
    let (sender, receiver) = async_channel::unbounded();
    let room = Arc::new(Event::new());
    let sender = RequestSender {
        sender,
        room: room.clone(),
        capacity: capacity.max(1),
    };
    let requests = Requests {
        receiver: Box::pin(receiver),
        room,
    };
    (sender, requests)
}

/// The handles' end: queue a request, waiting while the queue is full.
#[derive(Clone, Debug)]
pub(crate) struct RequestSender {
    sender: async_channel::Sender<Queued>,
    room: Arc<Event>,
    capacity: usize,
}

impl RequestSender {
    /// Queues `queued` once there is room; gives it back when the driver is gone.
    pub(crate) async fn send(&self, queued: Queued) -> Result<(), Queued> {
        while self.sender.len() >= self.capacity && !self.sender.is_closed() {
            let room = self.room.listen();
            // Checked again after listening, so a notification in between is not missed.
            if self.sender.len() < self.capacity || self.sender.is_closed() {
                break;
            }
            room.await;
        }
        self.sender.try_send(queued).map_err(|e| e.into_inner())
    }

    /// Queues `queued` without waiting; gives it back when the queue is full or closed.
    pub(crate) fn try_send(&self, queued: Queued) -> Result<(), Queued> {
        if self.sender.len() >= self.capacity {
            return Err(queued);
        }
        self.sender.try_send(queued).map_err(|e| e.into_inner())
    }

    /// Whether the driver is gone.
    pub(crate) fn is_closed(&self) -> bool {
        self.sender.is_closed()
    }
}

/// The driver's end.
#[derive(Debug)]
pub(crate) struct Requests {
    // Boxed: the receiver is `!Unpin`.
    receiver: Pin<Box<async_channel::Receiver<Queued>>>,
    room: Arc<Event>,
}

impl Requests {
    /// The next request, registering for a wake-up when there is none; `Ready(None)` once
    /// every handle is gone.
    pub(crate) fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Queued>> {
        self.receiver.as_mut().poll_next(cx)
    }

    /// Tells callers waiting for room that the driver took requests.
    pub(crate) fn made_room(&self) {
        self.room.notify(usize::MAX);
    }

    /// A queued request, if any, without waiting.
    pub(crate) fn try_recv(&mut self) -> Option<Queued> {
        self.receiver.try_recv().ok()
    }

    /// Whether every handle is gone (or the queue was closed).
    pub(crate) fn is_closed(&self) -> bool {
        self.receiver.is_closed()
    }

    /// Refuses further requests.
    pub(crate) fn close(&mut self) {
        self.receiver.close();
        self.made_room();
    }
}

impl Drop for Requests {
    fn drop(&mut self) {
        // Callers waiting for room must see that the driver is gone.
        self.close();
    }
}
