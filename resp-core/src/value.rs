//! [`Value`]: one reply from the server, the RESP3 superset of RESP2's types.

use std::fmt;

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
#[derive(PartialEq)]
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

/// Written out to print exactly what a derived `Debug` would, with smaller frames on the
/// recursive path (formatting recurses once per nesting level; see [`crate::Limits`] on depth).
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Array(items) => f.debug_tuple("Array").field(&List(items)).finish(),
            Value::Map(pairs) => f.debug_tuple("Map").field(&Pairs(pairs)).finish(),
            Value::Set(items) => f.debug_tuple("Set").field(&List(items)).finish(),
            Value::Push(items) => f.debug_tuple("Push").field(&List(items)).finish(),
            Value::Attribute { attributes, value } => f
                .debug_struct("Attribute")
                .field("attributes", &Pairs(attributes))
                .field("value", value)
                .finish(),
            scalar => fmt_scalar(scalar, f),
        }
    }
}

#[inline(never)]
fn fmt_scalar(value: &Value, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match value {
        Value::SimpleString(s) => f.debug_tuple("SimpleString").field(s).finish(),
        Value::Error(s) => f.debug_tuple("Error").field(s).finish(),
        Value::Integer(n) => f.debug_tuple("Integer").field(n).finish(),
        Value::BulkString(s) => f.debug_tuple("BulkString").field(s).finish(),
        Value::Null => f.write_str("Null"),
        Value::Double(x) => f.debug_tuple("Double").field(x).finish(),
        Value::Boolean(b) => f.debug_tuple("Boolean").field(b).finish(),
        Value::BigNumber(s) => f.debug_tuple("BigNumber").field(s).finish(),
        Value::BulkError(s) => f.debug_tuple("BulkError").field(s).finish(),
        Value::VerbatimString { format, text } => f
            .debug_struct("VerbatimString")
            .field("format", format)
            .field("text", text)
            .finish(),
        // Aggregates do not come here.
        Value::Array(_)
        | Value::Map(_)
        | Value::Set(_)
        | Value::Push(_)
        | Value::Attribute { .. } => Ok(()),
    }
}

/// Formats like a `Vec<Value>`.
struct List<'a>(&'a [Value]);

impl fmt::Debug for List<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for item in self.0 {
            list.entry(item);
        }
        list.finish()
    }
}

/// Formats like a `Vec<(Value, Value)>`.
struct Pairs<'a>(&'a [(Value, Value)]);

impl fmt::Debug for Pairs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for (key, value) in self.0 {
            list.entry(&Pair(key, value));
        }
        list.finish()
    }
}

/// Formats like a `(Value, Value)`.
struct Pair<'a>(&'a Value, &'a Value);

impl fmt::Debug for Pair<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("").field(self.0).field(self.1).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Value`'s shape with a derived `Debug`, to compare the hand-written one with.
    #[derive(Debug)]
    #[allow(dead_code)] // The fields are only read by the derived `Debug`.
    enum Derived {
        SimpleString(Bytes),
        Error(Bytes),
        Integer(i64),
        BulkString(Bytes),
        Array(Vec<Derived>),
        Null,
        Double(f64),
        Boolean(bool),
        BigNumber(Bytes),
        BulkError(Bytes),
        VerbatimString {
            format: [u8; 3],
            text: Bytes,
        },
        Map(Vec<(Derived, Derived)>),
        Set(Vec<Derived>),
        Push(Vec<Derived>),
        Attribute {
            attributes: Vec<(Derived, Derived)>,
            value: Box<Derived>,
        },
    }

    fn derived(v: &Value) -> Derived {
        let list = |items: &[Value]| items.iter().map(derived).collect();
        let pairs = |pairs: &[(Value, Value)]| {
            pairs
                .iter()
                .map(|(k, v)| (derived(k), derived(v)))
                .collect()
        };
        match v.clone() {
            Value::SimpleString(s) => Derived::SimpleString(s),
            Value::Error(s) => Derived::Error(s),
            Value::Integer(n) => Derived::Integer(n),
            Value::BulkString(s) => Derived::BulkString(s),
            Value::Array(items) => Derived::Array(list(&items)),
            Value::Null => Derived::Null,
            Value::Double(x) => Derived::Double(x),
            Value::Boolean(b) => Derived::Boolean(b),
            Value::BigNumber(s) => Derived::BigNumber(s),
            Value::BulkError(s) => Derived::BulkError(s),
            Value::VerbatimString { format, text } => Derived::VerbatimString { format, text },
            Value::Map(p) => Derived::Map(pairs(&p)),
            Value::Set(items) => Derived::Set(list(&items)),
            Value::Push(items) => Derived::Push(list(&items)),
            Value::Attribute { attributes, value } => Derived::Attribute {
                attributes: pairs(&attributes),
                value: Box::new(derived(&value)),
            },
        }
    }

    fn every_variant() -> Value {
        Value::Push(vec![
            Value::SimpleString("OK".into()),
            Value::Error("ERR x".into()),
            Value::Integer(-1),
            Value::BulkString("a\r\n".into()),
            Value::Null,
            Value::Double(1.5),
            Value::Boolean(true),
            Value::BigNumber("123".into()),
            Value::BulkError("b".into()),
            Value::VerbatimString {
                format: *b"txt",
                text: "x".into(),
            },
            Value::Map(vec![(
                Value::SimpleString("a".into()),
                Value::Set(vec![Value::Array(vec![])]),
            )]),
            Value::Attribute {
                attributes: vec![(Value::Null, Value::Integer(2))],
                value: Box::new(Value::Map(vec![])),
            },
        ])
    }

    #[test]
    fn debug_prints_what_a_derived_impl_would() {
        let v = every_variant();
        assert_eq!(format!("{v:?}"), format!("{:?}", derived(&v)));
        assert_eq!(format!("{v:#?}"), format!("{:#?}", derived(&v)));
    }

    #[test]
    fn clone_copies_every_variant() {
        let v = every_variant();
        assert_eq!(v.clone(), v);
        assert_eq!(format!("{:?}", v.clone()), format!("{v:?}"));
    }
}
