//! Pipelines and transactions: atomic pipelines, plain batching, WATCH.
//!
//! # Pipelines
//!
//! [`Client::pipeline`](crate::Client::pipeline) starts a [`Pipeline`](crate::Pipeline):
//! commands queued with the same methods as the client's, sent as one request. A pipeline is
//! **atomic by default**, wrapped in `MULTI` / `EXEC` (as in the original Python client and
//! redis-py); `.non_atomic()` sends the commands as a plain batch. The replies come back as
//! one value converted to the type you ask for, usually a tuple with one element per command.
//! A pipeline is written contiguously, so an atomic one is safe on the shared connection.
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::Client<R>) -> Result<(), Error> {
//! let mut pipe = client.pipeline();
//! pipe.set("a", 1).get("a").incr("a");
//! let ((), a, n): ((), String, i64) = pipe.execute().await?;
//!
//! let mut batch = client.pipeline().non_atomic();
//! batch.incr("x").incr("y");
//! let (x, y): (i64, i64) = batch.execute().await?;
//! # let _ = (a, n, x, y); Ok(()) }
//! ```
//!
//! An argument that fails to encode (a [`Codec`](crate::Codec) error) ends the pipeline
//! with that error when it is sent, and nothing is written. A command that may not run on
//! the shared connection is refused before sending ([`failures`](super::failures)).
//! [`Error::ExecAbort`](crate::Error::ExecAbort) means none of an atomic pipeline's commands
//! ran.
//!
//! # WATCH transactions
//!
//! [`Client::transaction`](crate::Client::transaction) runs an optimistic transaction on a
//! leased connection, so a WATCH by one task never aborts another task's EXEC: it WATCHes
//! the keys, runs your closure (which reads through the [`Dedicated`](crate::Dedicated)
//! handle it is given and returns the commands to run, started with
//! [`Dedicated::multi`](crate::Dedicated::multi)), and sends them in MULTI/EXEC. When a
//! watched key changed meanwhile, EXEC is aborted and the closure runs again, up to
//! [`Config::watch_retries`](crate::Config::watch_retries) times (16 by default); then
//! [`Error::WatchAborted`](crate::Error::WatchAborted).
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::Client<R>) -> Result<(), Error> {
//! let ((), n): ((), i64) = client
//!     .transaction("counter", |conn| async move {
//!         let n: Option<i64> = conn.get("counter").await?;
//!         let mut tx = conn.multi();
//!         tx.set("counter", n.unwrap_or(0) + 1).get("counter");
//!         Ok(tx)
//!     })
//!     .await?;
//! # let _ = n; Ok(()) }
//! ```
//!
//! # The manual form
//!
//! [`Client::lease`](crate::Client::lease) gives the connection itself: `watch`, reads,
//! `multi`, `exec`, `unwatch`. The lease goes back to the pool when dropped, cleaned with
//! `UNWATCH` / `DISCARD`; see [`blocking`](super::blocking) for what else a lease is for.
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::Client<R>) -> Result<(), Error> {
//! let lease = client.lease().await?;
//! lease.watch("balance").await?;
//! let balance: i64 = lease.get::<Option<i64>>("balance").await?.unwrap_or(0);
//! if balance < 10 {
//!     lease.unwatch().await?;
//! } else {
//!     let mut tx = lease.multi();
//!     tx.decrby("balance", 10);
//!     match lease.exec::<(i64,)>(&tx).await {
//!         Ok((left,)) => println!("{left} left"),
//!         Err(Error::WatchAborted) => println!("changed meanwhile; try again"),
//!         Err(e) => return Err(e),
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! On a cluster, atomic pipelines and transactions must keep to one slot; see
//! [`cluster`](super::cluster).
