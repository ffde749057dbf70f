//! [`Pool`]: the dedicated connections a client leases out, opened lazily, bounded.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use async_lock::Semaphore;
use resp_core::{Config, Error, LeaseState, Release};

use crate::lease::Lease;
use crate::runtime::Runtime;
use crate::sentinel::Known;
use crate::status::Moved;
use crate::Client;

/// Idle dedicated connections and a bound on how many exist.
///
/// A Sentinel client's shared connection that follows a failover to the new master tells
/// the pool ([`Moved`]): the idle connections, which reach the old master (now a replica, or
/// gone), are closed at once, and those leased then are closed when they come back.
pub(crate) struct Pool<R: Runtime> {
    config: Config,
    runtime: R,
    /// Idle connections, each with the [`Pool::moves`] count when it was opened.
    idle: Mutex<Vec<(Client<R>, u64)>>,
    permits: Arc<Semaphore>,
    /// How many times the client's connection moved to another node.
    moves: AtomicU64,
    /// The client's sentinels, for a Sentinel address.
    sentinels: Known,
}

impl<R: Runtime> Pool<R> {
    pub(crate) fn new(config: &Config, runtime: R, sentinels: Known) -> Self {
        // A lost dedicated connection is closed, not reconnected: its state is unknown.
        let config = config.clone().with_reconnect(false);
        Pool {
            permits: Arc::new(Semaphore::new(config.pool_size.max(1))),
            config,
            runtime,
            idle: Mutex::new(Vec::new()),
            moves: AtomicU64::new(0),
            sentinels,
        }
    }

    /// An idle connection, or a new one while under the bound; waits otherwise.
    pub(crate) async fn lease(self: &Arc<Self>) -> Result<Lease<R>, Error> {
        let permit = self.permits.acquire_arc().await;
        let idle = loop {
            match self.idle_list().pop() {
                Some((client, _)) if client.is_closed() => continue,
                other => break other,
            }
        };
        let (client, moves) = match idle {
            Some(idle) => idle,
            None => {
                let moves = self.moves.load(Ordering::Acquire);
                let sentinels = self.sentinels.clone();
                let client =
                    Client::open(self.config.clone(), self.runtime.clone(), None, sentinels)
                        .await?;
                (client, moves)
            }
        };
        Ok(Lease::new(client, moves, self.clone(), permit))
    }

    /// Takes back a connection at the end of its lease, cleaning or closing it as `state`
    /// says.
    /// A connection opened when the client had moved `moves` times is closed once it has
    /// moved again.
    pub(crate) fn release(&self, client: Client<R>, moves: u64, state: &LeaseState) {
        if moves != self.moves.load(Ordering::Acquire) {
            return;
        }
        let reusable = match state.release() {
            Release::Reuse => true,
            // Written before anything the next lease sends, so it never sees WATCH state.
            Release::Reset => client.try_send_detached(LeaseState::reset_request()),
            _ => false,
        };
        if reusable && !client.is_closed() {
            self.idle_list().push((client, moves));
        }
        // Otherwise dropping the last handle stops its driver and closes the socket.
    }

    fn idle_list(&self) -> MutexGuard<'_, Vec<(Client<R>, u64)>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<R: Runtime> Moved for Pool<R> {
    fn moved(&self) {
        self.moves.fetch_add(1, Ordering::AcqRel);
        // Dropping the last handles stops their drivers and closes their sockets.
        let stale = std::mem::take(&mut *self.idle_list());
        drop(stale);
    }
}
