//! Limits and defaults: every wait and every buffer has a bound.
//!
//! All of them are set through [`Config`](crate::Config) (the decoder's through
//! [`resp_core::Limits`]). What an error at a bound means for the command is on
//! [`failures`](super::failures).
//!
//! | what | default | what happens at the bound |
//! |---|---|---|
//! | connect (TCP or unix connect plus the handshake) | 10 s | `Error::ConnectTimeout`: nothing was sent |
//! | a request's reply | 10 s from the call | `Error::Timeout`: the command may have run; its late reply is read and dropped, never handed on |
//! | a blocking command (BLPOP, BLMOVE, XREAD BLOCK, WAIT, ...) | its own block time plus the response timeout; none for a block of 0 | as above |
//! | requests queued while the connection is down | wait up to 5 s (`reconnect_wait`) for a reconnect | then each failed attempt ends them with `Error::ConnectionDown { last_error }`: not sent, with the error that keeps the connection down (a refused connect, a timeout...). A refusal waiting will not clear (`WRONGPASS`, `NOAUTH`, `NOPERM` with no newer credentials, `max number of clients reached`: `Error::lasting`) ends them at once, and new requests too until a reconnect succeeds; reconnecting goes on in the background |
//! | reconnect attempts | 0-50 ms, doubling to 5 s, with jitter | the backoff only resets once a new connection has served a reply |
//! | the request queue | 4,096 requests | callers wait for room |
//! | a subscription's buffer | 1,024 frames | the connection stops reading: the backlog stays in the kernel and then in redis-server's output buffer, whose `client-output-buffer-limit pubsub` closes the subscriber; the subscription reconnects and subscribes again (messages in between are lost, as with any Redis pub/sub) |
//! | one reply | bulk 512 MiB, 2^26 elements per aggregate, depth 1,024, 1 GiB of decoded memory | `Error::Protocol` naming the frame and offset; the connection is replaced |
//! | a silent peer | a `PING` after 30 s without a byte, lost after 30 s more; TCP keepalive after 60 s idle | in-flight requests fail with `Error::ConnectionLost`, the client reconnects |
//! | leased connections (WATCH, blocking commands) | 8 | callers wait for one |
//! | WATCH transaction attempts | 16 (`watch_retries`) | `Error::WatchAborted` when every attempt was aborted |
//! | a cluster shard subscription's move to a new owner | 60 s (`ClusterConfig::resubscribe_timeout`) | the subscription ends with the error ([`ShardSubscription::error`](crate::ShardSubscription::error)) |
//! | sentinels learned from `SENTINEL SENTINELS` | 16 | the most recently named are kept |
//!
//! The setters: [`Config::with_connect_timeout`](crate::Config::with_connect_timeout),
//! [`with_response_timeout`](crate::Config::with_response_timeout) (or
//! [`without_response_timeout`](crate::Config::without_response_timeout)),
//! [`with_reconnect_wait`](crate::Config::with_reconnect_wait),
//! [`with_queue_capacity`](crate::Config::with_queue_capacity),
//! [`with_health_check_interval`](crate::Config::with_health_check_interval),
//! [`with_tcp_keepalive`](crate::Config::with_tcp_keepalive),
//! [`with_pool_size`](crate::Config::with_pool_size),
//! [`with_watch_retries`](crate::Config::with_watch_retries).
//!
//! ```
//! use std::time::Duration;
//! use cureds_core::Config;
//!
//! let config = Config::from_url("redis://127.0.0.1:6379/0")?
//!     .with_response_timeout(Duration::from_secs(2))
//!     .with_queue_capacity(16_384)
//!     .with_pool_size(32);
//! # let _ = config; Ok::<(), cureds_core::Error>(())
//! ```
