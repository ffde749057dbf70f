//! Sending one command and checking its reply's shape.

use std::future::Future;
use std::ops::Deref;

use resp_core::{Cmd, Dispatch, Error, Reply, Request, TypeError, Value};

use crate::transport::{Transport, Wait};

/// Sends `cmd` through `transport` (a reference to, or a handle of), a client's shared connection (blocking commands through
/// [`Transport::request_blocking`]) and converts its reply: the body of every client's
/// [`AsyncCommands::send`](crate::AsyncCommands::send).
///
/// A command that may not run on the shared connection ([`Cmd::check_shared`]) ends with
/// [`Error::Refused`] without being sent.
pub fn send<'a, C, T: Send + 'static>(
    transport: C,
    cmd: Cmd<T>,
) -> impl Future<Output = Result<T, Error>> + Send + 'a
where
    C: Deref + Send + 'a,
    C::Target: Transport,
{
    let request = Request::command(&cmd);
    let convert = cmd.converter();
    let dispatch = match cmd.failure() {
        Some(error) => Err(error.clone()),
        None => request.check_shared(),
    };
    let block = cmd.block_timeout();
    async move {
        let reply = if dispatch? == Dispatch::Blocking {
            // Boxed: leasing may open a connection (handshake, TLS), a future of kilobytes
            // that every command's future would otherwise carry and copy around.
            let wait = Wait::blocking(block);
            Box::pin(transport.request_blocking(request, wait)).await?
        } else {
            transport.request(request, Wait::Response).await?
        };
        single(reply, convert)
    }
}

/// The value of a single-command reply, converted.
///
/// # Errors
/// `convert`'s error, or [`Error::Type`] when the reply is not a single value.
pub fn single<T>(reply: Reply, convert: fn(Value) -> Result<T, Error>) -> Result<T, Error> {
    match reply {
        Reply::Value(value) => convert(value),
        other => Err(unexpected(&other)),
    }
}

/// The error for a reply whose shape does not fit the request that was sent (a driver bug or
/// a misbehaving server, never a user's mistake).
pub fn unexpected(reply: &Reply) -> Error {
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
