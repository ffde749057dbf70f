//! Cluster introspection: what a client needs to learn the slot map and to check routing.
//! These answer only on servers started with `cluster-enabled yes`.

use crate::{Cmd, FromValue, ToArgs};

commands!(
    /// `CLUSTER INFO`: the cluster's state as `field:value` lines (see
    /// [`InfoReport`](resp_core::commands::server::InfoReport) for a parser of the same format).
    pub fn cluster_info() -> Cmd<String> {
        Cmd::new("CLUSTER").arg("INFO")
    }

    /// `CLUSTER NODES`: one line per node, in the cluster's configuration format.
    pub fn cluster_nodes() -> Cmd<String> {
        Cmd::new("CLUSTER").arg("NODES")
    }

    /// `CLUSTER MYID`: this node's id.
    pub fn cluster_myid() -> Cmd<String> {
        Cmd::new("CLUSTER").arg("MYID")
    }

    /// `CLUSTER SLOTS`: slot ranges with their nodes (nested arrays; deprecated by Redis in
    /// favour of [`cluster::cluster_shards`](resp_core::commands::cluster::cluster_shards)).
    pub fn cluster_slots<T: FromValue>() -> Cmd<T> {
        Cmd::new("CLUSTER").arg("SLOTS")
    }

    /// `CLUSTER SHARDS` (Redis 7): the shards, their slot ranges and nodes.
    pub fn cluster_shards<T: FromValue>() -> Cmd<T> {
        Cmd::new("CLUSTER").arg("SHARDS")
    }

    /// `CLUSTER KEYSLOT key`: the hash slot of a key, as the server computes it.
    pub fn cluster_keyslot(key: impl ToArgs) -> Cmd<u16> {
        // The argument is only hashed, never read: Redis's key specs list no key here, and
        // any node answers.
        Cmd::new("CLUSTER").arg("KEYSLOT").arg(key)
    }

    /// `CLUSTER COUNTKEYSINSLOT slot`: how many keys this node holds in the slot.
    pub fn cluster_countkeysinslot(slot: u16) -> Cmd<usize> {
        Cmd::new("CLUSTER").arg("COUNTKEYSINSLOT").arg(slot)
    }

    /// `CLUSTER GETKEYSINSLOT slot count`: up to `count` key names in the slot.
    pub fn cluster_getkeysinslot<T: FromValue>(slot: u16, count: usize) -> Cmd<T> {
        Cmd::new("CLUSTER")
            .arg("GETKEYSINSLOT")
            .arg(slot)
            .arg(count)
    }

    /// `COMMAND GETKEYS command arg...`: which arguments of a command are keys, as the server
    /// sees it (for checking a client's routing).
    pub fn command_getkeys<T: FromValue>(command: impl ToArgs) -> Cmd<T> {
        Cmd::new("COMMAND").arg("GETKEYS").arg(command)
    }
);
