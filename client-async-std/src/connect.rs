//! Opening connections (socket, then handshake, within the connect timeout) and the task that
//! runs one: drive it, and reconnect with backoff when it is lost.

use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::net::{TcpStream, ToSocketAddrs};
use std::os::unix::net::UnixStream;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use async_io::{Async, Timer};
use bytes::BytesMut;
use futures_lite::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use resp_core::{Address, Config, Connection, Error, Event};

use crate::driver::{Driver, Message, Outcome, Pushes, Requests, Tag};

/// A connected, handshaken stream: the stream, its protocol state, bytes already read.
type Parts<S> = (S, Connection<Tag>, BytesMut);

/// The connection task, boxed so TCP and unix connections share one type.
pub(crate) type Task = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Connects to `config`'s server and runs the handshake; returns the task to spawn, which
/// serves `requests` until every client handle is gone.
/// With `pushes`, the connection is a subscriber whose pub/sub frames go there, and its
/// subscriptions are restored after a reconnect.
pub(crate) async fn open(
    config: Arc<Config>,
    requests: async_channel::Receiver<Message>,
    pushes: Option<Pushes>,
) -> Result<Task, Error> {
    let requests = Box::pin(requests);
    match &config.address {
        Address::Tcp { .. } => {
            let first = connect_tcp(config.clone()).await?;
            Ok(Box::pin(run(config, first, requests, pushes, connect_tcp)))
        }
        Address::Unix(_) => {
            let first = connect_unix(config.clone()).await?;
            Ok(Box::pin(run(config, first, requests, pushes, connect_unix)))
        }
        other => Err(Error::Config(format!("unsupported address {other}"))),
    }
}

/// Runs `fut`, failing with [`Error::Timeout`] after `limit`.
pub(crate) async fn with_timeout<T>(
    limit: Option<Duration>,
    fut: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    match limit {
        Some(limit) => {
            futures_lite::future::or(fut, async {
                Timer::after(limit).await;
                Err(Error::Timeout)
            })
            .await
        }
        None => fut.await,
    }
}

async fn connect_tcp(config: Arc<Config>) -> Result<Parts<Async<TcpStream>>, Error> {
    with_timeout(config.connect_timeout, async {
        let Address::Tcp { host, port } = &config.address else {
            return Err(Error::Config("not a TCP address".into()));
        };
        // Name resolution blocks; it runs on async-global-executor's blocking pool.
        let target = (host.clone(), *port);
        let addrs: Vec<_> = async_global_executor::spawn_blocking(move || {
            target.to_socket_addrs().map(Iterator::collect)
        })
        .await?;
        let mut last = None;
        for addr in addrs {
            match Async::<TcpStream>::connect(addr).await {
                Ok(stream) => {
                    // Requests are already batched by the driver; Nagle would only add latency.
                    stream.get_ref().set_nodelay(true)?;
                    return handshake(stream, &config).await;
                }
                Err(e) => last = Some(e),
            }
        }
        Err(last.map_or_else(
            || Error::Config(format!("{host} resolves to no address")),
            Error::from,
        ))
    })
    .await
}

async fn connect_unix(config: Arc<Config>) -> Result<Parts<Async<UnixStream>>, Error> {
    with_timeout(config.connect_timeout, async {
        let Address::Unix(path) = &config.address else {
            return Err(Error::Config("not a unix socket address".into()));
        };
        handshake(Async::<UnixStream>::connect(path).await?, &config).await
    })
    .await
}

/// Runs the handshake to completion on a fresh stream.
async fn handshake<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    config: &Config,
) -> Result<Parts<S>, Error> {
    let mut conn = Connection::new(config);
    let mut out = BytesMut::new();
    let mut read_buf = BytesMut::new();
    let mut chunk = vec![0u8; 4096];
    loop {
        while conn.poll_transmit(&mut out) {}
        if !out.is_empty() {
            stream.write_all(&out).await?;
            out.clear();
        }
        while let Some(event) = conn.poll_event() {
            match event {
                Event::Connected { .. } => return Ok((stream, conn, read_buf)),
                Event::HandshakeFailed(error) => return Err(error),
                _ => {}
            }
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            conn.handle_connection_lost();
            continue;
        }
        read_buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
        conn.handle_read(&mut read_buf)?;
    }
}

/// Drives the connection; after a loss, reconnects with backoff (when configured) and moves
/// the requests not yet written to the new connection.
async fn run<S, F, Fut>(
    config: Arc<Config>,
    first: Parts<S>,
    mut requests: Requests,
    pushes: Option<Pushes>,
    connect: F,
) where
    S: AsyncRead + AsyncWrite + Unpin,
    F: Fn(Arc<Config>) -> Fut,
    Fut: Future<Output = Result<Parts<S>, Error>>,
{
    let (stream, conn, read_buf) = first;
    let mut driver = Driver::new(stream, conn, read_buf, pushes.clone());
    loop {
        let outcome = std::future::poll_fn(|cx| driver.poll_run(cx, &mut requests)).await;
        if let Outcome::HandlesGone = outcome {
            return;
        }
        // Requests whose caller gave up are not worth resending.
        let unsent: Vec<Message> = driver
            .conn
            .take_unsent()
            .filter(|(_, tag)| !tag.is_canceled())
            .collect();
        if !config.reconnect {
            requests.close();
            let queued = std::iter::from_fn(|| requests.try_recv().ok());
            for (_, tag) in unsent.into_iter().chain(queued) {
                let _ = tag.send(Err(Error::ConnectionLost));
            }
            return;
        }
        let mut backoff = config.backoff();
        let (stream, conn, read_buf) = loop {
            if requests.is_closed() {
                return;
            }
            let random = RandomState::new().hash_one(backoff.attempt());
            Timer::after(backoff.next_delay(random)).await;
            if let Ok(parts) = connect(config.clone()).await {
                break parts;
            }
        };
        let restore = driver.conn.subscription_restore();
        driver = Driver::new(stream, conn, read_buf, pushes.clone());
        for request in restore {
            // Nobody waits for these confirmations; they go before any queued request.
            driver
                .conn
                .send(request, futures_channel::oneshot::channel().0);
        }
        for (request, tag) in unsent {
            driver.conn.send(request, tag);
        }
    }
}
