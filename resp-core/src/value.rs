//! [`Value`]: one reply from the server, the RESP3 superset of RESP2's types.

use bytes::Bytes;

/// One decoded reply (or one element of an aggregate reply).
///
/// RESP2's null bulk string (`$-1`), null array (`*-1`) and RESP3's null (`_`) all decode to
/// [`Value::Null`]. Text-like payloads are [`Bytes`] slices of the read buffer: decoding copies
/// nothing, and Redis never promises UTF-8.
///
/// ```
/// use bytes::Bytes;
/// use resp_core::Value;
///
/// let v = Value::Array(vec![Value::BulkString(Bytes::from_static(b"a")), Value::Integer(1)]);
/// assert_eq!(v.kind(), "array");
/// ```
#[derive(Debug, PartialEq)]
pub enum Value {
    /// `+OK`: a short status line.
    SimpleString(Bytes),
    /// `-ERR message`: an error reply, kept as sent (see [`crate::ServerError`] for its parsed form).
    Error(Bytes),
    /// `:42`
    Integer(i64),
    /// `$3\r\nfoo`: binary-safe user data.
    BulkString(Bytes),
    /// `*N`
    Array(Vec<Value>),
    /// `_`, `$-1` or `*-1`.
    Null,
    /// `,3.14` (RESP3), including `inf`, `-inf` and `nan`.
    Double(f64),
    /// `#t` / `#f` (RESP3).
    Boolean(bool),
    /// `(3492890328409238509324850943850943825024385` (RESP3): the decimal digits, with sign.
    BigNumber(Bytes),
    /// `!21\r\nSYNTAX invalid syntax` (RESP3): a binary-safe error.
    BulkError(Bytes),
    /// `=15\r\ntxt:Some string` (RESP3): text with a three-byte format tag such as `txt` or `mkd`.
    VerbatimString {
        /// The format tag, e.g. `*b"txt"`.
        format: [u8; 3],
        /// The text after the `xxx:` prefix.
        text: Bytes,
    },
    /// `%N` (RESP3): key/value pairs in the order the server sent them.
    Map(Vec<(Value, Value)>),
    /// `~N` (RESP3)
    Set(Vec<Value>),
    /// `>N` (RESP3): out-of-band data such as pub/sub messages and invalidations.
    Push(Vec<Value>),
    /// `|N` (RESP3): metadata attached to the value that follows it.
    Attribute {
        /// The attribute map.
        attributes: Vec<(Value, Value)>,
        /// The value the attributes describe.
        value: Box<Value>,
    },
}

impl Value {
    /// A short lower-case name of this value's RESP type, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::SimpleString(_) => "simple string",
            Value::Error(_) => "error",
            Value::Integer(_) => "integer",
            Value::BulkString(_) => "bulk string",
            Value::Array(_) => "array",
            Value::Null => "null",
            Value::Double(_) => "double",
            Value::Boolean(_) => "boolean",
            Value::BigNumber(_) => "big number",
            Value::BulkError(_) => "bulk error",
            Value::VerbatimString { .. } => "verbatim string",
            Value::Map(_) => "map",
            Value::Set(_) => "set",
            Value::Push(_) => "push",
            Value::Attribute { .. } => "attribute",
        }
    }

    /// This value without any [`Value::Attribute`] wrappers around it.
    ///
    /// Callers that do not care for RESP3 attributes use this to skip them.
    pub fn without_attributes(mut self) -> Value {
        while let Value::Attribute { value, .. } = self {
            self = *value;
        }
        self
    }

    /// Whether this is an error reply ([`Value::Error`] or [`Value::BulkError`]).
    pub fn is_error(&self) -> bool {
        matches!(self, Value::Error(_) | Value::BulkError(_))
    }
}

/// Written out rather than derived: cloning recurses once per nesting level, and the derived
/// version's frames are large in unoptimised builds (a value nested 1,400 maps deep overflowed
/// a 2 MiB stack, barely above the decoder's default depth limit). Keeping the recursive frame
/// to the aggregate cases roughly doubles the depth it takes; see [`crate::Limits`] on depth.
impl Clone for Value {
    fn clone(&self) -> Self {
        match self {
            Value::Array(items) => Value::Array(clone_items(items)),
            Value::Map(pairs) => Value::Map(clone_pairs(pairs)),
            Value::Set(items) => Value::Set(clone_items(items)),
            Value::Push(items) => Value::Push(clone_items(items)),
            Value::Attribute { attributes, value } => clone_attribute(attributes, value),
            scalar => clone_scalar(scalar),
        }
    }
}

#[inline(never)]
fn clone_scalar(value: &Value) -> Value {
    match value {
        Value::SimpleString(s) => Value::SimpleString(s.clone()),
        Value::Error(s) => Value::Error(s.clone()),
        Value::Integer(n) => Value::Integer(*n),
        Value::BulkString(s) => Value::BulkString(s.clone()),
        Value::Double(x) => Value::Double(*x),
        Value::Boolean(b) => Value::Boolean(*b),
        Value::BigNumber(s) => Value::BigNumber(s.clone()),
        Value::BulkError(s) => Value::BulkError(s.clone()),
        Value::VerbatimString { format, text } => Value::VerbatimString {
            format: *format,
            text: text.clone(),
        },
        // Aggregates do not come here.
        Value::Null
        | Value::Array(_)
        | Value::Map(_)
        | Value::Set(_)
        | Value::Push(_)
        | Value::Attribute { .. } => Value::Null,
    }
}

fn clone_attribute(attributes: &[(Value, Value)], value: &Value) -> Value {
    Value::Attribute {
        attributes: clone_pairs(attributes),
        value: Box::new(value.clone()),
    }
}

fn clone_items(items: &[Value]) -> Vec<Value> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(item.clone());
    }
    out
}

fn clone_pairs(pairs: &[(Value, Value)]) -> Vec<(Value, Value)> {
    let mut out = Vec::with_capacity(pairs.len());
    for (key, value) in pairs {
        out.push((key.clone(), value.clone()));
    }
    out
}
