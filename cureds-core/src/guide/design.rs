//! Design: one multiplexed connection, direct requests, leased connections, and why.
//!
//! # Three layers
//!
//! The workspace is split as quinn splits `quinn-proto`, `quinn` and its runtime files:
//!
//! - [`resp_core`] plays `quinn-proto`: no I/O, no async, no clock. RESP2/RESP3 values, the
//!   incremental decoder with its limits, argument encoding, [`FromValue`](crate::FromValue)
//!   conversions, the typed command table (about 290 commands, each written once with its
//!   keys marked), command batches, the connection state machine (handshake, reply matching,
//!   MULTI/EXEC, pushes, leases, reconnect backoff), and the cluster and sentinel decisions
//!   (slots, topology, redirects, split plans, `ROLE` checks). Its
//!   [`Connection`](resp_core::Connection) is driven quinn-style: `send(request, tag)`,
//!   `handle_read(&mut buf)`, `poll_transmit(&mut out)`, `poll_event()`. The tag is the
//!   waiting task's reply slot, so the driver keeps no token map.
//! - `cureds-core` (this crate) plays `quinn`: the one async client, generic over a small
//!   [`Runtime`](crate::Runtime) trait (connect a TCP or Unix socket, sleep, spawn) and a
//!   [`Socket`](crate::Socket) trait (read into a `BytesMut`'s spare room, write). The client
//!   handle, the driver loop, the handshake, reconnecting, the bounded queue, timeouts, the
//!   pool and leases, transactions, pipelines, subscriptions, the cluster router, the
//!   sentinel watcher and TLS are written here once, with static dispatch.
//! - `client-tokio` and `client-async-std` are the runtime files: a `Runtime` and `Socket`
//!   impl (about 70 and 110 lines) and
//!   `cureds_core::runtime_crate! { pub struct Tokio; }`, which declares the runtime type and
//!   names `Client`, `Pipeline`, `Lease`, `Dedicated`, `Subscription` and the cluster types
//!   for it. `client-async-std` runs on `async-io`, so it works under the async-std and smol
//!   executors alike (async-std itself is discontinued; the crate keeps its name).
//!
//! Protocol decisions that need no socket (reply matching, handshake steps, cluster slot and
//! redirect decisions) are made in `resp-core` and unit-tested without a server; anything
//! that waits, retries or owns a socket (reconnecting, routing across cluster nodes, a TLS
//! stream over a `Socket`) is written once in `cureds-core`.
//!
//! # One connection for thousands of tasks
//!
//! Every clone of a [`Client`](crate::Client) shares **one multiplexed connection**. Its
//! connection task writes everything queued in one write (automatic pipelining) and matches
//! replies to requests in order. A request's bytes are written contiguously, so a
//! MULTI ... EXEC block sent as one request (an atomic [`Pipeline`](crate::Pipeline)) cannot
//! be interleaved with other tasks' commands and is safe on the shared connection.
//!
//! **Direct requests.** A caller that finds the connection idle (nothing queued, in flight
//! or unwritten) writes its request and reads the reply in its own task, so a lone caller
//! waits for the socket, not for two thread wake-ups (caller, connection task, caller). With
//! other requests about, requests go through the queue, where the connection task batches
//! them into one write. The socket is always polled with one waker that wakes whoever drives
//! it now; a caller that is done, or whose future is dropped, hands it back to the task and
//! reads what arrived meanwhile on its behalf. Reconnecting, deadlines and the health check
//! stay with the task.
//!
//! # Leased connections, and why
//!
//! Commands that change a connection's state for longer than one request must not run on the
//! shared one:
//!
//! | needs a connection of its own | why |
//! |---|---|
//! | WATCH ... MULTI ... EXEC | a WATCH by task A would abort task B's EXEC |
//! | blocking commands (BLPOP, BRPOP, BLMOVE, BZPOPMIN, XREAD/XREADGROUP BLOCK, WAIT) | they stall every reply queued behind them |
//! | SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE, MONITOR | the connection changes mode |
//!
//! These run on connections leased from a small pool owned by the client
//! ([`Client::lease`](crate::Client::lease), used by [`Client::transaction`](crate::Client::transaction)
//! and by the blocking commands' methods) or on a connection of the subscription's own
//! ([`Subscription`](crate::Subscription)). A lease goes back clean (`UNWATCH` / `DISCARD`
//! as needed); when its state is unknown (a request on it was cut short) or cannot be undone
//! (`SELECT`, `CLIENT TRACKING`), the connection is closed instead of returned. The
//! original Python client this project started from (for the curio runtime, modelled on
//! redis-py) left this question open, with two tasks where one task's WATCH aborts the
//! other's EXEC; the lease is the answer.
//!
//! `SELECT` is not offered on the shared client: it would switch the database under every
//! task. The database is part of the [`Config`](crate::Config) (URL path `/2`), applied in
//! the handshake and re-applied after every reconnect.
//!
//! # Cancellation
//!
//! A dropped request future drops its reply slot; whoever drives the socket still reads and
//! discards that reply, so the stream never desyncs and a reply never reaches the wrong task.
//! A leased connection whose request was cut short is closed instead of returned.
//!
//! # Costs
//!
//! - The request queue is bounded: when the server stalls, callers wait instead of memory
//!   growing. It is a locked deque with one waker for the connection task: a request costs a
//!   lock, a push and at most one wake-up.
//! - Response timeouts cost no timer per request: each request carries its deadline to the
//!   connection task, which keeps one alarm for the earliest deadline it holds (and the
//!   health check) and answers expired callers itself, also while a write is stuck or the
//!   connection is being re-established. Every queued request ends at its own deadline.
//! - A command's future is about 400 bytes (a test bounds it), and an idle client holds about
//!   6.5 KB (`cargo run --release -p bench -- --scenarios memory`).
//!
//! # The decoder
//!
//! The decoder ([`resp_core::Decoder`]) keeps an explicit stack of partly built aggregates:
//! nesting costs heap, never call stack, and a reply that arrives in many reads is scanned
//! once. Bulk strings are zero-copy `Bytes` slices of the read buffer. Declared lengths are
//! checked against [`Limits`](resp_core::Limits) before anything is allocated. A large bulk
//! reply costs its size once: socket reads never go past the room the decoder reserved, and
//! TLS copies decrypted bytes straight into that room.
//!
//! # Handshake and types
//!
//! A connection starts with `HELLO 3` (RESP3) and falls back to RESP2 when the server does
//! not know `HELLO`; AUTH, SETNAME, `CLIENT SETINFO`, SELECT and (for cluster replicas)
//! READONLY go in the same write. Conversions accept both protocols' shapes, so `HGETALL`
//! into a `HashMap` works whether the server sent a RESP3 map or a RESP2 flat array.
