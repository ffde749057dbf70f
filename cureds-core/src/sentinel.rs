//! Connecting through Redis Sentinel: ask the sentinels in turn where the master (or a
//! replica) is, connect there, check with `ROLE` that the node is what they said; learn the
//! other sentinels from each one that answers ([`Known`]); and follow the sentinels'
//! `+switch-master` announcements. The decisions (commands, replies, roles) are
//! `resp_core::sentinel`'s; this is the waiting and the sockets.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::BytesMut;
use resp_core::sentinel::{self, SwitchMaster, SWITCH_MASTER_CHANNEL};
use resp_core::{
    Address, Cmd, Config, Error, Event, Reply, Request, Role, SentinelConfig, SentinelError,
    SubscriptionKind, Value,
};

use crate::connect::{connect_direct, Parts};
use crate::deadline::Waiter;
use crate::runtime::{self, AnySocket, Runtime, Socket};
use crate::subscription::Subscription;

mod known;
pub(crate) use known::Known;

/// Advances per connection to a replica, for `ReadFrom::RoundRobinReplicas`: each new
/// connection starts at the next healthy replica the sentinel lists.
static NEXT_REPLICA: AtomicUsize = AtomicUsize::new(0);

/// Room reserved for each read of a sentinel's or `ROLE`'s reply.
const READ_ROOM: usize = 4096;
/// How long a `+switch-master` watcher waits before subscribing again after its sentinel
/// failed or closed the subscription.
const WATCH_RETRY: Duration = Duration::from_millis(500);

/// Connects to the node `sentinels` name for `config`: each sentinel `known` lists, in turn,
/// is asked (a sentinel that is down, slow, errs or names a node of the wrong role means:
/// the next one), then the node is connected to with `config`'s handshake and checked with
/// `ROLE`. Every step is bounded by the connect timeout.
///
/// # Errors
/// [`Error::Sentinel`] with [`SentinelError::NoneUsable`], listing each sentinel's failure.
pub(crate) async fn connect<R: Runtime>(
    runtime: &R,
    config: &Config,
    sentinels: &SentinelConfig,
    known: &Known,
) -> Result<Parts<AnySocket<R>>, Error> {
    if sentinels.role == Role::Sentinel || sentinels.sentinels.is_empty() {
        return Err(Error::Config(
            "a Sentinel address needs at least one sentinel and the role master or replica".into(),
        ));
    }
    let mut attempts = Vec::new();
    for sentinel in &known.to_vec(sentinels) {
        match through(runtime, config, sentinels, known, sentinel).await {
            Ok(parts) => return Ok(parts),
            Err(error) => attempts.push((sentinel.clone(), error)),
        }
    }
    Err(Error::Sentinel(SentinelError::NoneUsable {
        master_name: sentinels.master_name.clone(),
        attempts,
    }))
}

/// The healthy replicas the first sentinel that answers lists (none when no sentinel
/// answers): for reads that rotate over every replica.
pub(crate) async fn healthy_replicas<R: Runtime>(
    runtime: &R,
    config: &Config,
    sentinels: &SentinelConfig,
    known: &Known,
) -> Vec<Address> {
    let replicas_only = sentinels
        .clone()
        .with_replica()
        .with_read_from(resp_core::cluster::ReadFrom::Primary);
    for sentinel in &known.to_vec(&replicas_only) {
        if let Ok(candidates) = ask(runtime, config, &replicas_only, known, sentinel).await {
            return candidates.into_iter().map(|(node, _)| node).collect();
        }
    }
    Vec::new()
}

/// Asks `sentinel` and connects to the node it names (for a replica, the first healthy one
/// that says it is a replica).
async fn through<R: Runtime>(
    runtime: &R,
    config: &Config,
    sentinels: &SentinelConfig,
    known: &Known,
    sentinel: &Address,
) -> Result<Parts<AnySocket<R>>, Error> {
    let candidates = ask(runtime, config, sentinels, known, sentinel).await?;
    let mut last_error = None;
    for (node, role) in candidates {
        match open_node(runtime, config, sentinels, sentinel, node, role).await {
            Ok(parts) => return Ok(parts),
            Err(error) => last_error = Some(error),
        }
    }
    Err(last_error.unwrap_or_else(|| {
        Error::Sentinel(SentinelError::NoHealthyReplica {
            master_name: sentinels.master_name.clone(),
            sentinel: sentinel.clone(),
        })
    }))
}

/// The nodes to try from what `sentinel` names, each with the role it must have: the master,
/// or the healthy replicas (then the master, for a reads connection that falls back to it).
/// What it says of the other sentinels goes to `known`.
async fn ask<R: Runtime>(
    runtime: &R,
    config: &Config,
    sentinels: &SentinelConfig,
    known: &Known,
    sentinel: &Address,
) -> Result<Vec<(Address, Role)>, Error> {
    let mut parts = connect_sentinel(runtime, config, sentinels, sentinel).await?;
    let name = &sentinels.master_name;
    let unknown = || {
        Error::Sentinel(SentinelError::UnknownMaster {
            master_name: name.clone(),
            sentinel: sentinel.clone(),
        })
    };
    let master = sentinel::get_master_addr_by_name(name);
    let reply = exchange(runtime, config, &mut parts, &master).await?;
    let master = sentinel::parse_master_address(reply, sentinel)?.ok_or_else(unknown)?;
    discover(runtime, config, &mut parts, sentinels, known, sentinel).await;
    let replicas = match sentinels.role {
        Role::Replica => {
            let reply = exchange(runtime, config, &mut parts, &sentinel::replicas(name)).await?;
            sentinel::parse_replicas(reply, sentinel)?
        }
        _ => Vec::new(),
    };
    let turn = NEXT_REPLICA.fetch_add(1, Ordering::Relaxed);
    Ok(sentinels.candidates(master, replicas, turn))
}

/// Asks `sentinel`, which knows the master, for the other sentinels monitoring it
/// (`SENTINEL SENTINELS`) and adds them to `known`. Best effort: a sentinel that cannot say
/// (an ACL that forbids it, a reply of another shape) leaves the list as it was, and the
/// connect goes on.
async fn discover<R: Runtime, S: Socket>(
    runtime: &R,
    config: &Config,
    parts: &mut Parts<S>,
    sentinels: &SentinelConfig,
    known: &Known,
    sentinel: &Address,
) {
    let peers = sentinel::sentinels(&sentinels.master_name);
    let peers = exchange(runtime, config, parts, &peers).await;
    if let Ok(peers) = peers.and_then(|reply| sentinel::parse_sentinels(reply, sentinel)) {
        known.learn(sentinel, peers);
    }
}

/// Connects to `sentinel` and runs the handshake (see [`sentinel_config`]).
///
/// # Errors
/// As for [`connect_direct`]; when the sentinel closes or resets the connection in the
/// handshake while [`SentinelConfig::tls`] is off, the error also says that a sentinel
/// speaking TLS only does so.
async fn connect_sentinel<R: Runtime>(
    runtime: &R,
    config: &Config,
    sentinels: &SentinelConfig,
    sentinel: &Address,
) -> Result<Parts<AnySocket<R>>, Error> {
    let connected = connect_direct(runtime, &sentinel_config(config, sentinels, sentinel)).await;
    // A TLS server that reads our HELLO as a broken TLS record drops the connection: without
    // a hint, "connection reset" says nothing about what to change.
    let hint = |kind, what: &dyn std::fmt::Display| {
        Error::Io(std::sync::Arc::new(std::io::Error::new(
            kind,
            format!(
                "{what} (a sentinel that speaks TLS only does this to clear text; if it does, \
                 set sentinel_tls=yes or SentinelConfig::tls)"
            ),
        )))
    };
    connected.map_err(|error| match (&sentinels.tls, &error) {
        (None, Error::Io(io)) if is_cut(io.kind()) => hint(io.kind(), io),
        (None, Error::ConnectionLost) => hint(
            std::io::ErrorKind::UnexpectedEof,
            &"the sentinel closed the connection in the handshake",
        ),
        _ => error,
    })
}

/// Whether an I/O error of `kind` is the peer ending the connection.
fn is_cut(kind: std::io::ErrorKind) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        kind,
        ConnectionReset | ConnectionAborted | UnexpectedEof | BrokenPipe
    )
}

/// Connects to `node` with `config`'s handshake and checks with `ROLE` that it is a `role`.
async fn open_node<R: Runtime>(
    runtime: &R,
    config: &Config,
    sentinels: &SentinelConfig,
    sentinel: &Address,
    node: Address,
    role: Role,
) -> Result<Parts<AnySocket<R>>, Error> {
    let mut node_config = config.clone();
    node_config.address = node.clone();
    let mut parts = connect_direct(runtime, &node_config).await?;
    let reply = exchange(runtime, config, &mut parts, &sentinel::role()).await?;
    // On a wrong role the connection is dropped before any request: a sentinel that lags
    // behind a failover never gets us to write to a replica.
    sentinels.expect_role(sentinel, &node, role, reply)?;
    Ok(parts)
}

/// The configuration for talking to `sentinel`: the sentinels' own credentials and TLS
/// settings (not the data nodes': those name other certificates), database 0, the client's
/// timeouts.
fn sentinel_config(config: &Config, sentinels: &SentinelConfig, sentinel: &Address) -> Config {
    let mut sentinel_config = Config::new(sentinel.clone())
        .with_protocol(config.protocol)
        .with_lib_info(config.set_lib_info)
        .with_tcp_keepalive(config.tcp_keepalive)
        .with_reconnect(false);
    sentinel_config.connect_timeout = config.connect_timeout;
    sentinel_config.response_timeout = config.response_timeout;
    sentinel_config.limits = config.limits;
    sentinel_config.username = sentinels.username.clone();
    sentinel_config.password = sentinels.password.clone();
    sentinel_config.tls = sentinels.tls.clone();
    sentinel_config
}

/// Sends `cmd` on a handshaken connection and reads its reply, within the connect timeout.
async fn exchange<R: Runtime, S: Socket>(
    runtime: &R,
    config: &Config,
    parts: &mut Parts<S>,
    cmd: &Cmd<Value>,
) -> Result<Value, Error> {
    runtime::within(
        runtime,
        config.connect_timeout,
        Error::ConnectTimeout,
        async {
            let (waiter, mut reply) = Waiter::new(None);
            parts.conn.send(Request::command(cmd), waiter);
            let mut out = BytesMut::new();
            loop {
                while parts.conn.poll_transmit(&mut out) {}
                if !out.is_empty() {
                    runtime::write_all(&mut parts.socket, &out).await?;
                    out.clear();
                }
                while let Some(event) = parts.conn.poll_event() {
                    if let Event::Reply { mut tag, result } = event {
                        tag.finish(result);
                    }
                }
                if let Ok(Some(result)) = reply.try_recv() {
                    return match result? {
                        Reply::Value(value) => Ok(value),
                        Reply::Values(values) => Ok(Value::Array(values)),
                        // Only single commands are sent here.
                        _ => Ok(Value::Null),
                    };
                }
                if runtime::read_some(&mut parts.socket, &mut parts.read_buf, READ_ROOM).await? == 0
                {
                    parts.conn.handle_connection_lost();
                    continue;
                }
                parts.conn.handle_read(&mut parts.read_buf)?;
            }
        },
    )
    .await
}

/// The failovers the sentinels announce, for one connection's reconnect loop. Dropping it
/// stops the watcher tasks.
pub(crate) struct Switches {
    sentinels: SentinelConfig,
    known: Known,
    announce: async_channel::Sender<SwitchMaster>,
    announced: async_channel::Receiver<SwitchMaster>,
    /// The sentinels watched, each with the receiver whose drop is its task's cue to end.
    watchers: Vec<(Address, futures_channel::oneshot::Receiver<()>)>,
}

impl Switches {
    /// The next announced failover; never returns once the watcher is gone.
    pub(crate) async fn next(&self) -> SwitchMaster {
        match self.announced.recv().await {
            Ok(switch) => switch,
            Err(_) => std::future::pending().await,
        }
    }

    /// Whether `switch` means a connection to `node` must be replaced.
    pub(crate) fn ends(&self, node: &Address, switch: &SwitchMaster) -> bool {
        self.sentinels.switch_ends(node, switch)
    }

    /// Watches the sentinels [`Known`] lists now: those learned since are watched too, and
    /// those it no longer lists are not (so no more run than it holds).
    pub(crate) fn follow_known<R: Runtime>(&mut self, runtime: &R, config: &Config) {
        let known = self.known.to_vec(&self.sentinels);
        self.watchers.retain(|(watched, _)| known.contains(watched));
        for sentinel in known {
            if !self
                .watchers
                .iter()
                .any(|(watched, _)| *watched == sentinel)
            {
                let alive = watch(runtime, config, &self.sentinels, &sentinel, &self.announce);
                self.watchers.push((sentinel, alive));
            }
        }
    }
}

/// Watches every sentinel `known` lists (see [`watch`]) and passes on each failover of
/// `sentinels.master_name`. Every sentinel, because the one that led the failover announces
/// it at once while the others only learn of it from its next hello message.
pub(crate) fn watch_switches<R: Runtime>(
    runtime: &R,
    config: &Config,
    sentinels: &SentinelConfig,
    known: &Known,
) -> Switches {
    // Room for one announcement per configured sentinel; more while nobody reads add
    // nothing.
    let (announce, announced) = async_channel::bounded(sentinels.sentinels.len().max(1));
    let mut switches = Switches {
        sentinels: sentinels.clone(),
        known: known.clone(),
        announce,
        announced,
        watchers: Vec::new(),
    };
    switches.follow_known(runtime, config);
    switches
}

/// Spawns a task that stays subscribed to `+switch-master` on `sentinel` (resubscribing
/// after [`WATCH_RETRY`] when the sentinel fails) and sends each failover of
/// `sentinels.master_name` to `announce`, until the returned receiver is dropped.
fn watch<R: Runtime>(
    runtime: &R,
    config: &Config,
    sentinels: &SentinelConfig,
    sentinel: &Address,
    announce: &async_channel::Sender<SwitchMaster>,
) -> futures_channel::oneshot::Receiver<()> {
    let (mut watching, alive) = futures_channel::oneshot::channel::<()>();
    let watch = {
        let runtime = runtime.clone();
        let subscriber = sentinel_config(config, sentinels, sentinel);
        let master_name = sentinels.master_name.clone();
        let announce = announce.clone();
        async move {
            loop {
                let opened = Subscription::open(
                    &subscriber,
                    runtime.clone(),
                    SubscriptionKind::Channel,
                    SWITCH_MASTER_CHANNEL,
                    Known::default(),
                )
                .await;
                if let Ok(mut subscription) = opened {
                    while let Some(message) = subscription.next().await {
                        let Some(switch) = sentinel::parse_switch_master(&message.payload) else {
                            continue;
                        };
                        if switch.master_name == master_name {
                            // A full channel already holds wake-ups; the reconnect asks the
                            // sentinels anyway.
                            let _ = announce.try_send(switch);
                        }
                    }
                }
                runtime.sleep(WATCH_RETRY).await;
            }
        }
    };
    runtime.spawn(async move {
        futures_lite::future::or(watch, watching.cancellation()).await;
    });
    alive
}
