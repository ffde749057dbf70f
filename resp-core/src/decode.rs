//! The incremental, iterative RESP2/RESP3 decoder.
//!
//! [`Decoder::decode`] takes bytes off the front of the caller's buffer as it recognises them:
//! complete scalars are split off (bulk data as zero-copy [`Bytes`] slices), and partly built
//! aggregates wait on an explicit stack in the decoder. So when a reply arrives in many chunks,
//! every byte is examined once, and nesting costs heap, never call stack.
//!
//! # Grammar
//! Every RESP2 and RESP3 type is accepted, anywhere a value may stand:
//! - text lines `+` (simple string), `-` (error), `(` (big number: optional sign and digits),
//!   `,` (double: optional sign, then `inf`, `nan` or a decimal with optional fraction and
//!   exponent): the text runs to the first `\r`, which must be followed by `\n`;
//! - `:` integers with an optional sign, and lengths: at most 19 digits;
//! - `$` (`-1` is null, `?` starts a streamed string of `;` chunks ended by `;0`), `!` bulk
//!   error, `=` verbatim string (`xxx:` format prefix required);
//! - `*` (`-1` is null), `~`, `%` (`?` streams them, ended by `.`), `>` push, `|` attribute:
//!   a map that attaches to the value that follows it, giving [`Value::Attribute`] (callers
//!   that do not want attributes skip them with [`Value::without_attributes`]);
//! - `_` null, `#t` / `#f`.
//!
//! Inline commands are not accepted: servers never send them.

mod batch;
mod frame;
mod scan;
#[cfg(test)]
mod tests;

use bytes::{Buf, Bytes, BytesMut};

use self::frame::{Frame, Kind};
use self::scan::{Bad, Len, Line};
use crate::{ProtocolError, ProtocolErrorKind, Value};

/// Caps the decoder checks before it allocates anything for a declared size.
///
/// Build one from [`Limits::default`] and the `with_*` methods:
///
/// ```
/// use resp_core::{Decoder, Limits};
///
/// let decoder = Decoder::with_limits(Limits::default().with_max_bulk_len(1 << 20).with_max_depth(64));
/// assert_eq!(decoder.limits().max_depth, 64);
/// ```
///
/// # Why the depth limit is 1024
/// The decoder itself never recurses, but code that consumes a [`Value`] does: dropping,
/// cloning, comparing and `Debug`-formatting one recurse once per nesting level, and so may
/// conversions and encoders. The default of 1024 levels (what hiredis allows) is a depth at
/// which all of these run on a thread with a 2 MiB stack (tokio's worker default) even in an
/// unoptimised build; the crate's tests check exactly that. Measured there, the deepest maps
/// nested in maps that fit are about 2,400 levels for `Debug` (`Value`'s `Debug` and `Clone`
/// are written by hand to get there), 3,100 for `==`, 3,700 for `clone` and 8,700 for drop;
/// arrays go deeper, and optimised builds much deeper. Raising the limit is the caller's
/// choice, and then the caller must make sure its threads have the stack for such values.
///
/// # Why a memory budget per reply
/// Declared lengths are promises a hostile or broken server need not keep: `*2147483647`
/// followed by an endless stream of `:1\r\n` costs the server 4 bytes per element and the
/// client a whole [`Value`] (plus vector slack), about ten times the wire bytes. Checking
/// counts on the header cannot catch that, so the decoder also accounts what the reply under
/// way holds and stops at [`Limits::max_reply_memory`]. The default of 1 GiB is twice the
/// largest bulk string redis-server accepts (`proto-max-bulk-len`, 512 MiB), and holds an
/// array of about 25 million small elements; vectors may take up to twice the accounted
/// element overhead while they grow. Legitimate replies that big are rare (a `KEYS *` or
/// `HGETALL` of a huge key); raise the limit for those, or use SCAN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Longest bulk string, bulk error, verbatim string or (in total) streamed string
    /// (default 512 MiB, as redis-server's `proto-max-bulk-len`).
    pub max_bulk_len: u64,
    /// Most elements in one aggregate (a map counts its pairs twice); default 2^26
    /// (67,108,864). Checked on the header, before anything is reserved.
    pub max_elements: u64,
    /// Deepest nesting of aggregates: 1 allows an array of scalars but no array inside it.
    /// An attribute counts as a level, as it wraps the value that follows it.
    pub max_depth: usize,
    /// Longest text line (simple string, error, double, big number), without its `\r\n`.
    pub max_line_len: usize,
    /// Most memory one reply may hold while it is decoded, counted as the bytes taken off
    /// the buffer for it plus `size_of::<Value>()` per element (default 1 GiB). See
    /// [`Limits`] for why.
    pub max_reply_memory: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bulk_len: 512 * 1024 * 1024,
            max_elements: 1 << 26,
            max_depth: 1024,
            max_line_len: 64 * 1024,
            max_reply_memory: 1 << 30,
        }
    }
}

impl Limits {
    /// These limits with [`Limits::max_bulk_len`] set to `n`.
    #[must_use]
    pub const fn with_max_bulk_len(mut self, n: u64) -> Self {
        self.max_bulk_len = n;
        self
    }

    /// These limits with [`Limits::max_elements`] set to `n`.
    #[must_use]
    pub const fn with_max_elements(mut self, n: u64) -> Self {
        self.max_elements = n;
        self
    }

    /// These limits with [`Limits::max_depth`] set to `n`.
    #[must_use]
    pub const fn with_max_depth(mut self, n: usize) -> Self {
        self.max_depth = n;
        self
    }

    /// These limits with [`Limits::max_line_len`] set to `n`.
    #[must_use]
    pub const fn with_max_line_len(mut self, n: usize) -> Self {
        self.max_line_len = n;
        self
    }

    /// These limits with [`Limits::max_reply_memory`] set to `n` bytes.
    #[must_use]
    pub const fn with_max_reply_memory(mut self, n: u64) -> Self {
        self.max_reply_memory = n;
        self
    }
}

/// What one element of an aggregate costs in [`Limits::max_reply_memory`] beyond its bytes.
const ELEMENT_COST: u64 = std::mem::size_of::<Value>() as u64;

/// Elements the open frames may reserve in total before their elements arrive. Declared counts
/// are only promises: reserving for `*2147483647` (or for a thousand nested `*100000`) would
/// let a few bytes claim gigabytes. Beyond this, vectors grow as elements actually arrive.
const PREALLOC_BUDGET: usize = 4096;

/// The fewest bytes one element can take (`_\r\n`), so `n` buffered bytes hold at most `n / 3`.
const MIN_ELEMENT_LEN: usize = 3;

/// Decodes replies one at a time off the front of a buffer, keeping its progress between calls.
///
/// Feed it the connection's byte stream in one [`BytesMut`], appending as bytes arrive, and call
/// [`Decoder::decode`] until it returns `Ok(None)`:
///
/// ```
/// use bytes::BytesMut;
/// use resp_core::{Decoder, Value};
///
/// let mut decoder = Decoder::new();
/// let mut buf = BytesMut::from(&b"*2\r\n$3\r\nfoo\r\n:4"[..]);
/// assert_eq!(decoder.decode(&mut buf)?, None);
/// buf.extend_from_slice(b"2\r\n+OK\r\n");
/// let foo = Value::BulkString("foo".into());
/// assert_eq!(decoder.decode(&mut buf)?, Some(Value::Array(vec![foo, Value::Integer(42)])));
/// assert_eq!(decoder.decode(&mut buf)?, Some(Value::SimpleString("OK".into())));
/// assert_eq!(decoder.decode(&mut buf)?, None);
/// # Ok::<(), resp_core::ProtocolError>(())
/// ```
///
/// The decoder takes the bytes of an unfinished reply off `buf` too (it keeps what they built),
/// so an empty `buf` does not mean no reply is under way: ask [`Decoder::is_mid_reply`].
/// Leave unconsumed bytes in place: the decoder remembers how far it has looked into them.
#[derive(Debug, Default)]
pub struct Decoder {
    limits: Limits,
    /// Aggregates being built, outermost first.
    stack: Vec<Frame>,
    /// A bulk body whose header has been taken and whose bytes have not all arrived.
    body: Option<Body>,
    /// How far into the text line at the front of the buffer the search for `\r` has got.
    scanned: usize,
    /// Stream offset of the first byte of the buffer.
    offset: u64,
    /// Elements reserved by the open frames (see [`PREALLOC_BUDGET`]).
    reserved: usize,
    /// Bytes looked at, counting re-reads; see [`Decoder::bytes_examined`].
    examined: u64,
    /// The error that stopped the decoder; it repeats it for any later call.
    failed: Option<ProtocolError>,
    /// The reply just completed, on its way out of [`Decoder::decode`].
    ready: Option<Value>,
    /// Scratch space of the array fast path (see `batch.rs`), kept to reuse its allocation.
    run_items: Vec<batch::Item>,
    /// Stream offset where the reply under way started, for [`Limits::max_reply_memory`].
    reply_start: u64,
    /// Elements added to aggregates of the reply under way.
    reply_elements: u64,
}

/// A length-prefixed body still to come.
#[derive(Clone, Copy, Debug)]
struct Body {
    kind: BodyKind,
    len: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BodyKind {
    Bulk,
    BulkError,
    Verbatim,
    /// One chunk of a streamed string.
    Chunk,
}

/// What one step of decoding achieved. Values themselves go straight into their aggregate (or
/// `Decoder::ready`) rather than travel back in here: moving a `Value` through layers of enums
/// cost more than the rest of decoding a bulk string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// The buffer ends before the next item does.
    Incomplete,
    /// An item was taken; the reply is not complete yet.
    Progress,
    /// A reply is complete, in `Decoder::ready`.
    Done,
}

impl Decoder {
    /// A decoder with [`Limits::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// A decoder with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        Decoder {
            limits,
            ..Decoder::default()
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Whether the decoder holds part of a reply: bytes it took off a buffer belong to a reply
    /// that has not been returned yet. A stream that ends now ends mid-reply; it ended cleanly
    /// when this is false and the buffer is empty.
    pub fn is_mid_reply(&self) -> bool {
        !self.stack.is_empty() || self.body.is_some()
    }

    /// Bytes of the stream the decoder has taken off buffers so far.
    pub fn bytes_consumed(&self) -> u64 {
        self.offset
    }

    /// How many bytes the decoder has looked at, counting every re-read. Decoding is linear
    /// when this stays within a small factor of the input's size however the input is chunked.
    #[doc(hidden)]
    pub fn bytes_examined(&self) -> u64 {
        self.examined
    }

    /// Takes one complete reply off the front of `buf`, or returns `Ok(None)` (keeping its
    /// progress) when `buf` does not hold a whole reply yet.
    ///
    /// Bytes of a reply that is not complete yet may be taken off `buf` already; the decoder
    /// keeps what they built. Append the stream's next bytes to `buf` and call again.
    ///
    /// # Errors
    /// A [`ProtocolError`] with the stream offset of the offending byte for malformed input or
    /// a broken [`Limits`] bound. The decoder is then stopped and returns the same error for
    /// every later call.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Value>, ProtocolError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let result = self.run(buf);
        if let Err(e) = &result {
            self.failed = Some(e.clone());
            self.stack = Vec::new();
            self.body = None;
            self.reply_elements = 0;
        }
        result
    }

    fn run(&mut self, buf: &mut BytesMut) -> Result<Option<Value>, ProtocolError> {
        // No memory check here: `batch` stays within the budget by itself, and a bulk header
        // taken before its body arrived is charged when the body completes, at the offset a
        // whole-buffer decode reports, not now (that would make the error depend on chunking).
        if !self.stack.is_empty() {
            self.batch(buf);
        }
        loop {
            match self.step(buf)? {
                Step::Incomplete => return Ok(None),
                Step::Progress => {
                    self.check_memory()?;
                    self.batch(buf);
                    self.check_memory()?;
                }
                Step::Done => {
                    self.reply_start = self.offset;
                    self.reply_elements = 0;
                    return Ok(self.ready.take());
                }
            }
        }
    }

    /// What the reply under way holds, as [`Limits::max_reply_memory`] counts it.
    #[inline]
    fn reply_memory(&self) -> u64 {
        (self.offset - self.reply_start).saturating_add(self.reply_elements * ELEMENT_COST)
    }

    /// Fails once the reply under way holds more than [`Limits::max_reply_memory`].
    #[inline]
    fn check_memory(&self) -> Result<(), ProtocolError> {
        if self.reply_memory() <= self.limits.max_reply_memory {
            return Ok(());
        }
        // Checked once an element has been taken: its last byte is the offending one.
        Err(ProtocolError {
            offset: self.offset.saturating_sub(1),
            kind: ProtocolErrorKind::ReplyTooLarge {
                limit: self.limits.max_reply_memory,
            },
        })
    }

    /// How many more bytes the buffer must hold before decoding can get further, when the
    /// decoder knows: inside a declared bulk string (or chunk), the rest of its body and its
    /// `\r\n`, given the `buffered` bytes the caller's buffer holds now. `None` when it
    /// does not know (between replies, or in a header or text line), when any read helps.
    ///
    /// A driver can reserve that much once (`buf.reserve(n)`) rather than let a large bulk
    /// string grow its read buffer by doubling and copying.
    ///
    /// ```
    /// use bytes::BytesMut;
    /// use resp_core::Decoder;
    ///
    /// let mut decoder = Decoder::new();
    /// let mut buf = BytesMut::from(&b"$10\r\n0123"[..]);
    /// assert_eq!(decoder.decode(&mut buf), Ok(None));
    /// assert_eq!(decoder.read_hint(buf.len()), Some(8)); // 6 more bytes and CRLF
    /// ```
    pub fn read_hint(&self, buffered: usize) -> Option<usize> {
        self.body
            .map(|body| (body.len + 2).saturating_sub(buffered))
    }

    /// Adds a decoded value to the open aggregate, or makes it the reply if none is open.
    #[inline]
    fn emit(&mut self, value: Value) -> Step {
        match self.stack.last_mut() {
            None => {
                self.ready = Some(value);
                Step::Done
            }
            Some(top) => {
                self.reply_elements += 1;
                match top.push(value) {
                    None => Step::Progress,
                    Some(done) => self.complete(done),
                }
            }
        }
    }

    /// The innermost aggregate is complete as `value`: closes it and adds it to its parent,
    /// and so on up as long as that completes the parent too.
    fn complete(&mut self, mut value: Value) -> Step {
        loop {
            self.close_top();
            match self.stack.last_mut() {
                None => {
                    self.ready = Some(value);
                    return Step::Done;
                }
                Some(top) => {
                    self.reply_elements += 1;
                    match top.push(value) {
                        None => return Step::Progress,
                        Some(done) => value = done,
                    }
                }
            }
        }
    }

    /// Decodes the next item at the front of `buf`.
    #[inline]
    fn step(&mut self, buf: &mut BytesMut) -> Result<Step, ProtocolError> {
        if let Some(body) = self.body {
            return self.body(buf, body);
        }
        let Some(&tag) = buf.first() else {
            return Ok(Step::Incomplete);
        };
        if self.stack.last().is_some_and(Frame::is_streamed) {
            if let Some(step) = self.streamed_step(buf, tag)? {
                return Ok(step);
            }
        }
        match tag {
            b'$' => self.bulk_header(buf, BodyKind::Bulk),
            b':' => self.integer(buf),
            b'*' => self.aggregate(buf, Kind::Array),
            b'+' | b'-' | b'(' | b',' => self.text(buf, tag),
            b'%' => self.aggregate(buf, Kind::Map),
            b'_' => self.fixed(buf, 1, Value::Null),
            b'#' => match buf.get(1) {
                None => Ok(Step::Incomplete),
                Some(b't') => self.fixed(buf, 2, Value::Boolean(true)),
                Some(b'f') => self.fixed(buf, 2, Value::Boolean(false)),
                Some(&b) => Err(self.bad(scan::unexpected(1, "t or f", b))),
            },
            b'~' => self.aggregate(buf, Kind::Set),
            b'>' => self.aggregate(buf, Kind::Push),
            b'|' => self.aggregate(buf, Kind::Attribute),
            b'!' => self.bulk_header(buf, BodyKind::BulkError),
            b'=' => self.bulk_header(buf, BodyKind::Verbatim),
            _ => Err(self.bad(scan::unexpected(0, "a type byte", tag))),
        }
    }

    /// Handles what is special inside a streamed aggregate or string; `None`: decode normally.
    #[cold]
    fn streamed_step(
        &mut self,
        buf: &mut BytesMut,
        tag: u8,
    ) -> Result<Option<Step>, ProtocolError> {
        let Some(top) = self.stack.last() else {
            return Ok(None);
        };
        if top.is_chunks() {
            if tag != b';' {
                return Err(self.bad(scan::unexpected(0, "; (a streamed string chunk)", tag)));
            }
            return self.chunk_header(buf).map(Some);
        }
        if tag == b'.' {
            if top.awaits_map_value() {
                return Err(self.bad(scan::unexpected(0, "a map value", tag)));
            }
            let Some(end) = scan::crlf(buf, 1).map_err(|bad| self.bad(bad))? else {
                return Ok(Some(Step::Incomplete));
            };
            self.examined += end as u64;
            self.advance(buf, end);
            return Ok(Some(self.finish_top()));
        }
        let len = top.len();
        if len >= self.limits.max_elements {
            let kind = ProtocolErrorKind::TooManyElements {
                len: len + 1,
                limit: self.limits.max_elements,
            };
            return Err(self.bad(Bad { at: 0, kind }));
        }
        Ok(None)
    }

    /// `_\r\n` and `#t\r\n`: a fixed value whose `\r\n` is at `crlf_at`.
    #[inline]
    fn fixed(
        &mut self,
        buf: &mut BytesMut,
        crlf_at: usize,
        value: Value,
    ) -> Result<Step, ProtocolError> {
        match scan::crlf(buf, crlf_at).map_err(|bad| self.bad(bad))? {
            None => Ok(Step::Incomplete),
            Some(end) => {
                self.examined += end as u64;
                self.advance(buf, end);
                Ok(self.emit(value))
            }
        }
    }

    #[inline]
    fn integer(&mut self, buf: &mut BytesMut) -> Result<Step, ProtocolError> {
        match scan::int_line(buf, 1).map_err(|bad| self.bad(bad))? {
            None => {
                self.examined += buf.len() as u64;
                Ok(Step::Incomplete)
            }
            Some((n, end)) => {
                self.examined += end as u64;
                self.advance(buf, end);
                Ok(self.emit(Value::Integer(n)))
            }
        }
    }

    /// `+`, `-`, `(` and `,`: a line of text.
    fn text(&mut self, buf: &mut BytesMut, tag: u8) -> Result<Step, ProtocolError> {
        let from = self.scanned.max(1);
        let cr = match scan::text_line(buf, from, self.limits.max_line_len) {
            Err(bad) => return Err(self.bad(bad)),
            Ok(Line::Partial { resume }) => {
                self.examined += resume.saturating_sub(from) as u64;
                self.scanned = resume;
                return Ok(Step::Incomplete);
            }
            Ok(Line::Done { cr }) => cr,
        };
        self.examined += (cr + 2).saturating_sub(from) as u64;
        let text = buf.get(1..cr).unwrap_or_default();
        let checked = match tag {
            b',' => match scan::double(text) {
                Ok(x) => {
                    self.advance(buf, cr + 2);
                    return Ok(self.emit(Value::Double(x)));
                }
                Err(bad) => Err(bad),
            },
            b'(' => scan::big_number(text),
            _ => Ok(()),
        };
        if let Err(bad) = checked {
            return Err(self.bad(Bad {
                at: bad.at + 1,
                ..bad
            }));
        }
        let text = self.take_within(buf, 1, cr - 1, cr + 2);
        let value = match tag {
            b'+' => Value::SimpleString(text),
            b'-' => Value::Error(text),
            _ => Value::BigNumber(text),
        };
        Ok(self.emit(value))
    }

    /// `$`, `!` and `=`: the length line, then the body if it is all there.
    #[inline]
    fn bulk_header(&mut self, buf: &mut BytesMut, kind: BodyKind) -> Result<Step, ProtocolError> {
        let is_bulk = kind == BodyKind::Bulk;
        let (len, end) = match scan::len_line(buf, 1, is_bulk, is_bulk) {
            Err(bad) => return Err(self.bad(bad)),
            Ok(None) => {
                self.examined += buf.len() as u64;
                return Ok(Step::Incomplete);
            }
            Ok(Some(found)) => found,
        };
        self.examined += end as u64;
        match len {
            Len::Null => {
                self.advance(buf, end);
                Ok(self.emit(Value::Null))
            }
            Len::Streamed => {
                self.advance(buf, end);
                self.stack.push(Frame::chunks());
                Ok(Step::Progress)
            }
            Len::Count(n) => {
                let len = self.check_bulk_len(n, n)?;
                if kind == BodyKind::Bulk && buf.len() >= end + len + 2 {
                    // The common case, all here: one split for header, data and CRLF.
                    self.examined += len as u64 + 2;
                    if let Err(bad) = scan::crlf(buf, end + len) {
                        return Err(self.bad(bad));
                    }
                    let data = self.take_within(buf, end, len, end + len + 2);
                    return Ok(self.emit(Value::BulkString(data)));
                }
                self.advance(buf, end);
                self.body(buf, Body { kind, len })
            }
        }
    }

    /// `;` inside a streamed string: the chunk's length line, then its body if it is all there.
    fn chunk_header(&mut self, buf: &mut BytesMut) -> Result<Step, ProtocolError> {
        let (len, end) = match scan::len_line(buf, 1, false, false) {
            Err(bad) => return Err(self.bad(bad)),
            Ok(None) => {
                self.examined += buf.len() as u64;
                return Ok(Step::Incomplete);
            }
            Ok(Some((Len::Count(n), end))) => (n, end),
            // len_line returns a count when neither null nor streamed is allowed.
            Ok(Some(_)) => return Err(self.bad(scan::invalid(1, "chunk length"))),
        };
        self.examined += end as u64;
        let so_far = self
            .stack
            .last_mut()
            .and_then(Frame::chunks_mut)
            .map_or(0, |d| d.len());
        if len == 0 {
            self.advance(buf, end);
            return Ok(self.finish_top());
        }
        let len = self.check_bulk_len(len, (so_far as u64).saturating_add(len))?;
        self.advance(buf, end);
        self.body(
            buf,
            Body {
                kind: BodyKind::Chunk,
                len,
            },
        )
    }

    /// Checks a declared length (`total`: with what a streamed string already holds).
    fn check_bulk_len(&self, len: u64, total: u64) -> Result<usize, ProtocolError> {
        match usize::try_from(len) {
            Ok(len) if total <= self.limits.max_bulk_len && len < usize::MAX - 2 => Ok(len),
            _ => {
                let kind = ProtocolErrorKind::BulkTooLong {
                    len: total,
                    limit: self.limits.max_bulk_len,
                };
                Err(self.bad(Bad { at: 0, kind }))
            }
        }
    }

    /// A body of known length (header already taken): complete, or remembered for later.
    #[inline]
    fn body(&mut self, buf: &mut BytesMut, body: Body) -> Result<Step, ProtocolError> {
        let len = body.len;
        if buf.len() < len + 2 {
            self.body = Some(body);
            return Ok(Step::Incomplete);
        }
        self.body = None;
        self.examined += len as u64 + 2;
        if let Err(bad) = scan::crlf(buf, len) {
            return Err(self.bad(bad));
        }
        let value = match body.kind {
            BodyKind::Bulk => Value::BulkString(self.take_within(buf, 0, len, len + 2)),
            BodyKind::BulkError => Value::BulkError(self.take_within(buf, 0, len, len + 2)),
            BodyKind::Verbatim => self.verbatim(buf, len)?,
            BodyKind::Chunk => {
                if let Some(data) = self.stack.last_mut().and_then(Frame::chunks_mut) {
                    data.extend_from_slice(buf.get(..len).unwrap_or_default());
                }
                self.advance(buf, len + 2);
                return Ok(Step::Progress);
            }
        };
        Ok(self.emit(value))
    }

    /// A verbatim string's body: `xxx:` and the text.
    fn verbatim(&mut self, buf: &mut BytesMut, len: usize) -> Result<Value, ProtocolError> {
        let format = match buf.get(..4) {
            Some(&[a, b, c, b':']) if len >= 4 => [a, b, c],
            _ => {
                let at = len.min(3);
                let found = buf.get(at).copied().unwrap_or(b'\r');
                let expected = "a verbatim string's 3-byte format and :";
                return Err(self.bad(scan::unexpected(at, expected, found)));
            }
        };
        Ok(Value::VerbatimString {
            format,
            text: self.take_within(buf, 4, len - 4, len + 2),
        })
    }

    /// `*`, `~`, `>`, `%` and `|`: opens a frame, or returns an empty (or null) value.
    fn aggregate(&mut self, buf: &mut BytesMut, kind: Kind) -> Result<Step, ProtocolError> {
        let null_ok = kind == Kind::Array;
        let streamed_ok = matches!(kind, Kind::Array | Kind::Set | Kind::Map);
        let (len, end) = match scan::len_line(buf, 1, null_ok, streamed_ok) {
            Err(bad) => return Err(self.bad(bad)),
            Ok(None) => {
                self.examined += buf.len() as u64;
                return Ok(Step::Incomplete);
            }
            Ok(Some(found)) => found,
        };
        self.examined += end as u64;
        let count = match len {
            Len::Null => {
                self.advance(buf, end);
                return Ok(self.emit(Value::Null));
            }
            Len::Streamed => None,
            Len::Count(n) => {
                let values = n.saturating_mul(kind.values_per_element());
                if values > self.limits.max_elements {
                    let kind = ProtocolErrorKind::TooManyElements {
                        len: values,
                        limit: self.limits.max_elements,
                    };
                    return Err(self.bad(Bad { at: 0, kind }));
                }
                Some(n)
            }
        };
        if self.stack.len() >= self.limits.max_depth {
            let kind = ProtocolErrorKind::TooDeep {
                limit: self.limits.max_depth,
            };
            return Err(self.bad(Bad { at: 0, kind }));
        }
        self.advance(buf, end);
        if count == Some(0) && kind != Kind::Attribute {
            return Ok(self.emit(kind.empty()));
        }
        let capacity = self.capacity(count, buf.len(), kind.values_per_element());
        self.reserved += capacity;
        self.stack.push(Frame::new(kind, count, capacity));
        Ok(Step::Progress)
    }

    /// How many elements to reserve for an aggregate declaring `count`, with `available` bytes
    /// of it buffered: no more than those bytes can hold, nor than the budget has left.
    #[inline]
    fn capacity(&self, count: Option<u64>, available: usize, values_per_element: u64) -> usize {
        let Some(count) = count else {
            return 0;
        };
        let fit = available / (MIN_ELEMENT_LEN * values_per_element as usize);
        let budget = PREALLOC_BUDGET.saturating_sub(self.reserved);
        usize::try_from(count)
            .unwrap_or(usize::MAX)
            .min(fit)
            .min(budget)
    }

    /// Completes the innermost frame where the stream marks its end.
    fn finish_top(&mut self) -> Step {
        match self.stack.last_mut().map(Frame::finish) {
            Some(value) => self.complete(value),
            None => Step::Progress,
        }
    }

    /// Drops the innermost frame (its value has been taken out) and returns its reservation.
    #[inline]
    fn close_top(&mut self) {
        if let Some(frame) = self.stack.pop() {
            self.reserved -= frame.reserved;
        }
    }

    /// Consumes `n` bytes of `buf` (the caller has checked they are there).
    #[inline]
    fn advance(&mut self, buf: &mut BytesMut, n: usize) {
        buf.advance(n);
        self.offset += n as u64;
        self.scanned = 0;
    }

    /// Consumes `total` bytes of `buf` and returns `len` of them from `start`, without copying
    /// (the caller has checked they are there). One split and one trim cost less than
    /// advancing past a header, splitting, and advancing past the CRLF.
    #[inline]
    fn take_within(&mut self, buf: &mut BytesMut, start: usize, len: usize, total: usize) -> Bytes {
        self.offset += total as u64;
        self.scanned = 0;
        let mut frame = buf.split_to(total);
        frame.advance(start);
        frame.truncate(len);
        frame.freeze()
    }

    /// Places a scan error at its stream offset.
    #[cold]
    fn bad(&self, bad: Bad) -> ProtocolError {
        ProtocolError {
            offset: self.offset + bad.at as u64,
            kind: bad.kind,
        }
    }
}
