//! [`Client`]: a cloneable handle to one multiplexed connection.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use resp_core::{AsyncCommands, Cmd, Config, Dispatch, Error, Reply, Request, TypeError, Value};
use tokio::sync::{mpsc, oneshot};

use crate::connect;
use crate::driver::Message;
use crate::Pipeline;

/// A Redis client: a handle to one connection shared by all its clones.
///
/// Every clone sends its requests to the same driver task, which writes all queued requests
/// in one write and hands each reply to the task that asked. Command methods come from
/// [`AsyncCommands`]; [`Client::pipeline`] batches commands.
///
/// Dropping a request future (or hitting the response timeout) never disturbs the
/// connection: its reply is still read and then discarded. The queue of requests waiting to
/// be written is bounded by [`Config::queue_capacity`]; callers wait for room.
///
/// The driver task stops when the last clone is dropped and no reply is pending, or when the
/// connection is lost; requests then fail with [`Error::ConnectionLost`] (in flight) or
/// [`Error::ClientClosed`].
#[derive(Clone)]
pub struct Client {
    requests: mpsc::Sender<Message>,
    config: Arc<Config>,
}

impl Client {
    /// Connects to the server at `url` (see [`Config::from_url`]) with default settings.
    ///
    /// # Errors
    /// [`Error::Config`] for a bad URL; [`Error::Io`] or [`Error::Timeout`] when the server
    /// cannot be reached; [`Error::Server`] when the handshake is refused (wrong password,
    /// bad database).
    pub async fn connect(url: &str) -> Result<Client, Error> {
        Client::with_config(Config::from_url(url)?).await
    }

    /// Connects with the given configuration; spawns the driver on the current tokio runtime.
    ///
    /// # Errors
    /// As for [`Client::connect`].
    ///
    /// # Panics
    /// Outside a tokio runtime (as `tokio::spawn` does).
    pub async fn with_config(config: Config) -> Result<Client, Error> {
        let (requests, receiver) = mpsc::channel(config.queue_capacity.max(1));
        let driver = connect::open(&config, receiver).await?;
        tokio::spawn(driver);
        Ok(Client {
            requests,
            config: Arc::new(config),
        })
    }

    /// The configuration this client was made with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Starts an atomic pipeline (sent inside `MULTI` / `EXEC`); see [`Pipeline`].
    pub fn pipeline(&self) -> Pipeline {
        Pipeline::new(self.clone())
    }

    /// Sends one request and waits for its replies, within the response timeout.
    ///
    /// # Errors
    /// [`Error::Timeout`], [`Error::ConnectionLost`], [`Error::ClientClosed`], or the
    /// request's own failure (e.g. [`Error::ExecAbort`]).
    pub async fn request(&self, request: Request) -> Result<Reply, Error> {
        let exchange = async {
            let (tag, reply) = oneshot::channel();
            self.requests
                .send((request, tag))
                .await
                .map_err(|_| Error::ClientClosed)?;
            reply.await.map_err(|_| Error::ClientClosed)?
        };
        match self.config.response_timeout {
            Some(limit) => tokio::time::timeout(limit, exchange)
                .await
                .map_err(|_| Error::Timeout)?,
            None => exchange.await,
        }
    }

    async fn send_shared<T>(
        &self,
        request: Request,
        convert: fn(Value) -> Result<T, Error>,
    ) -> Result<T, Error> {
        match self.request(request).await? {
            Reply::Value(value) => convert(value),
            other => Err(unexpected(&other)),
        }
    }
}

impl AsyncCommands for Client {
    fn send<T: Send + 'static>(
        &self,
        cmd: Cmd<T>,
    ) -> impl Future<Output = Result<T, Error>> + Send {
        let request = Request::command(&cmd);
        let convert = cmd.converter();
        let blocking = cmd.dispatch() == Dispatch::Blocking;
        async move {
            if blocking {
                // A blocking command would stall every reply queued behind it: it gets a
                // connection of its own for its duration.
                let dedicated = Client::with_config((*self.config).clone()).await?;
                return dedicated.send_shared(request, convert).await;
            }
            self.send_shared(request, convert).await
        }
    }
}

pub(crate) fn unexpected(reply: &Reply) -> Error {
    let received = match reply {
        Reply::Value(value) => value.kind().to_owned(),
        Reply::Values(values) => format!("{} replies", values.len()),
        _ => "an aborted transaction".to_owned(),
    };
    Error::Type(TypeError {
        expected: "the reply shape of the request",
        received,
    })
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("address", &self.config.address)
            .field("db", &self.config.db)
            .field("closed", &self.requests.is_closed())
            .finish_non_exhaustive()
    }
}
