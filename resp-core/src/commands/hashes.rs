//! Hash commands: HSET, HGET, HGETALL, counters, HSCAN, HRANDFIELD.

use super::keys::ExpireCondition;
use super::scan::ScanOptions;
use crate::{Args, Cmd, FromValue, ToArgs};

/// `FIELDS numfields field...`: the field list of the hash-field expiry commands.
fn fields_arg(fields: impl ToArgs) -> (&'static str, usize, Args) {
    let fields = Args::from_args(fields);
    ("FIELDS", fields.len(), fields)
}

commands!(
    /// `HSET key field value`: how many fields were added (0 when `field` existed and was
    /// overwritten).
    ///
    /// ```
    /// use resp_core::commands::hashes;
    ///
    /// let cmd = hashes::hset("client_hash", "first_name", "allen");
    /// assert_eq!(cmd.argc(), 4);
    /// ```
    pub fn hset(key: impl ToArgs, field: impl ToArgs, value: impl ToArgs) -> Cmd<usize> {
        Cmd::new("HSET").key(key).arg(field).arg(value)
    }

    /// `HSET key field value [field value ...]` from pairs such as `&[("a", 1), ("b", 2)]` or a
    /// map: how many fields were added.
    pub fn hset_multiple(key: impl ToArgs, pairs: impl ToArgs) -> Cmd<usize> {
        Cmd::new("HSET").key(key).arg(pairs)
    }

    /// `HSETNX key field value`: true when the field did not exist and was set.
    pub fn hsetnx(key: impl ToArgs, field: impl ToArgs, value: impl ToArgs) -> Cmd<bool> {
        Cmd::new("HSETNX").key(key).arg(field).arg(value)
    }

    /// `HGET key field`: the value, or null.
    pub fn hget<T: FromValue>(key: impl ToArgs, field: impl ToArgs) -> Cmd<T> {
        Cmd::new("HGET").read_only().key(key).arg(field)
    }

    /// `HMGET key field...`: one value (or null) per field.
    pub fn hmget<T: FromValue>(key: impl ToArgs, fields: impl ToArgs) -> Cmd<T> {
        Cmd::new("HMGET").read_only().key(key).arg(fields)
    }

    /// `HGETALL key`: every field and value; read it as a `HashMap`, `BTreeMap` or
    /// `Vec<(field, value)>` (RESP2's flat array and RESP3's map both convert).
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use resp_core::commands::hashes;
    ///
    /// let cmd = hashes::hgetall::<HashMap<String, String>>("client_hash");
    /// assert_eq!(cmd.argc(), 2);
    /// ```
    pub fn hgetall<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
        Cmd::new("HGETALL").read_only().key(key)
    }

    /// `HDEL key field...`: how many fields were removed.
    pub fn hdel(key: impl ToArgs, fields: impl ToArgs) -> Cmd<usize> {
        Cmd::new("HDEL").key(key).arg(fields)
    }

    /// `HEXISTS key field`.
    pub fn hexists(key: impl ToArgs, field: impl ToArgs) -> Cmd<bool> {
        Cmd::new("HEXISTS").read_only().key(key).arg(field)
    }

    /// `HINCRBY key field increment`: the new value.
    pub fn hincrby(key: impl ToArgs, field: impl ToArgs, increment: i64) -> Cmd<i64> {
        Cmd::new("HINCRBY").key(key).arg(field).arg(increment)
    }

    /// `HINCRBYFLOAT key field increment`: the new value.
    pub fn hincrbyfloat(key: impl ToArgs, field: impl ToArgs, increment: f64) -> Cmd<f64> {
        Cmd::new("HINCRBYFLOAT").key(key).arg(field).arg(increment)
    }

    /// `HKEYS key`: every field name.
    pub fn hkeys<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
        Cmd::new("HKEYS").read_only().key(key)
    }

    /// `HVALS key`: every value.
    pub fn hvals<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
        Cmd::new("HVALS").read_only().key(key)
    }

    /// `HLEN key`: the number of fields.
    pub fn hlen(key: impl ToArgs) -> Cmd<usize> {
        Cmd::new("HLEN").read_only().key(key)
    }

    /// `HSTRLEN key field`: the length of the value in bytes (0 when absent).
    pub fn hstrlen(key: impl ToArgs, field: impl ToArgs) -> Cmd<usize> {
        Cmd::new("HSTRLEN").read_only().key(key).arg(field)
    }

    /// `HRANDFIELD key`: a random field, or null when the hash does not exist.
    pub fn hrandfield<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
        Cmd::new("HRANDFIELD").read_only().key(key)
    }

    /// `HRANDFIELD key count`: up to `count` distinct fields (a negative count allows repeats).
    pub fn hrandfield_count<T: FromValue>(key: impl ToArgs, count: i64) -> Cmd<T> {
        Cmd::new("HRANDFIELD").read_only().key(key).arg(count)
    }

    /// `HRANDFIELD key count WITHVALUES`: fields with their values; read it as
    /// `Vec<(field, value)>` (RESP2 flat and RESP3 nested replies both convert).
    pub fn hrandfield_withvalues<T: FromValue>(key: impl ToArgs, count: i64) -> Cmd<T> {
        Cmd::new("HRANDFIELD")
            .read_only()
            .key(key)
            .arg(count)
            .arg("WITHVALUES")
    }

    /// `HSCAN key cursor [MATCH pattern] [COUNT n]`: the next cursor (0 when done) and a page of
    /// fields and values, e.g. `(u64, Vec<(String, String)>)`.
    pub fn hscan<T: FromValue>(
        key: impl ToArgs,
        cursor: u64,
        options: ScanOptions,
    ) -> Cmd<(u64, T)> {
        Cmd::new("HSCAN")
            .read_only()
            .key(key)
            .arg(cursor)
            .arg(options)
    }

    /// `HEXPIRE key seconds [NX|XX|GT|LT] FIELDS numfields field...` (Redis 7.4): per field, 1
    /// when the expiry was set, 0 when the condition was not met, 2 when it deleted the field at
    /// once, -2 when there is no such field.
    pub fn hexpire(
        key: impl ToArgs,
        seconds: u64,
        condition: Option<ExpireCondition>,
        fields: impl ToArgs,
    ) -> Cmd<Vec<i64>> {
        Cmd::new("HEXPIRE")
            .key(key)
            .arg(seconds)
            .arg(condition)
            .arg(fields_arg(fields))
    }

    /// `HPEXPIRE key milliseconds [NX|XX|GT|LT] FIELDS numfields field...` (Redis 7.4).
    pub fn hpexpire(
        key: impl ToArgs,
        milliseconds: u64,
        condition: Option<ExpireCondition>,
        fields: impl ToArgs,
    ) -> Cmd<Vec<i64>> {
        Cmd::new("HPEXPIRE")
            .key(key)
            .arg(milliseconds)
            .arg(condition)
            .arg(fields_arg(fields))
    }

    /// `HEXPIREAT key unix-seconds [NX|XX|GT|LT] FIELDS numfields field...` (Redis 7.4).
    pub fn hexpireat(
        key: impl ToArgs,
        unix_seconds: u64,
        condition: Option<ExpireCondition>,
        fields: impl ToArgs,
    ) -> Cmd<Vec<i64>> {
        Cmd::new("HEXPIREAT")
            .key(key)
            .arg(unix_seconds)
            .arg(condition)
            .arg(fields_arg(fields))
    }

    /// `HTTL key FIELDS numfields field...` (Redis 7.4): per field, seconds to live; -1 without
    /// expiry, -2 when there is no such field.
    pub fn httl(key: impl ToArgs, fields: impl ToArgs) -> Cmd<Vec<i64>> {
        Cmd::new("HTTL")
            .read_only()
            .key(key)
            .arg(fields_arg(fields))
    }

    /// `HPTTL key FIELDS numfields field...` (Redis 7.4): as
    /// [`hashes::httl`](resp_core::commands::hashes::httl), in milliseconds.
    pub fn hpttl(key: impl ToArgs, fields: impl ToArgs) -> Cmd<Vec<i64>> {
        Cmd::new("HPTTL")
            .read_only()
            .key(key)
            .arg(fields_arg(fields))
    }

    /// `HEXPIRETIME key FIELDS numfields field...` (Redis 7.4): per field, the Unix time in
    /// seconds it expires at; -1 without expiry, -2 when there is no such field.
    pub fn hexpiretime(key: impl ToArgs, fields: impl ToArgs) -> Cmd<Vec<i64>> {
        Cmd::new("HEXPIRETIME")
            .read_only()
            .key(key)
            .arg(fields_arg(fields))
    }

    /// `HPERSIST key FIELDS numfields field...` (Redis 7.4): per field, 1 when an expiry was
    /// removed, -1 when it had none, -2 when there is no such field.
    pub fn hpersist(key: impl ToArgs, fields: impl ToArgs) -> Cmd<Vec<i64>> {
        Cmd::new("HPERSIST").key(key).arg(fields_arg(fields))
    }
);
