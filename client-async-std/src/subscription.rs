//! [`Subscription`]: a pub/sub connection as a stream of messages.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_lite::Stream;
use resp_core::{Config, Error, Message, Reply, Request, SubscriptionKind, ToArgs, Value};

use crate::Client;

/// A subscriber connection: a [`Stream`](futures_lite::Stream) of published [`Message`]s
/// (channel, pattern, payload) in the order the server sent them.
///
/// Each subscription has a connection of its own (a connection in RESP2 subscriber mode can
/// do nothing else). More channels or patterns can be added or removed while it is open.
/// After a reconnect, everything it was subscribed to is subscribed again; messages
/// published while the connection was down are lost, as with any Redis pub/sub.
///
/// Messages are buffered without bound until read: read them promptly.
///
/// ```no_run
/// use client_async_std::{AsyncCommands, Client};
///
/// # async fn demo(client: Client) -> Result<(), client_async_std::Error> {
/// let mut news = client.subscribe("news").await?;
/// client.publish("news", "hello").await?;
/// if let Some(message) = news.next_message().await {
///     assert_eq!(&message.payload[..], b"hello");
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Subscription {
    connection: Client,
    // Boxed: the receiver is `!Unpin`.
    frames: Pin<Box<async_channel::Receiver<Value>>>,
}

impl Subscription {
    pub(crate) async fn open(
        config: &Config,
        kind: SubscriptionKind,
        channels: impl ToArgs,
    ) -> Result<Subscription, Error> {
        let (pushes, frames) = async_channel::unbounded();
        let connection = Client::open_with(config.clone(), Some(pushes)).await?;
        let subscription = Subscription {
            connection,
            frames: Box::pin(frames),
        };
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
        match self.connection.request(request).await? {
            Reply::Values(_) => Ok(()),
            other => Err(resp_core::session::unexpected(&other)),
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
            match self.frames.as_mut().poll_next(cx) {
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

impl Stream for Subscription {
    type Item = Message;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Message>> {
        self.get_mut().poll_message(cx)
    }
}
