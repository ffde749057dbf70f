//! [`Lease`]: a connection of one's own from a client's pool, for WATCH transactions and
//! blocking commands.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use async_lock::SemaphoreGuardArc;

use crate::dedicated::Dedicated;
use crate::pool::Pool;
use crate::runtime::Runtime;
use crate::Client;

/// A dedicated connection leased from a client's pool; derefs to [`Dedicated`] for its
/// commands and for requests built by hand ([`Transport`](crate::Transport), checked and
/// tracked as typed commands are). Dropping it returns the connection: cleaned with
/// `DISCARD` / `UNWATCH` when it was used for anything stateful, closed instead when a
/// request on it was cut short (its state is then unknown) or left state that cannot be
/// undone (SELECT, CLIENT TRACKING, ...).
pub struct Lease<R: Runtime> {
    handle: Dedicated<Client<R>>,
    /// The client's move count when the connection was opened (see [`Pool`]).
    moves: u64,
    pool: Arc<Pool<R>>,
    _permit: SemaphoreGuardArc,
}

impl<R: Runtime> Lease<R> {
    pub(crate) fn new(
        client: Client<R>,
        moves: u64,
        pool: Arc<Pool<R>>,
        permit: SemaphoreGuardArc,
    ) -> Self {
        Lease {
            handle: Dedicated::new(client),
            moves,
            pool,
            _permit: permit,
        }
    }

    /// A cloneable handle to the leased connection (for a transaction closure).
    pub fn handle(&self) -> Dedicated<Client<R>> {
        self.handle.clone()
    }
}

impl<R: Runtime> Deref for Lease<R> {
    type Target = Dedicated<Client<R>>;

    fn deref(&self) -> &Dedicated<Client<R>> {
        &self.handle
    }
}

impl<R: Runtime> Drop for Lease<R> {
    fn drop(&mut self) {
        self.pool.release(
            self.handle.connection().clone(),
            self.moves,
            self.handle.state(),
        );
    }
}

impl<R: Runtime> fmt::Debug for Lease<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lease")
            .field("handle", &self.handle)
            .finish()
    }
}
