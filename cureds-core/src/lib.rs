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
//! # Which crate to use
//!
//! | you use | depend on |
//! |---|---|
//! | tokio | `client-tokio` |
//! | async-std or smol (anything on `async-io`) | `client-async-std` |
//! | only the RESP codec | [`resp_core`] |
//! | a runtime of your own | this crate: implement [`Runtime`] and [`Socket`], then [`runtime_crate!`] |
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
//! The [`guide`] explains how the client works and how to use each feature, with examples
//! that are compiled as doctests: [design](guide::design),
//! [failure semantics](guide::failures), [limits and defaults](guide::limits),
//! [configuration](guide::configuration), [commands and types](guide::commands),
//! [pipelines and transactions](guide::pipelines), [blocking commands and
//! leases](guide::blocking), [pub/sub](guide::pubsub), [Redis Cluster](guide::cluster),
//! [Redis Sentinel](guide::sentinel), [TLS](guide::tls),
//! [rotating credentials](guide::credentials), [JSON and codecs](guide::codecs).
//!
//! # Example
//!
//! The examples take a connected client of any runtime; with client-tokio it comes from
//! `client_tokio::Client::connect("redis://127.0.0.1:6379/0").await?` after
//! `use client_tokio::prelude::*;`.
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::Client<R>) -> Result<(), Error> {
//! client.set("a", 1).await?;
//! let n: i64 = client.incr("a").await?;
//! let a: Option<String> = client.get("a").await?; // nil is None
//!
//! let mut pipe = client.pipeline(); // MULTI/EXEC by default
//! pipe.set("a", 1).get("a").incr("a");
//! let ((), a2, n2): ((), String, i64) = pipe.execute().await?;
//! # let _ = (n, a, a2, n2); Ok(()) }
//! ```

mod client;
mod cluster;
mod commands;
mod connect;
mod deadline;
mod dedicated;
mod direct;
mod driver;
pub mod guide;
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
/// `cureds_core::runtime_crate! { /// docs... pub struct Tokio; }` gives `Tokio`, `Client`
/// (= `cureds_core::Client<Tokio>`), `Pipeline`, `Lease`, `Dedicated`, `Subscription`,
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
        /// [`cureds_core::prelude`]'s items (command traits, the commands' option types,
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
        /// its clones; see [`cureds_core::Client`].
        pub type Client = $crate::Client<$runtime>;
        /// Commands sent together as one request (atomic by default); see
        /// [`cureds_core::Pipeline`].
        pub type Pipeline = $crate::Pipeline<Client>;
        /// A dedicated connection leased from a client's pool; see [`cureds_core::Lease`].
        pub type Lease = $crate::Lease<$runtime>;
        /// The command handle of a leased connection (WATCH, MULTI/EXEC); see
        /// [`cureds_core::Dedicated`].
        pub type Dedicated = $crate::Dedicated<Client>;
        /// A pub/sub subscription on a connection of its own; see
        /// [`cureds_core::Subscription`].
        pub type Subscription = $crate::Subscription<$runtime>;
        /// A Redis Cluster client on this crate's runtime; see
        /// [`cureds_core::ClusterClient`].
        pub type ClusterClient = $crate::ClusterClient<$runtime>;
        /// A pipeline on a cluster; see [`cureds_core::ClusterPipeline`].
        pub type ClusterPipeline = $crate::ClusterPipeline<$runtime>;
        /// `SCAN` over every primary of a cluster as one stream; see
        /// [`cureds_core::ClusterScanStream`].
        pub type ClusterScanStream<T> = $crate::ClusterScanStream<$runtime, T>;
    };
}
