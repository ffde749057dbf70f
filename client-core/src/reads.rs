//! A Sentinel client's connection for read-only commands, when its `read_from` sends them
//! to a replica ([`resp_core::SentinelConfig::read_from`]): a replica, or the master while
//! the sentinels list no healthy one (after a deployment starts, sentinels take up to 10 s
//! to list a replica in sync).
//!
//! While it is on the master, a replica is looked for every [`RECHECK`]: a new connection
//! is opened (the sentinels are asked again, replicas first) and, when it reaches a replica,
//! it serves the reads that follow. Reads already sent finish on the old connection, which
//! closes when the last of them is done.

use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;

use resp_core::sentinel::{parse_role, role};
use resp_core::{Config, Role};

use crate::sentinel::Known;
use crate::{AsyncCommands, Client, Runtime};

/// How often a reads connection on the master looks for a replica.
const RECHECK: Duration = Duration::from_secs(1);

/// The connection that serves a client's reads now.
pub(crate) struct Reads<R: Runtime> {
    current: Mutex<Arc<Client<R>>>,
}

impl<R: Runtime> Reads<R> {
    /// Connects as `config` says (a Sentinel address for reads) and keeps looking for a
    /// replica while on the master, until dropped.
    pub(crate) async fn open(
        config: Config,
        runtime: R,
        sentinels: Known,
    ) -> Result<Arc<Self>, resp_core::Error> {
        let client = Client::open(config.clone(), runtime.clone(), None, sentinels.clone()).await?;
        let reads = Arc::new(Reads {
            current: Mutex::new(Arc::new(client)),
        });
        runtime.spawn(look_for_replica(
            Arc::downgrade(&reads),
            config,
            runtime.clone(),
            sentinels,
        ));
        Ok(reads)
    }

    /// The connection to send a read on.
    pub(crate) fn client(&self) -> Arc<Client<R>> {
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Every [`RECHECK`] while `reads` lives: when its connection is on the master, tries a new
/// connection and swaps it in if that one reached a replica.
async fn look_for_replica<R: Runtime>(
    reads: Weak<Reads<R>>,
    config: Config,
    runtime: R,
    sentinels: Known,
) {
    loop {
        runtime.sleep(RECHECK).await;
        let Some(current) = reads.upgrade().map(|reads| reads.client()) else {
            return;
        };
        if role_of(&current).await != Some(Role::Master) {
            continue;
        }
        drop(current);
        let opened = Client::open(config.clone(), runtime.clone(), None, sentinels.clone()).await;
        let Ok(candidate) = opened else {
            continue;
        };
        if role_of(&candidate).await == Some(Role::Replica) {
            let Some(reads) = reads.upgrade() else { return };
            *reads.current.lock().unwrap_or_else(PoisonError::into_inner) = Arc::new(candidate);
        }
    }
}

/// What the node behind `client` says it is (`None` when it does not answer).
async fn role_of<R: Runtime>(client: &Client<R>) -> Option<Role> {
    parse_role(client.send(role()).await.ok()?).ok()
}
