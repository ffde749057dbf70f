//! Opening connections (socket, then handshake, within the connect timeout) and the task that
//! runs one: drive it, and reconnect with backoff when it is lost.

use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Instant;

use bytes::BytesMut;
use resp_core::{
    Address, Config, Connection, Credentials, CredentialsProvider, Error, Event, Lasting,
};

use crate::deadline::{earliest, Alarm, Waiter};
use crate::direct::Direct;
use crate::driver::{Driver, Outcome, Pushes, Queued};
use crate::health::HealthCheck;
use crate::queue::Requests;
use crate::runtime::{self, AnySocket, Runtime, Socket};
use crate::sentinel;
use crate::status::Status;
use crate::tls;

/// Room reserved for each read during the handshake (its replies are small).
const HANDSHAKE_READ: usize = 4096;

/// A connected, handshaken socket: the socket, its protocol state, bytes already read, and
/// the node it reached (for a Sentinel address, the node the sentinels named).
pub(crate) struct Parts<S> {
    pub(crate) socket: S,
    pub(crate) conn: Connection<Waiter>,
    pub(crate) read_buf: BytesMut,
    pub(crate) node: Address,
}

/// Connects to `config`'s server and runs the handshake; returns the task to spawn, which
/// serves `requests` until every client handle is gone.
/// With `pushes`, the connection is a subscriber whose pub/sub frames go there, and its
/// subscriptions are restored after a reconnect. For a Sentinel address, `known` is the
/// client's list of sentinels, which every connect asks and adds to.
pub(crate) async fn open<R: Runtime>(
    runtime: R,
    config: Arc<Config>,
    status: Arc<Status>,
    requests: Requests,
    pushes: Option<Pushes>,
    known: sentinel::Known,
) -> Result<(impl Future<Output = ()> + Send, Arc<Direct<AnySocket<R>>>), Error> {
    let first = connect(&runtime, &config, &known, &mut None).await?;
    let node = first.node;
    let driver = Driver::new(first.socket, first.conn, first.read_buf, pushes.clone());
    let direct = Arc::new(Direct::new(driver));
    // A connection that reconnects also follows the sentinels' failover announcements.
    let switches = match &config.address {
        Address::Sentinel(sentinels) if config.reconnect => Some(sentinel::watch_switches(
            &runtime, &config, sentinels, &known,
        )),
        _ => None,
    };
    let task = run(
        runtime,
        config,
        status,
        direct.clone(),
        node,
        requests,
        pushes,
        switches,
        known,
    );
    Ok((task, direct))
}

/// One attempt. For a fixed address: socket, then handshake, within the connect timeout; for
/// a Sentinel address, the sentinels are asked where to go first (each step bounded by the
/// connect timeout), so every reconnect follows the current master.
/// `asked` gets the credentials the provider gave for a fixed address, if it was asked.
async fn connect<R: Runtime>(
    runtime: &R,
    config: &Config,
    known: &sentinel::Known,
    asked: &mut Option<Credentials>,
) -> Result<Parts<AnySocket<R>>, Error> {
    match &config.address {
        Address::Sentinel(sentinels) => sentinel::connect(runtime, config, sentinels, known).await,
        _ => connect_noting(runtime, config, asked).await,
    }
}

/// Socket, then handshake, within the connect timeout, to `config`'s TCP or unix address.
pub(crate) async fn connect_direct<R: Runtime>(
    runtime: &R,
    config: &Config,
) -> Result<Parts<AnySocket<R>>, Error> {
    connect_noting(runtime, config, &mut None).await
}

/// [`connect_direct`], noting in `asked` the credentials the provider gave, so that a
/// refusal can be compared with what the provider gives next.
async fn connect_noting<R: Runtime>(
    runtime: &R,
    config: &Config,
    asked: &mut Option<Credentials>,
) -> Result<Parts<AnySocket<R>>, Error> {
    runtime::within(
        runtime,
        config.connect_timeout,
        Error::ConnectTimeout,
        async {
            let socket = match &config.address {
                Address::Tcp { host, port } => {
                    let tcp = runtime.connect_tcp(host, *port).await?;
                    runtime::tune_tcp(&tcp, config.tcp_keepalive)?;
                    match &config.tls {
                        None => AnySocket::Tcp(tcp),
                        Some(tls) => AnySocket::Tls(Box::new(tls::connect(tcp, tls, host).await?)),
                    }
                }
                Address::Unix(path) => AnySocket::Unix(runtime.connect_unix(path).await?),
                other => return Err(Error::Config(format!("unsupported address {other}"))),
            };
            // Asked at every handshake, so a rotated secret is what a reconnect uses.
            let with_credentials;
            let config = match &config.credentials {
                None => config,
                Some(provider) => {
                    let credentials = provider.0.credentials().await?;
                    *asked = Some(credentials.clone());
                    with_credentials = with(config, credentials);
                    &with_credentials
                }
            };
            // A server that refuses our client certificate says so with an alert after the
            // TLS handshake, while the first commands are read.
            let (socket, conn, read_buf) =
                handshake(socket, config).await.map_err(tls::unwrap_io)?;
            Ok(Parts {
                socket,
                conn,
                read_buf,
                node: config.address.clone(),
            })
        },
    )
    .await
}

/// `config` with the user name and password `provider` gives now.
pub(crate) async fn with_fresh_credentials(
    config: &Config,
    provider: &dyn CredentialsProvider,
) -> Result<Config, Error> {
    Ok(with(config, provider.credentials().await?))
}

/// `config` with `credentials`' user name and password.
fn with(config: &Config, credentials: Credentials) -> Config {
    let mut config = config.clone();
    config.username = credentials.username;
    config.password = Some(credentials.password);
    config
}

/// Whether waiting for the next reconnect attempt will not clear `error`, the failure of an
/// attempt that authenticated with `asked` (the provider's credentials; `None` without a
/// provider): [`Error::lasting`], except that credentials refused from a provider count only
/// when the provider has nothing newer, that is, asked again now it gives the same. Newer
/// ones are tried by the next attempt, and requests wait for it.
async fn waiting_cannot_clear<R: Runtime>(
    runtime: &R,
    config: &Config,
    error: &Error,
    asked: Option<Credentials>,
) -> bool {
    match (error.lasting(), &config.credentials, asked) {
        (None, _, _) => false,
        (Some(Lasting::Credentials), Some(provider), Some(refused)) => {
            let again = provider.0.credentials();
            let again = runtime::within(
                runtime,
                config.connect_timeout,
                Error::ConnectTimeout,
                again,
            );
            // A provider that fails or is slow now says nothing about what it will give
            // next: wait, as for any other failure.
            again.await.is_ok_and(|fresh| fresh == refused)
        }
        (Some(_), _, _) => true,
    }
}

/// Runs the handshake to completion on a fresh socket.
async fn handshake<S: Socket>(
    mut socket: S,
    config: &Config,
) -> Result<(S, Connection<Waiter>, BytesMut), Error> {
    let mut conn = Connection::new(config);
    let mut out = BytesMut::new();
    let mut read_buf = BytesMut::new();
    loop {
        while conn.poll_transmit(&mut out) {}
        if !out.is_empty() {
            runtime::write_all(&mut socket, &out).await?;
            out.clear();
        }
        while let Some(event) = conn.poll_event() {
            match event {
                Event::Connected { .. } => return Ok((socket, conn, read_buf)),
                Event::HandshakeFailed(error) => return Err(error),
                _ => {}
            }
        }
        if runtime::read_some(&mut socket, &mut read_buf, HANDSHAKE_READ).await? == 0 {
            conn.handle_connection_lost();
            continue;
        }
        conn.handle_read(&mut read_buf)?;
    }
}

/// What woke [`drive`] up.
enum Woke {
    Driver(Outcome),
    /// The alarm: a request's deadline or the health check's tick may have come.
    Alarm,
    Switch(resp_core::sentinel::SwitchMaster),
}

/// Runs the driver until the connection is lost or every handle is gone; the alarm answers
/// requests whose deadline passed and ticks the health check once per interval. A failover
/// announced by the sentinels (`switches`) that makes `node` the wrong node ends the
/// connection as a loss, so the reconnect asks the sentinels.
async fn drive<S: Socket, R: Runtime>(
    config: &Config,
    direct: &Direct<S>,
    requests: &mut Requests,
    health: &mut HealthCheck,
    alarm: &mut Alarm<R>,
    switches: Option<&sentinel::Switches>,
    node: &Address,
) -> Outcome {
    let interval = config.health_check_interval;
    let mut health_due = interval.map(|interval| Instant::now() + interval);
    loop {
        let mut switch = pin!(async {
            match switches {
                Some(switches) => switches.next().await,
                None => std::future::pending().await,
            }
        });
        let woke = std::future::poll_fn(|cx| {
            let mut slot = direct.lock_for_task(cx.waker());
            if let Poll::Ready(outcome) = slot.driver.poll_run(cx, requests) {
                slot.open = false;
                return Poll::Ready(Woke::Driver(outcome));
            }
            if let Poll::Ready(announced) = switch.as_mut().poll(cx) {
                return Poll::Ready(Woke::Switch(announced));
            }
            if let Some(at) = earliest(health_due, slot.driver.next_deadline(requests)) {
                alarm.ring_by(at);
            }
            let rang = alarm.poll(cx);
            slot.set_alarm(alarm.armed_for());
            rang.map(|()| Woke::Alarm)
        })
        .await;
        let mut slot = direct.lock();
        let driver = &mut slot.driver;
        let lost = match woke {
            Woke::Driver(outcome) => return outcome,
            Woke::Switch(announced) => switches.is_some_and(|s| s.ends(node, &announced)),
            Woke::Alarm => {
                let now = Instant::now();
                driver.expire(now, requests, &Error::Timeout);
                match health_due {
                    Some(due) if due <= now => {
                        health_due = interval.map(|interval| now + interval);
                        !health.tick(driver)
                    }
                    _ => false,
                }
            }
        };
        if lost {
            // The peer went silent, or is no longer the master: fail what is in flight as
            // any lost connection does.
            driver.conn.handle_connection_lost();
            driver.deliver_events_after_loss();
            slot.open = false;
            return Outcome::Lost;
        }
    }
}

/// Runs `attempt` (a reconnect) while answering the requests whose deadline passes
/// meanwhile (with [`Status::timeout_error`]: they were never sent), and those queued while
/// the status says the connection is down for a lasting reason ([`Status::lasting_error`]).
/// `None` when every client handle went away first.
async fn while_down<S: Socket, R: Runtime, T>(
    attempt: impl Future<Output = T>,
    direct: &Direct<S>,
    requests: &mut Requests,
    alarm: &mut Alarm<R>,
    status: &Status,
) -> Option<T> {
    let mut attempt = pin!(attempt);
    std::future::poll_fn(|cx| loop {
        if let Poll::Ready(result) = attempt.as_mut().poll(cx) {
            return Poll::Ready(Some(result));
        }
        let mut slot = direct.lock_for_task(cx.waker());
        let driver = &mut slot.driver;
        if !driver.watch_queue(cx, requests) {
            return Poll::Ready(None);
        }
        // A request that checked the status just before a lasting refusal was noted, and
        // was queued after the waiting requests were ended: it ends too.
        if driver.conn.queued() > 0 || !requests.is_empty() {
            if let Some(down) = status.lasting_error() {
                end_unsent(driver, requests, &down);
                continue;
            }
        }
        if let Some(at) = driver.next_deadline(requests) {
            alarm.ring_by(at);
        }
        match alarm.poll(cx) {
            Poll::Ready(()) => driver.expire(Instant::now(), requests, &status.timeout_error()),
            Poll::Pending => return Poll::Pending,
        }
    })
    .await
}

/// Drives the connection; after a loss, reconnects with backoff (when configured) and moves
/// the requests not yet written to the new connection.
///
/// While reconnect attempts fail, queued requests wait for at most
/// [`Config::reconnect_wait`] from the loss; after that each failed attempt ends the
/// requests queued by then with [`Error::ConnectionDown`], carrying the attempt's error
/// (`WRONGPASS`, a refused connect, ...). An attempt that fails for a reason waiting will
/// not clear ([`waiting_cannot_clear`]: the server refused the credentials and there are no
/// newer ones, or it is full) ends them at once with the same error, and requests made
/// after it end at once too, until an attempt succeeds or fails otherwise; the attempts go
/// on with backoff, so the client recovers by itself once the cause is gone. The backoff is only reset by a
/// connection that served a reply: one that handshakes and is closed at once does not
/// restart it.
#[allow(clippy::too_many_arguments)]
async fn run<R: Runtime>(
    runtime: R,
    config: Arc<Config>,
    status: Arc<Status>,
    direct: Arc<Direct<AnySocket<R>>>,
    mut node: Address,
    mut requests: Requests,
    pushes: Option<Pushes>,
    mut switches: Option<sentinel::Switches>,
    known: sentinel::Known,
) {
    let mut health = HealthCheck::default();
    let mut alarm = Alarm::new(runtime.clone());
    let mut backoff = config.backoff();
    loop {
        let outcome = drive(
            &config,
            &direct,
            &mut requests,
            &mut health,
            &mut alarm,
            switches.as_ref(),
            &node,
        )
        .await;
        if let Outcome::HandlesGone = outcome {
            return;
        }
        if !config.reconnect {
            // A dedicated connection: its state died with it. Nothing queued was sent.
            status.set_stopped(Error::LostBeforeSending);
            requests.close();
            let driver = &mut direct.lock().driver;
            end_unsent(driver, &mut requests, &Error::LostBeforeSending);
            return;
        }
        if direct.lock().driver.served() {
            backoff = config.backoff();
        }
        let lost_at = Instant::now();
        let parts = loop {
            if requests.is_closed() {
                return;
            }
            let random = RandomState::new().hash_one(backoff.attempt());
            let delay = backoff.next_delay(random);
            // Boxed: connecting (handshake, TLS) is a future of kilobytes, and every
            // connection task would carry its room for its whole life.
            let attempt = Box::pin(async {
                let delay = runtime.sleep(delay);
                match &switches {
                    // A failover's announcement is the moment to try again: no backoff left.
                    Some(switches) => {
                        futures_lite::future::or(delay, async {
                            switches.next().await;
                        })
                        .await
                    }
                    None => delay.await,
                }
                let mut asked = None;
                match connect(&runtime, &config, &known, &mut asked).await {
                    Ok(parts) => Ok(parts),
                    Err(error) => {
                        let lasting = waiting_cannot_clear(&runtime, &config, &error, asked);
                        Err((lasting.await, error))
                    }
                }
            });
            let attempt = while_down(attempt, &direct, &mut requests, &mut alarm, &status);
            let Some(result) = attempt.await else {
                return;
            };
            match result {
                Ok(parts) => break parts,
                Err((lasting, error)) => {
                    status.set_down(error.clone(), lasting);
                    if lasting || lost_at.elapsed() >= config.reconnect_wait {
                        let down = Error::ConnectionDown {
                            last_error: Box::new(error),
                        };
                        end_unsent(&mut direct.lock().driver, &mut requests, &down);
                    }
                }
            }
        };
        status.set_up();
        health = HealthCheck::default();
        if parts.node != node {
            status.set_moved();
        }
        node = parts.node;
        if let Some(switches) = &mut switches {
            // The connect may have learned of sentinels: they announce failovers too.
            switches.follow_known(&runtime, &config);
        }
        let mut slot = direct.lock();
        let restore = slot.driver.conn.subscription_restore();
        // Requests whose caller gave up are not worth resending.
        let unsent: Vec<Queued> = slot
            .driver
            .conn
            .take_unsent()
            .filter(|(_, waiter)| !waiter.is_abandoned())
            .collect();
        let mut driver = Driver::new(parts.socket, parts.conn, parts.read_buf, pushes.clone());
        for request in restore {
            // Nobody waits for these confirmations; they go before any queued request.
            driver.queue(request, Waiter::detached());
        }
        for (request, waiter) in unsent {
            driver.queue(request, waiter);
        }
        slot.install(driver);
    }
}

/// Ends every request not yet written, in the connection or the queue, with `error`.
fn end_unsent<S: Socket>(driver: &mut Driver<S>, requests: &mut Requests, error: &Error) {
    driver.conn.fail_unsent(error);
    driver.deliver_events_after_loss();
    fail_queued(requests, error);
}

/// Ends every request waiting in the queue with `error` (none of them was sent).
fn fail_queued(requests: &mut Requests, error: &Error) {
    while let Some((_, mut waiter)) = requests.try_recv() {
        waiter.finish(Err(error.clone()));
    }
}
