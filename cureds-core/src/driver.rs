//! The driver: the only code that touches the socket. It moves requests from the queue into
//! the [`Connection`], bytes between the connection and the socket, and results back to the
//! waiting tasks. The connection task runs it; a lone caller on an idle connection runs its
//! write and read steps itself (see `direct.rs`).

use std::task::{Context, Poll, Waker};
use std::time::Instant;

use bytes::{Buf, BytesMut};
use resp_core::{Connection, Error, Event, Request, Value};

use crate::deadline::{earliest, Waiter};
use crate::queue::Requests;
use crate::runtime::Socket;

/// What a [`Client`](crate::Client) queues for the driver: a request, and where and by when
/// its reply goes.
pub(crate) type Queued = (Request, Waiter);

/// Where a subscriber connection's pub/sub frames go: a bounded channel, so a subscriber
/// that does not keep up stops the driver reading its socket (see [`Driver::deliver_events`]).
pub(crate) type Pushes = futures_channel::mpsc::Sender<Value>;

/// At most this many queued requests go into one write.
const MAX_BATCH: usize = 1024;
/// Spare room reserved before each read (outside a bulk string whose length is known).
const READ_CHUNK: usize = 16 * 1024;
/// A bulk string with more than this still to come is read into room reserved for exactly
/// its rest, and handed out in an allocation nothing else shares (see [`Driver::poll_read`]).
const LARGE_BULK: usize = 64 * 1024;
/// Reads in a row while nothing completes (a large reply), before other work gets a turn.
const MAX_READS: usize = 256;
/// Rounds of work before the driver yields to other tasks.
const BUDGET: usize = 32;

/// Why [`Driver::poll_run`] stopped.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Every client handle is gone: nobody can wait for anything any more.
    HandlesGone,
    /// The connection failed; in-flight requests have been failed, unsent ones are still in
    /// the [`Connection`].
    Lost,
}

/// One connection's I/O loop.
pub(crate) struct Driver<S> {
    socket: S,
    pub(crate) conn: Connection<Waiter>,
    read_buf: BytesMut,
    /// Whether `read_buf` holds a large bulk string, sized for it: once its reply is decoded,
    /// the rest of the buffer moves out of that allocation before anything is handed out.
    bulk_sized: bool,
    write_buf: BytesMut,
    pushes: Option<Pushes>,
    /// A push the subscriber had no room for yet; while it waits, nothing more is read.
    held_push: Option<Value>,
    /// Whether anything was read since the health check last looked.
    heard: bool,
    /// Whether the connection delivered a reply to anyone (it served, so it was healthy).
    served: bool,
    /// No request taken from the queue since the last [`Driver::expire`] has an earlier
    /// deadline than this (those still queued: [`Requests::earliest_deadline`]).
    next_deadline: Option<Instant>,
    /// The socket failed while a caller drove it ([`Driver::poll_io`]): the connection task
    /// treats the connection as lost at its next turn.
    broken: bool,
    /// The waker the socket is polled with, whoever polls it (see `direct.rs`): it wakes
    /// whichever task drives the socket now. `None`: the poller's own.
    socket_waker: Option<Waker>,
    /// Whether the last read stopped because the socket had nothing more (so its waker is
    /// registered), rather than to hand out what it decoded.
    read_blocked: bool,
}

/// How far [`Driver::poll_io`] got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Io {
    /// The socket has nothing more for now: its waker will be woken.
    Waiting,
    /// Replies were handed out, or the round's budget ran out, before the socket said it had
    /// nothing more: whoever polled must poll again (nothing else will wake it).
    Again,
    /// The socket failed: the connection task must handle the loss.
    Failed,
}

impl<S: Socket> Driver<S> {
    /// A driver for a handshaken connection; with `pushes`, a subscriber connection whose
    /// pub/sub frames go there.
    pub(crate) fn new(
        socket: S,
        mut conn: Connection<Waiter>,
        read_buf: BytesMut,
        pushes: Option<Pushes>,
    ) -> Self {
        if pushes.is_some() {
            conn.set_subscriber();
        }
        Driver {
            socket,
            conn,
            read_buf,
            bulk_sized: false,
            write_buf: BytesMut::new(),
            pushes,
            held_push: None,
            heard: false,
            served: false,
            next_deadline: None,
            broken: false,
            socket_waker: None,
            read_blocked: false,
        }
    }

    /// Polls the socket with `waker` from now on, whoever polls the driver.
    pub(crate) fn set_socket_waker(&mut self, waker: Waker) {
        self.socket_waker = Some(waker);
    }

    /// The waker to poll the socket with, for a poller whose context is `cx`.
    fn socket_waker(&self, cx: &Context<'_>) -> Waker {
        self.socket_waker
            .clone()
            .unwrap_or_else(|| cx.waker().clone())
    }

    /// Whether nothing is under way: nothing in flight, unsent, unwritten or undelivered,
    /// and the connection is a healthy non-subscriber one. Only then may a caller write its
    /// request itself ([`Driver::write_now`]).
    pub(crate) fn is_idle(&self) -> bool {
        self.conn.in_flight() == 0
            && self.conn.queued() == 0
            && self.write_buf.is_empty()
            && !self.conn.has_events()
            && self.pushes.is_none()
            && !self.broken
    }

    /// Queues a request and writes it at once, from the caller's task, without waiting:
    /// `false` when the socket did not take all of it (the connection task must write the
    /// rest) or failed (it must handle the loss).
    pub(crate) fn write_now(&mut self, request: Request, waiter: Waiter) -> bool {
        self.queue(request, waiter);
        self.conn.poll_transmit(&mut self.write_buf);
        // The rest of a partial write is the connection task's: it is told to take over.
        let waker = self.socket_waker(&Context::from_waker(Waker::noop()));
        match self.poll_write(&mut Context::from_waker(&waker)) {
            Ok(_) => self.write_buf.is_empty(),
            Err(_) => {
                self.broken = true;
                false
            }
        }
    }

    /// Writes, reads and hands out replies for whoever polls: a caller waiting for its reply
    /// on a connection it wrote to itself, or a caller giving the socket back to the
    /// connection task (with the task's waker). Stops once replies were handed out (the
    /// caller's may be among them) or the socket has nothing more.
    pub(crate) fn poll_io(&mut self, cx: &mut Context<'_>) -> Io {
        if self.broken {
            return Io::Failed;
        }
        let waker = self.socket_waker(cx);
        let socket_cx = &mut Context::from_waker(&waker);
        for _ in 0..BUDGET {
            let step = self
                .poll_write(socket_cx)
                .and_then(|_| self.poll_read(socket_cx));
            let (_, answered) = self.deliver_events(cx);
            if step.is_err() {
                self.broken = true;
                return Io::Failed;
            }
            if answered > 0 {
                return Io::Again;
            }
            if self.read_blocked {
                return Io::Waiting;
            }
        }
        Io::Again
    }

    /// Hands a request to the connection, noting its deadline.
    pub(crate) fn queue(&mut self, request: Request, waiter: Waiter) {
        self.next_deadline = earliest(self.next_deadline, waiter.deadline());
        self.conn.send(request, waiter);
    }

    /// The earliest deadline among the requests the driver holds and those still queued
    /// (or an earlier time, when that request has been answered since): when to call
    /// [`Driver::expire`]. Read after [`Driver::poll_run`] or [`Driver::watch_queue`]
    /// registered for the queue's wake-ups, so a request queued later with an earlier
    /// deadline wakes the task to ask again.
    pub(crate) fn next_deadline(&self, requests: &Requests) -> Option<Instant> {
        earliest(self.next_deadline, requests.earliest_deadline())
    }

    /// Answers every caller whose deadline has passed, wherever its request waits:
    /// [`Error::Timeout`] for requests written (their replies are still read, then dropped),
    /// `unsent` for requests not written yet (in the connection or still in the queue),
    /// which are dropped. Called when the alarm rings, so the scan over what the driver
    /// holds is paid once per deadline that comes, not per request; the queue is scanned
    /// only when its own earliest deadline has come.
    pub(crate) fn expire(&mut self, now: Instant, requests: &mut Requests, unsent: &Error) {
        let mut next = None;
        for waiter in self.conn.in_flight_tags_mut() {
            if waiter.is_due(now) {
                waiter.finish(Err(Error::Timeout));
            } else {
                next = earliest(next, waiter.deadline());
            }
        }
        self.conn.retain_unsent(|waiter| {
            if waiter.is_due(now) {
                waiter.finish(Err(unsent.clone()));
                return false;
            }
            next = earliest(next, waiter.deadline());
            true
        });
        // The queue keeps its own earliest deadline (see `next_deadline`).
        requests.expire(now, unsent);
        self.next_deadline = next;
    }

    /// While requests cannot be written (a write in progress, a connection being
    /// re-established), they stay in the queue, which bounds them; the task registers for
    /// its wake-ups, so a request queued meanwhile with an earlier deadline than any the
    /// task knows of makes it set its alarm sooner ([`Driver::next_deadline`]). `false` once
    /// every handle is gone.
    pub(crate) fn watch_queue(&mut self, cx: &mut Context<'_>, requests: &mut Requests) -> bool {
        requests.watch(cx)
    }

    /// Whether anything was read since the last call.
    pub(crate) fn take_heard(&mut self) -> bool {
        std::mem::take(&mut self.heard)
    }

    /// Whether the connection answered at least one request.
    pub(crate) fn served(&self) -> bool {
        self.served
    }

    /// Whether this is a subscriber connection.
    pub(crate) fn is_subscriber(&self) -> bool {
        self.pushes.is_some()
    }

    /// Takes queued requests, but only once the last batch is written: everything that
    /// queued up meanwhile then goes out in the next write.
    /// Returns `None` when every sender is gone.
    fn poll_requests(&mut self, cx: &mut Context<'_>, requests: &mut Requests) -> Option<bool> {
        if !self.write_buf.is_empty() {
            return self.watch_queue(cx, requests).then_some(false);
        }
        let mut taken = 0;
        while taken < MAX_BATCH {
            match requests.poll_next(cx) {
                Poll::Ready(Some((request, waiter))) => {
                    self.queue(request, waiter);
                    taken += 1;
                }
                Poll::Ready(None) => return None,
                Poll::Pending => break,
            }
        }
        if taken > 0 {
            requests.made_room();
        }
        self.conn.poll_transmit(&mut self.write_buf);
        Some(taken > 0)
    }

    fn poll_write(&mut self, cx: &mut Context<'_>) -> Result<bool, Error> {
        let mut progress = false;
        while !self.write_buf.is_empty() {
            match self.socket.poll_write(cx, &self.write_buf) {
                Poll::Ready(Ok(0)) => return Err(Error::ConnectionLost),
                Poll::Ready(Ok(n)) => {
                    self.write_buf.advance(n);
                    progress = true;
                }
                Poll::Ready(Err(e)) => return Err(e.into()),
                Poll::Pending => break,
            }
        }
        Ok(progress)
    }

    /// Reads and decodes until something completes (or the socket has nothing more), so the
    /// events a read produces are delivered before more is read: a peer that keeps the socket
    /// readable cannot make decoded events pile up, and a large reply is read in one go.
    fn poll_read(&mut self, cx: &mut Context<'_>) -> Result<bool, Error> {
        let mut progress = false;
        self.read_blocked = false;
        for _ in 0..MAX_READS {
            if self.held_push.is_some() || self.conn.has_events() {
                // Deliver first. A held push is back-pressure: the subscriber is behind, and
                // the socket (then redis-server's output buffer, with its own limit) holds
                // the rest.
                break;
            }
            // Inside a bulk string the decoder knows how much is still to come. For a large
            // one, room for exactly that is reserved, once (`reserve` does nothing while the
            // spare room suffices), and the socket reads no more than the spare room: asking
            // for more (a full chunk for its last bytes) would reallocate the whole bulk at
            // its end, and read the replies after it into its allocation. Small replies keep
            // a full chunk of room, so one read takes many of them.
            match self.conn.read_hint(self.read_buf.len()) {
                Some(pending) if pending > LARGE_BULK || (self.bulk_sized && pending > 0) => {
                    self.bulk_sized = true;
                    self.read_buf.reserve(pending);
                }
                Some(pending) => self.read_buf.reserve(pending.max(READ_CHUNK)),
                None => self.read_buf.reserve(READ_CHUNK),
            }
            match self.socket.poll_read_buf(cx, &mut self.read_buf) {
                Poll::Ready(Ok(0)) => return Err(Error::ConnectionLost),
                Poll::Ready(Ok(_)) => {
                    self.heard = true;
                    self.conn.handle_read(&mut self.read_buf)?;
                    if self.bulk_sized && self.conn.has_events() {
                        // The large bulk is decoded (its reply is ready): what is left of
                        // the buffer moves to an allocation of its own, so the reply's
                        // bytes are its caller's alone. While the buffer shared them, a
                        // caller converting the reply to an owned `Vec<u8>` or `String`
                        // copied all of it (twice the value's size, until the driver's
                        // next read let go).
                        self.read_buf = BytesMut::from(&self.read_buf[..]);
                        self.bulk_sized = false;
                    }
                    progress = true;
                }
                Poll::Ready(Err(e)) => return Err(e.into()),
                Poll::Pending => {
                    self.read_blocked = true;
                    if self.read_buf.is_empty() && self.conn.in_flight() == 0 {
                        // Idle: an idle client keeps no read buffer (16 KiB or more).
                        self.read_buf = BytesMut::new();
                        self.bulk_sized = false;
                        self.socket.release_read_memory();
                    }
                    break;
                }
            }
        }
        Ok(progress)
    }

    /// Hands replies to their callers and pushes to the subscriber, in order. Stops at a push
    /// the subscriber has no room for (it is held, and the subscriber's next read wakes the
    /// driver); returns whether a held push went out, and how many replies were handed out.
    fn deliver_events(&mut self, cx: &mut Context<'_>) -> (bool, usize) {
        let mut unblocked = false;
        let mut answered = 0;
        if let Some(value) = self.held_push.take() {
            match self.offer_push(cx, value) {
                Some(value) => {
                    self.held_push = Some(value);
                    return (false, 0);
                }
                None => unblocked = true,
            }
        }
        while let Some(event) = self.conn.poll_event() {
            match event {
                Event::Reply { mut tag, result } => {
                    self.served = true;
                    answered += 1;
                    // Nobody waits when the caller's future was dropped or timed out: the
                    // reply was consumed all the same, so nothing can desync.
                    tag.finish(result);
                }
                Event::Push(value) => {
                    if let Some(value) = self.offer_push(cx, value) {
                        self.held_push = Some(value);
                        break;
                    }
                }
                _ => {}
            }
        }
        (unblocked, answered)
    }

    /// Fails every waiting caller after [`Connection::handle_connection_lost`]; pushes that
    /// were still waiting for room are dropped with the connection (a new one will
    /// subscribe again).
    pub(crate) fn deliver_events_after_loss(&mut self) {
        self.held_push = None;
        while let Some(event) = self.conn.poll_event() {
            if let Event::Reply { mut tag, result } = event {
                tag.finish(result);
            }
        }
    }

    /// Gives a push to the subscriber; hands it back when there is no room yet. Pushes on a
    /// connection with no subscriber, or whose subscriber is gone, are dropped.
    fn offer_push(&mut self, cx: &mut Context<'_>, value: Value) -> Option<Value> {
        let pushes = self.pushes.as_mut()?;
        match pushes.poll_ready(cx) {
            Poll::Ready(Ok(())) => {
                let _ = pushes.start_send(value);
                None
            }
            Poll::Ready(Err(_)) => None,
            Poll::Pending => Some(value),
        }
    }

    /// Runs the connection until it is lost or every client handle is gone.
    pub(crate) fn poll_run(
        &mut self,
        cx: &mut Context<'_>,
        requests: &mut Requests,
    ) -> Poll<Outcome> {
        if self.broken {
            self.conn.handle_connection_lost();
            self.deliver_events_after_loss();
            return Poll::Ready(Outcome::Lost);
        }
        let waker = self.socket_waker(cx);
        let socket_cx = &mut Context::from_waker(&waker);
        for _ in 0..BUDGET {
            let Some(took) = self.poll_requests(cx, requests) else {
                return Poll::Ready(Outcome::HandlesGone);
            };
            let step = self
                .poll_write(socket_cx)
                .and_then(|wrote| Ok(wrote | self.poll_read(socket_cx)?));
            let (unblocked, answered) = self.deliver_events(cx);
            match step {
                Ok(_) if answered > 1 && self.write_buf.is_empty() => {
                    // Let the callers just answered run first: their next requests then go
                    // out in one write, rather than the first few each in a write of its own
                    // while the rest are still being scheduled.
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
                Ok(io) if took | io | unblocked => {}
                Ok(_) => return Poll::Pending,
                Err(_) => {
                    self.conn.handle_connection_lost();
                    self.deliver_events_after_loss();
                    return Poll::Ready(Outcome::Lost);
                }
            }
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
