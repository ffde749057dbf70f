//! [`ClusterConfig`]: what a cluster client needs besides one node's [`Config`].

use std::time::Duration;

use super::read_from::ReadFrom;
use super::topology::Node;
use crate::{Address, Config, Error};

/// A cluster client's configuration: the [`Config`] used for every node connection (its
/// address is replaced by each node's), the seed nodes to learn the slot map from, and where
/// reads go ([`ReadFrom`]).
///
/// ```
/// use resp_core::cluster::{ClusterConfig, ReadFrom};
///
/// let config = ClusterConfig::from_urls(["redis://127.0.0.1:7000", "redis://127.0.0.1:7001"])?
///     .with_read_from(ReadFrom::PreferReplica);
/// assert_eq!(config.seeds.len(), 2);
/// assert_eq!(config.read_from, ReadFrom::PreferReplica);
/// # Ok::<(), resp_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ClusterConfig {
    /// The configuration of every node connection (credentials, protocol, timeouts, TLS).
    pub node: Config,
    /// The nodes asked for the slot map when none of the known primaries answers.
    pub seeds: Vec<Node>,
    /// Where read-only commands go ([`ReadFrom::Primary`] by default).
    pub read_from: ReadFrom,
    /// How long a shard subscription whose node went away (or whose slot moved) keeps
    /// trying to subscribe again on the slot's new owner before its stream ends: 60 s by
    /// default, room for a failover after `cluster-node-timeout` (15 s by default).
    pub resubscribe_timeout: Duration,
}

impl ClusterConfig {
    /// `node` for every connection and `seeds` to start from; reads from primaries.
    pub fn new(node: Config, seeds: Vec<Node>) -> Self {
        ClusterConfig {
            node,
            seeds,
            read_from: ReadFrom::Primary,
            resubscribe_timeout: Duration::from_secs(60),
        }
    }

    /// The first URL's configuration for every node, every URL's host and port as a seed
    /// (see [`Config::from_url`]).
    ///
    /// # Errors
    /// [`Error::Config`] for a bad URL, no URL, or no TCP one.
    pub fn from_urls<S: AsRef<str>>(urls: impl IntoIterator<Item = S>) -> Result<Self, Error> {
        let configs = urls
            .into_iter()
            .map(|u| Config::from_url(u.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        let Some(node) = configs.first().cloned() else {
            return Err(Error::Config("no cluster seed URL".into()));
        };
        let seeds: Vec<Node> = configs.iter().filter_map(|c| node_of(&c.address)).collect();
        if seeds.is_empty() {
            return Err(Error::Config("a cluster needs a TCP seed node".into()));
        }
        Ok(ClusterConfig::new(node, seeds))
    }

    /// Sets how long a shard subscription tries to follow its slot to a new node.
    pub fn with_resubscribe_timeout(mut self, timeout: Duration) -> Self {
        self.resubscribe_timeout = timeout;
        self
    }

    /// Sets where read-only commands go.
    pub fn with_read_from(mut self, read_from: ReadFrom) -> Self {
        self.read_from = read_from;
        self
    }

    /// The configuration of the connection to `node`: [`ClusterConfig::node`] at its
    /// address, sending `READONLY` when reads may go to replicas.
    pub fn node_config(&self, node: &Node) -> Config {
        let mut config = self.node.clone();
        config.address = Address::Tcp {
            host: node.host.clone(),
            port: node.port,
        };
        config.read_only = self.read_from.uses_replicas();
        config
    }
}

/// The cluster node at a TCP address.
pub(crate) fn node_of(address: &Address) -> Option<Node> {
    match address {
        Address::Tcp { host, port } => Some(Node {
            host: host.clone(),
            port: *port,
        }),
        _ => None,
    }
}
