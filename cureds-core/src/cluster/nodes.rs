//! Node connections: one multiplexed [`Client`] per cluster node, opened when first needed
//! with the cluster's node configuration.

use std::sync::atomic::Ordering;
use std::time::Duration;

use resp_core::cluster::Node;
use resp_core::{Config, Error};

use super::Inner;
use crate::{Client, Runtime};

/// A request waiting for a dead node gives up after this long and is retried elsewhere.
const NODE_RECONNECT_WAIT: Duration = Duration::from_millis(500);

impl<R: Runtime> Inner<R> {
    pub(super) fn node_config(&self, node: &Node) -> Config {
        let mut config = self.config.node_config(node);
        config.reconnect_wait = config.reconnect_wait.min(NODE_RECONNECT_WAIT);
        config
    }

    /// The client of `node`, connected on first use. Tasks that ask for a node nobody has
    /// connected to yet share one connection attempt: the first connects, the others wait
    /// for it (bounded by the connect timeout) and reuse its client; when it fails, the
    /// next waiter tries again.
    pub(crate) async fn client(&self, node: &Node) -> Result<Client<R>, Error> {
        let cell = self
            .state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clients
            .entry(node.clone())
            .or_default()
            .clone();
        let client = cell
            .get_or_try_init(|| async {
                self.connections_opened.fetch_add(1, Ordering::Relaxed);
                Client::with_runtime(self.node_config(node), self.runtime.clone()).await
            })
            .await?;
        Ok(client.clone())
    }

    /// The client of `node`, unless its connection is down: then [`Error::ConnectionDown`]
    /// at once (nothing sent), where a request would only wait out the node's reconnect
    /// wait while the cluster may already have promoted a replica.
    pub(super) async fn reachable_client(&self, node: &Node) -> Result<Client<R>, Error> {
        let client = self.client(node).await?;
        match client.down_error() {
            Some(down) => Err(down),
            None => Ok(client),
        }
    }

    /// Whether `node`'s connection is down (lost, and reconnecting fails).
    pub(super) fn is_down(&self, node: &Node) -> bool {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clients
            .get(node)
            .and_then(|cell| cell.get())
            .is_some_and(Client::is_down)
    }
}
