//! [`Runtime`] and [`Socket`]: the little an async runtime must provide for the client to run
//! on it. Everything else in this crate is written once against these two traits.

use std::future::Future;
use std::io;
use std::os::fd::AsFd;
use std::path::Path;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::BytesMut;

/// An async runtime: connects sockets, sleeps, spawns the driver tasks.
///
/// Implemented by a zero-sized type in each runtime crate (`client_tokio::Tokio`,
/// `client_async_std::AsyncIo`); the client is generic over it, so nothing on the hot path
/// goes through a `dyn`. `Default` makes the runtime from nothing, for
/// [`Client::connect`](crate::Client::connect).
pub trait Runtime: Clone + Default + Send + Sync + Unpin + 'static {
    /// A connected TCP stream; the client sets its socket options (`TCP_NODELAY`, keepalive)
    /// through its file descriptor.
    type Tcp: Socket + AsFd;
    /// A connected Unix-domain stream.
    type Unix: Socket;

    /// Resolves `host` and connects to the first address that accepts.
    fn connect_tcp(
        &self,
        host: &str,
        port: u16,
    ) -> impl Future<Output = io::Result<Self::Tcp>> + Send;

    /// Connects to the Unix-domain socket at `path`.
    fn connect_unix(&self, path: &Path) -> impl Future<Output = io::Result<Self::Unix>> + Send;

    /// Completes after `duration`.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send + 'static;

    /// Runs `task` in the background until it completes (the client never joins it).
    fn spawn(&self, task: impl Future<Output = ()> + Send + 'static);
}

/// A connected byte stream, polled only by the connection's driver task.
pub trait Socket: Send + Unpin + 'static {
    /// Reads what is available into `buf`'s spare capacity (the caller reserves it) and
    /// returns how many bytes arrived; `Ok(0)` means the peer closed.
    ///
    /// Reads no more than the spare capacity and never grows `buf` (unless it has none):
    /// the driver reserves the exact rest of a large bulk string once, and a read past that
    /// room would reallocate all of it.
    fn poll_read_buf(
        &mut self,
        cx: &mut Context<'_>,
        buf: &mut BytesMut,
    ) -> Poll<io::Result<usize>>;

    /// Writes some of `buf`; returns how many bytes were taken.
    fn poll_write(&mut self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;

    /// The connection is idle (nothing in flight, nothing buffered): drop memory kept only
    /// to make reads cheaper, so an idle client holds as little as possible. The next read
    /// allocates again. By default there is none.
    fn release_read_memory(&mut self) {}
}

/// A TCP, TLS-over-TCP or Unix-domain socket of runtime `R`: one type for the driver, static
/// dispatch. (The TLS session is boxed: rustls's state is large, and a plain connection
/// should not carry its size.)
pub(crate) enum AnySocket<R: Runtime> {
    Tcp(R::Tcp),
    Tls(Box<crate::tls::TlsSocket<R::Tcp>>),
    Unix(R::Unix),
}

impl<R: Runtime> Socket for AnySocket<R> {
    #[inline]
    fn poll_read_buf(
        &mut self,
        cx: &mut Context<'_>,
        buf: &mut BytesMut,
    ) -> Poll<io::Result<usize>> {
        match self {
            AnySocket::Tcp(s) => s.poll_read_buf(cx, buf),
            AnySocket::Tls(s) => s.poll_read_buf(cx, buf),
            AnySocket::Unix(s) => s.poll_read_buf(cx, buf),
        }
    }

    #[inline]
    fn poll_write(&mut self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match self {
            AnySocket::Tcp(s) => s.poll_write(cx, buf),
            AnySocket::Tls(s) => s.poll_write(cx, buf),
            AnySocket::Unix(s) => s.poll_write(cx, buf),
        }
    }

    fn release_read_memory(&mut self) {
        match self {
            AnySocket::Tcp(s) => s.release_read_memory(),
            AnySocket::Tls(s) => s.release_read_memory(),
            AnySocket::Unix(s) => s.release_read_memory(),
        }
    }
}

/// Sets a fresh TCP connection's options: `TCP_NODELAY` (the driver batches writes itself,
/// so Nagle would only add latency) and, when configured, keepalive probes after `keepalive`
/// of idleness.
pub(crate) fn tune_tcp(socket: &impl AsFd, keepalive: Option<Duration>) -> io::Result<()> {
    let socket = socket2::SockRef::from(socket);
    socket.set_tcp_nodelay(true)?;
    if let Some(idle) = keepalive {
        socket.set_tcp_keepalive(&socket2::TcpKeepalive::new().with_time(idle))?;
    }
    Ok(())
}

/// Reads once from `socket` into `buf` (reserving `min_room` first).
pub(crate) async fn read_some<S: Socket>(
    socket: &mut S,
    buf: &mut BytesMut,
    min_room: usize,
) -> io::Result<usize> {
    buf.reserve(min_room);
    std::future::poll_fn(|cx| socket.poll_read_buf(cx, buf)).await
}

/// Writes all of `bytes` to `socket`.
pub(crate) async fn write_all<S: Socket>(socket: &mut S, mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        let n = std::future::poll_fn(|cx| socket.poll_write(cx, bytes)).await?;
        if n == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        bytes = bytes.get(n..).unwrap_or_default();
    }
    Ok(())
}

/// Runs `fut`, or fails with `on_timeout` once `limit` has passed (no limit: just `fut`).
pub(crate) async fn within<R: Runtime, T, E>(
    runtime: &R,
    limit: Option<Duration>,
    on_timeout: E,
    fut: impl Future<Output = Result<T, E>>,
) -> Result<T, E> {
    match limit {
        None => fut.await,
        Some(limit) => {
            let sleep = runtime.sleep(limit);
            futures_lite::future::or(fut, async move {
                sleep.await;
                Err(on_timeout)
            })
            .await
        }
    }
}
