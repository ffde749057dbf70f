//! [`SentinelDeployment`]: one master, one replica and three sentinels (`redis-server <conf>
//! --sentinel`, each with its configuration in a throwaway directory) on loopback ports below
//! 32768, stopped and cleaned up on drop. [`shared_sentinel`] shares one per test binary.
//!
//! Sentinels run with a short `down-after-milliseconds` ([`DOWN_AFTER_MS`]) and
//! `failover-timeout`, so a killed master is replaced within a few seconds.
//!
//! [`SentinelDeployment::start_tls`] starts one whose every process speaks TLS only on TCP
//! (`port 0`, `tls-port`, `tls-replication yes`, so the sentinels reach the data nodes and
//! each other over TLS too). The harness then reaches each process through a unix socket of
//! its own, as it has no TLS client; clients under test only get the TCP ports.

use std::fmt;
use std::fs;
use std::io;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use bytes::BytesMut;
use resp_core::{Decoder, Value};
use tempfile::TempDir;

use crate::{Pki, RawConn, RedisServer};

/// The name the sentinels monitor the master under.
pub const MASTER_NAME: &str = "mymaster";
/// How long a master may be silent before a sentinel sees it as down.
pub const DOWN_AFTER_MS: u64 = 1000;
/// The sentinels' failover timeout (also the pause before they retry a failed failover).
pub const FAILOVER_TIMEOUT_MS: u64 = 4000;
/// How long a deployment may take to settle.
const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a sentinel may take to start.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A free loopback port in 20000..32000: below the usual ephemeral range, so a client's own
/// outgoing port never takes a server's port while that server is down.
///
/// # Errors
/// No free port was found after many tries.
pub fn low_port() -> io::Result<u16> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
        ^ u64::from(std::process::id()).rotate_left(29);
    for _ in 0..200 {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let mix =
            (seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let port = 20000 + u16::try_from((mix >> 33) % 12000).unwrap_or(0);
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return Ok(port);
        }
    }
    Err(io::Error::new(io::ErrorKind::AddrInUse, "no free low port"))
}

/// One `redis-server --sentinel` process.
pub struct SentinelProcess {
    dir: TempDir,
    port: u16,
    /// With TLS only on `port`; the harness then talks to it on a unix socket.
    tls: Option<Pki>,
    child: Option<Child>,
}

impl fmt::Debug for SentinelProcess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SentinelProcess")
            .field("port", &self.port)
            .field("running", &self.child.is_some())
            .finish()
    }
}

impl SentinelProcess {
    /// Starts a sentinel monitoring the master at `master_port` (quorum 2).
    ///
    /// # Errors
    /// The sentinel did not start (its log is in the error).
    pub fn start(master_port: u16) -> io::Result<SentinelProcess> {
        SentinelProcess::start_with(master_port, None)
    }

    /// Starts a sentinel speaking TLS only with `pki`'s certificate on its TCP port, to its
    /// clients and to the data nodes and other sentinels (whose `master_port` is a TLS port),
    /// and listening on a unix socket for the harness.
    ///
    /// # Errors
    /// As for [`SentinelProcess::start`].
    pub fn start_tls(master_port: u16, pki: &Pki) -> io::Result<SentinelProcess> {
        SentinelProcess::start_with(master_port, Some(pki))
    }

    fn start_with(master_port: u16, tls: Option<&Pki>) -> io::Result<SentinelProcess> {
        let mut last = None;
        for _ in 0..20 {
            let port = low_port()?;
            let mut sentinel = SentinelProcess {
                dir: tempfile::Builder::new()
                    .prefix("cureds-sentinel-")
                    .tempdir()?,
                port,
                tls: tls.cloned(),
                child: None,
            };
            match sentinel.spawn(master_port) {
                Ok(true) => return Ok(sentinel),
                Ok(false) => continue,
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| io::Error::other("no port for a sentinel")))
    }

    /// Writes the configuration and starts the process; `Ok(false)` when the port was taken.
    fn spawn(&mut self, master_port: u16) -> io::Result<bool> {
        let conf = self.dir.path().join("sentinel.conf");
        let log = self.log_path();
        let listen = match &self.tls {
            None => format!("port {}\n", self.port),
            Some(pki) => {
                let file = |name: &str, pem: &str| -> io::Result<String> {
                    let path = self.dir.path().join(name);
                    fs::write(&path, pem)?;
                    Ok(path.display().to_string())
                };
                format!(
                    "port 0\ntls-port {port}\ntls-cert-file {cert}\ntls-key-file {key}\n\
                     tls-ca-cert-file {ca}\ntls-auth-clients no\ntls-replication yes\n\
                     unixsocket {socket}\nunixsocketperm 700\n",
                    port = self.port,
                    cert = file("server.pem", &pki.server_cert_pem)?,
                    key = file("server.key", &pki.server_key_pem)?,
                    ca = file("ca.pem", &pki.ca_pem)?,
                    socket = self.socket_path().display(),
                )
            }
        };
        fs::write(
            &conf,
            format!(
                "{listen}bind 127.0.0.1\ndaemonize no\nlogfile {log}\ndir {dir}\n\
                 sentinel monitor {MASTER_NAME} 127.0.0.1 {master_port} 2\n\
                 sentinel down-after-milliseconds {MASTER_NAME} {DOWN_AFTER_MS}\n\
                 sentinel failover-timeout {MASTER_NAME} {FAILOVER_TIMEOUT_MS}\n\
                 sentinel parallel-syncs {MASTER_NAME} 1\n",
                log = log.display(),
                dir = self.dir.path().display(),
            ),
        )?;
        let child = Command::new("sh")
            .arg("-c")
            .arg(crate::server::WATCHDOG)
            .arg("sh")
            .arg(&conf)
            .arg("--sentinel")
            .current_dir(self.dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        self.child = Some(child);
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let text = fs::read_to_string(&log).unwrap_or_default();
            let running = matches!(self.child.as_mut().map(Child::try_wait), Some(Ok(None)));
            if !running {
                self.kill();
                if text.contains("Address already in use") {
                    return Ok(false);
                }
                return Err(io::Error::other(format!(
                    "sentinel exited during startup on port {}; its log:\n{text}",
                    self.port
                )));
            }
            if text.contains("+monitor master") {
                return Ok(true);
            }
            if Instant::now() > deadline {
                self.kill();
                return Err(io::Error::other(format!(
                    "sentinel not ready after {START_TIMEOUT:?}; its log:\n{text}"
                )));
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("sentinel.log")
    }

    fn socket_path(&self) -> PathBuf {
        self.dir.path().join("sentinel.sock")
    }

    /// The sentinel's log so far.
    pub fn log(&self) -> String {
        fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// Its loopback port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Whether it runs.
    pub fn is_running(&self) -> bool {
        self.child.is_some()
    }

    /// Kills it with SIGKILL.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            drop(child.stdin.take());
            let _ = child.wait();
        }
    }
}

impl Drop for SentinelProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A data node of a deployment; with `tls`, it speaks TLS only on TCP (the harness reaches
/// it on a unix socket) and replicates over TLS.
fn data_node(tls: Option<&Pki>) -> crate::server::ServerBuilder {
    let builder = RedisServer::builder()
        .port_picker(low_port)
        .args(["--repl-diskless-sync-delay", "0"]);
    match tls {
        None => builder,
        Some(pki) => builder
            .tls(pki, false)
            .unix_socket()
            .args(["--tls-replication", "yes"]),
    }
}

/// A data node replicating the master at `master_port`.
fn replica_of(tls: Option<&Pki>, master_port: u16) -> crate::server::ServerBuilder {
    data_node(tls).args(["--replicaof", "127.0.0.1", &master_port.to_string()])
}

/// One master, one replica and three sentinels.
#[derive(Debug)]
pub struct SentinelDeployment {
    data: Mutex<Vec<RedisServer>>,
    sentinels: Mutex<Vec<SentinelProcess>>,
    sentinel_ports: Vec<u16>,
    /// Every process speaks TLS only on TCP, with this PKI's certificates.
    tls: Option<Pki>,
}

impl SentinelDeployment {
    /// Starts the master, a replica of it, and three sentinels, and waits until every
    /// sentinel knows the replica and the other sentinels and the replica is in sync.
    ///
    /// # Errors
    /// A process did not start, or the deployment did not settle in time.
    pub fn start() -> io::Result<SentinelDeployment> {
        SentinelDeployment::start_with(None, 1)
    }

    /// Starts the master, `replicas` replicas of it (none: the sentinels list no replica,
    /// as in the seconds after a deployment starts) and three sentinels, and waits as
    /// [`SentinelDeployment::start`] does.
    ///
    /// # Errors
    /// As for [`SentinelDeployment::start`].
    pub fn start_with_replicas(replicas: usize) -> io::Result<SentinelDeployment> {
        SentinelDeployment::start_with(None, replicas)
    }

    /// As [`SentinelDeployment::start`], with every process speaking TLS only on TCP with
    /// `pki`'s server certificate (clients need not present one): the data nodes replicate
    /// and the sentinels reach them and each other over TLS. [`SentinelDeployment::url`] is
    /// then a `rediss+sentinel://` URL.
    ///
    /// # Errors
    /// As for [`SentinelDeployment::start`].
    pub fn start_tls(pki: &Pki) -> io::Result<SentinelDeployment> {
        SentinelDeployment::start_with(Some(pki), 1)
    }

    fn start_with(tls: Option<&Pki>, replicas: usize) -> io::Result<SentinelDeployment> {
        let master = data_node(tls).start()?;
        let master_port = master.port();
        let mut data = vec![master];
        for _ in 0..replicas {
            data.push(replica_of(tls, master_port).start()?);
        }
        let sentinels = (0..3)
            .map(|_| SentinelProcess::start_with(master_port, tls))
            .collect::<io::Result<Vec<_>>>()?;
        let deployment = SentinelDeployment {
            sentinel_ports: sentinels.iter().map(SentinelProcess::port).collect(),
            data: Mutex::new(data),
            sentinels: Mutex::new(sentinels),
            tls: tls.cloned(),
        };
        deployment.wait_ready()?;
        Ok(deployment)
    }

    /// Starts one more replica of the master, with `args` added to its command line, and
    /// returns its port at once (the sentinels learn of it from the master's `INFO` within
    /// ten seconds; [`SentinelDeployment::wait_ready`] waits for that).
    ///
    /// # Errors
    /// The master is unknown or the replica did not start.
    pub fn add_replica(&self, args: &[&str]) -> io::Result<u16> {
        let replica = replica_of(self.tls.as_ref(), self.master_port()?)
            .args(args.iter().copied())
            .start()?;
        let port = replica.port();
        self.data().push(replica);
        Ok(port)
    }

    /// `redis+sentinel://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3/mymaster`
    /// (`rediss+sentinel://` when the deployment speaks TLS).
    pub fn url(&self) -> String {
        self.url_with(&[])
    }

    /// The sentinel URL with `extra` sentinel addresses (`host:port`) asked first.
    pub fn url_with(&self, extra: &[String]) -> String {
        let hosts: Vec<String> = extra
            .iter()
            .cloned()
            .chain(self.sentinel_ports.iter().map(|p| format!("127.0.0.1:{p}")))
            .collect();
        let scheme = match self.tls {
            None => "redis+sentinel",
            Some(_) => "rediss+sentinel",
        };
        format!("{scheme}://{}/{MASTER_NAME}", hosts.join(","))
    }

    /// The sentinels' ports.
    pub fn sentinel_ports(&self) -> &[u16] {
        &self.sentinel_ports
    }

    /// The ports of the two data nodes (master and replica, in start order).
    pub fn data_ports(&self) -> Vec<u16> {
        self.data().iter().map(RedisServer::port).collect()
    }

    fn data(&self) -> MutexGuard<'_, Vec<RedisServer>> {
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn sentinels(&self) -> MutexGuard<'_, Vec<SentinelProcess>> {
        self.sentinels.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs one command on the process at `port`.
    ///
    /// # Errors
    /// It cannot be reached.
    pub fn command(&self, port: u16, args: &[&str]) -> io::Result<Value> {
        if self.tls.is_some() {
            return unix_command(&self.socket_of(port)?, args);
        }
        let mut conn = RawConn::connect(SocketAddr::from(([127, 0, 0, 1], port)))?;
        conn.stream()
            .set_read_timeout(Some(Duration::from_secs(5)))?;
        conn.command(args)
    }

    /// The unix socket of the process whose TCP port is `port`, while it runs.
    fn socket_of(&self, port: u16) -> io::Result<PathBuf> {
        let data = self
            .data()
            .iter()
            .find(|n| n.port() == port)
            .and_then(RedisServer::unix_socket_path);
        let socket = data.or_else(|| {
            self.sentinels()
                .iter()
                .find(|s| s.port() == port && s.is_running())
                .map(SentinelProcess::socket_path)
        });
        socket.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::ConnectionRefused,
                format!("no running process on port {port}"),
            )
        })
    }

    /// What `ROLE` says the data node at `port` is (`master` or `slave`).
    ///
    /// # Errors
    /// It cannot be reached or answered oddly.
    pub fn role_of(&self, port: u16) -> io::Result<String> {
        match self.command(port, &["ROLE"])? {
            Value::Array(items) => match items.first() {
                Some(Value::BulkString(role)) => Ok(String::from_utf8_lossy(role).into_owned()),
                other => Err(io::Error::other(format!("ROLE: {other:?}"))),
            },
            other => Err(io::Error::other(format!("ROLE: {other:?}"))),
        }
    }

    /// The master's port as the first live sentinel names it.
    ///
    /// # Errors
    /// No sentinel answered.
    pub fn master_port(&self) -> io::Result<u16> {
        let mut last = io::Error::other("no live sentinel");
        for &port in &self.sentinel_ports {
            match self.command(port, &["SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME]) {
                Ok(Value::Array(items)) => match items.get(1) {
                    Some(Value::BulkString(p)) => {
                        return String::from_utf8_lossy(p).parse().map_err(io::Error::other)
                    }
                    other => last = io::Error::other(format!("{other:?}")),
                },
                Ok(other) => last = io::Error::other(format!("{other:?}")),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// The data node other than the master.
    ///
    /// # Errors
    /// As for [`SentinelDeployment::master_port`].
    pub fn replica_port(&self) -> io::Result<u16> {
        let master = self.master_port()?;
        self.data_ports()
            .into_iter()
            .find(|&p| p != master)
            .ok_or_else(|| io::Error::other("no replica"))
    }

    /// Kills the data node at `port` with SIGKILL.
    pub fn kill_data(&self, port: u16) {
        if let Some(node) = self.data().iter_mut().find(|n| n.port() == port) {
            node.kill();
        }
    }

    /// Kills the sentinel at `port` with SIGKILL.
    pub fn kill_sentinel(&self, port: u16) {
        if let Some(sentinel) = self.sentinels().iter_mut().find(|s| s.port() == port) {
            sentinel.kill();
        }
    }

    /// `SENTINEL FAILOVER mymaster` on the first live sentinel.
    ///
    /// # Errors
    /// No sentinel accepted it.
    pub fn failover(&self) -> io::Result<()> {
        let mut last = io::Error::other("no live sentinel");
        for &port in &self.sentinel_ports {
            match self.command(port, &["SENTINEL", "FAILOVER", MASTER_NAME]) {
                Ok(Value::SimpleString(_)) => return Ok(()),
                Ok(other) => last = io::Error::other(format!("SENTINEL FAILOVER: {other:?}")),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// `SENTINEL FAILOVER` until the sentinels name a master other than `old` that says it
    /// is the master; returns its port. A forced failover is tried once by the sentinel
    /// (under load it can abort, e.g. when it finds no replica it deems good enough), so it
    /// is asked again after a while.
    ///
    /// # Errors
    /// No new master after three attempts; the error carries the sentinels' logs.
    pub fn failover_until_new_master(&self, old: u16) -> io::Result<u16> {
        for _ in 0..3 {
            // "INPROG Failover already in progress" is fine: keep waiting for that one.
            let _ = self.failover();
            if let Ok(port) = self.wait_new_master_within(old, Duration::from_secs(10)) {
                return Ok(port);
            }
        }
        let logs: Vec<String> = self.sentinels().iter().map(SentinelProcess::log).collect();
        Err(io::Error::other(format!(
            "no new master after three SENTINEL FAILOVERs; sentinel logs:\n{}",
            logs.join("\n---\n")
        )))
    }

    /// Waits until the sentinels name a master other than `old` and that node says it is
    /// the master; returns its port.
    ///
    /// # Errors
    /// That did not happen within 30 s.
    pub fn wait_new_master(&self, old: u16) -> io::Result<u16> {
        self.wait_new_master_within(old, READY_TIMEOUT)
    }

    fn wait_new_master_within(&self, old: u16, limit: Duration) -> io::Result<u16> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(port) = self.master_port() {
                if port != old && self.role_of(port).ok().as_deref() == Some("master") {
                    return Ok(port);
                }
            }
            thread::sleep(Duration::from_millis(20));
        }
        Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!("no new master after {limit:?}"),
        ))
    }

    /// Waits until every live sentinel names the same master, that node says it is the
    /// master, each sentinel sees the other live sentinels and is linked to them, and every
    /// live replica is in sync with the master and known to the sentinels.
    ///
    /// # Errors
    /// That did not happen within 30 s; the error says what was still missing.
    pub fn wait_ready(&self) -> io::Result<()> {
        let deadline = Instant::now() + READY_TIMEOUT;
        let mut last = String::new();
        while Instant::now() < deadline {
            match self.settled() {
                Ok(()) => return Ok(()),
                Err(why) => last = why,
            }
            thread::sleep(Duration::from_millis(50));
        }
        let logs: Vec<String> = self.sentinels().iter().map(SentinelProcess::log).collect();
        Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!(
                "sentinels not ready after {READY_TIMEOUT:?}: {last}\nsentinel logs:\n{}",
                logs.join("\n---\n")
            ),
        ))
    }

    fn settled(&self) -> Result<(), String> {
        let live_sentinels: Vec<u16> = self
            .sentinels()
            .iter()
            .filter(|s| s.is_running())
            .map(SentinelProcess::port)
            .collect();
        let master = self.master_port().map_err(|e| e.to_string())?;
        if self.role_of(master).ok().as_deref() != Some("master") {
            return Err(format!("{master} is named master but is not one yet"));
        }
        let live_data: Vec<u16> = {
            let mut data = self.data();
            data.iter_mut()
                .filter_map(|n| n.is_running().then(|| n.port()))
                .collect()
        };
        let replicas = live_data.iter().filter(|&&p| p != master).count();
        for &port in &live_data {
            if port == master {
                continue;
            }
            let info = self
                .command(port, &["INFO", "replication"])
                .map_err(|e| e.to_string())?;
            let Value::BulkString(info) = info else {
                return Err("INFO is not a bulk string".into());
            };
            let info = String::from_utf8_lossy(&info);
            if !info.contains(&format!("master_port:{master}"))
                || !info.contains("master_link_status:up")
            {
                return Err(format!("replica {port} not in sync with {master}"));
            }
        }
        for &port in &live_sentinels {
            let reply = self
                .command(port, &["SENTINEL", "MASTER", MASTER_NAME])
                .map_err(|e| e.to_string())?;
            let fields = flat_fields(reply);
            let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v);
            if field("port").map(String::as_str) != Some(&master.to_string()) {
                return Err(format!("sentinel {port} does not name {master} yet"));
            }
            if field("flags").map(String::as_str) != Some("master") {
                return Err(format!(
                    "sentinel {port}: master flags {:?}",
                    field("flags")
                ));
            }
            let others = field("num-other-sentinels").and_then(|n| n.parse::<usize>().ok());
            if others < Some(live_sentinels.len() - 1) {
                return Err(format!("sentinel {port} sees {others:?} other sentinels"));
            }
            // A sentinel just heard of is listed as `disconnected` until its link is up
            // (clients skip such entries when they learn sentinels).
            let reply = self
                .command(port, &["SENTINEL", "SENTINELS", MASTER_NAME])
                .map_err(|e| e.to_string())?;
            let Value::Array(entries) = reply else {
                return Err(format!("sentinel {port}: SENTINELS is not an array"));
            };
            let linked = entries
                .into_iter()
                .map(flat_fields)
                .filter(|fields| fields.iter().any(|(k, v)| k == "flags" && v == "sentinel"))
                .count();
            if linked < live_sentinels.len() - 1 {
                return Err(format!(
                    "sentinel {port} is linked to {linked} other sentinels"
                ));
            }
            let reply = self
                .command(port, &["SENTINEL", "REPLICAS", MASTER_NAME])
                .map_err(|e| e.to_string())?;
            let Value::Array(entries) = reply else {
                return Err(format!("sentinel {port}: REPLICAS is not an array"));
            };
            let healthy = entries
                .into_iter()
                .map(flat_fields)
                .filter(|fields| {
                    let has = |k: &str, v: &str| fields.iter().any(|(a, b)| a == k && b == v);
                    has("flags", "slave") && has("master-link-status", "ok")
                })
                .count();
            if healthy < replicas {
                return Err(format!("sentinel {port} sees {healthy} healthy replicas"));
            }
        }
        Ok(())
    }
}

/// Runs one command on the unix socket at `path` (RESP2), for a process that speaks TLS
/// only on TCP.
fn unix_command(path: &Path, args: &[&str]) -> io::Result<Value> {
    let mut stream = UnixStream::connect(path)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut out = BytesMut::new();
    crate::raw::encode_command(args, &mut out)?;
    stream.write_all(&out)?;
    let mut decoder = Decoder::new();
    let mut buf = BytesMut::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match decoder.decode(&mut buf) {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidData, e.to_string())),
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// A RESP2 flat field/value array (or a RESP3 map) as text pairs.
fn flat_fields(reply: Value) -> Vec<(String, String)> {
    let text = |v: &Value| match v {
        Value::BulkString(b) | Value::SimpleString(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Integer(n) => n.to_string(),
        _ => String::new(),
    };
    match reply {
        Value::Array(items) => items
            .chunks(2)
            .filter_map(|pair| match pair {
                [k, v] => Some((text(k), text(v))),
                _ => None,
            })
            .collect(),
        Value::Map(pairs) => pairs.iter().map(|(k, v)| (text(k), text(v))).collect(),
        _ => Vec::new(),
    }
}

static SHARED: Mutex<Weak<SentinelDeployment>> = Mutex::new(Weak::new());

/// A deployment shared by the tests of one test binary while any of them holds it. Tests
/// sharing it keep to their own keys and must not kill anything or fail over; tests that do
/// start their own with [`SentinelDeployment::start`].
///
/// # Errors
/// As for [`SentinelDeployment::start`].
pub fn shared_sentinel() -> io::Result<Arc<SentinelDeployment>> {
    crate::shared::held_or_started(&SHARED, SentinelDeployment::start)
}
