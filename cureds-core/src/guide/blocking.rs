//! Blocking commands and leased connections.
//!
//! # Blocking commands
//!
//! Blocking commands (BLPOP, BRPOP, BLMOVE, BLMPOP, BZPOPMIN/MAX, BZMPOP, XREAD/XREADGROUP
//! with BLOCK, WAIT) would stall every reply queued behind them on the shared connection, so
//! they go to a leased connection from the client's pool **by themselves**, through the same
//! methods: nothing to do but call them. The builders mark them
//! ([`Dispatch::Blocking`](resp_core::Dispatch::Blocking)), and a blocking command sent by
//! name through the escape hatch is recognised by its name.
//!
//! Their response timeout is their own block time plus the client's response timeout; a
//! block of 0 (wait forever) has none. See [`limits`](super::limits).
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::Client<R>) -> Result<(), Error> {
//! client.rpush("queue", ["a", "b"]).await?;
//! let popped: Option<(String, String)> = client.blpop("queue", 1.0).await?;
//! let job: Option<String> = client.blmove("jobs", "busy", Direction::Right, Direction::Left, 5.0).await?;
//! # let _ = (popped, job); Ok(()) }
//! ```
//!
//! # Leases
//!
//! [`Client::lease`](crate::Client::lease) hands out one of the pool's dedicated
//! connections as a [`Lease`](crate::Lease) (8 by default,
//! [`Config::with_pool_size`](crate::Config::with_pool_size); callers wait while all are in
//! use). It derefs to [`Dedicated`](crate::Dedicated), which has every command method, the
//! WATCH/MULTI/EXEC methods of [`pipelines`](super::pipelines), and
//! [`Transport`](crate::Transport) for requests built by hand, which get the lease's checks
//! and state tracking as typed commands do.
//!
//! Dropping a lease returns its connection: cleaned with `DISCARD` / `UNWATCH` when it was
//! used for anything stateful, closed instead when a request on it was cut short (its state
//! is then unknown) or left state that cannot be undone (SELECT, CLIENT TRACKING, ...).
//! SELECT and the like, refused on the shared connection, are allowed on a lease for that
//! reason. A command that may not run on a lease either (SUBSCRIBE, MONITOR, ...) is refused
//! with [`Error::Refused`](crate::Error::Refused) before it is sent.
//!
//! When a dedicated connection dies before a command was written, the command ends with
//! [`Error::LostBeforeSending`](crate::Error::LostBeforeSending): it never ran.
//!
//! With Sentinel, when the client follows a failover its pool closes the idle connections to
//! the old master, and closes leased ones when they are returned.
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::Client<R>) -> Result<(), Error> {
//! let lease = client.lease().await?;
//! // Blocks this connection only, for as long as it takes.
//! let next: Option<(String, String)> = lease.brpop("jobs", 0.0).await?;
//! drop(lease); // back to the pool
//! # let _ = next; Ok(()) }
//! ```
