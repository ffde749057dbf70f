//! [`Request`]: the bytes of one request and how many replies, of what shape, answer it.

use bytes::{Bytes, BytesMut};

use super::pubsub::{self, SubscriptionKind};
use crate::placement::{bodies, refusal_of, Commands, Placements, Verdict};
use crate::{Batch, Cmd, Dispatch, Error, Placement, Release, ToArgs};

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
/// contiguously (so no other request's commands can land between them), the [`Shape`] of
/// the replies expected, and where its commands may run ([`Request::check_shared`],
/// [`Request::check_lease`]).
///
/// Replies are matched to requests by counting, so the bytes must hold exactly the commands
/// the shape counts: requests made from commands and pipelines do by construction, and those
/// made from raw frames ([`Request::encoded`], [`Request::pipeline`],
/// [`Request::transaction`]) are checked, so a miscounted or malformed one is refused before
/// it could hand one task's reply to another.
///
/// ```
/// use bytes::Bytes;
/// use resp_core::{Cmd, Request, Shape};
///
/// let single = Request::command(&Cmd::<i64>::new("INCR").arg("a"));
/// assert_eq!(single.shape(), Shape::Single);
///
/// let frames = Bytes::from_static(b"*2\r\n$3\r\nGET\r\n$1\r\na\r\n");
/// let tx = Request::transaction(&frames, 1)?;
/// assert!(tx.bytes().starts_with(b"*1\r\n$5\r\nMULTI\r\n"));
/// assert_eq!(tx.shape().reply_count(), 3);
///
/// // Two commands announced as one: refused, nothing is sent.
/// assert!(Request::pipeline(Bytes::from_static(b"*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n"), 1).is_err());
/// # Ok::<(), resp_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Request {
    bytes: Bytes,
    shape: Shape,
    verdict: Verdict,
}

/// Why raw frames are refused as a request.
const MALFORMED: &str = "the bytes are not whole RESP commands (each an array of one or more \
    bulk strings), so the server's replies could not be matched to the requests that asked";
const MISCOUNTED: &str = "the bytes hold a different number of commands than the request \
    announces, so the server's replies could not be matched to the requests that asked";

/// Where raw `frames` may run, checked to be exactly `commands` whole commands.
fn check_frames(frames: &[u8], commands: usize) -> Result<Verdict, Error> {
    let refused = |reason| Error::Refused {
        command: "a request of encoded frames".into(),
        reason,
    };
    let mut placements = Placements::default();
    let mut count = 0;
    for body in Commands::new(frames) {
        let body = body.map_err(|()| refused(MALFORMED))?;
        placements.note(Placement::of_body(body));
        count += 1;
    }
    if count == commands {
        Ok(placements.total().verdict())
    } else {
        Err(refused(MISCOUNTED))
    }
}

impl Request {
    /// A single command.
    pub fn command<T>(cmd: &Cmd<T>) -> Self {
        let mut bytes = BytesMut::new();
        cmd.encode(&mut bytes);
        Request {
            bytes: bytes.freeze(),
            shape: Shape::Single,
            verdict: cmd.placement().verdict(),
        }
    }

    /// A single command already encoded as one RESP frame.
    ///
    /// # Errors
    /// [`Error::Refused`] when `frame` is not exactly one whole command; nothing was sent.
    pub fn encoded(frame: Bytes) -> Result<Self, Error> {
        Ok(Request {
            verdict: check_frames(&frame, 1)?,
            bytes: frame,
            shape: Shape::Single,
        })
    }

    /// `commands` encoded commands sent back to back, each answered on its own.
    ///
    /// # Errors
    /// [`Error::Refused`] when `frames` is not exactly `commands` whole commands; nothing
    /// was sent.
    pub fn pipeline(frames: Bytes, commands: usize) -> Result<Self, Error> {
        let verdict = check_frames(&frames, commands)?;
        Ok(Request::trusted_pipeline(frames, commands, verdict))
    }

    /// A pipeline whose frames this crate wrote.
    pub(crate) fn trusted_pipeline(frames: Bytes, commands: usize, verdict: Verdict) -> Self {
        Request {
            bytes: frames,
            shape: Shape::Pipeline { commands },
            verdict,
        }
    }

    /// `commands` encoded commands wrapped in `MULTI` / `EXEC` (added here).
    ///
    /// # Errors
    /// [`Error::Refused`] when `frames` is not exactly `commands` whole commands; nothing
    /// was sent.
    pub fn transaction(frames: &[u8], commands: usize) -> Result<Self, Error> {
        let verdict = check_frames(frames, commands)?;
        Ok(Request::trusted_transaction(frames, commands, verdict))
    }

    fn trusted_transaction(frames: &[u8], commands: usize, verdict: Verdict) -> Self {
        let mut bytes = BytesMut::new();
        crate::batch::write_transaction(frames, &mut bytes);
        Request {
            bytes: bytes.freeze(),
            shape: Shape::Transaction { commands },
            verdict,
        }
    }

    /// A [`Batch`]'s commands: a transaction when it is atomic, else a plain pipeline.
    pub fn from_batch(pipeline: &Batch) -> Self {
        if pipeline.is_atomic() {
            Request::exec(pipeline)
        } else {
            Request::trusted_pipeline(
                Bytes::copy_from_slice(pipeline.frames()),
                pipeline.len(),
                pipeline.placed().total().verdict(),
            )
        }
    }

    /// A [`Batch`]'s commands in `MULTI` / `EXEC`, whether or not it is marked atomic (a
    /// transaction after `WATCH`).
    pub fn exec(pipeline: &Batch) -> Self {
        Request::trusted_transaction(
            pipeline.frames(),
            pipeline.len(),
            pipeline.placed().total().verdict(),
        )
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
    /// let tx = Request::transaction(&frames, 1)?.asking();
    /// assert!(tx.bytes().starts_with(b"*1\r\n$6\r\nASKING\r\n*1\r\n$5\r\nMULTI\r\n"));
    /// assert_eq!(tx.shape(), Shape::AskingTransaction { commands: 1 });
    /// assert_eq!(Request::command(&cmd("GET").arg("a")).asking().shape(), Shape::Pipeline { commands: 2 });
    /// # Ok::<(), resp_core::Error>(())
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
            Shape::PubSub { .. } => return self.clone(),
        };
        // ASKING is the client's own: where the request may run is where its commands may.
        Request {
            bytes: bytes.freeze(),
            shape,
            verdict: self.verdict,
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
            verdict: cmd.placement().verdict(),
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

    /// Checks the request before it goes on the shared multiplexed connection, as
    /// [`Cmd::check_shared`] does for one command.
    ///
    /// ```
    /// use resp_core::{cmd, Dispatch, Request};
    ///
    /// assert_eq!(Request::command(&cmd("GET").arg("k")).check_shared()?, Dispatch::Shared);
    /// assert!(Request::command(&cmd("MONITOR")).check_shared().is_err());
    /// # Ok::<(), resp_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Refused`] naming the first command that may not run there.
    pub fn check_shared(&self) -> Result<Dispatch, Error> {
        self.verdict
            .shared
            .ok_or_else(|| refusal_of(|| self.commands(), |p| p.shared.err()))
    }

    /// Checks the request before it goes on a leased connection, as [`Cmd::check_lease`]
    /// does for one command: what the lease must do when it ends.
    ///
    /// # Errors
    /// [`Error::Refused`] naming the first command that may not run there.
    pub fn check_lease(&self) -> Result<Release, Error> {
        self.verdict
            .lease
            .ok_or_else(|| refusal_of(|| self.commands(), |p| p.lease.err()))
    }

    /// The bodies of the request's own commands, without the `MULTI` / `EXEC` (and
    /// `ASKING`) around a transaction's.
    fn commands(&self) -> impl Iterator<Item = &[u8]> {
        let (skip, take) = match self.shape {
            Shape::Transaction { commands } => (1, commands),
            Shape::AskingTransaction { commands } => (2, commands),
            _ => (0, usize::MAX),
        };
        bodies(&self.bytes).skip(skip).take(take)
    }
}
