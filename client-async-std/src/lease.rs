//! [`Lease`] and [`Dedicated`]: a connection of one's own, for WATCH transactions and
//! blocking commands.

use std::fmt;
use std::future::Future;
use std::ops::Deref;
use std::sync::Arc;

use async_lock::SemaphoreGuardArc as OwnedSemaphorePermit;
use resp_core::{AsyncCommands, Cmd, Error, FromValue, LeaseState, Reply, Request, ToArgs};

use crate::pool::Pool;
use crate::Client;
use resp_core::session::{single, unexpected};

/// A handle to a leased connection: command methods ([`AsyncCommands`]) plus WATCH and
/// MULTI/EXEC. Cloneable so a transaction closure can own one; it must not outlive its
/// [`Lease`] (the connection goes to someone else afterwards).
#[derive(Clone)]
pub struct Dedicated {
    client: Client,
    state: Arc<LeaseState>,
}

impl Dedicated {
    /// Sends a request and tracks it, so a lease whose request was cut short is closed.
    async fn tracked(&self, request: Request, changes_state: bool) -> Result<Reply, Error> {
        self.state.begin(changes_state);
        let result = self.client.request(request).await;
        self.state.end();
        if let Err(
            Error::ConnectionLost
            | Error::Timeout
            | Error::Protocol(_)
            | Error::Io(_)
            | Error::ClientClosed,
        ) = &result
        {
            // Timed out: the reply may still come; lost: the connection is gone.
            self.state.mark_broken();
        }
        result
    }

    /// A request that leaves no state behind (a blocking command routed here).
    pub(crate) async fn request_clean(&self, request: Request) -> Result<Reply, Error> {
        self.tracked(request, false).await
    }

    /// `WATCH keys`: a later [`exec`](Self::exec) is aborted if any of them changes.
    ///
    /// # Errors
    /// The server's error, or the connection's.
    pub async fn watch(&self, keys: impl ToArgs) -> Result<(), Error> {
        let cmd = Cmd::<()>::new("WATCH").arg(keys);
        single(
            self.tracked(Request::command(&cmd), true).await?,
            cmd.converter(),
        )
    }

    /// `UNWATCH`.
    ///
    /// # Errors
    /// The connection's errors.
    pub async fn unwatch(&self) -> Result<(), Error> {
        let cmd = Cmd::<()>::new("UNWATCH");
        single(
            self.tracked(Request::command(&cmd), true).await?,
            cmd.converter(),
        )
    }

    /// An empty atomic pipeline to queue the transaction's commands in.
    pub fn multi(&self) -> resp_core::Pipeline {
        resp_core::Pipeline::new()
    }

    /// Runs `commands` in `MULTI` / `EXEC` (whether or not the pipeline is marked atomic)
    /// and converts EXEC's array into `T`.
    ///
    /// # Errors
    /// [`Error::WatchAborted`] when a watched key changed (nothing ran; WATCH is over);
    /// [`Error::ExecAbort`] when the server refused a command; conversion and connection
    /// errors.
    pub async fn exec<T: FromValue>(&self, commands: &resp_core::Pipeline) -> Result<T, Error> {
        let request = Request::transaction(commands.frames(), commands.len());
        match self.tracked(request, true).await? {
            Reply::Values(values) => T::from_value(resp_core::Value::Array(values)),
            Reply::WatchAborted => Err(Error::WatchAborted),
            other => Err(unexpected(&other)),
        }
    }
}

impl AsyncCommands for Dedicated {
    fn send<T: Send + 'static>(
        &self,
        cmd: Cmd<T>,
    ) -> impl Future<Output = Result<T, Error>> + Send {
        let request = Request::command(&cmd);
        let convert = cmd.converter();
        async move { single(self.tracked(request, true).await?, convert) }
    }
}

impl fmt::Debug for Dedicated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dedicated")
            .field("client", &self.client)
            .field("state", &self.state)
            .finish()
    }
}

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
            handle: Dedicated {
                client,
                state: Arc::new(LeaseState::new()),
            },
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
            .release(self.handle.client.clone(), &self.handle.state);
    }
}

impl fmt::Debug for Lease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lease")
            .field("handle", &self.handle)
            .finish()
    }
}
