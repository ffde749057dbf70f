//! Redis Sentinel: finding the master, reads from replicas, sentinels over TLS, discovery.
//!
//! # URLs
//!
//! A `redis+sentinel://` URL names the sentinels and the master's name instead of a server;
//! the client asks the sentinels where the master is and connects there:
//!
//! ```text
//! redis+sentinel://[user[:password]@]host1[:port][,host2[:port]...]/master_name[/db]
//!     [?role=replica&read_from=prefer_replica&sentinel_username=U&sentinel_password=P&sentinel_tls=yes]
//! rediss+sentinel://...   the same, with TLS to the master and replicas
//! ```
//!
//! - The port defaults to 26379.
//! - The user name and password are the data nodes' (as in `redis://`); the sentinels' own
//!   credentials, when they have `requirepass`, go in the `sentinel_username` /
//!   `sentinel_password` parameters or
//!   [`SentinelConfig::with_credentials`](crate::SentinelConfig::with_credentials).
//! - `role=replica` connects to a replica, for a client that only reads.
//! - `read_from=prefer_replica` or `round_robin_replicas`
//!   ([`SentinelConfig::read_from`](crate::SentinelConfig::read_from)): see below.
//! - The scheme's TLS is the data nodes'. The sentinels are asked in clear text unless
//!   `sentinel_tls=yes` (default TLS settings) or
//!   [`SentinelConfig::with_tls`](crate::SentinelConfig::with_tls) (a private CA, a client
//!   certificate) says otherwise, for deployments whose sentinels speak TLS only
//!   (`tls-port`, `port 0`, `tls-replication yes`); sentinels have their own certificates as
//!   they have their own credentials. Clear text to a TLS-only sentinel fails at once with a
//!   hint to set it.
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>() -> Result<(), Error> {
//! use cureds_core::Client;
//!
//! let client = Client::<R>::connect("redis+sentinel://10.0.0.1:26379,10.0.0.2:26379/mymaster/0").await?;
//! client.set("k", "v").await?; // on whatever node is the master now
//!
//! // The same without a URL, connected to a replica:
//! let sentinels = SentinelConfig::new("mymaster", [("10.0.0.1", 26379), ("10.0.0.2", 26379)])
//!     .with_replica();
//! let reads = Client::<R>::with_config(Config::new(Address::Sentinel(Box::new(sentinels)))).await?;
//! let v: Option<String> = reads.get("k").await?;
//! # let _ = v; Ok(()) }
//! ```
//!
//! # How the node is found
//!
//! On every connect (the first, each reconnect, each leased and subscriber connection):
//!
//! - The sentinels are asked in the configured order (`SENTINEL GET-MASTER-ADDR-BY-NAME`,
//!   or `SENTINEL REPLICAS` for a replica, keeping those that are up and in sync); one that is
//!   down, slow (the connect timeout applies per sentinel), errs, or does not know the name
//!   means: ask the next.
//! - The node named is connected to with the usual handshake and asked `ROLE`. A node that is
//!   not what the sentinel said (a sentinel that has not seen a failover yet, or one that
//!   lies) is closed before any command and the next sentinel is asked; nothing is ever
//!   written to a replica by mistake.
//! - When no sentinel leads to a usable node, the connect fails with
//!   [`Error::Sentinel`](crate::Error::Sentinel)`(SentinelError::NoneUsable { attempts })`,
//!   each sentinel with its reason, e.g. "sentinel 127.0.0.1:26379 named 127.0.0.1:6380 as
//!   the master of \"mymaster\", but ROLE says it is a replica; not using it"; the reconnect
//!   loop keeps retrying with its backoff.
//!
//! # Discovery
//!
//! A sentinel that answers is also asked for the other sentinels (`SENTINEL SENTINELS
//! <master>`, skipping those it sees as down or disconnected). The client remembers up to 16
//! of them, shared by all its connections, asks them after the configured ones, and watches
//! them for failovers too (a connection picks up newly learned ones when it connects). So a
//! client given one sentinel keeps finding the master after that sentinel is gone, through
//! the ones it named. The sans-IO part is [`resp_core::sentinel::KnownSentinels`].
//!
//! # Failovers
//!
//! A client stays subscribed to `+switch-master` on every sentinel it knows (the one that led
//! the failover announces it first; a sentinel that is down is resubscribed to every
//! half-second). When a failover names a new master, the shared connection to the old one is
//! closed (requests in flight fail with [`Error::ConnectionLost`](crate::Error::ConnectionLost),
//! as for any lost connection; those not yet written move to the new connection) and the
//! sentinels are asked again at once, without waiting out the backoff. The pool closes its
//! idle connections to the old master, and leased ones when they are returned. A replica
//! connection is replaced only when its replica is promoted.
//!
//! # Reads from replicas
//!
//! [`SentinelConfig::read_from`](crate::SentinelConfig::read_from) (URL
//! `read_from=prefer_replica` or `round_robin_replicas`, with
//! [`ReadFrom`](resp_core::cluster::ReadFrom)) sends a master client's read-only commands to
//! a healthy replica over a second connection, and to the master while the sentinels list no
//! healthy replica; the reads move to a replica once one is listed (checked every second).
//! `round_robin_replicas` keeps a connection to each healthy replica the sentinels list and
//! rotates the reads over those that are up, following the list as it changes. Writes, blocking
//! commands, transactions and subscriptions stay on the master. `role=replica` keeps its
//! strict meaning: everything goes to a replica.
//!
//! # Try it
//!
//! `cargo run -p client-tokio --example sentinel` (or `-p client-async-std --example
//! sentinel_async_std`) runs SET/GET/INCR against `REDIS_SENTINEL_URL`, or without it against
//! a throwaway local master, replica and sentinel.
