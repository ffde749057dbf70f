//! The driver task: the only code that touches the socket. It moves requests from the queue
//! into the [`Connection`], bytes between the connection and the socket, and results back to
//! the waiting tasks.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, BytesMut};
use futures_channel::oneshot;
use futures_lite::{AsyncRead, AsyncWrite, StreamExt};
use resp_core::{Connection, Error, Event, Reply, Request};

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

/// The driver future: runs until every client handle is gone and no reply is pending, or the
/// connection is lost.
pub(crate) struct Driver<S> {
    stream: S,
    conn: Connection<Tag>,
    // Boxed: the receiver is `!Unpin` and the driver moves between tasks' polls.
    requests: Pin<Box<async_channel::Receiver<Message>>>,
    requests_closed: bool,
    read_buf: BytesMut,
    write_buf: BytesMut,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Driver<S> {
    pub(crate) fn new(
        stream: S,
        conn: Connection<Tag>,
        requests: async_channel::Receiver<Message>,
        read_buf: BytesMut,
    ) -> Self {
        Driver {
            stream,
            conn,
            requests: Box::pin(requests),
            requests_closed: false,
            read_buf,
            write_buf: BytesMut::new(),
        }
    }

    /// Takes queued requests, but only once the last batch is written: everything that
    /// queued up meanwhile then goes out in the next write.
    fn poll_requests(&mut self, cx: &mut Context<'_>) -> bool {
        if !self.write_buf.is_empty() || self.requests_closed {
            return false;
        }
        let mut taken = 0;
        while taken < MAX_BATCH {
            match self.requests.as_mut().poll_next(cx) {
                Poll::Ready(Some((request, tag))) => {
                    self.conn.send(request, tag);
                    taken += 1;
                }
                Poll::Ready(None) => {
                    self.requests_closed = true;
                    break;
                }
                Poll::Pending => break,
            }
        }
        self.conn.poll_transmit(&mut self.write_buf);
        taken > 0
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
            let filled = self.read_buf.len();
            self.read_buf.resize(filled + READ_CHUNK, 0);
            let poll = Pin::new(&mut self.stream).poll_read(cx, &mut self.read_buf[filled..]);
            let n = match &poll {
                Poll::Ready(Ok(n)) => *n,
                _ => 0,
            };
            self.read_buf.truncate(filled + n);
            match poll {
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
            if let Event::Reply { tag, result } = event {
                // The receiver is gone when the caller's future was dropped or timed out:
                // the reply was consumed all the same, so nothing can desync.
                let _ = tag.send(result);
            }
        }
    }

    fn shut_down(&mut self) {
        self.conn.handle_connection_lost();
        self.deliver_events();
        for (_, tag) in self.conn.take_unsent() {
            let _ = tag.send(Err(Error::ConnectionLost));
        }
        self.requests.close();
    }

    fn finished(&self) -> bool {
        self.requests_closed
            && self.conn.in_flight() == 0
            && self.conn.queued() == 0
            && self.write_buf.is_empty()
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> Future for Driver<S> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        for _ in 0..BUDGET {
            let took = this.poll_requests(cx);
            let step = this
                .poll_write(cx)
                .and_then(|wrote| Ok(wrote | this.poll_read(cx)?));
            this.deliver_events();
            let progress = match step {
                Ok(io) => took | io,
                Err(_) => {
                    this.shut_down();
                    return Poll::Ready(());
                }
            };
            if this.finished() {
                return Poll::Ready(());
            }
            if !progress {
                return Poll::Pending;
            }
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
