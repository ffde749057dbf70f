//! Pub/sub frames: telling subscription confirmations from published messages, in RESP3
//! pushes and in RESP2 subscriber-mode arrays, and remembering what a connection is
//! subscribed to so it can be restored on a new connection.

use std::collections::BTreeSet;

use bytes::Bytes;

use super::Request;
use crate::{Cmd, Error, FromValue, Value};

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
    /// The payload converted to `T` as a reply would be ([`FromValue`]): `String`, a
    /// number, `Vec<u8>`, [`Bytes`], [`Encoded`](crate::Encoded), ...
    ///
    /// ```
    /// use resp_core::{Message, Value};
    ///
    /// let frame = Value::Push(vec![
    ///     Value::BulkString("message".into()),
    ///     Value::BulkString("scores".into()),
    ///     Value::BulkString("42".into()),
    /// ]);
    /// let message = Message::from_frame(&frame).unwrap();
    /// assert_eq!(message.payload::<i64>()?, 42);
    /// assert_eq!(message.payload::<String>()?, "42");
    /// # Ok::<(), resp_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Type`] when the payload does not convert (not UTF-8 for `String`, not a
    /// number for `i64`).
    pub fn payload<T: FromValue>(&self) -> Result<T, Error> {
        T::from_value(Value::BulkString(self.payload.clone()))
    }

    /// The payload parsed as JSON (with the `serde` feature).
    ///
    /// # Errors
    /// [`Error::Codec`] when it is not JSON for `T`; its source is the `serde_json::Error`.
    #[cfg(feature = "serde")]
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        self.payload::<crate::Json<T>>().map(|json| json.0)
    }

    /// The channel's name as text (lossy for names that are not UTF-8).
    pub fn channel_name(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.channel)
    }

    /// Reads a `message`, `pmessage` or `smessage` frame (a RESP3 push or a RESP2
    /// subscriber-mode array); `None` for anything else.
    pub fn from_frame(value: &Value) -> Option<Message> {
        match classify(value, true)? {
            Frame::Message(message) => Some(message),
            Frame::Confirmation { .. } => None,
        }
    }
}

/// A subscription change the server confirmed (`subscribe`, `unsubscribe`, `psubscribe`,
/// ... frames), with how many subscriptions the connection has left.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SubscriptionConfirmation {
    /// What was (un)subscribed.
    pub kind: SubscriptionKind,
    /// Subscribed (`true`) or unsubscribed.
    pub subscribe: bool,
    /// The channel or pattern; `None` when unsubscribing from everything while subscribed
    /// to nothing.
    pub channel: Option<Bytes>,
    /// The number of subscriptions left, as the server counts them: channels and patterns
    /// together for [`SubscriptionKind::Channel`] and [`SubscriptionKind::Pattern`], shard
    /// channels for [`SubscriptionKind::Shard`].
    pub remaining: usize,
}

impl SubscriptionConfirmation {
    /// Reads a confirmation frame (a RESP3 push or a RESP2 array); `None` for anything else.
    pub fn from_frame(value: &Value) -> Option<Self> {
        let Frame::Confirmation {
            kind,
            subscribe,
            channel,
        } = classify(value, true)?
        else {
            return None;
        };
        let items = match value {
            Value::Push(items) | Value::Array(items) => items,
            _ => return None,
        };
        let remaining = match items.get(2)? {
            Value::Integer(n) => usize::try_from(*n).ok()?,
            _ => return None,
        };
        Some(SubscriptionConfirmation {
            kind,
            subscribe,
            channel,
            remaining,
        })
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
