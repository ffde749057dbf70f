//! [`Redirect`]: what a cluster error reply asks the client to do.

use super::topology::Node;
use crate::{Error, ServerError, ServerErrorKind, Value};

/// A cluster error reply that a client answers by sending the command again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redirect {
    /// `MOVED slot host:port`: the slot lives on `node` now. Update the slot map (and refresh
    /// it, since more slots probably moved), then send the command there.
    Moved {
        /// The slot that moved.
        slot: u16,
        /// Its new primary.
        node: Node,
    },
    /// `ASK slot host:port`: the slot is being migrated and this key is already on `node`.
    /// Send `ASKING` and the command to `node` together, once; do not update the map.
    Ask {
        /// The slot being migrated.
        slot: u16,
        /// The importing node.
        node: Node,
    },
    /// `TRYAGAIN`: a multi-key command's keys are split by an ongoing migration. Wait a
    /// little and send it again to the same node.
    TryAgain,
    /// `CLUSTERDOWN`: the cluster cannot serve the slot right now (a failover is under way).
    /// Wait, refresh the slot map, and send it again.
    ClusterDown,
}

impl Redirect {
    /// The redirect a server error asks for, if it is one.
    ///
    /// ```
    /// use resp_core::cluster::{Node, Redirect};
    /// use resp_core::ServerError;
    ///
    /// let moved = ServerError::parse(b"MOVED 3999 127.0.0.1:6381");
    /// assert_eq!(
    ///     Redirect::of_server_error(&moved),
    ///     Some(Redirect::Moved { slot: 3999, node: Node::parse("127.0.0.1:6381").unwrap() })
    /// );
    /// ```
    pub fn of_server_error(error: &ServerError) -> Option<Redirect> {
        match error.kind() {
            ServerErrorKind::Moved { slot, address } => Some(Redirect::Moved {
                slot: *slot,
                node: Node::parse(address)?,
            }),
            ServerErrorKind::Ask { slot, address } => Some(Redirect::Ask {
                slot: *slot,
                node: Node::parse(address)?,
            }),
            ServerErrorKind::TryAgain => Some(Redirect::TryAgain),
            ServerErrorKind::ClusterDown => Some(Redirect::ClusterDown),
            _ => None,
        }
    }

    /// The redirect an error asks for ([`Error::Server`] only).
    pub fn of_error(error: &Error) -> Option<Redirect> {
        error.server_error().and_then(Self::of_server_error)
    }

    /// The redirect an error reply asks for (a pipeline's reply in place).
    pub fn of_value(value: &Value) -> Option<Redirect> {
        match value {
            Value::Error(line) | Value::BulkError(line) => {
                Self::of_server_error(&ServerError::from_bytes(line.clone()))
            }
            _ => None,
        }
    }

    /// Whether the client should wait before sending again (the cluster needs time).
    pub fn needs_backoff(&self) -> bool {
        matches!(self, Redirect::TryAgain | Redirect::ClusterDown)
    }

    /// Whether the slot map is stale and should be refreshed.
    pub fn needs_refresh(&self) -> bool {
        matches!(self, Redirect::Moved { .. } | Redirect::ClusterDown)
    }
}
