//! Failure semantics: timeouts, reconnecting, what "may have run" means, lasting refusals.
//!
//! The bounds themselves (how long, how many) are listed in [`limits`](super::limits).
//!
//! # Timeouts
//!
//! - **Connect**: the TCP or Unix connect plus the handshake must finish within the connect
//!   timeout (10 s); otherwise [`Error::ConnectTimeout`](crate::Error::ConnectTimeout):
//!   nothing was sent.
//! - **Response**: a request's reply must arrive within the response timeout (10 s from the
//!   call); otherwise [`Error::Timeout`](crate::Error::Timeout). The command may have run;
//!   its late reply is read and dropped, never handed on. A blocking command (BLPOP, BLMOVE,
//!   XREAD BLOCK, WAIT, ...) waits its own block time plus the response timeout, and has no
//!   bound for a block of 0.
//! - **A silent peer**: after 30 s without a byte the connection sends a `PING`; when that is
//!   unanswered for 30 s more, the connection is lost. TCP keepalive starts after 60 s idle.
//!
//! # Reconnecting
//!
//! The connection task reconnects by itself: exponential backoff with jitter (0-50 ms,
//! doubling to 5 s; the backoff resets only once a new connection has served a reply) and
//! the handshake re-run (credentials, client name, database, subscriptions restored).
//!
//! - Requests **in flight** when a connection dies fail with
//!   [`Error::ConnectionLost`](crate::Error::ConnectionLost): the command may have run.
//!   Nothing is retried unless you retry it.
//! - Requests **not yet written** move to the new connection.
//! - Requests made **while the connection is down** wait in the queue up to
//!   `reconnect_wait` (5 s, [`Config::with_reconnect_wait`](crate::Config::with_reconnect_wait))
//!   for a reconnect, each within its own response deadline. Then each failed attempt ends
//!   them with [`Error::ConnectionDown`](crate::Error::ConnectionDown) `{ last_error }`: not
//!   sent, with the error that keeps the connection down (a refused connect, a timeout...).
//!
//! # Lasting refusals
//!
//! Some refusals will not clear by waiting: `WRONGPASS`, `NOAUTH`, `NOPERM` (with no newer
//! credentials from a provider), and "max number of clients reached".
//! [`Error::lasting`](crate::Error::lasting) says which one an error is
//! ([`Lasting`](resp_core::Lasting)). When a reconnect meets one, the waiting requests end
//! at once with `ConnectionDown` carrying the server's error, and new requests too, until a
//! reconnect succeeds; reconnecting goes on in the background, so the client recovers once
//! the cause is fixed. With a credentials provider, see [`credentials`](super::credentials)
//! for how a rotated secret is given its chance first.
//!
//! # What "may have run" means
//!
//! Every error says whether the command may have run
//! ([`Error::may_have_run`](crate::Error::may_have_run)), which tells you whether retrying
//! can apply a write twice:
//!
//! | error | may have run? |
//! |---|---|
//! | `Timeout`, `ConnectionLost`, `Io`, `Protocol` | yes: it may have been written and run |
//! | `Refused`, `ConnectTimeout`, `ConnectionDown`, `Config` | no: never sent |
//! | `LostBeforeSending` | no: a dedicated connection died before the command was written |
//! | `Server`, `Type` | yes: the server processed the command (a script can fail after some writes); a `Type` error is only the reply's conversion |
//! | `ExecAbort`, `WatchAborted` | no: none of the transaction's commands ran |
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::Client<R>) -> Result<(), Error> {
//! match client.xgroup_create("events", "workers", "$", true).await {
//!     Ok(()) => {}
//!     Err(e) if e.server_kind() == Some(&ServerErrorKind::BusyGroup) => {} // exists already
//!     Err(e) if e.is_timeout() && !e.may_have_run() => { /* safe to try again */ }
//!     Err(e) if e.lasting().is_some() => return Err(e), // fix the credentials or the server
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```
//!
//! # Commands refused before sending
//!
//! Commands that would change the shared connection for every task are refused before
//! anything is written, with [`Error::Refused`](crate::Error::Refused) saying where they
//! belong: SUBSCRIBE and friends (use [`Client::subscribe`](crate::Client::subscribe)),
//! MONITOR, `CLIENT REPLY`, SELECT (the database is part of the
//! [`Config`](crate::Config)), MULTI/EXEC/WATCH sent one by one (use a pipeline or
//! [`Client::transaction`](crate::Client::transaction)), HELLO, AUTH, RESET, QUIT. Requests
//! built by hand from raw frames get the same checks. On a leased connection SELECT and the
//! like are allowed, and the lease is closed instead of returned; a batch holding a command
//! that may not run on a lease (SUBSCRIBE, MONITOR, ...) is refused there too.
//!
//! # Protocol errors
//!
//! A reply that breaks the decoder's limits or the protocol ends with
//! [`Error::Protocol`](crate::Error::Protocol), naming the frame and byte offset; the
//! connection is replaced, since its stream can no longer be trusted.
