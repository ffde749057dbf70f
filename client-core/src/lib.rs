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
//! - `runtime.rs`: the [`Runtime`] and [`Socket`] traits a runtime implements.

mod client;
mod commands;
mod connect;
mod dedicated;
mod driver;
mod health;
mod lease;
mod pipeline;
mod pool;
pub mod prelude;
mod runtime;
mod send;
mod status;
mod subscription;
mod transport;

pub use bytes;
pub use client::Client;
pub use commands::{AsyncCommands, BoundCmd, ScanStream};
pub use dedicated::{transaction, Dedicated};
pub use lease::Lease;
pub use pipeline::Pipeline;
pub use resp_core;
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

/// Names the client's types for one runtime and re-exports what a user of that runtime crate
/// imports, so each runtime crate is its [`Runtime`] impl plus one line:
/// `client_core::runtime_crate!(Tokio);` gives `Client` (= `client_core::Client<Tokio>`),
/// `Pipeline`, `Lease`, `Dedicated`, `Subscription`, the command traits, `Config`,
/// `Error` and friends, `bytes`, and a `prelude` module: [`prelude`]'s items plus those
/// type names.
#[macro_export]
macro_rules! runtime_crate {
    ($runtime:ty) => {
        pub use $crate::{
            bytes, resp_core, AsyncCommands, Cmd, Codec, Config, Encoded, Error, FromValue,
            Message, PipelineCommands, ProtocolVersion, Value,
        };
        #[cfg(feature = "serde")]
        pub use $crate::{Json, JsonCodec};

        /// Everything an application names, in one import: `use <this crate>::prelude::*;`.
        ///
        /// [`client_core::prelude`]'s items (command traits, the commands' option types,
        /// `Script`, errors, `Config`, `Password`, `ToArgs`, `FromValue`, `Value`, `Bytes`,
        /// `Json` with the `serde` feature) and this crate's `Client`, `Pipeline`, `Lease`,
        /// `Dedicated` and `Subscription`. Its table says what each name is for.
        pub mod prelude {
            #[doc(no_inline)]
            pub use super::{Client, Dedicated, Lease, Pipeline, Subscription};
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
    };
}
