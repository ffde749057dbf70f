//! Redis Cluster: slot routing, split commands, pipelines, reads from replicas, SCAN.
//!
//! [`ClusterClient`](crate::ClusterClient) speaks to a Redis Cluster (or Valkey Cluster)
//! with the same command methods as [`Client`](crate::Client). It keeps one multiplexed
//! connection per node (the same connection code as a single server) and a slot map learned
//! from `CLUSTER SHARDS` / `CLUSTER SLOTS`, refreshed in the background (one refresh at a
//! time).
//!
//! - Every typed command goes to the node owning its key's slot (the builders mark keys).
//! - MGET / MSET / DEL / UNLINK / EXISTS / TOUCH across slots are split per node and merged.
//! - A non-atomic pipeline is split per node and reassembled in order.
//! - `MOVED`, `ASK`, `TRYAGAIN`, `CLUSTERDOWN` and failovers are followed by the client. A
//!   transaction whose commands meet `ASK` during a slot migration is sent again to the
//!   importing node after `ASKING`. While a slot migrates, a non-atomic pipeline keeps the
//!   order of its commands per key: the redirected commands of one slot are sent again
//!   together, in order.
//! - A request for a node known to be down is not queued behind that node's reconnect
//!   attempts; while requests meet an unreachable node the slot map is asked for every 100
//!   ms, so a promoted replica serves the failed slots within about a poll of its promotion.
//!   A node that refuses the client's credentials (a lasting refusal) is not waited for.
//! - Tasks racing to a node nobody connected to yet share one connection attempt.
//! - Atomic pipelines and WATCH transactions must keep to one slot (use `{hash tags}`); a
//!   cross-slot one is refused before sending with [`Error::CrossSlot`](crate::Error::CrossSlot).
//! - [`cmd(..)`](crate::AsyncCommands::cmd) (the escape hatch, no marked keys), in commands
//!   and in pipelines, is routed by the key specs of the server's `COMMAND` table, fetched
//!   once per client.
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>() -> Result<(), Error> {
//! use cureds_core::ClusterClient;
//!
//! let client = ClusterClient::<R>::connect(["redis://127.0.0.1:7000", "redis://127.0.0.1:7001"]).await?;
//! client.mset(&[("a", 1), ("b", 2), ("c", 3)]).await?; // three slots, split per node
//! let values: Vec<Option<i64>> = client.mget(&["a", "b", "c"]).await?;
//!
//! let mut pipe = client.pipeline().non_atomic(); // spans every node; replies in order
//! pipe.incr("a").incr("b").incr("c");
//! let replies: Vec<Value> = pipe.execute().await?;
//!
//! let mut tx = client.pipeline(); // atomic: one slot
//! tx.incr("{user:1}:visits").incr("{user:1}:clicks");
//! let (visits, clicks): (i64, i64) = tx.execute().await?;
//! # let _ = (values, replies, visits, clicks); Ok(()) }
//! ```
//!
//! # Reads from replicas
//!
//! Reads can go to replicas, opt-in with a [`ClusterConfig`](resp_core::cluster::ClusterConfig):
//! commands whose builders mark them read-only (GET, HGETALL, ZRANGE, ...) and `cmd(..)`
//! commands the server flags `readonly` go to a replica of the key's shard
//! ([`ReadFrom::PreferReplica`](resp_core::cluster::ReadFrom::PreferReplica): the same one
//! each time; [`ReadFrom::RoundRobinReplicas`](resp_core::cluster::ReadFrom::RoundRobinReplicas):
//! in turn), writes to the primary; node connections send `READONLY` in their handshake. A
//! replica that is down, loading or answers `MOVED` sends the read back to the primary, and a
//! replica's refusal of a pipelined read (`LOADING`, `MASTERDOWN`) too. Replication is
//! asynchronous: a replica may not have a write yet.
//!
//! # SCAN over every primary
//!
//! [`ClusterClient::scan_all_iter`](crate::ClusterClient::scan_all_iter) scans every primary
//! as one stream, one page at a time ([`ClusterScanStream`](crate::ClusterScanStream)); a
//! page that fails ends it with [`Error::ScanInterrupted`](crate::Error::ScanInterrupted)
//! (the node, cursor and progress). A key whose slot moves mid-scan may be yielded twice or
//! not at all, as SCAN documents.
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>() -> Result<(), Error> {
//! use cureds_core::ClusterClient;
//!
//! let config = ClusterConfig::from_urls(["redis://127.0.0.1:7000"])?
//!     .with_read_from(ReadFrom::PreferReplica);
//! let client = ClusterClient::<R>::connect_with(config).await?;
//! let name: Option<String> = client.get("user:1:name").await?; // from a replica
//!
//! let mut keys = client.scan_all_iter::<String>(ScanOptions::new().pattern("user:*"));
//! while let Some(key) = keys.next().await {
//!     println!("{}", key?); // Error::ScanInterrupted if a node fails mid-scan
//! }
//! # let _ = name; Ok(()) }
//! ```
//!
//! Shard channels are on [`pubsub`](super::pubsub).
//!
//! # Try it
//!
//! `cargo run -p client-tokio --example cluster` (or `-p client-async-std --example
//! cluster_async_std`) runs MSET/MGET of 1,000 keys and a 1,000-command pipeline over every
//! node against the nodes listed in `REDIS_CLUSTER_NODES` (comma-separated `redis://` URLs),
//! or against a throwaway local cluster when it is unset.
