//! Everything an application using the client names, in one import.
//!
//! Each runtime crate has a `prelude` that re-exports this one and adds its own `Client`,
//! `Pipeline`, `Lease`, `Dedicated` and `Subscription`, and for a cluster its `ClusterClient`,
//! `ClusterPipeline` and `ClusterScanStream`: write `use client_tokio::prelude::*;` (or
//! `client_async_std::prelude::*`).
//!
//! | what | names |
//! |---|---|
//! | command methods | [`AsyncCommands`] (clients, leases), [`PipelineCommands`] (pipelines, transactions) |
//! | option and reply types of the commands | every item of [`resp_core::commands::types`] ([`SetOptions`], [`Expiry`], [`ScanOptions`], [`Direction`], [`XReadOptions`], [`ZRange`], [`StreamEntry`], ...), [`Condition`], [`Aggregate`], [`Overflow`], [`GeoMatch`] |
//! | scripts | [`Script`] (run with [`AsyncCommands::invoke_script`]) |
//! | errors | [`Error`], [`ServerError`], [`ServerErrorKind`], [`TypeError`], [`CodecDirection`], [`SentinelError`], [`Lasting`] |
//! | configuration | [`Config`], [`Password`], [`ProtocolVersion`], [`Address`], [`SentinelConfig`], [`Role`] |
//! | conversions | [`ToArgs`], [`FromValue`], [`Value`], [`Bytes`], [`Codec`], [`Encoded`], and `Json` with the `serde` feature |
//! | pub/sub | [`Message`] |
//! | Redis Cluster | [`ClusterConfig`], [`ReadFrom`], [`ShardSubscription`] (the client types are the runtime crate's) |
//!
//! The streams ([`ScanStream`], the runtime crate's `Subscription`) have an inherent async
//! `next()`, so they need no `StreamExt` import.

pub use crate::{AsyncCommands, BoundCmd, ScanStream, ShardSubscription};
pub use resp_core::cluster::{ClusterConfig, ReadFrom};
pub use resp_core::commands::bitmaps::Overflow;
pub use resp_core::commands::geo::GeoMatch;
pub use resp_core::commands::scripting::Script;
pub use resp_core::commands::sorted_sets::Aggregate;
pub use resp_core::commands::strings::Condition;
pub use resp_core::commands::types::*;
pub use resp_core::{
    Address, Cmd, Codec, CodecDirection, Config, Encoded, Error, FromValue, Lasting, Message,
    Password, PipelineCommands, ProtocolVersion, Role, SentinelConfig, SentinelError, ServerError,
    ServerErrorKind, ToArgs, TypeError, Value,
};
#[cfg(feature = "serde")]
pub use resp_core::{Json, JsonCodec};
