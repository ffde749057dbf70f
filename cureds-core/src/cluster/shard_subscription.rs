//! [`ShardSubscription`]: `SSUBSCRIBE` on the node that owns the channels' slot, moved by
//! itself when the slot moves or its node fails over. This file is the handle; the task that
//! follows the slot is `shard_follower.rs`.

use std::fmt;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_channel::{mpsc, oneshot};
use futures_lite::Stream;
use resp_core::cluster::{CommandSlots, Node};
use resp_core::{Args, Cmd, Error, Message, ToArgs, Value};

use super::shard_follower::{self, Change, Item};
use super::Inner;
use crate::Runtime;

/// A shard-channel subscription on a cluster (`SSUBSCRIBE`): a [`Stream`] of the
/// [`Message`]s published with `SPUBLISH` to its channels, which share one slot.
///
/// It lives on the primary that owns the slot, and follows the slot by itself: when the
/// server drops the channels (`sunsubscribe` sent when the slot migrates away), when the
/// node goes down (killed, failed over), or when the slot map says another node owns the
/// slot now, it refreshes the slot map and subscribes again on the slot's owner to every
/// channel it has at that moment (those added since included), retrying for up to
/// [`ClusterConfig::resubscribe_timeout`](resp_core::cluster::ClusterConfig). Messages
/// published while it moves are lost, as with any Redis pub/sub. When it cannot subscribe
/// again within that time, the stream ends and [`ShardSubscription::error`] says why.
///
/// Channels of the same slot can be added ([`ShardSubscription::ssubscribe`]) and removed
/// ([`ShardSubscription::sunsubscribe`]) while it is open. As with [`Subscription`], the
/// stream ends (`next` gives `None`) once nothing is left subscribed: after
/// [`ShardSubscription::close`], or after unsubscribing from the last channel; messages that
/// arrived before that are delivered first, and subscribing again reopens the stream. While
/// nothing is subscribed it holds no connection.
///
/// A task of its own does the following and hands messages over through a bounded buffer
/// (1,024 messages; then it stops reading the node, as [`Subscription`] does). Dropping the
/// subscription ends the task and closes the connection.
///
/// ```no_run
/// # async fn demo(client: cureds_core::ClusterClient<impl cureds_core::Runtime>) -> Result<(), cureds_core::Error> {
/// use cureds_core::AsyncCommands;
///
/// let mut orders = client.ssubscribe("{shop}orders").await?;
/// orders.ssubscribe("{shop}refunds").await?; // same slot: the {shop} hash tag
/// client.spublish("{shop}refunds", "refund 1").await?;
/// let message = orders.next().await;
/// orders.close().await?;
/// assert!(orders.next().await.is_none());
/// # let _ = message; Ok(()) }
/// ```
///
/// [`Subscription`]: crate::Subscription
pub struct ShardSubscription {
    messages: mpsc::Receiver<Item>,
    /// To the task: each change waits there for its turn, so they apply in order.
    changes: mpsc::Sender<Change>,
    slot: u16,
    shared: Arc<Shared>,
}

/// What the following task tells the handle.
#[derive(Debug)]
pub(super) struct Shared {
    pub(super) node: Mutex<Node>,
    pub(super) moves: AtomicUsize,
    pub(super) error: Mutex<Option<Error>>,
    /// Nothing is subscribed: the stream ends once the messages before that are read.
    pub(super) ended: AtomicBool,
}

impl ShardSubscription {
    /// Subscribes to `channels` (all of `slot`) on the slot's owner and starts the task that
    /// follows the slot.
    pub(crate) async fn open<R: Runtime>(
        inner: Arc<Inner<R>>,
        slot: u16,
        channels: Args,
    ) -> Result<Self, Error> {
        let channels = names(slot, "SSUBSCRIBE", channels)?;
        let (messages, changes, shared) = shard_follower::start(inner, slot, channels).await?;
        Ok(ShardSubscription {
            messages,
            changes,
            slot,
            shared,
        })
    }

    /// Adds shard channels (`SSUBSCRIBE`) of the subscription's slot; returns once the
    /// server confirmed them. From then on they follow the slot with the others.
    ///
    /// # Errors
    /// [`Error::CrossSlot`] (nothing sent) when a channel is of another slot;
    /// [`Error::Config`] without a channel. When the node refuses or does not answer (the
    /// slot moved, the node failed), the subscription moves to the slot's owner with every
    /// channel, these included; the error is then that of the move, after which the stream
    /// has ended (see [`ShardSubscription::error`]).
    pub async fn ssubscribe(&self, channels: impl ToArgs) -> Result<(), Error> {
        let channels = names(self.slot, "SSUBSCRIBE", channels)?;
        if channels.is_empty() {
            return Err(Error::Config("SSUBSCRIBE needs a channel".into()));
        }
        self.change(true, channels).await
    }

    /// Removes shard channels (`SUNSUBSCRIBE`; `()` for all). Unsubscribing from the last
    /// one ends the stream, as [`ShardSubscription::close`] does.
    ///
    /// # Errors
    /// [`Error::CrossSlot`] (nothing sent) when a channel is of another slot; otherwise as
    /// for [`ShardSubscription::ssubscribe`].
    pub async fn sunsubscribe(&self, channels: impl ToArgs) -> Result<(), Error> {
        let channels = names(self.slot, "SUNSUBSCRIBE", channels)?;
        self.change(false, channels).await
    }

    /// Unsubscribes from every channel and ends the stream: messages already received are
    /// still delivered, then `next` gives `None`. The node's connection is closed.
    ///
    /// # Errors
    /// The connection's error; the stream ends all the same (the connection is closed, so
    /// the node forgets the subscriber either way).
    pub async fn close(&self) -> Result<(), Error> {
        self.change(false, Vec::new()).await
    }

    /// Hands a change to the task and waits for its outcome.
    async fn change(&self, subscribe: bool, channels: Vec<Bytes>) -> Result<(), Error> {
        let (done, outcome) = oneshot::channel();
        // A sender of its own has a place of its own in the channel: no wait for room.
        let mut changes = self.changes.clone();
        let queued = changes.try_send(Change {
            subscribe,
            channels,
            done,
        });
        if queued.is_err() {
            return self.task_gone(subscribe);
        }
        outcome.await.unwrap_or_else(|_| self.task_gone(subscribe))
    }

    /// The outcome of a change once the task is gone (the slot could not be followed): an
    /// unsubscribe has nothing left to do; a subscribe fails with why the task ended.
    fn task_gone(&self, subscribe: bool) -> Result<(), Error> {
        if subscribe {
            Err(self.error().unwrap_or(Error::ClientClosed))
        } else {
            Ok(())
        }
    }

    /// The next message; `None` once nothing is left subscribed (see
    /// [`ShardSubscription::close`]) or the subscription could not follow its slot (see
    /// [`ShardSubscription::error`]).
    pub async fn next_message(&mut self) -> Option<Message> {
        std::future::poll_fn(|cx| self.poll_message(cx)).await
    }

    /// The same as [`ShardSubscription::next_message`], under the name `StreamExt` uses.
    #[allow(clippy::should_implement_trait)] // an async `next`, not `Iterator::next`
    pub async fn next(&mut self) -> Option<Message> {
        self.next_message().await
    }

    fn poll_message(&mut self, cx: &mut Context<'_>) -> Poll<Option<Message>> {
        Pin::new(&mut self.messages)
            .poll_next(cx)
            .map(|item| match item {
                Some(Item::Message(message)) => Some(message),
                Some(Item::End) | None => None,
            })
    }

    /// Whether the stream has ended or will once its buffered messages are read: nothing
    /// is left subscribed, or the slot could not be followed.
    pub fn is_closed(&self) -> bool {
        self.shared.ended.load(Ordering::Relaxed) || self.changes.is_closed()
    }

    /// The slot of the subscription's channels.
    pub fn slot(&self) -> u16 {
        self.slot
    }

    /// The node the subscription is on now (or was last on, while nothing is subscribed).
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

/// The channel names in `channels`, all of `slot`, for `command`.
///
/// # Errors
/// The argument's encoding error; [`Error::CrossSlot`] naming the subscription's slot first
/// when a channel is of another: every channel of a shard subscription lives on one node.
fn names(slot: u16, command: &str, channels: impl ToArgs) -> Result<Vec<Bytes>, Error> {
    let probe: Cmd<Value> = Cmd::new(command).key(channels);
    if let Some(error) = probe.failure() {
        return Err(error.clone());
    }
    let mut slots = match CommandSlots::of(&probe) {
        CommandSlots::NoKey => Vec::new(),
        CommandSlots::Slot(s) if s == slot => Vec::new(),
        CommandSlots::Slot(s) => vec![s],
        CommandSlots::CrossSlot(slots) => slots,
    };
    if !slots.is_empty() {
        slots.retain(|s| *s != slot);
        slots.insert(0, slot);
        return Err(Error::CrossSlot {
            command: command.to_owned(),
            slots,
        });
    }
    Ok(probe.keys().map(Bytes::copy_from_slice).collect())
}

impl Stream for ShardSubscription {
    type Item = Message;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Message>> {
        self.get_mut().poll_message(cx)
    }
}

impl fmt::Debug for ShardSubscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShardSubscription")
            .field("slot", &self.slot)
            .field("node", &self.node())
            .field("moves", &self.moves())
            .finish_non_exhaustive()
    }
}
