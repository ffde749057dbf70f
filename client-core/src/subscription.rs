//! [`Subscription`]: a pub/sub connection as a stream of messages.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_lite::Stream;
use resp_core::{Config, Error, Message, Reply, Request, SubscriptionKind, ToArgs, Value};

use crate::runtime::Runtime;
use crate::transport::{Transport, Wait};
use crate::Client;

/// A subscriber connection: a [`Stream`] of published [`Message`]s (channel, pattern,
/// payload) in the order the server sent them.
///
/// Each subscription has a connection of its own (a connection in RESP2 subscriber mode can
/// do nothing else). More channels or patterns can be added or removed while it is open.
/// After a reconnect, everything it was subscribed to is subscribed again; messages
/// published while the connection was down are lost, as with any Redis pub/sub.
///
/// Memory is bounded: at most 1,024 frames wait here to be read. When a subscriber falls
/// that far behind, its connection stops reading the socket, so the backlog stays in the
/// kernel's socket buffers and then in redis-server's output buffer for the connection. Past
/// the server's `client-output-buffer-limit pubsub` (32 MiB hard, 8 MiB for 60 s by
/// default) the server closes the connection; the subscription then reconnects and
/// subscribes again, and the messages in between are lost, as with any Redis pub/sub.
///
/// ```no_run
/// use client_core::{AsyncCommands, Client, Runtime};
///
/// # async fn demo<R: Runtime>(client: Client<R>) -> Result<(), client_core::Error> {
/// let mut news = client.subscribe("news").await?;
/// client.publish("news", "hello").await?;
/// if let Some(message) = news.next_message().await {
///     assert_eq!(&message.payload[..], b"hello");
/// }
/// # Ok(()) }
/// ```
pub struct Subscription<R: Runtime> {
    connection: Client<R>,
    frames: futures_channel::mpsc::Receiver<Value>,
}

/// How many pub/sub frames a subscription buffers before its driver stops reading the socket.
pub(crate) const BUFFERED_FRAMES: usize = 1024;

impl<R: Runtime> Subscription<R> {
    pub(crate) async fn open(
        config: &Config,
        runtime: R,
        kind: SubscriptionKind,
        channels: impl ToArgs,
    ) -> Result<Self, Error> {
        let (pushes, frames) = futures_channel::mpsc::channel(BUFFERED_FRAMES);
        let connection = Client::open(config.clone(), runtime, Some(pushes)).await?;
        let subscription = Subscription { connection, frames };
        subscription.change(kind, true, channels).await?;
        Ok(subscription)
    }

    async fn change(
        &self,
        kind: SubscriptionKind,
        subscribe: bool,
        channels: impl ToArgs,
    ) -> Result<(), Error> {
        let request = Request::subscription(kind, subscribe, channels);
        match self.connection.request(request, Wait::Response).await? {
            Reply::Values(_) => Ok(()),
            other => Err(crate::send::unexpected(&other)),
        }
    }

    /// Adds channels (`SUBSCRIBE`); returns once the server confirmed them.
    ///
    /// # Errors
    /// The server's refusal or the connection's error.
    pub async fn subscribe(&self, channels: impl ToArgs) -> Result<(), Error> {
        self.change(SubscriptionKind::Channel, true, channels).await
    }

    /// Removes channels (`UNSUBSCRIBE`; `()` for all).
    ///
    /// # Errors
    /// As for [`Subscription::subscribe`].
    pub async fn unsubscribe(&self, channels: impl ToArgs) -> Result<(), Error> {
        self.change(SubscriptionKind::Channel, false, channels)
            .await
    }

    /// Adds patterns (`PSUBSCRIBE`).
    ///
    /// # Errors
    /// As for [`Subscription::subscribe`].
    pub async fn psubscribe(&self, patterns: impl ToArgs) -> Result<(), Error> {
        self.change(SubscriptionKind::Pattern, true, patterns).await
    }

    /// Removes patterns (`PUNSUBSCRIBE`; `()` for all).
    ///
    /// # Errors
    /// As for [`Subscription::subscribe`].
    pub async fn punsubscribe(&self, patterns: impl ToArgs) -> Result<(), Error> {
        self.change(SubscriptionKind::Pattern, false, patterns)
            .await
    }

    /// Adds shard channels (`SSUBSCRIBE`).
    ///
    /// # Errors
    /// As for [`Subscription::subscribe`].
    pub async fn ssubscribe(&self, channels: impl ToArgs) -> Result<(), Error> {
        self.change(SubscriptionKind::Shard, true, channels).await
    }

    /// Removes shard channels (`SUNSUBSCRIBE`; `()` for all).
    ///
    /// # Errors
    /// As for [`Subscription::subscribe`].
    pub async fn sunsubscribe(&self, channels: impl ToArgs) -> Result<(), Error> {
        self.change(SubscriptionKind::Shard, false, channels).await
    }

    /// The next message; `None` once the connection is gone for good.
    pub async fn next_message(&mut self) -> Option<Message> {
        std::future::poll_fn(|cx| self.poll_message(cx)).await
    }

    fn poll_message(&mut self, cx: &mut Context<'_>) -> Poll<Option<Message>> {
        loop {
            match Pin::new(&mut self.frames).poll_next(cx) {
                Poll::Ready(Some(frame)) => {
                    // Confirmations and other out-of-band frames are not messages.
                    if let Some(message) = Message::from_frame(&frame) {
                        return Poll::Ready(Some(message));
                    }
                }
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<R: Runtime> Stream for Subscription<R> {
    type Item = Message;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Message>> {
        self.get_mut().poll_message(cx)
    }
}

impl<R: Runtime> fmt::Debug for Subscription<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription")
            .field("connection", &self.connection)
            .finish_non_exhaustive()
    }
}
