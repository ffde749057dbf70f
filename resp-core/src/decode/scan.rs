//! Scanning header lines: decimal numbers and CR-terminated text, as pure functions of a byte
//! slice. They report "not enough bytes yet" as `Ok(None)` and a bad byte by its index; the
//! decoder turns indexes into stream offsets.

use memchr::memchr;

use crate::ProtocolErrorKind;

/// The most digits a number may have. 19 digits hold every `i64` and every length a limit can
/// allow, and a bound on a number's length keeps a number split across chunks cheap to re-read.
const MAX_DIGITS: usize = 19;

/// A malformed input at index `at` of the scanned slice.
#[derive(Debug)]
pub(super) struct Bad {
    pub(super) at: usize,
    pub(super) kind: ProtocolErrorKind,
}

/// `Ok(None)`: the slice ends before the item does.
pub(super) type Scan<T> = Result<Option<T>, Bad>;

pub(super) fn unexpected(at: usize, expected: &'static str, found: u8) -> Bad {
    Bad {
        at,
        kind: ProtocolErrorKind::UnexpectedByte { expected, found },
    }
}

pub(super) fn invalid(at: usize, expected: &'static str) -> Bad {
    Bad {
        at,
        kind: ProtocolErrorKind::InvalidNumber { expected },
    }
}

/// Expects `\r\n` at `at`; returns the index after it.
#[inline]
pub(super) fn crlf(buf: &[u8], at: usize) -> Scan<usize> {
    match buf.get(at) {
        None => Ok(None),
        Some(b'\r') => lf(buf, at + 1),
        Some(&b) => Err(unexpected(at, "\\r", b)),
    }
}

#[inline]
fn lf(buf: &[u8], at: usize) -> Scan<usize> {
    match buf.get(at) {
        None => Ok(None),
        Some(b'\n') => Ok(Some(at + 1)),
        Some(&b) => Err(unexpected(at, "\\n after \\r", b)),
    }
}

/// Scans `digits \r\n` from `start`; returns the value and the index after the line.
#[inline]
fn digits(buf: &[u8], start: usize) -> Scan<(u64, usize)> {
    let mut n: u64 = 0;
    let mut i = start;
    loop {
        match buf.get(i) {
            None => return Ok(None),
            Some(&b @ b'0'..=b'9') => {
                if i - start == MAX_DIGITS {
                    return Err(invalid(i, "a number of at most 19 digits"));
                }
                // Cannot overflow: 19 digits stay below u64::MAX.
                n = n * 10 + u64::from(b - b'0');
                i += 1;
            }
            Some(b'\r') if i > start => return Ok(lf(buf, i + 1)?.map(|end| (n, end))),
            Some(&b) => {
                let expected = if i == start {
                    "a digit"
                } else {
                    "a digit or \\r"
                };
                return Err(unexpected(i, expected, b));
            }
        }
    }
}

/// Scans an integer line `[+-]digits\r\n` from `start`; returns it and the index after the line.
#[inline]
pub(super) fn int_line(buf: &[u8], start: usize) -> Scan<(i64, usize)> {
    let (negative, first_digit) = match buf.get(start) {
        None => return Ok(None),
        Some(b'-') => (true, start + 1),
        Some(b'+') => (false, start + 1),
        Some(_) => (false, start),
    };
    let Some((magnitude, end)) = digits(buf, first_digit)? else {
        return Ok(None);
    };
    let value = if negative {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    };
    match value {
        Some(value) => Ok(Some((value, end))),
        None => Err(invalid(start, "a 64-bit signed integer")),
    }
}

/// A declared length or element count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Len {
    /// A count of bytes or elements.
    Count(u64),
    /// RESP2's `-1`: a null bulk string or array.
    Null,
    /// RESP3's `?`: the value arrives in parts and its end is marked.
    Streamed,
}

/// Scans a length line from `start`: digits, or `-1` when `null_ok`, or `?` when `streamed_ok`.
#[inline]
pub(super) fn len_line(
    buf: &[u8],
    start: usize,
    null_ok: bool,
    streamed_ok: bool,
) -> Scan<(Len, usize)> {
    match buf.get(start) {
        None => Ok(None),
        Some(b'?') if streamed_ok => Ok(crlf(buf, start + 1)?.map(|end| (Len::Streamed, end))),
        Some(b'-') if null_ok => match buf.get(start + 1) {
            None => Ok(None),
            Some(b'1') => Ok(crlf(buf, start + 2)?.map(|end| (Len::Null, end))),
            Some(&b) => Err(unexpected(start + 1, "1 (only -1 may be negative)", b)),
        },
        Some(_) => Ok(digits(buf, start)?.map(|(n, end)| (Len::Count(n), end))),
    }
}

/// Where the search for a text line's end got to.
#[derive(Debug)]
pub(super) enum Line {
    /// The line's `\r` is at this index, and `\n` follows it.
    Done { cr: usize },
    /// No complete end yet; resume the search at this index.
    Partial { resume: usize },
}

/// Looks for the end of the text line that starts at index 1 (after the type byte), resuming
/// at `from`. A line whose text is longer than `max_len` is an error as soon as that many bytes
/// are buffered without a `\r`, so a limit breach is found at the same offset however the input
/// is chunked.
#[inline]
pub(super) fn text_line(buf: &[u8], from: usize, max_len: usize) -> Result<Line, Bad> {
    let from = from.max(1);
    // The `\r` may sit at index 1 + max_len at the latest.
    let end = buf.len().min(max_len.saturating_add(2));
    let haystack = buf.get(from..end).unwrap_or_default();
    match memchr(b'\r', haystack) {
        Some(i) => {
            let cr = from + i;
            match buf.get(cr + 1) {
                None => Ok(Line::Partial { resume: cr }),
                Some(b'\n') => Ok(Line::Done { cr }),
                Some(&b) => Err(unexpected(cr + 1, "\\n after \\r", b)),
            }
        }
        // Index 1 + max_len has been seen, and it was not the `\r`.
        None if end > max_len.saturating_add(1) => Err(Bad {
            at: end - 1,
            kind: ProtocolErrorKind::LineTooLong { limit: max_len },
        }),
        None => Ok(Line::Partial { resume: end }),
    }
}

/// Checks a big number's text: an optional sign, then one or more digits.
pub(super) fn big_number(text: &[u8]) -> Result<(), Bad> {
    let digits_from = usize::from(matches!(text.first(), Some(b'-' | b'+')));
    let digits = text.get(digits_from..).unwrap_or_default();
    if let Some(i) = digits.iter().position(|b| !b.is_ascii_digit()) {
        return Err(unexpected(digits_from + i, "a digit", digits[i]));
    }
    if digits.is_empty() {
        return Err(unexpected(digits_from, "a digit", b'\r'));
    }
    Ok(())
}

/// Parses a double's text: `inf`, `-inf`, `nan` (with an optional sign), or a decimal number
/// with optional fraction and exponent such as `1.5e-3`.
pub(super) fn double(text: &[u8]) -> Result<f64, Bad> {
    let unsigned = match text.first() {
        Some(b'-' | b'+') => text.get(1..).unwrap_or_default(),
        _ => text,
    };
    let negative = text.first() == Some(&b'-');
    match unsigned {
        b"inf" if negative => return Ok(f64::NEG_INFINITY),
        b"inf" => return Ok(f64::INFINITY),
        b"nan" => return Ok(f64::NAN),
        _ => {}
    }
    // Rust's parser also takes words such as "infinity"; only the number alphabet goes to it.
    let allowed = |b: &u8| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-');
    if let Some(i) = text.iter().position(|b| !allowed(b)) {
        return Err(unexpected(i, "a double", text[i]));
    }
    std::str::from_utf8(text)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid(0, "double"))
}
