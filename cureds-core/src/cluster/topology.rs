//! Topology refresh: the slot map, learned from `CLUSTER SHARDS` (or `CLUSTER SLOTS`),
//! refreshed on demand (one refresh in flight) and every 30 s.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Duration;

use resp_core::cluster::{Node, SlotMap};
use resp_core::{cmd, Error};

use super::Inner;
use crate::{AsyncCommands, Runtime};

/// How often the slot map is refreshed when nothing else asks for it.
const REFRESH_INTERVAL: Duration = Duration::from_secs(30);

/// How often the slot map is asked for while requests meet an unreachable node.
const RECOVERY_POLL: Duration = Duration::from_millis(100);

/// Refreshes the slot map every [`REFRESH_INTERVAL`] until the client is dropped.
pub(super) async fn periodic_refresh<R: Runtime>(inner: Weak<Inner<R>>, runtime: R) {
    loop {
        runtime.sleep(REFRESH_INTERVAL).await;
        let Some(inner) = inner.upgrade() else { return };
        inner.refresh_background();
    }
}

impl<R: Runtime> Inner<R> {
    pub(crate) fn map(&self) -> Arc<SlotMap> {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .map
            .clone()
    }

    /// Refreshes the map in the background unless a refresh is already running.
    pub(super) fn refresh_background(self: &Arc<Self>) {
        if self.refreshing.swap(true, Ordering::AcqRel) {
            return;
        }
        let inner = self.clone();
        self.runtime.spawn(async move {
            let _ = inner.discover().await;
            inner.refreshing.store(false, Ordering::Release);
        });
    }

    /// A request found a node unreachable. The slot map is asked for at once and then every
    /// [`RECOVERY_POLL`] for as long as requests keep reporting an unreachable node, so the
    /// replica the cluster promotes is found within a poll of its promotion; one watch runs
    /// at a time. It ends at the first poll with no report since the last one.
    pub(super) fn node_unreachable(self: &Arc<Self>) {
        self.unreachable.store(true, Ordering::Release);
        if self.recovering.swap(true, Ordering::AcqRel) {
            return;
        }
        let weak = Arc::downgrade(self);
        let runtime = self.runtime.clone();
        self.runtime.spawn(async move {
            loop {
                let Some(inner) = weak.upgrade() else { return };
                if !inner.unreachable.swap(false, Ordering::AcqRel) {
                    // A report racing this stop finds the watch still marked as running
                    // and is dropped; the request that made it reports again within
                    // `DOWN_POLL` and starts a new watch.
                    inner.recovering.store(false, Ordering::Release);
                    return;
                }
                let _ = inner.discover().await;
                drop(inner);
                runtime.sleep(RECOVERY_POLL).await;
            }
        });
    }

    pub(super) async fn refresh_now(&self) -> Result<(), Error> {
        self.discover().await
    }

    /// Asks the known primaries, then the seeds (those with a connection down last), for
    /// the slot map; installs the first complete answer and closes clients of nodes that
    /// left.
    pub(super) async fn discover(&self) -> Result<(), Error> {
        let mut candidates: Vec<Node> = self.map().primaries().cloned().collect();
        for seed in &self.config.seeds {
            if !candidates.contains(seed) {
                candidates.push(seed.clone());
            }
        }
        // A node whose connection is down (killed, failing over) is asked last: asking it
        // first would cost a reconnect wait on every refresh until the failover is over.
        candidates.sort_by_key(|node| self.is_down(node));
        let mut last = Error::Config("no cluster node to ask for the slot map".into());
        for node in candidates {
            match self.ask_topology(&node).await {
                Ok(map) if map.covered() > 0 => {
                    let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
                    state.clients.retain(|n, _| {
                        map.shards()
                            .iter()
                            .any(|s| s.primary == *n || s.replicas.contains(n))
                    });
                    state.map = Arc::new(map);
                    self.refreshes.fetch_add(1, Ordering::Relaxed);
                    return Ok(());
                }
                Ok(_) => last = Error::Config(format!("{node} serves no slots")),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    pub(super) async fn ask_topology(&self, node: &Node) -> Result<SlotMap, Error> {
        let client = self.client(node).await?;
        match client.send(cmd("CLUSTER").arg("SHARDS")).await {
            Ok(reply) => SlotMap::from_shards(&reply),
            Err(Error::Server(_)) => {
                let reply = client.send(cmd("CLUSTER").arg("SLOTS")).await?;
                SlotMap::from_slots(&reply)
            }
            Err(e) => Err(e),
        }
    }
}
