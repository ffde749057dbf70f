//! The cureds guide: how the client works and how to use each feature.
//!
//! Each page is a module holding only documentation; its examples are doctests, so they
//! compile with every change. They take a connected client of any runtime
//! ([`Client<R>`](crate::Client) with `R: Runtime`); in an application the runtime crate
//! names the types, so the same code reads `client_tokio::Client` after
//! `use client_tokio::prelude::*;`.
//!
//! # Which crate to use
//!
//! | you use | depend on | import |
//! |---|---|---|
//! | tokio | `client-tokio` | `use client_tokio::prelude::*;` |
//! | async-std or smol (anything on `async-io`) | `client-async-std` | `use client_async_std::prelude::*;` |
//! | only the RESP codec (your own client, a proxy, a tool) | `resp-core` | [`resp_core`]'s front page |
//!
//! `cureds-core` is the client itself, written once for every runtime; an application does
//! not name it, unless it brings a runtime of its own ([`Runtime`](crate::Runtime),
//! [`Socket`](crate::Socket), [`runtime_crate!`](crate::runtime_crate)). The runtime is
//! chosen by crate, never by a feature flag.
//!
//! # Pages
//!
//! - [`design`]: one multiplexed connection for every task, direct requests, leased
//!   connections for what changes a connection's state, and why.
//! - [`failures`]: timeouts, reconnecting, what "may have run" means, lasting refusals,
//!   commands refused before sending.
//! - [`limits`]: every default bound and what happens at it.
//! - [`configuration`]: URLs, [`Config`](crate::Config) and its options.
//! - [`commands`]: typed commands, fixed reply types and [`FromValue`](crate::FromValue),
//!   scans, scripts, errors, the escape hatch.
//! - [`pipelines`]: pipelines (atomic by default) and WATCH transactions.
//! - [`blocking`]: blocking commands and leased connections.
//! - [`pubsub`]: subscriptions, patterns, shard channels.
//! - [`cluster`]: Redis Cluster, reads from replicas, cluster SCAN, shard subscriptions.
//! - [`sentinel`]: Redis Sentinel, reads from replicas, sentinels over TLS, discovery.
//! - [`tls`]: `rediss://`, private CAs, client certificates.
//! - [`credentials`]: rotating passwords and tokens.
//! - [`codecs`]: JSON with the `serde` feature, and other formats.
//!
//! The RESP codec used on its own (the standalone parser, the decoder and its limits) is
//! described on [`resp_core`]'s front page.

pub mod blocking;
pub mod cluster;
pub mod codecs;
pub mod commands;
pub mod configuration;
pub mod credentials;
pub mod design;
pub mod failures;
pub mod limits;
pub mod pipelines;
pub mod pubsub;
pub mod sentinel;
pub mod tls;
