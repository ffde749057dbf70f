//! A deliberately simple RESP2/RESP3 decoder: the oracle of the differential target.
//!
//! It reads one reply from the front of a complete slice by plain recursion, one byte at a
//! time, copying as it goes. It knows nothing of resumption, limits (beyond a recursion cap)
//! or zero-copy; it exists to be obviously correct. It follows the RESP3 specification
//! (<https://github.com/redis/redis-specifications/blob/master/protocol/RESP3.md>) with the
//! leniencies resp-core's decoder documents for its grammar:
//! - a text line (`+`, `-`, `(`, `,`) runs to its first CR, which must be followed by LF;
//! - integers and lengths have at most 19 digits; only `$` and `*` take `-1` (null); `$`,
//!   `*`, `%` and `~` take `?` (streamed);
//! - doubles are `inf` / `nan` with an optional sign, or the usual decimal forms;
//! - big numbers take an optional `+` or `-`.
//!
//! Bytes are checked as they are read, so a bad byte is an error even when the reply it is in
//! has not ended yet; when the input simply ends it says [`RefError::Incomplete`].

use bytes::Bytes;
use resp_core::Value;

/// Nesting beyond which the reference gives up ([`RefError::TooDeep`]), so that its recursion
/// stays far from any stack limit. Inputs this deep are not compared.
pub const MAX_DEPTH: usize = 100;

/// The most digits in an integer or a length.
const MAX_DIGITS: usize = 19;

/// Why the reference produced no reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefError {
    /// The input ends inside the reply.
    Incomplete,
    /// The input is not RESP.
    Invalid {
        /// Offset of the offending byte (or of the start of the offending line).
        offset: usize,
        /// What the grammar wanted there.
        expected: &'static str,
    },
    /// Nesting beyond [`MAX_DEPTH`].
    TooDeep,
}

type Parsed<T> = Result<T, RefError>;

/// Reads one reply from the front of `input`; returns it and the number of bytes it took.
///
/// # Errors
/// See [`RefError`].
pub fn decode(input: &[u8]) -> Parsed<(Value, usize)> {
    let mut reader = Reader { input, pos: 0 };
    let value = reader.value(0)?;
    Ok((value, reader.pos))
}

struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
}

enum Length {
    Known(usize),
    Null,
    Streamed,
}

impl Reader<'_> {
    fn value(&mut self, depth: usize) -> Parsed<Value> {
        let start = self.pos;
        match self.byte()? {
            b'+' => Ok(Value::SimpleString(self.line()?)),
            b'-' => Ok(Value::Error(self.line()?)),
            b':' => Ok(Value::Integer(self.integer()?)),
            b'$' => self.bulk(),
            b'_' => {
                self.crlf()?;
                Ok(Value::Null)
            }
            b',' => Ok(Value::Double(self.double()?)),
            b'#' => self.boolean(),
            b'(' => self.big_number(),
            b'!' => Ok(Value::BulkError(self.blob()?)),
            b'=' => self.verbatim(),
            b'*' => match self.length(true, true)? {
                Length::Null => Ok(Value::Null),
                length => Ok(Value::Array(self.elements(length, depth)?)),
            },
            b'%' => {
                let length = self.length(false, true)?;
                Ok(Value::Map(self.pairs(length, depth)?))
            }
            b'~' => {
                let length = self.length(false, true)?;
                Ok(Value::Set(self.elements(length, depth)?))
            }
            b'>' => {
                let length = self.length(false, false)?;
                Ok(Value::Push(self.elements(length, depth)?))
            }
            b'|' => {
                // An attribute map, then the value it describes.
                let length = self.length(false, false)?;
                let attributes = self.pairs(length, depth)?;
                let value = Box::new(self.value(nest(depth)?)?);
                Ok(Value::Attribute { attributes, value })
            }
            _ => self.invalid_at(start, "a type byte"),
        }
    }

    fn peek(&self) -> Parsed<u8> {
        self.input
            .get(self.pos)
            .copied()
            .ok_or(RefError::Incomplete)
    }

    fn byte(&mut self) -> Parsed<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Ok(byte)
    }

    fn expect(&mut self, want: u8, expected: &'static str) -> Parsed<()> {
        let at = self.pos;
        if self.byte()? == want {
            Ok(())
        } else {
            self.invalid_at(at, expected)
        }
    }

    fn crlf(&mut self) -> Parsed<()> {
        self.expect(b'\r', "CR")?;
        self.expect(b'\n', "LF after CR")
    }

    fn invalid_at<T>(&self, offset: usize, expected: &'static str) -> Parsed<T> {
        Err(RefError::Invalid { offset, expected })
    }

    /// The text up to the first CR, which must be followed by LF.
    fn line(&mut self) -> Parsed<Bytes> {
        let start = self.pos;
        while self.peek()? != b'\r' {
            self.pos += 1;
        }
        let text = Bytes::copy_from_slice(&self.input[start..self.pos]);
        self.crlf()?;
        Ok(text)
    }

    /// One to [`MAX_DIGITS`] decimal digits, then CR LF.
    fn digits(&mut self) -> Parsed<u64> {
        let mut n: u64 = 0;
        let mut count = 0;
        loop {
            let at = self.pos;
            match self.byte()? {
                b @ b'0'..=b'9' if count < MAX_DIGITS => {
                    n = n * 10 + u64::from(b - b'0');
                    count += 1;
                }
                b'\r' if count > 0 => {
                    self.expect(b'\n', "LF after CR")?;
                    return Ok(n);
                }
                _ => return self.invalid_at(at, "a digit"),
            }
        }
    }

    fn integer(&mut self) -> Parsed<i64> {
        let start = self.pos;
        let negative = match self.peek()? {
            b'-' | b'+' => self.byte()? == b'-',
            _ => false,
        };
        let magnitude = i128::from(self.digits()?);
        let n = if negative { -magnitude } else { magnitude };
        match i64::try_from(n) {
            Ok(n) => Ok(n),
            Err(_) => self.invalid_at(start, "a 64-bit integer"),
        }
    }

    fn length(&mut self, null_ok: bool, streamed_ok: bool) -> Parsed<Length> {
        match self.peek()? {
            b'?' if streamed_ok => {
                self.pos += 1;
                self.crlf()?;
                Ok(Length::Streamed)
            }
            b'-' if null_ok => {
                self.pos += 1;
                self.expect(b'1', "1 after '-'")?;
                self.crlf()?;
                Ok(Length::Null)
            }
            // A length beyond the address space cannot be complete in a slice.
            _ => usize::try_from(self.digits()?)
                .map(Length::Known)
                .or(Err(RefError::Incomplete)),
        }
    }

    /// `len` bytes followed by CR LF. Like resp-core, it waits for all `len + 2` bytes before
    /// looking at the CR LF.
    fn payload(&mut self, len: usize) -> Parsed<Bytes> {
        let end = self.pos.checked_add(len).ok_or(RefError::Incomplete)?;
        if self.input.len() < end.saturating_add(2) {
            return Err(RefError::Incomplete);
        }
        let data = Bytes::copy_from_slice(&self.input[self.pos..end]);
        self.pos = end;
        self.crlf()?;
        Ok(data)
    }

    fn blob(&mut self) -> Parsed<Bytes> {
        match self.length(false, false)? {
            Length::Known(len) => self.payload(len),
            _ => unreachable!("length() only returns Known when null and streamed are off"),
        }
    }

    fn bulk(&mut self) -> Parsed<Value> {
        match self.length(true, true)? {
            Length::Null => Ok(Value::Null),
            Length::Known(len) => Ok(Value::BulkString(self.payload(len)?)),
            Length::Streamed => {
                // `;len` parts until `;0`.
                let mut data = Vec::new();
                loop {
                    self.expect(b';', "';' (a streamed string part)")?;
                    match self.length(false, false)? {
                        Length::Known(0) => return Ok(Value::BulkString(data.into())),
                        Length::Known(len) => data.extend_from_slice(&self.payload(len)?),
                        _ => unreachable!("length() only returns Known here"),
                    }
                }
            }
        }
    }

    fn double(&mut self) -> Parsed<f64> {
        let start = self.pos;
        let line = self.line()?;
        let text = std::str::from_utf8(&line).unwrap_or("?");
        let (negative, unsigned) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        match unsigned {
            "inf" if negative => return Ok(f64::NEG_INFINITY),
            "inf" => return Ok(f64::INFINITY),
            "nan" => return Ok(f64::NAN),
            _ => {}
        }
        // Rust also parses words ("infinity"); RESP allows only the number alphabet.
        let numeric = text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
        match text.parse::<f64>() {
            Ok(x) if numeric => Ok(x),
            _ => self.invalid_at(start, "a double"),
        }
    }

    fn boolean(&mut self) -> Parsed<Value> {
        let at = self.pos;
        let value = match self.byte()? {
            b't' => true,
            b'f' => false,
            _ => return self.invalid_at(at, "'t' or 'f'"),
        };
        self.crlf()?;
        Ok(Value::Boolean(value))
    }

    fn big_number(&mut self) -> Parsed<Value> {
        let start = self.pos;
        let line = self.line()?;
        let digits = match line.first() {
            Some(b'-' | b'+') => &line[1..],
            _ => &line[..],
        };
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return self.invalid_at(start, "a big number");
        }
        Ok(Value::BigNumber(line))
    }

    fn verbatim(&mut self) -> Parsed<Value> {
        let start = self.pos;
        let data = self.blob()?;
        match (data.get(..3), data.get(3)) {
            (Some(&[a, b, c]), Some(b':')) => Ok(Value::VerbatimString {
                format: [a, b, c],
                text: data.slice(4..),
            }),
            _ => self.invalid_at(start, "a verbatim string with a 'xxx:' format prefix"),
        }
    }

    fn elements(&mut self, length: Length, depth: usize) -> Parsed<Vec<Value>> {
        let depth = nest(depth)?;
        let mut items = Vec::new();
        match length {
            Length::Known(len) => {
                for _ in 0..len {
                    items.push(self.value(depth)?);
                }
            }
            Length::Streamed => {
                while !self.end_marker()? {
                    items.push(self.value(depth)?);
                }
            }
            Length::Null => unreachable!("callers turn a null length into Value::Null"),
        }
        Ok(items)
    }

    fn pairs(&mut self, length: Length, depth: usize) -> Parsed<Vec<(Value, Value)>> {
        let depth = nest(depth)?;
        let mut pairs = Vec::new();
        match length {
            Length::Known(len) => {
                for _ in 0..len {
                    pairs.push((self.value(depth)?, self.value(depth)?));
                }
            }
            Length::Streamed => {
                while !self.end_marker()? {
                    pairs.push((self.value(depth)?, self.value(depth)?));
                }
            }
            Length::Null => unreachable!("maps never take a null length"),
        }
        Ok(pairs)
    }

    /// Consumes `.` CR LF, the end of a streamed aggregate, if it comes next.
    fn end_marker(&mut self) -> Parsed<bool> {
        if self.peek()? != b'.' {
            return Ok(false);
        }
        self.pos += 1;
        self.crlf()?;
        Ok(true)
    }
}

fn nest(depth: usize) -> Parsed<usize> {
    if depth >= MAX_DEPTH {
        Err(RefError::TooDeep)
    } else {
        Ok(depth + 1)
    }
}
