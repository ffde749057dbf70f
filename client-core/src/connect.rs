//! Opening connections (socket, then handshake, within the connect timeout) and the task that
//! runs one: drive it, and reconnect with backoff when it is lost.

use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Instant;

use bytes::BytesMut;
use resp_core::{Address, Config, Connection, CredentialsProvider, Error, Event};

use crate::deadline::{earliest, Alarm, Waiter};
use crate::driver::{Driver, Outcome, Pushes, Queued};
use crate::health::HealthCheck;
use crate::queue::Requests;
use crate::runtime::{self, AnySocket, Runtime, Socket};
use crate::status::Status;
use crate::tls;

/// Room reserved for each read during the handshake (its replies are small).
const HANDSHAKE_READ: usize = 4096;

/// A connected, handshaken socket: the socket, its protocol state, bytes already read.
struct Parts<S> {
    socket: S,
    conn: Connection<Waiter>,
    read_buf: BytesMut,
}

/// Connects to `config`'s server and runs the handshake; returns the task to spawn, which
/// serves `requests` until every client handle is gone.
/// With `pushes`, the connection is a subscriber whose pub/sub frames go there, and its
/// subscriptions are restored after a reconnect.
pub(crate) async fn open<R: Runtime>(
    runtime: R,
    config: Arc<Config>,
    status: Arc<Status>,
    requests: Requests,
    pushes: Option<Pushes>,
) -> Result<impl Future<Output = ()> + Send, Error> {
    let first = connect(&runtime, &config).await?;
    Ok(run(runtime, config, status, first, requests, pushes))
}

/// One attempt: socket, then handshake, within the connect timeout.
async fn connect<R: Runtime>(runtime: &R, config: &Config) -> Result<Parts<AnySocket<R>>, Error> {
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
                    with_credentials = with_fresh_credentials(config, &*provider.0).await?;
                    &with_credentials
                }
            };
            // A server that refuses our client certificate says so with an alert after the
            // TLS handshake, while the first commands are read.
            handshake(socket, config).await.map_err(tls::unwrap_io)
        },
    )
    .await
}

/// `config` with the user name and password `provider` gives now.
pub(crate) async fn with_fresh_credentials(
    config: &Config,
    provider: &dyn CredentialsProvider,
) -> Result<Config, Error> {
    let credentials = provider.credentials().await?;
    let mut config = config.clone();
    config.username = credentials.username;
    config.password = Some(credentials.password);
    Ok(config)
}

/// Runs the handshake to completion on a fresh socket.
async fn handshake<S: Socket>(mut socket: S, config: &Config) -> Result<Parts<S>, Error> {
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
                Event::Connected { .. } => {
                    return Ok(Parts {
                        socket,
                        conn,
                        read_buf,
                    })
                }
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

/// Runs the driver until the connection is lost or every handle is gone; the alarm answers
/// requests whose deadline passed and ticks the health check once per interval.
async fn drive<S: Socket, R: Runtime>(
    config: &Config,
    driver: &mut Driver<S>,
    requests: &mut Requests,
    health: &mut HealthCheck,
    alarm: &mut Alarm<R>,
) -> Outcome {
    let interval = config.health_check_interval;
    let mut health_due = interval.map(|interval| Instant::now() + interval);
    loop {
        let woke = std::future::poll_fn(|cx| {
            if let Poll::Ready(outcome) = driver.poll_run(cx, requests) {
                return Poll::Ready(Some(outcome));
            }
            if let Some(at) = earliest(health_due, driver.next_deadline()) {
                alarm.ring_by(at);
            }
            alarm.poll(cx).map(|()| None)
        })
        .await;
        if let Some(outcome) = woke {
            return outcome;
        }
        let now = Instant::now();
        driver.expire(now, requests, &Error::Timeout);
        if health_due.is_some_and(|due| due <= now) {
            health_due = interval.map(|interval| now + interval);
            if !health.tick(driver) {
                // The peer went silent: fail what is in flight as any lost connection does.
                driver.conn.handle_connection_lost();
                driver.deliver_events_after_loss();
                return Outcome::Lost;
            }
        }
    }
}

/// Runs `attempt` (a reconnect) while answering the requests whose deadline passes
/// meanwhile (with [`Status::timeout_error`]: they were never sent). `None` when every client
/// handle went away first.
async fn while_down<S: Socket, R: Runtime, T>(
    attempt: impl Future<Output = T>,
    driver: &mut Driver<S>,
    requests: &mut Requests,
    alarm: &mut Alarm<R>,
    status: &Status,
) -> Option<T> {
    let mut attempt = pin!(attempt);
    std::future::poll_fn(|cx| loop {
        if let Poll::Ready(result) = attempt.as_mut().poll(cx) {
            return Poll::Ready(Some(result));
        }
        if !driver.watch_queue(cx, requests) {
            return Poll::Ready(None);
        }
        if let Some(at) = driver.next_deadline() {
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
/// (`WRONGPASS`, a refused connect, ...). The backoff is only reset by a connection that
/// served a reply: one that handshakes and is closed at once does not restart it.
async fn run<R: Runtime>(
    runtime: R,
    config: Arc<Config>,
    status: Arc<Status>,
    first: Parts<AnySocket<R>>,
    mut requests: Requests,
    pushes: Option<Pushes>,
) {
    let mut driver = Driver::new(first.socket, first.conn, first.read_buf, pushes.clone());
    let mut health = HealthCheck::default();
    let mut alarm = Alarm::new(runtime.clone());
    let mut backoff = config.backoff();
    loop {
        let outcome = drive(&config, &mut driver, &mut requests, &mut health, &mut alarm).await;
        if let Outcome::HandlesGone = outcome {
            return;
        }
        if !config.reconnect {
            // A dedicated connection: its state died with it. Nothing queued was sent.
            status.set_stopped(Error::LostBeforeSending);
            requests.close();
            driver.conn.fail_unsent(&Error::LostBeforeSending);
            driver.deliver_events_after_loss();
            fail_queued(&mut requests, &Error::LostBeforeSending);
            return;
        }
        if driver.served() {
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
                runtime.sleep(delay).await;
                connect(&runtime, &config).await
            });
            let attempt = while_down(attempt, &mut driver, &mut requests, &mut alarm, &status);
            let Some(result) = attempt.await else {
                return;
            };
            match result {
                Ok(parts) => break parts,
                Err(error) => {
                    status.set_down(error.clone());
                    if lost_at.elapsed() >= config.reconnect_wait {
                        let down = Error::ConnectionDown {
                            last_error: Box::new(error),
                        };
                        driver.conn.fail_unsent(&down);
                        driver.deliver_events_after_loss();
                        fail_queued(&mut requests, &down);
                    }
                }
            }
        };
        status.set_up();
        health = HealthCheck::default();
        let restore = driver.conn.subscription_restore();
        // Requests whose caller gave up are not worth resending.
        let unsent: Vec<Queued> = driver
            .conn
            .take_unsent()
            .filter(|(_, waiter)| !waiter.is_abandoned())
            .collect();
        driver = Driver::new(parts.socket, parts.conn, parts.read_buf, pushes.clone());
        for request in restore {
            // Nobody waits for these confirmations; they go before any queued request.
            driver.queue(request, Waiter::detached());
        }
        for (request, waiter) in unsent {
            driver.queue(request, waiter);
        }
    }
}

/// Ends every request waiting in the queue with `error` (none of them was sent).
fn fail_queued(requests: &mut Requests, error: &Error) {
    while let Some((_, mut waiter)) = requests.try_recv() {
        waiter.finish(Err(error.clone()));
    }
}
