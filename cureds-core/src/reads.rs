//! A Sentinel client's connections for read-only commands, when its `read_from` sends them
//! to replicas ([`resp_core::SentinelConfig::read_from`]).
//!
//! - `PreferReplica`: one connection through the sentinels, to the first healthy replica
//!   they list, or to the master while they list none (after a deployment starts, sentinels
//!   take up to 10 s to list a replica in sync). While it is on the master, a replica is
//!   looked for every [`RECHECK`]: a new connection is opened (the sentinels are asked again,
//!   replicas first) and, when it reaches a replica, it serves the reads that follow.
//! - `RoundRobinReplicas`: one connection per healthy replica the sentinels list, the reads
//!   rotating over those not down; the list is asked for every [`RECHECK`] and the set
//!   follows it (replicas that left are dropped, new ones connected). While no replica is
//!   listed, the reads go as for `PreferReplica`.
//!
//! Reads already sent finish on the connection they went to, which closes when the last of
//! them is done.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;

use resp_core::cluster::ReadFrom;
use resp_core::sentinel::{parse_role, role};
use resp_core::{Address, Config, Error, Role};

use crate::sentinel::{self, Known};
use crate::{AsyncCommands, Client, Runtime};

/// How often the reads look for a replica (or, rotating, for the replicas now listed).
const RECHECK: Duration = Duration::from_secs(1);

/// The connections that serve a client's reads now.
pub(crate) struct Reads<R: Runtime> {
    current: Mutex<Arc<ReadSet<R>>>,
    /// Advances per read, for `RoundRobinReplicas`.
    next: AtomicUsize,
}

/// Either one connection through the sentinels (`replicas` empty), or one per replica.
struct ReadSet<R: Runtime> {
    clients: Vec<Arc<Client<R>>>,
    replicas: Vec<Address>,
}

impl<R: Runtime> ReadSet<R> {
    fn through_sentinels(client: Client<R>) -> Self {
        ReadSet {
            clients: vec![Arc::new(client)],
            replicas: Vec::new(),
        }
    }
}

/// What the reads are opened from: the client's configuration for reads (a Sentinel
/// address whose `read_from` uses replicas) and its sentinels.
struct Opener<R: Runtime> {
    config: Config,
    runtime: R,
    sentinels: Known,
}

impl<R: Runtime> Reads<R> {
    /// Connects as `config` says and keeps the connections following the sentinels until
    /// dropped.
    pub(crate) async fn open(
        config: Config,
        runtime: R,
        sentinels: Known,
    ) -> Result<Arc<Self>, Error> {
        let opener = Opener {
            config,
            runtime,
            sentinels,
        };
        let first = match opener.each_replica(None).await {
            Some(set) => set,
            None => ReadSet::through_sentinels(opener.through_sentinels().await?),
        };
        let reads = Arc::new(Reads {
            current: Mutex::new(Arc::new(first)),
            next: AtomicUsize::new(0),
        });
        let runtime = opener.runtime.clone();
        runtime.spawn(follow(Arc::downgrade(&reads), opener));
        Ok(reads)
    }

    /// The connection to send a read on.
    pub(crate) fn client(&self) -> Arc<Client<R>> {
        let set = self.set();
        let len = set.clients.len();
        if len == 1 {
            return set.clients[0].clone();
        }
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        (0..len)
            .map(|i| &set.clients[(start + i) % len])
            .find(|client| !client.is_down())
            .unwrap_or(&set.clients[start % len])
            .clone()
    }

    fn set(&self) -> Arc<ReadSet<R>> {
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn replace(&self, set: ReadSet<R>) {
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = Arc::new(set);
    }
}

impl<R: Runtime> Opener<R> {
    fn rotates(&self) -> bool {
        matches!(
            &self.config.address,
            Address::Sentinel(s) if s.read_from == ReadFrom::RoundRobinReplicas
        )
    }

    /// A connection through the sentinels: a replica, or the master while none is listed.
    async fn through_sentinels(&self) -> Result<Client<R>, Error> {
        let (config, runtime) = (self.config.clone(), self.runtime.clone());
        Client::open(config, runtime, None, self.sentinels.clone()).await
    }

    /// For `RoundRobinReplicas`: one connection per healthy replica the sentinels list now,
    /// reusing `old`'s connections to replicas still listed. `None` when the reads do not
    /// rotate, no replica is listed, or none could be connected to.
    async fn each_replica(&self, old: Option<&ReadSet<R>>) -> Option<ReadSet<R>> {
        let Address::Sentinel(sentinels) = &self.config.address else {
            return None;
        };
        if !self.rotates() {
            return None;
        }
        let replicas =
            sentinel::healthy_replicas(&self.runtime, &self.config, sentinels, &self.sentinels)
                .await;
        if old.is_some_and(|old| same_nodes(&old.replicas, &replicas)) {
            return None;
        }
        let mut set = ReadSet {
            clients: Vec::new(),
            replicas: Vec::new(),
        };
        for replica in replicas {
            let kept = old.and_then(|old| {
                let at = old.replicas.iter().position(|r| *r == replica)?;
                let client = &old.clients[at];
                (!client.is_closed()).then(|| client.clone())
            });
            let client = match kept {
                Some(client) => client,
                None => {
                    let mut config = self.config.clone();
                    config.address = replica.clone();
                    let (runtime, known) = (self.runtime.clone(), self.sentinels.clone());
                    match Client::open(config, runtime, None, known).await {
                        Ok(client) => Arc::new(client),
                        Err(_) => continue,
                    }
                }
            };
            set.clients.push(client);
            set.replicas.push(replica);
        }
        (!set.clients.is_empty()).then_some(set)
    }
}

/// Whether `a` and `b` name the same nodes, in any order.
fn same_nodes(a: &[Address], b: &[Address]) -> bool {
    a.len() == b.len() && a.iter().all(|node| b.contains(node))
}

/// Every [`RECHECK`] while `reads` lives: rotating reads follow the listed replicas; a
/// connection through the sentinels that is on the master is replaced by one that reaches
/// a replica, once one does.
async fn follow<R: Runtime>(reads: Weak<Reads<R>>, opener: Opener<R>) {
    loop {
        opener.runtime.sleep(RECHECK).await;
        let Some(current) = reads.upgrade().map(|reads| reads.set()) else {
            return;
        };
        let on_sentinels = current.replicas.is_empty();
        if opener.rotates() {
            let next = match opener.each_replica(Some(&current)).await {
                Some(set) => Some(set),
                // The same replicas, some of them up: keep the set.
                None if !on_sentinels && current.clients.iter().any(|c| !c.is_down()) => None,
                // Every replica connection is down: through the sentinels (the master
                // while they list no healthy replica).
                None if !on_sentinels => opener
                    .through_sentinels()
                    .await
                    .ok()
                    .map(ReadSet::through_sentinels),
                None => None,
            };
            if let Some(set) = next {
                let Some(reads) = reads.upgrade() else { return };
                reads.replace(set);
                continue;
            }
            if !on_sentinels {
                continue;
            }
        }
        if role_of(&current.clients[0]).await != Some(Role::Master) {
            continue;
        }
        drop(current);
        let Ok(candidate) = opener.through_sentinels().await else {
            continue;
        };
        if role_of(&candidate).await == Some(Role::Replica) {
            let Some(reads) = reads.upgrade() else { return };
            reads.replace(ReadSet::through_sentinels(candidate));
        }
    }
}

/// What the node behind `client` says it is (`None` when it does not answer).
async fn role_of<R: Runtime>(client: &Client<R>) -> Option<Role> {
    parse_role(client.send(role()).await.ok()?).ok()
}
