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
/// MULTI/EXEC, and [`Transport`] for requests built by hand. Cloneable so a transaction
/// closure can own one; it must not outlive its lease (the connection goes to someone else
/// afterwards).
///
/// Every request, typed or built by hand, is checked ([`Request::check_lease`]: pub/sub,
/// MONITOR and the like are refused before anything is sent) and tracked in a
/// [`LeaseState`], so the lease knows on return whether the connection needs `UNWATCH` /
/// `DISCARD` or, after a request was cut short or a command left state that cannot be
/// undone, closing. The connection itself is never handed out: a request sent on it
/// directly would skip both.
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

    /// The connection this handle sends on, for returning it to its pool. Never public:
    /// requests sent on it would skip the lease's checks and tracking.
    pub(crate) fn connection(&self) -> &C {
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

    /// Checks a request for a leased connection, records what the lease must do when it
    /// ends, then sends it tracked: the one way every request reaches the connection.
    async fn checked(&self, request: Request, wait: Wait) -> Result<Reply, Error> {
        let release = request.check_lease()?;
        self.state.note(release);
        self.tracked(request, wait, release == Release::Reset).await
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
        // The commands go through the lease's checks as any request does: a SUBSCRIBE
        // queued in the transaction must not change the connection's mode either.
        let request = Request::exec(commands);
        let release = request.check_lease()?;
        self.state.note(release);
        match self.tracked(request, Wait::Response, true).await? {
            Reply::Values(values) => T::from_value(Value::Array(values)),
            Reply::WatchAborted => Err(Error::WatchAborted),
            other => Err(unexpected(&other)),
        }
    }
}

/// Requests built by hand get the same checks and tracking as typed commands: one refused
/// on a lease ([`Request::check_lease`]: SUBSCRIBE, MONITOR, CLIENT REPLY OFF, ...) ends with
/// [`Error::Refused`] without being sent, and WATCH, MULTI or SELECT sent this way make the
/// lease end with `UNWATCH` / `DISCARD` or close the connection, as their typed forms do.
/// The connection is the lease's own, so a blocking request runs on it like any other.
impl<C: Transport> Transport for Dedicated<C> {
    fn request(
        &self,
        request: Request,
        wait: Wait,
    ) -> impl Future<Output = Result<Reply, Error>> + Send {
        self.checked(request, wait)
    }
}

impl<C: Transport> AsyncCommands for Dedicated<C> {
    fn send<T: Send + 'static>(
        &self,
        cmd: Cmd<T>,
    ) -> impl Future<Output = Result<T, Error>> + Send {
        let failure = cmd.failure().cloned();
        let request = Request::command(&cmd);
        let convert = cmd.converter();
        // Blocking by its builder's mark or, through the escape hatch, by its name.
        let wait = match cmd.placement().shared {
            Ok(Dispatch::Blocking) => Wait::blocking(cmd.block_timeout()),
            _ => Wait::Response,
        };
        async move {
            if let Some(error) = failure {
                // An argument did not encode: nothing is sent.
                return Err(error);
            }
            single(self.checked(request, wait).await?, convert)
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
