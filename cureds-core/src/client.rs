//! [`Client`]: a cloneable handle to one multiplexed connection.

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use crate::AsyncCommands;
use resp_core::{
    Address, Cmd, Config, Dispatch, Error, FromValue, Reply, Request, SubscriptionKind, ToArgs,
};

use crate::connect;
use crate::deadline::Waiter;
use crate::dedicated::{self, Dedicated};
use crate::direct::{Direct, ReplyFuture};
use crate::driver::{Pushes, Queued};
use crate::lease::Lease;
use crate::pool::Pool;
use crate::queue::{self, RequestSender};
use crate::reads::Reads;
use crate::runtime::{self, AnySocket, Runtime};
use crate::sentinel::Known;
use crate::status::{Moved, Status};
use crate::subscription::Subscription;
use crate::transport::{Transport, Wait};
use crate::Pipeline;

/// A Redis client: a handle to one connection shared by all its clones.
///
/// Every clone sends its requests to the same driver task, which writes all queued requests
/// in one write and hands each reply to the task that asked; a caller that finds the
/// connection idle writes its request and reads its reply itself, skipping the hand-offs. Command methods come from
/// [`AsyncCommands`]; [`Client::pipeline`] batches commands.
///
/// Commands that hold a connection's state across requests do not run on the shared
/// connection: blocking commands (BLPOP, XREAD BLOCK, WAIT, ...) and WATCH transactions
/// ([`Client::transaction`], [`Client::lease`]) run on dedicated connections from a small
/// pool ([`Config::pool_size`]), opened when first needed.
///
/// Dropping a request future (or hitting the response timeout) never disturbs the
/// connection: its reply is still read and then discarded. The queue of requests waiting to
/// be written is bounded by [`Config::queue_capacity`]; callers wait for room.
///
/// When the connection is lost, requests in flight fail with [`Error::ConnectionLost`] (they
/// may have run); the driver reconnects with backoff ([`Config::reconnect`]) and re-runs the
/// handshake, and requests not yet written wait for the new connection, for at most
/// [`Config::reconnect_wait`]. When the server refuses the reconnect for a reason waiting will
/// not clear (`WRONGPASS`, `NOAUTH`, `NOPERM`, a full server: [`Error::lasting`]), they end at
/// once with [`Error::ConnectionDown`], as do requests made until a reconnect succeeds; the
/// driver keeps reconnecting meanwhile. The driver stops when the last clone is dropped.
///
/// `R` is the runtime; the runtime crates name this type for theirs
/// (`client_tokio::Client`, `client_async_std::Client`).
pub struct Client<R: Runtime> {
    requests: RequestSender,
    /// The connection's driver, for a request that finds it idle (see `direct.rs`).
    direct: Arc<Direct<AnySocket<R>>>,
    status: Arc<Status>,
    config: Arc<Config>,
    runtime: R,
    /// `None` on the pool's own dedicated connections: they run everything inline.
    pool: Option<Arc<Pool<R>>>,
    /// A Sentinel client's connection for read-only commands, when its `read_from` sends
    /// them to a replica (see [`resp_core::SentinelConfig::read_from`]).
    reads: Option<Arc<Reads<R>>>,
    /// The sentinels this client knows, for a Sentinel address (shared with its pool and
    /// subscriptions).
    sentinels: Known,
}

impl<R: Runtime> Clone for Client<R> {
    fn clone(&self) -> Self {
        Client {
            requests: self.requests.clone(),
            direct: self.direct.clone(),
            status: self.status.clone(),
            config: self.config.clone(),
            runtime: self.runtime.clone(),
            pool: self.pool.clone(),
            reads: self.reads.clone(),
            sentinels: self.sentinels.clone(),
        }
    }
}

impl<R: Runtime> Client<R> {
    /// Connects to the server at `url` (see [`Config::from_url`]) with default settings.
    ///
    /// # Errors
    /// [`Error::Config`] for a bad URL; [`Error::Io`] or [`Error::Timeout`] when the server
    /// cannot be reached; [`Error::Server`] when the handshake is refused (wrong password,
    /// bad database).
    pub async fn connect(url: &str) -> Result<Self, Error> {
        Self::with_config(Config::from_url(url)?).await
    }

    /// Connects with the given configuration and spawns the connection's driver task on the
    /// runtime.
    ///
    /// # Errors
    /// As for [`Client::connect`].
    pub async fn with_config(config: Config) -> Result<Self, Error> {
        Self::with_runtime(config, R::default()).await
    }

    /// Connects with the given configuration on a given runtime value.
    ///
    /// # Errors
    /// As for [`Client::connect`].
    pub async fn with_runtime(config: Config, runtime: R) -> Result<Self, Error> {
        let sentinels = Known::for_config(&config);
        let pool = Arc::new(Pool::new(&config, runtime.clone(), sentinels.clone()));
        let reads_config = match &config.address {
            Address::Sentinel(sentinel) => sentinel.for_reads().map(|reads_sentinel| {
                let mut reads = config.clone();
                reads.address = Address::Sentinel(Box::new(reads_sentinel));
                reads
            }),
            _ => None,
        };
        let mut client = Self::open(config, runtime.clone(), None, sentinels.clone()).await?;
        let listener: Weak<dyn Moved> = Arc::downgrade(&pool) as Weak<Pool<R>>;
        client.status.on_move(listener);
        client.pool = Some(pool);
        if let Some(reads_config) = reads_config {
            client.reads = Some(Reads::open(reads_config, runtime, sentinels).await?);
        }
        Ok(client)
    }

    /// A connection of its own, without a pool (what [`Pool`] leases out); with `pushes`, a
    /// subscriber connection. `sentinels` is the list of sentinels of the client it belongs
    /// to (see [`Known`]).
    pub(crate) async fn open(
        config: Config,
        runtime: R,
        pushes: Option<Pushes>,
        sentinels: Known,
    ) -> Result<Self, Error> {
        let (requests, receiver) = queue::channel(config.queue_capacity);
        let config = Arc::new(config);
        let status = Arc::new(Status::default());
        let (task, direct) = connect::open(
            runtime.clone(),
            config.clone(),
            status.clone(),
            receiver,
            pushes,
            sentinels.clone(),
        )
        .await?;
        runtime.spawn(task);
        Ok(Client {
            requests,
            direct,
            status,
            config,
            runtime,
            pool: None,
            reads: None,
            sentinels,
        })
    }

    /// Authenticates the shared connection again, without dropping it: sends `AUTH` with
    /// what the [`Config::credentials`] provider gives now (or the configured user name and
    /// password), ahead of nothing else (requests queued before it run with the old
    /// identity). For servers that end sessions whose token expired unless they
    /// re-authenticate. New connections (reconnects, leases, subscriptions) always ask the
    /// provider themselves; idle pooled connections keep their identity until closed.
    ///
    /// # Errors
    /// The provider's error; [`Error::Server`] with `WRONGPASS` when the server refuses the
    /// credentials (the connection keeps its previous identity); [`Error::Config`] when
    /// there are no credentials at all. The error never contains the password.
    pub async fn reauthenticate(&self) -> Result<(), Error> {
        let fresh;
        let config = match &self.config.credentials {
            Some(provider) => {
                fresh = connect::with_fresh_credentials(&self.config, &*provider.0).await?;
                &fresh
            }
            None => &*self.config,
        };
        let Some(password) = &config.password else {
            return Err(Error::Config("no credentials to authenticate with".into()));
        };
        let mut auth = Cmd::<()>::new("AUTH");
        if let Some(user) = &config.username {
            auth = auth.arg(user.as_str());
        }
        let auth = auth.arg(password.expose());
        // Sent as an internal request: users may not send AUTH on the shared connection
        // (it would switch every task's identity at an arbitrary point), this does it on
        // purpose with the client's own credentials.
        let reply = self
            .exchange(Request::command(&auth), Wait::Response, Route::Here)
            .await?;
        crate::send::single(reply, auth.converter())
    }

    /// The configuration this client was made with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Whether the driver has stopped (the connection is gone for good).
    pub fn is_closed(&self) -> bool {
        self.requests.is_closed()
    }

    /// Whether the connection is down: lost, and the last reconnect attempt failed.
    pub(crate) fn is_down(&self) -> bool {
        self.status.is_down()
    }

    /// While the connection is down, the error a request would end with after waiting.
    pub(crate) fn down_error(&self) -> Option<Error> {
        self.status.down_error()
    }

    /// Starts an atomic pipeline (sent inside `MULTI` / `EXEC`); see [`Pipeline`].
    pub fn pipeline(&self) -> Pipeline<Self> {
        Pipeline::new(self.clone())
    }

    /// Leases a dedicated connection from the pool, waiting while all are in use. It goes
    /// back to the pool when the [`Lease`] is dropped (cleaned with `DISCARD` / `UNWATCH`),
    /// or is closed if a request on it was cut short.
    ///
    /// # Errors
    /// Connecting a new dedicated connection can fail as [`Client::connect`] does.
    pub async fn lease(&self) -> Result<Lease<R>, Error> {
        match &self.pool {
            Some(pool) => pool.lease().await,
            None => Err(Error::Config(
                "a dedicated connection cannot lease another".into(),
            )),
        }
    }

    /// Runs an optimistic transaction: on a leased connection, `WATCH keys`, then `build`
    /// reads what it needs through the [`Dedicated`] handle it is given and returns the
    /// commands to run (start them with [`Dedicated::multi`]); they run in `MULTI` / `EXEC`.
    /// When a watched key changed meanwhile, EXEC is aborted and everything runs again, up
    /// to [`Config::watch_retries`] times. The result is EXEC's array converted into `T`.
    ///
    /// ```no_run
    /// use cureds_core::{AsyncCommands, Client, PipelineCommands, Runtime};
    ///
    /// # async fn demo<R: Runtime>(client: Client<R>) -> Result<(), cureds_core::Error> {
    /// let (n,): (i64,) = client
    ///     .transaction("counter", |conn| async move {
    ///         let n: Option<i64> = conn.get("counter").await?;
    ///         let mut tx = conn.multi();
    ///         tx.set("counter", n.unwrap_or(0) + 1).get("counter");
    ///         Ok(tx)
    ///     })
    ///     .await
    ///     .map(|((), n): ((), i64)| (n,))?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::WatchAborted`] when every attempt was aborted; `build`'s own error; the
    /// errors of [`Dedicated::exec`].
    pub async fn transaction<K, F, Fut, T>(&self, keys: K, build: F) -> Result<T, Error>
    where
        K: ToArgs + Clone,
        F: FnMut(Dedicated<Self>) -> Fut,
        Fut: Future<Output = Result<resp_core::Batch, Error>>,
        T: FromValue,
    {
        let lease = self.lease().await?;
        dedicated::transaction(&lease, self.config.watch_retries, keys, build).await
    }

    /// Subscribes to `channels` (`SUBSCRIBE`) on a connection of the subscription's own;
    /// publish with [`AsyncCommands::publish`] on any client. See [`Subscription`].
    ///
    /// # Errors
    /// Connecting fails as [`Client::connect`] does; the server may refuse the channels.
    pub async fn subscribe(&self, channels: impl ToArgs) -> Result<Subscription<R>, Error> {
        self.open_subscription(SubscriptionKind::Channel, channels)
            .await
    }

    /// Subscribes to channels matching `patterns` (`PSUBSCRIBE`); see [`Client::subscribe`].
    ///
    /// # Errors
    /// As for [`Client::subscribe`].
    pub async fn psubscribe(&self, patterns: impl ToArgs) -> Result<Subscription<R>, Error> {
        self.open_subscription(SubscriptionKind::Pattern, patterns)
            .await
    }

    /// Subscribes to shard channels (`SSUBSCRIBE`); see [`Client::subscribe`].
    ///
    /// # Errors
    /// As for [`Client::subscribe`].
    pub async fn ssubscribe(&self, channels: impl ToArgs) -> Result<Subscription<R>, Error> {
        self.open_subscription(SubscriptionKind::Shard, channels)
            .await
    }

    async fn open_subscription(
        &self,
        kind: SubscriptionKind,
        channels: impl ToArgs,
    ) -> Result<Subscription<R>, Error> {
        let sentinels = self.sentinels.clone();
        Subscription::open(
            &self.config,
            self.runtime.clone(),
            kind,
            channels,
            sentinels,
        )
        .await
    }

    /// Sends one request and waits for its replies, for as long as `wait` allows.
    ///
    /// # Errors
    /// [`Error::Timeout`] (the command may have run); [`Error::ConnectionDown`] when the time
    /// ran out while the connection was down, or it is down for a lasting reason (not sent;
    /// says why it is down);
    /// [`Error::ConnectionLost`]; the error that stopped the connection for good (e.g.
    /// [`Error::LostBeforeSending`] on a dedicated connection that was lost); or the
    /// request's own failure (e.g. [`Error::ExecAbort`]).
    async fn exchange(&self, request: Request, wait: Wait, route: Route) -> Result<Reply, Error> {
        match route {
            Route::Here => {}
            // Boxed, as in `send`: a lease's future would make every request's larger.
            Route::Lease => return Box::pin(self.lease_for(request, wait)).await,
            Route::Refused(refused) => return Err(*refused),
        }
        // The server refused the last reconnect for a reason waiting will not clear: say so
        // now rather than after `reconnect_wait`.
        if let Some(down) = self.status.lasting_error() {
            return Err(down);
        }
        // The deadline travels with the request: the connection task answers a caller whose
        // time ran out (see `deadline.rs`), so there is no timer per request.
        let limit = wait.limit(self.config.response_timeout);
        let deadline = limit.and_then(|limit| Instant::now().checked_add(limit));
        let (waiter, reply) = Waiter::new(deadline);
        // Written at once, and read by this caller, when the connection is idle.
        let queued = self
            .direct
            .try_send((request, waiter), self.requests.is_empty());
        let direct = queued.is_ok();
        if let Err(queued) = queued {
            if let Err(queued) = self.requests.try_send(queued) {
                // Boxed: waiting for room is rare, and its future would make every request's
                // future larger.
                Box::pin(self.send_when_room(queued, limit)).await?;
            }
        }
        // A dropped waiter means the connection task ended while the request was queued or
        // in flight: it may have run.
        ReplyFuture::new(reply, &self.direct, direct)
            .await
            .unwrap_or(Err(Error::ConnectionLost))
    }

    /// Queues a request once the full queue has room, within its time limit.
    async fn send_when_room(&self, queued: Queued, limit: Option<Duration>) -> Result<(), Error> {
        let queue = async {
            let sent = self.requests.send(queued).await;
            Ok::<_, ()>(sent.map_err(|_| self.status.stopped_error()))
        };
        runtime::within(&self.runtime, limit, (), queue)
            .await
            .unwrap_or_else(|()| Err(self.status.timeout_error()))
    }

    /// Runs a request on a connection leased for it, returned clean afterwards (a blocking
    /// command from the shared connection).
    async fn lease_for(&self, request: Request, wait: Wait) -> Result<Reply, Error> {
        self.lease().await?.request(request, wait).await
    }

    /// Queues a request without waiting for its reply; `false` when the queue is full or
    /// closed.
    pub(crate) fn try_send_detached(&self, request: Request) -> bool {
        self.requests
            .try_send((request, Waiter::detached()))
            .is_ok()
    }
}

/// Where [`Client::exchange`] sends a request.
enum Route {
    /// On this connection: a dedicated or subscriber connection, whose callers checked what
    /// they send, or the shared one for a request allowed there.
    Here,
    /// A blocking request on the shared connection: on a connection leased for it.
    Lease,
    /// Nowhere: it may not run on the shared connection.
    Refused(Box<Error>),
}

impl Route {
    /// Where a request for the shared connection goes ([`Request::check_shared`]).
    fn shared(request: &Request) -> Self {
        match request.check_shared() {
            Ok(Dispatch::Blocking) => Route::Lease,
            Ok(_) => Route::Here,
            Err(refused) => Route::Refused(Box::new(refused)),
        }
    }
}

/// On the shared connection (a client with a pool), every request is checked first
/// ([`Request::check_shared`]): one made by hand from a refused command (SUBSCRIBE, MONITOR,
/// SELECT, ...) ends with [`Error::Refused`] without being sent, and a blocking one goes to a
/// leased connection as [`Transport::request_blocking`] would send it. The client's own
/// dedicated and subscriber connections take what they are given: their callers checked it.
impl<R: Runtime> Transport for Client<R> {
    fn request(
        &self,
        request: Request,
        wait: Wait,
    ) -> impl Future<Output = Result<Reply, Error>> + Send {
        let route = match self.pool {
            Some(_) => Route::shared(&request),
            None => Route::Here,
        };
        self.exchange(request, wait, route)
    }

    /// Blocking requests run on a leased connection when this client has a pool.
    async fn request_blocking(&self, request: Request, wait: Wait) -> Result<Reply, Error> {
        match &self.pool {
            Some(_) => {
                request.check_shared()?;
                self.lease_for(request, wait).await
            }
            None => self.exchange(request, wait, Route::Here).await,
        }
    }
}

impl<R: Runtime> AsyncCommands for Client<R> {
    fn send<T: Send + 'static>(
        &self,
        cmd: Cmd<T>,
    ) -> impl Future<Output = Result<T, Error>> + Send {
        let serving = match &self.reads {
            Some(reads) if cmd.is_read_only() && cmd.dispatch() == Dispatch::Shared => {
                Serving::Reads(reads.client())
            }
            _ => Serving::This(self),
        };
        crate::send::send(serving, cmd)
    }
}

/// The connection that serves a command: the client's own, or its reads connection.
enum Serving<'a, R: Runtime> {
    This(&'a Client<R>),
    Reads(Arc<Client<R>>),
}

impl<R: Runtime> std::ops::Deref for Serving<'_, R> {
    type Target = Client<R>;

    fn deref(&self) -> &Client<R> {
        match self {
            Serving::This(client) => client,
            Serving::Reads(client) => client,
        }
    }
}

impl<R: Runtime> fmt::Debug for Client<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("address", &self.config.address)
            .field("db", &self.config.db)
            .field("closed", &self.requests.is_closed())
            .finish_non_exhaustive()
    }
}
