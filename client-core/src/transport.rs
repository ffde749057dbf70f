//! [`Transport`]: the one thing a runtime must provide to run commands.

use std::future::Future;

use resp_core::{Error, Reply, Request};

/// Sends requests to a connection's driver and waits for their replies.
///
/// Implemented by [`Client`](crate::Client); pipelines, leases and command sending are
/// written against it. Futures must be `Send` so command futures can move between threads.
pub trait Transport: Send + Sync {
    /// Sends one request and waits for its replies, within the response timeout.
    fn request(&self, request: Request) -> impl Future<Output = Result<Reply, Error>> + Send;

    /// Like [`Transport::request`], for a request that may block the connection (BLPOP,
    /// XREAD BLOCK, WAIT, ...): a multiplexed client sends it on a connection of its own.
    /// By default the request goes where any other would.
    fn request_blocking(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<Reply, Error>> + Send {
        self.request(request)
    }
}
