//! The cureds Redis client on tokio.
//!
//! A [`Client`] is one multiplexed connection shared by every clone: requests from all tasks
//! are queued to one driver task that writes everything queued in one write and matches
//! replies in order. The client itself is written once in [`cureds_core`], for every
//! runtime; this crate supplies tokio's sockets, timers and `spawn` ([`Tokio`]) and names the
//! types for it.
//!
//! Pick this crate for tokio. On async-std or smol (anything on `async-io`), use
//! `client-async-std`, the same client on that runtime; for the RESP codec alone, use
//! [`resp_core`]. The [guide](cureds_core::guide) explains each feature, with examples.
//!
//! # Map
//!
//! - `use client_tokio::prelude::*;` imports everything below: [`Client`], [`Pipeline`],
//!   [`Lease`], [`Dedicated`], [`Subscription`], for a cluster [`ClusterClient`],
//!   [`ClusterPipeline`], [`ClusterConfig`] and [`ReadFrom`], the command traits, every option
//!   type, `Script`, `Error` and `ServerErrorKind`, `Config`, `Password`, `ToArgs`,
//!   `FromValue`, `Value`, and `Json` with this crate's `serde` feature. [`prelude`] has the
//!   full table.
//! - Command methods: [`AsyncCommands`] (its page groups them by family) and
//!   [`PipelineCommands`]; their options and reply types: [`resp_core::commands`].
//! - Errors: [`Error`] (`may_have_run`, `is_timeout`, `server_kind`); configuration: [`Config`].
//! - The guide, a page per topic with examples (design, failure semantics, limits,
//!   pipelines and transactions, blocking commands, pub/sub, cluster, sentinel, TLS,
//!   credentials, JSON): [`cureds_core::guide`]. `bytes` is re-exported.
//!
//! # Example
//!
//! ```no_run
//! use client_tokio::prelude::*;
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Error> {
//!     let client = Client::connect("redis://127.0.0.1:6379/0").await?;
//!     client.set("hits", 0).await?;
//!
//!     // Clones share the one connection; each task gets exactly its own reply.
//!     let tasks: Vec<_> = (0..10)
//!         .map(|_| {
//!             let client = client.clone();
//!             tokio::spawn(async move { client.incr("hits").await })
//!         })
//!         .collect();
//!     for task in tasks {
//!         task.await.expect("task ran")?;
//!     }
//!     let hits: Option<i64> = client.get("hits").await?;
//!     assert_eq!(hits, Some(10));
//!
//!     // Atomic (MULTI/EXEC) by default.
//!     let mut pipe = client.pipeline();
//!     pipe.set("a", 1).get("a").incr("a");
//!     let ((), a, n): ((), String, i64) = pipe.execute().await?;
//!     println!("{a} {n}");
//!     Ok(())
//! }
//! ```
//!
//! The driver task is spawned with `tokio::spawn`: connect from inside a tokio runtime.
//!
//! # Cluster
//!
//! The same one import covers Redis Cluster:
//!
//! ```no_run
//! use client_tokio::prelude::*;
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Error> {
//!     let config = ClusterConfig::from_urls(["redis://127.0.0.1:7000", "redis://127.0.0.1:7001"])?
//!         .with_read_from(ReadFrom::PreferReplica);
//!     let cluster: ClusterClient = ClusterClient::connect_with(config).await?;
//!     cluster.set("user:{42}:name", "Ada").await?;
//!     let name: Option<String> = cluster.get("user:{42}:name").await?; // from a replica
//!     let mut pipe: ClusterPipeline = cluster.pipeline().non_atomic();
//!     pipe.incr("a").incr("b"); // keys on different nodes: one request per node
//!     let (a, b): (i64, i64) = pipe.execute().await?;
//!     println!("{name:?} {a} {b}");
//!     Ok(())
//! }
//! ```

cureds_core::runtime_crate! {
    /// The tokio runtime, for [`cureds_core`]: sockets from `tokio::net`, `tokio::time::sleep`,
    /// `tokio::spawn` (so a client must be created inside a tokio runtime).
    pub struct Tokio;
}

use std::future::Future;
use std::io;
use std::os::fd::{AsFd, BorrowedFd};
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::BytesMut;
use tokio::io::AsyncWrite;
use tokio::net::{TcpStream, UnixStream};

impl cureds_core::Runtime for Tokio {
    type Tcp = Socket<TcpStream>;
    type Unix = Socket<UnixStream>;

    async fn connect_tcp(&self, host: &str, port: u16) -> io::Result<Self::Tcp> {
        let stream = TcpStream::connect((host, port)).await?;
        Ok(Socket(stream))
    }

    async fn connect_unix(&self, path: &Path) -> io::Result<Self::Unix> {
        Ok(Socket(UnixStream::connect(path).await?))
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send + 'static {
        tokio::time::sleep(duration)
    }

    fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        tokio::spawn(task);
    }
}

/// A tokio stream as a [`cureds_core::Socket`].
#[derive(Debug)]
pub struct Socket<S>(S);

impl<S> cureds_core::Socket for Socket<S>
where
    S: tokio::io::AsyncRead + AsyncWrite + Send + Unpin + 'static,
{
    fn poll_read_buf(
        &mut self,
        cx: &mut Context<'_>,
        buf: &mut BytesMut,
    ) -> Poll<io::Result<usize>> {
        // Reads into the spare capacity without zero-filling it first.
        tokio_util::io::poll_read_buf(Pin::new(&mut self.0), cx, buf)
    }

    fn poll_write(&mut self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }
}

impl<S: AsFd> AsFd for Socket<S> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}
