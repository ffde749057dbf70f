//! [`Frame`]: one partly built aggregate on the decoder's stack.

use std::mem;

use bytes::BytesMut;

use crate::Value;

/// Which aggregate a frame builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Array,
    Set,
    Push,
    Map,
    Attribute,
}

impl Kind {
    /// The empty value of this kind (attributes are never empty: they wrap a value).
    pub(super) fn empty(self) -> Value {
        match self {
            Kind::Array => Value::Array(Vec::new()),
            Kind::Set => Value::Set(Vec::new()),
            Kind::Push => Value::Push(Vec::new()),
            Kind::Map | Kind::Attribute => Value::Map(Vec::new()),
        }
    }

    /// Values per declared element: a map or attribute of `n` declares `n` pairs.
    pub(super) fn values_per_element(self) -> u64 {
        match self {
            Kind::Map | Kind::Attribute => 2,
            Kind::Array | Kind::Set | Kind::Push => 1,
        }
    }
}

/// What a frame has collected so far.
#[derive(Debug)]
enum Parts {
    /// An array, set or push.
    List(Kind, Vec<Value>),
    /// A map, or an attribute's map; `key` waits for its value.
    Pairs {
        kind: Kind,
        pairs: Vec<(Value, Value)>,
        key: Option<Value>,
    },
    /// The chunks of a streamed string (`$?`), concatenated.
    Chunks(BytesMut),
}

/// A partly built aggregate.
#[derive(Debug)]
pub(super) struct Frame {
    parts: Parts,
    /// Values still to come, counting a map pair as two and an attribute's value as one;
    /// ignored when `streamed`.
    remaining: u64,
    /// Whether the end is marked in the stream (`.` or `;0`) rather than counted.
    streamed: bool,
    /// Elements reserved up front, returned to the decoder's budget when the frame closes.
    pub(super) reserved: usize,
}

impl Frame {
    /// A frame for `count` declared elements (`None`: streamed), with room for `capacity`.
    pub(super) fn new(kind: Kind, count: Option<u64>, capacity: usize) -> Frame {
        let parts = match kind {
            Kind::Array | Kind::Set | Kind::Push => Parts::List(kind, Vec::with_capacity(capacity)),
            Kind::Map | Kind::Attribute => Parts::Pairs {
                kind,
                pairs: Vec::with_capacity(capacity),
                key: None,
            },
        };
        let values = count.map_or(0, |n| n.saturating_mul(kind.values_per_element()));
        Frame {
            parts,
            remaining: if kind == Kind::Attribute {
                values.saturating_add(1)
            } else {
                values
            },
            streamed: count.is_none(),
            reserved: capacity,
        }
    }

    /// A frame for a streamed string.
    pub(super) fn chunks() -> Frame {
        Frame {
            parts: Parts::Chunks(BytesMut::new()),
            remaining: 0,
            streamed: true,
            reserved: 0,
        }
    }

    /// Whether its end is marked in the stream.
    #[inline]
    pub(super) fn is_streamed(&self) -> bool {
        self.streamed
    }

    /// Room reserved in its vector, for tests of the allocation bounds.
    #[cfg(test)]
    pub(super) fn capacity(&self) -> usize {
        match &self.parts {
            Parts::List(_, items) => items.capacity(),
            Parts::Pairs { pairs, .. } => pairs.capacity(),
            Parts::Chunks(data) => data.capacity(),
        }
    }

    /// Whether this is a streamed string.
    pub(super) fn is_chunks(&self) -> bool {
        matches!(self.parts, Parts::Chunks(_))
    }

    /// The streamed string's bytes so far, if this is one.
    pub(super) fn chunks_mut(&mut self) -> Option<&mut BytesMut> {
        match &mut self.parts {
            Parts::Chunks(data) => Some(data),
            _ => None,
        }
    }

    /// How many values it holds (a pair counts as two).
    pub(super) fn len(&self) -> u64 {
        let n = match &self.parts {
            Parts::List(_, items) => items.len(),
            Parts::Pairs { pairs, key, .. } => pairs.len() * 2 + usize::from(key.is_some()),
            Parts::Chunks(_) => 0,
        };
        n as u64
    }

    /// Whether a map is waiting for the value of a key it holds.
    pub(super) fn awaits_map_value(&self) -> bool {
        matches!(&self.parts, Parts::Pairs { key: Some(_), .. })
    }

    /// How many values can be added to this frame without completing it (or, streamed,
    /// without going over `max_elements`), if it is an array, set or push; else 0.
    #[inline]
    pub(super) fn list_room(&self, max_elements: u64) -> u64 {
        match &self.parts {
            Parts::List(_, items) if self.streamed => {
                max_elements.saturating_sub(items.len() as u64)
            }
            Parts::List(..) => self.remaining.saturating_sub(1),
            _ => 0,
        }
    }

    /// The list to add `count` values to, counted in already; `count` is within
    /// [`Frame::list_room`], so they do not complete the frame.
    pub(super) fn list_for(&mut self, count: usize) -> Option<&mut Vec<Value>> {
        let Parts::List(_, items) = &mut self.parts else {
            return None;
        };
        if !self.streamed {
            self.remaining = self.remaining.saturating_sub(count as u64);
        }
        Some(items)
    }

    /// Adds the next value; returns the finished aggregate when that was the last one.
    #[inline]
    pub(super) fn push(&mut self, value: Value) -> Option<Value> {
        match &mut self.parts {
            Parts::List(_, items) => items.push(value),
            Parts::Pairs {
                kind: Kind::Attribute,
                pairs,
                key: None,
            } if self.remaining == 1 => {
                return Some(Value::Attribute {
                    attributes: mem::take(pairs),
                    value: Box::new(value),
                })
            }
            Parts::Pairs { pairs, key, .. } => match key.take() {
                None => *key = Some(value),
                Some(k) => pairs.push((k, value)),
            },
            // The decoder only feeds chunks to a streamed string.
            Parts::Chunks(_) => return None,
        }
        if self.streamed {
            return None;
        }
        self.remaining -= 1;
        if self.remaining == 0 {
            Some(self.finish())
        } else {
            None
        }
    }

    /// Takes out what it has built as a value.
    pub(super) fn finish(&mut self) -> Value {
        match &mut self.parts {
            Parts::List(Kind::Set, items) => Value::Set(mem::take(items)),
            Parts::List(Kind::Push, items) => Value::Push(mem::take(items)),
            Parts::List(_, items) => Value::Array(mem::take(items)),
            Parts::Pairs { pairs, .. } => Value::Map(mem::take(pairs)),
            Parts::Chunks(data) => Value::BulkString(mem::take(data).freeze()),
        }
    }
}
