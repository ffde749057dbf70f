//! [`ClusterClient`]: a Redis Cluster client written once for every runtime, on top of one
//! multiplexed [`Client`] per node. The decisions (slots, the slot map, redirects, split and
//! merge plans) are [`resp_core::cluster`]'s; this module does the I/O.
//!
//! # Where it differs from [`Client`]
//! - Keys of one atomic pipeline or WATCH transaction must share a slot (use `{hash tags}`):
//!   a cross-slot one is refused before sending ([`Error::CrossSlot`]).
//! - MGET, MSET, DEL, UNLINK, EXISTS and TOUCH across slots are split per slot and merged;
//!   a split MSET is atomic per slot only. Other multi-key commands across slots are refused.
//! - Commands without keys run on any primary, except PING, FLUSHALL, FLUSHDB, SCRIPT LOAD /
//!   FLUSH and FUNCTION LOAD / DELETE / FLUSH (every primary), DBSIZE (summed) and KEYS
//!   (concatenated). `scan_iter` pages one node only; [`ClusterClient::scan_all_iter`] walks
//!   every primary.
//! - `cmd(..)` without marked keys is routed by the key specs of the server's `COMMAND`
//!   table (fetched once, when first needed; see [`resp_core::cluster::CommandTable`]),
//!   and read from replicas when the server flags it `readonly` and `ReadFrom` says so.
//!
//! # Files
//! `router.rs` decides where a command goes and follows redirects; `topology.rs` keeps the
//! slot map fresh; `nodes.rs` holds one connection per node; `fanout.rs` sends per-node
//! parts concurrently and puts replies back in order; `resend.rs` sends redirected parts
//! again in order per slot; `pipeline.rs`, `scan.rs` and
//! `shard_subscription.rs` are the public pieces built on them (`shard_follower.rs` is the
//! task behind a shard subscription).

mod fanout;
mod nodes;
mod pipeline;
mod resend;
mod router;
mod scan;
mod shard_follower;
mod shard_subscription;
mod topology;

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use resp_core::cluster::{ClusterConfig, CommandSlots, CommandTable, Node, SlotMap};
use resp_core::commands::scan::ScanOptions;
use resp_core::{Args, Cmd, Config, Error, FromValue, ToArgs, Value};

pub use pipeline::ClusterPipeline;
pub use scan::ClusterScanStream;
pub use shard_subscription::ShardSubscription;

use crate::dedicated::Dedicated;
use crate::subscription::Subscription;
use crate::{AsyncCommands, Client, Runtime};

/// A Redis Cluster client: routes every command to the node that owns its keys' slot.
///
/// Made from one or more seed URLs ([`ClusterClient::connect`]); the first seed's
/// configuration (credentials, protocol, timeouts) is used for every node. Each node gets
/// one multiplexed [`Client`] (and its pool of leases), opened when first needed and closed
/// when the node leaves the cluster. The slot map comes from `CLUSTER SHARDS` (or `CLUSTER
/// SLOTS` before Redis 7) and is refreshed after `MOVED`, after a lost connection, and every
/// 30 s; one refresh runs at a time, in the background.
///
/// `MOVED` updates the map and sends again; `ASK` sends `ASKING` and the command to the
/// importing node together; `TRYAGAIN` and `CLUSTERDOWN` wait with backoff and send again,
/// within the response timeout. See the module docs for where it differs from [`Client`].
pub struct ClusterClient<R: Runtime> {
    inner: Arc<Inner<R>>,
}

impl<R: Runtime> Clone for ClusterClient<R> {
    fn clone(&self) -> Self {
        ClusterClient {
            inner: self.inner.clone(),
        }
    }
}

impl<R: Runtime> fmt::Debug for ClusterClient<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.inner.state.lock().unwrap_or_else(|e| e.into_inner());
        f.debug_struct("ClusterClient")
            .field("map", &state.map)
            .finish_non_exhaustive()
    }
}

pub(crate) struct Inner<R: Runtime> {
    config: ClusterConfig,
    runtime: R,
    state: Mutex<State<R>>,
    refreshing: AtomicBool,
    /// A recovery watch is running (see `Inner::node_unreachable`).
    recovering: AtomicBool,
    /// A request met an unreachable node since the recovery watch last looked.
    unreachable: AtomicBool,
    refreshes: AtomicUsize,
    /// The server's `COMMAND` table, fetched once when first needed.
    commands: async_lock::OnceCell<Arc<CommandTable>>,
    next_any: AtomicUsize,
    /// How many node connections were opened (see [`ClusterClient::connections_opened`]).
    connections_opened: AtomicUsize,
    /// Advances per read sent with `ReadFrom::RoundRobinReplicas`.
    next_read: AtomicUsize,
}

/// A node's client, set by the first task that connects to it.
type NodeClient<R> = Arc<async_lock::OnceCell<Client<R>>>;

struct State<R: Runtime> {
    map: Arc<SlotMap>,
    /// Per node, its client once connected (see `Inner::client`).
    clients: HashMap<Node, NodeClient<R>>,
}

/// Where a request goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// The primary of this slot.
    Slot(u16),
    /// The node that serves reads of this slot (`ReadFrom`); the primary if that fails.
    Read(u16),
    /// Any primary.
    Any,
    /// This node, with `ASKING` first.
    Asking(Node),
}

impl Target {
    /// The slot whose owner serves the request (None: any node, or one named by `ASK`).
    pub(crate) fn slot(&self) -> Option<u16> {
        match self {
            Target::Slot(slot) | Target::Read(slot) => Some(*slot),
            Target::Any | Target::Asking(_) => None,
        }
    }
}

impl<R: Runtime> ClusterClient<R> {
    /// Connects to a cluster through the seed nodes at `urls` (see [`Config::from_url`]),
    /// learning the slot map from the first that answers.
    ///
    /// # Errors
    /// [`Error::Config`] for a bad URL or none; the last seed's error when none answers.
    pub async fn connect<S: AsRef<str>>(urls: impl IntoIterator<Item = S>) -> Result<Self, Error> {
        Self::with_cluster_config(ClusterConfig::from_urls(urls)?, R::default()).await
    }

    /// Connects with `config` for every node (its address is replaced by each node's) to the
    /// cluster that `seeds` belong to.
    ///
    /// # Errors
    /// As for [`ClusterClient::connect`].
    pub async fn with_config(config: Config, seeds: Vec<Node>, runtime: R) -> Result<Self, Error> {
        Self::with_cluster_config(ClusterConfig::new(config, seeds), runtime).await
    }

    /// Connects with a [`ClusterConfig`] on the default runtime: for options beyond one
    /// node's [`Config`], such as reading from replicas.
    ///
    /// ```no_run
    /// # async fn demo<R: cureds_core::Runtime>() -> Result<(), cureds_core::Error> {
    /// use cureds_core::{AsyncCommands, ClusterClient, ClusterConfig, ReadFrom};
    ///
    /// let config = ClusterConfig::from_urls(["redis://127.0.0.1:7000"])?
    ///     .with_read_from(ReadFrom::PreferReplica);
    /// let client = ClusterClient::<R>::connect_with(config).await?;
    /// client.set("k", 1).await?; // the primary of k's shard
    /// let v: Option<i64> = client.get("k").await?; // a replica of k's shard
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As for [`ClusterClient::connect`].
    pub async fn connect_with(config: ClusterConfig) -> Result<Self, Error> {
        Self::with_cluster_config(config, R::default()).await
    }

    /// Connects with a [`ClusterConfig`] on `runtime`.
    ///
    /// # Errors
    /// As for [`ClusterClient::connect`].
    pub async fn with_cluster_config(config: ClusterConfig, runtime: R) -> Result<Self, Error> {
        if config.seeds.is_empty() {
            return Err(Error::Config("a cluster needs a TCP seed node".into()));
        }
        let inner = Arc::new(Inner {
            config,
            runtime: runtime.clone(),
            state: Mutex::new(State {
                map: Arc::new(SlotMap::default()),
                clients: HashMap::new(),
            }),
            refreshing: AtomicBool::new(false),
            recovering: AtomicBool::new(false),
            unreachable: AtomicBool::new(false),
            refreshes: AtomicUsize::new(0),
            commands: async_lock::OnceCell::new(),
            next_any: AtomicUsize::new(0),
            connections_opened: AtomicUsize::new(0),
            next_read: AtomicUsize::new(0),
        });
        inner.refresh_now().await?;
        let weak = Arc::downgrade(&inner);
        runtime.spawn(topology::periodic_refresh(weak, runtime.clone()));
        Ok(ClusterClient { inner })
    }

    /// The slot map as last learned.
    pub fn slot_map(&self) -> Arc<SlotMap> {
        self.inner.map()
    }

    /// How many topology refreshes have completed (for tests and metrics).
    pub fn refresh_count(&self) -> usize {
        self.inner.refreshes.load(Ordering::Relaxed)
    }

    /// How many node clients this cluster client has opened (attempts included), for tests
    /// and metrics: one per node it talked to, plus one per node it reconnected to from
    /// scratch after the node left the slot map.
    pub fn connections_opened(&self) -> usize {
        self.inner.connections_opened.load(Ordering::Relaxed)
    }

    /// Refreshes the slot map now (waiting for it).
    ///
    /// # Errors
    /// No node answered `CLUSTER SHARDS` or `CLUSTER SLOTS`.
    pub async fn refresh(&self) -> Result<(), Error> {
        self.inner.refresh_now().await
    }

    /// The client of the primary that owns `key`'s slot: for anything the cluster client
    /// does not wrap (its leases, its pipelines), on keys of that slot.
    ///
    /// # Errors
    /// No node serves the slot, or connecting to it failed.
    pub async fn node_for_key(&self, key: impl ToArgs) -> Result<Client<R>, Error> {
        let slot = key_slots("GET", key)?;
        self.inner
            .client_for(&Target::Slot(slot.unwrap_or(0)))
            .await
    }

    /// Starts a pipeline: atomic by default (its keys must share a slot), or
    /// [`ClusterPipeline::non_atomic`] to split it per node and reassemble the replies.
    pub fn pipeline(&self) -> ClusterPipeline<R> {
        ClusterPipeline::new(self.inner.clone())
    }

    /// Runs an optimistic WATCH transaction on a connection leased from the node that owns
    /// `keys`' slot; see [`Client::transaction`]. The commands `build` returns must use keys
    /// of that slot too.
    ///
    /// # Errors
    /// [`Error::CrossSlot`] (nothing sent) when `keys` span slots; otherwise as
    /// [`Client::transaction`].
    pub async fn transaction<K, F, Fut, T>(&self, keys: K, build: F) -> Result<T, Error>
    where
        K: ToArgs + Clone,
        F: FnMut(Dedicated<Client<R>>) -> Fut,
        Fut: Future<Output = Result<resp_core::Batch, Error>>,
        T: FromValue,
    {
        let slot = key_slots("WATCH", keys.clone())?;
        let target = slot.map_or(Target::Any, Target::Slot);
        let client = self.inner.client_for(&target).await?;
        client.transaction(keys, build).await
    }

    /// Subscribes to shard channels (`SSUBSCRIBE`) on the primary that owns their slot; the
    /// subscription follows the slot to its new owner after a migration or a failover (see
    /// [`ShardSubscription`]).
    ///
    /// ```no_run
    /// # async fn demo(client: cureds_core::ClusterClient<impl cureds_core::Runtime>) -> Result<(), cureds_core::Error> {
    /// use cureds_core::AsyncCommands;
    ///
    /// let mut orders = client.ssubscribe("{shop}orders").await?;
    /// client.spublish("{shop}orders", "order 1").await?;
    /// while let Some(message) = orders.next().await {
    ///     println!("{}", message.payload::<String>()?);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::CrossSlot`] when the channels span slots; [`Error::Config`] without a
    /// channel; as for [`Client::ssubscribe`].
    pub async fn ssubscribe(&self, channels: impl ToArgs) -> Result<ShardSubscription, Error> {
        let channels = Args::from_args(channels);
        let Some(slot) = key_slots("SSUBSCRIBE", &channels)? else {
            return Err(Error::Config("SSUBSCRIBE needs a channel".into()));
        };
        ShardSubscription::open(self.inner.clone(), slot, channels).await
    }

    /// Subscribes to `channels` (`SUBSCRIBE`) on one node: the cluster delivers every
    /// `PUBLISH` to every node.
    ///
    /// # Errors
    /// As for [`Client::subscribe`].
    pub async fn subscribe(&self, channels: impl ToArgs) -> Result<Subscription<R>, Error> {
        self.inner
            .client_for(&Target::Any)
            .await?
            .subscribe(channels)
            .await
    }

    /// Every key of the cluster, as a stream that walks `SCAN` on each primary in turn,
    /// one page at a time: the cluster-wide [`AsyncCommands::scan_iter`] (which, on a
    /// cluster client, pages one node only). See [`ClusterScanStream`] for what a failure
    /// mid-way means.
    ///
    /// ```no_run
    /// # async fn demo(client: cureds_core::ClusterClient<impl cureds_core::Runtime>) -> Result<(), cureds_core::Error> {
    /// use resp_core::commands::scan::ScanOptions;
    ///
    /// let mut keys = client.scan_all_iter::<String>(ScanOptions::new().pattern("user:*").count(500));
    /// while let Some(key) = keys.next().await {
    ///     let key = key?; // Error::ScanInterrupted if a node failed mid-way
    ///     println!("{key}");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn scan_all_iter<T: FromValue + Send + 'static>(
        &self,
        options: ScanOptions,
    ) -> ClusterScanStream<R, T> {
        ClusterScanStream::new(self.inner.clone(), options)
    }

    /// Every key of every primary matching `pattern`, collected: [`ClusterClient::scan_all_iter`]
    /// gathered into a `Vec` (which holds the whole result; prefer the stream for large
    /// keyspaces).
    ///
    /// # Errors
    /// [`Error::ScanInterrupted`] when a node's page fails.
    pub async fn scan_all(&self, pattern: &str) -> Result<Vec<Bytes>, Error> {
        let mut stream =
            self.scan_all_iter::<Bytes>(ScanOptions::new().pattern(pattern).count(1000));
        let mut keys = Vec::new();
        while let Some(key) = stream.next().await {
            keys.push(key?);
        }
        Ok(keys)
    }
}

/// The one slot of `keys` (None: no key), or [`Error::CrossSlot`].
fn key_slots(command: &str, keys: impl ToArgs) -> Result<Option<u16>, Error> {
    let probe: Cmd<Value> = Cmd::new(command).key(keys);
    match CommandSlots::of(&probe) {
        CommandSlots::NoKey => Ok(None),
        CommandSlots::Slot(s) => Ok(Some(s)),
        CommandSlots::CrossSlot(slots) => Err(Error::CrossSlot {
            command: command.to_owned(),
            slots,
        }),
    }
}

impl<R: Runtime> AsyncCommands for ClusterClient<R> {
    fn send<T: Send + 'static>(
        &self,
        cmd: Cmd<T>,
    ) -> impl Future<Output = Result<T, Error>> + Send {
        let inner = self.inner.clone();
        async move { inner.send(cmd).await }
    }
}
