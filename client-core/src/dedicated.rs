//! [`Dedicated`]: a leased connection's commands, WATCH and MULTI/EXEC, and the WATCH retry
//! loop.

use std::future::Future;
use std::sync::Arc;

use crate::AsyncCommands;
use resp_core::{
    Batch, Cmd, Dispatch, Error, FromValue, LeaseState, Release, Reply, Request, ToArgs, Value,
};

use crate::send::{single, unexpected};
use crate::transport::{Transport, Wait};

/// A handle to a leased connection: command methods ([`AsyncCommands`]) plus WATCH and
/// MULTI/EXEC. Cloneable so a transaction closure can own one; it must not outlive its lease
/// (the connection goes to someone else afterwards).
///
/// Every request is tracked in a [`LeaseState`], so the lease knows on return whether the
/// connection needs `UNWATCH` / `DISCARD` or, after a request was cut short, closing.
#[derive(Clone, Debug)]
pub struct Dedicated<C> {
    client: C,
    state: Arc<LeaseState>,
}

impl<C: Transport> Dedicated<C> {
    /// A handle to `client`, a connection of its own, with fresh lease state.
    pub fn new(client: C) -> Self {
        Dedicated {
            client,
            state: Arc::new(LeaseState::new()),
        }
    }

    /// The connection this handle sends on.
    pub fn client(&self) -> &C {
        &self.client
    }

    /// What the connection's state is, for returning it to a pool.
    pub fn state(&self) -> &LeaseState {
        &self.state
    }

    /// Sends a request and tracks it, so a lease whose request was cut short is closed.
    async fn tracked(
        &self,
        request: Request,
        wait: Wait,
        changes_state: bool,
    ) -> Result<Reply, Error> {
        self.state.begin(changes_state);
        let result = self.client.request(request, wait).await;
        self.state.end();
        if let Err(
            Error::ConnectionLost
            | Error::LostBeforeSending
            | Error::ConnectionDown { .. }
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

    /// Sends a request that leaves no state behind (a blocking command routed here from a
    /// shared client).
    ///
    /// # Errors
    /// The connection's errors.
    pub async fn request_clean(&self, request: Request, wait: Wait) -> Result<Reply, Error> {
        self.tracked(request, wait, false).await
    }

    /// `WATCH keys`: a later [`exec`](Self::exec) is aborted if any of them changes.
    ///
    /// # Errors
    /// The server's error, or the connection's.
    pub async fn watch(&self, keys: impl ToArgs) -> Result<(), Error> {
        let cmd = Cmd::<()>::new("WATCH").arg(keys);
        if let Some(error) = cmd.failure() {
            return Err(error.clone());
        }
        single(
            self.tracked(Request::command(&cmd), Wait::Response, true)
                .await?,
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
            self.tracked(Request::command(&cmd), Wait::Response, true)
                .await?,
            cmd.converter(),
        )
    }

    /// An empty atomic pipeline to queue the transaction's commands in.
    pub fn multi(&self) -> Batch {
        Batch::new()
    }

    /// Runs `commands` in `MULTI` / `EXEC` (whether or not the pipeline is marked atomic)
    /// and converts EXEC's array into `T`.
    ///
    /// # Errors
    /// [`Error::WatchAborted`] when a watched key changed (nothing ran; WATCH is over);
    /// [`Error::ExecAbort`] when the server refused a command; conversion and connection
    /// errors.
    pub async fn exec<T: FromValue>(&self, commands: &Batch) -> Result<T, Error> {
        if let Some(error) = commands.failure() {
            // An argument did not encode: nothing is sent.
            return Err(error.clone());
        }
        let request = Request::exec(commands);
        match self.tracked(request, Wait::Response, true).await? {
            Reply::Values(values) => T::from_value(Value::Array(values)),
            Reply::WatchAborted => Err(Error::WatchAborted),
            other => Err(unexpected(&other)),
        }
    }
}

impl<C: Transport> AsyncCommands for Dedicated<C> {
    fn send<T: Send + 'static>(
        &self,
        cmd: Cmd<T>,
    ) -> impl Future<Output = Result<T, Error>> + Send {
        let request = Request::command(&cmd);
        let convert = cmd.converter();
        let release = cmd.check_lease();
        // Blocking by its builder's mark or, through the escape hatch, by its name.
        let wait = match cmd.placement().shared {
            Ok(Dispatch::Blocking) => Wait::blocking(cmd.block_timeout()),
            _ => Wait::Response,
        };
        async move {
            let release = release?;
            self.state.note(release);
            let reply = self
                .tracked(request, wait, release == Release::Reset)
                .await?;
            single(reply, convert)
        }
    }
}

/// An optimistic transaction on `conn`: `WATCH keys`, let `build` read through a handle and
/// return the commands, run them in `MULTI` / `EXEC`; when EXEC is aborted because a watched
/// key changed, run everything again, up to `retries` more times. The body of every client's
/// `transaction` method.
///
/// # Errors
/// [`Error::WatchAborted`] when every attempt was aborted; `build`'s own error; the errors of
/// [`Dedicated::watch`] and [`Dedicated::exec`].
pub async fn transaction<C, K, F, Fut, T>(
    conn: &Dedicated<C>,
    retries: usize,
    keys: K,
    mut build: F,
) -> Result<T, Error>
where
    C: Transport + Clone,
    K: ToArgs + Clone,
    F: FnMut(Dedicated<C>) -> Fut,
    Fut: Future<Output = Result<Batch, Error>>,
    T: FromValue,
{
    for _ in 0..=retries {
        conn.watch(keys.clone()).await?;
        let commands = build(conn.clone()).await?;
        match conn.exec(&commands).await {
            Err(Error::WatchAborted) => continue,
            other => return other,
        }
    }
    Err(Error::WatchAborted)
}
