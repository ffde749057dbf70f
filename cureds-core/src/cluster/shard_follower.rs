//! The task behind a [`ShardSubscription`](super::ShardSubscription): hands its node's
//! messages to the reader, applies the reader's changes in order, and subscribes again where
//! the slot is when the node drops the channels, goes down, or no longer owns the slot.

use std::collections::BTreeSet;
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_channel::{mpsc, oneshot};
use futures_lite::{FutureExt, Stream};
use resp_core::cluster::Node;
use resp_core::{Error, Message, SubscriptionKind};

use super::shard_subscription::Shared;
use super::Inner;
use crate::{Runtime, Subscription};

/// How often an idle shard subscription checks that its node is up and still owns the slot.
const CHECK_INTERVAL: Duration = Duration::from_millis(100);
/// How many messages wait between the task that follows the slot and the reader.
const BUFFERED_MESSAGES: usize = 1024;

/// What the task hands the reader.
pub(super) enum Item {
    Message(Message),
    /// Nothing is subscribed any more: the stream ends here (until a subscribe reopens it).
    End,
}

/// A change the reader asked for, answered on `done` once the node confirmed it.
pub(super) struct Change {
    pub(super) subscribe: bool,
    /// The channels, all of the subscription's slot; none with `subscribe == false`: all.
    pub(super) channels: Vec<Bytes>,
    pub(super) done: oneshot::Sender<Result<(), Error>>,
}

/// Subscribes to `channels` on the owner of `slot` and spawns the task that follows it;
/// returns the reader's ends.
pub(super) async fn start<R: Runtime>(
    inner: Arc<Inner<R>>,
    slot: u16,
    channels: Vec<Bytes>,
) -> Result<(mpsc::Receiver<Item>, mpsc::Sender<Change>, Arc<Shared>), Error> {
    let channels: BTreeSet<Bytes> = channels.into_iter().collect();
    let (node, subscription) = subscribe(&inner, slot, &channels).await?;
    let (sender, messages) = mpsc::channel(BUFFERED_MESSAGES);
    // Each change is sent from a sender of its own (see `ShardSubscription::change`).
    let (changes_sender, changes) = mpsc::channel(0);
    let shared = Arc::new(Shared {
        node: Mutex::new(node.clone()),
        moves: AtomicUsize::new(0),
        error: Mutex::new(None),
        ended: AtomicBool::new(false),
    });
    let follower = Follower {
        inner: inner.clone(),
        slot,
        channels,
        node,
        subscription: Some(subscription),
        held: None,
        end_due: false,
        sender,
        changes,
        shared: shared.clone(),
    };
    inner.runtime.spawn(follower.run());
    Ok((messages, changes_sender, shared))
}

/// Subscribes to `channels` on the node that owns `slot` according to the current map.
async fn subscribe<R: Runtime>(
    inner: &Inner<R>,
    slot: u16,
    channels: &BTreeSet<Bytes>,
) -> Result<(Node, Subscription<R>), Error> {
    let Some(node) = inner.map().primary(slot).cloned() else {
        return Err(Error::Config(format!("no cluster node serves slot {slot}")));
    };
    let channels: Vec<Bytes> = channels.iter().cloned().collect();
    let subscription = inner.client(&node).await?.ssubscribe(channels).await?;
    Ok((node, subscription))
}

/// The task behind a shard subscription.
struct Follower<R: Runtime> {
    inner: Arc<Inner<R>>,
    slot: u16,
    /// What the reader asked for, whatever the node confirmed so far: what subscribing
    /// again subscribes to.
    channels: BTreeSet<Bytes>,
    node: Node,
    /// `None` while nothing is subscribed: no connection is held.
    subscription: Option<Subscription<R>>,
    /// An item the reader has no room for yet; nothing more is read meanwhile.
    held: Option<Item>,
    /// Everything was unsubscribed: once the messages that came before are handed on, the
    /// reader gets [`Item::End`] and the connection is closed.
    end_due: bool,
    sender: mpsc::Sender<Item>,
    changes: mpsc::Receiver<Change>,
    shared: Arc<Shared>,
}

/// Why forwarding stopped.
enum Forwarded {
    /// The node's stream ended: the server dropped the channels (the slot moved), or the
    /// connection is gone for good.
    Ended,
    /// The reader is gone.
    ReaderGone,
}

enum Event {
    Forwarded(Forwarded),
    /// A change from the reader; `None` once the handle is dropped.
    Change(Option<Change>),
    Check,
}

impl<R: Runtime> Follower<R> {
    async fn run(mut self) {
        let runtime = self.inner.runtime.clone();
        let mut check = runtime.sleep(CHECK_INTERVAL).boxed();
        loop {
            let event = poll_fn(|cx| {
                if let Poll::Ready(forwarded) = self.poll_forward(cx) {
                    return Poll::Ready(Event::Forwarded(forwarded));
                }
                if let Poll::Ready(change) = Pin::new(&mut self.changes).poll_next(cx) {
                    return Poll::Ready(Event::Change(change));
                }
                check.as_mut().poll(cx).map(|()| Event::Check)
            })
            .await;
            let outcome = match event {
                Event::Forwarded(Forwarded::ReaderGone) | Event::Change(None) => return,
                Event::Forwarded(Forwarded::Ended) => self.ended().await,
                Event::Change(Some(change)) => self.apply(change).await,
                Event::Check => {
                    check = runtime.sleep(CHECK_INTERVAL).boxed();
                    self.check().await
                }
            };
            if let Err(error) = outcome {
                *self.shared.error.lock().unwrap_or_else(|e| e.into_inner()) = Some(error);
                self.shared.ended.store(true, Ordering::Relaxed);
                return; // dropping the sender ends the stream
            }
        }
    }

    /// Hands the node's messages to the reader until the node's stream ends or the reader
    /// is gone. Nothing taken from the node is lost when this is dropped: an item the reader
    /// has no room for waits in `held`.
    fn poll_forward(&mut self, cx: &mut Context<'_>) -> Poll<Forwarded> {
        loop {
            if let Some(item) = self.held.take() {
                match self.sender.poll_ready(cx) {
                    Poll::Ready(Ok(())) => {
                        if self.sender.start_send(item).is_err() {
                            return Poll::Ready(Forwarded::ReaderGone);
                        }
                    }
                    Poll::Ready(Err(_)) => return Poll::Ready(Forwarded::ReaderGone),
                    Poll::Pending => {
                        // A slow reader slows the reading of the node.
                        self.held = Some(item);
                        return Poll::Pending;
                    }
                }
            }
            let next = match &mut self.subscription {
                Some(subscription) => subscription.poll_message(cx),
                None if self.end_due => Poll::Ready(None),
                None => return Poll::Pending,
            };
            match next {
                Poll::Ready(Some(message)) => self.held = Some(Item::Message(message)),
                // Unsubscribed from everything, and the messages that arrived before the
                // confirmation are handed on (they came first): the reader gets the end.
                Poll::Ready(None) | Poll::Pending if self.end_due => {
                    self.end_due = false;
                    self.subscription = None;
                    self.held = Some(Item::End);
                }
                Poll::Ready(None) => return Poll::Ready(Forwarded::Ended),
                Poll::Pending => return Poll::Pending,
            }
        }
    }

    /// Runs `work` while handing messages to the reader, so a burst that arrives before a
    /// change's confirmation cannot fill the buffers and hold the confirmation back. An end
    /// of the node's stream meanwhile is seen again by the main loop.
    async fn while_forwarding<T>(&mut self, work: impl Future<Output = T>) -> T {
        let mut work = pin!(work);
        let mut forwarding = true;
        poll_fn(|cx| {
            if let Poll::Ready(out) = work.as_mut().poll(cx) {
                return Poll::Ready(out);
            }
            if forwarding && self.poll_forward(cx).is_ready() {
                forwarding = false;
            }
            Poll::Pending
        })
        .await
    }

    /// Applies a change from the reader and answers it. `Err` only when the subscription
    /// could not follow its slot (the task then ends).
    async fn apply(&mut self, change: Change) -> Result<(), Error> {
        let Change {
            subscribe,
            channels,
            done,
        } = change;
        let had_channels = !self.channels.is_empty();
        // The wanted set changes first: whatever becomes of this request, subscribing again
        // subscribes to what the reader asked for.
        if subscribe {
            self.channels.extend(channels.iter().cloned());
            // Subscribing again before the end was handed on reopens the stream at once.
            self.end_due = false;
        } else if channels.is_empty() {
            self.channels.clear();
        } else {
            for channel in &channels {
                self.channels.remove(channel);
            }
        }
        let outcome = self.send(subscribe, channels).await;
        let nothing_left = self.channels.is_empty();
        // One end per time the last channel goes (a second close has nothing to end).
        self.end_due |= had_channels && nothing_left;
        self.shared.ended.store(nothing_left, Ordering::Relaxed);
        let _ = done.send(outcome.clone());
        match outcome {
            // Channels are wanted and could not be subscribed anywhere.
            Err(error) if !nothing_left => Err(error),
            _ => Ok(()),
        }
    }

    /// Sends a change to the node; when the node refuses it (MOVED: the slot moved) or
    /// does not answer, what it is subscribed to is unknown, so the wanted set is
    /// subscribed afresh where the slot is now.
    async fn send(&mut self, subscribe: bool, channels: Vec<Bytes>) -> Result<(), Error> {
        let Some(subscription) = &self.subscription else {
            // No connection (everything was unsubscribed): an unsubscribe has nothing to
            // do, a subscribe starts afresh.
            return match subscribe {
                true => self.resubscribe(false).await,
                false => Ok(()),
            };
        };
        let request = subscription.send_change(SubscriptionKind::Shard, subscribe, channels);
        match self.while_forwarding(request).await {
            Ok(_confirmations) => Ok(()),
            // Closing the connection unsubscribes too: the node forgets the subscriber.
            Err(error) if self.channels.is_empty() => {
                self.subscription = None;
                Err(error)
            }
            Err(_) => self.resubscribe(true).await,
        }
    }

    /// The node's stream ended while channels are wanted: the server dropped them or the
    /// connection is gone for good.
    async fn ended(&mut self) -> Result<(), Error> {
        if self.channels.is_empty() {
            self.end_due = true;
            return Ok(());
        }
        self.resubscribe(true).await
    }

    /// Subscribes again when the node is down or no longer owns the slot (per the map).
    async fn check(&mut self) -> Result<(), Error> {
        if self.channels.is_empty() {
            return Ok(());
        }
        let owner = self.inner.map().primary(self.slot).cloned();
        let up = self.subscription.as_ref().is_some_and(|s| !s.is_down());
        if up && owner.as_ref() == Some(&self.node) {
            return Ok(());
        }
        self.resubscribe(true).await
    }

    /// Refreshes the slot map and subscribes to the wanted channels on the slot's owner,
    /// retrying with backoff until the resubscribe timeout. `moved`: it follows the slot
    /// (counted in [`ShardSubscription::moves`](super::ShardSubscription::moves)), rather
    /// than subscribing again after everything was unsubscribed.
    async fn resubscribe(&mut self, moved: bool) -> Result<(), Error> {
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
                    self.subscription = Some(subscription);
                    *self.shared.node.lock().unwrap_or_else(|e| e.into_inner()) = node;
                    if moved {
                        self.shared.moves.fetch_add(1, Ordering::Relaxed);
                    }
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
