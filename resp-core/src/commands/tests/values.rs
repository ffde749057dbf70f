//! Reply values for the conversion tests.

use bytes::Bytes;

use crate::Value;

pub(super) fn bulk(s: &str) -> Value {
    Value::BulkString(Bytes::copy_from_slice(s.as_bytes()))
}

pub(super) fn arr(items: impl IntoIterator<Item = Value>) -> Value {
    Value::Array(items.into_iter().collect())
}

pub(super) fn bulks(items: &[&str]) -> Value {
    arr(items.iter().map(|s| bulk(s)))
}
