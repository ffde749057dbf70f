//! Set commands.

use super::scan::ScanOptions;
use crate::{Cmd, FromValue, ToArgs};

commands!(
    /// `SADD key member...`: how many members were added (not counting those already present).
    pub fn sadd(key: impl ToArgs, members: impl ToArgs) -> Cmd<usize> {
        Cmd::new("SADD").key(key).arg(members)
    }

    /// `SREM key member...`: how many members were removed.
    pub fn srem(key: impl ToArgs, members: impl ToArgs) -> Cmd<usize> {
        Cmd::new("SREM").key(key).arg(members)
    }

    /// `SMEMBERS key`: every member; read it as a `Vec`, `HashSet` or `BTreeSet`.
    pub fn smembers<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
        Cmd::new("SMEMBERS").read_only().key(key)
    }

    /// `SISMEMBER key member`
    pub fn sismember(key: impl ToArgs, member: impl ToArgs) -> Cmd<bool> {
        Cmd::new("SISMEMBER").read_only().key(key).arg(member)
    }

    /// `SMISMEMBER key member...`: one answer per member, in order.
    pub fn smismember(key: impl ToArgs, members: impl ToArgs) -> Cmd<Vec<bool>> {
        Cmd::new("SMISMEMBER").read_only().key(key).arg(members)
    }

    /// `SCARD key`: the number of members.
    pub fn scard(key: impl ToArgs) -> Cmd<usize> {
        Cmd::new("SCARD").read_only().key(key)
    }

    /// `SPOP key`: removes and returns a random member, or null.
    pub fn spop<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
        Cmd::new("SPOP").key(key)
    }

    /// `SPOP key count`: up to `count` random members, removed.
    pub fn spop_count<T: FromValue>(key: impl ToArgs, count: usize) -> Cmd<T> {
        Cmd::new("SPOP").key(key).arg(count)
    }

    /// `SRANDMEMBER key`: a random member, or null.
    pub fn srandmember<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
        Cmd::new("SRANDMEMBER").read_only().key(key)
    }

    /// `SRANDMEMBER key count`: up to `count` distinct members (negative: repeats allowed).
    pub fn srandmember_count<T: FromValue>(key: impl ToArgs, count: i64) -> Cmd<T> {
        Cmd::new("SRANDMEMBER").read_only().key(key).arg(count)
    }

    /// `SMOVE source destination member`: true when moved.
    pub fn smove(source: impl ToArgs, destination: impl ToArgs, member: impl ToArgs) -> Cmd<bool> {
        Cmd::new("SMOVE").key(source).key(destination).arg(member)
    }

    /// `SINTER key...`: the members of every set.
    pub fn sinter<T: FromValue>(keys: impl ToArgs) -> Cmd<T> {
        Cmd::new("SINTER").read_only().key(keys)
    }

    /// `SUNION key...`: the members of any set.
    pub fn sunion<T: FromValue>(keys: impl ToArgs) -> Cmd<T> {
        Cmd::new("SUNION").read_only().key(keys)
    }

    /// `SDIFF key...`: the members of the first set that are in none of the others.
    pub fn sdiff<T: FromValue>(keys: impl ToArgs) -> Cmd<T> {
        Cmd::new("SDIFF").read_only().key(keys)
    }

    /// `SINTERSTORE destination key...`: the size of the stored result.
    pub fn sinterstore(destination: impl ToArgs, keys: impl ToArgs) -> Cmd<usize> {
        Cmd::new("SINTERSTORE").key(destination).key(keys)
    }

    /// `SUNIONSTORE destination key...`
    pub fn sunionstore(destination: impl ToArgs, keys: impl ToArgs) -> Cmd<usize> {
        Cmd::new("SUNIONSTORE").key(destination).key(keys)
    }

    /// `SDIFFSTORE destination key...`
    pub fn sdiffstore(destination: impl ToArgs, keys: impl ToArgs) -> Cmd<usize> {
        Cmd::new("SDIFFSTORE").key(destination).key(keys)
    }

    /// `SINTERCARD numkeys key... [LIMIT limit]`: the size of the intersection, counting at most
    /// `limit` (0 or `None`: no limit).
    pub fn sintercard(keys: impl ToArgs, limit: Option<usize>) -> Cmd<usize> {
        Cmd::new("SINTERCARD")
            .read_only()
            .counted_keys(keys)
            .arg(limit.map(|n| ("LIMIT", n)))
    }

    /// `SSCAN key cursor [MATCH pattern] [COUNT n]`: the next cursor (0 when done) and a page of
    /// members, e.g. `(u64, Vec<String>)`.
    pub fn sscan<T: FromValue>(
        key: impl ToArgs,
        cursor: u64,
        options: ScanOptions,
    ) -> Cmd<(u64, T)> {
        Cmd::new("SSCAN")
            .read_only()
            .key(key)
            .arg(cursor)
            .arg(options)
    }
);
