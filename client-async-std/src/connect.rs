//! Opening a connection: the socket, then the handshake, within the connect timeout.

use std::future::Future;
use std::net::{TcpStream, ToSocketAddrs};
use std::os::unix::net::UnixStream;
use std::pin::Pin;
use std::time::Duration;

use async_io::{Async, Timer};
use bytes::BytesMut;
use futures_lite::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use resp_core::{Address, Config, Connection, Error, Event};

use crate::driver::{Driver, Message, Tag};

/// The driver future, boxed so TCP and unix connections share one type.
pub(crate) type DriverFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Connects to `config`'s server and runs the handshake; returns the driver future (not yet
/// spawned), fed by `requests`.
pub(crate) async fn open(
    config: &Config,
    requests: async_channel::Receiver<Message>,
) -> Result<DriverFuture, Error> {
    let opening = async {
        match &config.address {
            Address::Tcp { host, port } => {
                let stream = connect_tcp(host, *port).await?;
                // Requests are already batched by the driver; Nagle would only add latency.
                stream.get_ref().set_nodelay(true)?;
                let (stream, conn, read_buf) = handshake(stream, config).await?;
                Ok(Box::pin(Driver::new(stream, conn, requests, read_buf)) as DriverFuture)
            }
            Address::Unix(path) => {
                let stream = Async::<UnixStream>::connect(path).await?;
                let (stream, conn, read_buf) = handshake(stream, config).await?;
                Ok(Box::pin(Driver::new(stream, conn, requests, read_buf)) as DriverFuture)
            }
            _ => Err(Error::Config(format!(
                "unsupported address {}",
                config.address
            ))),
        }
    };
    with_timeout(config.connect_timeout, opening).await
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

/// Tries every address the host name resolves to, in order.
async fn connect_tcp(host: &str, port: u16) -> Result<Async<TcpStream>, Error> {
    // Name resolution blocks; it runs on async-global-executor's blocking pool.
    let target = (host.to_owned(), port);
    let addrs: Vec<_> = async_global_executor::spawn_blocking(move || {
        target.to_socket_addrs().map(Iterator::collect)
    })
    .await?;
    let mut last = None;
    for addr in addrs {
        match Async::<TcpStream>::connect(addr).await {
            Ok(stream) => return Ok(stream),
            Err(e) => last = Some(e),
        }
    }
    Err(last.map_or_else(
        || Error::Config(format!("{host} resolves to no address")),
        Error::from,
    ))
}

/// Runs the handshake to completion on a fresh stream.
async fn handshake<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    config: &Config,
) -> Result<(S, Connection<Tag>, BytesMut), Error> {
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
