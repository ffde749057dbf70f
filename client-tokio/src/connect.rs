//! Opening a connection: the socket, then the handshake, within the connect timeout.

use std::future::Future;

use bytes::BytesMut;
use resp_core::{Address, Config, Connection, Error, Event};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpStream, UnixStream};
use tokio::sync::mpsc;

use crate::driver::{Driver, Message, Tag};

/// Connects to `config`'s server and runs the handshake; returns the driver future (not yet
/// spawned), fed by `requests`.
pub(crate) async fn open(
    config: &Config,
    requests: mpsc::Receiver<Message>,
) -> Result<impl Future<Output = ()> + Send + 'static, Error> {
    let opening = async {
        match &config.address {
            Address::Tcp { host, port } => {
                let stream = TcpStream::connect((host.as_str(), *port)).await?;
                // Requests are already batched by the driver; Nagle would only add latency.
                stream.set_nodelay(true)?;
                let (stream, conn, read_buf) = handshake(stream, config).await?;
                Ok(Box::pin(Driver::new(stream, conn, requests, read_buf))
                    as std::pin::Pin<Box<dyn Future<Output = ()> + Send>>)
            }
            Address::Unix(path) => {
                let stream = UnixStream::connect(path).await?;
                let (stream, conn, read_buf) = handshake(stream, config).await?;
                Ok(Box::pin(Driver::new(stream, conn, requests, read_buf)) as _)
            }
            _ => Err(Error::Config(format!(
                "unsupported address {}",
                config.address
            ))),
        }
    };
    match config.connect_timeout {
        Some(limit) => tokio::time::timeout(limit, opening)
            .await
            .map_err(|_| Error::Timeout)?,
        None => opening.await,
    }
}

/// Runs the handshake to completion on a fresh stream.
async fn handshake<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    config: &Config,
) -> Result<(S, Connection<Tag>, BytesMut), Error> {
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
