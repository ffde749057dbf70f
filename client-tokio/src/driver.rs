//! The driver task: the only code that touches the socket. It moves requests from the queue
//! into the [`Connection`], bytes between the connection and the socket, and results back to
//! the waiting tasks.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, BytesMut};
use resp_core::{Connection, Error, Event, Reply, Request, Value};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{mpsc, oneshot};
use tokio_util::io::poll_read_buf;

/// Where a request's result goes; a dropped receiver (the caller gave up) is fine.
pub(crate) type Tag = oneshot::Sender<Result<Reply, Error>>;
/// What a [`crate::Client`] queues for the driver.
pub(crate) type Message = (Request, Tag);

/// At most this many queued requests go into one write.
const MAX_BATCH: usize = 1024;
/// Bytes read per read call.
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

/// Where a subscriber connection's pub/sub frames go.
pub(crate) type Pushes = mpsc::UnboundedSender<Value>;

/// One connection's I/O loop.
pub(crate) struct Driver<S> {
    stream: S,
    pub(crate) conn: Connection<Tag>,
    read_buf: BytesMut,
    write_buf: BytesMut,
    pushes: Option<Pushes>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Driver<S> {
    /// A driver for a handshaken connection; with `pushes`, a subscriber connection whose
    /// pub/sub frames go there.
    pub(crate) fn new(
        stream: S,
        mut conn: Connection<Tag>,
        read_buf: BytesMut,
        pushes: Option<Pushes>,
    ) -> Self {
        if pushes.is_some() {
            conn.set_subscriber();
        }
        Driver {
            stream,
            conn,
            read_buf,
            write_buf: BytesMut::new(),
            pushes,
        }
    }

    /// Takes queued requests, but only once the last batch is written: everything that
    /// queued up meanwhile then goes out in the next write.
    /// Returns `None` when every sender is gone.
    fn poll_requests(
        &mut self,
        cx: &mut Context<'_>,
        requests: &mut mpsc::Receiver<Message>,
    ) -> Option<bool> {
        if !self.write_buf.is_empty() {
            return Some(false);
        }
        let mut taken = 0;
        while taken < MAX_BATCH {
            match requests.poll_recv(cx) {
                Poll::Ready(Some((request, tag))) => {
                    self.conn.send(request, tag);
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
            match Pin::new(&mut self.stream).poll_write(cx, &self.write_buf) {
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
            // Read into spare capacity: zero-filling a fresh chunk before every read (including
            // the last one of each wake-up, which returns Pending) cost most of the driver's
            // instructions under callgrind. `reserve` only allocates when the space is gone.
            self.read_buf.reserve(READ_CHUNK);
            match poll_read_buf(Pin::new(&mut self.stream), cx, &mut self.read_buf) {
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
                        let _ = pushes.send(value);
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
        requests: &mut mpsc::Receiver<Message>,
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
