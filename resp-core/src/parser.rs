//! [`Parser`]: the standalone facade over [`Decoder`] that owns its buffer.

use bytes::BytesMut;

use crate::{Decoder, Limits, ProtocolError, Value};

/// Turns chunks of a RESP byte stream into replies, keeping incomplete input for the next call.
///
/// This is the parser of the Python module cureds started from: feed it whatever the socket
/// gave, get back every reply that chunk completed, in order. It wraps a [`Decoder`] and a
/// buffer it owns; code that owns a [`BytesMut`] already can use the [`Decoder`] directly and
/// skip the copy of each chunk into the parser's buffer.
///
/// ```
/// use resp_core::{Parser, Value};
///
/// let mut parser = Parser::new();
/// let replies = parser.parse(b"*6\r\n$1\r\na\r\n$3\r\n100\r\n$1\r\nc\r\n$3\r\n101\r\n$1\r\nb\r\n$3\r\n110\r\n")?;
/// let bulk = |s: &'static str| Value::BulkString(s.into());
/// assert_eq!(
///     replies,
///     [Value::Array(vec![bulk("a"), bulk("100"), bulk("c"), bulk("101"), bulk("b"), bulk("110")])]
/// );
///
/// // A reply split across chunks comes out of the chunk that completes it.
/// assert_eq!(parser.parse(b"+O")?, []);
/// assert_eq!(parser.parse(b"K\r\n:1\r\n:2")?, [Value::SimpleString("OK".into()), Value::Integer(1)]);
/// assert_eq!(parser.parse(b"\r\n")?, [Value::Integer(2)]);
/// # Ok::<(), resp_core::ProtocolError>(())
/// ```
#[derive(Debug, Default)]
pub struct Parser {
    decoder: Decoder,
    buf: BytesMut,
}

impl Parser {
    /// A parser with [`Limits::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// A parser with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        Parser {
            decoder: Decoder::with_limits(limits),
            buf: BytesMut::new(),
        }
    }

    /// Appends `chunk` to the input and returns every reply it completed, in order.
    ///
    /// # Errors
    /// A [`ProtocolError`] when the input is not valid RESP or breaks a limit. The parser is then
    /// stopped: replies completed by the same chunk before the bad bytes are lost, and every later
    /// call returns the same error.
    pub fn parse(&mut self, chunk: &[u8]) -> Result<Vec<Value>, ProtocolError> {
        self.buf.extend_from_slice(chunk);
        let mut replies = Vec::new();
        while let Some(reply) = self.decoder.decode(&mut self.buf)? {
            replies.push(reply);
        }
        Ok(replies)
    }

    /// Whether input for a reply that is not complete yet is held.
    pub fn has_partial_reply(&self) -> bool {
        self.decoder.is_mid_reply() || !self.buf.is_empty()
    }
}
