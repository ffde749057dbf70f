//! Redis Sentinel decisions, without I/O: which sentinels to ask and about what
//! ([`SentinelConfig`], and [`KnownSentinels`] once they named their peers), the commands,
//! what their replies say (the master's address, the healthy replicas, the other sentinels,
//! a node's [`Role`], a `+switch-master` message), and the errors ([`SentinelError`]).
//! `cureds-core` asks the sentinels in turn with these and connects.

use std::fmt;

use crate::cluster::ReadFrom;
use crate::{Address, Cmd, Error, Password, TlsConfig, Value};

/// The port a sentinel listens on when a `redis+sentinel://` URL names none.
pub const DEFAULT_SENTINEL_PORT: u16 = 26379;

/// The pub/sub channel on which sentinels announce a failover's new master.
pub const SWITCH_MASTER_CHANNEL: &str = "+switch-master";

/// What a node is, as its `ROLE` reply says; and which node a Sentinel-backed client wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Role {
    /// A master: takes writes.
    Master,
    /// A replica (`slave` in `ROLE`'s reply): read-only, replicating a master.
    Replica,
    /// A sentinel.
    Sentinel,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Master => "master",
            Role::Replica => "replica",
            Role::Sentinel => "sentinel",
        })
    }
}

/// Where a Sentinel-backed client finds its server: the sentinels to ask, in order, the
/// master's name as the sentinels know it, whether to connect to the master or to a replica,
/// and the sentinels' own credentials and TLS settings (separate from the data nodes' ones
/// in [`crate::Config`]).
///
/// Used as [`Address::Sentinel`]; usually parsed from a `redis+sentinel://` URL (see
/// [`crate::Config::from_url`]).
///
/// ```
/// use resp_core::{Address, Config, Password, Role, SentinelConfig};
///
/// let sentinels = SentinelConfig::new("mymaster", [("10.0.0.1", 26379), ("10.0.0.2", 26379)])
///     .with_credentials(None, Password::new("sentinel-secret"));
/// let config = Config::new(Address::Sentinel(Box::new(sentinels))).with_db(1);
/// assert_eq!(
///     config,
///     "redis+sentinel://10.0.0.1,10.0.0.2/mymaster/1?sentinel_password=sentinel-secret".parse()?
/// );
/// # Ok::<(), resp_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SentinelConfig {
    /// The sentinels, asked in this order until one answers.
    pub sentinels: Vec<Address>,
    /// The name the sentinels monitor the master under (`sentinel monitor <name> ...`).
    pub master_name: String,
    /// [`Role::Master`] (the default) or [`Role::Replica`] for a connection to a replica
    /// only (it fails while the sentinels list no healthy replica; see `read_from` for reads
    /// that fall back to the master).
    pub role: Role,
    /// Where a master client's read-only commands go, as for a cluster:
    /// [`ReadFrom::Primary`] (the default, the master's connection),
    /// [`ReadFrom::PreferReplica`] (a second connection, to the first healthy replica the
    /// sentinels list, or to the master while they list none) or
    /// [`ReadFrom::RoundRobinReplicas`] (a connection to each healthy replica the sentinels
    /// list, the reads rotating over those that are up; as `PreferReplica` while they list
    /// none). Writes, blocking commands, transactions and subscriptions always go to the
    /// master.
    pub read_from: ReadFrom,
    /// The sentinels' ACL user name (`None`: `default` when a password is set).
    pub username: Option<String>,
    /// The sentinels' password (`requirepass` in the sentinel configuration).
    pub password: Option<Password>,
    /// TLS to the sentinels, for asking them and for watching `+switch-master`; `None` (the
    /// default) talks to them in clear text, whatever [`crate::Config::tls`] says.
    ///
    /// A setting of its own rather than "the data nodes' TLS": sentinels are processes of
    /// their own, often with their own certificates (or none while the data nodes use TLS),
    /// as they have their own credentials. Where one CA signs everything, give both the same
    /// [`TlsConfig`].
    pub tls: Option<TlsConfig>,
}

impl SentinelConfig {
    /// The master named `master_name`, found through the sentinels at `sentinels`
    /// (`(host, port)` pairs), without credentials for the sentinels.
    pub fn new<H: Into<String>>(
        master_name: impl Into<String>,
        sentinels: impl IntoIterator<Item = (H, u16)>,
    ) -> Self {
        SentinelConfig {
            sentinels: sentinels
                .into_iter()
                .map(|(host, port)| Address::Tcp {
                    host: host.into(),
                    port,
                })
                .collect(),
            master_name: master_name.into(),
            role: Role::Master,
            read_from: ReadFrom::Primary,
            username: None,
            password: None,
            tls: None,
        }
    }

    /// Connects to a healthy replica instead of the master (reads only).
    pub fn with_replica(mut self) -> Self {
        self.role = Role::Replica;
        self
    }

    /// Sends read-only commands as `read_from` says (see [`SentinelConfig::read_from`]).
    ///
    /// ```
    /// use resp_core::cluster::ReadFrom;
    /// use resp_core::{Config, SentinelConfig};
    ///
    /// let sentinels = SentinelConfig::new("mymaster", [("s1", 26379)])
    ///     .with_read_from(ReadFrom::PreferReplica);
    /// assert_eq!(
    ///     Config::new(resp_core::Address::Sentinel(Box::new(sentinels))),
    ///     "redis+sentinel://s1/mymaster?read_from=prefer_replica".parse()?
    /// );
    /// # Ok::<(), resp_core::Error>(())
    /// ```
    pub fn with_read_from(mut self, read_from: ReadFrom) -> Self {
        self.read_from = read_from;
        self
    }

    /// The sentinel configuration of the second connection that serves a master client's
    /// reads (`None` when `read_from` keeps them on the master): a replica, or the master
    /// while no replica is healthy.
    pub fn for_reads(&self) -> Option<SentinelConfig> {
        (self.role == Role::Master && self.read_from.uses_replicas()).then(|| SentinelConfig {
            role: Role::Replica,
            ..self.clone()
        })
    }

    /// Whether a connection may go to the master when no replica is usable: a replica
    /// connection made for reads (see [`SentinelConfig::for_reads`]).
    pub fn falls_back_to_master(&self) -> bool {
        self.role == Role::Replica && self.read_from.uses_replicas()
    }

    /// The nodes to try, in order, with the role each must have, from what a sentinel
    /// named: the master, or the healthy `replicas` (for
    /// [`ReadFrom::RoundRobinReplicas`] starting at the `turn`-th, a counter the caller
    /// advances per connection), then the master when [`SentinelConfig::falls_back_to_master`].
    ///
    /// ```
    /// use resp_core::cluster::ReadFrom;
    /// use resp_core::{Address, Role, SentinelConfig};
    ///
    /// let node = |port| Address::Tcp { host: "127.0.0.1".into(), port };
    /// let reads = SentinelConfig::new("m", [("s1", 26379)])
    ///     .with_read_from(ReadFrom::RoundRobinReplicas)
    ///     .for_reads()
    ///     .unwrap();
    /// let tried = reads.candidates(node(1), vec![node(2), node(3)], 1);
    /// assert_eq!(
    ///     tried,
    ///     vec![(node(3), Role::Replica), (node(2), Role::Replica), (node(1), Role::Master)]
    /// );
    /// ```
    pub fn candidates(
        &self,
        master: Address,
        mut replicas: Vec<Address>,
        turn: usize,
    ) -> Vec<(Address, Role)> {
        if self.role != Role::Replica {
            return vec![(master, Role::Master)];
        }
        if self.read_from == ReadFrom::RoundRobinReplicas && !replicas.is_empty() {
            let len = replicas.len();
            replicas.rotate_left(turn % len);
        }
        let mut candidates: Vec<(Address, Role)> = replicas
            .into_iter()
            .map(|replica| (replica, Role::Replica))
            .collect();
        if self.falls_back_to_master() {
            candidates.push((master, Role::Master));
        }
        candidates
    }

    /// Whether `node`, named by `sentinel`, may be used, from its `ROLE` reply: it must be
    /// what [`SentinelConfig::role`] asks for. A sentinel that has not seen a failover yet
    /// (or a lying one) names a node that is now a replica; that node must not get writes.
    ///
    /// # Errors
    /// [`SentinelError::WrongRole`] naming the sentinel, the node and both roles; as for
    /// [`parse_role`] when the reply is not a `ROLE` reply.
    ///
    /// ```
    /// use resp_core::{Address, Error, SentinelConfig, SentinelError, Value};
    ///
    /// let sentinels = SentinelConfig::new("mymaster", [("s1", 26379)]);
    /// let (sentinel, node) = (&sentinels.sentinels[0], Address::Tcp { host: "n".into(), port: 6380 });
    /// let replica = Value::Array(vec![Value::BulkString("slave".into())]);
    /// assert!(matches!(
    ///     sentinels.check_role(sentinel, &node, replica),
    ///     Err(Error::Sentinel(SentinelError::WrongRole { .. }))
    /// ));
    /// let master = Value::Array(vec![Value::BulkString("master".into())]);
    /// assert!(sentinels.check_role(sentinel, &node, master).is_ok());
    /// ```
    pub fn check_role(
        &self,
        sentinel: &Address,
        node: &Address,
        reply: Value,
    ) -> Result<(), Error> {
        self.expect_role(sentinel, node, self.role, reply)
    }

    /// Whether `node`, named by `sentinel` as a node of role `expected` (one of
    /// [`SentinelConfig::candidates`]), is one, from its `ROLE` reply.
    ///
    /// # Errors
    /// As for [`SentinelConfig::check_role`].
    pub fn expect_role(
        &self,
        sentinel: &Address,
        node: &Address,
        expected: Role,
        reply: Value,
    ) -> Result<(), Error> {
        let actual = parse_role(reply)?;
        if actual == expected {
            return Ok(());
        }
        Err(Error::Sentinel(SentinelError::WrongRole {
            master_name: self.master_name.clone(),
            sentinel: sentinel.clone(),
            node: node.clone(),
            expected,
            actual,
        }))
    }

    /// Whether a connection to `connected_to` must be replaced after `switch` was announced:
    /// for the master, when the new master is another node; for a replica, when that replica
    /// is the one promoted, or (a reads connection that fell back to the master) when it was
    /// on the old master. Announcements for other master names change nothing.
    ///
    /// ```
    /// use resp_core::sentinel::parse_switch_master;
    /// use resp_core::{Address, SentinelConfig};
    ///
    /// let master = SentinelConfig::new("m", [("s1", 26379)]);
    /// let switch = parse_switch_master(b"m 10.0.0.1 6379 10.0.0.2 6379").unwrap();
    /// let old = Address::Tcp { host: "10.0.0.1".into(), port: 6379 };
    /// assert!(master.switch_ends(&old, &switch));
    /// assert!(!master.clone().with_replica().switch_ends(&old, &switch));
    /// ```
    pub fn switch_ends(&self, connected_to: &Address, switch: &SwitchMaster) -> bool {
        if switch.master_name != self.master_name {
            return false;
        }
        match self.role {
            Role::Replica => {
                switch.new == *connected_to
                    || (self.falls_back_to_master() && switch.old == *connected_to)
            }
            _ => switch.new != *connected_to,
        }
    }

    /// Authenticates to the sentinels with these credentials (`None`: the `default` user).
    pub fn with_credentials(mut self, username: Option<String>, password: Password) -> Self {
        self.username = username;
        self.password = Some(password);
        self
    }

    /// Talks to the sentinels over TLS as `tls` says (see [`SentinelConfig::tls`]).
    ///
    /// ```
    /// use resp_core::{Address, Config, SentinelConfig, TlsConfig};
    ///
    /// let sentinels = SentinelConfig::new("mymaster", [("10.0.0.1", 26379)]).with_tls(TlsConfig::new());
    /// let config = Config::new(Address::Sentinel(Box::new(sentinels))).with_tls(TlsConfig::new());
    /// assert_eq!(config, "rediss+sentinel://10.0.0.1/mymaster?sentinel_tls=yes".parse()?);
    /// # Ok::<(), resp_core::Error>(())
    /// ```
    pub fn with_tls(mut self, tls: TlsConfig) -> Self {
        self.tls = Some(tls);
        self
    }
}

impl fmt::Display for SentinelConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sentinel:{}", self.master_name)?;
        if self.role == Role::Replica {
            f.write_str("(replica)")?;
        }
        for (i, sentinel) in self.sentinels.iter().enumerate() {
            f.write_str(if i == 0 { "@" } else { "," })?;
            write!(f, "{sentinel}")?;
        }
        Ok(())
    }
}

/// Why a Sentinel-backed connection could not be opened. None of these sent a command to a
/// data node (see [`Error::may_have_run`]).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum SentinelError {
    /// A sentinel does not monitor a master of that name (its reply was nil).
    UnknownMaster {
        /// The name asked for.
        master_name: String,
        /// The sentinel that answered.
        sentinel: Address,
    },
    /// A sentinel knows the master but no replica that is up and in sync with it.
    NoHealthyReplica {
        /// The master's name.
        master_name: String,
        /// The sentinel that answered.
        sentinel: Address,
    },
    /// The node a sentinel named is not what it should be: e.g. a sentinel that has not
    /// seen a failover yet names a node that `ROLE` says is now a replica. Nothing was
    /// written to it.
    WrongRole {
        /// The master's name.
        master_name: String,
        /// The sentinel that named the node.
        sentinel: Address,
        /// The node.
        node: Address,
        /// What the client wanted.
        expected: Role,
        /// What `ROLE` said.
        actual: Role,
    },
    /// A sentinel's reply does not have the shape Redis gives it.
    InvalidReply {
        /// The sentinel that answered.
        sentinel: Address,
        /// What was wrong.
        what: &'static str,
    },
    /// Every sentinel was tried and none led to a usable node; each one's failure in order.
    NoneUsable {
        /// The master's name.
        master_name: String,
        /// Each sentinel and why it did not lead to a node (refused, timed out, one of the
        /// errors above...).
        attempts: Vec<(Address, Error)>,
    },
}

impl fmt::Display for SentinelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SentinelError::UnknownMaster {
                master_name,
                sentinel,
            } => write!(
                f,
                "sentinel {sentinel} does not know a master named {master_name:?}"
            ),
            SentinelError::NoHealthyReplica {
                master_name,
                sentinel,
            } => write!(
                f,
                "sentinel {sentinel} knows no healthy replica of {master_name:?}"
            ),
            SentinelError::WrongRole {
                master_name,
                sentinel,
                node,
                expected,
                actual,
            } => write!(
                f,
                "sentinel {sentinel} named {node} as the {expected} of {master_name:?}, but \
                 ROLE says it is a {actual}; not using it"
            ),
            SentinelError::InvalidReply { sentinel, what } => {
                write!(f, "invalid reply from sentinel {sentinel}: {what}")
            }
            SentinelError::NoneUsable {
                master_name,
                attempts,
            } => {
                write!(f, "no sentinel led to a usable node for {master_name:?}")?;
                for (sentinel, error) in attempts {
                    write!(f, "; {sentinel}: {error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for SentinelError {}

/// `SENTINEL GET-MASTER-ADDR-BY-NAME <name>`; read its reply with [`parse_master_address`].
pub fn get_master_addr_by_name(master_name: &str) -> Cmd<Value> {
    Cmd::new("SENTINEL")
        .arg("GET-MASTER-ADDR-BY-NAME")
        .arg(master_name)
}

/// `SENTINEL REPLICAS <name>`; read its reply with [`parse_replicas`].
pub fn replicas(master_name: &str) -> Cmd<Value> {
    Cmd::new("SENTINEL").arg("REPLICAS").arg(master_name)
}

/// `SENTINEL SENTINELS <name>`: the other sentinels monitoring that master; read its reply
/// with [`parse_sentinels`].
pub fn sentinels(master_name: &str) -> Cmd<Value> {
    Cmd::new("SENTINEL").arg("SENTINELS").arg(master_name)
}

/// `ROLE`; read its reply with [`parse_role`].
pub fn role() -> Cmd<Value> {
    Cmd::new("ROLE")
}

/// The master's address from `SENTINEL GET-MASTER-ADDR-BY-NAME`'s reply (`[ip, port]`), or
/// `None` when the sentinel does not know that name (nil).
///
/// # Errors
/// [`SentinelError::InvalidReply`] for any other shape, or an error reply as
/// [`Error::Server`].
///
/// ```
/// use resp_core::sentinel::parse_master_address;
/// use resp_core::{Address, Value};
///
/// let reply = Value::Array(vec![
///     Value::BulkString("127.0.0.1".into()),
///     Value::BulkString("6380".into()),
/// ]);
/// let sentinel = Address::Tcp { host: "s1".into(), port: 26379 };
/// assert_eq!(
///     parse_master_address(reply, &sentinel)?,
///     Some(Address::Tcp { host: "127.0.0.1".into(), port: 6380 })
/// );
/// assert_eq!(parse_master_address(Value::Null, &sentinel)?, None);
/// # Ok::<(), resp_core::Error>(())
/// ```
pub fn parse_master_address(reply: Value, sentinel: &Address) -> Result<Option<Address>, Error> {
    let invalid = |what| invalid_reply(sentinel, what);
    match reply {
        Value::Null => Ok(None),
        Value::Array(items) => match &items[..] {
            [host, port] => {
                let host = text(host).ok_or_else(|| invalid("the master's host is not text"))?;
                let port =
                    port_of(port).ok_or_else(|| invalid("the master's port is not a port"))?;
                Ok(Some(Address::Tcp { host, port }))
            }
            _ => Err(invalid(
                "GET-MASTER-ADDR-BY-NAME did not answer [host, port]",
            )),
        },
        Value::Error(line) | Value::BulkError(line) => {
            Err(Error::Server(crate::ServerError::from_bytes(line)))
        }
        _ => Err(invalid(
            "GET-MASTER-ADDR-BY-NAME did not answer an array or nil",
        )),
    }
}

/// The replicas in `SENTINEL REPLICAS`' reply that are usable for reads: not subjectively or
/// objectively down, not disconnected, and with their link to the master up. In the order
/// the sentinel listed them.
///
/// # Errors
/// [`SentinelError::InvalidReply`] when the reply is not a list of field maps (RESP3) or flat
/// field/value arrays (RESP2), or an entry lacks `ip` or `port`; an error reply as
/// [`Error::Server`].
pub fn parse_replicas(reply: Value, sentinel: &Address) -> Result<Vec<Address>, Error> {
    let entries = field_lists(
        reply,
        sentinel,
        "REPLICAS did not answer an array",
        "a REPLICAS entry is not a field/value list",
    )?;
    let mut healthy = Vec::new();
    for fields in entries {
        let address = entry_address(&fields)
            .ok_or_else(|| invalid_reply(sentinel, "a REPLICAS entry lacks its ip or port"))?;
        let link_up = field(&fields, "master-link-status")
            .and_then(text)
            .is_none_or(|status| status == "ok");
        if !flagged_down(&fields) && link_up {
            healthy.push(address);
        }
    }
    Ok(healthy)
}

/// The sentinels in `SENTINEL SENTINELS`' reply that may be asked: those not subjectively or
/// objectively down and not disconnected, in the order the sentinel listed them. The
/// sentinel that answered is not among them (it never lists itself).
///
/// # Errors
/// [`SentinelError::InvalidReply`] when the reply is not a list of field maps (RESP3) or flat
/// field/value arrays (RESP2), or an entry lacks `ip` or `port`; an error reply as
/// [`Error::Server`] (for example when the sentinel does not know the master).
///
/// ```
/// use resp_core::sentinel::parse_sentinels;
/// use resp_core::{Address, Value};
///
/// let entry = |port: &str, flags: &str| {
///     Value::Array(["ip", "10.0.0.2", "port", port, "flags", flags]
///         .map(|s| Value::BulkString(s.to_owned().into())).to_vec())
/// };
/// let reply = Value::Array(vec![entry("26379", "sentinel"), entry("26380", "s_down,sentinel")]);
/// let sentinel = Address::Tcp { host: "10.0.0.1".into(), port: 26379 };
/// assert_eq!(
///     parse_sentinels(reply, &sentinel)?,
///     vec![Address::Tcp { host: "10.0.0.2".into(), port: 26379 }]
/// );
/// # Ok::<(), resp_core::Error>(())
/// ```
pub fn parse_sentinels(reply: Value, sentinel: &Address) -> Result<Vec<Address>, Error> {
    let entries = field_lists(
        reply,
        sentinel,
        "SENTINELS did not answer an array",
        "a SENTINELS entry is not a field/value list",
    )?;
    let mut usable = Vec::new();
    for fields in entries {
        let address = entry_address(&fields)
            .ok_or_else(|| invalid_reply(sentinel, "a SENTINELS entry lacks its ip or port"))?;
        if !flagged_down(&fields) {
            usable.push(address);
        }
    }
    Ok(usable)
}

/// The entries of a `SENTINEL REPLICAS` or `SENTINEL SENTINELS` reply, each as field/value
/// pairs: RESP3 sends maps, RESP2 flat arrays. `not_array` and `not_fields` say what was
/// wrong, naming the command.
fn field_lists(
    reply: Value,
    sentinel: &Address,
    not_array: &'static str,
    not_fields: &'static str,
) -> Result<Vec<Vec<(Value, Value)>>, Error> {
    let entries = match reply {
        Value::Array(entries) | Value::Set(entries) => entries,
        Value::Error(line) | Value::BulkError(line) => {
            return Err(Error::Server(crate::ServerError::from_bytes(line)))
        }
        _ => return Err(invalid_reply(sentinel, not_array)),
    };
    entries
        .into_iter()
        .map(|entry| match entry {
            Value::Map(pairs) => Ok(pairs),
            Value::Array(flat) if flat.len() % 2 == 0 => {
                let mut pairs = Vec::with_capacity(flat.len() / 2);
                let mut items = flat.into_iter();
                while let (Some(k), Some(v)) = (items.next(), items.next()) {
                    pairs.push((k, v));
                }
                Ok(pairs)
            }
            _ => Err(invalid_reply(sentinel, not_fields)),
        })
        .collect()
}

/// The value of the field `name` in an entry of [`field_lists`].
fn field<'a>(fields: &'a [(Value, Value)], name: &str) -> Option<&'a Value> {
    fields
        .iter()
        .find(|(k, _)| text(k).as_deref() == Some(name))
        .map(|(_, v)| v)
}

/// An entry's `ip` and `port`.
fn entry_address(fields: &[(Value, Value)]) -> Option<Address> {
    let host = field(fields, "ip").and_then(text)?;
    let port = field(fields, "port").and_then(port_of)?;
    Some(Address::Tcp { host, port })
}

/// Whether an entry's `flags` say the sentinel sees that node as down or disconnected.
fn flagged_down(fields: &[(Value, Value)]) -> bool {
    field(fields, "flags")
        .and_then(text)
        .unwrap_or_default()
        .split(',')
        .any(|flag| matches!(flag, "s_down" | "o_down" | "disconnected"))
}

/// What `ROLE`'s reply says the node is (its first element: `master`, `slave` or `sentinel`).
///
/// # Errors
/// [`Error::Type`] when the reply is not an array starting with one of those; an error
/// reply as [`Error::Server`].
///
/// ```
/// use resp_core::sentinel::parse_role;
/// use resp_core::{Role, Value};
///
/// let reply = Value::Array(vec![
///     Value::BulkString("slave".into()),
///     Value::BulkString("127.0.0.1".into()),
///     Value::Integer(6379),
///     Value::BulkString("connected".into()),
///     Value::Integer(1234),
/// ]);
/// assert_eq!(parse_role(reply)?, Role::Replica);
/// # Ok::<(), resp_core::Error>(())
/// ```
pub fn parse_role(reply: Value) -> Result<Role, Error> {
    let role = match &reply {
        Value::Array(items) => items.first().and_then(text),
        Value::Error(line) | Value::BulkError(line) => {
            return Err(Error::Server(crate::ServerError::from_bytes(line.clone())))
        }
        _ => None,
    };
    match role.as_deref() {
        Some("master") => Ok(Role::Master),
        Some("slave" | "replica") => Ok(Role::Replica),
        Some("sentinel") => Ok(Role::Sentinel),
        _ => Err(Error::Type(crate::TypeError::new(
            "ROLE's [master|slave|sentinel, ...]",
            &reply,
        ))),
    }
}

/// A failover's announcement on [`SWITCH_MASTER_CHANNEL`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SwitchMaster {
    /// The master's name.
    pub master_name: String,
    /// The master before the failover.
    pub old: Address,
    /// The master after it.
    pub new: Address,
}

/// Reads a `+switch-master` message's payload: `<name> <old ip> <old port> <new ip> <new
/// port>`; `None` when it is not that shape.
///
/// ```
/// use resp_core::sentinel::parse_switch_master;
/// use resp_core::Address;
///
/// let switch = parse_switch_master(b"mymaster 127.0.0.1 6379 127.0.0.1 6380").unwrap();
/// assert_eq!(switch.master_name, "mymaster");
/// assert_eq!(switch.new, Address::Tcp { host: "127.0.0.1".into(), port: 6380 });
/// assert!(parse_switch_master(b"mymaster 127.0.0.1").is_none());
/// ```
pub fn parse_switch_master(payload: &[u8]) -> Option<SwitchMaster> {
    let text = std::str::from_utf8(payload).ok()?;
    let mut words = text.split_ascii_whitespace();
    let master_name = words.next()?.to_owned();
    let mut address = || {
        let host = words.next()?.to_owned();
        let port = words.next()?.parse().ok()?;
        Some(Address::Tcp { host, port })
    };
    let old = address()?;
    let new = address()?;
    Some(SwitchMaster {
        master_name,
        old,
        new,
    })
}

fn invalid_reply(sentinel: &Address, what: &'static str) -> Error {
    Error::Sentinel(SentinelError::InvalidReply {
        sentinel: sentinel.clone(),
        what,
    })
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::BulkString(b) | Value::SimpleString(b) => {
            std::str::from_utf8(b).ok().map(str::to_owned)
        }
        _ => None,
    }
}

fn port_of(value: &Value) -> Option<u16> {
    match value {
        Value::Integer(n) => u16::try_from(*n).ok(),
        other => text(other)?.parse().ok(),
    }
    .filter(|&port| port != 0)
}

mod known;
pub use known::{KnownSentinels, MAX_DISCOVERED};

#[cfg(test)]
mod tests;
