//! Set commands.

use super::scan::ScanOptions;
use crate::{Args, Cmd, FromValue, ToArgs};

/// `SADD key member...`: how many members were added (not counting those already present).
pub fn sadd(key: impl ToArgs, members: impl ToArgs) -> Cmd<usize> {
    Cmd::new("SADD").arg(key).arg(members)
}

/// `SREM key member...`: how many members were removed.
pub fn srem(key: impl ToArgs, members: impl ToArgs) -> Cmd<usize> {
    Cmd::new("SREM").arg(key).arg(members)
}

/// `SMEMBERS key`: every member; read it as a `Vec`, `HashSet` or `BTreeSet`.
pub fn smembers<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
    Cmd::new("SMEMBERS").arg(key)
}

/// `SISMEMBER key member`
pub fn sismember(key: impl ToArgs, member: impl ToArgs) -> Cmd<bool> {
    Cmd::new("SISMEMBER").arg(key).arg(member)
}

/// `SMISMEMBER key member...`: one answer per member, in order.
pub fn smismember(key: impl ToArgs, members: impl ToArgs) -> Cmd<Vec<bool>> {
    Cmd::new("SMISMEMBER").arg(key).arg(members)
}

/// `SCARD key`: the number of members.
pub fn scard(key: impl ToArgs) -> Cmd<usize> {
    Cmd::new("SCARD").arg(key)
}

/// `SPOP key`: removes and returns a random member, or null.
pub fn spop<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
    Cmd::new("SPOP").arg(key)
}

/// `SPOP key count`: up to `count` random members, removed.
pub fn spop_count<T: FromValue>(key: impl ToArgs, count: usize) -> Cmd<T> {
    Cmd::new("SPOP").arg(key).arg(count)
}

/// `SRANDMEMBER key`: a random member, or null.
pub fn srandmember<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
    Cmd::new("SRANDMEMBER").arg(key)
}

/// `SRANDMEMBER key count`: up to `count` distinct members (negative: repeats allowed).
pub fn srandmember_count<T: FromValue>(key: impl ToArgs, count: i64) -> Cmd<T> {
    Cmd::new("SRANDMEMBER").arg(key).arg(count)
}

/// `SMOVE source destination member`: true when moved.
pub fn smove(source: impl ToArgs, destination: impl ToArgs, member: impl ToArgs) -> Cmd<bool> {
    Cmd::new("SMOVE").arg(source).arg(destination).arg(member)
}

/// `SINTER key...`: the members of every set.
pub fn sinter<T: FromValue>(keys: impl ToArgs) -> Cmd<T> {
    Cmd::new("SINTER").arg(keys)
}

/// `SUNION key...`: the members of any set.
pub fn sunion<T: FromValue>(keys: impl ToArgs) -> Cmd<T> {
    Cmd::new("SUNION").arg(keys)
}

/// `SDIFF key...`: the members of the first set that are in none of the others.
pub fn sdiff<T: FromValue>(keys: impl ToArgs) -> Cmd<T> {
    Cmd::new("SDIFF").arg(keys)
}

/// `SINTERSTORE destination key...`: the size of the stored result.
pub fn sinterstore(destination: impl ToArgs, keys: impl ToArgs) -> Cmd<usize> {
    Cmd::new("SINTERSTORE").arg(destination).arg(keys)
}

/// `SUNIONSTORE destination key...`
pub fn sunionstore(destination: impl ToArgs, keys: impl ToArgs) -> Cmd<usize> {
    Cmd::new("SUNIONSTORE").arg(destination).arg(keys)
}

/// `SDIFFSTORE destination key...`
pub fn sdiffstore(destination: impl ToArgs, keys: impl ToArgs) -> Cmd<usize> {
    Cmd::new("SDIFFSTORE").arg(destination).arg(keys)
}

/// `SINTERCARD numkeys key... [LIMIT limit]`: the size of the intersection, counting at most
/// `limit` (0 or `None`: no limit).
pub fn sintercard(keys: impl ToArgs, limit: Option<usize>) -> Cmd<usize> {
    let keys = Args::from_args(keys);
    Cmd::new("SINTERCARD")
        .arg(keys.len())
        .arg(keys)
        .arg(limit.map(|n| ("LIMIT", n)))
}

/// `SSCAN key cursor [MATCH pattern] [COUNT n]`: the next cursor (0 when done) and a page of
/// members, e.g. `(u64, Vec<String>)`.
pub fn sscan<T: FromValue>(key: impl ToArgs, cursor: u64, options: ScanOptions) -> Cmd<(u64, T)> {
    Cmd::new("SSCAN").arg(key).arg(cursor).arg(options)
}
