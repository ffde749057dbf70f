//! [`Pipeline`]: queued commands bound to the client that sends them.

use resp_core::{Cmd, Dispatch, Error, FromValue, PipelineCommands, Reply, Request, Value};

use crate::send::unexpected;
use crate::transport::{Transport, Wait};

/// Commands queued with the [`PipelineCommands`] methods and sent together by
/// [`Pipeline::execute`] through the client `C` it was made from.
///
/// Atomic by default, as in redis-py: the commands go inside `MULTI` / `EXEC`, and the result
/// is `EXEC`'s array. [`Pipeline::non_atomic`] sends them back to back instead. Either way the
/// whole pipeline is written contiguously, so other tasks' commands on the same client never
/// land between its commands. A pipeline holding a blocking command runs on a dedicated
/// connection ([`Transport::request_blocking`]) and waits without a response timeout.
#[derive(Debug)]
pub struct Pipeline<C> {
    client: C,
    commands: resp_core::Batch,
}

impl<C: Transport> Pipeline<C> {
    /// An empty atomic pipeline sent through `client`.
    pub fn new(client: C) -> Self {
        Pipeline {
            client,
            commands: resp_core::Batch::new(),
        }
    }

    /// Sends the commands without `MULTI` / `EXEC`: one command's error does not stop the
    /// others, and other clients' commands may run between them.
    pub fn non_atomic(mut self) -> Self {
        self.commands.atomic(false);
        self
    }

    /// The number of queued commands.
    pub fn len(&self) -> usize {
        self.commands.len()
    }

    /// Whether no command is queued.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    /// Sends the pipeline and converts all replies together into `T`: `Vec<Value>`, a tuple
    /// with one element per command, `Vec<Result<T, ServerError>>`, ...
    ///
    /// # Errors
    /// As for [`Pipeline::execute_values`], and [`Error::Server`] when a command's reply is
    /// an error and `T` cannot hold it (use [`Pipeline::execute_values`] or
    /// `Vec<Result<_, ServerError>>` to see every reply).
    pub async fn execute<T: FromValue>(&self) -> Result<T, Error> {
        T::from_value(Value::Array(self.execute_values().await?))
    }

    /// Sends the pipeline and returns one reply per command, error replies in place as
    /// [`Value::Error`].
    ///
    /// # Errors
    /// [`Error::Refused`] (nothing sent) when a command may not run on the shared connection
    /// ([`resp_core::Batch::check_shared`]). For an atomic pipeline, [`Error::ExecAbort`] when the server refused to queue a
    /// command (nothing ran) and [`Error::WatchAborted`] when EXEC was aborted; the
    /// client's errors ([`Error::Timeout`], [`Error::ConnectionLost`], ...).
    pub async fn execute_values(&self) -> Result<Vec<Value>, Error> {
        let dispatch = self.commands.check_shared()?;
        let request = Request::from_batch(&self.commands);
        let reply = if dispatch == Dispatch::Blocking {
            // The pipeline does not keep its commands' block timeouts: no response timeout.
            self.client
                .request_blocking(request, Wait::Unbounded)
                .await?
        } else {
            self.client.request(request, Wait::Response).await?
        };
        match reply {
            Reply::Values(values) => Ok(values),
            Reply::WatchAborted => Err(Error::WatchAborted),
            other => Err(unexpected(&other)),
        }
    }

    /// Removes every queued command.
    pub fn clear(&mut self) {
        self.commands.clear();
    }
}

impl<C> PipelineCommands for Pipeline<C> {
    fn push<T>(&mut self, cmd: Cmd<T>) -> &mut Self {
        self.commands.push(cmd);
        self
    }
}
