//! [`Transport`]: sending a request to a connection's driver, and how long to wait for it.

use std::future::Future;
use std::time::Duration;

use resp_core::{Error, Reply, Request};

/// How long a request may wait for its reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// The configured response timeout ([`Config::response_timeout`](crate::Config)).
    Response,
    /// A blocking command that the server holds back for at most this long: the response
    /// timeout is counted on top of it, so the command's own timeout always comes first.
    BlockedFor(Duration),
    /// A blocking command that may wait forever (a zero timeout, or one the client cannot
    /// read): no response timeout.
    Unbounded,
}

impl Wait {
    /// The limit for a request, given the configured response timeout.
    pub fn limit(self, response_timeout: Option<Duration>) -> Option<Duration> {
        match self {
            Wait::Response => response_timeout,
            Wait::BlockedFor(block) => response_timeout.map(|margin| block + margin),
            Wait::Unbounded => None,
        }
    }

    /// The wait for a command that blocks for `block` on the server (`None`: for ever).
    pub fn blocking(block: Option<Duration>) -> Self {
        block.map_or(Wait::Unbounded, Wait::BlockedFor)
    }
}

/// Sends requests to a connection's driver and waits for their replies.
///
/// Implemented by [`Client`](crate::Client); pipelines, leases and command sending are
/// written against it. Futures must be `Send` so command futures can move between threads.
pub trait Transport: Send + Sync {
    /// Sends one request and waits for its replies, for as long as `wait` allows.
    fn request(
        &self,
        request: Request,
        wait: Wait,
    ) -> impl Future<Output = Result<Reply, Error>> + Send;

    /// Like [`Transport::request`], for a request that may block the connection (BLPOP,
    /// XREAD BLOCK, WAIT, ...): a multiplexed client sends it on a connection of its own.
    /// By default the request goes where any other would.
    fn request_blocking(
        &self,
        request: Request,
        wait: Wait,
    ) -> impl Future<Output = Result<Reply, Error>> + Send {
        self.request(request, wait)
    }
}
