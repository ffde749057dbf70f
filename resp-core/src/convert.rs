//! [`FromValue`]: turning a reply into a Rust type, accepting both RESP2 and RESP3 shapes.

use bytes::Bytes;

use crate::{Error, Value};

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
