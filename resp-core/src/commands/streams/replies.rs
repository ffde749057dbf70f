//! Typed replies of the stream commands, each accepting RESP2's arrays and RESP3's maps.

use bytes::Bytes;

use crate::convert::prepare;
use crate::{Error, FromValue, TypeError, Value};

/// One stream entry: its id and its field/value pairs in the order they were added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamEntry {
    /// The entry id, e.g. `"1700000000000-0"`.
    pub id: String,
    /// The fields and values. Empty for an entry deleted while pending (XREADGROUP and
    /// XCLAIM report those with a null body).
    pub fields: Vec<(Bytes, Bytes)>,
}

impl StreamEntry {
    /// The value of the first field named `field`.
    pub fn get(&self, field: impl AsRef<[u8]>) -> Option<&Bytes> {
        let field = field.as_ref();
        self.fields
            .iter()
            .find(|(name, _)| name.as_ref() == field)
            .map(|(_, value)| value)
    }

    /// The value of `field` converted to `T` (as a bulk string would be), `Ok(None)` when the
    /// field is absent.
    ///
    /// # Errors
    /// [`Error::Type`] when the value does not convert.
    pub fn parse<T: FromValue>(&self, field: impl AsRef<[u8]>) -> Result<Option<T>, Error> {
        self.get(field)
            .map(|v| T::from_value(Value::BulkString(v.clone())))
            .transpose()
    }
}

impl FromValue for StreamEntry {
    /// Accepts `[id, [field, value, ...]]` (the body may be a map or null).
    fn from_value(value: Value) -> Result<Self, Error> {
        let (id, fields) = <(String, Vec<(Bytes, Bytes)>)>::from_value(value)?;
        Ok(StreamEntry { id, fields })
    }
}

/// The reply of `XREAD` and `XREADGROUP`: per stream key, its entries. Empty when a blocking
/// read timed out.
pub type StreamRead = Vec<(String, Vec<StreamEntry>)>;

/// The summary form of `XPENDING key group`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PendingSummary {
    /// How many entries are pending.
    pub count: u64,
    /// The lowest pending id (`None` when nothing is pending).
    pub smallest_id: Option<String>,
    /// The highest pending id.
    pub greatest_id: Option<String>,
    /// Each consumer with pending entries and how many it has.
    pub consumers: Vec<(String, u64)>,
}

impl FromValue for PendingSummary {
    /// Accepts `[count, smallest, greatest, [[consumer, count], ...]]`.
    fn from_value(value: Value) -> Result<Self, Error> {
        let (count, smallest_id, greatest_id, consumers) = FromValue::from_value(value)?;
        Ok(PendingSummary {
            count,
            smallest_id,
            greatest_id,
            consumers,
        })
    }
}

/// One entry of the extended `XPENDING` form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PendingEntry {
    /// The entry id.
    pub id: String,
    /// The consumer it was delivered to.
    pub consumer: String,
    /// Milliseconds since it was last delivered.
    pub idle_ms: u64,
    /// How many times it was delivered.
    pub deliveries: u64,
}

impl FromValue for PendingEntry {
    /// Accepts `[id, consumer, idle, deliveries]`.
    fn from_value(value: Value) -> Result<Self, Error> {
        let (id, consumer, idle_ms, deliveries) = FromValue::from_value(value)?;
        Ok(PendingEntry {
            id,
            consumer,
            idle_ms,
            deliveries,
        })
    }
}

/// The reply of `XAUTOCLAIM`: `E` is [`StreamEntry`], or `String` for the `JUSTID` form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AutoClaim<E> {
    /// The cursor to pass as `start` next time; `"0-0"` when the scan is complete.
    pub next_start: String,
    /// The claimed entries (or ids).
    pub claimed: Vec<E>,
    /// Ids that were pending but no longer exist in the stream (Redis 7; empty before).
    pub deleted: Vec<String>,
}

impl<E: FromValue> FromValue for AutoClaim<E> {
    /// Accepts `[next, [entries...], [deleted ids...]]`, or Redis 6.2's form without the
    /// third element.
    fn from_value(value: Value) -> Result<Self, Error> {
        let items = match prepare(value)? {
            Value::Array(items) if items.len() == 2 || items.len() == 3 => items,
            other => {
                return Err(Error::Type(TypeError {
                    expected: "XAUTOCLAIM reply (array of 2 or 3 elements)",
                    received: other.kind().to_owned(),
                }))
            }
        };
        let mut items = items.into_iter();
        let mut next = || items.next().unwrap_or(Value::Null);
        Ok(AutoClaim {
            next_start: String::from_value(next())?,
            claimed: Vec::from_value(next())?,
            deleted: Vec::from_value(next())?,
        })
    }
}

/// The fields of an `XINFO` reply (a RESP3 map or a RESP2 flat array), taken by name.
struct InfoFields(Vec<(String, Value)>);

impl InfoFields {
    fn new(value: Value) -> Result<Self, Error> {
        Ok(InfoFields(FromValue::from_value(value)?))
    }

    fn take_value(&mut self, name: &str) -> Option<Value> {
        let at = self.0.iter().position(|(n, _)| n == name)?;
        Some(self.0.swap_remove(at).1)
    }

    /// A field every supported Redis version sends.
    fn required<T: FromValue>(&mut self, name: &'static str) -> Result<T, Error> {
        match self.take_value(name) {
            Some(v) => T::from_value(v),
            None => Err(Error::Type(TypeError {
                expected: name,
                received: "XINFO reply without this field".to_owned(),
            })),
        }
    }

    /// A field newer versions send (or that may be null).
    fn optional<T: FromValue>(&mut self, name: &str) -> Result<Option<T>, Error> {
        match self.take_value(name) {
            Some(v) => Option::<T>::from_value(v),
            None => Ok(None),
        }
    }
}

/// The reply of `XINFO STREAM key`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamInfo {
    /// The number of entries.
    pub length: u64,
    /// Keys in the stream's radix tree.
    pub radix_tree_keys: u64,
    /// Nodes in the stream's radix tree.
    pub radix_tree_nodes: u64,
    /// The id of the last entry added.
    pub last_generated_id: String,
    /// The highest id deleted (Redis 7).
    pub max_deleted_entry_id: Option<String>,
    /// How many entries were ever added (Redis 7).
    pub entries_added: Option<u64>,
    /// The first entry's id as recorded (Redis 7).
    pub recorded_first_entry_id: Option<String>,
    /// The number of consumer groups.
    pub groups: u64,
    /// The first entry, if any.
    pub first_entry: Option<StreamEntry>,
    /// The last entry, if any.
    pub last_entry: Option<StreamEntry>,
}

impl FromValue for StreamInfo {
    /// Accepts the field/value reply of `XINFO STREAM` (without `FULL`).
    fn from_value(value: Value) -> Result<Self, Error> {
        let mut f = InfoFields::new(value)?;
        Ok(StreamInfo {
            length: f.required("length")?,
            radix_tree_keys: f.required("radix-tree-keys")?,
            radix_tree_nodes: f.required("radix-tree-nodes")?,
            last_generated_id: f.required("last-generated-id")?,
            max_deleted_entry_id: f.optional("max-deleted-entry-id")?,
            entries_added: f.optional("entries-added")?,
            recorded_first_entry_id: f.optional("recorded-first-entry-id")?,
            groups: f.required("groups")?,
            first_entry: f.optional("first-entry")?,
            last_entry: f.optional("last-entry")?,
        })
    }
}

/// One consumer group, from `XINFO GROUPS`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupInfo {
    /// The group name.
    pub name: String,
    /// How many consumers it has.
    pub consumers: u64,
    /// How many entries are pending.
    pub pending: u64,
    /// The last id delivered to the group.
    pub last_delivered_id: String,
    /// Entries read so far (Redis 7; `None` when unknown).
    pub entries_read: Option<u64>,
    /// Entries not yet delivered (Redis 7; `None` when unknown).
    pub lag: Option<u64>,
}

impl FromValue for GroupInfo {
    /// Accepts one element of the `XINFO GROUPS` reply.
    fn from_value(value: Value) -> Result<Self, Error> {
        let mut f = InfoFields::new(value)?;
        Ok(GroupInfo {
            name: f.required("name")?,
            consumers: f.required("consumers")?,
            pending: f.required("pending")?,
            last_delivered_id: f.required("last-delivered-id")?,
            entries_read: f.optional("entries-read")?,
            lag: f.optional("lag")?,
        })
    }
}

/// One consumer, from `XINFO CONSUMERS`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsumerInfo {
    /// The consumer name.
    pub name: String,
    /// How many entries it has pending.
    pub pending: u64,
    /// Milliseconds since it last interacted with the server.
    pub idle_ms: u64,
    /// Milliseconds since its last successful read (Redis 7.2; `None` before or when it never
    /// read).
    pub inactive_ms: Option<i64>,
}

impl FromValue for ConsumerInfo {
    /// Accepts one element of the `XINFO CONSUMERS` reply.
    fn from_value(value: Value) -> Result<Self, Error> {
        let mut f = InfoFields::new(value)?;
        Ok(ConsumerInfo {
            name: f.required("name")?,
            pending: f.required("pending")?,
            idle_ms: f.required("idle")?,
            inactive_ms: f.optional("inactive")?,
        })
    }
}
