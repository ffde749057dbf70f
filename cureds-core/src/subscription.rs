//! [`Subscription`]: a pub/sub connection as a stream of messages.

use std::fmt;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::task::{Context, Poll};

use futures_lite::Stream;
use resp_core::{
    Config, Error, Message, Reply, Request, SubscriptionConfirmation, SubscriptionKind, ToArgs,
    Value,
};

use crate::runtime::Runtime;
use crate::sentinel::Known;
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
/// The stream ends (`next` gives `None`) once nothing is left subscribed: after
/// [`Subscription::close`], or after unsubscribing from the last channel and pattern.
/// Messages that arrived before that are still delivered first.
///
/// ```no_run
/// use cureds_core::{AsyncCommands, Client, Runtime};
///
/// # async fn demo<R: Runtime>(client: Client<R>) -> Result<(), cureds_core::Error> {
/// let mut news = client.subscribe("news").await?;
/// client.publish("news", "hello").await?;
/// if let Some(message) = news.next().await {
///     assert_eq!(message.payload::<String>()?, "hello");
/// }
/// news.close().await?;
/// assert!(news.next().await.is_none());
/// # Ok(()) }
/// ```
pub struct Subscription<R: Runtime> {
    connection: Client<R>,
    frames: futures_channel::mpsc::Receiver<Value>,
    /// Subscriptions left as the server counts them: channels and patterns, shard channels.
    remaining: [AtomicUsize; 2],
    /// Nothing is left subscribed: the stream ends once the buffered frames are read.
    ended: AtomicBool,
}

/// How many pub/sub frames a subscription buffers before its driver stops reading the socket.
pub(crate) const BUFFERED_FRAMES: usize = 1024;

impl<R: Runtime> Subscription<R> {
    /// Opens a subscriber connection (for a Sentinel address, asking the client's
    /// `sentinels`) and subscribes it to `channels`.
    pub(crate) async fn open(
        config: &Config,
        runtime: R,
        kind: SubscriptionKind,
        channels: impl ToArgs,
        sentinels: Known,
    ) -> Result<Self, Error> {
        let (pushes, frames) = futures_channel::mpsc::channel(BUFFERED_FRAMES);
        let connection = Client::open(config.clone(), runtime, Some(pushes), sentinels).await?;
        let subscription = Subscription {
            connection,
            frames,
            remaining: [AtomicUsize::new(0), AtomicUsize::new(0)],
            ended: AtomicBool::new(false),
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
        let confirmations = self.send_change(kind, subscribe, channels).await?;
        confirmations.iter().for_each(|frame| self.observe(frame));
        Ok(())
    }

    /// Sends a change and returns the server's confirmations without counting them: for a
    /// caller that keeps reading messages while it waits (a
    /// [`ShardSubscription`](crate::ShardSubscription)'s task), which would otherwise have to
    /// borrow the subscription twice. The future owns what it needs.
    pub(crate) fn send_change(
        &self,
        kind: SubscriptionKind,
        subscribe: bool,
        channels: impl ToArgs,
    ) -> impl std::future::Future<Output = Result<Vec<Value>, Error>> + Send + 'static {
        let connection = self.connection.clone();
        let request = Request::subscription(kind, subscribe, channels);
        async move {
            match connection.request(request, Wait::Response).await? {
                Reply::Values(confirmations) => Ok(confirmations),
                other => Err(crate::send::unexpected(&other)),
            }
        }
    }

    /// Counts what a confirmation frame says is left; ends the stream when that is nothing.
    fn observe(&self, frame: &Value) {
        let Some(confirmation) = SubscriptionConfirmation::from_frame(frame) else {
            return;
        };
        let index = usize::from(confirmation.kind == SubscriptionKind::Shard);
        self.remaining[index].store(confirmation.remaining, Ordering::Relaxed);
        let left: usize = self
            .remaining
            .iter()
            .map(|n| n.load(Ordering::Relaxed))
            .sum();
        // Subscribing again after the last unsubscribe reopens the stream.
        self.ended.store(left == 0, Ordering::Relaxed);
    }

    /// Unsubscribes from every channel, pattern and shard channel and ends the stream:
    /// messages already received are still delivered, then `next` gives `None`.
    ///
    /// # Errors
    /// The connection's error; the stream ends all the same.
    pub async fn close(&self) -> Result<(), Error> {
        let mut result = self.unsubscribe(()).await;
        if result.is_ok() {
            result = self.punsubscribe(()).await;
        }
        if result.is_ok() && self.remaining[1].load(Ordering::Relaxed) > 0 {
            result = self.sunsubscribe(()).await;
        }
        self.ended.store(true, Ordering::Relaxed);
        result
    }

    /// Whether its connection is down and the last reconnect attempt failed.
    pub(crate) fn is_down(&self) -> bool {
        self.connection.is_down()
    }

    /// Whether the stream has ended or will once its buffered messages are read: nothing
    /// is left subscribed, or [`Subscription::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.ended.load(Ordering::Relaxed)
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

    /// The next message; `None` once nothing is left subscribed (see
    /// [`Subscription::close`]) or the connection is gone for good.
    pub async fn next_message(&mut self) -> Option<Message> {
        std::future::poll_fn(|cx| self.poll_message(cx)).await
    }

    /// The same as [`Subscription::next_message`], under the name `StreamExt` uses, so
    /// `while let Some(message) = sub.next().await` needs no import.
    #[allow(clippy::should_implement_trait)] // an async `next`, not `Iterator::next`
    pub async fn next(&mut self) -> Option<Message> {
        self.next_message().await
    }

    pub(crate) fn poll_message(&mut self, cx: &mut Context<'_>) -> Poll<Option<Message>> {
        loop {
            match Pin::new(&mut self.frames).poll_next(cx) {
                Poll::Ready(Some(frame)) => {
                    // Confirmations (unsolicited ones, e.g. a shard channel the server
                    // dropped) and other out-of-band frames are not messages.
                    if let Some(message) = Message::from_frame(&frame) {
                        return Poll::Ready(Some(message));
                    }
                    self.observe(&frame);
                }
                Poll::Ready(None) => return Poll::Ready(None),
                // Everything received before the last unsubscribe was read.
                Poll::Pending if self.is_closed() => return Poll::Ready(None),
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
