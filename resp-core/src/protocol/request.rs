//! [`Request`]: the bytes of one request and how many replies, of what shape, answer it.

use bytes::{Bytes, BytesMut};

use super::pubsub::{self, SubscriptionKind};
use crate::{Batch, Cmd, ToArgs};

/// How the replies to a [`Request`] are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Shape {
    /// One command, one reply.
    Single,
    /// `commands` commands sent back to back, one reply each.
    Pipeline {
        /// How many commands (and replies).
        commands: usize,
    },
    /// `MULTI`, `commands` commands, `EXEC`: `+OK`, one `+QUEUED` per command, then EXEC's
    /// reply.
    Transaction {
        /// How many commands between `MULTI` and `EXEC`.
        commands: usize,
    },
    /// `ASKING`, then a transaction (`MULTI`, `commands` commands, `EXEC`) for a slot being
    /// imported by this node: ASKING's `+OK`, then as [`Shape::Transaction`]. The ASKING
    /// flag lasts until `EXEC`, so every queued command may use the importing slot.
    AskingTransaction {
        /// How many commands between `MULTI` and `EXEC`.
        commands: usize,
    },
    /// `SUBSCRIBE`-family command, answered by one confirmation per channel (pushes in
    /// RESP3); an unsubscribe from everything (`channels == 0`) gets one per current
    /// subscription, or one when there is none.
    PubSub {
        /// What is (un)subscribed.
        kind: SubscriptionKind,
        /// Subscribe or unsubscribe.
        subscribe: bool,
        /// How many channels or patterns the command names.
        channels: usize,
    },
}

impl Shape {
    /// How many replies the server sends for a request of this shape.
    pub fn reply_count(self) -> usize {
        match self {
            Shape::Single => 1,
            Shape::Pipeline { commands } => commands,
            Shape::Transaction { commands } => commands + 2,
            Shape::AskingTransaction { commands } => commands + 3,
            Shape::PubSub { channels, .. } => channels.max(1),
        }
    }
}

/// One request for a [`Connection`](super::Connection): encoded bytes that are written
/// contiguously (so no other request's commands can land between them) and the [`Shape`] of
/// the replies expected.
///
/// ```
/// use bytes::Bytes;
/// use resp_core::{Cmd, Request, Shape};
///
/// let single = Request::command(&Cmd::<i64>::new("INCR").arg("a"));
/// assert_eq!(single.shape(), Shape::Single);
///
/// let frames = Bytes::from_static(b"*2\r\n$3\r\nGET\r\n$1\r\na\r\n");
/// let tx = Request::transaction(&frames, 1);
/// assert!(tx.bytes().starts_with(b"*1\r\n$5\r\nMULTI\r\n"));
/// assert_eq!(tx.shape().reply_count(), 3);
/// ```
#[derive(Clone, Debug)]
pub struct Request {
    bytes: Bytes,
    shape: Shape,
}

impl Request {
    /// A single command.
    pub fn command<T>(cmd: &Cmd<T>) -> Self {
        let mut bytes = BytesMut::new();
        cmd.encode(&mut bytes);
        Request {
            bytes: bytes.freeze(),
            shape: Shape::Single,
        }
    }

    /// A single command already encoded as one RESP frame.
    pub fn encoded(frame: Bytes) -> Self {
        Request {
            bytes: frame,
            shape: Shape::Single,
        }
    }

    /// `commands` encoded commands sent back to back, each answered on its own.
    pub fn pipeline(frames: Bytes, commands: usize) -> Self {
        Request {
            bytes: frames,
            shape: Shape::Pipeline { commands },
        }
    }

    /// `commands` encoded commands wrapped in `MULTI` / `EXEC` (added here).
    pub fn transaction(frames: &[u8], commands: usize) -> Self {
        let mut bytes = BytesMut::new();
        crate::batch::write_transaction(frames, &mut bytes);
        Request {
            bytes: bytes.freeze(),
            shape: Shape::Transaction { commands },
        }
    }

    /// A [`Batch`]'s commands: a transaction when it is atomic, else a plain pipeline.
    pub fn from_batch(pipeline: &Batch) -> Self {
        if pipeline.is_atomic() {
            Request::transaction(pipeline.frames(), pipeline.len())
        } else {
            Request::pipeline(Bytes::copy_from_slice(pipeline.frames()), pipeline.len())
        }
    }

    /// The same request preceded by `ASKING`, for a cluster node importing the slot (after
    /// an `ASK` redirect). A transaction's replies are collected as without it (ASKING's
    /// `+OK` is checked and dropped; see [`Shape::AskingTransaction`]); a single command or
    /// a pipeline becomes a pipeline whose first reply is ASKING's.
    ///
    /// ```
    /// use bytes::Bytes;
    /// use resp_core::{cmd, Request, Shape};
    ///
    /// let frames = Bytes::from_static(b"*2\r\n$4\r\nINCR\r\n$1\r\na\r\n");
    /// let tx = Request::transaction(&frames, 1).asking();
    /// assert!(tx.bytes().starts_with(b"*1\r\n$6\r\nASKING\r\n*1\r\n$5\r\nMULTI\r\n"));
    /// assert_eq!(tx.shape(), Shape::AskingTransaction { commands: 1 });
    /// assert_eq!(Request::command(&cmd("GET").arg("a")).asking().shape(), Shape::Pipeline { commands: 2 });
    /// ```
    pub fn asking(&self) -> Request {
        let mut bytes = BytesMut::with_capacity(16 + self.bytes.len());
        bytes.extend_from_slice(b"*1\r\n$6\r\nASKING\r\n");
        bytes.extend_from_slice(&self.bytes);
        let shape = match self.shape {
            Shape::Transaction { commands } | Shape::AskingTransaction { commands } => {
                Shape::AskingTransaction { commands }
            }
            Shape::Single => Shape::Pipeline { commands: 2 },
            Shape::Pipeline { commands } => Shape::Pipeline {
                commands: commands + 1,
            },
            // Pub/sub connections are not redirected; keep the shape.
            shape @ Shape::PubSub { .. } => {
                return Request {
                    bytes: self.bytes.clone(),
                    shape,
                }
            }
        };
        Request {
            bytes: bytes.freeze(),
            shape,
        }
    }

    /// `SUBSCRIBE` / `PSUBSCRIBE` / `SSUBSCRIBE` (or their `UN` forms when `subscribe` is
    /// false) with the given channels or patterns; it completes once the server confirmed
    /// each. Only for a connection in subscriber mode
    /// ([`Connection::set_subscriber`](super::Connection::set_subscriber)).
    pub fn subscription(kind: SubscriptionKind, subscribe: bool, channels: impl ToArgs) -> Self {
        Request::pubsub(
            &pubsub::command(kind, subscribe).arg(channels),
            kind,
            subscribe,
        )
    }

    pub(crate) fn pubsub<T>(cmd: &Cmd<T>, kind: SubscriptionKind, subscribe: bool) -> Self {
        let mut bytes = BytesMut::new();
        cmd.encode(&mut bytes);
        Request {
            bytes: bytes.freeze(),
            shape: Shape::PubSub {
                kind,
                subscribe,
                channels: cmd.argc().saturating_sub(1),
            },
        }
    }

    /// The bytes written for this request.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// How the replies are grouped.
    pub fn shape(&self) -> Shape {
        self.shape
    }
}
