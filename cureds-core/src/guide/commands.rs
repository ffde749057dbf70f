//! Commands and reply types: fixed types, [`FromValue`](crate::FromValue), scans, scripts,
//! errors, and the escape hatch.
//!
//! One import brings the client, the command traits, every option type,
//! [`Script`](resp_core::commands::scripting::Script), the errors, [`Config`](crate::Config),
//! the conversion traits and the cluster types: `use client_tokio::prelude::*;` (or
//! `client_async_std::prelude::*`; the generic [`crate::prelude`] here). Each crate's front
//! page has a map of what lives where.
//!
//! # Methods with reply types
//!
//! Every command is a method of [`AsyncCommands`](crate::AsyncCommands) (on clients, leases
//! and cluster clients; its page lists them by family) and of
//! [`PipelineCommands`](crate::PipelineCommands) (on pipelines). The options and reply types
//! are in [`resp_core::commands`], one module per family.
//!
//! Replies whose type Redis fixes (statuses, counts, flags) have a fixed Rust type, so no
//! annotation is needed; replies that carry your data (GET, HGET, LRANGE, HGETALL, ...) take
//! the type you ask for, through [`FromValue`](crate::FromValue). Nil is `None`, never a type
//! error. Conversions accept the RESP2 and RESP3 shapes alike (a map or a flat array).
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # use std::collections::HashMap;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::Client<R>) -> Result<(), Error> {
//! client.set("a", 1).await?;                       // ()
//! let n: i64 = client.incr("a").await?;            // INCR is always an integer
//! let a: Option<String> = client.get("a").await?;  // nil is None, never a type error
//! client.hset("h", "field", "value").await?;
//! let h: HashMap<String, String> = client.hgetall("h").await?; // RESP2 array or RESP3 map
//! let fresh: bool = client.set_options("lock", "me", SetOptions::new().nx().px(30_000)).await?;
//! # let _ = (n, a, h, fresh); Ok(()) }
//! ```
//!
//! `()` accepts only replies that carry no data (OK, nil, counts): `let v: () =
//! client.get("k").await?` fails with a type error when the key holds a value, instead of
//! dropping it.
//!
//! Clones of a client share its one connection, and each task gets exactly its own reply:
//! clone the client into every task that needs it.
//!
//! # Scans
//!
//! `scan_iter`, `hscan_iter`, `sscan_iter` and `zscan_iter` are streams with an async
//! `next()`: no pinning, no extra import.
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::Client<R>) -> Result<(), Error> {
//! let mut keys = client.scan_iter::<String>(ScanOptions::new().pattern("session:*"));
//! while let Some(key) = keys.next().await {
//!     client.del(key?).await?;
//! }
//! # Ok(()) }
//! ```
//!
//! # Scripts
//!
//! [`AsyncCommands::invoke_script`](crate::AsyncCommands::invoke_script) sends `EVALSHA`,
//! and `EVAL` with the source when the server answers `NOSCRIPT`:
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::Client<R>) -> Result<(), Error> {
//! let add = Script::new("return redis.call('INCRBY', KEYS[1], ARGV[1])");
//! let total: i64 = client.invoke_script(&add, "counter", 5).await?;
//! # let _ = total; Ok(()) }
//! ```
//!
//! # Errors
//!
//! [`Error`](crate::Error) is a small enum of cases you can act on: the server's error kind
//! ([`Error::server_kind`](crate::Error::server_kind),
//! [`ServerErrorKind`](resp_core::ServerErrorKind)), whether the command may have run
//! ([`failures`](super::failures)), a timeout, a refused or lost connection.
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::Client<R>) -> Result<(), Error> {
//! match client.xgroup_create("events", "workers", "$", true).await {
//!     Err(e) if e.server_kind() == Some(&ServerErrorKind::BusyGroup) => {} // exists already
//!     other => other?,
//! }
//! # Ok(()) }
//! ```
//!
//! # The escape hatch
//!
//! A command without a builder is sent by name with
//! [`AsyncCommands::cmd`](crate::AsyncCommands::cmd); its reply is still typed by what you
//! ask for. A [`Cmd`](crate::Cmd) built elsewhere ([`Cmd::new`](crate::Cmd::new) with its reply
//! type, [`resp_core::cmd`] for a [`Value`](crate::Value), or a builder function of
//! [`resp_core::commands`]) goes through
//! [`AsyncCommands::send`](crate::AsyncCommands::send).
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::Client<R>) -> Result<(), Error> {
//! let encoding: String = client.cmd("OBJECT").arg("ENCODING").arg("a").query().await?;
//! let freq: i64 = client.send(Cmd::<i64>::new("OBJECT").arg("FREQ").arg("a")).await?;
//! # let _ = (encoding, freq); Ok(()) }
//! ```
//!
//! On a cluster, commands sent this way are routed by the key specs of the server's
//! `COMMAND` table ([`cluster`](super::cluster)).
//!
//! # Example programs
//!
//! `tests/tests/suite/programs.rs` in the repository holds ten small programs written with the
//! prelude alone and run against a real server on every runtime: cache-aside with JSON, a
//! rate limiter, a job queue, a lock, a chat, a consumer group, SCAN-and-delete, a
//! leaderboard, error handling, and configuration.
