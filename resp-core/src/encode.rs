//! Writing [`Value`]s as RESP3 or RESP2 frames: what tests, fuzzers and fake servers send.
//!
//! Both encoders walk the value with an explicit stack, so a deeply nested value costs heap, not
//! call stack.

use std::slice;

use bytes::{BufMut, BytesMut};

use crate::Value;

/// Appends `value` to `out` in RESP3 form.
///
/// Every variant has its own RESP3 type byte: [`Value::Null`] is `_`, doubles use `inf`, `-inf`
/// and `nan` and otherwise the shortest text that reads back to the same `f64`, a verbatim
/// string is `=len\r\nfmt:text`, an attribute is its `|N` map followed by the value it describes.
///
/// A [`Value::SimpleString`] or [`Value::Error`] holding CR or LF cannot be a RESP line; such a
/// value is written as a bulk string or bulk error instead, so the output is always valid RESP.
///
/// ```
/// use bytes::{Bytes, BytesMut};
/// use resp_core::{encode_value, Value};
///
/// let mut out = BytesMut::new();
/// let v = Value::Map(vec![(Value::SimpleString(Bytes::from_static(b"a")), Value::Double(1.5))]);
/// encode_value(&v, &mut out);
/// assert_eq!(&out[..], b"%1\r\n+a\r\n,1.5\r\n");
/// ```
pub fn encode_value(value: &Value, out: &mut BytesMut) {
    encode_with(value, out, Resp::Three)
}

/// Appends `value` to `out` in RESP2 form, mapping RESP3-only types onto what a RESP2 server
/// sends for them.
///
/// [`Value::Null`] becomes `$-1`; a double, big number or verbatim string a bulk string of its
/// text; a boolean the integer 1 or 0; a bulk error an error line (CR and LF replaced by spaces,
/// as Redis does); a map a flat array of keys and values; a set or push an array. Attributes do
/// not exist in RESP2: only the value they describe is written. A simple string holding CR or
/// LF is written as a bulk string.
///
/// ```
/// use bytes::BytesMut;
/// use resp_core::{encode_value_resp2, Value};
///
/// let mut out = BytesMut::new();
/// encode_value_resp2(&Value::Map(vec![(Value::Integer(1), Value::Boolean(true))]), &mut out);
/// assert_eq!(&out[..], b"*2\r\n:1\r\n:1\r\n");
/// ```
pub fn encode_value_resp2(value: &Value, out: &mut BytesMut) {
    encode_with(value, out, Resp::Two)
}

/// Appends an array header `*len\r\n`; the `len` elements must follow.
pub fn write_array_header(len: usize, out: &mut BytesMut) {
    write_header(b'*', len, out)
}

/// Appends a RESP3 map header `%len\r\n`; `len` keys and values, alternating, must follow.
pub fn write_map_header(len: usize, out: &mut BytesMut) {
    write_header(b'%', len, out)
}

/// Appends a RESP3 set header `~len\r\n`; the `len` elements must follow.
pub fn write_set_header(len: usize, out: &mut BytesMut) {
    write_header(b'~', len, out)
}

/// Appends a RESP3 push header `>len\r\n`; the `len` elements must follow.
pub fn write_push_header(len: usize, out: &mut BytesMut) {
    write_header(b'>', len, out)
}

/// Appends one bulk string `$len\r\nbytes\r\n`.
pub fn write_bulk_string(bytes: &[u8], out: &mut BytesMut) {
    write_blob(b'$', bytes, out)
}

/// Formats a double the way [`encode_value`] writes it: `inf`, `-inf`, `nan`, or the shortest
/// decimal text that parses back to exactly `x` (possibly with an exponent, e.g. `1e300`).
///
/// ```
/// assert_eq!(resp_core::format_double(0.1), "0.1");
/// assert_eq!(resp_core::format_double(f64::NEG_INFINITY), "-inf");
/// ```
pub fn format_double(x: f64) -> String {
    let mut buf = ryu::Buffer::new();
    double_text(x, &mut buf).to_owned()
}

fn double_text(x: f64, buf: &mut ryu::Buffer) -> &str {
    if x.is_nan() {
        "nan"
    } else if x.is_infinite() {
        if x > 0.0 {
            "inf"
        } else {
            "-inf"
        }
    } else {
        buf.format_finite(x)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Resp {
    Two,
    Three,
}

/// Work left to do on the explicit stack.
enum Work<'a> {
    One(&'a Value),
    Items(slice::Iter<'a, Value>),
    Pairs(slice::Iter<'a, (Value, Value)>),
}

fn encode_with(value: &Value, out: &mut BytesMut, resp: Resp) {
    let mut stack = vec![Work::One(value)];
    while let Some(work) = stack.pop() {
        let value = match work {
            Work::One(v) => v,
            Work::Items(mut items) => match items.next() {
                Some(v) => {
                    stack.push(Work::Items(items));
                    v
                }
                None => continue,
            },
            Work::Pairs(mut pairs) => match pairs.next() {
                Some((k, v)) => {
                    stack.push(Work::Pairs(pairs));
                    stack.push(Work::One(v));
                    k
                }
                None => continue,
            },
        };
        encode_one(value, out, resp, &mut stack);
    }
}

/// Writes a scalar, or an aggregate's header and pushes the work for its elements.
fn encode_one<'a>(value: &'a Value, out: &mut BytesMut, resp: Resp, stack: &mut Vec<Work<'a>>) {
    let three = resp == Resp::Three;
    match value {
        Value::SimpleString(s) => write_line_or_blob(b'+', b'$', s, out),
        Value::Error(e) if three => write_line_or_blob(b'-', b'!', e, out),
        Value::BulkError(e) if three => write_blob(b'!', e, out),
        Value::Error(e) | Value::BulkError(e) => write_error_line_resp2(e, out),
        Value::Integer(n) => write_integer(*n, out),
        Value::BulkString(b) => write_blob(b'$', b, out),
        Value::Null if three => out.put_slice(b"_\r\n"),
        Value::Null => out.put_slice(b"$-1\r\n"),
        Value::Double(x) => {
            let mut buf = ryu::Buffer::new();
            let text = double_text(*x, &mut buf);
            if three {
                write_line(b',', text.as_bytes(), out)
            } else {
                write_blob(b'$', text.as_bytes(), out)
            }
        }
        Value::Boolean(b) if three => out.put_slice(if *b { b"#t\r\n" } else { b"#f\r\n" }),
        Value::Boolean(b) => write_integer(i64::from(*b), out),
        Value::BigNumber(n) if three => write_line(b'(', n, out),
        Value::BigNumber(n) => write_blob(b'$', n, out),
        Value::VerbatimString { format, text } if three => {
            write_header(b'=', format.len() + 1 + text.len(), out);
            out.reserve(format.len() + 1 + text.len() + 2);
            out.put_slice(format);
            out.put_u8(b':');
            out.put_slice(text);
            out.put_slice(b"\r\n");
        }
        Value::VerbatimString { text, .. } => write_blob(b'$', text, out),
        Value::Array(items) => {
            write_header(b'*', items.len(), out);
            stack.push(Work::Items(items.iter()));
        }
        Value::Set(items) => {
            write_header(if three { b'~' } else { b'*' }, items.len(), out);
            stack.push(Work::Items(items.iter()));
        }
        Value::Push(items) => {
            write_header(if three { b'>' } else { b'*' }, items.len(), out);
            stack.push(Work::Items(items.iter()));
        }
        Value::Map(pairs) => {
            if three {
                write_header(b'%', pairs.len(), out);
            } else {
                write_header(b'*', pairs.len().saturating_mul(2), out);
            }
            stack.push(Work::Pairs(pairs.iter()));
        }
        Value::Attribute { attributes, value } => {
            // The attribute map comes first on the wire, then the value it describes: push the
            // value first so the pairs pop before it.
            stack.push(Work::One(value));
            if three {
                write_header(b'|', attributes.len(), out);
                stack.push(Work::Pairs(attributes.iter()));
            }
        }
    }
}

fn write_header(kind: u8, len: usize, out: &mut BytesMut) {
    let mut digits = itoa::Buffer::new();
    write_line(kind, digits.format(len).as_bytes(), out)
}

fn write_integer(n: i64, out: &mut BytesMut) {
    let mut digits = itoa::Buffer::new();
    write_line(b':', digits.format(n).as_bytes(), out)
}

fn write_line(kind: u8, line: &[u8], out: &mut BytesMut) {
    out.reserve(1 + line.len() + 2);
    out.put_u8(kind);
    out.put_slice(line);
    out.put_slice(b"\r\n");
}

fn write_blob(kind: u8, bytes: &[u8], out: &mut BytesMut) {
    write_header(kind, bytes.len(), out);
    out.reserve(bytes.len() + 2);
    out.put_slice(bytes);
    out.put_slice(b"\r\n");
}

fn write_line_or_blob(line_kind: u8, blob_kind: u8, bytes: &[u8], out: &mut BytesMut) {
    if has_line_break(bytes) {
        write_blob(blob_kind, bytes, out)
    } else {
        write_line(line_kind, bytes, out)
    }
}

fn write_error_line_resp2(bytes: &[u8], out: &mut BytesMut) {
    if has_line_break(bytes) {
        let cleaned: Vec<u8> = bytes
            .iter()
            .map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b })
            .collect();
        write_line(b'-', &cleaned, out)
    } else {
        write_line(b'-', bytes, out)
    }
}

fn has_line_break(bytes: &[u8]) -> bool {
    memchr::memchr2(b'\r', b'\n', bytes).is_some()
}

#[cfg(test)]
mod tests;
