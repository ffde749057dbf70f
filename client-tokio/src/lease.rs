//! [`Lease`] and [`Dedicated`]: a connection of one's own, for WATCH transactions and
//! blocking commands.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use tokio::sync::OwnedSemaphorePermit;

use crate::pool::Pool;
use crate::Client;

/// A handle to a leased connection: command methods ([`AsyncCommands`](crate::AsyncCommands))
/// plus WATCH and MULTI/EXEC; see [`resp_core::session::Dedicated`]. Cloneable so a
/// transaction closure can own one; it must not outlive its [`Lease`].
pub type Dedicated = resp_core::session::Dedicated<Client>;

/// A dedicated connection leased from a client's pool; derefs to [`Dedicated`] for its
/// commands. Dropping it returns the connection: cleaned with `DISCARD` / `UNWATCH` when it
/// was used for anything stateful, closed instead when a request on it was cut short
/// (its state is then unknown).
pub struct Lease {
    handle: Dedicated,
    pool: Arc<Pool>,
    _permit: OwnedSemaphorePermit,
}

impl Lease {
    pub(crate) fn new(client: Client, pool: Arc<Pool>, permit: OwnedSemaphorePermit) -> Self {
        Lease {
            handle: Dedicated::new(client),
            pool,
            _permit: permit,
        }
    }

    /// A cloneable handle to the leased connection (for a transaction closure).
    pub fn handle(&self) -> Dedicated {
        self.handle.clone()
    }
}

impl Deref for Lease {
    type Target = Dedicated;

    fn deref(&self) -> &Dedicated {
        &self.handle
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.pool
            .release(self.handle.client().clone(), self.handle.state());
    }
}

impl fmt::Debug for Lease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lease")
            .field("handle", &self.handle)
            .finish()
    }
}
