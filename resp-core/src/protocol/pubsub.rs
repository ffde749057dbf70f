//! Pub/sub frames: telling subscription confirmations from published messages, in RESP3
//! pushes and in RESP2 subscriber-mode arrays, and remembering what a connection is
//! subscribed to so it can be restored on a new connection.

use std::collections::BTreeSet;

use bytes::Bytes;

use super::Request;
use crate::{Cmd, Value};

/// What a subscription listens to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SubscriptionKind {
    /// `SUBSCRIBE channel`
    Channel,
    /// `PSUBSCRIBE pattern`
    Pattern,
    /// `SSUBSCRIBE shardchannel`
    Shard,
}

impl SubscriptionKind {
    fn commands(self) -> (&'static str, &'static str) {
        match self {
            SubscriptionKind::Channel => ("SUBSCRIBE", "UNSUBSCRIBE"),
            SubscriptionKind::Pattern => ("PSUBSCRIBE", "PUNSUBSCRIBE"),
            SubscriptionKind::Shard => ("SSUBSCRIBE", "SUNSUBSCRIBE"),
        }
    }
}

/// A published message received by a subscription.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Message {
    /// How the subscription matched it.
    pub kind: SubscriptionKind,
    /// The channel it was published to.
    pub channel: Bytes,
    /// The pattern that matched, for [`SubscriptionKind::Pattern`].
    pub pattern: Option<Bytes>,
    /// The message itself.
    pub payload: Bytes,
}

impl Message {
    /// Reads a `message`, `pmessage` or `smessage` frame (a RESP3 push or a RESP2
    /// subscriber-mode array); `None` for anything else.
    pub fn from_frame(value: &Value) -> Option<Message> {
        match classify(value, true)? {
            Frame::Message(message) => Some(message),
            Frame::Confirmation { .. } => None,
        }
    }
}

/// A pub/sub frame.
#[derive(Debug)]
pub(crate) enum Frame {
    Confirmation {
        kind: SubscriptionKind,
        subscribe: bool,
        channel: Option<Bytes>,
    },
    Message(Message),
}

fn text(value: &Value) -> Option<&Bytes> {
    match value {
        Value::BulkString(b) | Value::SimpleString(b) => Some(b),
        _ => None,
    }
}

/// Classifies `value`; plain arrays count only when `arrays_are_pushes` (a RESP2 connection
/// in subscriber mode), since elsewhere an array is an ordinary reply.
pub(crate) fn classify(value: &Value, arrays_are_pushes: bool) -> Option<Frame> {
    let items = match value {
        Value::Push(items) => items,
        Value::Array(items) if arrays_are_pushes => items,
        _ => return None,
    };
    let (first, rest) = items.split_first()?;
    let name = text(first)?.to_ascii_lowercase();
    let confirmation = |kind, subscribe| {
        Some(Frame::Confirmation {
            kind,
            subscribe,
            channel: rest.first().and_then(text).cloned(),
        })
    };
    let message = |kind, pattern: Option<&Value>, channel: &Value, payload: &Value| {
        Some(Frame::Message(Message {
            kind,
            channel: text(channel)?.clone(),
            pattern: match pattern {
                Some(p) => Some(text(p)?.clone()),
                None => None,
            },
            payload: text(payload)?.clone(),
        }))
    };
    match (name.as_slice(), rest) {
        (b"subscribe", _) => confirmation(SubscriptionKind::Channel, true),
        (b"unsubscribe", _) => confirmation(SubscriptionKind::Channel, false),
        (b"psubscribe", _) => confirmation(SubscriptionKind::Pattern, true),
        (b"punsubscribe", _) => confirmation(SubscriptionKind::Pattern, false),
        (b"ssubscribe", _) => confirmation(SubscriptionKind::Shard, true),
        (b"sunsubscribe", _) => confirmation(SubscriptionKind::Shard, false),
        (b"message", [channel, payload]) => {
            message(SubscriptionKind::Channel, None, channel, payload)
        }
        (b"smessage", [channel, payload]) => {
            message(SubscriptionKind::Shard, None, channel, payload)
        }
        (b"pmessage", [pattern, channel, payload]) => {
            message(SubscriptionKind::Pattern, Some(pattern), channel, payload)
        }
        _ => None,
    }
}

/// What a connection is subscribed to, as confirmed by the server.
#[derive(Debug, Default, Clone)]
pub(crate) struct Subscriptions {
    channels: BTreeSet<Bytes>,
    patterns: BTreeSet<Bytes>,
    shards: BTreeSet<Bytes>,
}

impl Subscriptions {
    fn set(&mut self, kind: SubscriptionKind) -> &mut BTreeSet<Bytes> {
        match kind {
            SubscriptionKind::Channel => &mut self.channels,
            SubscriptionKind::Pattern => &mut self.patterns,
            SubscriptionKind::Shard => &mut self.shards,
        }
    }

    pub(crate) fn observe(
        &mut self,
        kind: SubscriptionKind,
        subscribe: bool,
        channel: &Option<Bytes>,
    ) {
        let Some(channel) = channel else { return };
        if subscribe {
            self.set(kind).insert(channel.clone());
        } else {
            self.set(kind).remove(channel);
        }
    }

    pub(crate) fn count(&mut self, kind: SubscriptionKind) -> usize {
        self.set(kind).len()
    }

    /// The requests that subscribe a fresh connection to the same things.
    pub(crate) fn restore_requests(&self) -> Vec<Request> {
        let mut requests = Vec::new();
        for (kind, set) in [
            (SubscriptionKind::Channel, &self.channels),
            (SubscriptionKind::Pattern, &self.patterns),
            (SubscriptionKind::Shard, &self.shards),
        ] {
            if !set.is_empty() {
                let mut cmd = Cmd::<Value>::new(kind.commands().0);
                for channel in set {
                    cmd = cmd.arg(&channel[..]);
                }
                requests.push(Request::pubsub(&cmd, kind, true));
            }
        }
        requests
    }
}

/// Builds the command for `kind` and direction with the given channels.
pub(crate) fn command(kind: SubscriptionKind, subscribe: bool) -> Cmd<Value> {
    let (on, off) = kind.commands();
    Cmd::new(if subscribe { on } else { off })
}
