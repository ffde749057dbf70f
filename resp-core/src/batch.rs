//! [`Batch`]: many commands encoded as one request, atomic (MULTI/EXEC) by default; the
//! clients' `Pipeline` is a `Batch` bound to the client that sends it.

use bytes::BytesMut;

use crate::placement::Placements;
use crate::{Cmd, Error, PipelineCommands};

/// Commands queued to be written in one go and answered together.
///
/// Like redis-py's and the original module's pipelines, a new pipeline is atomic: it is sent
/// wrapped in `MULTI` / `EXEC`, so no other client's command runs between its commands, and its
/// result is `EXEC`'s array. [`Batch::non_atomic`] sends the commands as they are.
///
/// The pipeline only encodes; a client sends [`Batch::encode`]'s bytes and expects
/// [`Batch::reply_count`] replies.
///
/// ```
/// use bytes::BytesMut;
/// use resp_core::{Batch, PipelineCommands};
///
/// let mut pipe = Batch::new();
/// pipe.get("a").incr("a");
/// let mut out = BytesMut::new();
/// pipe.encode(&mut out);
/// assert_eq!(
///     &out[..],
///     b"*1\r\n$5\r\nMULTI\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\n\
///       *2\r\n$4\r\nINCR\r\n$1\r\na\r\n*1\r\n$4\r\nEXEC\r\n"
/// );
/// assert_eq!(pipe.reply_count(), 4);
/// ```
#[derive(Clone, Debug)]
pub struct Batch {
    frames: BytesMut,
    len: usize,
    atomic: bool,
    /// Where the queued commands may run, noted as each is queued.
    placed: Placements,
    failure: Option<Box<Error>>,
}

const MULTI: &[u8] = b"*1\r\n$5\r\nMULTI\r\n";
const EXEC: &[u8] = b"*1\r\n$4\r\nEXEC\r\n";

/// Appends encoded `frames` wrapped in `MULTI` / `EXEC` to `out`: the one place a
/// transaction is framed (pipelines, requests and [`pack_pipeline`](crate::pack_pipeline)).
pub(crate) fn write_transaction(frames: &[u8], out: &mut BytesMut) {
    out.reserve(MULTI.len() + frames.len() + EXEC.len());
    out.extend_from_slice(MULTI);
    out.extend_from_slice(frames);
    out.extend_from_slice(EXEC);
}

impl Default for Batch {
    fn default() -> Self {
        Self::new()
    }
}

impl Batch {
    /// An empty atomic pipeline (sent inside `MULTI` / `EXEC`).
    pub fn new() -> Self {
        Batch {
            frames: BytesMut::new(),
            len: 0,
            atomic: true,
            placed: Placements::default(),
            failure: None,
        }
    }

    /// An empty pipeline whose commands are sent as they are, without a transaction: other
    /// clients' commands may run between them, and one command's error does not stop the rest.
    pub fn non_atomic() -> Self {
        Batch {
            atomic: false,
            ..Self::new()
        }
    }

    /// Chooses whether the pipeline is sent inside `MULTI` / `EXEC`.
    pub fn atomic(&mut self, atomic: bool) -> &mut Self {
        self.atomic = atomic;
        self
    }

    /// Whether the pipeline is sent inside `MULTI` / `EXEC`.
    pub fn is_atomic(&self) -> bool {
        self.atomic
    }

    /// The number of queued commands.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no command is queued.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether a queued command is blocking (BLPOP, XREAD BLOCK, WAIT, ...): such a pipeline
    /// must run on a connection of its own, as the command itself would.
    pub fn has_blocking(&self) -> bool {
        self.placed.has_blocking()
    }

    /// Where the queued commands may run ([`Batch::check_shared`], [`Batch::check_lease`]).
    pub(crate) fn placed(&self) -> &Placements {
        &self.placed
    }

    /// The queued commands' frames, without `MULTI` / `EXEC`.
    pub fn frames(&self) -> &[u8] {
        &self.frames
    }

    /// Appends the whole request to `out`: the queued frames, inside `MULTI` / `EXEC` when
    /// atomic.
    pub fn encode(&self, out: &mut BytesMut) {
        if self.atomic {
            write_transaction(&self.frames, out);
        } else {
            out.extend_from_slice(&self.frames);
        }
    }

    /// How many replies the server sends for [`Batch::encode`]'s bytes: one per command,
    /// or, when atomic, `+OK` for MULTI, `+QUEUED` per command and EXEC's array.
    pub fn reply_count(&self) -> usize {
        if self.atomic {
            self.len + 2
        } else {
            self.len
        }
    }

    /// Removes every queued command, keeping the buffer and the atomic setting.
    pub fn clear(&mut self) {
        self.frames.clear();
        self.len = 0;
        self.placed = Placements::default();
        self.failure = None;
    }

    /// The first queued command whose arguments could not be encoded ([`Cmd::failure`]):
    /// such a pipeline is not sent, and sending it ends with this error.
    pub fn failure(&self) -> Option<&Error> {
        self.failure.as_deref()
    }
}

impl PipelineCommands for Batch {
    fn push<T>(&mut self, cmd: Cmd<T>) -> &mut Self {
        if let (None, Some(error)) = (&self.failure, cmd.failure()) {
            self.failure = Some(Box::new(error.clone()));
        }
        cmd.encode(&mut self.frames);
        self.len += 1;
        self.placed.note(cmd.placement());
        self
    }
}
