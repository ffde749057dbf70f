//! The incremental, iterative RESP2/RESP3 decoder. (Skeleton: the decoder issue fills it in.)

use bytes::BytesMut;

use crate::{ProtocolError, Value};

/// Caps the decoder checks before it allocates anything for a declared size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Longest bulk string, bulk error or verbatim string (default 512 MiB, as redis-server's
    /// `proto-max-bulk-len`).
    pub max_bulk_len: u64,
    /// Most elements in one aggregate (a map counts its pairs twice).
    pub max_elements: u64,
    /// Deepest nesting of aggregates.
    pub max_depth: usize,
    /// Longest simple line (simple string, error, number).
    pub max_line_len: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bulk_len: 512 * 1024 * 1024,
            max_elements: i32::MAX as u64,
            max_depth: 1024,
            max_line_len: 64 * 1024,
        }
    }
}

/// Decodes replies one at a time off the front of a buffer, keeping its progress between calls.
#[derive(Debug, Default)]
pub struct Decoder {
    limits: Limits,
}

impl Decoder {
    /// A decoder with [`Limits::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// A decoder with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        Decoder { limits }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Takes one complete reply off the front of `buf`, or returns `Ok(None)` (keeping its
    /// progress) when `buf` does not hold a whole reply yet.
    ///
    /// # Errors
    /// A [`ProtocolError`] for malformed input or a broken limit; the decoder is then unusable.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Value>, ProtocolError> {
        let _ = buf;
        todo!("decoder")
    }
}
