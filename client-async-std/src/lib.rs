//! The cureds Redis client on `async-io`, for the async-std and smol executors alike.
//!
//! A [`Client`] is one multiplexed connection shared by every clone: requests from all tasks
//! are queued to one driver task that writes everything queued in one write and matches
//! replies in order. The client itself is written once in [`cureds_core`], for every
//! runtime; this crate supplies async-io's sockets and timers and a spawner ([`AsyncIo`]),
//! and names the types for it.
//!
//! No executor-specific API is used: the driver task is spawned on `async-global-executor`
//! (the executor async-std runs on), so the client works the same under
//! `async_std::task::block_on`, `smol::block_on`, or any other executor.
//!
//! Pick this crate for async-std or smol. On tokio, use `client-tokio`, the same client on
//! tokio; for the RESP codec alone, use [`resp_core`]. The [guide](cureds_core::guide)
//! explains each feature, with examples.
//!
//! # What to import, and where things are
//!
//! | for | in |
//! |---|---|
//! | everything an application names | `use client_async_std::prelude::*;` (table: [`prelude`]) |
//! | the client types | [`Client`], [`Pipeline`], [`Lease`], [`Dedicated`], [`Subscription`] |
//! | Redis Cluster | [`ClusterClient`], [`ClusterPipeline`], [`ClusterConfig`], [`ReadFrom`] (all in the prelude) |
//! | command methods, by family | [`AsyncCommands`]; on pipelines [`PipelineCommands`] |
//! | options, reply types, `Script` | [`resp_core::commands`] |
//! | errors, configuration | [`Error`], [`Config`] |
//! | JSON | `Json` (this crate's `serde` feature) |
//! | a guide with examples of every feature | [`cureds_core::guide`] |
//!
//! # Example
//!
//! ```no_run
//! use client_async_std::prelude::*;
//!
//! fn main() -> Result<(), Error> {
//!     smol::block_on(async {
//!         let client = Client::connect("redis://127.0.0.1:6379/0").await?;
//!         client.rpush("queue", ["a", "b"]).await?;
//!         // BLPOP blocks: it runs on a leased connection, not the shared one.
//!         let popped: Option<(String, String)> = client.blpop("queue", 1.0).await?;
//!         assert_eq!(popped, Some(("queue".into(), "a".into())));
//!
//!         let mut chat = client.subscribe("chat").await?;
//!         client.publish("chat", "hello").await?;
//!         if let Some(message) = chat.next().await {
//!             println!("{}: {}", message.channel_name(), message.payload::<String>()?);
//!         }
//!         chat.close().await
//!     })
//! }
//! ```
//!
//! The same one import covers Redis Cluster:
//!
//! ```no_run
//! use client_async_std::prelude::*;
//!
//! fn main() -> Result<(), Error> {
//!     smol::block_on(async {
//!         let config = ClusterConfig::from_urls(["redis://127.0.0.1:7000"])?
//!             .with_read_from(ReadFrom::RoundRobinReplicas);
//!         let cluster: ClusterClient = ClusterClient::connect_with(config).await?;
//!         cluster.set("user:{42}:name", "Ada").await?;
//!         let name: Option<String> = cluster.get("user:{42}:name").await?; // from a replica
//!         let mut pipe: ClusterPipeline = cluster.pipeline().non_atomic();
//!         pipe.incr("a").incr("b"); // keys on different nodes: one request per node
//!         let (a, b): (i64, i64) = pipe.execute().await?;
//!         println!("{name:?} {a} {b}");
//!         Ok(())
//!     })
//! }
//! ```

cureds_core::runtime_crate! {
    /// The async-io reactor, for [`cureds_core`]: `Async` sockets, `Timer`, and
    /// `async-global-executor` for the driver tasks.
    pub struct AsyncIo;
}

use std::future::Future;
use std::io;
use std::net::{TcpStream, ToSocketAddrs};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use async_io::{Async, Timer};
use bytes::BytesMut;
use futures_lite::{AsyncRead, AsyncWrite};

/// Bytes read per read call (see [`Socket`]).
const READ_CHUNK: usize = 16 * 1024;
/// Bytes read per call while the read buffer has room for more (the rest of a large reply):
/// fewer, larger reads. The scratch chunk grows to this only on such connections.
const LARGE_READ_CHUNK: usize = 256 * 1024;

impl cureds_core::Runtime for AsyncIo {
    type Tcp = Socket<TcpStream>;
    type Unix = Socket<UnixStream>;

    async fn connect_tcp(&self, host: &str, port: u16) -> io::Result<Self::Tcp> {
        // Name resolution blocks; it runs on async-global-executor's blocking pool.
        let target = (host.to_owned(), port);
        let addrs: Vec<_> = async_global_executor::spawn_blocking(move || {
            target.to_socket_addrs().map(Iterator::collect)
        })
        .await?;
        let mut last = io::Error::new(io::ErrorKind::NotFound, "the host resolves to no address");
        for addr in addrs {
            match Async::<TcpStream>::connect(addr).await {
                Ok(stream) => {
                    return Ok(Socket::new(stream));
                }
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    async fn connect_unix(&self, path: &Path) -> io::Result<Self::Unix> {
        Ok(Socket::new(Async::<UnixStream>::connect(path).await?))
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send + 'static {
        let timer = Timer::after(duration);
        async move {
            timer.await;
        }
    }

    fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        async_global_executor::spawn(task).detach();
    }
}

/// An async-io socket as a [`cureds_core::Socket`].
#[derive(Debug)]
pub struct Socket<S> {
    io: Async<S>,
    /// Every read lands here first (see `poll_read_buf`); zeroed when allocated, released
    /// while the connection is idle.
    scratch: Box<[u8]>,
}

impl<S> Socket<S> {
    fn new(io: Async<S>) -> Self {
        Socket {
            io,
            scratch: Box::default(),
        }
    }
}

impl<S> cureds_core::Socket for Socket<S>
where
    S: Send + Sync + 'static,
    Async<S>: AsyncRead + AsyncWrite + Unpin,
{
    fn poll_read_buf(
        &mut self,
        cx: &mut Context<'_>,
        buf: &mut BytesMut,
    ) -> Poll<io::Result<usize>> {
        // `AsyncRead` wants initialised memory: read into a scratch chunk, zeroed when it is
        // allocated, and copy what arrived, rather than zero-filling the read buffer's spare
        // room before every read (most of the driver's instructions under callgrind). While
        // the buffer has room for a large reply's rest, the chunk is larger (fewer reads);
        // it shrinks back once the driver asks for small reads again.
        if buf.capacity() == buf.len() {
            buf.reserve(READ_CHUNK);
        }
        let room = buf.capacity() - buf.len();
        let wanted = room.clamp(READ_CHUNK, LARGE_READ_CHUNK);
        if wanted > self.scratch.len() || (wanted == READ_CHUNK && self.scratch.len() > wanted) {
            self.scratch = vec![0; wanted].into_boxed_slice();
        }
        // No more than the spare room: a read past it would grow the buffer (reallocating
        // a large bulk string whose last bytes the driver reserved room for exactly).
        let len = room.min(self.scratch.len());
        let scratch = self.scratch.get_mut(..len).unwrap_or_default();
        let n = std::task::ready!(Pin::new(&mut self.io).poll_read(cx, scratch))?;
        buf.extend_from_slice(scratch.get(..n).unwrap_or_default());
        Poll::Ready(Ok(n))
    }

    fn poll_write(&mut self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn release_read_memory(&mut self) {
        self.scratch = Box::default();
    }
}

impl<S: AsFd> AsFd for Socket<S> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.io.as_fd()
    }
}
