//! The cureds Redis client, written once for every async runtime.
//!
//! This crate holds everything that is async but not tied to a runtime: the [`Client`]
//! handle, the driver task that owns the socket, the handshake, reconnecting with backoff,
//! the bounded request queue, timeouts, the pool of leased connections ([`Lease`]),
//! transactions, [`Pipeline`]s and [`Subscription`]s. The protocol itself (values, decoder,
//! commands, the connection state machine) is [`resp_core`], which does no I/O.
//!
//! It is generic over a small [`Runtime`] trait (connect a socket, sleep, spawn) that each
//! runtime crate implements in a few lines: use `client-tokio` or `client-async-std`, which
//! name these types for their runtime (`client_tokio::Client` is `Client<Tokio>`).
//!
//! # Map
//!
//! | for | look at |
//! |---|---|
//! | one import for applications | [`prelude`] (each runtime crate's `prelude` adds its `Client` & co.) |
//! | the client and what it hands out | [`Client`]; [`Pipeline`] (queued commands, atomic by default); [`Lease`] and [`Dedicated`] (a connection of one's own: WATCH, MULTI/EXEC); [`Subscription`] (pub/sub) |
//! | command methods | [`AsyncCommands`] (on clients and leases; its page lists the methods by family), [`PipelineCommands`] (on pipelines) |
//! | command options, reply types, scripts | [`resp_core::commands`] (per family), [`resp_core::commands::types`], [`resp_core::commands::scripting::Script`] |
//! | errors | [`Error`] and [`resp_core::ServerErrorKind`] |
//! | configuration | [`Config`]; Redis Sentinel: [`SentinelConfig`] in [`Address::Sentinel`] (or a `redis+sentinel://` URL) |
//! | JSON and other codecs | `Json` (feature `serde`), [`Codec`], [`Encoded`] |
//! | a runtime of your own | [`Runtime`], [`Socket`], [`runtime_crate!`] |
//!
//! # Guide
//!
//! The examples take a connected client of any runtime; with client-tokio it comes from
//! `client_tokio::Client::connect("redis://127.0.0.1:6379/0").await?` after
//! `use client_tokio::prelude::*;`.
//!
//! **Commands** have fixed reply types where Redis fixes them and take the type you ask
//! for where the reply is your data; nil is `None`:
//!
//! ```no_run
//! # use client_core::prelude::*;
//! # use std::collections::HashMap;
//! # async fn demo<R: client_core::Runtime>(client: client_core::Client<R>) -> Result<(), Error> {
//! client.set("a", 1).await?;
//! let n: i64 = client.incr("a").await?;
//! let a: Option<String> = client.get("a").await?;
//! client.hset("h", "field", "value").await?;
//! let h: HashMap<String, String> = client.hgetall("h").await?;
//! let fresh = client.set_options("lock", "me", SetOptions::new().nx().px(30_000)).await?; // bool
//! let encoding: String = client.cmd("OBJECT").arg("ENCODING").arg("a").query().await?;
//! # let _ = (n, a, h, fresh, encoding); Ok(()) }
//! ```
//!
//! **Pipelines** are atomic (MULTI/EXEC) by default; `.non_atomic()` for plain batching.
//! **WATCH transactions** run on a leased connection and re-run the closure when a
//! watched key changed:
//!
//! ```no_run
//! # use client_core::prelude::*;
//! # async fn demo<R: client_core::Runtime>(client: client_core::Client<R>) -> Result<(), Error> {
//! let mut pipe = client.pipeline();
//! pipe.set("a", 1).get("a").incr("a");
//! let ((), a, n): ((), String, i64) = pipe.execute().await?;
//!
//! let ((), counter): ((), i64) = client
//!     .transaction("counter", |conn| async move {
//!         let n: Option<i64> = conn.get("counter").await?;
//!         let mut tx = conn.multi();
//!         tx.set("counter", n.unwrap_or(0) + 1).get("counter");
//!         Ok(tx)
//!     })
//!     .await?;
//! # let _ = (a, n, counter); Ok(()) }
//! ```
//!
//! **Blocking commands** (BLPOP, BLMOVE, XREAD ... BLOCK, WAIT, ...) go to leased connections
//! by themselves, through the same methods. **Scans** are streams with an async `next()`;
//! **scripts** fall back from EVALSHA to EVAL:
//!
//! ```no_run
//! # use client_core::prelude::*;
//! # async fn demo<R: client_core::Runtime>(client: client_core::Client<R>) -> Result<(), Error> {
//! let job: Option<String> = client.blmove("jobs", "busy", Direction::Right, Direction::Left, 5.0).await?;
//!
//! let mut keys = client.scan_iter::<String>(ScanOptions::new().pattern("session:*"));
//! while let Some(key) = keys.next().await {
//!     client.del(key?).await?;
//! }
//!
//! let add = Script::new("return redis.call('INCRBY', KEYS[1], ARGV[1])");
//! let total: i64 = client.invoke_script(&add, "counter", 5).await?;
//! # let _ = (job, total); Ok(()) }
//! ```
//!
//! **Pub/sub**: a [`Subscription`] has a connection of its own and is a stream of messages
//! whose payload converts like a reply; it ends once nothing is left subscribed:
//!
//! ```no_run
//! # use client_core::prelude::*;
//! # async fn demo<R: client_core::Runtime>(client: client_core::Client<R>) -> Result<(), Error> {
//! let mut news = client.subscribe("news").await?;
//! client.publish("news", 42).await?;
//! while let Some(message) = news.next().await {
//!     let n: i64 = message.payload()?;
//!     if n == 42 {
//!         news.close().await?;
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! **Errors** say whether the command may have run and what the server meant:
//!
//! ```no_run
//! # use client_core::prelude::*;
//! # async fn demo<R: client_core::Runtime>(client: client_core::Client<R>) -> Result<(), Error> {
//! match client.xgroup_create("events", "workers", "$", true).await {
//!     Ok(()) => {}
//!     Err(e) if e.server_kind() == Some(&ServerErrorKind::BusyGroup) => {} // exists already
//!     Err(e) if e.is_timeout() && !e.may_have_run() => { /* safe to try again */ }
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```
//!
//! **JSON** (feature `serde`): `Json<T>` works as any argument and any reply type.
//!
#![cfg_attr(feature = "serde", doc = "```no_run")]
#![cfg_attr(not(feature = "serde"), doc = "```ignore")]
//! # use client_core::prelude::*;
//! # async fn demo<R: client_core::Runtime>(client: client_core::Client<R>) -> Result<(), Error> {
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct User { name: String }
//!
//! client.set("user:1", Json(User { name: "Ada".into() })).await?;
//! let user: Option<Json<User>> = client.get("user:1").await?;
//! # Ok(()) }
//! ```
//!
//! # Where things are
//! - `client.rs`: [`Client`], the handle every task clones.
//! - `driver.rs`: the one driver loop (queue → connection → socket → replies).
//! - `direct.rs`: a lone caller on an idle connection writes and reads for itself.
//! - `connect.rs`: connect, handshake, and the reconnect loop.
//! - `pool.rs`, `lease.rs`, `dedicated.rs`: leased connections, WATCH transactions.
//! - `pipeline.rs`, `send.rs`, `transport.rs`: sending commands and pipelines.
//! - `subscription.rs`: pub/sub.
//! - `tls.rs`: TLS over any runtime's socket (rustls, sans-IO).
//! - `sentinel.rs`: connecting through Redis Sentinel (ask, connect, check `ROLE`) and the
//!   `+switch-master` watcher; `sentinel/known.rs`: the sentinels a client knows, configured
//!   and learned, shared by its connections.
//! - `runtime.rs`: the [`Runtime`] and [`Socket`] traits a runtime implements.

mod client;
mod cluster;
mod commands;
mod connect;
mod deadline;
mod dedicated;
mod direct;
mod driver;
mod health;
mod lease;
mod pipeline;
mod pool;
pub mod prelude;
mod queue;
mod reads;
mod runtime;
mod send;
mod sentinel;
mod status;
mod subscription;
mod tls;
mod transport;

pub use bytes;
pub use client::Client;
pub use cluster::{ClusterClient, ClusterPipeline, ClusterScanStream, ShardSubscription};
pub use commands::{AsyncCommands, BoundCmd, ScanStream};
pub use dedicated::{transaction, Dedicated};
pub use lease::Lease;
pub use pipeline::Pipeline;
pub use resp_core;
pub use resp_core::cluster::{ClusterConfig, ReadFrom};
pub use resp_core::{
    credentials_fn, ClientIdentity, Credentials, CredentialsProvider, TlsConfig, TlsError, TlsRoots,
};
pub use resp_core::{Address, Role, SentinelConfig, SentinelError};
pub use resp_core::{
    Cmd, Codec, Config, Encoded, Error, FromValue, Message, PipelineCommands, ProtocolVersion,
    ToArgs, Value,
};
#[cfg(feature = "serde")]
pub use resp_core::{Json, JsonCodec};
pub use runtime::{Runtime, Socket};
pub use send::{send, single, unexpected};
pub use subscription::Subscription;
pub use transport::{Transport, Wait};

/// Declares a runtime crate's [`Runtime`] type (a unit struct, with its doc comment), names
/// the client's types for it and re-exports what a user of that runtime crate imports, so each
/// runtime crate is this plus its `Runtime` and [`Socket`] impls:
/// `client_core::runtime_crate! { /// docs... pub struct Tokio; }` gives `Tokio`, `Client`
/// (= `client_core::Client<Tokio>`), `Pipeline`, `Lease`, `Dedicated`, `Subscription`,
/// `ClusterClient`, `ClusterPipeline`, `ClusterScanStream`, the command traits, `Config`,
/// `Error` and friends, `bytes`, and a `prelude` module: [`prelude`]'s items plus those type
/// names.
#[macro_export]
macro_rules! runtime_crate {
    ($(#[$meta:meta])* pub struct $runtime:ident;) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $runtime;

        pub use $crate::{
            bytes, resp_core, AsyncCommands, Cmd, Codec, Config, Encoded, Error, FromValue,
            Message, PipelineCommands, ProtocolVersion, Value,
        };
        pub use $crate::{
            credentials_fn, ClientIdentity, Credentials, CredentialsProvider, TlsConfig, TlsError,
            TlsRoots,
        };
        pub use $crate::{Address, Role, SentinelConfig, SentinelError};
        pub use $crate::{ClusterConfig, ReadFrom, ShardSubscription};
        #[cfg(feature = "serde")]
        pub use $crate::{Json, JsonCodec};

        /// Everything an application names, in one import: `use <this crate>::prelude::*;`.
        ///
        /// [`client_core::prelude`]'s items (command traits, the commands' option types,
        /// `Script`, errors, `Config`, `Password`, `ToArgs`, `FromValue`, `Value`, `Bytes`,
        /// `ClusterConfig`, `ReadFrom`, `Json` with the `serde` feature) and this crate's
        /// `Client`, `Pipeline`, `Lease`, `Dedicated`, `Subscription`, `ClusterClient`,
        /// `ClusterPipeline` and `ClusterScanStream`. Its table says what each name is for.
        pub mod prelude {
            // The cluster types are this crate's aliases, as `Client` is: the generic ones
            // would need the runtime named.
            #[doc(no_inline)]
            pub use super::{
                Client, ClusterClient, ClusterPipeline, ClusterScanStream, Dedicated, Lease,
                Pipeline, Subscription,
            };
            #[doc(no_inline)]
            pub use $crate::prelude::*;
        }

        /// A Redis client on this crate's runtime: one multiplexed connection shared by all
        /// its clones; see [`client_core::Client`].
        pub type Client = $crate::Client<$runtime>;
        /// Commands sent together as one request (atomic by default); see
        /// [`client_core::Pipeline`].
        pub type Pipeline = $crate::Pipeline<Client>;
        /// A dedicated connection leased from a client's pool; see [`client_core::Lease`].
        pub type Lease = $crate::Lease<$runtime>;
        /// The command handle of a leased connection (WATCH, MULTI/EXEC); see
        /// [`client_core::Dedicated`].
        pub type Dedicated = $crate::Dedicated<Client>;
        /// A pub/sub subscription on a connection of its own; see
        /// [`client_core::Subscription`].
        pub type Subscription = $crate::Subscription<$runtime>;
        /// A Redis Cluster client on this crate's runtime; see
        /// [`client_core::ClusterClient`].
        pub type ClusterClient = $crate::ClusterClient<$runtime>;
        /// A pipeline on a cluster; see [`client_core::ClusterPipeline`].
        pub type ClusterPipeline = $crate::ClusterPipeline<$runtime>;
        /// `SCAN` over every primary of a cluster as one stream; see
        /// [`client_core::ClusterScanStream`].
        pub type ClusterScanStream<T> = $crate::ClusterScanStream<$runtime, T>;
    };
}
