//! The one table of command methods: each entry names a builder in its family module and is
//! expanded into a method of [`AsyncCommands`] and of [`PipelineCommands`] that forwards to it.
//! Keep an entry's arguments identical to its builder's.

use std::future::Future;

use bytes::Bytes;
use futures_core::Stream;

use super::bitmaps::{BitField, BitOp, BitUnit};
use super::functions::RestorePolicy;
use super::geo::{GeoAddOptions, GeoFrom, GeoSearchOptions, GeoShape, GeoUnit};
use super::keys::{ExpireCondition, SortOptions};
use super::lists::{Direction, LposOptions, Position};
use super::methods::{BoundCmd, PipelineCmd};
use super::scan::{self, ScanOptions};
use super::server::InfoReport;
use super::sorted_sets::{MinMax, MultiPop, ZAddOptions, ZCombine, ZRange};
use super::streams::{
    AutoClaim, ConsumerInfo, GroupInfo, PendingEntry, PendingRange, PendingSummary, StreamEntry,
    StreamInfo, StreamRead, StreamTrim, XAddOptions, XClaimOptions, XReadOptions,
};
use super::strings::{Expiry, SetOptions};
use super::{
    acl, bitmaps, cluster, functions, geo, hashes, hyperloglog, keys, lists, pubsub, scripting,
    server, sets, sorted_sets, streams, strings,
};
use crate::{Cmd, Error, FromValue, ToArgs, Value};

command_methods! {
    strings {
        /// `GET key`: the value, or null when the key does not exist (read it as `Option<_>`).
        get<T>(key: impl ToArgs) -> T;
        /// `SET key value`.
        set(key: impl ToArgs, value: impl ToArgs) -> ();
        /// `SET key value [NX|XX] [EX|PX|EXAT|PXAT|KEEPTTL]`: true when the value was set, false when
        /// the condition kept it from being set.
        set_options(key: impl ToArgs, value: impl ToArgs, options: SetOptions) -> bool;
        /// `SET key value NX`: true when the key did not exist and was set.
        set_nx(key: impl ToArgs, value: impl ToArgs) -> bool;
        /// `SET key value EX seconds`.
        set_ex(key: impl ToArgs, value: impl ToArgs, seconds: u64) -> ();
        /// `SET key value [options] GET`: sets and returns the old value (null when there was none).
        set_get<T>(key: impl ToArgs, value: impl ToArgs, options: SetOptions) -> T;
        /// `SETNX key value`: true when the key did not exist and was set.
        setnx(key: impl ToArgs, value: impl ToArgs) -> bool;
        /// `SETEX key seconds value`.
        setex(key: impl ToArgs, seconds: u64, value: impl ToArgs) -> ();
        /// `PSETEX key milliseconds value`.
        psetex(key: impl ToArgs, milliseconds: u64, value: impl ToArgs) -> ();
        /// `GETDEL key`: the value (null when absent), deleting the key.
        getdel<T>(key: impl ToArgs) -> T;
        /// `GETEX key [EX|PX|EXAT|PXAT|PERSIST]`: the value, changing the key's expiry.
        getex<T>(key: impl ToArgs, expiry: Option<Expiry>) -> T;
        /// `GETSET key value` (deprecated by Redis in favour of `SET ... GET`): the old value.
        getset<T>(key: impl ToArgs, value: impl ToArgs) -> T;
        /// `GETRANGE key start end`: the substring between two byte offsets, both inclusive;
        /// negative offsets count from the end.
        getrange<T>(key: impl ToArgs, start: i64, end: i64) -> T;
        /// `SETRANGE key offset value`: the length of the string after the write.
        setrange(key: impl ToArgs, offset: u64, value: impl ToArgs) -> usize;
        /// `STRLEN key`: the length in bytes (0 when absent).
        strlen(key: impl ToArgs) -> usize;
        /// `APPEND key value`: the length after appending.
        append(key: impl ToArgs, value: impl ToArgs) -> usize;
        /// `INCR key`: the value after adding one.
        incr(key: impl ToArgs) -> i64;
        /// `INCRBY key increment`.
        incrby(key: impl ToArgs, increment: i64) -> i64;
        /// `INCRBYFLOAT key increment`: the new value.
        incrbyfloat(key: impl ToArgs, increment: f64) -> f64;
        /// `DECR key`.
        decr(key: impl ToArgs) -> i64;
        /// `DECRBY key decrement`.
        decrby(key: impl ToArgs, decrement: i64) -> i64;
        /// `MGET key...`: one value (or null) per key; read it as e.g. `Vec<Option<String>>`.
        mget<T>(keys: impl ToArgs) -> T;
        /// `MSET key value [key value ...]`, from pairs such as `&[("a", 1), ("b", 2)]`.
        mset(pairs: impl ToArgs) -> ();
        /// `MSETNX key value [key value ...]`: true when no key existed and all were set.
        msetnx(pairs: impl ToArgs) -> bool;
        /// `LCS key1 key2`: the longest common subsequence of two strings.
        lcs<T>(key1: impl ToArgs, key2: impl ToArgs) -> T;
        /// `LCS key1 key2 LEN`: the length of the longest common subsequence.
        lcs_len(key1: impl ToArgs, key2: impl ToArgs) -> usize;
    }
    keys {
        /// `DEL key...`: how many of the keys existed and were removed.
        del(keys: impl ToArgs) -> usize;
        /// `UNLINK key...`: like DEL, reclaiming memory in the background.
        unlink(keys: impl ToArgs) -> usize;
        /// `EXISTS key...`: how many of the keys exist (a key named twice counts twice).
        exists(keys: impl ToArgs) -> usize;
        /// `TOUCH key...`: how many of the keys exist; updates their last access time.
        touch(keys: impl ToArgs) -> usize;
        /// `EXPIRE key seconds`: true when the expiry was set (false when the key does not exist).
        expire(key: impl ToArgs, seconds: i64) -> bool;
        /// `EXPIRE key seconds NX|XX|GT|LT`: true when the expiry was set.
        expire_if(key: impl ToArgs, seconds: i64, condition: ExpireCondition) -> bool;
        /// `PEXPIRE key milliseconds`.
        pexpire(key: impl ToArgs, milliseconds: i64) -> bool;
        /// `EXPIREAT key unix-seconds`.
        expireat(key: impl ToArgs, unix_seconds: i64) -> bool;
        /// `PEXPIREAT key unix-milliseconds`.
        pexpireat(key: impl ToArgs, unix_milliseconds: i64) -> bool;
        /// `EXPIRETIME key`: the Unix time in seconds at which the key expires; -1 without expiry,
        /// -2 when the key does not exist.
        expiretime(key: impl ToArgs) -> i64;
        /// `PEXPIRETIME key`: as `EXPIRETIME`, in milliseconds.
        pexpiretime(key: impl ToArgs) -> i64;
        /// `TTL key`: seconds to live; -1 without expiry, -2 when the key does not exist.
        ttl(key: impl ToArgs) -> i64;
        /// `PTTL key`: as `TTL`, in milliseconds.
        pttl(key: impl ToArgs) -> i64;
        /// `PERSIST key`: true when an expiry was removed.
        persist(key: impl ToArgs) -> bool;
        /// `TYPE key`: `"string"`, `"list"`, `"set"`, `"zset"`, `"hash"`, `"stream"`, or `"none"`.
        key_type(key: impl ToArgs) -> String;
        /// `RENAME key newkey` (fails when `key` does not exist).
        rename(key: impl ToArgs, new_key: impl ToArgs) -> ();
        /// `RENAMENX key newkey`: true when renamed, false when `newkey` already existed.
        renamenx(key: impl ToArgs, new_key: impl ToArgs) -> bool;
        /// `COPY source destination [REPLACE]`: true when copied.
        copy(source: impl ToArgs, destination: impl ToArgs, replace: bool) -> bool;
        /// `SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]`: the next cursor (0 when done) and a
        /// page of keys; read it as e.g. `(u64, Vec<String>)`. See also
        /// [`AsyncCommands::scan_iter`](crate::AsyncCommands::scan_iter).
        scan<T>(cursor: u64, options: ScanOptions) -> (u64, T);
        /// `KEYS pattern`: every matching key. Blocks the server while it walks the whole keyspace;
        /// prefer [`scan`](Self::scan) on large databases.
        keys<T>(pattern: impl ToArgs) -> T;
        /// `RANDOMKEY`: a random key, or null when the database is empty.
        randomkey<T>() -> T;
        /// `OBJECT ENCODING key`: the internal encoding (`"listpack"`, `"int"`, ...), or `None`
        /// when the key does not exist.
        object_encoding(key: impl ToArgs) -> Option<String>;
        /// `OBJECT IDLETIME key`: seconds since the last access, or `None` when the key does not
        /// exist.
        object_idletime(key: impl ToArgs) -> Option<u64>;
        /// `OBJECT FREQ key`: the LFU access counter (only under an LFU eviction policy).
        object_freq(key: impl ToArgs) -> Option<u64>;
        /// `OBJECT REFCOUNT key`.
        object_refcount(key: impl ToArgs) -> Option<u64>;
        /// `DUMP key`: the value in Redis's serialization format, or `None` when absent.
        dump(key: impl ToArgs) -> Option<Bytes>;
        /// `RESTORE key ttl serialized [REPLACE]`: recreates a key from [`dump`](Self::dump)'s output; `ttl` in
        /// milliseconds, 0 for none.
        restore(key: impl ToArgs, ttl: u64, serialized: impl ToArgs, replace: bool) -> ();
        /// `SORT key [options]`: the sorted elements (or the values `GET` patterns fetched).
        sort<T>(key: impl ToArgs, options: SortOptions) -> T;
        /// `SORT_RO key [options]`: the read-only form, usable on replicas.
        sort_ro<T>(key: impl ToArgs, options: SortOptions) -> T;
        /// `SORT key [options] STORE destination`: the number of elements stored.
        sort_store(key: impl ToArgs, options: SortOptions, destination: impl ToArgs) -> usize;
    }
    hashes {
        /// `HSET key field value`: how many fields were added (0 when `field` existed and was
        /// overwritten).
        hset(key: impl ToArgs, field: impl ToArgs, value: impl ToArgs) -> usize;
        /// `HSET key field value [field value ...]` from pairs such as `&[("a", 1), ("b", 2)]` or a
        /// map: how many fields were added.
        hset_multiple(key: impl ToArgs, pairs: impl ToArgs) -> usize;
        /// `HSETNX key field value`: true when the field did not exist and was set.
        hsetnx(key: impl ToArgs, field: impl ToArgs, value: impl ToArgs) -> bool;
        /// `HGET key field`: the value, or null.
        hget<T>(key: impl ToArgs, field: impl ToArgs) -> T;
        /// `HMGET key field...`: one value (or null) per field.
        hmget<T>(key: impl ToArgs, fields: impl ToArgs) -> T;
        /// `HGETALL key`: every field and value; read it as a `HashMap`, `BTreeMap` or
        /// `Vec<(field, value)>` (RESP2's flat array and RESP3's map both convert).
        hgetall<T>(key: impl ToArgs) -> T;
        /// `HDEL key field...`: how many fields were removed.
        hdel(key: impl ToArgs, fields: impl ToArgs) -> usize;
        /// `HEXISTS key field`.
        hexists(key: impl ToArgs, field: impl ToArgs) -> bool;
        /// `HINCRBY key field increment`: the new value.
        hincrby(key: impl ToArgs, field: impl ToArgs, increment: i64) -> i64;
        /// `HINCRBYFLOAT key field increment`: the new value.
        hincrbyfloat(key: impl ToArgs, field: impl ToArgs, increment: f64) -> f64;
        /// `HKEYS key`: every field name.
        hkeys<T>(key: impl ToArgs) -> T;
        /// `HVALS key`: every value.
        hvals<T>(key: impl ToArgs) -> T;
        /// `HLEN key`: the number of fields.
        hlen(key: impl ToArgs) -> usize;
        /// `HSTRLEN key field`: the length of the value in bytes (0 when absent).
        hstrlen(key: impl ToArgs, field: impl ToArgs) -> usize;
        /// `HRANDFIELD key`: a random field, or null when the hash does not exist.
        hrandfield<T>(key: impl ToArgs) -> T;
        /// `HRANDFIELD key count`: up to `count` distinct fields (a negative count allows repeats).
        hrandfield_count<T>(key: impl ToArgs, count: i64) -> T;
        /// `HRANDFIELD key count WITHVALUES`: fields with their values; read it as
        /// `Vec<(field, value)>` (RESP2 flat and RESP3 nested replies both convert).
        hrandfield_withvalues<T>(key: impl ToArgs, count: i64) -> T;
        /// `HSCAN key cursor [MATCH pattern] [COUNT n]`: the next cursor (0 when done) and a page of
        /// fields and values, e.g. `(u64, Vec<(String, String)>)`.
        hscan<T>(key: impl ToArgs, cursor: u64, options: ScanOptions) -> (u64, T);
        /// `HEXPIRE key seconds [NX|XX|GT|LT] FIELDS numfields field...` (Redis 7.4): per field, 1
        /// when the expiry was set, 0 when the condition was not met, 2 when it deleted the field at
        /// once, -2 when there is no such field.
        hexpire(key: impl ToArgs, seconds: u64, condition: Option<ExpireCondition>, fields: impl ToArgs) -> Vec<i64>;
        /// `HPEXPIRE key milliseconds [NX|XX|GT|LT] FIELDS numfields field...` (Redis 7.4).
        hpexpire(key: impl ToArgs, milliseconds: u64, condition: Option<ExpireCondition>, fields: impl ToArgs) -> Vec<i64>;
        /// `HEXPIREAT key unix-seconds [NX|XX|GT|LT] FIELDS numfields field...` (Redis 7.4).
        hexpireat(key: impl ToArgs, unix_seconds: u64, condition: Option<ExpireCondition>, fields: impl ToArgs) -> Vec<i64>;
        /// `HTTL key FIELDS numfields field...` (Redis 7.4): per field, seconds to live; -1 without
        /// expiry, -2 when there is no such field.
        httl(key: impl ToArgs, fields: impl ToArgs) -> Vec<i64>;
        /// `HPTTL key FIELDS numfields field...` (Redis 7.4): as [`httl`](Self::httl), in milliseconds.
        hpttl(key: impl ToArgs, fields: impl ToArgs) -> Vec<i64>;
        /// `HEXPIRETIME key FIELDS numfields field...` (Redis 7.4): per field, the Unix time in
        /// seconds it expires at; -1 without expiry, -2 when there is no such field.
        hexpiretime(key: impl ToArgs, fields: impl ToArgs) -> Vec<i64>;
        /// `HPERSIST key FIELDS numfields field...` (Redis 7.4): per field, 1 when an expiry was
        /// removed, -1 when it had none, -2 when there is no such field.
        hpersist(key: impl ToArgs, fields: impl ToArgs) -> Vec<i64>;
    }
    lists {
        /// `LPUSH key element...`: the length after the push.
        lpush(key: impl ToArgs, elements: impl ToArgs) -> usize;
        /// `RPUSH key element...`: the length after the push.
        rpush(key: impl ToArgs, elements: impl ToArgs) -> usize;
        /// `LPUSHX key element...`: pushes only onto an existing list; the length (0 when absent).
        lpushx(key: impl ToArgs, elements: impl ToArgs) -> usize;
        /// `RPUSHX key element...`
        rpushx(key: impl ToArgs, elements: impl ToArgs) -> usize;
        /// `LPOP key`: the head, or null when the list is empty.
        lpop<T>(key: impl ToArgs) -> T;
        /// `LPOP key count`: up to `count` elements from the head (null when the list is empty, which
        /// reads as an empty `Vec`).
        lpop_count<T>(key: impl ToArgs, count: usize) -> T;
        /// `RPOP key`: the tail, or null.
        rpop<T>(key: impl ToArgs) -> T;
        /// `RPOP key count`
        rpop_count<T>(key: impl ToArgs, count: usize) -> T;
        /// `LLEN key`
        llen(key: impl ToArgs) -> usize;
        /// `LRANGE key start stop`: the elements between two indexes, both inclusive; negative
        /// indexes count from the tail (`0, -1` is the whole list).
        lrange<T>(key: impl ToArgs, start: i64, stop: i64) -> T;
        /// `LINDEX key index`: the element, or null when out of range.
        lindex<T>(key: impl ToArgs, index: i64) -> T;
        /// `LSET key index element`
        lset(key: impl ToArgs, index: i64, element: impl ToArgs) -> ();
        /// `LREM key count element`: removes up to `count` matches (from the tail when negative, all
        /// when 0); how many were removed.
        lrem(key: impl ToArgs, count: i64, element: impl ToArgs) -> usize;
        /// `LTRIM key start stop`: keeps only the given range.
        ltrim(key: impl ToArgs, start: i64, stop: i64) -> ();
        /// `LINSERT key BEFORE|AFTER pivot element`: the new length, -1 when the pivot was not found,
        /// 0 when the list does not exist.
        linsert(key: impl ToArgs, position: Position, pivot: impl ToArgs, element: impl ToArgs) -> i64;
        /// `LPOS key element [RANK r] [MAXLEN n]`: the index of a match, or `None`.
        lpos(key: impl ToArgs, element: impl ToArgs, options: LposOptions) -> Option<i64>;
        /// `LPOS key element COUNT n [RANK r] [MAXLEN n]`: the indexes of up to `count` matches
        /// (0: all).
        lpos_count(key: impl ToArgs, element: impl ToArgs, count: u64, options: LposOptions) -> Vec<i64>;
        /// `LMOVE source destination LEFT|RIGHT LEFT|RIGHT`: the moved element, or null when
        /// `source` is empty.
        lmove<T>(source: impl ToArgs, destination: impl ToArgs, from: Direction, to: Direction) -> T;
        /// `RPOPLPUSH source destination` (superseded by [`lmove`](Self::lmove)).
        rpoplpush<T>(source: impl ToArgs, destination: impl ToArgs) -> T;
        /// `LMPOP numkeys key... LEFT|RIGHT COUNT n`: pops from the first non-empty list; the key and
        /// its elements, or null. Read it as e.g. `Option<(String, Vec<String>)>`.
        lmpop<T>(keys: impl ToArgs, from: Direction, count: usize) -> T;
        /// `BLPOP key... timeout` (blocking): the key and the popped head, or null after `timeout`
        /// seconds (0: wait forever). Read it as e.g. `Option<(String, String)>`.
        blpop<T>(keys: impl ToArgs, timeout: f64) -> T;
        /// `BRPOP key... timeout` (blocking): as [`blpop`](Self::blpop), from the tail.
        brpop<T>(keys: impl ToArgs, timeout: f64) -> T;
        /// `BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout` (blocking): the moved element,
        /// or null after the timeout.
        blmove<T>(source: impl ToArgs, destination: impl ToArgs, from: Direction, to: Direction, timeout: f64) -> T;
        /// `BRPOPLPUSH source destination timeout` (blocking; superseded by [`blmove`](Self::blmove)).
        brpoplpush<T>(source: impl ToArgs, destination: impl ToArgs, timeout: f64) -> T;
        /// `BLMPOP timeout numkeys key... LEFT|RIGHT COUNT n` (blocking): as [`lmpop`](Self::lmpop), waiting up to
        /// `timeout` seconds.
        blmpop<T>(timeout: f64, keys: impl ToArgs, from: Direction, count: usize) -> T;
    }
    sets {
        /// `SADD key member...`: how many members were added (not counting those already present).
        sadd(key: impl ToArgs, members: impl ToArgs) -> usize;
        /// `SREM key member...`: how many members were removed.
        srem(key: impl ToArgs, members: impl ToArgs) -> usize;
        /// `SMEMBERS key`: every member; read it as a `Vec`, `HashSet` or `BTreeSet`.
        smembers<T>(key: impl ToArgs) -> T;
        /// `SISMEMBER key member`
        sismember(key: impl ToArgs, member: impl ToArgs) -> bool;
        /// `SMISMEMBER key member...`: one answer per member, in order.
        smismember(key: impl ToArgs, members: impl ToArgs) -> Vec<bool>;
        /// `SCARD key`: the number of members.
        scard(key: impl ToArgs) -> usize;
        /// `SPOP key`: removes and returns a random member, or null.
        spop<T>(key: impl ToArgs) -> T;
        /// `SPOP key count`: up to `count` random members, removed.
        spop_count<T>(key: impl ToArgs, count: usize) -> T;
        /// `SRANDMEMBER key`: a random member, or null.
        srandmember<T>(key: impl ToArgs) -> T;
        /// `SRANDMEMBER key count`: up to `count` distinct members (negative: repeats allowed).
        srandmember_count<T>(key: impl ToArgs, count: i64) -> T;
        /// `SMOVE source destination member`: true when moved.
        smove(source: impl ToArgs, destination: impl ToArgs, member: impl ToArgs) -> bool;
        /// `SINTER key...`: the members of every set.
        sinter<T>(keys: impl ToArgs) -> T;
        /// `SUNION key...`: the members of any set.
        sunion<T>(keys: impl ToArgs) -> T;
        /// `SDIFF key...`: the members of the first set that are in none of the others.
        sdiff<T>(keys: impl ToArgs) -> T;
        /// `SINTERSTORE destination key...`: the size of the stored result.
        sinterstore(destination: impl ToArgs, keys: impl ToArgs) -> usize;
        /// `SUNIONSTORE destination key...`
        sunionstore(destination: impl ToArgs, keys: impl ToArgs) -> usize;
        /// `SDIFFSTORE destination key...`
        sdiffstore(destination: impl ToArgs, keys: impl ToArgs) -> usize;
        /// `SINTERCARD numkeys key... [LIMIT limit]`: the size of the intersection, counting at most
        /// `limit` (0 or `None`: no limit).
        sintercard(keys: impl ToArgs, limit: Option<usize>) -> usize;
        /// `SSCAN key cursor [MATCH pattern] [COUNT n]`: the next cursor (0 when done) and a page of
        /// members, e.g. `(u64, Vec<String>)`.
        sscan<T>(key: impl ToArgs, cursor: u64, options: ScanOptions) -> (u64, T);
    }
    sorted_sets {
        /// `ZADD key score member`: 1 when the member was added, 0 when its score was updated.
        zadd(key: impl ToArgs, score: f64, member: impl ToArgs) -> usize;
        /// `ZADD key score member [score member ...]` from `(score, member)` pairs: how many members
        /// were added.
        zadd_multiple(key: impl ToArgs, items: impl ToArgs) -> usize;
        /// `ZADD key [NX|XX] [GT|LT] [CH] score member...`: how many members were added (or changed,
        /// with `CH`).
        zadd_options(key: impl ToArgs, items: impl ToArgs, options: ZAddOptions) -> usize;
        /// `ZADD key [options] INCR increment member`: the new score, or `None` when the options kept
        /// the member from changing.
        zadd_incr(key: impl ToArgs, increment: f64, member: impl ToArgs, options: ZAddOptions) -> Option<f64>;
        /// `ZINCRBY key increment member`: the new score.
        zincrby(key: impl ToArgs, increment: f64, member: impl ToArgs) -> f64;
        /// `ZREM key member...`: how many members were removed.
        zrem(key: impl ToArgs, members: impl ToArgs) -> usize;
        /// `ZCARD key`: the number of members.
        zcard(key: impl ToArgs) -> usize;
        /// `ZCOUNT key min max`: how many members have a score in the range.
        zcount(key: impl ToArgs, min: impl ToArgs, max: impl ToArgs) -> usize;
        /// `ZLEXCOUNT key min max`
        zlexcount(key: impl ToArgs, min: impl ToArgs, max: impl ToArgs) -> usize;
        /// `ZSCORE key member`: the score, or `None`.
        zscore(key: impl ToArgs, member: impl ToArgs) -> Option<f64>;
        /// `ZMSCORE key member...`: one score (or `None`) per member.
        zmscore(key: impl ToArgs, members: impl ToArgs) -> Vec<Option<f64>>;
        /// `ZRANK key member`: the rank by ascending score, or `None`.
        zrank(key: impl ToArgs, member: impl ToArgs) -> Option<usize>;
        /// `ZREVRANK key member`: the rank by descending score, or `None`.
        zrevrank(key: impl ToArgs, member: impl ToArgs) -> Option<usize>;
        /// `ZRANGE key start stop`: members by rank.
        zrange<T>(key: impl ToArgs, start: i64, stop: i64) -> T;
        /// `ZRANGE key start stop WITHSCORES`: members by rank with their scores.
        zrange_withscores<T>(key: impl ToArgs, start: i64, stop: i64) -> Vec<(T, f64)>;
        /// `ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count]`
        zrange_by<T>(key: impl ToArgs, range: ZRange) -> T;
        /// `ZRANGE key start stop [BYSCORE] [REV] [LIMIT offset count] WITHSCORES`
        zrange_by_withscores<T>(key: impl ToArgs, range: ZRange) -> Vec<(T, f64)>;
        /// `ZRANGESTORE destination source start stop [BYSCORE|BYLEX] [REV] [LIMIT ...]`: the size
        /// of the stored result.
        zrangestore(destination: impl ToArgs, source: impl ToArgs, range: ZRange) -> usize;
        /// `ZREVRANGE key start stop`: members by descending rank.
        zrevrange<T>(key: impl ToArgs, start: i64, stop: i64) -> T;
        /// `ZREVRANGE key start stop WITHSCORES`
        zrevrange_withscores<T>(key: impl ToArgs, start: i64, stop: i64) -> Vec<(T, f64)>;
        /// `ZRANGEBYSCORE key min max`
        zrangebyscore<T>(key: impl ToArgs, min: impl ToArgs, max: impl ToArgs) -> T;
        /// `ZRANGEBYSCORE key min max WITHSCORES`
        zrangebyscore_withscores<T>(key: impl ToArgs, min: impl ToArgs, max: impl ToArgs) -> Vec<(T, f64)>;
        /// `ZREVRANGEBYSCORE key max min` (note the order).
        zrevrangebyscore<T>(key: impl ToArgs, max: impl ToArgs, min: impl ToArgs) -> T;
        /// `ZRANGEBYLEX key min max`
        zrangebylex<T>(key: impl ToArgs, min: impl ToArgs, max: impl ToArgs) -> T;
        /// `ZREVRANGEBYLEX key max min` (note the order).
        zrevrangebylex<T>(key: impl ToArgs, max: impl ToArgs, min: impl ToArgs) -> T;
        /// `ZREMRANGEBYRANK key start stop`: how many members were removed.
        zremrangebyrank(key: impl ToArgs, start: i64, stop: i64) -> usize;
        /// `ZREMRANGEBYSCORE key min max`
        zremrangebyscore(key: impl ToArgs, min: impl ToArgs, max: impl ToArgs) -> usize;
        /// `ZREMRANGEBYLEX key min max`
        zremrangebylex(key: impl ToArgs, min: impl ToArgs, max: impl ToArgs) -> usize;
        /// `ZPOPMIN key count`: up to `count` members with the lowest scores, removed.
        zpopmin<T>(key: impl ToArgs, count: usize) -> Vec<(T, f64)>;
        /// `ZPOPMAX key count`: up to `count` members with the highest scores, removed.
        zpopmax<T>(key: impl ToArgs, count: usize) -> Vec<(T, f64)>;
        /// `BZPOPMIN key... timeout` (blocking): the key, member and score popped from the first
        /// non-empty set, or `None` after `timeout` seconds (0: forever).
        bzpopmin<T>(keys: impl ToArgs, timeout: f64) -> Option<(String, T, f64)>;
        /// `BZPOPMAX key... timeout` (blocking).
        bzpopmax<T>(keys: impl ToArgs, timeout: f64) -> Option<(String, T, f64)>;
        /// `ZMPOP numkeys key... MIN|MAX COUNT count`: the key and members popped from the first
        /// non-empty set, or `None`.
        zmpop<T>(keys: impl ToArgs, end: MinMax, count: usize) -> MultiPop<T>;
        /// `BZMPOP timeout numkeys key... MIN|MAX COUNT count` (blocking).
        bzmpop<T>(timeout: f64, keys: impl ToArgs, end: MinMax, count: usize) -> MultiPop<T>;
        /// `ZUNIONSTORE destination numkeys key... [WEIGHTS ...] [AGGREGATE ...]`: the size of the
        /// stored result.
        zunionstore(destination: impl ToArgs, keys: impl ToArgs, combine: ZCombine) -> usize;
        /// `ZINTERSTORE destination numkeys key... [WEIGHTS ...] [AGGREGATE ...]`
        zinterstore(destination: impl ToArgs, keys: impl ToArgs, combine: ZCombine) -> usize;
        /// `ZDIFFSTORE destination numkeys key...`
        zdiffstore(destination: impl ToArgs, keys: impl ToArgs) -> usize;
        /// `ZUNION numkeys key... [WEIGHTS ...] [AGGREGATE ...]`: the members of the union.
        zunion<T>(keys: impl ToArgs, combine: ZCombine) -> T;
        /// `ZUNION numkeys key... [WEIGHTS ...] [AGGREGATE ...] WITHSCORES`
        zunion_withscores<T>(keys: impl ToArgs, combine: ZCombine) -> Vec<(T, f64)>;
        /// `ZINTER numkeys key... [WEIGHTS ...] [AGGREGATE ...]`: the members of the intersection.
        zinter<T>(keys: impl ToArgs, combine: ZCombine) -> T;
        /// `ZINTER numkeys key... [WEIGHTS ...] [AGGREGATE ...] WITHSCORES`
        zinter_withscores<T>(keys: impl ToArgs, combine: ZCombine) -> Vec<(T, f64)>;
        /// `ZDIFF numkeys key...`: members of the first set in none of the others.
        zdiff<T>(keys: impl ToArgs) -> T;
        /// `ZINTERCARD numkeys key... [LIMIT limit]`: the size of the intersection.
        zintercard(keys: impl ToArgs, limit: Option<usize>) -> usize;
        /// `ZRANDMEMBER key`: a random member, or null.
        zrandmember<T>(key: impl ToArgs) -> T;
        /// `ZRANDMEMBER key count`: up to `count` distinct members (negative: repeats allowed).
        zrandmember_count<T>(key: impl ToArgs, count: i64) -> T;
        /// `ZRANDMEMBER key count WITHSCORES`
        zrandmember_withscores<T>(key: impl ToArgs, count: i64) -> Vec<(T, f64)>;
        /// `ZSCAN key cursor [MATCH pattern] [COUNT n]`: the next cursor (0 when done) and a page of
        /// members and scores, e.g. `(u64, Vec<(String, f64)>)`.
        zscan<T>(key: impl ToArgs, cursor: u64, options: ScanOptions) -> (u64, T);
    }
    hyperloglog {
        /// `PFADD key element...`: true when the estimate changed.
        pfadd(key: impl ToArgs, elements: impl ToArgs) -> bool;
        /// `PFCOUNT key...`: the estimated number of distinct elements (of the union, for several keys).
        pfcount(keys: impl ToArgs) -> usize;
        /// `PFMERGE destination source...`
        pfmerge(destination: impl ToArgs, sources: impl ToArgs) -> ();
    }
    bitmaps {
        /// `SETBIT key offset 0|1`: the bit's old value.
        setbit(key: impl ToArgs, offset: u64, value: bool) -> u8;
        /// `GETBIT key offset`: 0 or 1 (0 past the end).
        getbit(key: impl ToArgs, offset: u64) -> u8;
        /// `BITCOUNT key`: the number of set bits.
        bitcount(key: impl ToArgs) -> usize;
        /// `BITCOUNT key start end BYTE|BIT`: set bits within a range (both ends inclusive; negative
        /// counts from the end).
        bitcount_range(key: impl ToArgs, start: i64, end: i64, unit: BitUnit) -> usize;
        /// `BITPOS key 0|1`: the position of the first bit with that value, or -1.
        bitpos(key: impl ToArgs, bit: bool) -> i64;
        /// `BITPOS key 0|1 start end BYTE|BIT`
        bitpos_range(key: impl ToArgs, bit: bool, start: i64, end: i64, unit: BitUnit) -> i64;
        /// `BITOP AND|OR|XOR|NOT destination key...`: the length of the stored string.
        bitop(op: BitOp, destination: impl ToArgs, keys: impl ToArgs) -> usize;
        /// `BITFIELD key operations...`: one reply per GET/SET/INCRBY (`None` where `OVERFLOW FAIL`
        /// stopped it).
        bitfield(key: impl ToArgs, operations: BitField) -> Vec<Option<i64>>;
        /// `BITFIELD_RO key GET type offset ...`: the read-only form (GET operations only), usable on
        /// replicas.
        bitfield_ro(key: impl ToArgs, operations: BitField) -> Vec<Option<i64>>;
    }
    geo {
        /// `GEOADD key longitude latitude member [...]` from `(longitude, latitude, member)` triples:
        /// how many members were added.
        geoadd(key: impl ToArgs, items: impl ToArgs) -> usize;
        /// `GEOADD key [NX|XX] [CH] longitude latitude member [...]`
        geoadd_options(key: impl ToArgs, items: impl ToArgs, options: GeoAddOptions) -> usize;
        /// `GEODIST key member1 member2 unit`: the distance, or `None` when a member is missing.
        geodist(key: impl ToArgs, member1: impl ToArgs, member2: impl ToArgs, unit: GeoUnit) -> Option<f64>;
        /// `GEOPOS key member...`: (longitude, latitude) per member, `None` for missing ones.
        geopos(key: impl ToArgs, members: impl ToArgs) -> Vec<Option<(f64, f64)>>;
        /// `GEOHASH key member...`: the 11-character geohash per member, `None` for missing ones.
        geohash(key: impl ToArgs, members: impl ToArgs) -> Vec<Option<String>>;
        /// `GEOSEARCH key FROMMEMBER|FROMLONLAT ... BYRADIUS|BYBOX ... [options]`: the matches; read
        /// them as `Vec<String>` without `WITH...` options, or `Vec<GeoMatch>` in every case.
        geosearch<T>(key: impl ToArgs, from: GeoFrom, shape: GeoShape, options: GeoSearchOptions) -> T;
        /// `GEOSEARCHSTORE destination source ... [STOREDIST]`: stores the matches (with their
        /// distances as scores when `store_dist`); how many were stored. `WITH...` options are
        /// ignored, as Redis does not accept them here.
        geosearchstore(destination: impl ToArgs, source: impl ToArgs, from: GeoFrom, shape: GeoShape, options: GeoSearchOptions, store_dist: bool) -> usize;
    }
    streams {
        /// `XADD key id field value [field value ...]`: the new entry's id. Use `"*"` to let the
        /// server choose the id.
        xadd(key: impl ToArgs, id: impl ToArgs, fields: impl ToArgs) -> String;
        /// `XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT n]] id field value ...`: the
        /// new id, or `None` with `NOMKSTREAM` when the stream does not exist.
        xadd_options(key: impl ToArgs, id: impl ToArgs, fields: impl ToArgs, options: XAddOptions) -> Option<String>;
        /// `XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT n]`: how many entries were removed.
        xtrim(key: impl ToArgs, trim: StreamTrim) -> usize;
        /// `XLEN key`: the number of entries.
        xlen(key: impl ToArgs) -> usize;
        /// `XDEL key id...`: how many entries were deleted.
        xdel(key: impl ToArgs, ids: impl ToArgs) -> usize;
        /// `XSETID key last-id`: sets the stream's last generated id (used by replication and
        /// restores).
        xsetid(key: impl ToArgs, last_id: impl ToArgs) -> ();
        /// `XRANGE key start end`: the entries with ids in the range (`"-"`, `"+"` for all; `"(id"`
        /// excludes `id`).
        xrange(key: impl ToArgs, start: impl ToArgs, end: impl ToArgs) -> Vec<StreamEntry>;
        /// `XRANGE key start end COUNT n`
        xrange_count(key: impl ToArgs, start: impl ToArgs, end: impl ToArgs, count: u64) -> Vec<StreamEntry>;
        /// `XREVRANGE key end start`: newest first (note the order of the bounds).
        xrevrange(key: impl ToArgs, end: impl ToArgs, start: impl ToArgs) -> Vec<StreamEntry>;
        /// `XREVRANGE key end start COUNT n`
        xrevrange_count(key: impl ToArgs, end: impl ToArgs, start: impl ToArgs, count: u64) -> Vec<StreamEntry>;
        /// `XREAD [COUNT n] [BLOCK ms] STREAMS key... id...`: entries after the given ids (`"$"`:
        /// only new ones), per stream; empty when nothing arrived before the timeout. Blocking when
        /// the options have `BLOCK`.
        xread(streams: impl ToArgs, ids: impl ToArgs, options: XReadOptions) -> StreamRead;
        /// `XREADGROUP GROUP group consumer [COUNT n] [BLOCK ms] [NOACK] STREAMS key... id...`: `">"`
        /// reads entries never delivered to the group; another id re-reads this consumer's pending
        /// entries. Blocking when the options have `BLOCK`.
        xreadgroup(group: impl ToArgs, consumer: impl ToArgs, streams: impl ToArgs, ids: impl ToArgs, options: XReadOptions) -> StreamRead;
        /// `XGROUP CREATE key group id [MKSTREAM]`: `id` is where the group starts (`"$"`: new
        /// entries only, `"0"`: everything); `mkstream` creates an empty stream when absent.
        xgroup_create(key: impl ToArgs, group: impl ToArgs, id: impl ToArgs, mkstream: bool) -> ();
        /// `XGROUP DESTROY key group`: true when the group existed.
        xgroup_destroy(key: impl ToArgs, group: impl ToArgs) -> bool;
        /// `XGROUP CREATECONSUMER key group consumer`: true when the consumer was created.
        xgroup_createconsumer(key: impl ToArgs, group: impl ToArgs, consumer: impl ToArgs) -> bool;
        /// `XGROUP DELCONSUMER key group consumer`: how many pending entries the consumer had.
        xgroup_delconsumer(key: impl ToArgs, group: impl ToArgs, consumer: impl ToArgs) -> usize;
        /// `XGROUP SETID key group id`: moves the group's last delivered id.
        xgroup_setid(key: impl ToArgs, group: impl ToArgs, id: impl ToArgs) -> ();
        /// `XACK key group id...`: how many entries were acknowledged.
        xack(key: impl ToArgs, group: impl ToArgs, ids: impl ToArgs) -> usize;
        /// `XPENDING key group`: the summary of the group's pending entries.
        xpending(key: impl ToArgs, group: impl ToArgs) -> PendingSummary;
        /// `XPENDING key group [IDLE ms] start end count [consumer]`: the pending entries themselves.
        xpending_range(key: impl ToArgs, group: impl ToArgs, range: PendingRange) -> Vec<PendingEntry>;
        /// `XCLAIM key group consumer min-idle-time id... [options]`: takes over pending entries idle
        /// at least `min_idle_ms`; the claimed entries.
        xclaim(key: impl ToArgs, group: impl ToArgs, consumer: impl ToArgs, min_idle_ms: u64, ids: impl ToArgs, options: XClaimOptions) -> Vec<StreamEntry>;
        /// `XCLAIM ... JUSTID`: as [`xclaim`](Self::xclaim), replying only the claimed ids.
        xclaim_justid(key: impl ToArgs, group: impl ToArgs, consumer: impl ToArgs, min_idle_ms: u64, ids: impl ToArgs, options: XClaimOptions) -> Vec<String>;
        /// `XAUTOCLAIM key group consumer min-idle-time start [COUNT n]`: claims pending entries
        /// idle at least `min_idle_ms`, scanning from `start` (`"0-0"` first); the cursor for the
        /// next call, the claimed entries and the ids that no longer exist.
        xautoclaim(key: impl ToArgs, group: impl ToArgs, consumer: impl ToArgs, min_idle_ms: u64, start: impl ToArgs, count: Option<u64>) -> AutoClaim<StreamEntry>;
        /// `XAUTOCLAIM ... JUSTID`: as [`xautoclaim`](Self::xautoclaim), with ids instead of entries.
        xautoclaim_justid(key: impl ToArgs, group: impl ToArgs, consumer: impl ToArgs, min_idle_ms: u64, start: impl ToArgs, count: Option<u64>) -> AutoClaim<String>;
        /// `XINFO STREAM key`: the stream's length, ids, group count, first and last entries.
        xinfo_stream(key: impl ToArgs) -> StreamInfo;
        /// `XINFO GROUPS key`: the stream's consumer groups.
        xinfo_groups(key: impl ToArgs) -> Vec<GroupInfo>;
        /// `XINFO CONSUMERS key group`: the group's consumers.
        xinfo_consumers(key: impl ToArgs, group: impl ToArgs) -> Vec<ConsumerInfo>;
    }
    scripting {
        /// `EVAL script numkeys key... arg...`: `numkeys` is counted from `keys`.
        eval<T>(script: impl ToArgs, keys: impl ToArgs, args: impl ToArgs) -> T;
        /// `EVAL_RO script numkeys key... arg...`: a read-only script, usable on replicas.
        eval_ro<T>(script: impl ToArgs, keys: impl ToArgs, args: impl ToArgs) -> T;
        /// `EVALSHA sha1 numkeys key... arg...`
        evalsha<T>(sha1: impl ToArgs, keys: impl ToArgs, args: impl ToArgs) -> T;
        /// `EVALSHA_RO sha1 numkeys key... arg...`
        evalsha_ro<T>(sha1: impl ToArgs, keys: impl ToArgs, args: impl ToArgs) -> T;
        /// `SCRIPT LOAD script`: the script's SHA1 digest.
        script_load(script: impl ToArgs) -> String;
        /// `SCRIPT EXISTS sha1...`: whether each script is cached.
        script_exists(sha1s: impl ToArgs) -> Vec<bool>;
        /// `SCRIPT FLUSH`: empties the script cache.
        script_flush() -> ();
        /// `SCRIPT KILL`: stops the running script if it has not written yet.
        script_kill() -> ();
    }
    functions {
        /// `FUNCTION LOAD [REPLACE] code`: loads a library (its code starts with
        /// `#!lua name=<library>`); replies the library name.
        function_load(code: impl ToArgs, replace: bool) -> String;
        /// `FUNCTION DELETE library`
        function_delete(library: impl ToArgs) -> ();
        /// `FUNCTION FLUSH`: deletes every library.
        function_flush() -> ();
        /// `FUNCTION LIST [LIBRARYNAME pattern]`: the libraries and their functions (a nested
        /// structure; read it as [`Value`](crate::Value) or a matching type).
        function_list<T>(library_pattern: Option<&str>) -> T;
        /// `FUNCTION DUMP`: every library in a serialized form for [`function_restore`](Self::function_restore).
        function_dump() -> Bytes;
        /// `FUNCTION RESTORE payload [APPEND|FLUSH|REPLACE]`: loads what [`function_dump`](Self::function_dump) returned.
        function_restore(payload: impl ToArgs, policy: RestorePolicy) -> ();
        /// `FUNCTION STATS`: the running script, if any, and the engines (read it as
        /// [`Value`](crate::Value) or a matching type).
        function_stats<T>() -> T;
        /// `FUNCTION KILL`: stops a running read-only function.
        function_kill() -> ();
        /// `FCALL function numkeys key... arg...`: `numkeys` is counted from `keys`.
        fcall<T>(function: impl ToArgs, keys: impl ToArgs, args: impl ToArgs) -> T;
        /// `FCALL_RO function numkeys key... arg...`: a read-only function, usable on replicas.
        fcall_ro<T>(function: impl ToArgs, keys: impl ToArgs, args: impl ToArgs) -> T;
    }
    server {
        /// `PING`: `"PONG"`.
        ping() -> String;
        /// `ECHO message`: the message.
        echo<T>(message: impl ToArgs) -> T;
        /// `INFO`: the server's report, `# Section` headers and `field:value` lines.
        info() -> String;
        /// `INFO section...`: only the named sections (e.g. `"memory"`, `["server", "clients"]`).
        info_sections(sections: impl ToArgs) -> String;
        /// `INFO [section...]`, parsed: look fields up with [`InfoReport::get`]. Pass `()` for the
        /// default sections.
        info_report(sections: impl ToArgs) -> InfoReport;
        /// `DBSIZE`: the number of keys in the client's database.
        dbsize() -> usize;
        /// `FLUSHDB`: deletes every key of the client's database.
        flushdb() -> ();
        /// `FLUSHDB ASYNC`: as [`flushdb`](Self::flushdb), freeing memory in the background.
        flushdb_async() -> ();
        /// `FLUSHALL`: deletes every key of every database.
        flushall() -> ();
        /// `FLUSHALL ASYNC`
        flushall_async() -> ();
        /// `TIME`: the server's clock as (Unix seconds, microseconds within the second).
        time() -> (u64, u64);
        /// `LASTSAVE`: the Unix time of the last successful save to disk.
        lastsave() -> i64;
        /// `CLIENT SETNAME name`: names this connection (shown by `CLIENT LIST`). On a shared client
        /// prefer the client's configured name, which survives reconnects.
        client_setname(name: impl ToArgs) -> ();
        /// `CLIENT GETNAME`: this connection's name, if any.
        client_getname() -> Option<String>;
        /// `CLIENT ID`: this connection's id.
        client_id() -> i64;
        /// `CLIENT INFO`: this connection's line of `CLIENT LIST`.
        client_info() -> String;
        /// `CLIENT KILL ID id`: closes another connection; how many were closed (0 or 1).
        client_kill_id(id: i64) -> usize;
        /// `CLIENT PAUSE milliseconds [WRITE]`: suspends the server's clients (only their writes,
        /// with `write_only`) for a while; for failovers and tests.
        client_pause(milliseconds: u64, write_only: bool) -> ();
        /// `CLIENT UNPAUSE`: ends a [`client_pause`](Self::client_pause) early.
        client_unpause() -> ();
        /// `CLIENT LIST`: one line per connection.
        client_list() -> String;
        /// `CONFIG GET parameter...`: the matching parameters and values; read it as e.g.
        /// `HashMap<String, String>` (RESP2's flat array and RESP3's map both convert).
        config_get<T>(parameters: impl ToArgs) -> T;
        /// `CONFIG SET parameter value`
        config_set(parameter: impl ToArgs, value: impl ToArgs) -> ();
        /// `CONFIG RESETSTAT`: resets the statistics `INFO` reports.
        config_resetstat() -> ();
        /// `CONFIG REWRITE`: writes the running configuration to the config file.
        config_rewrite() -> ();
        /// `SLOWLOG GET [count]`: the slowest recent commands (nested arrays; read them as
        /// [`Value`] or a matching type).
        slowlog_get<T>(count: Option<i64>) -> T;
        /// `SLOWLOG LEN`
        slowlog_len() -> usize;
        /// `SLOWLOG RESET`
        slowlog_reset() -> ();
        /// `COMMAND COUNT`: how many commands the server knows.
        command_count() -> usize;
        /// `ROLE`: the replication role and its details (`["master", offset, replicas]`, ...).
        role<T>() -> T;
        /// `SAVE`: a synchronous snapshot to disk (blocks the server; prefer [`bgsave`](Self::bgsave)).
        save() -> ();
        /// `BGSAVE`: a snapshot in a background process.
        bgsave() -> ();
        /// `BGREWRITEAOF`: rewrites the append-only file in the background.
        bgrewriteaof() -> ();
        /// `MEMORY USAGE key`: bytes used by the key and its value, or `None` when absent.
        memory_usage(key: impl ToArgs) -> Option<u64>;
        /// `WAIT numreplicas timeout` (blocking): waits until the writes so far reached `numreplicas`
        /// replicas or `timeout` milliseconds passed (0: forever); how many replicas acknowledged.
        wait(numreplicas: u64, timeout_ms: u64) -> usize;
    }
    pubsub {
        /// `PUBLISH channel message`: how many subscribers received it (on this node).
        publish(channel: impl ToArgs, message: impl ToArgs) -> usize;
        /// `SPUBLISH shardchannel message` (Redis 7): publishes to a shard channel.
        spublish(channel: impl ToArgs, message: impl ToArgs) -> usize;
        /// `PUBSUB CHANNELS [pattern]`: the channels with at least one subscriber.
        pubsub_channels<T>(pattern: Option<&str>) -> T;
        /// `PUBSUB NUMSUB channel...`: each channel with its subscriber count; read it as e.g.
        /// `Vec<(String, u64)>`.
        pubsub_numsub<T>(channels: impl ToArgs) -> T;
        /// `PUBSUB NUMPAT`: how many pattern subscriptions exist.
        pubsub_numpat() -> usize;
        /// `PUBSUB SHARDCHANNELS [pattern]` (Redis 7): the shard channels with subscribers.
        pubsub_shardchannels<T>(pattern: Option<&str>) -> T;
        /// `PUBSUB SHARDNUMSUB shardchannel...` (Redis 7)
        pubsub_shardnumsub<T>(channels: impl ToArgs) -> T;
    }
    acl {
        /// `ACL WHOAMI`: the user this connection is authenticated as.
        acl_whoami() -> String;
        /// `ACL SETUSER username rule...`: creates or changes a user, e.g.
        /// `acl_setuser("app", ["on", ">secret", "~app:*", "+@all"])`.
        acl_setuser(username: impl ToArgs, rules: impl ToArgs) -> ();
        /// `ACL DELUSER username...`: how many users were deleted.
        acl_deluser(usernames: impl ToArgs) -> usize;
        /// `ACL USERS`: the user names.
        acl_users<T>() -> T;
        /// `ACL LIST`: each user's rules, in `ACL SETUSER` syntax.
        acl_list<T>() -> T;
        /// `ACL CAT [category]`: the command categories, or the commands of one category.
        acl_cat<T>(category: Option<&str>) -> T;
    }
    cluster {
        /// `CLUSTER INFO`: the cluster's state as `field:value` lines (see
        /// [`InfoReport`](super::server::InfoReport) for a parser of the same format).
        cluster_info() -> String;
        /// `CLUSTER NODES`: one line per node, in the cluster's configuration format.
        cluster_nodes() -> String;
        /// `CLUSTER MYID`: this node's id.
        cluster_myid() -> String;
        /// `CLUSTER SLOTS`: slot ranges with their nodes (nested arrays; deprecated by Redis in
        /// favour of [`cluster_shards`](Self::cluster_shards)).
        cluster_slots<T>() -> T;
        /// `CLUSTER SHARDS` (Redis 7): the shards, their slot ranges and nodes.
        cluster_shards<T>() -> T;
        /// `CLUSTER KEYSLOT key`: the hash slot of a key, as the server computes it.
        cluster_keyslot(key: impl ToArgs) -> u16;
        /// `CLUSTER COUNTKEYSINSLOT slot`: how many keys this node holds in the slot.
        cluster_countkeysinslot(slot: u16) -> usize;
        /// `CLUSTER GETKEYSINSLOT slot count`: up to `count` key names in the slot.
        cluster_getkeysinslot<T>(slot: u16, count: usize) -> T;
        /// `COMMAND GETKEYS command arg...`: which arguments of a command are keys, as the server
        /// sees it (for checking a client's routing).
        command_getkeys<T>(command: impl ToArgs) -> T;
    }
}
