//! [`Config`]: where to connect and how, parsed from a `redis://` or `redis+unix://` URL or
//! built in code.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use crate::{Error, Limits};

/// The port used when a `redis://` URL names none.
pub const DEFAULT_PORT: u16 = 6379;

/// Where the server listens.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Address {
    /// A TCP host name or IP address (without IPv6 brackets) and port.
    Tcp {
        /// Host name or IP address.
        host: String,
        /// TCP port.
        port: u16,
    },
    /// A unix domain socket.
    Unix(PathBuf),
    /// Whatever node the sentinels name, asked again at every (re)connect: the master, or
    /// a replica (see [`crate::SentinelConfig`]).
    Sentinel(Box<crate::SentinelConfig>),
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::Tcp { host, port } if host.contains(':') => write!(f, "[{host}]:{port}"),
            Address::Tcp { host, port } => write!(f, "{host}:{port}"),
            Address::Unix(path) => write!(f, "unix:{}", path.display()),
            Address::Sentinel(sentinels) => write!(f, "{sentinels}"),
        }
    }
}

/// Which RESP version the handshake asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ProtocolVersion {
    /// `HELLO 3`, falling back to RESP2 when the server does not know `HELLO` (before 6.0).
    #[default]
    Auto,
    /// RESP2 only: no `HELLO`; `AUTH`, `SELECT` and `CLIENT SETNAME` as separate commands.
    Resp2,
    /// RESP3 only: the connection fails when the server refuses `HELLO 3`.
    Resp3,
}

/// A password that never shows in `Debug` or `Display` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Wraps a password.
    pub fn new(password: impl Into<String>) -> Self {
        Password(password.into())
    }

    /// The password itself, for the handshake.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl fmt::Display for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// How to reach a server and how to set up each connection.
///
/// Made by [`Config::from_url`] (or `str::parse`) or [`Config::new`], then adjusted with the
/// `with_*` methods or by setting fields.
///
/// ```
/// use std::time::Duration;
/// use resp_core::{Address, Config};
///
/// let config: Config = "redis://app:s%3Acret@db.example:6380/2".parse()?;
/// assert_eq!(config.address, Address::Tcp { host: "db.example".into(), port: 6380 });
/// assert_eq!(config.db, 2);
/// assert_eq!(config.password.as_ref().map(|p| p.expose()), Some("s:cret"));
/// assert!(!format!("{config:?}").contains("s:cret"));
///
/// let config = config.with_client_name("worker-1").with_response_timeout(Duration::from_secs(2));
/// assert_eq!(config.client_name.as_deref(), Some("worker-1"));
/// # Ok::<(), resp_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Config {
    /// Where the server listens.
    pub address: Address,
    /// The database selected on every connection (`SELECT`), 0 by default.
    pub db: u32,
    /// The ACL user name; `None` authenticates as `default` when a password is set.
    pub username: Option<String>,
    /// The password; `None` skips authentication.
    pub password: Option<Password>,
    /// The name given with `CLIENT SETNAME` (or `HELLO ... SETNAME`).
    pub client_name: Option<String>,
    /// The RESP version to ask for.
    pub protocol: ProtocolVersion,
    /// How long connecting (TCP or unix connect plus the handshake) may take.
    pub connect_timeout: Option<Duration>,
    /// How long a request may wait for its reply, counted from the call; `None` waits for
    /// ever. A blocking command (BLPOP, XREAD BLOCK, ...) may wait its own block time plus
    /// this; one that blocks for ever has no limit.
    pub response_timeout: Option<Duration>,
    /// How many requests may wait to be written before callers wait for room.
    pub queue_capacity: usize,
    /// How many dedicated connections (for WATCH, blocking commands) a client may keep.
    pub pool_size: usize,
    /// How many times a client's WATCH transaction helper runs the user's closure again
    /// when a watched key changed, before giving up with [`Error::WatchAborted`].
    pub watch_retries: usize,
    /// Whether the shared connection reconnects by itself (with [`crate::Backoff`]) after it
    /// is lost; requests not yet written wait for the new connection.
    pub reconnect: bool,
    /// The first reconnect delay's upper bound; it doubles per failed attempt.
    pub reconnect_base_delay: Duration,
    /// The largest reconnect delay.
    pub reconnect_max_delay: Duration,
    /// How long requests queued while the connection is down wait for a reconnect. After
    /// that, each failed attempt ends the requests queued by then with
    /// [`Error::ConnectionDown`] and the attempt's error (none of them was sent). An attempt
    /// refused for a reason waiting will not clear ([`Error::lasting`]: `WRONGPASS`,
    /// `NOAUTH`, `NOPERM` with no newer credentials from the provider, a full server) ends
    /// them at once, without waiting this long; reconnecting goes on in the background.
    pub reconnect_wait: Duration,
    /// The decoder's limits for replies.
    pub limits: Limits,
    /// How long a connection may stay silent before the client checks it with a `PING`; when
    /// that is not answered within another interval, the connection is treated as lost (a
    /// peer that vanished without closing). `None` turns the check off. Subscriber
    /// connections rely on TCP keepalive instead.
    pub health_check_interval: Option<Duration>,
    /// The idle time before the kernel probes a TCP connection (`SO_KEEPALIVE`); `None`
    /// leaves keepalive off.
    pub tcp_keepalive: Option<Duration>,
    /// TLS for TCP connections (`rediss://`); `None` connects in clear text.
    pub tls: Option<crate::TlsConfig>,
    /// Where the credentials come from at each handshake; when set, it wins over
    /// [`Config::username`] and [`Config::password`].
    pub credentials: Option<crate::SharedProvider>,
    /// Whether the handshake tells the server the client library's name and version
    /// (`CLIENT SETINFO lib-name cureds` and `lib-ver`, shown by `CLIENT LIST` and `CLIENT
    /// INFO`). Sent in the same write as HELLO, so it costs no round trip; servers before
    /// 7.2 do not know `SETINFO`, and its error replies are ignored. On by default.
    pub set_lib_info: bool,
    /// Whether the handshake sends `READONLY`, so that a Redis Cluster replica serves reads
    /// of its primary's slots instead of answering `MOVED` (harmless on a primary). Off by
    /// default; a cluster client reading from replicas turns it on for its node connections.
    pub read_only: bool,
}

impl Config {
    /// The defaults for a server at `address`: database 0, no credentials, RESP version
    /// [`ProtocolVersion::Auto`], a 10 s connect timeout (socket and handshake), a 10 s
    /// response timeout (a blocking command gets its own block time on top), a queue of
    /// 4096 requests, a pool of 8 dedicated connections, 16 WATCH retries, reconnects
    /// after 0-50 ms doubling up to 5 s with queued requests waiting up to 5 s for one, a
    /// health check after 30 s of silence, TCP keepalive after 60 s idle, and the library's
    /// name and version sent with `CLIENT SETINFO`.
    pub fn new(address: Address) -> Self {
        Config {
            address,
            db: 0,
            username: None,
            password: None,
            client_name: None,
            protocol: ProtocolVersion::Auto,
            connect_timeout: Some(Duration::from_secs(10)),
            response_timeout: Some(Duration::from_secs(10)),
            queue_capacity: 4096,
            pool_size: 8,
            watch_retries: 16,
            reconnect: true,
            reconnect_base_delay: Duration::from_millis(50),
            reconnect_max_delay: Duration::from_secs(5),
            reconnect_wait: Duration::from_secs(5),
            limits: Limits::default(),
            health_check_interval: Some(Duration::from_secs(30)),
            tcp_keepalive: Some(Duration::from_secs(60)),
            tls: None,
            credentials: None,
            set_lib_info: true,
            read_only: false,
        }
    }

    /// The defaults (as for [`Config::new`]) for a server on TCP at `host:port`, without a
    /// URL; adjust with the `with_*` methods.
    ///
    /// ```
    /// use resp_core::{Config, Password};
    ///
    /// let config = Config::tcp("db.example", 6380)
    ///     .with_db(2)
    ///     .with_password(Password::new("s3cret"));
    /// assert_eq!(config, "redis://:s3cret@db.example:6380/2".parse()?);
    /// # Ok::<(), resp_core::Error>(())
    /// ```
    pub fn tcp(host: impl Into<String>, port: u16) -> Self {
        Self::new(Address::Tcp {
            host: host.into(),
            port,
        })
    }

    /// The defaults (as for [`Config::new`]) for a server on the unix socket at `path`.
    ///
    /// ```
    /// use resp_core::Config;
    ///
    /// let config = Config::unix("/run/redis/redis.sock").with_db(1);
    /// assert_eq!(config, "redis+unix:///run/redis/redis.sock?db=1".parse()?);
    /// # Ok::<(), resp_core::Error>(())
    /// ```
    pub fn unix(path: impl Into<PathBuf>) -> Self {
        Self::new(Address::Unix(path.into()))
    }

    /// Parses `redis://[user[:password]@]host[:port][/db]` (an IPv6 host in brackets:
    /// `redis://[::1]:6380`) or `redis+unix://[user[:password]@]/path/to.sock[?db=N]` (also
    /// `unix:///path`). User name, password and socket path are percent-decoded; a `db` query
    /// parameter works for both schemes and wins over the path; other parameters are ignored.
    /// `rediss://host[:port][/db]` is `redis://` over TLS with the default [`crate::TlsConfig`]
    /// (webpki roots, hostname verification).
    ///
    /// `redis+sentinel://[user[:password]@]host1[:port][,host2[:port]...]/master_name[/db]`
    /// finds the server through Redis Sentinel ([`Address::Sentinel`]): the sentinels
    /// (port 26379 when none is given) are asked in turn for the master named
    /// `master_name`. The user name and password are the data nodes'; the sentinels' own
    /// come from the `sentinel_username` and `sentinel_password` query parameters, and
    /// `role=replica` connects to a healthy replica only instead of the master;
    /// `read_from=prefer_replica` (or `round_robin_replicas`) sends read-only commands to a
    /// replica over a second connection, and to the master while no replica is healthy
    /// (see [`crate::SentinelConfig::read_from`]). `rediss+sentinel://` uses TLS to the data
    /// nodes; the sentinels are asked in clear text unless `sentinel_tls=yes` says to use TLS
    /// to them too, with the default [`crate::TlsConfig`] (set [`crate::SentinelConfig::tls`]
    /// for a private CA or a client certificate: it is separate from [`Config::tls`]).
    ///
    /// # Errors
    /// [`Error::Config`] naming what is wrong: an unknown scheme, a missing host, a port or
    /// database that is not a number, and so on. The message never repeats the password.
    pub fn from_url(url: &str) -> Result<Self, Error> {
        url::parse(url)
    }

    /// Sets the database selected on every connection.
    pub fn with_db(mut self, db: u32) -> Self {
        self.db = db;
        self
    }

    /// Sets the user name and password (`AUTH user password`).
    pub fn with_credentials(mut self, username: impl Into<String>, password: Password) -> Self {
        self.username = Some(username.into());
        self.password = Some(password);
        self
    }

    /// Sets the password for the `default` user (`AUTH password`).
    pub fn with_password(mut self, password: Password) -> Self {
        self.password = Some(password);
        self
    }

    /// Sends `READONLY` in every handshake (see [`Config::read_only`]).
    pub fn with_read_only(mut self, read_only: bool) -> Self {
        self.read_only = read_only;
        self
    }

    /// Sets the connection name (`CLIENT SETNAME`).
    pub fn with_client_name(mut self, name: impl Into<String>) -> Self {
        self.client_name = Some(name.into());
        self
    }

    /// Sets the RESP version to ask for.
    pub fn with_protocol(mut self, protocol: ProtocolVersion) -> Self {
        self.protocol = protocol;
        self
    }

    /// Sets how long connecting and the handshake may take.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sets how long a request may wait for its reply.
    pub fn with_response_timeout(mut self, timeout: Duration) -> Self {
        self.response_timeout = Some(timeout);
        self
    }

    /// Lets requests wait for their replies for as long as it takes (no response timeout).
    pub fn without_response_timeout(mut self) -> Self {
        self.response_timeout = None;
        self
    }

    /// Sets how many requests may wait to be written (at least 1).
    pub fn with_queue_capacity(mut self, capacity: usize) -> Self {
        self.queue_capacity = capacity.max(1);
        self
    }

    /// Sets [`Config::health_check_interval`].
    pub fn with_health_check_interval(mut self, interval: Option<Duration>) -> Self {
        self.health_check_interval = interval;
        self
    }

    /// Sets [`Config::tcp_keepalive`].
    pub fn with_tcp_keepalive(mut self, idle: Option<Duration>) -> Self {
        self.tcp_keepalive = idle;
        self
    }

    /// Sets how many times a WATCH transaction is retried after a watched key changed.
    pub fn with_watch_retries(mut self, retries: usize) -> Self {
        self.watch_retries = retries;
        self
    }

    /// Turns automatic reconnection of the shared connection on or off.
    pub fn with_reconnect(mut self, reconnect: bool) -> Self {
        self.reconnect = reconnect;
        self
    }

    /// Sets [`Config::reconnect_wait`].
    pub fn with_reconnect_wait(mut self, wait: Duration) -> Self {
        self.reconnect_wait = wait;
        self
    }

    /// A reconnect delay schedule for this configuration.
    pub fn backoff(&self) -> crate::Backoff {
        crate::Backoff::new(self.reconnect_base_delay, self.reconnect_max_delay)
    }

    /// Secures every connection with TLS as `tls` says.
    pub fn with_tls(mut self, tls: crate::TlsConfig) -> Self {
        self.tls = Some(tls);
        self
    }

    /// Asks `provider` for the user name and password at every handshake (so a rotated
    /// password is used on the next reconnect) instead of [`Config::username`] and
    /// [`Config::password`].
    pub fn with_credentials_provider(mut self, provider: impl crate::CredentialsProvider) -> Self {
        self.credentials = Some(crate::SharedProvider(std::sync::Arc::new(provider)));
        self
    }

    /// Turns `CLIENT SETINFO` in the handshake on or off (see [`Config::set_lib_info`]).
    pub fn with_lib_info(mut self, on: bool) -> Self {
        self.set_lib_info = on;
        self
    }

    /// Sets how many dedicated connections the client may keep.
    pub fn with_pool_size(mut self, size: usize) -> Self {
        self.pool_size = size;
        self
    }
}

impl FromStr for Config {
    type Err = Error;

    fn from_str(url: &str) -> Result<Self, Error> {
        Config::from_url(url)
    }
}

mod url;

#[cfg(test)]
mod tests;
