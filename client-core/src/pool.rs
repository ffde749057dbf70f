//! [`Pool`]: the dedicated connections a client leases out, opened lazily, bounded.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use async_lock::Semaphore;
use resp_core::{Config, Error, LeaseState, Release};

use crate::lease::Lease;
use crate::runtime::Runtime;
use crate::sentinel::Known;
use crate::Client;

/// Idle dedicated connections and a bound on how many exist.
pub(crate) struct Pool<R: Runtime> {
    config: Config,
    runtime: R,
    idle: Mutex<Vec<Client<R>>>,
    permits: Arc<Semaphore>,
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
            sentinels,
        }
    }

    /// An idle connection, or a new one while under the bound; waits otherwise.
    pub(crate) async fn lease(self: &Arc<Self>) -> Result<Lease<R>, Error> {
        let permit = self.permits.acquire_arc().await;
        let idle = loop {
            match self.idle_list().pop() {
                Some(client) if client.is_closed() => continue,
                other => break other,
            }
        };
        let client = match idle {
            Some(client) => client,
            None => {
                let sentinels = self.sentinels.clone();
                Client::open(self.config.clone(), self.runtime.clone(), None, sentinels).await?
            }
        };
        Ok(Lease::new(client, self.clone(), permit))
    }

    /// Takes back a connection at the end of its lease, cleaning or closing it as `state`
    /// says.
    pub(crate) fn release(&self, client: Client<R>, state: &LeaseState) {
        let reusable = match state.release() {
            Release::Reuse => true,
            // Written before anything the next lease sends, so it never sees WATCH state.
            Release::Reset => client.try_send_detached(LeaseState::reset_request()),
            _ => false,
        };
        if reusable && !client.is_closed() {
            self.idle_list().push(client);
        }
        // Otherwise dropping the last handle stops its driver and closes the socket.
    }

    fn idle_list(&self) -> MutexGuard<'_, Vec<Client<R>>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
