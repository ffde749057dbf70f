//! Errors: [`Error`] for everything a caller sees, [`ProtocolError`] for bytes that are not RESP,
//! and [`ServerError`] for error replies, parsed into a kind a caller can act on.

use std::fmt;
use std::io;
use std::sync::Arc;

use bytes::Bytes;

pub use lasting::Lasting;

mod lasting;

/// Everything that can go wrong with a request.
///
/// Each variant says whether the command may have run; [`Error::may_have_run`] gives the
/// answer as a method, with the full table. [`Error::is_timeout`],
/// [`Error::is_connection_refused`] and [`Error::is_io`] group variants a caller often treats
/// alike.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server's bytes are not valid RESP. The connection cannot be trusted after this.
    Protocol(ProtocolError),
    /// The server answered with an error reply.
    Server(ServerError),
    /// A reply could not be converted into the requested Rust type.
    Type(TypeError),
    /// Connecting, reading or writing failed.
    Io(Arc<io::Error>),
    /// The connection was lost after the request was written and before its reply arrived:
    /// the command may or may not have run on the server.
    ConnectionLost,
    /// No reply arrived within the response timeout; the command may or may not have run.
    Timeout,
    /// The client was closed (all its handles dropped, or its driver stopped).
    ClientClosed,
    /// The connection URL or configuration is invalid; the text says what is wrong.
    Config(String),
    /// `EXECABORT`: the server discarded a transaction because the command at `position`
    /// (counted from 0 after `MULTI`) was refused when queued; none of its commands ran.
    ExecAbort {
        /// The refused command's position in the transaction.
        position: usize,
        /// The error the server gave for it.
        cause: ServerError,
    },
    /// `EXEC` answered null: a `WATCH`ed key changed, and none of the commands ran.
    WatchAborted,
    /// Connecting (TCP or unix connect plus the handshake) did not finish within the connect
    /// timeout. The command was not sent. Unlike [`Error::Timeout`], nothing ran.
    ConnectTimeout,
    /// The command was not sent because the connection is down and reconnecting keeps
    /// failing, for the reason in `last_error` (e.g. `WRONGPASS` after a password change, `ERR
    /// max number of clients reached`, a refused TCP connect, [`Error::ConnectTimeout`]).
    /// A reason waiting will not clear ([`Error::lasting`]) ends requests at once; any other
    /// after [`Config::reconnect_wait`](crate::Config::reconnect_wait).
    ConnectionDown {
        /// Why the last attempt to connect failed.
        last_error: Box<Error>,
    },
    /// The connection was lost before the command was written: it was not sent and did not
    /// run (unlike [`Error::ConnectionLost`], where it may have run).
    LostBeforeSending,
    /// The command was not sent: it may not run on this kind of connection (see
    /// [`crate::Placement`]), e.g. `SELECT` or `SUBSCRIBE` on the shared connection.
    Refused {
        /// The command's name (with the subcommand for `CLIENT`), never its arguments.
        command: String,
        /// Why, and where the command belongs instead.
        reason: &'static str,
    },
    /// The command was not sent: its keys hash to different cluster slots and it must run
    /// on one node (a transaction, a WATCH, a command the cluster client cannot split).
    /// Keys that share a `{hash tag}` share a slot.
    CrossSlot {
        /// The command's name (`MULTI` for an atomic pipeline).
        command: String,
        /// The distinct slots, in the order the keys named them.
        slots: Vec<u16>,
    },
    /// TLS failed: the server's certificate was rejected, or the server refused ours.
    /// Nothing was sent.
    Tls(crate::TlsError),
    /// A Sentinel-backed connection found no usable node (see [`crate::SentinelError`]).
    /// Nothing was sent to a data node.
    Sentinel(crate::SentinelError),
    /// A value could not be encoded into an argument, or a reply decoded into a value, by a
    /// codec such as JSON (see [`crate::Codec`]); [`std::error::Error::source`] is the
    /// codec's own error (e.g. a `serde_json::Error`). An argument that failed to encode is
    /// never sent: the command ends with this error and did not run.
    Codec {
        /// The format, e.g. `"JSON"`.
        format: &'static str,
        /// Whether encoding an argument or decoding a reply failed.
        direction: CodecDirection,
        /// The codec's error.
        source: Arc<dyn std::error::Error + Send + Sync>,
    },
    /// A SCAN across a cluster's primaries stopped because one node's page failed (the node
    /// died, was failed over, or refused). A SCAN cursor means something to its node only,
    /// so the walk cannot go on elsewhere: the keys yielded so far are good, the rest of
    /// `node`'s keys and those of the nodes after it were not visited. Scan again.
    ScanInterrupted {
        /// The node whose page failed (`host:port`).
        node: String,
        /// The cursor that was being fetched from it (0: its first page).
        cursor: u64,
        /// How many primaries had been walked to the end before it.
        nodes_done: usize,
        /// How many primaries the scan set out to walk.
        nodes_total: usize,
        /// Why the page failed.
        source: Box<Error>,
    },
}

/// Which way a [`Error::Codec`] failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodecDirection {
    /// Turning a value into an argument: the command was not sent.
    Encode,
    /// Turning a reply into a value: the command ran.
    Decode,
}

impl Error {
    /// An [`Error::Codec`] for a value that `format` could not encode into an argument.
    pub fn encode(
        format: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Error::Codec {
            format,
            direction: CodecDirection::Encode,
            source: Arc::from(source.into()),
        }
    }

    /// An [`Error::Codec`] for a reply that `format` could not decode.
    pub fn decode(
        format: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Error::Codec {
            format,
            direction: CodecDirection::Decode,
            source: Arc::from(source.into()),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Protocol(e) => write!(f, "protocol error: {e}"),
            Error::Server(e) => write!(f, "server error: {e}"),
            Error::Type(e) => write!(f, "{e}"),
            Error::Io(e) => write!(f, "I/O error: {e}"),
            Error::ConnectionLost => {
                f.write_str("connection lost before the reply arrived; the command may have run")
            }
            Error::Timeout => f.write_str("no reply within the timeout; the command may have run"),
            Error::ClientClosed => f.write_str("the client is closed"),
            Error::Config(msg) => write!(f, "invalid configuration: {msg}"),
            Error::ExecAbort { position, cause } => write!(
                f,
                "transaction discarded (EXECABORT): command {position} was refused: {cause}"
            ),
            Error::WatchAborted => {
                f.write_str("transaction aborted: a watched key changed; nothing ran")
            }
            Error::Refused { command, reason } => {
                write!(f, "{command} was not sent: {reason}")
            }
            Error::ConnectTimeout => f.write_str(
                "could not connect within the connect timeout; the command was not sent",
            ),
            Error::ConnectionDown { last_error } => {
                write!(f, "not sent; the connection is down: {last_error}")
            }
            Error::LostBeforeSending => f.write_str(
                "connection lost before the command was written; it was not sent and did not run",
            ),
            Error::CrossSlot { command, slots } => write!(
                f,
                "{command} was not sent: its keys hash to cluster slots {slots:?}, which may \
                 live on different nodes; give the keys a common {{hash tag}} (e.g. \
                 {{user1}}:a and {{user1}}:b) to keep them in one slot"
            ),
            Error::Tls(e) => write!(f, "{e}"),
            Error::Sentinel(e) => write!(f, "{e}"),
            Error::Codec {
                format,
                direction: CodecDirection::Encode,
                source,
            } => write!(
                f,
                "could not encode an argument as {format} (the command was not sent): {source}"
            ),
            Error::Codec {
                format,
                direction: CodecDirection::Decode,
                source,
            } => write!(f, "could not decode the reply as {format}: {source}"),
            Error::ScanInterrupted {
                node,
                cursor,
                nodes_done,
                nodes_total,
                source,
            } => write!(
                f,
                "cluster SCAN interrupted at node {node} (cursor {cursor}, {nodes_done} of \
                 {nodes_total} primaries done); its cursor cannot continue on another node, \
                 scan again: {source}"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Protocol(e) => Some(e),
            Error::Server(e) => Some(e),
            Error::Type(e) => Some(e),
            Error::Io(e) => Some(&**e),
            Error::ExecAbort { cause, .. } => Some(cause),
            Error::ConnectionDown { last_error } => Some(&**last_error),
            Error::Tls(e) => Some(e),
            Error::Sentinel(e) => Some(e),
            Error::Codec { source, .. } => Some(&**source),
            Error::ScanInterrupted { source, .. } => Some(&**source),
            _ => None,
        }
    }
}

impl From<ProtocolError> for Error {
    fn from(e: ProtocolError) -> Self {
        Error::Protocol(e)
    }
}

impl From<ServerError> for Error {
    fn from(e: ServerError) -> Self {
        Error::Server(e)
    }
}

impl From<TypeError> for Error {
    fn from(e: TypeError) -> Self {
        Error::Type(e)
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(Arc::new(e))
    }
}

impl Error {
    /// The server error, if this is one.
    ///
    /// ```
    /// use resp_core::{Error, ServerError};
    ///
    /// let e = Error::Server(ServerError::parse(b"WRONGTYPE Operation against a key holding the wrong kind of value"));
    /// assert!(e.server_error().unwrap().message().starts_with("Operation against"));
    /// ```
    pub fn server_error(&self) -> Option<&ServerError> {
        match self {
            Error::Server(e) => Some(e),
            _ => None,
        }
    }

    /// The kind of the server's error reply, if this is one: the short way to act on
    /// `BUSYGROUP`, `NOSCRIPT`, `READONLY`, `LOADING` and the rest of [`ServerErrorKind`].
    ///
    /// ```
    /// use resp_core::{Error, ServerError, ServerErrorKind};
    ///
    /// let e = Error::Server(ServerError::parse(b"BUSYGROUP Consumer Group name already exists"));
    /// match e.server_kind() {
    ///     Some(ServerErrorKind::BusyGroup) => {} // the group is there already: fine
    ///     _ => return Err(e),
    /// }
    /// # Ok::<(), Error>(())
    /// ```
    pub fn server_kind(&self) -> Option<&ServerErrorKind> {
        self.server_error().map(ServerError::kind)
    }

    /// Whether the command may have run on the server: `false` only when the client knows it
    /// did not (it was never written, or the server discarded it), so sending it again cannot
    /// run it twice.
    ///
    /// | variant | may have run | why |
    /// |---|---|---|
    /// | `ConnectionLost`, `Timeout`, `Io`, `Protocol` | yes | written, outcome unknown |
    /// | `Server` | yes | the server took it; a script (EVAL, FCALL) can fail after some writes |
    /// | `Type` | yes | it ran; only the reply's conversion failed |
    /// | `ClientClosed` | yes | the client cannot tell how far it got |
    /// | `ConnectTimeout`, `ConnectionDown`, `LostBeforeSending`, `Refused`, `CrossSlot`, `Config`, `Tls`, `Sentinel` | no | never written |
    /// | `WatchAborted`, `ExecAbort` | no | the server discarded the transaction |
    /// | `Codec` encoding an argument | no | never written |
    /// | `Codec` decoding a reply | yes | it ran; only the reply's decoding failed |
    /// | `ScanInterrupted` | as its `source` | a read-only SCAN page failed |
    ///
    /// ```
    /// use resp_core::Error;
    ///
    /// assert!(!Error::LostBeforeSending.may_have_run()); // safe to send again
    /// assert!(Error::ConnectionLost.may_have_run());     // INCR might count twice
    /// ```
    pub fn may_have_run(&self) -> bool {
        match self {
            Error::ConnectionLost
            | Error::Timeout
            | Error::Io(_)
            | Error::Protocol(_)
            | Error::Server(_)
            | Error::Type(_)
            | Error::ClientClosed => true,
            Error::ConnectTimeout
            | Error::ConnectionDown { .. }
            | Error::LostBeforeSending
            | Error::Refused { .. }
            | Error::CrossSlot { .. }
            | Error::Config(_)
            | Error::Tls(_)
            | Error::Sentinel(_)
            | Error::WatchAborted
            | Error::ExecAbort { .. } => false,
            Error::Codec { direction, .. } => *direction == CodecDirection::Decode,
            Error::ScanInterrupted { source, .. } => source.may_have_run(),
        }
    }

    /// Whether a wait ran out: [`Error::Timeout`] (no reply in time), [`Error::ConnectTimeout`],
    /// or [`Error::ConnectionDown`] because its last connect attempt timed out.
    ///
    /// To tell the two apart, match the variant: [`Error::ConnectTimeout`] means connecting
    /// (TCP or unix connect plus the handshake: `HELLO`, `AUTH`, `SELECT`) took longer than
    /// [`Config::connect_timeout`](crate::Config::connect_timeout) and nothing was sent;
    /// [`Error::Timeout`] means the command was sent and its reply did not come within
    /// [`Config::response_timeout`](crate::Config::response_timeout), so it may have run.
    ///
    /// ```
    /// use resp_core::Error;
    ///
    /// fn retry_is_safe(e: &Error) -> bool {
    ///     match e {
    ///         Error::ConnectTimeout => true, // the handshake timed out: nothing was sent
    ///         Error::Timeout => false,       // the reply timed out: it may have run
    ///         other => !other.may_have_run(),
    ///     }
    /// }
    /// assert!(Error::ConnectTimeout.is_timeout() && Error::Timeout.is_timeout());
    /// assert!(retry_is_safe(&Error::ConnectTimeout) && !retry_is_safe(&Error::Timeout));
    /// ```
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout | Error::ConnectTimeout => true,
            Error::ConnectionDown { last_error } => last_error.is_timeout(),
            _ => false,
        }
    }

    /// Whether the server refused the TCP connection (nothing listens there): an
    /// [`Error::Io`] of kind [`io::ErrorKind::ConnectionRefused`], directly or as the last
    /// error of [`Error::ConnectionDown`].
    ///
    /// ```
    /// use std::io;
    /// use resp_core::Error;
    ///
    /// let refused = Error::from(io::Error::from(io::ErrorKind::ConnectionRefused));
    /// assert!(refused.is_connection_refused() && refused.is_io());
    /// let down = Error::ConnectionDown { last_error: Box::new(refused) };
    /// assert!(down.is_connection_refused() && !down.may_have_run());
    /// ```
    pub fn is_connection_refused(&self) -> bool {
        match self {
            Error::Io(e) => e.kind() == io::ErrorKind::ConnectionRefused,
            Error::ConnectionDown { last_error } => last_error.is_connection_refused(),
            _ => false,
        }
    }

    /// Whether an I/O operation failed: [`Error::Io`], directly or as the last error of
    /// [`Error::ConnectionDown`]. ([`Error::ConnectionLost`] is not counted: it says what the
    /// loss means for the command, whatever caused it.)
    ///
    /// ```
    /// use std::io;
    /// use resp_core::Error;
    ///
    /// assert!(Error::from(io::Error::from(io::ErrorKind::BrokenPipe)).is_io());
    /// assert!(!Error::ConnectionLost.is_io());
    /// ```
    pub fn is_io(&self) -> bool {
        match self {
            Error::Io(_) => true,
            Error::ConnectionDown { last_error } => last_error.is_io(),
            _ => false,
        }
    }
}

/// Bytes from the server that are not valid RESP, or that break a configured limit.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProtocolError {
    /// Offset in the connection's byte stream of the byte where decoding failed.
    pub offset: u64,
    /// What was wrong there.
    pub kind: ProtocolErrorKind,
}

/// What was wrong with the bytes a [`ProtocolError`] points at.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProtocolErrorKind {
    /// A byte other than the ones the grammar allows here.
    UnexpectedByte {
        /// What the grammar allows here, e.g. `"a type byte"` or `"\\r\\n"`.
        expected: &'static str,
        /// The byte that was found.
        found: u8,
    },
    /// A length, integer, double or boolean that does not parse.
    InvalidNumber {
        /// What kind of number was expected.
        expected: &'static str,
    },
    /// A bulk string longer than the limit ([`crate::Limits::max_bulk_len`]).
    BulkTooLong {
        /// The declared length.
        len: u64,
        /// The configured limit.
        limit: u64,
    },
    /// An aggregate with more elements than the limit ([`crate::Limits::max_elements`]).
    TooManyElements {
        /// The declared element count.
        len: u64,
        /// The configured limit.
        limit: u64,
    },
    /// Aggregates nested deeper than the limit ([`crate::Limits::max_depth`]).
    TooDeep {
        /// The configured limit.
        limit: usize,
    },
    /// A simple line longer than the limit ([`crate::Limits::max_line_len`]).
    LineTooLong {
        /// The configured limit.
        limit: usize,
    },
    /// A reply under way holds more memory than the limit
    /// ([`crate::Limits::max_reply_memory`]): an aggregate whose elements keep coming.
    ReplyTooLarge {
        /// The configured limit, in bytes.
        limit: u64,
    },
    /// A reply that is valid RESP but not what the connection's state allows
    /// (for example a reply when no request is waiting).
    Unexpected(&'static str),
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ProtocolErrorKind::UnexpectedByte { expected, found } => write!(
                f,
                "expected {expected}, found byte 0x{found:02x} ({:?})",
                char::from(*found)
            )?,
            ProtocolErrorKind::InvalidNumber { expected } => write!(f, "invalid {expected}")?,
            ProtocolErrorKind::BulkTooLong { len, limit } => {
                write!(f, "bulk length {len} exceeds the limit of {limit}")?
            }
            ProtocolErrorKind::TooManyElements { len, limit } => write!(
                f,
                "aggregate of {len} elements exceeds the limit of {limit}"
            )?,
            ProtocolErrorKind::TooDeep { limit } => {
                write!(f, "nesting deeper than the limit of {limit}")?
            }
            ProtocolErrorKind::LineTooLong { limit } => {
                write!(f, "line longer than the limit of {limit} bytes")?
            }
            ProtocolErrorKind::ReplyTooLarge { limit } => write!(
                f,
                "reply holds more than the limit of {limit} bytes of memory before it is complete"
            )?,
            ProtocolErrorKind::Unexpected(what) => write!(f, "unexpected {what}")?,
        }
        write!(f, " at byte offset {}", self.offset)
    }
}

impl std::error::Error for ProtocolError {}

/// A reply that does not fit the Rust type it was asked to become.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeError {
    /// The Rust-side shape that was wanted, e.g. `"integer"` or `"UTF-8 string"`.
    pub expected: &'static str,
    /// What the reply held, e.g. `"bulk string"` (see [`crate::Value::kind`]), possibly with detail.
    pub received: String,
}

impl TypeError {
    /// A mismatch between `expected` and the value that was received.
    pub fn new(expected: &'static str, received: &crate::Value) -> Self {
        TypeError {
            expected,
            received: received.kind().to_owned(),
        }
    }
}

impl fmt::Display for TypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "reply type mismatch: expected {}, received {}",
            self.expected, self.received
        )
    }
}

impl std::error::Error for TypeError {}

/// An error reply from the server, split into its kind (the first word) and message.
///
/// ```
/// use resp_core::{ServerError, ServerErrorKind};
///
/// let e = ServerError::parse(b"MOVED 3999 127.0.0.1:6381");
/// assert_eq!(e.kind(), &ServerErrorKind::Moved { slot: 3999, address: "127.0.0.1:6381".into() });
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerError {
    kind: ServerErrorKind,
    line: Bytes,
}

/// The kind of a [`ServerError`]: its first word, with redirections parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerErrorKind {
    /// `ERR`: the generic error.
    Err,
    /// `WRONGTYPE`: the key holds another type.
    WrongType,
    /// `NOSCRIPT`: EVALSHA of a script the server does not have.
    NoScript,
    /// `MOVED slot host:port` (cluster).
    Moved {
        /// The hash slot.
        slot: u16,
        /// The node that owns it.
        address: String,
    },
    /// `ASK slot host:port` (cluster, during migration).
    Ask {
        /// The hash slot.
        slot: u16,
        /// The node to ask.
        address: String,
    },
    /// `BUSY`: a script or function is running.
    Busy,
    /// `BUSYGROUP`: `XGROUP CREATE` of a consumer group that already exists.
    BusyGroup,
    /// `NOGROUP`: the stream or its consumer group does not exist.
    NoGroup,
    /// `LOADING`: the server is loading its dataset.
    Loading,
    /// `EXECABORT`: the transaction was discarded because a queued command failed.
    ExecAbort,
    /// `NOAUTH`: authentication is required.
    NoAuth,
    /// `WRONGPASS`: bad user name or password.
    WrongPass,
    /// `NOPERM`: the ACL user may not run this command or touch this key.
    NoPerm,
    /// `READONLY`: a write against a read-only replica.
    ReadOnly,
    /// `TRYAGAIN` (cluster).
    TryAgain,
    /// `CLUSTERDOWN`
    ClusterDown,
    /// `CROSSSLOT`
    CrossSlot,
    /// `MASTERDOWN`
    MasterDown,
    /// `NOREPLICAS`
    NoReplicas,
    /// `OOM`: the server is out of memory.
    OutOfMemory,
    /// Any other first word, kept as sent.
    Other(String),
}

impl ServerError {
    /// Parses an error line as the server sent it (without the leading `-` and trailing CRLF).
    pub fn parse(line: &[u8]) -> Self {
        let line = Bytes::copy_from_slice(line);
        Self::from_bytes(line)
    }

    /// Like [`ServerError::parse`], keeping the given buffer.
    pub fn from_bytes(line: Bytes) -> Self {
        let text = String::from_utf8_lossy(&line);
        let mut words = text.split(' ');
        let code = words.next().unwrap_or("");
        let kind = match code {
            "ERR" => ServerErrorKind::Err,
            "WRONGTYPE" => ServerErrorKind::WrongType,
            "NOSCRIPT" => ServerErrorKind::NoScript,
            "MOVED" | "ASK" => match parse_redirect(words.next(), words.next()) {
                Some((slot, address)) if code == "MOVED" => {
                    ServerErrorKind::Moved { slot, address }
                }
                Some((slot, address)) => ServerErrorKind::Ask { slot, address },
                None => ServerErrorKind::Other(code.to_owned()),
            },
            "BUSY" => ServerErrorKind::Busy,
            "BUSYGROUP" => ServerErrorKind::BusyGroup,
            "NOGROUP" => ServerErrorKind::NoGroup,
            "LOADING" => ServerErrorKind::Loading,
            "EXECABORT" => ServerErrorKind::ExecAbort,
            "NOAUTH" => ServerErrorKind::NoAuth,
            "WRONGPASS" => ServerErrorKind::WrongPass,
            "NOPERM" => ServerErrorKind::NoPerm,
            "READONLY" => ServerErrorKind::ReadOnly,
            "TRYAGAIN" => ServerErrorKind::TryAgain,
            "CLUSTERDOWN" => ServerErrorKind::ClusterDown,
            "CROSSSLOT" => ServerErrorKind::CrossSlot,
            "MASTERDOWN" => ServerErrorKind::MasterDown,
            "NOREPLICAS" => ServerErrorKind::NoReplicas,
            "OOM" => ServerErrorKind::OutOfMemory,
            other => ServerErrorKind::Other(other.to_owned()),
        };
        ServerError { kind, line }
    }

    /// The parsed kind.
    pub fn kind(&self) -> &ServerErrorKind {
        &self.kind
    }

    /// The whole line as the server sent it, e.g. `"ERR unknown command 'FOO'"`.
    pub fn line(&self) -> &[u8] {
        &self.line
    }

    /// The message after the first word (the whole line when it has a single word).
    pub fn message(&self) -> String {
        let text = String::from_utf8_lossy(&self.line);
        match text.split_once(' ') {
            Some((_, rest)) => rest.to_owned(),
            None => text.into_owned(),
        }
    }
}

fn parse_redirect(slot: Option<&str>, address: Option<&str>) -> Option<(u16, String)> {
    Some((slot?.parse().ok()?, address?.to_owned()))
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.line))
    }
}

impl std::error::Error for ServerError {}

#[cfg(test)]
mod tests;
