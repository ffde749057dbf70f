//! The driver: the only code that touches the socket. It moves requests from the queue into
//! the [`Connection`], bytes between the connection and the socket, and results back to the
//! waiting tasks.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, BytesMut};
use futures_lite::Stream;
use resp_core::{Connection, Error, Event, Reply, Request, Value};

use crate::runtime::Socket;

/// Where a request's result goes; a dropped receiver (the caller gave up) is fine.
pub(crate) type ReplySlot = futures_channel::oneshot::Sender<Result<Reply, Error>>;

/// What a [`Client`](crate::Client) queues for the driver: a request and where its reply
/// goes.
pub(crate) type Queued = (Request, ReplySlot);

/// The driver's end of the request queue, boxed because the receiver is `!Unpin`.
pub(crate) type Requests = Pin<Box<async_channel::Receiver<Queued>>>;

/// Where a subscriber connection's pub/sub frames go.
pub(crate) type Pushes = async_channel::Sender<Value>;

/// At most this many queued requests go into one write.
const MAX_BATCH: usize = 1024;
/// Spare room reserved before each read.
const READ_CHUNK: usize = 16 * 1024;
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
    pub(crate) conn: Connection<ReplySlot>,
    read_buf: BytesMut,
    write_buf: BytesMut,
    pushes: Option<Pushes>,
}

impl<S: Socket> Driver<S> {
    /// A driver for a handshaken connection; with `pushes`, a subscriber connection whose
    /// pub/sub frames go there.
    pub(crate) fn new(
        socket: S,
        mut conn: Connection<ReplySlot>,
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
            write_buf: BytesMut::new(),
            pushes,
        }
    }

    /// Takes queued requests, but only once the last batch is written: everything that
    /// queued up meanwhile then goes out in the next write.
    /// Returns `None` when every sender is gone.
    fn poll_requests(&mut self, cx: &mut Context<'_>, requests: &mut Requests) -> Option<bool> {
        if !self.write_buf.is_empty() {
            return Some(false);
        }
        let mut taken = 0;
        while taken < MAX_BATCH {
            match requests.as_mut().poll_next(cx) {
                Poll::Ready(Some((request, reply))) => {
                    self.conn.send(request, reply);
                    taken += 1;
                }
                Poll::Ready(None) => return None,
                Poll::Pending => break,
            }
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

    fn poll_read(&mut self, cx: &mut Context<'_>) -> Result<bool, Error> {
        let mut progress = false;
        loop {
            // `reserve` only allocates when the spare room is gone; the socket reads into the
            // spare room without zero-filling it first.
            self.read_buf.reserve(READ_CHUNK);
            match self.socket.poll_read_buf(cx, &mut self.read_buf) {
                Poll::Ready(Ok(0)) => return Err(Error::ConnectionLost),
                Poll::Ready(Ok(_)) => {
                    self.conn.handle_read(&mut self.read_buf)?;
                    progress = true;
                }
                Poll::Ready(Err(e)) => return Err(e.into()),
                Poll::Pending => return Ok(progress),
            }
        }
    }

    fn deliver_events(&mut self) {
        while let Some(event) = self.conn.poll_event() {
            match event {
                Event::Reply { tag, result } => {
                    // The receiver is gone when the caller's future was dropped or timed
                    // out: the reply was consumed all the same, so nothing can desync.
                    let _ = tag.send(result);
                }
                Event::Push(value) => {
                    if let Some(pushes) = &self.pushes {
                        // Unbounded: never fails while the subscription is alive.
                        let _ = pushes.try_send(value);
                    }
                }
                _ => {}
            }
        }
    }

    /// Runs the connection until it is lost or every client handle is gone.
    pub(crate) fn poll_run(
        &mut self,
        cx: &mut Context<'_>,
        requests: &mut Requests,
    ) -> Poll<Outcome> {
        for _ in 0..BUDGET {
            let Some(took) = self.poll_requests(cx, requests) else {
                return Poll::Ready(Outcome::HandlesGone);
            };
            let step = self
                .poll_write(cx)
                .and_then(|wrote| Ok(wrote | self.poll_read(cx)?));
            self.deliver_events();
            match step {
                Ok(io) if took | io => {}
                Ok(_) => return Poll::Pending,
                Err(_) => {
                    self.conn.handle_connection_lost();
                    self.deliver_events();
                    return Poll::Ready(Outcome::Lost);
                }
            }
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
