//! Opening connections (socket, then handshake, within the connect timeout) and the task that
//! runs one: drive it, and reconnect with backoff when it is lost.

use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::pin::Pin;
use std::sync::Arc;

use bytes::BytesMut;
use resp_core::{Address, Config, Connection, Error, Event};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpStream, UnixStream};
use tokio::sync::mpsc;

use crate::driver::{Driver, Message, Outcome, Pushes, Tag};

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
    requests: mpsc::Receiver<Message>,
    pushes: Option<Pushes>,
) -> Result<Task, Error> {
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

async fn connect_tcp(config: Arc<Config>) -> Result<Parts<TcpStream>, Error> {
    within_connect_timeout(&config, async {
        let Address::Tcp { host, port } = &config.address else {
            return Err(Error::Config("not a TCP address".into()));
        };
        let stream = TcpStream::connect((host.as_str(), *port)).await?;
        // Requests are already batched by the driver; Nagle would only add latency.
        stream.set_nodelay(true)?;
        handshake(stream, &config).await
    })
    .await
}

async fn connect_unix(config: Arc<Config>) -> Result<Parts<UnixStream>, Error> {
    within_connect_timeout(&config, async {
        let Address::Unix(path) = &config.address else {
            return Err(Error::Config("not a unix socket address".into()));
        };
        handshake(UnixStream::connect(path).await?, &config).await
    })
    .await
}

async fn within_connect_timeout<T>(
    config: &Config,
    connecting: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    match config.connect_timeout {
        Some(limit) => tokio::time::timeout(limit, connecting)
            .await
            .map_err(|_| Error::Timeout)?,
        None => connecting.await,
    }
}

/// Runs the handshake to completion on a fresh stream.
async fn handshake<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    config: &Config,
) -> Result<Parts<S>, Error> {
    let mut conn = Connection::new(config);
    let mut out = BytesMut::new();
    let mut read_buf = BytesMut::with_capacity(4096);
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
        if stream.read_buf(&mut read_buf).await? == 0 {
            conn.handle_connection_lost();
            continue;
        }
        conn.handle_read(&mut read_buf)?;
    }
}

/// Drives the connection; after a loss, reconnects with backoff (when configured) and moves
/// the requests not yet written to the new connection.
async fn run<S, F, Fut>(
    config: Arc<Config>,
    first: Parts<S>,
    mut requests: mpsc::Receiver<Message>,
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
            .filter(|(_, tag)| !tag.is_closed())
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
            tokio::time::sleep(backoff.next_delay(random)).await;
            if let Ok(parts) = connect(config.clone()).await {
                break parts;
            }
        };
        let restore = driver.conn.subscription_restore();
        driver = Driver::new(stream, conn, read_buf, pushes.clone());
        for request in restore {
            // Nobody waits for these confirmations; they go before any queued request.
            driver.conn.send(request, tokio::sync::oneshot::channel().0);
        }
        for (request, tag) in unsent {
            driver.conn.send(request, tag);
        }
    }
}
