//! A deliberately simple RESP2/RESP3 decoder: the oracle of the differential target.
//!
//! It reads one reply from the front of a complete slice by plain recursion, copying as it
//! goes. It knows nothing of resumption, limits (beyond a recursion cap) or zero-copy; it
//! exists to be obviously correct, following the RESP3 specification
//! (<https://github.com/redis/redis-specifications/blob/master/protocol/RESP3.md>) one type
//! at a time. When the input ends before the reply does it says [`RefError::Incomplete`].

use bytes::Bytes;
use resp_core::Value;

/// Nesting beyond which the reference gives up ([`RefError::TooDeep`]), so that its recursion
/// stays far from any stack limit. Inputs this deep are not compared.
pub const MAX_DEPTH: usize = 100;

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

impl Reader<'_> {
    fn value(&mut self, depth: usize) -> Parsed<Value> {
        let start = self.pos;
        match self.byte()? {
            b'+' => Ok(Value::SimpleString(self.line()?)),
            b'-' => Ok(Value::Error(self.line()?)),
            b':' => Ok(Value::Integer(self.integer()?)),
            b'$' => self.bulk(),
            b'_' => self.null(),
            b',' => Ok(Value::Double(self.double()?)),
            b'#' => self.boolean(),
            b'(' => self.big_number(),
            b'!' => Ok(Value::BulkError(self.blob()?)),
            b'=' => self.verbatim(),
            b'*' => self.array(depth),
            b'%' => Ok(Value::Map(self.pairs(depth)?)),
            b'~' => Ok(Value::Set(self.elements(depth)?)),
            b'>' => Ok(Value::Push(self.elements(depth)?)),
            b'|' => self.attribute(depth),
            _ => self.invalid_at(start, "a type byte"),
        }
    }

    fn byte(&mut self) -> Parsed<u8> {
        let byte = *self.input.get(self.pos).ok_or(RefError::Incomplete)?;
        self.pos += 1;
        Ok(byte)
    }

    fn invalid_at<T>(&self, offset: usize, expected: &'static str) -> Parsed<T> {
        Err(RefError::Invalid { offset, expected })
    }

    /// The rest of a line up to CR LF. A line cannot hold CR or LF anywhere else.
    fn line(&mut self) -> Parsed<Bytes> {
        let start = self.pos;
        loop {
            let at = self.pos;
            match self.byte()? {
                b'\r' => break,
                b'\n' => return self.invalid_at(at, "a line without LF"),
                _ => {}
            }
        }
        let at = self.pos;
        if self.byte()? != b'\n' {
            return self.invalid_at(at, "LF after CR");
        }
        Ok(Bytes::copy_from_slice(&self.input[start..self.pos - 2]))
    }

    fn text_line(&mut self) -> Parsed<(usize, String)> {
        let start = self.pos;
        let line = self.line()?;
        match String::from_utf8(line.to_vec()) {
            Ok(text) => Ok((start, text)),
            Err(_) => self.invalid_at(start, "ASCII text"),
        }
    }

    fn integer(&mut self) -> Parsed<i64> {
        let (start, text) = self.text_line()?;
        match text.parse::<i64>() {
            Ok(n) => Ok(n),
            Err(_) => self.invalid_at(start, "an integer"),
        }
    }

    /// A length: decimal digits; `-1` (RESP2's null) and `?` (RESP3's streamed form) are
    /// handled by the callers that allow them.
    fn length(&mut self) -> Parsed<Length> {
        let (start, text) = self.text_line()?;
        if text == "?" {
            return Ok(Length::Streamed);
        }
        if text == "-1" {
            return Ok(Length::Null);
        }
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return self.invalid_at(start, "a length");
        }
        match text.parse::<usize>() {
            Ok(n) => Ok(Length::Known(n)),
            Err(_) => self.invalid_at(start, "a length"),
        }
    }

    fn known_length(&mut self) -> Parsed<usize> {
        let start = self.pos;
        match self.length()? {
            Length::Known(n) => Ok(n),
            _ => self.invalid_at(start, "a length"),
        }
    }

    /// `len` bytes followed by CR LF.
    fn payload(&mut self, len: usize) -> Parsed<Bytes> {
        let end = self.pos.checked_add(len).ok_or(RefError::Incomplete)?;
        let data = self.input.get(self.pos..end).ok_or(RefError::Incomplete)?;
        let data = Bytes::copy_from_slice(data);
        self.pos = end;
        self.crlf()?;
        Ok(data)
    }

    fn crlf(&mut self) -> Parsed<()> {
        let at = self.pos;
        if self.byte()? != b'\r' {
            return self.invalid_at(at, "CR");
        }
        let at = self.pos;
        if self.byte()? != b'\n' {
            return self.invalid_at(at, "LF after CR");
        }
        Ok(())
    }

    fn blob(&mut self) -> Parsed<Bytes> {
        let len = self.known_length()?;
        self.payload(len)
    }

    fn bulk(&mut self) -> Parsed<Value> {
        match self.length()? {
            Length::Null => Ok(Value::Null),
            Length::Known(len) => Ok(Value::BulkString(self.payload(len)?)),
            Length::Streamed => {
                // `;len` parts until `;0`.
                let mut data = Vec::new();
                loop {
                    let at = self.pos;
                    if self.byte()? != b';' {
                        return self.invalid_at(at, "';' (a streamed string part)");
                    }
                    let len = self.known_length()?;
                    if len == 0 {
                        return Ok(Value::BulkString(data.into()));
                    }
                    data.extend_from_slice(&self.payload(len)?);
                }
            }
        }
    }

    fn null(&mut self) -> Parsed<Value> {
        let start = self.pos;
        if self.line()?.is_empty() {
            Ok(Value::Null)
        } else {
            self.invalid_at(start, "CR LF after '_'")
        }
    }

    /// A double as RESP3 writes it: `inf`, `-inf`, `nan`, or a decimal with an optional
    /// exponent.
    fn double(&mut self) -> Parsed<f64> {
        let (start, text) = self.text_line()?;
        match text.as_str() {
            "inf" => return Ok(f64::INFINITY),
            "-inf" => return Ok(f64::NEG_INFINITY),
            "nan" => return Ok(f64::NAN),
            _ => {}
        }
        let numeric = text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
        match text.parse::<f64>() {
            Ok(x) if numeric => Ok(x),
            _ => self.invalid_at(start, "a double"),
        }
    }

    fn boolean(&mut self) -> Parsed<Value> {
        let start = self.pos;
        match &self.line()?[..] {
            b"t" => Ok(Value::Boolean(true)),
            b"f" => Ok(Value::Boolean(false)),
            _ => self.invalid_at(start, "'t' or 'f'"),
        }
    }

    fn big_number(&mut self) -> Parsed<Value> {
        let start = self.pos;
        let line = self.line()?;
        let digits = line.strip_prefix(b"-").unwrap_or(&line);
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return self.invalid_at(start, "a big number");
        }
        Ok(Value::BigNumber(line))
    }

    fn verbatim(&mut self) -> Parsed<Value> {
        let start = self.pos;
        let data = self.blob()?;
        match (data.get(..3), data.get(3)) {
            (Some(format), Some(b':')) => Ok(Value::VerbatimString {
                format: [format[0], format[1], format[2]],
                text: data.slice(4..),
            }),
            _ => self.invalid_at(start, "a verbatim string with a 'xxx:' format prefix"),
        }
    }

    fn array(&mut self, depth: usize) -> Parsed<Value> {
        let start = self.pos;
        match self.length()? {
            Length::Null => Ok(Value::Null),
            _ => {
                self.pos = start;
                Ok(Value::Array(self.elements(depth)?))
            }
        }
    }

    fn elements(&mut self, depth: usize) -> Parsed<Vec<Value>> {
        let depth = nest(depth)?;
        let start = self.pos;
        let mut items = Vec::new();
        match self.length()? {
            Length::Known(len) => {
                for _ in 0..len {
                    items.push(self.value(depth)?);
                }
            }
            Length::Streamed => {
                while !self.at_end_marker()? {
                    items.push(self.value(depth)?);
                }
            }
            Length::Null => return self.invalid_at(start, "a length"),
        }
        Ok(items)
    }

    fn pairs(&mut self, depth: usize) -> Parsed<Vec<(Value, Value)>> {
        let depth = nest(depth)?;
        let start = self.pos;
        let mut pairs = Vec::new();
        match self.length()? {
            Length::Known(len) => {
                for _ in 0..len {
                    pairs.push((self.value(depth)?, self.value(depth)?));
                }
            }
            Length::Streamed => {
                while !self.at_end_marker()? {
                    pairs.push((self.value(depth)?, self.value(depth)?));
                }
            }
            Length::Null => return self.invalid_at(start, "a length"),
        }
        Ok(pairs)
    }

    fn attribute(&mut self, depth: usize) -> Parsed<Value> {
        let start = self.pos;
        if let Length::Streamed = self.length()? {
            return self.invalid_at(start, "an attribute length");
        }
        self.pos = start;
        let attributes = self.pairs(depth)?;
        let value = Box::new(self.value(nest(depth)?)?);
        Ok(Value::Attribute { attributes, value })
    }

    /// Consumes `.` CR LF, the end of a streamed aggregate, if it comes next.
    fn at_end_marker(&mut self) -> Parsed<bool> {
        if *self.input.get(self.pos).ok_or(RefError::Incomplete)? != b'.' {
            return Ok(false);
        }
        self.pos += 1;
        self.crlf()?;
        Ok(true)
    }
}

enum Length {
    Known(usize),
    Null,
    Streamed,
}

fn nest(depth: usize) -> Parsed<usize> {
    if depth >= MAX_DEPTH {
        Err(RefError::TooDeep)
    } else {
        Ok(depth + 1)
    }
}
