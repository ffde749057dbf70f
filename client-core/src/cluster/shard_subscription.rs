//! [`ShardSubscription`]: `SSUBSCRIBE` on the node that owns the channels' slot, moved by
//! itself when the slot moves or its node fails over.

use std::fmt;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures_channel::mpsc;
use futures_lite::{FutureExt, Stream};
use resp_core::cluster::Node;
use resp_core::{Args, Error, Message};

use super::Inner;
use crate::{Runtime, Subscription};

/// How often an idle shard subscription checks that its node is up and still owns the slot.
const CHECK_INTERVAL: Duration = Duration::from_millis(100);
/// How many messages wait between the task that follows the slot and the reader.
const BUFFERED_MESSAGES: usize = 1024;

/// A shard-channel subscription on a cluster (`SSUBSCRIBE`): a [`Stream`] of the
/// [`Message`]s published with `SPUBLISH` to its channels, which share one slot.
///
/// It lives on the primary that owns the slot, and follows the slot by itself: when the
/// server drops the channels (`sunsubscribe` sent when the slot migrates away), when the
/// node goes down (killed, failed over), or when the slot map says another node owns the
/// slot now, it refreshes the slot map and subscribes again on the slot's owner, retrying
/// for up to [`ClusterConfig::resubscribe_timeout`](resp_core::cluster::ClusterConfig).
/// Messages published while it moves are lost, as with any Redis pub/sub. When it cannot
/// subscribe again within that time, the stream ends and [`ShardSubscription::error`] says
/// why.
///
/// A task of its own does the following and hands messages over through a bounded buffer
/// (1,024 messages; then it stops reading the node, as [`Subscription`] does). Dropping the
/// subscription ends the task and closes the connection.
pub struct ShardSubscription {
    messages: mpsc::Receiver<Message>,
    shared: Arc<Shared>,
}

/// What the following task tells the handle.
#[derive(Debug)]
struct Shared {
    node: Mutex<Node>,
    moves: AtomicUsize,
    error: Mutex<Option<Error>>,
}

impl ShardSubscription {
    /// Subscribes to `channels` (all of `slot`) on the slot's owner and starts the task that
    /// follows the slot.
    pub(crate) async fn open<R: Runtime>(
        inner: Arc<Inner<R>>,
        slot: u16,
        channels: Args,
    ) -> Result<Self, Error> {
        let (node, subscription) = subscribe(&inner, slot, &channels).await?;
        let (sender, messages) = mpsc::channel(BUFFERED_MESSAGES);
        let shared = Arc::new(Shared {
            node: Mutex::new(node.clone()),
            moves: AtomicUsize::new(0),
            error: Mutex::new(None),
        });
        let follower = Follower {
            inner: inner.clone(),
            slot,
            channels,
            node,
            subscription,
            sender,
            shared: shared.clone(),
        };
        inner.runtime.spawn(follower.run());
        Ok(ShardSubscription { messages, shared })
    }

    /// The next message; `None` once the subscription could not follow its slot (see
    /// [`ShardSubscription::error`]).
    pub async fn next_message(&mut self) -> Option<Message> {
        std::future::poll_fn(|cx| Pin::new(&mut self.messages).poll_next(cx)).await
    }

    /// The same as [`ShardSubscription::next_message`], under the name `StreamExt` uses.
    #[allow(clippy::should_implement_trait)] // an async `next`, not `Iterator::next`
    pub async fn next(&mut self) -> Option<Message> {
        self.next_message().await
    }

    /// The node the subscription is on now.
    pub fn node(&self) -> Node {
        self.shared
            .node
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// How many times it subscribed again on another node (or again on the same one after
    /// the server dropped the channels).
    pub fn moves(&self) -> usize {
        self.shared.moves.load(Ordering::Relaxed)
    }

    /// Why the stream ended, if it did because the slot could not be followed.
    pub fn error(&self) -> Option<Error> {
        self.shared
            .error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Stream for ShardSubscription {
    type Item = Message;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Message>> {
        Pin::new(&mut self.get_mut().messages).poll_next(cx)
    }
}

impl fmt::Debug for ShardSubscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShardSubscription")
            .field("node", &self.node())
            .field("moves", &self.moves())
            .finish_non_exhaustive()
    }
}

/// Subscribes on the node that owns `slot` according to the current map.
async fn subscribe<R: Runtime>(
    inner: &Inner<R>,
    slot: u16,
    channels: &Args,
) -> Result<(Node, Subscription<R>), Error> {
    let Some(node) = inner.map().primary(slot).cloned() else {
        return Err(Error::Config(format!("no cluster node serves slot {slot}")));
    };
    let subscription = inner
        .client(&node)
        .await?
        .ssubscribe(channels.clone())
        .await?;
    Ok((node, subscription))
}

/// The task behind a [`ShardSubscription`].
struct Follower<R: Runtime> {
    inner: Arc<Inner<R>>,
    slot: u16,
    channels: Args,
    node: Node,
    subscription: Subscription<R>,
    sender: mpsc::Sender<Message>,
    shared: Arc<Shared>,
}

enum Event {
    Message(Option<Message>),
    Check,
}

impl<R: Runtime> Follower<R> {
    async fn run(mut self) {
        loop {
            let runtime = self.inner.runtime.clone();
            let event = async { Event::Message(self.subscription.next_message().await) }
                .or(async {
                    runtime.sleep(CHECK_INTERVAL).await;
                    Event::Check
                })
                .await;
            match event {
                Event::Message(Some(message)) => {
                    // Waits for room: a slow reader slows the reading of the node.
                    let room = std::future::poll_fn(|cx| self.sender.poll_ready(cx)).await;
                    if room.is_err() || self.sender.start_send(message).is_err() {
                        return; // the handle is gone
                    }
                    continue;
                }
                // The server dropped the channels (the slot moved), or the connection is
                // gone for good.
                Event::Message(None) => {}
                Event::Check => {
                    if self.sender.is_closed() {
                        return;
                    }
                    let owner = self.inner.map().primary(self.slot).cloned();
                    if !self.subscription.is_down() && owner.as_ref() == Some(&self.node) {
                        continue;
                    }
                }
            }
            if let Err(error) = self.resubscribe().await {
                *self.shared.error.lock().unwrap_or_else(|e| e.into_inner()) = Some(error);
                return; // dropping the sender ends the stream
            }
        }
    }

    /// Refreshes the slot map and subscribes on the slot's owner, retrying with backoff
    /// until the resubscribe timeout.
    async fn resubscribe(&mut self) -> Result<(), Error> {
        let started = Instant::now();
        let limit = self.inner.config.resubscribe_timeout;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let _ = self.inner.refresh_now().await;
            let outcome = subscribe(&self.inner, self.slot, &self.channels).await;
            match outcome {
                Ok((node, subscription)) => {
                    self.node = node.clone();
                    self.subscription = subscription;
                    *self.shared.node.lock().unwrap_or_else(|e| e.into_inner()) = node;
                    self.shared.moves.fetch_add(1, Ordering::Relaxed);
                    return Ok(());
                }
                Err(error) if started.elapsed() >= limit => return Err(error),
                Err(_) if self.sender.is_closed() => return Err(Error::ClientClosed),
                Err(_) => {
                    let pause = Duration::from_millis((20u64 << attempt.min(4)).min(250));
                    self.inner.runtime.sleep(pause).await;
                }
            }
        }
    }
}
