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
//! # Where things are
//! - `client.rs`: [`Client`], the handle every task clones.
//! - `driver.rs`: the one driver loop (queue → connection → socket → replies).
//! - `connect.rs`: connect, handshake, and the reconnect loop.
//! - `pool.rs`, `lease.rs`, `dedicated.rs`: leased connections, WATCH transactions.
//! - `pipeline.rs`, `send.rs`, `transport.rs`: sending commands and pipelines.
//! - `subscription.rs`: pub/sub.
//! - `tls.rs`: TLS over any runtime's socket (rustls, sans-IO).
//! - `runtime.rs`: the [`Runtime`] and [`Socket`] traits a runtime implements.

mod client;
mod cluster;
mod commands;
mod connect;
mod dedicated;
mod driver;
mod health;
mod lease;
mod pipeline;
mod pool;
mod queue;
mod runtime;
mod send;
mod status;
mod subscription;
mod tls;
mod transport;

pub use client::Client;
pub use cluster::{ClusterClient, ClusterPipeline};
pub use commands::{AsyncCommands, BoundCmd, ScanStream};
pub use dedicated::{transaction, Dedicated};
pub use lease::Lease;
pub use pipeline::Pipeline;
pub use resp_core;
pub use resp_core::{
    credentials_fn, ClientIdentity, Credentials, CredentialsProvider, TlsConfig, TlsError, TlsRoots,
};
pub use resp_core::{
    Cmd, Config, Error, FromValue, Message, PipelineCommands, ProtocolVersion, ToArgs, Value,
};
pub use runtime::{Runtime, Socket};
pub use send::{send, single, unexpected};
pub use subscription::Subscription;
pub use transport::{Transport, Wait};

/// Names the client's types for one runtime and re-exports what a user of that runtime crate
/// imports, so each runtime crate is its [`Runtime`] impl plus one line:
/// `client_core::runtime_crate!(Tokio);` gives `Client` (= `client_core::Client<Tokio>`),
/// `Pipeline`, `Lease`, `Dedicated`, `Subscription`, and the command traits, `Config`,
/// `Error` and friends.
#[macro_export]
macro_rules! runtime_crate {
    ($runtime:ty) => {
        pub use $crate::{
            credentials_fn, ClientIdentity, Credentials, CredentialsProvider, TlsConfig, TlsError,
            TlsRoots,
        };
        pub use $crate::{
            resp_core, AsyncCommands, Cmd, Config, Error, FromValue, Message, PipelineCommands,
            ProtocolVersion, Value,
        };

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
    };
}
