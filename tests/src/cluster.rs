//! [`RedisCluster`]: a real Redis Cluster of six `redis-server --cluster-enabled yes`
//! processes (3 primaries, 3 replicas; [`RedisCluster::start_with`] for other shapes) on
//! loopback, joined with `redis-cli --cluster create`, stopped and cleaned up on drop.
//! [`shared_cluster`] shares one per test binary.
//!
//! Nodes run with a short `--cluster-node-timeout`, `--repl-diskless-sync-delay 0` and
//! `--cluster-replica-validity-factor 0`, so that killing a primary promotes its replica in a
//! second or two (otherwise a replica that synced late refuses to take over).

use std::collections::BTreeSet;
use std::io;
use std::net::TcpListener;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use resp_core::Value;

use crate::RedisServer;

/// How long the cluster may take to agree on its topology.
const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// The node timeout: how long a primary may be silent before its replica takes over.
pub const NODE_TIMEOUT_MS: u64 = 1000;

/// A port in 20000..31000 whose bus port (+10000, so below 41000, clear of the usual
/// ephemeral range) is free too.
fn cluster_port() -> io::Result<u16> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
        ^ u64::from(std::process::id()).rotate_left(17);
    for _ in 0..200 {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let mix =
            (seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let port = 20000 + u16::try_from((mix >> 33) % 11000).unwrap_or(0);
        let free = |p: u16| TcpListener::bind(("127.0.0.1", p)).is_ok();
        if free(port) && free(port + 10000) {
            return Ok(port);
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AddrInUse,
        "no free cluster port pair",
    ))
}

/// A running cluster owned by a test (or shared by a test binary's tests).
#[derive(Debug)]
pub struct RedisCluster {
    nodes: Mutex<Vec<RedisServer>>,
    ports: Vec<u16>,
}

impl RedisCluster {
    /// Starts 3 primaries with a replica each and waits until every node reports
    /// `cluster_state:ok`, all agree on the slot map, and every replica's link is up.
    ///
    /// # Errors
    /// A node did not start, `redis-cli --cluster create` failed, or the cluster did not
    /// settle in time.
    pub fn start() -> io::Result<RedisCluster> {
        RedisCluster::start_with(3, 1)
    }

    /// Starts `primaries` primaries (at least 3, as `redis-cli --cluster create` requires)
    /// with `replicas` replicas each, and waits as [`RedisCluster::start`] does. A benchmark
    /// starts primaries only, so no replica process competes for the CPU.
    ///
    /// # Errors
    /// As for [`RedisCluster::start`].
    pub fn start_with(primaries: usize, replicas: usize) -> io::Result<RedisCluster> {
        let total = primaries * (1 + replicas);
        let mut nodes = Vec::new();
        for _ in 0..total {
            let node = RedisServer::builder()
                .port_picker(cluster_port)
                .args([
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    &NODE_TIMEOUT_MS.to_string(),
                    "--repl-diskless-sync-delay",
                    "0",
                    "--cluster-replica-validity-factor",
                    "0",
                ])
                .start()?;
            nodes.push(node);
        }
        let ports: Vec<u16> = nodes.iter().map(RedisServer::port).collect();
        let mut create = Command::new("redis-cli");
        create.arg("--cluster").arg("create");
        for port in &ports {
            create.arg(format!("127.0.0.1:{port}"));
        }
        let out = create
            .args(["--cluster-replicas", &replicas.to_string(), "--cluster-yes"])
            .output()
            .map_err(|e| io::Error::new(e.kind(), format!("cannot run redis-cli: {e}")))?;
        if !out.status.success() {
            return Err(io::Error::other(format!(
                "redis-cli --cluster create failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        let cluster = RedisCluster {
            nodes: Mutex::new(nodes),
            ports,
        };
        cluster.wait_ready(total)?;
        Ok(cluster)
    }

    /// Every node's data port, in start order.
    pub fn ports(&self) -> &[u16] {
        &self.ports
    }

    /// `redis://127.0.0.1:port` for every node.
    pub fn urls(&self) -> Vec<String> {
        self.ports
            .iter()
            .map(|p| format!("redis://127.0.0.1:{p}"))
            .collect()
    }

    /// Runs one command on the node at `port`.
    ///
    /// # Errors
    /// The node cannot be reached.
    pub fn command(&self, port: u16, args: &[&str]) -> io::Result<Value> {
        let mut conn = crate::RawConn::connect(([127, 0, 0, 1], port).into())?;
        conn.command(args)
    }

    /// The port of the primary that serves `slot`, asked of a live node.
    ///
    /// # Errors
    /// No live node answered.
    pub fn primary_of(&self, slot: u16) -> io::Result<u16> {
        for &port in &self.ports {
            let Ok(Value::Array(ranges)) = self.command(port, &["CLUSTER", "SLOTS"]) else {
                continue;
            };
            for range in ranges {
                let Value::Array(items) = range else { continue };
                let (Some(Value::Integer(a)), Some(Value::Integer(b))) =
                    (items.first(), items.get(1))
                else {
                    continue;
                };
                if (*a..=*b).contains(&i64::from(slot)) {
                    if let Some(Value::Array(primary)) = items.get(2) {
                        if let Some(Value::Integer(p)) = primary.get(1) {
                            return u16::try_from(*p).map_err(io::Error::other);
                        }
                    }
                }
            }
        }
        Err(io::Error::other("no live node answered CLUSTER SLOTS"))
    }

    /// The node id of the node at `port`.
    ///
    /// # Errors
    /// The node cannot be reached.
    pub fn node_id(&self, port: u16) -> io::Result<String> {
        match self.command(port, &["CLUSTER", "MYID"])? {
            Value::BulkString(b) => Ok(String::from_utf8_lossy(&b).into_owned()),
            other => Err(io::Error::other(format!("CLUSTER MYID: {other:?}"))),
        }
    }

    /// Kills the node at `port` with SIGKILL.
    pub fn kill(&self, port: u16) {
        let mut nodes = self.nodes.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(node) = nodes.iter_mut().find(|n| n.port() == port) {
            node.kill();
        }
    }

    /// Waits until `live` nodes report `cluster_state:ok` and agree on who serves which
    /// slots, and every live replica's link to its primary is up.
    ///
    /// # Errors
    /// The cluster did not settle within 30 s.
    pub fn wait_ready(&self, live: usize) -> io::Result<()> {
        let deadline = Instant::now() + READY_TIMEOUT;
        let mut last = String::new();
        while Instant::now() < deadline {
            match self.settled(live) {
                Ok(()) => return Ok(()),
                Err(why) => last = why,
            }
            thread::sleep(Duration::from_millis(50));
        }
        Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!("cluster not ready after {READY_TIMEOUT:?}: {last}"),
        ))
    }

    fn settled(&self, live: usize) -> Result<(), String> {
        let mut views = BTreeSet::new();
        let mut answered = 0;
        for &port in &self.ports {
            let Ok(info) = self.command(port, &["CLUSTER", "INFO"]) else {
                continue;
            };
            answered += 1;
            let info = text(&info);
            if !info.contains("cluster_state:ok") {
                return Err(format!("{port}: cluster_state not ok"));
            }
            let nodes = self
                .command(port, &["CLUSTER", "NODES"])
                .map_err(|e| e.to_string())?;
            views.insert(slot_view(&text(&nodes)));
            let repl = text(
                &self
                    .command(port, &["INFO", "replication"])
                    .map_err(|e| e.to_string())?,
            );
            if repl.contains("role:slave") && !repl.contains("master_link_status:up") {
                return Err(format!("{port}: replica link not up"));
            }
        }
        if answered < live {
            return Err(format!("{answered} of {live} nodes answered"));
        }
        if views.len() != 1 {
            return Err(format!("nodes disagree on the slot map: {views:?}"));
        }
        Ok(())
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::BulkString(b) | Value::SimpleString(b) => String::from_utf8_lossy(b).into_owned(),
        Value::VerbatimString { text, .. } => String::from_utf8_lossy(text).into_owned(),
        other => format!("{other:?}"),
    }
}

/// The primaries of a `CLUSTER NODES` text with their slots, and how many of them, sorted:
/// equal for two nodes that agree on who serves what.
fn slot_view(nodes: &str) -> Vec<String> {
    let mut view: Vec<String> = nodes
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let flags = fields.get(2)?;
            if !flags.contains("master") || flags.contains("fail") {
                return None;
            }
            let addr = fields.get(1)?.split('@').next()?;
            let slots = fields.get(8..).unwrap_or_default().join(",");
            if slots.is_empty() {
                return None;
            }
            Some(format!("{addr}={slots}"))
        })
        .collect();
    view.sort();
    view
}

static SHARED: Mutex<Weak<RedisCluster>> = Mutex::new(Weak::new());

/// The cluster shared by this test binary's tests, started if no running test holds it.
/// Tests sharing it keep to their own keys ([`crate::unique_prefix`]) and must not kill,
/// flush or reshard it; tests that do start their own with [`RedisCluster::start`].
///
/// # Errors
/// As for [`RedisCluster::start`].
pub fn shared_cluster() -> io::Result<Arc<RedisCluster>> {
    crate::shared::held_or_started(&SHARED, RedisCluster::start)
}
