//! [`SlotMap`]: who serves each of the 16384 slots, parsed from `CLUSTER SHARDS` (RESP2 flat
//! arrays or RESP3 maps) or, on servers before 7.0, `CLUSTER SLOTS`.

use std::fmt;

use super::slot::SLOTS;
use crate::{Error, TypeError, Value};

/// A cluster node's address as the cluster announces it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Node {
    /// The announced IP address or host name.
    pub host: String,
    /// The data port.
    pub port: u16,
}

impl Node {
    /// Parses `host:port` (as in a `MOVED` or `ASK` error; IPv6 hosts are not bracketed
    /// there, so the port is after the last colon).
    pub fn parse(address: &str) -> Option<Node> {
        let (host, port) = address.rsplit_once(':')?;
        let port = port.split('@').next()?.parse().ok()?;
        Some(Node {
            host: host.to_owned(),
            port,
        })
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.host, self.port)
    }
}

/// One primary and its replicas, serving some slots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shard {
    /// The primary, which takes writes.
    pub primary: Node,
    /// Replicas that are online (or `loading`, see [`SlotMap::from_shards`]).
    pub replicas: Vec<Node>,
}

/// Which shard serves each slot.
#[derive(Clone, PartialEq, Eq)]
pub struct SlotMap {
    shards: Vec<Shard>,
    /// Per slot, an index into `shards`; `NONE` for a slot nobody serves.
    owners: Box<[u16]>,
}

const NONE: u16 = u16::MAX;

impl fmt::Debug for SlotMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SlotMap")
            .field("shards", &self.shards)
            .field("covered", &self.covered())
            .finish()
    }
}

impl Default for SlotMap {
    fn default() -> Self {
        SlotMap {
            shards: Vec::new(),
            owners: vec![NONE; usize::from(SLOTS)].into_boxed_slice(),
        }
    }
}

fn invalid(what: &'static str, value: &Value) -> Error {
    Error::Type(TypeError::new(what, value))
}

pub(super) fn text(value: &Value) -> Option<String> {
    match value {
        Value::BulkString(b) | Value::SimpleString(b) => {
            Some(String::from_utf8_lossy(b).into_owned())
        }
        Value::Integer(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(super) fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Integer(n) => Some(*n),
        Value::BulkString(b) | Value::SimpleString(b) => std::str::from_utf8(b).ok()?.parse().ok(),
        _ => None,
    }
}

/// The fields of a RESP3 map or of a RESP2 flat `[name, value, ...]` array.
pub(super) fn fields(value: &Value) -> Option<Vec<(String, &Value)>> {
    match value {
        Value::Map(pairs) => pairs.iter().map(|(k, v)| Some((text(k)?, v))).collect(),
        Value::Array(items) if items.len() % 2 == 0 => items
            .chunks_exact(2)
            .map(|pair| Some((text(&pair[0])?, &pair[1])))
            .collect(),
        _ => None,
    }
}

pub(super) fn field<'a>(fields: &[(String, &'a Value)], name: &str) -> Option<&'a Value> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
}

fn usable_host(host: &str) -> bool {
    !host.is_empty() && host != "?"
}

impl SlotMap {
    /// The shards, in the order the server listed them.
    pub fn shards(&self) -> &[Shard] {
        &self.shards
    }

    /// The shard serving `slot`, if any.
    pub fn shard(&self, slot: u16) -> Option<&Shard> {
        let owner = *self.owners.get(usize::from(slot))?;
        self.shards.get(usize::from(owner))
    }

    /// The primary serving `slot`, if any.
    pub fn primary(&self, slot: u16) -> Option<&Node> {
        self.shard(slot).map(|s| &s.primary)
    }

    /// Every primary that serves at least one slot.
    pub fn primaries(&self) -> impl Iterator<Item = &Node> {
        self.shards.iter().map(|s| &s.primary)
    }

    /// How many slots have an owner (16384 for a healthy cluster).
    pub fn covered(&self) -> usize {
        self.owners.iter().filter(|o| **o != NONE).count()
    }

    /// Records what a `MOVED` said: `slot` is now served by `primary` (a node already known
    /// as some shard's primary, or a new shard until the next refresh says more).
    pub fn set_primary(&mut self, slot: u16, primary: Node) {
        let index = match self.shards.iter().position(|s| s.primary == primary) {
            Some(i) => i,
            None => {
                self.shards.push(Shard {
                    primary,
                    replicas: Vec::new(),
                });
                self.shards.len() - 1
            }
        };
        if let Some(owner) = self.owners.get_mut(usize::from(slot)) {
            *owner = u16::try_from(index).unwrap_or(NONE);
        }
    }

    fn add(&mut self, shard: Shard, ranges: &[(i64, i64)]) {
        let index = u16::try_from(self.shards.len()).unwrap_or(NONE);
        self.shards.push(shard);
        for &(start, end) in ranges {
            let start = usize::try_from(start.max(0)).unwrap_or(0);
            let end = usize::try_from(end.max(-1) + 1).unwrap_or(0);
            for owner in self.owners.iter_mut().take(end).skip(start) {
                *owner = index;
            }
        }
    }

    /// Parses a `CLUSTER SHARDS` reply (Redis 7.0+), RESP2 or RESP3. Shards without slots
    /// are left out; replicas whose health is `failed` are left out (`loading` ones are kept:
    /// Redis 7.0 says `loading` of every replica until its primary takes a write); the
    /// primary is the node whose role is `master`.
    ///
    /// # Errors
    /// [`Error::Type`] when the reply does not have the documented shape.
    pub fn from_shards(reply: &Value) -> Result<SlotMap, Error> {
        let Value::Array(shards) = reply else {
            return Err(invalid("CLUSTER SHARDS array", reply));
        };
        let mut map = SlotMap::default();
        for shard in shards {
            let shard_fields = fields(shard).ok_or_else(|| invalid("a shard's fields", shard))?;
            let slots = match field(&shard_fields, "slots") {
                Some(Value::Array(s)) | Some(Value::Set(s)) => s,
                _ => return Err(invalid("a shard's slots", shard)),
            };
            let ranges: Vec<(i64, i64)> = slots
                .chunks_exact(2)
                .map(|p| Some((integer(&p[0])?, integer(&p[1])?)))
                .collect::<Option<_>>()
                .ok_or_else(|| invalid("slot ranges", shard))?;
            if ranges.is_empty() {
                continue;
            }
            let nodes = match field(&shard_fields, "nodes") {
                Some(Value::Array(n)) => n,
                _ => return Err(invalid("a shard's nodes", shard)),
            };
            let mut primary = None;
            let mut replicas = Vec::new();
            for node in nodes {
                let f = fields(node).ok_or_else(|| invalid("a node's fields", node))?;
                let host = ["endpoint", "ip"]
                    .iter()
                    .filter_map(|name| field(&f, name).and_then(text))
                    .find(|h| usable_host(h));
                let port = field(&f, "port").and_then(integer);
                let (Some(host), Some(Ok(port))) = (host, port.map(u16::try_from)) else {
                    continue;
                };
                let role = field(&f, "role").and_then(text).unwrap_or_default();
                let health = field(&f, "health").and_then(text).unwrap_or_default();
                let node = Node { host, port };
                if role == "master" {
                    primary = Some(node);
                } else if health == "online" || health == "loading" {
                    // Redis 7.0 reports `loading` for a replica whose replication offset
                    // is still 0 (a fresh cluster without writes): it serves reads. One that
                    // is really loading answers `LOADING`, and a client reads elsewhere.
                    replicas.push(node);
                }
            }
            if let Some(primary) = primary {
                map.add(Shard { primary, replicas }, &ranges);
            }
        }
        Ok(map)
    }

    /// Parses a `CLUSTER SLOTS` reply: `[start, end, [host, port, id, ...], replicas...]`
    /// per range; ranges served by the same primary become one shard.
    ///
    /// # Errors
    /// [`Error::Type`] when the reply does not have the documented shape.
    pub fn from_slots(reply: &Value) -> Result<SlotMap, Error> {
        let Value::Array(ranges) = reply else {
            return Err(invalid("CLUSTER SLOTS array", reply));
        };
        let mut grouped: Vec<(Shard, Vec<(i64, i64)>)> = Vec::new();
        for range in ranges {
            let Value::Array(items) = range else {
                return Err(invalid("a slot range", range));
            };
            let bounds = items
                .first()
                .and_then(integer)
                .zip(items.get(1).and_then(integer));
            let Some(bounds) = bounds else {
                return Err(invalid("a slot range's bounds", range));
            };
            let mut nodes = items.iter().skip(2).filter_map(|node| {
                let Value::Array(n) = node else { return None };
                let host = n.first().and_then(text).filter(|h| usable_host(h))?;
                let port = u16::try_from(n.get(1).and_then(integer)?).ok()?;
                Some(Node { host, port })
            });
            let Some(primary) = nodes.next() else {
                continue;
            };
            let replicas: Vec<Node> = nodes.collect();
            match grouped.iter_mut().find(|(s, _)| s.primary == primary) {
                Some((_, r)) => r.push(bounds),
                None => grouped.push((Shard { primary, replicas }, vec![bounds])),
            }
        }
        let mut map = SlotMap::default();
        for (shard, ranges) in grouped {
            map.add(shard, &ranges);
        }
        Ok(map)
    }
}
