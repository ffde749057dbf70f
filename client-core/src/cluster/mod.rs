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

mod pipeline;
mod scan;
mod shard_subscription;

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::task::Poll;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use resp_core::cluster::{
    ClusterConfig, CommandSlots, CommandTable, Fanout, Node, PipelinePlan, Redirect, SlotMap, Split,
};
use resp_core::commands::scan::ScanOptions;
use resp_core::{
    cmd, Args, Cmd, Config, Dispatch, Error, FromValue, Reply, Request, ServerErrorKind, ToArgs,
    Value,
};

pub use pipeline::ClusterPipeline;
pub use scan::ClusterScanStream;
pub use shard_subscription::ShardSubscription;

use crate::dedicated::Dedicated;
use crate::send::single;
use crate::subscription::Subscription;
use crate::transport::{Transport, Wait};
use crate::{AsyncCommands, Client, Runtime};

/// How often the slot map is refreshed when nothing else asks for it.
const REFRESH_INTERVAL: Duration = Duration::from_secs(30);
/// How many times one request follows redirects or retries before giving up.
const MAX_ATTEMPTS: usize = 32;
/// A request waiting for a dead node gives up after this long and is retried elsewhere.
const NODE_RECONNECT_WAIT: Duration = Duration::from_millis(500);

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
    refreshes: AtomicUsize,
    /// The server's `COMMAND` table, fetched once when first needed.
    commands: async_lock::OnceCell<Arc<CommandTable>>,
    next_any: AtomicUsize,
    /// Advances per read sent with `ReadFrom::RoundRobinReplicas`.
    next_read: AtomicUsize,
}

struct State<R: Runtime> {
    map: Arc<SlotMap>,
    clients: HashMap<Node, Client<R>>,
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
    /// # async fn demo<R: client_core::Runtime>() -> Result<(), client_core::Error> {
    /// use client_core::{AsyncCommands, ClusterClient, ClusterConfig, ReadFrom};
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
            refreshes: AtomicUsize::new(0),
            commands: async_lock::OnceCell::new(),
            next_any: AtomicUsize::new(0),
            next_read: AtomicUsize::new(0),
        });
        inner.refresh_now().await?;
        let weak = Arc::downgrade(&inner);
        runtime.spawn(periodic_refresh(weak, runtime.clone()));
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
    /// # async fn demo(client: client_core::ClusterClient<impl client_core::Runtime>) -> Result<(), client_core::Error> {
    /// use client_core::AsyncCommands;
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
    /// # async fn demo(client: client_core::ClusterClient<impl client_core::Runtime>) -> Result<(), client_core::Error> {
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

async fn periodic_refresh<R: Runtime>(inner: Weak<Inner<R>>, runtime: R) {
    loop {
        runtime.sleep(REFRESH_INTERVAL).await;
        let Some(inner) = inner.upgrade() else { return };
        inner.refresh_background();
    }
}

/// Polls every future to completion; the outputs in order.
pub(crate) async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut futures: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(v) => *output = Some(v),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().flatten().collect()
}

/// Whether a read sent to a replica should go to the primary instead: the replica is
/// unreachable or was lost mid-read, redirected it, or refused it (`LOADING`, `MASTERDOWN`,
/// ...).
fn replica_failed(outcome: &Result<Reply, Error>) -> bool {
    match outcome {
        Ok(Reply::Value(v)) => Redirect::of_value(v).is_some(),
        Ok(_) => false,
        Err(Error::Server(e)) => Redirect::of_server_error(e).is_some() || replica_refusal(e),
        // A read has no effect: one lost in flight is safe to send again.
        Err(Error::ConnectionLost) => true,
        Err(e) => retryable(e),
    }
}

/// A server error that a replica gives while it cannot serve reads.
fn replica_refusal(error: &resp_core::ServerError) -> bool {
    match error.kind() {
        ServerErrorKind::Loading | ServerErrorKind::ReadOnly => true,
        ServerErrorKind::MasterDown => true,
        _ => false,
    }
}

fn backoff(attempt: usize) -> Duration {
    Duration::from_millis((5u64 << attempt.min(6)).min(250))
}

/// Whether sending again is safe and may help: the command did not run, or the node is
/// unreachable.
fn retryable(error: &Error) -> bool {
    !error.may_have_run() || error.is_io()
}

impl<R: Runtime> Inner<R> {
    pub(crate) fn map(&self) -> Arc<SlotMap> {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .map
            .clone()
    }

    fn node_config(&self, node: &Node) -> Config {
        let mut config = self.config.node_config(node);
        config.reconnect_wait = config.reconnect_wait.min(NODE_RECONNECT_WAIT);
        config
    }

    /// The client of `node`, connected on first use.
    pub(crate) async fn client(&self, node: &Node) -> Result<Client<R>, Error> {
        if let Some(c) = self
            .state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clients
            .get(node)
        {
            return Ok(c.clone());
        }
        let client = Client::with_runtime(self.node_config(node), self.runtime.clone()).await?;
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        Ok(state.clients.entry(node.clone()).or_insert(client).clone())
    }

    /// Whether `node`'s connection is down (lost, and reconnecting fails).
    fn is_down(&self, node: &Node) -> bool {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clients
            .get(node)
            .is_some_and(Client::is_down)
    }

    fn resolve(&self, target: &Target) -> Option<Node> {
        let map = self.map();
        match target {
            Target::Slot(slot) => map.primary(*slot).cloned(),
            Target::Read(slot) => {
                let turn = self.next_read.fetch_add(1, Ordering::Relaxed);
                let node = map.read_node(*slot, self.config.read_from, turn)?;
                // A replica known to be down is skipped at once rather than waited for.
                if self.is_down(node) {
                    map.primary(*slot).cloned()
                } else {
                    Some(node.clone())
                }
            }
            Target::Any => {
                let shards = map.shards();
                let n = self.next_any.fetch_add(1, Ordering::Relaxed);
                shards
                    .get(n % shards.len().max(1))
                    .map(|s| s.primary.clone())
            }
            Target::Asking(node) => Some(node.clone()),
        }
    }

    async fn client_for(&self, target: &Target) -> Result<Client<R>, Error> {
        match self.resolve(target) {
            Some(node) => self.client(&node).await,
            None => Err(Error::Config(format!("no cluster node serves {target:?}"))),
        }
    }

    /// Refreshes the map in the background unless a refresh is already running.
    fn refresh_background(self: &Arc<Self>) {
        if self.refreshing.swap(true, Ordering::AcqRel) {
            return;
        }
        let inner = self.clone();
        self.runtime.spawn(async move {
            let _ = inner.discover().await;
            inner.refreshing.store(false, Ordering::Release);
        });
    }

    async fn refresh_now(&self) -> Result<(), Error> {
        self.discover().await
    }

    /// Asks the known primaries, then the seeds, for the slot map; installs the first
    /// complete answer and closes clients of nodes that left.
    async fn discover(&self) -> Result<(), Error> {
        let mut candidates: Vec<Node> = self.map().primaries().cloned().collect();
        for seed in &self.config.seeds {
            if !candidates.contains(seed) {
                candidates.push(seed.clone());
            }
        }
        let mut last = Error::Config("no cluster node to ask for the slot map".into());
        for node in candidates {
            match self.ask_topology(&node).await {
                Ok(map) if map.covered() > 0 => {
                    let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
                    state.clients.retain(|n, _| {
                        map.shards()
                            .iter()
                            .any(|s| s.primary == *n || s.replicas.contains(n))
                    });
                    state.map = Arc::new(map);
                    self.refreshes.fetch_add(1, Ordering::Relaxed);
                    return Ok(());
                }
                Ok(_) => last = Error::Config(format!("{node} serves no slots")),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    async fn ask_topology(&self, node: &Node) -> Result<SlotMap, Error> {
        let client = self.client(node).await?;
        match client.send(cmd("CLUSTER").arg("SHARDS")).await {
            Ok(reply) => SlotMap::from_shards(&reply),
            Err(Error::Server(_)) => {
                let reply = client.send(cmd("CLUSTER").arg("SLOTS")).await?;
                SlotMap::from_slots(&reply)
            }
            Err(e) => Err(e),
        }
    }

    /// The server's command table (key positions and flags), for commands without marked
    /// keys: fetched with `COMMAND` by the first caller, which the others wait for. A
    /// server that refuses `COMMAND` (an ACL) leaves it empty; a connection error leaves it
    /// to the next caller.
    async fn command_table(&self) -> Option<Arc<CommandTable>> {
        let table = self
            .commands
            .get_or_try_init(|| async {
                let client = self.client_for(&Target::Any).await?;
                match client.send(cmd("COMMAND")).await {
                    Ok(reply) => Ok(Arc::new(CommandTable::from_reply(&reply))),
                    Err(Error::Server(_)) => Ok(Arc::new(CommandTable::default())),
                    Err(e) => Err(e),
                }
            })
            .await;
        table.ok().cloned()
    }

    /// Sends `request` to `target`, following redirects and retrying within the response
    /// timeout.
    pub(crate) async fn run(
        self: &Arc<Self>,
        mut target: Target,
        request: Request,
        wait: Option<Wait>,
    ) -> Result<Reply, Error> {
        let started = Instant::now();
        let budget = self
            .config
            .node
            .response_timeout
            .unwrap_or(Duration::from_secs(10));
        let mut attempt = 0;
        loop {
            attempt += 1;
            let outcome = self.attempt(&target, &request, wait).await;
            if let Target::Read(slot) = target {
                // A replica that is down, syncing, or no longer serving the slot (MOVED):
                // its primary answers instead.
                if replica_failed(&outcome) {
                    target = Target::Slot(slot);
                    if outcome.is_err() {
                        self.refresh_background();
                    }
                    continue;
                }
            }
            let redirect = match &outcome {
                Ok(Reply::Value(v)) => Redirect::of_value(v).map(Ok),
                Err(Error::ExecAbort { cause, .. }) => Redirect::of_server_error(cause).map(Ok),
                Err(e) if retryable(e) => Some(Err(())),
                _ => None,
            };
            let Some(redirect) = redirect else {
                return outcome;
            };
            if attempt >= MAX_ATTEMPTS || started.elapsed() > budget {
                return outcome;
            }
            match redirect {
                Ok(Redirect::Moved { slot, node }) => {
                    {
                        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
                        let mut map = (*state.map).clone();
                        map.set_primary(slot, node);
                        state.map = Arc::new(map);
                    }
                    self.refresh_background();
                    if matches!(target, Target::Asking(_)) {
                        target = Target::Slot(slot);
                    }
                }
                Ok(Redirect::Ask { node, .. }) => {
                    let back = match target {
                        Target::Asking(_) => None,
                        ref t => Some(t.clone()),
                    };
                    target = Target::Asking(node);
                    // Only this attempt goes to the importing node.
                    let outcome = self.attempt(&target, &request, wait).await;
                    match &outcome {
                        Ok(Reply::Value(v)) if Redirect::of_value(v).is_some() => {
                            target = back.unwrap_or(Target::Any);
                            self.runtime.sleep(backoff(attempt)).await;
                        }
                        _ => return outcome,
                    }
                }
                Ok(r) => {
                    if r.needs_refresh() {
                        self.refresh_background();
                    }
                    self.runtime.sleep(backoff(attempt)).await;
                }
                Err(()) => {
                    self.refresh_background();
                    self.runtime.sleep(backoff(attempt)).await;
                }
            }
        }
    }

    async fn attempt(
        &self,
        target: &Target,
        request: &Request,
        wait: Option<Wait>,
    ) -> Result<Reply, Error> {
        let client = self.client_for(target).await?;
        if let Target::Asking(_) = target {
            let mut bytes = BytesMut::from(&b"*1\r\n$6\r\nASKING\r\n"[..]);
            bytes.extend_from_slice(request.bytes());
            let asking = Request::pipeline(bytes.freeze(), 2);
            return match client.request(asking, Wait::Response).await? {
                Reply::Values(mut v) if v.len() == 2 => {
                    Ok(Reply::Value(v.pop().unwrap_or(Value::Null)))
                }
                other => Ok(other),
            };
        }
        match wait {
            Some(wait) => client.request_blocking(request.clone(), wait).await,
            None => client.request(request.clone(), Wait::Response).await,
        }
    }

    /// Runs encoded single commands, each to its target, grouped per node into pipelines
    /// sent concurrently; replies in order, redirected ones sent again on their own.
    pub(crate) async fn run_many(
        self: &Arc<Self>,
        commands: Vec<(Bytes, Target)>,
    ) -> Result<Vec<Value>, Error> {
        let nodes: Vec<Option<Node>> = commands.iter().map(|(_, t)| self.resolve(t)).collect();
        let plan = PipelinePlan::new(nodes);
        let groups = plan.groups().iter().map(|(node, indexes)| {
            let mut frames = BytesMut::new();
            for &i in indexes {
                frames.extend_from_slice(&commands[i].0);
            }
            let request = Request::pipeline(frames.freeze(), indexes.len());
            let node = node.clone();
            async move {
                let Some(node) = node else {
                    return Err(Error::Config("no cluster node serves the slot".into()));
                };
                match self
                    .client(&node)
                    .await?
                    .request(request, Wait::Response)
                    .await?
                {
                    Reply::Values(values) => Ok(values),
                    other => Err(crate::send::unexpected(&other)),
                }
            }
        });
        let results = join_all(groups.collect()).await;
        let mut replies = Vec::with_capacity(results.len());
        let mut failed = vec![false; commands.len()];
        for ((_, indexes), result) in plan.groups().iter().zip(results) {
            match result {
                Ok(values) => replies.push(values),
                Err(e) if retryable(&e) => {
                    for &i in indexes {
                        failed[i] = true;
                    }
                    replies.push(Vec::new());
                }
                Err(e) => return Err(e),
            }
        }
        let mut out = plan.reassemble(replies);
        let again: Vec<usize> = (0..out.len())
            .filter(|&i| failed[i] || Redirect::of_value(&out[i]).is_some())
            .collect();
        if !again.is_empty() {
            let resent = join_all(
                again
                    .iter()
                    .map(|&i| {
                        let (frame, target) = &commands[i];
                        self.run(target.clone(), Request::encoded(frame.clone()), None)
                    })
                    .collect(),
            )
            .await;
            for (&i, reply) in again.iter().zip(resent) {
                out[i] = match reply? {
                    Reply::Value(v) => v,
                    other => return Err(crate::send::unexpected(&other)),
                };
            }
        }
        Ok(out)
    }

    /// Where a command on keys of `slot` goes: a replica for a read when `ReadFrom` says
    /// so, the primary otherwise.
    fn slot_target<T>(&self, cmd: &Cmd<T>, slot: u16) -> Target {
        self.target_for(
            cmd.is_read_only() && cmd.dispatch() == Dispatch::Shared,
            slot,
        )
    }

    /// [`Target::Read`] for a read (when replicas serve reads), else [`Target::Slot`].
    pub(crate) fn target_for(&self, read_only: bool, slot: u16) -> Target {
        if read_only && self.config.read_from.uses_replicas() {
            Target::Read(slot)
        } else {
            Target::Slot(slot)
        }
    }

    async fn send<T: Send + 'static>(self: &Arc<Self>, cmd: Cmd<T>) -> Result<T, Error> {
        let dispatch = cmd.check_shared()?;
        let wait = (dispatch == Dispatch::Blocking).then(|| Wait::blocking(cmd.block_timeout()));
        let mut slots = CommandSlots::of(&cmd);
        let mut read_only = cmd.is_read_only();
        if slots == CommandSlots::NoKey {
            // No marked key: the escape hatch (or a keyless command). The server's key
            // specs say where its keys are, and its flags whether it only reads.
            if let Some(table) = self.command_table().await {
                if let Some(keys) = table.keys(&cmd) {
                    slots = CommandSlots::of_keys(keys);
                    read_only |= table.is_read_only(&cmd);
                }
            }
        }
        let convert = cmd.converter();
        match slots {
            CommandSlots::Slot(slot) => single(
                self.run(
                    self.target_for(read_only && dispatch == Dispatch::Shared, slot),
                    Request::command(&cmd),
                    wait,
                )
                .await?,
                convert,
            ),
            CommandSlots::CrossSlot(slots) => {
                let Some(split) = Split::plan(&cmd) else {
                    return Err(Error::CrossSlot {
                        command: String::from_utf8_lossy(cmd.name()).to_uppercase(),
                        slots,
                    });
                };
                let parts = split
                    .parts
                    .iter()
                    .map(|p| (encode(&p.cmd), self.slot_target(&p.cmd, p.slot)))
                    .collect();
                let replies = self.run_many(parts).await?;
                convert(split.merge_replies(replies))
            }
            CommandSlots::NoKey => match Fanout::of(&cmd) {
                Fanout::Any => single(
                    self.run(Target::Any, Request::command(&cmd), wait).await?,
                    convert,
                ),
                fanout => {
                    let frame = encode(&cmd);
                    let primaries: Vec<Node> = self.map().primaries().cloned().collect();
                    let replies = join_all(
                        primaries
                            .iter()
                            .map(|node| {
                                let request = Request::encoded(frame.clone());
                                async move {
                                    let client = self.client(node).await?;
                                    match client.request(request, Wait::Response).await? {
                                        Reply::Value(v) => Ok(v),
                                        other => Err(crate::send::unexpected(&other)),
                                    }
                                }
                            })
                            .collect(),
                    )
                    .await
                    .into_iter()
                    .collect::<Result<Vec<_>, Error>>()?;
                    convert(fanout.combine(replies))
                }
            },
        }
    }
}

fn encode<T>(cmd: &Cmd<T>) -> Bytes {
    let mut out = BytesMut::new();
    cmd.encode(&mut out);
    out.freeze()
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
