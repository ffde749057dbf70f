//! [`FromValue`]: turning a reply into a Rust type, accepting both RESP2 and RESP3 shapes.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasher, Hash};

use bytes::Bytes;

use crate::{Error, ServerError, TypeError, Value};

/// A Rust type a reply can become.
///
/// Implementations accept every shape the server may use for the same data: a map arrives as a
/// RESP3 map or as a RESP2 flat array of keys and values; a double as a RESP3 double or as a
/// bulk string. A mismatch is [`Error::Type`] naming what was expected and what was received;
/// an error reply nested in an aggregate (e.g. in an EXEC result) is [`Error::Server`].
///
/// The two hooks with defaults let element types shape the collections that hold them: pairs
/// collect from flat arrays, and bytes (`u8`) collect from a bulk string.
pub trait FromValue: Sized {
    /// Converts one value.
    ///
    /// # Errors
    /// [`Error::Type`] when the value has no sensible meaning as `Self`.
    fn from_value(value: Value) -> Result<Self, Error>;

    /// Converts the items of an array (or set) into a `Vec<Self>`. Two-tuples override it to
    /// accept the RESP2 flat `[k1, v1, k2, v2]` form.
    ///
    /// # Errors
    /// As for [`FromValue::from_value`], for the first item that fails.
    fn from_array(items: Vec<Value>) -> Result<Vec<Self>, Error> {
        items.into_iter().map(Self::from_value).collect()
    }

    /// Converts a bulk string into a `Vec<Self>`; only `u8` accepts this (so `Vec<u8>` reads
    /// binary data), every other type returns `None`.
    fn from_bulk(_bulk: Bytes) -> Option<Vec<Self>> {
        None
    }
}

/// Skips attributes and turns an error reply into [`Error::Server`]: the first step of every
/// conversion, so an error nested anywhere in an aggregate surfaces as an error.
pub(crate) fn prepare(value: Value) -> Result<Value, Error> {
    match value.without_attributes() {
        Value::Error(line) | Value::BulkError(line) => {
            Err(Error::Server(ServerError::from_bytes(line)))
        }
        other => Ok(other),
    }
}

/// A [`TypeError`] for `value`, with a short preview of text the type could not read.
fn mismatch(expected: &'static str, value: &Value) -> Error {
    let received = match value {
        Value::SimpleString(b) | Value::BulkString(b) | Value::BigNumber(b) => {
            format!("{} {}", value.kind(), preview(b))
        }
        Value::VerbatimString { text, .. } => format!("{} {}", value.kind(), preview(text)),
        Value::Integer(n) => format!("integer {n}"),
        Value::Double(x) => format!("double {}", crate::format_double(*x)),
        Value::Array(items) | Value::Set(items) | Value::Push(items) => {
            format!("{} of {} elements", value.kind(), items.len())
        }
        Value::Map(pairs) => format!("map of {} entries", pairs.len()),
        other => other.kind().to_owned(),
    };
    Error::Type(TypeError { expected, received })
}

/// The first bytes of `bytes`, quoted and escaped, for error messages.
fn preview(bytes: &[u8]) -> String {
    const MAX: usize = 32;
    let shown = bytes.get(..MAX).unwrap_or(bytes);
    let mut text = format!("\"{}\"", shown.escape_ascii());
    if bytes.len() > MAX {
        text.push_str(&format!("... ({} bytes)", bytes.len()));
    }
    text
}

impl FromValue for Value {
    /// The reply as it is. Only a top-level error reply fails (as [`Error::Server`]); errors
    /// nested in an aggregate and attributes are kept, so this is the way to look at every
    /// reply of an `EXEC` including the failed ones.
    fn from_value(value: Value) -> Result<Self, Error> {
        match value {
            Value::Error(line) | Value::BulkError(line) => {
                Err(Error::Server(ServerError::from_bytes(line)))
            }
            other => Ok(other),
        }
    }
}

impl FromValue for () {
    /// Accepts only replies that carry no data: a status (`+OK`, `+QUEUED`, `+PONG`), nil,
    /// an integer or a boolean (the counts and flags write commands answer with), or an
    /// aggregate holding only such replies (an `EXEC` of writes). A reply that carries data
    /// (a bulk or verbatim string, a double, a big number, a map, an array with a string in
    /// it) is [`Error::Type`].
    ///
    /// That makes `()` a safe fallback for generic replies: `let v: () =
    /// client.get("k").await?` (what the compiler suggests when `let v = client.get("k")`
    /// cannot infer a type) fails loudly when the key holds a value, instead of dropping it.
    /// To run a command and ignore whatever it returns, ask for [`Value`].
    ///
    /// ```
    /// use resp_core::{FromValue, Value};
    ///
    /// assert!(<()>::from_value(Value::SimpleString("OK".into())).is_ok());
    /// assert!(<()>::from_value(Value::Integer(1)).is_ok());
    /// assert!(<()>::from_value(Value::Null).is_ok());
    /// assert!(<()>::from_value(Value::BulkString("hello".into())).is_err());
    /// ```
    fn from_value(value: Value) -> Result<Self, Error> {
        match prepare(value)? {
            Value::SimpleString(_) | Value::Null | Value::Integer(_) | Value::Boolean(_) => Ok(()),
            // An error nested in the aggregate surfaces, as for every other type.
            Value::Array(items) | Value::Set(items) => {
                items.into_iter().try_for_each(Self::from_value)
            }
            other => Err(mismatch(
                "a reply without data (OK, nil, an integer); ask for the value's type or Value",
                &other,
            )),
        }
    }
}

impl<T: FromValue> FromValue for Result<T, ServerError> {
    /// An error reply becomes `Ok(Err(_))` instead of failing the whole conversion, so a
    /// `Vec<Result<T, ServerError>>` reads every reply of a transaction, failed ones included.
    /// A reply that does not fit `T` is still an [`Error::Type`].
    fn from_value(value: Value) -> Result<Self, Error> {
        match value.without_attributes() {
            Value::Error(line) | Value::BulkError(line) => Ok(Err(ServerError::from_bytes(line))),
            other => T::from_value(other).map(Ok),
        }
    }
}

impl FromValue for bool {
    /// Accepts a RESP3 boolean, the integers 0 and 1 (RESP2's booleans), the texts `"0"`,
    /// `"1"`, and the status `OK` (true). Null is not a boolean: commands whose "no" is a null
    /// reply (such as `SET ... NX`) convert it themselves, and `Option<bool>` reads it as `None`.
    fn from_value(value: Value) -> Result<Self, Error> {
        match prepare(value)? {
            Value::Boolean(b) => Ok(b),
            Value::Integer(0) => Ok(false),
            Value::Integer(1) => Ok(true),
            Value::SimpleString(s) | Value::BulkString(s)
                if s.as_ref() == b"1" || s.as_ref() == b"OK" =>
            {
                Ok(true)
            }
            Value::SimpleString(s) | Value::BulkString(s) if s.as_ref() == b"0" => Ok(false),
            other => Err(mismatch("boolean (0 or 1)", &other)),
        }
    }
}

/// The integer a value holds: integers, booleans, decimal text, big numbers, and doubles with
/// no fractional part. `None` when the value holds no integer or one outside `i128`.
fn integer_of(value: &Value) -> Option<i128> {
    match value {
        Value::Integer(n) => Some(i128::from(*n)),
        Value::Boolean(b) => Some(i128::from(*b)),
        Value::SimpleString(s) | Value::BulkString(s) | Value::BigNumber(s) => parse_integer(s),
        Value::VerbatimString { text, .. } => parse_integer(text),
        // 2^127 bounds the doubles whose integral value `as` converts exactly.
        Value::Double(x) if x.fract() == 0.0 && x.abs() < 1.7e38 => Some(*x as i128),
        _ => None,
    }
}

fn parse_integer(text: &[u8]) -> Option<i128> {
    // `str::parse` also accepts a leading '+', which Redis never sends but is harmless.
    std::str::from_utf8(text).ok()?.parse().ok()
}

macro_rules! integer {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            /// Accepts an integer, decimal text (a bulk or simple string, a big number), a
            /// RESP3 boolean (1 or 0), or a double with no fractional part, when the number fits.
            fn from_value(value: Value) -> Result<Self, Error> {
                let value = prepare(value)?;
                integer_of(&value)
                    .and_then(|n| <$t>::try_from(n).ok())
                    .ok_or_else(|| mismatch(concat!("integer (", stringify!($t), ")"), &value))
            }
        }
    )*};
}
integer!(i8, i16, i32, i64, i128, isize, u16, u32, u64, usize);

impl FromValue for u128 {
    /// As for the other integer types; big numbers above `i128::MAX` are read too.
    fn from_value(value: Value) -> Result<Self, Error> {
        let value = prepare(value)?;
        let wide = match &value {
            Value::BigNumber(s) | Value::BulkString(s) | Value::SimpleString(s) => {
                std::str::from_utf8(s)
                    .ok()
                    .and_then(|s| s.parse::<u128>().ok())
            }
            _ => None,
        };
        wide.or_else(|| integer_of(&value).and_then(|n| u128::try_from(n).ok()))
            .ok_or_else(|| mismatch("integer (u128)", &value))
    }
}

impl FromValue for u8 {
    /// As for the other integer types. A bulk string read as `Vec<u8>` is its bytes, not a
    /// list of numbers.
    fn from_value(value: Value) -> Result<Self, Error> {
        let value = prepare(value)?;
        integer_of(&value)
            .and_then(|n| u8::try_from(n).ok())
            .ok_or_else(|| mismatch("integer (u8)", &value))
    }

    fn from_bulk(bulk: Bytes) -> Option<Vec<Self>> {
        Some(bulk.into())
    }
}

fn float_of(value: &Value) -> Option<f64> {
    match value {
        Value::Double(x) => Some(*x),
        Value::Integer(n) => Some(*n as f64),
        Value::SimpleString(s) | Value::BulkString(s) | Value::BigNumber(s) => parse_float(s),
        Value::VerbatimString { text, .. } => parse_float(text),
        _ => None,
    }
}

fn parse_float(text: &[u8]) -> Option<f64> {
    // Rust's parser takes what Redis writes: "3.5", "1e+300", "inf", "-inf", "nan".
    std::str::from_utf8(text).ok()?.parse().ok()
}

impl FromValue for f64 {
    /// Accepts a RESP3 double, an integer, or decimal text such as `"3.5"`, `"1e10"`, `"inf"`
    /// (RESP2 sends scores and other doubles as bulk strings).
    fn from_value(value: Value) -> Result<Self, Error> {
        let value = prepare(value)?;
        float_of(&value).ok_or_else(|| mismatch("floating-point number", &value))
    }
}

impl FromValue for f32 {
    /// As for `f64`, rounded to the nearest `f32`.
    fn from_value(value: Value) -> Result<Self, Error> {
        f64::from_value(value).map(|x| x as f32)
    }
}

/// The bytes a value holds as text: strings, and numbers rendered in decimal.
fn text_of(value: Value) -> Result<Bytes, Value> {
    match value {
        Value::SimpleString(s) | Value::BulkString(s) | Value::BigNumber(s) => Ok(s),
        Value::VerbatimString { text, .. } => Ok(text),
        Value::Integer(n) => Ok(Bytes::copy_from_slice(
            itoa::Buffer::new().format(n).as_bytes(),
        )),
        Value::Double(x) => Ok(Bytes::from(crate::format_double(x))),
        other => Err(other),
    }
}

impl FromValue for Bytes {
    /// Accepts a bulk, simple or verbatim string (its text), a big number, or an integer or
    /// double (rendered in decimal). No copy for strings.
    fn from_value(value: Value) -> Result<Self, Error> {
        text_of(prepare(value)?).map_err(|other| mismatch("bytes", &other))
    }
}

impl FromValue for String {
    /// As for [`Bytes`], checked to be UTF-8.
    fn from_value(value: Value) -> Result<Self, Error> {
        let bytes = text_of(prepare(value)?).map_err(|other| mismatch("string", &other))?;
        match String::from_utf8(bytes.into()) {
            Ok(s) => Ok(s),
            Err(e) => Err(mismatch(
                "UTF-8 string",
                &Value::BulkString(Bytes::from(e.into_bytes())),
            )),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    /// Null is `None`; anything else is converted as `T`.
    fn from_value(value: Value) -> Result<Self, Error> {
        match prepare(value)? {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// The elements of an aggregate as one flat list (a map's keys and values alternate), for
/// collections. Null is the empty list (RESP2 sends `*-1` for "nothing").
fn elements_of(value: Value, expected: &'static str) -> Result<Vec<Value>, Error> {
    match value {
        Value::Array(items) | Value::Set(items) | Value::Push(items) => Ok(items),
        Value::Null => Ok(Vec::new()),
        Value::Map(pairs) => Ok(flatten(pairs)),
        other => Err(mismatch(expected, &other)),
    }
}

fn flatten(pairs: Vec<(Value, Value)>) -> Vec<Value> {
    let mut flat = Vec::with_capacity(pairs.len().saturating_mul(2));
    for (k, v) in pairs {
        flat.push(k);
        flat.push(v);
    }
    flat
}

impl<T: FromValue> FromValue for Vec<T> {
    /// Accepts an array, set or push (element by element), null (empty), a map (as its keys and
    /// values alternating, so `Vec<(K, V)>` reads its entries), and for `Vec<u8>` whatever
    /// [`Bytes`] accepts (a string's bytes, a number's decimal text).
    fn from_value(value: Value) -> Result<Self, Error> {
        match prepare(value)? {
            aggregate @ (Value::Array(_)
            | Value::Set(_)
            | Value::Push(_)
            | Value::Map(_)
            | Value::Null) => T::from_array(elements_of(aggregate, "array")?),
            // Only `u8` reads text as a list (of bytes). Asking with an empty buffer costs
            // nothing and leaves the reply's buffer unshared, so `Vec::from` can reuse it.
            scalar if T::from_bulk(Bytes::new()).is_some() => match text_of(scalar) {
                Ok(text) => T::from_bulk(text).ok_or_else(|| mismatch("array", &Value::Null)),
                Err(other) => Err(mismatch("array", &other)),
            },
            scalar => Err(mismatch("array", &scalar)),
        }
    }
}

impl<T: FromValue + Eq + Hash, S: BuildHasher + Default> FromValue for HashSet<T, S> {
    /// Accepts what `Vec<T>` accepts; duplicates collapse.
    fn from_value(value: Value) -> Result<Self, Error> {
        Ok(Vec::<T>::from_value(value)?.into_iter().collect())
    }
}

impl<T: FromValue + Ord> FromValue for BTreeSet<T> {
    /// Accepts what `Vec<T>` accepts; duplicates collapse.
    fn from_value(value: Value) -> Result<Self, Error> {
        Ok(Vec::<T>::from_value(value)?.into_iter().collect())
    }
}

/// The entries of a map-like reply: a RESP3 map, a RESP2 flat array `[k1, v1, k2, v2]`, or an
/// array of two-element arrays.
fn entries_of<K: FromValue, V: FromValue>(value: Value) -> Result<Vec<(K, V)>, Error> {
    match prepare(value)? {
        Value::Map(pairs) => pairs
            .into_iter()
            .map(|(k, v)| Ok((K::from_value(k)?, V::from_value(v)?)))
            .collect(),
        other => <(K, V)>::from_array(elements_of(other, "map")?),
    }
}

impl<K, V, S> FromValue for HashMap<K, V, S>
where
    K: FromValue + Eq + Hash,
    V: FromValue,
    S: BuildHasher + Default,
{
    /// Accepts a RESP3 map, a RESP2 flat array of keys and values (an odd length is an error),
    /// an array of `[key, value]` arrays, or null (empty). A repeated key keeps the last value.
    fn from_value(value: Value) -> Result<Self, Error> {
        Ok(entries_of(value)?.into_iter().collect())
    }
}

impl<K: FromValue + Ord, V: FromValue> FromValue for BTreeMap<K, V> {
    /// As for `HashMap`.
    fn from_value(value: Value) -> Result<Self, Error> {
        Ok(entries_of(value)?.into_iter().collect())
    }
}

/// Whether `items` is the "array of pairs" form (`[[k1, v1], [k2, v2]]`, as RESP3 sends
/// e.g. `HRANDFIELD ... WITHVALUES`) rather than a flat key/value list. Redis keys are never
/// arrays, so a list whose every element is a two-element array cannot be a flat map.
fn is_array_of_pairs(items: &[Value]) -> bool {
    !items.is_empty()
        && items
            .iter()
            .all(|item| matches!(item, Value::Array(pair) if pair.len() == 2))
}

/// The elements of a tuple-shaped reply, checked to be exactly `n`.
fn tuple_elements(value: Value, n: usize, expected: &'static str) -> Result<Vec<Value>, Error> {
    match prepare(value)? {
        Value::Array(items) | Value::Set(items) | Value::Push(items) if items.len() == n => {
            Ok(items)
        }
        Value::Map(pairs) if pairs.len() * 2 == n => Ok(flatten(pairs)),
        other => Err(mismatch(expected, &other)),
    }
}

impl<A: FromValue, B: FromValue> FromValue for (A, B) {
    /// Accepts an array (or set, or a one-entry map) of exactly two elements.
    fn from_value(value: Value) -> Result<Self, Error> {
        let mut items = tuple_elements(value, 2, "array of 2 elements")?.into_iter();
        match (items.next(), items.next()) {
            (Some(a), Some(b)) => Ok((A::from_value(a)?, B::from_value(b)?)),
            // tuple_elements checked the length.
            _ => Err(Error::Type(TypeError {
                expected: "array of 2 elements",
                received: "a shorter array".to_owned(),
            })),
        }
    }

    /// Accepts a flat list `[k1, v1, k2, v2]` (RESP2 maps; an odd length is an error) or a list
    /// of two-element arrays `[[k1, v1], [k2, v2]]` (RESP3).
    fn from_array(items: Vec<Value>) -> Result<Vec<Self>, Error> {
        if is_array_of_pairs(&items) {
            return items.into_iter().map(Self::from_value).collect();
        }
        if items.len() % 2 != 0 {
            return Err(Error::Type(TypeError {
                expected: "key/value pairs",
                received: format!("array of {} elements (odd length)", items.len()),
            }));
        }
        let mut pairs = Vec::with_capacity(items.len() / 2);
        let mut items = items.into_iter();
        while let (Some(k), Some(v)) = (items.next(), items.next()) {
            pairs.push((A::from_value(k)?, B::from_value(v)?));
        }
        Ok(pairs)
    }
}

macro_rules! tuple {
    ($n:literal: $($name:ident)+) => {
        impl<$($name: FromValue),+> FromValue for ($($name,)+) {
            /// Accepts an array (or set) of exactly as many elements as the tuple has.
            #[allow(non_snake_case)]
            fn from_value(value: Value) -> Result<Self, Error> {
                const EXPECTED: &str = concat!("array of ", $n, " elements");
                let mut items = tuple_elements(value, $n, EXPECTED)?.into_iter();
                $(
                    let $name = match items.next() {
                        Some(item) => $name::from_value(item)?,
                        None => return Err(Error::Type(TypeError {
                            expected: EXPECTED,
                            received: "a shorter array".to_owned(),
                        })),
                    };
                )+
                Ok(($($name,)+))
            }
        }
    };
}
tuple!(1: A);
tuple!(3: A B C);
tuple!(4: A B C D);
tuple!(5: A B C D E);
tuple!(6: A B C D E F);
tuple!(7: A B C D E F G);
tuple!(8: A B C D E F G H);
tuple!(9: A B C D E F G H I);
tuple!(10: A B C D E F G H I J);
tuple!(11: A B C D E F G H I J K);
tuple!(12: A B C D E F G H I J K L);

#[cfg(test)]
mod tests;
