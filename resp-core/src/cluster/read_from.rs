//! [`ReadFrom`]: which node of a shard serves a read-only command.

use super::topology::{Node, SlotMap};

/// Where a cluster client sends read-only commands ([`crate::Cmd::is_read_only`]) whose keys
/// share a slot. Writes, blocking commands, transactions and keyless commands always go to
/// primaries.
///
/// Replicas replicate asynchronously: a read from a replica may not see a write that its
/// primary acknowledged a moment ago (use `WAIT` when that matters).
///
/// ```
/// use resp_core::cluster::{ReadFrom, SlotMap};
///
/// assert_eq!(ReadFrom::default(), ReadFrom::Primary);
/// // With no replica known, every policy reads from the primary.
/// let map = SlotMap::default();
/// assert_eq!(map.read_node(0, ReadFrom::PreferReplica, 0), None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReadFrom {
    /// Every command goes to the slot's primary (the default).
    #[default]
    Primary,
    /// Reads go to one replica of the shard, the same one each time (the first one listed):
    /// the primary when the shard has no online replica.
    PreferReplica,
    /// Reads rotate over the shard's online replicas: the primary when it has none.
    RoundRobinReplicas,
}

impl ReadFrom {
    /// Whether connections must send `READONLY` (any policy that reads from replicas).
    pub fn uses_replicas(self) -> bool {
        self != ReadFrom::Primary
    }
}

impl SlotMap {
    /// The node that serves a read of `slot` under `read_from`; `turn` is a counter the
    /// caller advances per request, for [`ReadFrom::RoundRobinReplicas`]. `None` when no
    /// shard serves the slot.
    ///
    /// ```
    /// use resp_core::cluster::{Node, ReadFrom, SlotMap};
    /// use resp_core::Value;
    ///
    /// // One range (slots 0..=16383) served by 7000, with replicas 7001 and 7002.
    /// let node = |port: i64| Value::Array(vec![
    ///     Value::BulkString("127.0.0.1".into()), Value::Integer(port), Value::BulkString("id".into()),
    /// ]);
    /// let slots = Value::Array(vec![Value::Array(vec![
    ///     Value::Integer(0), Value::Integer(16383), node(7000), node(7001), node(7002),
    /// ])]);
    /// let map = SlotMap::from_slots(&slots)?;
    /// let port = |turn| map.read_node(5, ReadFrom::RoundRobinReplicas, turn).map(|n| n.port);
    /// assert_eq!((port(0), port(1), port(2)), (Some(7001), Some(7002), Some(7001)));
    /// assert_eq!(map.read_node(5, ReadFrom::PreferReplica, 1).map(|n| n.port), Some(7001));
    /// assert_eq!(map.read_node(5, ReadFrom::Primary, 1).map(|n| n.port), Some(7000));
    /// # Ok::<(), resp_core::Error>(())
    /// ```
    pub fn read_node(&self, slot: u16, read_from: ReadFrom, turn: usize) -> Option<&Node> {
        let shard = self.shard(slot)?;
        let replicas = &shard.replicas;
        let chosen = match read_from {
            ReadFrom::Primary => None,
            ReadFrom::PreferReplica => replicas.first(),
            ReadFrom::RoundRobinReplicas => replicas.get(turn % replicas.len().max(1)),
        };
        Some(chosen.unwrap_or(&shard.primary))
    }
}
