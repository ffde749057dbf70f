//! Byte-exact argument lists of the builders, options included.

use super::key;
use crate::commands::bitmaps::{self, BitField, BitOp, BitUnit, Overflow};
use crate::commands::geo::{self, GeoAddOptions, GeoFrom, GeoSearchOptions, GeoShape, GeoUnit};
use crate::commands::keys::{self, ExpireCondition, SortOptions};
use crate::commands::lists::{self, Direction, LposOptions, Position};
use crate::commands::scan::ScanOptions;
use crate::commands::sorted_sets::{self, Aggregate, MinMax, ZAddOptions, ZCombine, ZRange};
use crate::commands::streams::{
    self, PendingRange, StreamTrim, XAddOptions, XClaimOptions, XReadOptions,
};
use crate::commands::strings::{self, Expiry, SetOptions};
use crate::commands::{acl, functions, hashes, hyperloglog, pubsub, scripting, server, sets};
use crate::{Dispatch, Value};

#[test]
fn strings_family() {
    check!(strings::get::<Value>("k"), ["GET", key("k")]);
    check!(
        strings::set("k", b"\x00v".as_slice()),
        ["SET", key("k"), "\0v"]
    );
    check!(
        strings::set_options("k", 1, SetOptions::new().nx().ex(10)),
        ["SET", key("k"), "1", "NX", "EX", "10"]
    );
    check!(
        strings::set_options("k", 1, SetOptions::new().xx().px(5)),
        ["SET", key("k"), "1", "XX", "PX", "5"]
    );
    check!(
        strings::set_options("k", 1, SetOptions::new().keep_ttl()),
        ["SET", key("k"), "1", "KEEPTTL"]
    );
    check!(
        strings::set_options("k", 1, SetOptions::new().expiry(Expiry::ExAt(7))),
        ["SET", key("k"), "1", "EXAT", "7"]
    );
    check!(strings::set_nx("k", "v"), ["SET", key("k"), "v", "NX"]);
    check!(
        strings::set_ex("k", "v", 3),
        ["SET", key("k"), "v", "EX", "3"]
    );
    check!(
        strings::set_get::<Value>("k", "v", SetOptions::new().expiry(Expiry::PxAt(9))),
        ["SET", key("k"), "v", "PXAT", "9", "GET"]
    );
    check!(strings::setnx("k", "v"), ["SETNX", key("k"), "v"]);
    check!(strings::setex("k", 3, "v"), ["SETEX", key("k"), "3", "v"]);
    check!(strings::psetex("k", 3, "v"), ["PSETEX", key("k"), "3", "v"]);
    check!(strings::getdel::<Value>("k"), ["GETDEL", key("k")]);
    check!(
        strings::getex::<Value>("k", Some(Expiry::Persist)),
        ["GETEX", key("k"), "PERSIST"]
    );
    check!(strings::getex::<Value>("k", None), ["GETEX", key("k")]);
    check!(
        strings::getset::<Value>("k", "v"),
        ["GETSET", key("k"), "v"]
    );
    check!(
        strings::getrange::<Value>("k", 0, -1),
        ["GETRANGE", key("k"), "0", "-1"]
    );
    check!(
        strings::setrange("k", 2, "xy"),
        ["SETRANGE", key("k"), "2", "xy"]
    );
    check!(strings::strlen("k"), ["STRLEN", key("k")]);
    check!(strings::append("k", "x"), ["APPEND", key("k"), "x"]);
    check!(strings::incr("k"), ["INCR", key("k")]);
    check!(strings::incrby("k", -5), ["INCRBY", key("k"), "-5"]);
    check!(
        strings::incrbyfloat("k", 0.1),
        ["INCRBYFLOAT", key("k"), "0.1"]
    );
    check!(strings::decr("k"), ["DECR", key("k")]);
    check!(strings::decrby("k", 2), ["DECRBY", key("k"), "2"]);
    check!(
        strings::mget::<Value>(["a", "b"]),
        ["MGET", key("a"), key("b")]
    );
    check!(
        strings::mset([("a", 1), ("b", 2)]),
        ["MSET", key("a"), "1", key("b"), "2"]
    );
    check!(strings::msetnx(vec![("a", "x")]), ["MSETNX", key("a"), "x"]);
    check!(strings::lcs::<Value>("a", "b"), ["LCS", key("a"), key("b")]);
    check!(
        strings::lcs_len("a", "b"),
        ["LCS", key("a"), key("b"), "LEN"]
    );
}

#[test]
fn keys_family() {
    check!(keys::del("a"), ["DEL", key("a")]);
    check!(keys::del(["a", "b"]), ["DEL", key("a"), key("b")]);
    check!(keys::unlink(vec!["a"]), ["UNLINK", key("a")]);
    check!(keys::exists(["a", "a"]), ["EXISTS", key("a"), key("a")]);
    check!(keys::touch("a"), ["TOUCH", key("a")]);
    check!(keys::expire("a", 10), ["EXPIRE", key("a"), "10"]);
    check!(
        keys::expire_if("a", 10, ExpireCondition::Gt),
        ["EXPIRE", key("a"), "10", "GT"]
    );
    check!(keys::pexpire("a", 10), ["PEXPIRE", key("a"), "10"]);
    check!(keys::expireat("a", 1), ["EXPIREAT", key("a"), "1"]);
    check!(keys::pexpireat("a", 1), ["PEXPIREAT", key("a"), "1"]);
    check!(keys::expiretime("a"), ["EXPIRETIME", key("a")]);
    check!(keys::pexpiretime("a"), ["PEXPIRETIME", key("a")]);
    check!(keys::ttl("a"), ["TTL", key("a")]);
    check!(keys::pttl("a"), ["PTTL", key("a")]);
    check!(keys::persist("a"), ["PERSIST", key("a")]);
    check!(keys::key_type("a"), ["TYPE", key("a")]);
    check!(keys::rename("a", "b"), ["RENAME", key("a"), key("b")]);
    check!(keys::renamenx("a", "b"), ["RENAMENX", key("a"), key("b")]);
    check!(keys::copy("a", "b", false), ["COPY", key("a"), key("b")]);
    check!(
        keys::copy("a", "b", true),
        ["COPY", key("a"), key("b"), "REPLACE"]
    );
    check!(keys::scan::<Value>(0, ScanOptions::new()), ["SCAN", "0"]);
    check!(
        keys::scan::<Value>(
            17,
            ScanOptions::new().pattern("u:*").count(100).kind("hash")
        ),
        ["SCAN", "17", "MATCH", "u:*", "COUNT", "100", "TYPE", "hash"]
    );
    check!(keys::keys::<Value>("*"), ["KEYS", "*"]);
    check!(keys::randomkey::<Value>(), ["RANDOMKEY"]);
    check!(keys::object_encoding("a"), ["OBJECT", "ENCODING", key("a")]);
    check!(keys::object_idletime("a"), ["OBJECT", "IDLETIME", key("a")]);
    check!(keys::object_freq("a"), ["OBJECT", "FREQ", key("a")]);
    check!(keys::object_refcount("a"), ["OBJECT", "REFCOUNT", key("a")]);
    check!(keys::dump("a"), ["DUMP", key("a")]);
    check!(
        keys::restore("a", 0, "x", true),
        ["RESTORE", key("a"), "0", "x", "REPLACE"]
    );
    check!(
        keys::sort::<Value>("l", SortOptions::new()),
        ["SORT", key("l")]
    );
    check!(
        keys::sort_ro::<Value>("l", SortOptions::new().by("nosort").get("#").get("h_*->f")),
        [
            "SORT_RO",
            key("l"),
            "BY",
            "nosort",
            "GET",
            "#",
            "GET",
            "h_*->f"
        ]
    );
    check!(
        keys::sort_store("l", SortOptions::new().limit(0, 2).alpha(), "d"),
        [
            "SORT",
            key("l"),
            "LIMIT",
            "0",
            "2",
            "ALPHA",
            "STORE",
            key("d")
        ]
    );
}

#[test]
fn hashes_family() {
    check!(hashes::hset("h", "f", "v"), ["HSET", key("h"), "f", "v"]);
    check!(
        hashes::hset_multiple("h", [("a", 1), ("b", 2)]),
        ["HSET", key("h"), "a", "1", "b", "2"]
    );
    check!(
        hashes::hsetnx("h", "f", "v"),
        ["HSETNX", key("h"), "f", "v"]
    );
    check!(hashes::hget::<Value>("h", "f"), ["HGET", key("h"), "f"]);
    check!(
        hashes::hmget::<Value>("h", ["a", "b"]),
        ["HMGET", key("h"), "a", "b"]
    );
    check!(hashes::hgetall::<Value>("h"), ["HGETALL", key("h")]);
    check!(hashes::hdel("h", ["a", "b"]), ["HDEL", key("h"), "a", "b"]);
    check!(hashes::hexists("h", "f"), ["HEXISTS", key("h"), "f"]);
    check!(
        hashes::hincrby("h", "f", 2),
        ["HINCRBY", key("h"), "f", "2"]
    );
    check!(
        hashes::hincrbyfloat("h", "f", 2.5),
        ["HINCRBYFLOAT", key("h"), "f", "2.5"]
    );
    check!(hashes::hkeys::<Value>("h"), ["HKEYS", key("h")]);
    check!(hashes::hvals::<Value>("h"), ["HVALS", key("h")]);
    check!(hashes::hlen("h"), ["HLEN", key("h")]);
    check!(hashes::hstrlen("h", "f"), ["HSTRLEN", key("h"), "f"]);
    check!(hashes::hrandfield::<Value>("h"), ["HRANDFIELD", key("h")]);
    check!(
        hashes::hrandfield_count::<Value>("h", -3),
        ["HRANDFIELD", key("h"), "-3"]
    );
    check!(
        hashes::hrandfield_withvalues::<Value>("h", 2),
        ["HRANDFIELD", key("h"), "2", "WITHVALUES"]
    );
    check!(
        hashes::hscan::<Value>("h", 5, ScanOptions::new().count(10)),
        ["HSCAN", key("h"), "5", "COUNT", "10"]
    );
}

#[test]
fn lists_family() {
    check!(lists::lpush("l", ["a", "b"]), ["LPUSH", key("l"), "a", "b"]);
    check!(lists::rpush("l", "a"), ["RPUSH", key("l"), "a"]);
    check!(lists::lpushx("l", "a"), ["LPUSHX", key("l"), "a"]);
    check!(lists::rpushx("l", "a"), ["RPUSHX", key("l"), "a"]);
    check!(lists::lpop::<Value>("l"), ["LPOP", key("l")]);
    check!(lists::lpop_count::<Value>("l", 2), ["LPOP", key("l"), "2"]);
    check!(lists::rpop::<Value>("l"), ["RPOP", key("l")]);
    check!(lists::rpop_count::<Value>("l", 2), ["RPOP", key("l"), "2"]);
    check!(lists::llen("l"), ["LLEN", key("l")]);
    check!(
        lists::lrange::<Value>("l", 0, -1),
        ["LRANGE", key("l"), "0", "-1"]
    );
    check!(lists::lindex::<Value>("l", -1), ["LINDEX", key("l"), "-1"]);
    check!(lists::lset("l", 0, "x"), ["LSET", key("l"), "0", "x"]);
    check!(lists::lrem("l", -2, "x"), ["LREM", key("l"), "-2", "x"]);
    check!(lists::ltrim("l", 1, 2), ["LTRIM", key("l"), "1", "2"]);
    check!(
        lists::linsert("l", Position::Before, "p", "x"),
        ["LINSERT", key("l"), "BEFORE", "p", "x"]
    );
    check!(
        lists::lpos("l", "x", LposOptions::new().rank(-1).maxlen(10)),
        ["LPOS", key("l"), "x", "RANK", "-1", "MAXLEN", "10"]
    );
    check!(
        lists::lpos_count("l", "x", 0, LposOptions::new()),
        ["LPOS", key("l"), "x", "COUNT", "0"]
    );
    check!(
        lists::lmove::<Value>("a", "b", Direction::Left, Direction::Right),
        ["LMOVE", key("a"), key("b"), "LEFT", "RIGHT"]
    );
    check!(
        lists::rpoplpush::<Value>("a", "b"),
        ["RPOPLPUSH", key("a"), key("b")]
    );
    check!(
        lists::lmpop::<Value>(["a", "b"], Direction::Right, 3),
        ["LMPOP", "2", key("a"), key("b"), "RIGHT", "COUNT", "3"]
    );
    let blocking = [
        check!(
            lists::blpop::<Value>(["a", "b"], 1.5),
            ["BLPOP", key("a"), key("b"), "1.5"]
        )
        .dispatch(),
        check!(lists::brpop::<Value>("a", 0.0), ["BRPOP", key("a"), "0.0"]).dispatch(),
        check!(
            lists::blmove::<Value>("a", "b", Direction::Right, Direction::Left, 2.0),
            ["BLMOVE", key("a"), key("b"), "RIGHT", "LEFT", "2.0"]
        )
        .dispatch(),
        check!(
            lists::brpoplpush::<Value>("a", "b", 1.0),
            ["BRPOPLPUSH", key("a"), key("b"), "1.0"]
        )
        .dispatch(),
        check!(
            lists::blmpop::<Value>(0.5, ["a"], Direction::Left, 1),
            ["BLMPOP", "0.5", "1", key("a"), "LEFT", "COUNT", "1"]
        )
        .dispatch(),
    ];
    assert!(blocking.iter().all(|d| *d == Dispatch::Blocking));
    assert_eq!(lists::lpop::<Value>("l").dispatch(), Dispatch::Shared);
}

#[test]
fn sets_family() {
    check!(sets::sadd("s", ["a", "b"]), ["SADD", key("s"), "a", "b"]);
    check!(sets::srem("s", "a"), ["SREM", key("s"), "a"]);
    check!(sets::smembers::<Value>("s"), ["SMEMBERS", key("s")]);
    check!(sets::sismember("s", "a"), ["SISMEMBER", key("s"), "a"]);
    check!(
        sets::smismember("s", ["a", "b"]),
        ["SMISMEMBER", key("s"), "a", "b"]
    );
    check!(sets::scard("s"), ["SCARD", key("s")]);
    check!(sets::spop::<Value>("s"), ["SPOP", key("s")]);
    check!(sets::spop_count::<Value>("s", 2), ["SPOP", key("s"), "2"]);
    check!(sets::srandmember::<Value>("s"), ["SRANDMEMBER", key("s")]);
    check!(
        sets::srandmember_count::<Value>("s", -2),
        ["SRANDMEMBER", key("s"), "-2"]
    );
    check!(
        sets::smove("a", "b", "m"),
        ["SMOVE", key("a"), key("b"), "m"]
    );
    check!(
        sets::sinter::<Value>(["a", "b"]),
        ["SINTER", key("a"), key("b")]
    );
    check!(
        sets::sunion::<Value>(["a", "b"]),
        ["SUNION", key("a"), key("b")]
    );
    check!(
        sets::sdiff::<Value>(["a", "b"]),
        ["SDIFF", key("a"), key("b")]
    );
    check!(
        sets::sinterstore("d", ["a", "b"]),
        ["SINTERSTORE", key("d"), key("a"), key("b")]
    );
    check!(
        sets::sunionstore("d", ["a"]),
        ["SUNIONSTORE", key("d"), key("a")]
    );
    check!(
        sets::sdiffstore("d", ["a"]),
        ["SDIFFSTORE", key("d"), key("a")]
    );
    check!(
        sets::sintercard(["a", "b"], None),
        ["SINTERCARD", "2", key("a"), key("b")]
    );
    check!(
        sets::sintercard(["a"], Some(5)),
        ["SINTERCARD", "1", key("a"), "LIMIT", "5"]
    );
    check!(
        sets::sscan::<Value>("s", 0, ScanOptions::new().pattern("x*")),
        ["SSCAN", key("s"), "0", "MATCH", "x*"]
    );
}

#[test]
fn sorted_sets_family() {
    check!(
        sorted_sets::zadd("z", 1.5, "a"),
        ["ZADD", key("z"), "1.5", "a"]
    );
    check!(
        sorted_sets::zadd_multiple("z", [(1.0, "a"), (2.0, "b")]),
        ["ZADD", key("z"), "1.0", "a", "2.0", "b"]
    );
    check!(
        sorted_sets::zadd_options("z", [(1.0, "a")], ZAddOptions::new().xx().gt().ch()),
        ["ZADD", key("z"), "XX", "GT", "CH", "1.0", "a"]
    );
    check!(
        sorted_sets::zadd_options("z", [(1.0, "a")], ZAddOptions::new().nx().lt()),
        ["ZADD", key("z"), "NX", "LT", "1.0", "a"]
    );
    check!(
        sorted_sets::zadd_incr("z", 2.0, "a", ZAddOptions::new().nx()),
        ["ZADD", key("z"), "NX", "INCR", "2.0", "a"]
    );
    check!(
        sorted_sets::zincrby("z", -1.0, "a"),
        ["ZINCRBY", key("z"), "-1.0", "a"]
    );
    check!(
        sorted_sets::zrem("z", ["a", "b"]),
        ["ZREM", key("z"), "a", "b"]
    );
    check!(sorted_sets::zcard("z"), ["ZCARD", key("z")]);
    check!(
        sorted_sets::zcount("z", "-inf", "(5"),
        ["ZCOUNT", key("z"), "-inf", "(5"]
    );
    check!(
        sorted_sets::zlexcount("z", "[a", "+"),
        ["ZLEXCOUNT", key("z"), "[a", "+"]
    );
    check!(sorted_sets::zscore("z", "a"), ["ZSCORE", key("z"), "a"]);
    check!(
        sorted_sets::zmscore("z", ["a", "b"]),
        ["ZMSCORE", key("z"), "a", "b"]
    );
    check!(sorted_sets::zrank("z", "a"), ["ZRANK", key("z"), "a"]);
    check!(sorted_sets::zrevrank("z", "a"), ["ZREVRANK", key("z"), "a"]);
    check!(
        sorted_sets::zrange::<Value>("z", 0, -1),
        ["ZRANGE", key("z"), "0", "-1"]
    );
    check!(
        sorted_sets::zrange_withscores::<Value>("z", 0, 1),
        ["ZRANGE", key("z"), "0", "1", "WITHSCORES"]
    );
    check!(
        sorted_sets::zrange_by::<Value>("z", ZRange::rank(0, 5).rev()),
        ["ZRANGE", key("z"), "0", "5", "REV"]
    );
    check!(
        sorted_sets::zrange_by::<Value>("z", ZRange::score(1, "(3.5").limit(2, 10)),
        [
            "ZRANGE",
            key("z"),
            "1",
            "(3.5",
            "BYSCORE",
            "LIMIT",
            "2",
            "10"
        ]
    );
    check!(
        sorted_sets::zrange_by_withscores::<Value>("z", ZRange::score("+inf", "-inf").rev()),
        [
            "ZRANGE",
            key("z"),
            "+inf",
            "-inf",
            "BYSCORE",
            "REV",
            "WITHSCORES"
        ]
    );
    check!(
        sorted_sets::zrange_by::<Value>("z", ZRange::lex("[a", "(c")),
        ["ZRANGE", key("z"), "[a", "(c", "BYLEX"]
    );
    check!(
        sorted_sets::zrangestore("d", "z", ZRange::rank(0, 1)),
        ["ZRANGESTORE", key("d"), key("z"), "0", "1"]
    );
    check!(
        sorted_sets::zrevrange::<Value>("z", 0, 1),
        ["ZREVRANGE", key("z"), "0", "1"]
    );
    check!(
        sorted_sets::zrevrange_withscores::<Value>("z", 0, 1),
        ["ZREVRANGE", key("z"), "0", "1", "WITHSCORES"]
    );
    check!(
        sorted_sets::zrangebyscore::<Value>("z", 1, 2),
        ["ZRANGEBYSCORE", key("z"), "1", "2"]
    );
    check!(
        sorted_sets::zrangebyscore_withscores::<Value>("z", "-inf", "+inf"),
        ["ZRANGEBYSCORE", key("z"), "-inf", "+inf", "WITHSCORES"]
    );
    check!(
        sorted_sets::zrevrangebyscore::<Value>("z", 2, 1),
        ["ZREVRANGEBYSCORE", key("z"), "2", "1"]
    );
    check!(
        sorted_sets::zrangebylex::<Value>("z", "-", "+"),
        ["ZRANGEBYLEX", key("z"), "-", "+"]
    );
    check!(
        sorted_sets::zrevrangebylex::<Value>("z", "+", "-"),
        ["ZREVRANGEBYLEX", key("z"), "+", "-"]
    );
    check!(
        sorted_sets::zremrangebyrank("z", 0, 1),
        ["ZREMRANGEBYRANK", key("z"), "0", "1"]
    );
    check!(
        sorted_sets::zremrangebyscore("z", 0, 1),
        ["ZREMRANGEBYSCORE", key("z"), "0", "1"]
    );
    check!(
        sorted_sets::zremrangebylex("z", "-", "+"),
        ["ZREMRANGEBYLEX", key("z"), "-", "+"]
    );
    check!(
        sorted_sets::zpopmin::<Value>("z", 2),
        ["ZPOPMIN", key("z"), "2"]
    );
    check!(
        sorted_sets::zpopmax::<Value>("z", 1),
        ["ZPOPMAX", key("z"), "1"]
    );
    let b = check!(
        sorted_sets::bzpopmin::<Value>(["a", "b"], 0.0),
        ["BZPOPMIN", key("a"), key("b"), "0.0"]
    );
    assert_eq!(b.dispatch(), Dispatch::Blocking);
    let b = check!(
        sorted_sets::bzpopmax::<Value>("a", 1.0),
        ["BZPOPMAX", key("a"), "1.0"]
    );
    assert_eq!(b.dispatch(), Dispatch::Blocking);
    check!(
        sorted_sets::zmpop::<Value>(["a", "b"], MinMax::Min, 2),
        ["ZMPOP", "2", key("a"), key("b"), "MIN", "COUNT", "2"]
    );
    let b = check!(
        sorted_sets::bzmpop::<Value>(1.0, ["a"], MinMax::Max, 1),
        ["BZMPOP", "1.0", "1", key("a"), "MAX", "COUNT", "1"]
    );
    assert_eq!(b.dispatch(), Dispatch::Blocking);
    check!(
        sorted_sets::zunionstore(
            "d",
            ["a", "b"],
            ZCombine::new()
                .weights([2.0, 0.5])
                .aggregate(Aggregate::Max)
        ),
        [
            "ZUNIONSTORE",
            key("d"),
            "2",
            key("a"),
            key("b"),
            "WEIGHTS",
            "2.0",
            "0.5",
            "AGGREGATE",
            "MAX"
        ]
    );
    check!(
        sorted_sets::zinterstore("d", ["a", "b"], ZCombine::new()),
        ["ZINTERSTORE", key("d"), "2", key("a"), key("b")]
    );
    check!(
        sorted_sets::zdiffstore("d", ["a", "b"]),
        ["ZDIFFSTORE", key("d"), "2", key("a"), key("b")]
    );
    check!(
        sorted_sets::zunion::<Value>(["a"], ZCombine::new().aggregate(Aggregate::Min)),
        ["ZUNION", "1", key("a"), "AGGREGATE", "MIN"]
    );
    check!(
        sorted_sets::zunion_withscores::<Value>(["a"], ZCombine::new()),
        ["ZUNION", "1", key("a"), "WITHSCORES"]
    );
    check!(
        sorted_sets::zinter::<Value>(["a", "b"], ZCombine::new().aggregate(Aggregate::Sum)),
        ["ZINTER", "2", key("a"), key("b"), "AGGREGATE", "SUM"]
    );
    check!(
        sorted_sets::zinter_withscores::<Value>(["a"], ZCombine::new()),
        ["ZINTER", "1", key("a"), "WITHSCORES"]
    );
    check!(
        sorted_sets::zdiff::<Value>(["a", "b"]),
        ["ZDIFF", "2", key("a"), key("b")]
    );
    check!(
        sorted_sets::zintercard(["a", "b"], Some(3)),
        ["ZINTERCARD", "2", key("a"), key("b"), "LIMIT", "3"]
    );
    check!(
        sorted_sets::zrandmember::<Value>("z"),
        ["ZRANDMEMBER", key("z")]
    );
    check!(
        sorted_sets::zrandmember_count::<Value>("z", 2),
        ["ZRANDMEMBER", key("z"), "2"]
    );
    check!(
        sorted_sets::zrandmember_withscores::<Value>("z", 2),
        ["ZRANDMEMBER", key("z"), "2", "WITHSCORES"]
    );
    check!(
        sorted_sets::zscan::<Value>("z", 0, ScanOptions::new()),
        ["ZSCAN", key("z"), "0"]
    );
}

#[test]
fn hyperloglog_and_bitmaps() {
    check!(
        hyperloglog::pfadd("h", ["a", "b"]),
        ["PFADD", key("h"), "a", "b"]
    );
    check!(
        hyperloglog::pfcount(["h", "g"]),
        ["PFCOUNT", key("h"), key("g")]
    );
    check!(
        hyperloglog::pfmerge("d", ["h", "g"]),
        ["PFMERGE", key("d"), key("h"), key("g")]
    );
    check!(
        bitmaps::setbit("b", 7, true),
        ["SETBIT", key("b"), "7", "1"]
    );
    check!(bitmaps::getbit("b", 7), ["GETBIT", key("b"), "7"]);
    check!(bitmaps::bitcount("b"), ["BITCOUNT", key("b")]);
    check!(
        bitmaps::bitcount_range("b", 0, -1, BitUnit::Bit),
        ["BITCOUNT", key("b"), "0", "-1", "BIT"]
    );
    check!(bitmaps::bitpos("b", false), ["BITPOS", key("b"), "0"]);
    check!(
        bitmaps::bitpos_range("b", true, 1, 2, BitUnit::Byte),
        ["BITPOS", key("b"), "1", "1", "2", "BYTE"]
    );
    check!(
        bitmaps::bitop(BitOp::Xor, "d", ["a", "b"]),
        ["BITOP", "XOR", key("d"), key("a"), key("b")]
    );
    check!(
        bitmaps::bitfield(
            "b",
            BitField::new()
                .set("u8", "#1", 200)
                .overflow(Overflow::Fail)
                .incrby("i5", 3, -1)
                .get("u4", 0)
        ),
        [
            "BITFIELD",
            key("b"),
            "SET",
            "u8",
            "#1",
            "200",
            "OVERFLOW",
            "FAIL",
            "INCRBY",
            "i5",
            "3",
            "-1",
            "GET",
            "u4",
            "0"
        ]
    );
    check!(
        bitmaps::bitfield_ro("b", BitField::new().get("u8", 0)),
        ["BITFIELD_RO", key("b"), "GET", "u8", "0"]
    );
}

#[test]
fn geo_family() {
    check!(
        geo::geoadd("g", [(13.5, 38.25, "Palermo")]),
        ["GEOADD", key("g"), "13.5", "38.25", "Palermo"]
    );
    check!(
        geo::geoadd_options("g", [(1.0, 2.0, "x")], GeoAddOptions::new().xx().ch()),
        ["GEOADD", key("g"), "XX", "CH", "1.0", "2.0", "x"]
    );
    check!(
        geo::geodist("g", "a", "b", GeoUnit::Kilometers),
        ["GEODIST", key("g"), "a", "b", "KM"]
    );
    check!(geo::geopos("g", ["a", "b"]), ["GEOPOS", key("g"), "a", "b"]);
    check!(geo::geohash("g", "a"), ["GEOHASH", key("g"), "a"]);
    check!(
        geo::geosearch::<Value>(
            "g",
            GeoFrom::LonLat(15.0, 37.0),
            GeoShape::Radius(200.0, GeoUnit::Kilometers),
            GeoSearchOptions::new()
                .asc()
                .count_any(3)
                .with_coord()
                .with_dist()
                .with_hash()
        ),
        [
            "GEOSEARCH",
            key("g"),
            "FROMLONLAT",
            "15.0",
            "37.0",
            "BYRADIUS",
            "200.0",
            "KM",
            "ASC",
            "COUNT",
            "3",
            "ANY",
            "WITHCOORD",
            "WITHDIST",
            "WITHHASH"
        ]
    );
    check!(
        geo::geosearch::<Value>(
            "g",
            GeoFrom::member("Palermo"),
            GeoShape::Box(10.0, 20.5, GeoUnit::Miles),
            GeoSearchOptions::new().desc().count(1)
        ),
        [
            "GEOSEARCH",
            key("g"),
            "FROMMEMBER",
            "Palermo",
            "BYBOX",
            "10.0",
            "20.5",
            "MI",
            "DESC",
            "COUNT",
            "1"
        ]
    );
    check!(
        geo::geosearchstore(
            "d",
            "g",
            GeoFrom::member("x"),
            GeoShape::Radius(1.0, GeoUnit::Meters),
            GeoSearchOptions::new().with_dist(),
            true
        ),
        [
            "GEOSEARCHSTORE",
            key("d"),
            key("g"),
            "FROMMEMBER",
            "x",
            "BYRADIUS",
            "1.0",
            "M",
            "STOREDIST"
        ]
    );
}

#[test]
fn streams_family() {
    check!(
        streams::xadd("s", "*", [("a", "1"), ("b", "2")]),
        ["XADD", key("s"), "*", "a", "1", "b", "2"]
    );
    check!(
        streams::xadd_options(
            "s",
            "*",
            [("a", 1)],
            XAddOptions::new()
                .nomkstream()
                .trim(StreamTrim::maxlen(100).approximate().limit(10))
        ),
        [
            "XADD",
            key("s"),
            "NOMKSTREAM",
            "MAXLEN",
            "~",
            "100",
            "LIMIT",
            "10",
            "*",
            "a",
            "1"
        ]
    );
    check!(
        streams::xadd_options(
            "s",
            "5-1",
            [("a", 1)],
            XAddOptions::new().trim(StreamTrim::minid("3-0"))
        ),
        ["XADD", key("s"), "MINID", "=", "3-0", "5-1", "a", "1"]
    );
    check!(
        streams::xtrim("s", StreamTrim::maxlen(0).exact()),
        ["XTRIM", key("s"), "MAXLEN", "=", "0"]
    );
    check!(streams::xlen("s"), ["XLEN", key("s")]);
    check!(streams::xsetid("s", "9-0"), ["XSETID", key("s"), "9-0"]);
    check!(
        streams::xdel("s", ["1-0", "2-0"]),
        ["XDEL", key("s"), "1-0", "2-0"]
    );
    check!(
        streams::xrange("s", "-", "+"),
        ["XRANGE", key("s"), "-", "+"]
    );
    check!(
        streams::xrange_count("s", "(1-0", "+", 5),
        ["XRANGE", key("s"), "(1-0", "+", "COUNT", "5"]
    );
    check!(
        streams::xrevrange("s", "+", "-"),
        ["XREVRANGE", key("s"), "+", "-"]
    );
    check!(
        streams::xrevrange_count("s", "+", "-", 1),
        ["XREVRANGE", key("s"), "+", "-", "COUNT", "1"]
    );
    let read = check!(
        streams::xread(["a", "b"], ["0", "$"], XReadOptions::new().count(2)),
        [
            "XREAD",
            "COUNT",
            "2",
            "STREAMS",
            key("a"),
            key("b"),
            "0",
            "$"
        ]
    );
    assert_eq!(read.dispatch(), Dispatch::Shared);
    let read = check!(
        streams::xreadgroup("g", "c", "s", ">", XReadOptions::new().block(100).noack()),
        [
            "XREADGROUP",
            "GROUP",
            "g",
            "c",
            "BLOCK",
            "100",
            "NOACK",
            "STREAMS",
            key("s"),
            ">"
        ]
    );
    assert_eq!(read.dispatch(), Dispatch::Blocking);
    check!(
        streams::xgroup_create("s", "g", "$", true),
        ["XGROUP", "CREATE", key("s"), "g", "$", "MKSTREAM"]
    );
    check!(
        streams::xgroup_create("s", "g", "0", false),
        ["XGROUP", "CREATE", key("s"), "g", "0"]
    );
    check!(
        streams::xgroup_destroy("s", "g"),
        ["XGROUP", "DESTROY", key("s"), "g"]
    );
    check!(
        streams::xgroup_createconsumer("s", "g", "c"),
        ["XGROUP", "CREATECONSUMER", key("s"), "g", "c"]
    );
    check!(
        streams::xgroup_delconsumer("s", "g", "c"),
        ["XGROUP", "DELCONSUMER", key("s"), "g", "c"]
    );
    check!(
        streams::xgroup_setid("s", "g", "0"),
        ["XGROUP", "SETID", key("s"), "g", "0"]
    );
    check!(
        streams::xack("s", "g", ["1-0"]),
        ["XACK", key("s"), "g", "1-0"]
    );
    check!(streams::xpending("s", "g"), ["XPENDING", key("s"), "g"]);
    check!(
        streams::xpending_range(
            "s",
            "g",
            PendingRange::new("-", "+", 10).idle(500).consumer("c")
        ),
        [
            "XPENDING",
            key("s"),
            "g",
            "IDLE",
            "500",
            "-",
            "+",
            "10",
            "c"
        ]
    );
    check!(
        streams::xclaim(
            "s",
            "g",
            "c",
            1000,
            ["1-0"],
            XClaimOptions::new()
                .idle(5)
                .time(6)
                .retry_count(2)
                .force()
                .last_id("9-0")
        ),
        [
            "XCLAIM",
            key("s"),
            "g",
            "c",
            "1000",
            "1-0",
            "IDLE",
            "5",
            "TIME",
            "6",
            "RETRYCOUNT",
            "2",
            "FORCE",
            "LASTID",
            "9-0"
        ]
    );
    check!(
        streams::xclaim_justid("s", "g", "c", 0, ["1-0", "2-0"], XClaimOptions::new()),
        ["XCLAIM", key("s"), "g", "c", "0", "1-0", "2-0", "JUSTID"]
    );
    check!(
        streams::xautoclaim("s", "g", "c", 10, "0-0", Some(25)),
        ["XAUTOCLAIM", key("s"), "g", "c", "10", "0-0", "COUNT", "25"]
    );
    check!(
        streams::xautoclaim_justid("s", "g", "c", 10, "0-0", None),
        ["XAUTOCLAIM", key("s"), "g", "c", "10", "0-0", "JUSTID"]
    );
    check!(streams::xinfo_stream("s"), ["XINFO", "STREAM", key("s")]);
    check!(streams::xinfo_groups("s"), ["XINFO", "GROUPS", key("s")]);
    check!(
        streams::xinfo_consumers("s", "g"),
        ["XINFO", "CONSUMERS", key("s"), "g"]
    );
}

#[test]
fn scripting_functions_server() {
    check!(
        scripting::eval::<Value>("return 1", (), ()),
        ["EVAL", "return 1", "0"]
    );
    check!(
        scripting::eval::<Value>("s", ["k1", "k2"], ("a", 2)),
        ["EVAL", "s", "2", key("k1"), key("k2"), "a", "2"]
    );
    check!(
        scripting::eval_ro::<Value>("s", "k", ()),
        ["EVAL_RO", "s", "1", key("k")]
    );
    check!(
        scripting::evalsha::<Value>("abc", (), [1, 2]),
        ["EVALSHA", "abc", "0", "1", "2"]
    );
    // `Script` hands pre-encoded `Args` to the builders; the keys are still marked.
    let script = scripting::Script::new("return 1");
    let keys = crate::Args::from_args(["k1", "k2"]);
    check!(
        script.evalsha_cmd::<Value>(&keys, ["a"]),
        ["EVALSHA", script.sha1(), "2", key("k1"), key("k2"), "a"]
    );
    check!(
        scripting::evalsha_ro::<Value>("abc", "k", ()),
        ["EVALSHA_RO", "abc", "1", key("k")]
    );
    check!(
        scripting::script_load("return 1"),
        ["SCRIPT", "LOAD", "return 1"]
    );
    check!(
        scripting::script_exists(["a", "b"]),
        ["SCRIPT", "EXISTS", "a", "b"]
    );
    check!(scripting::script_flush(), ["SCRIPT", "FLUSH"]);
    check!(scripting::script_kill(), ["SCRIPT", "KILL"]);
    check!(
        functions::function_load("code", false),
        ["FUNCTION", "LOAD", "code"]
    );
    check!(
        functions::function_load("code", true),
        ["FUNCTION", "LOAD", "REPLACE", "code"]
    );
    check!(
        functions::function_delete("lib"),
        ["FUNCTION", "DELETE", "lib"]
    );
    check!(functions::function_flush(), ["FUNCTION", "FLUSH"]);
    check!(
        functions::function_list::<Value>(None),
        ["FUNCTION", "LIST"]
    );
    check!(
        functions::function_list::<Value>(Some("my*")),
        ["FUNCTION", "LIST", "LIBRARYNAME", "my*"]
    );
    check!(
        functions::fcall::<Value>("f", ["k"], ["a"]),
        ["FCALL", "f", "1", key("k"), "a"]
    );
    check!(
        functions::fcall_ro::<Value>("f", (), ()),
        ["FCALL_RO", "f", "0"]
    );
    check!(server::ping(), ["PING"]);
    check!(server::echo::<Value>("hi"), ["ECHO", "hi"]);
    check!(server::info(), ["INFO"]);
    check!(
        server::info_sections(["server", "memory"]),
        ["INFO", "server", "memory"]
    );
    check!(server::dbsize(), ["DBSIZE"]);
    check!(server::flushdb(), ["FLUSHDB"]);
    check!(server::flushdb_async(), ["FLUSHDB", "ASYNC"]);
    check!(server::flushall(), ["FLUSHALL"]);
    check!(server::flushall_async(), ["FLUSHALL", "ASYNC"]);
    check!(server::time(), ["TIME"]);
    check!(server::lastsave(), ["LASTSAVE"]);
    check!(server::client_setname("app"), ["CLIENT", "SETNAME", "app"]);
    check!(server::client_getname(), ["CLIENT", "GETNAME"]);
    check!(server::client_id(), ["CLIENT", "ID"]);
    check!(server::client_list(), ["CLIENT", "LIST"]);
    check!(
        server::config_get::<Value>("maxmemory*"),
        ["CONFIG", "GET", "maxmemory*"]
    );
    check!(
        server::config_set("maxmemory", "10mb"),
        ["CONFIG", "SET", "maxmemory", "10mb"]
    );
    check!(server::memory_usage("k"), ["MEMORY", "USAGE", key("k")]);
    let wait = check!(server::wait(1, 100), ["WAIT", "1", "100"]);
    assert_eq!(wait.dispatch(), Dispatch::Blocking);
}

#[test]
fn server_extras_pubsub_acl() {
    check!(server::info_report(()), ["INFO"]);
    check!(server::info_report("memory"), ["INFO", "memory"]);
    check!(server::client_info(), ["CLIENT", "INFO"]);
    check!(server::client_kill_id(7), ["CLIENT", "KILL", "ID", "7"]);
    check!(server::config_resetstat(), ["CONFIG", "RESETSTAT"]);
    check!(server::config_rewrite(), ["CONFIG", "REWRITE"]);
    check!(
        server::slowlog_get::<Value>(Some(5)),
        ["SLOWLOG", "GET", "5"]
    );
    check!(server::slowlog_get::<Value>(None), ["SLOWLOG", "GET"]);
    check!(server::slowlog_len(), ["SLOWLOG", "LEN"]);
    check!(server::slowlog_reset(), ["SLOWLOG", "RESET"]);
    check!(server::command_count(), ["COMMAND", "COUNT"]);
    check!(server::role::<Value>(), ["ROLE"]);
    check!(server::save(), ["SAVE"]);
    check!(server::bgsave(), ["BGSAVE"]);
    check!(server::bgrewriteaof(), ["BGREWRITEAOF"]);
    check!(pubsub::publish("ch", "hi"), ["PUBLISH", "ch", "hi"]);
    check!(pubsub::spublish("ch", "hi"), ["SPUBLISH", key("ch"), "hi"]);
    check!(
        pubsub::pubsub_channels::<Value>(None),
        ["PUBSUB", "CHANNELS"]
    );
    check!(
        pubsub::pubsub_channels::<Value>(Some("n*")),
        ["PUBSUB", "CHANNELS", "n*"]
    );
    check!(
        pubsub::pubsub_numsub::<Value>(["a", "b"]),
        ["PUBSUB", "NUMSUB", "a", "b"]
    );
    check!(pubsub::pubsub_numpat(), ["PUBSUB", "NUMPAT"]);
    check!(
        pubsub::pubsub_shardchannels::<Value>(None),
        ["PUBSUB", "SHARDCHANNELS"]
    );
    check!(
        pubsub::pubsub_shardnumsub::<Value>("a"),
        ["PUBSUB", "SHARDNUMSUB", "a"]
    );
    check!(acl::acl_whoami(), ["ACL", "WHOAMI"]);
    check!(
        acl::acl_setuser("u", ["on", ">pw", "~*", "+@all"]),
        ["ACL", "SETUSER", "u", "on", ">pw", "~*", "+@all"]
    );
    check!(acl::acl_deluser(["u", "v"]), ["ACL", "DELUSER", "u", "v"]);
    check!(acl::acl_users::<Value>(), ["ACL", "USERS"]);
    check!(acl::acl_list::<Value>(), ["ACL", "LIST"]);
    check!(acl::acl_cat::<Value>(Some("read")), ["ACL", "CAT", "read"]);
}

#[test]
fn blocking_commands_carry_their_server_timeout() {
    use std::time::Duration;
    let blpop = lists::blpop::<Value>("q", 1.5);
    assert_eq!(
        (blpop.dispatch(), blpop.block_timeout()),
        (Dispatch::Blocking, Some(Duration::from_millis(1500)))
    );
    let forever = lists::blmpop::<Value>(0.0, ["q"], Direction::Left, 1);
    assert_eq!(
        (forever.dispatch(), forever.block_timeout()),
        (Dispatch::Blocking, None)
    );
    let negative = sorted_sets::bzpopmin::<Value>("z", -1.0);
    assert_eq!(
        (negative.dispatch(), negative.block_timeout()),
        (Dispatch::Blocking, None)
    );
    let read = streams::xread("s", "$", XReadOptions::new().block(250));
    assert_eq!(read.block_timeout(), Some(Duration::from_millis(250)));
    let wait = server::wait(1, 0);
    assert_eq!(
        (wait.dispatch(), wait.block_timeout()),
        (Dispatch::Blocking, None)
    );
    let get = strings::get::<Value>("k");
    assert_eq!(
        (get.dispatch(), get.block_timeout()),
        (Dispatch::Shared, None)
    );
    assert_eq!(blpop.name(), b"BLPOP");
    assert_eq!(
        format!("{:?}", crate::cmd("AUTH").arg("user").arg("secret")),
        "Cmd { name: \"AUTH\", argc: 3, dispatch: Shared, block_timeout: None, read_only: false }"
    );
}

#[test]
fn reads_are_marked_read_only_by_their_builders() {
    let reads = [
        strings::get::<Value>("k").is_read_only(),
        strings::mget::<Value>(["a", "b"]).is_read_only(),
        hashes::hgetall::<Value>("h").is_read_only(),
        lists::lrange::<Value>("l", 0, -1).is_read_only(),
        sets::smembers::<Value>("s").is_read_only(),
        keys::exists("k").is_read_only(),
        keys::ttl("k").is_read_only(),
    ];
    assert!(reads.iter().all(|r| *r), "{reads:?}");
    let writes = [
        strings::set("k", "v").is_read_only(),
        strings::incr("k").is_read_only(),
        keys::del("k").is_read_only(),
        lists::lpush("l", "x").is_read_only(),
        hashes::hset("h", "f", "v").is_read_only(),
    ];
    assert!(writes.iter().all(|w| !*w), "{writes:?}");
}

#[test]
fn hash_field_expiry_and_more_server_functions() {
    check!(
        hashes::hexpire("h", 10, Some(ExpireCondition::Nx), ["a", "b"]),
        ["HEXPIRE", key("h"), "10", "NX", "FIELDS", "2", "a", "b"]
    );
    check!(
        hashes::hpexpire("h", 10, None, "a"),
        ["HPEXPIRE", key("h"), "10", "FIELDS", "1", "a"]
    );
    check!(
        hashes::hexpireat("h", 9, None, "a"),
        ["HEXPIREAT", key("h"), "9", "FIELDS", "1", "a"]
    );
    check!(
        hashes::httl("h", ["a"]),
        ["HTTL", key("h"), "FIELDS", "1", "a"]
    );
    check!(
        hashes::hpttl("h", ["a"]),
        ["HPTTL", key("h"), "FIELDS", "1", "a"]
    );
    check!(
        hashes::hexpiretime("h", ["a"]),
        ["HEXPIRETIME", key("h"), "FIELDS", "1", "a"]
    );
    check!(
        hashes::hpersist("h", ["a", "b"]),
        ["HPERSIST", key("h"), "FIELDS", "2", "a", "b"]
    );
    check!(
        server::client_pause(100, true),
        ["CLIENT", "PAUSE", "100", "WRITE"]
    );
    check!(server::client_pause(100, false), ["CLIENT", "PAUSE", "100"]);
    check!(server::client_unpause(), ["CLIENT", "UNPAUSE"]);
    check!(functions::function_dump(), ["FUNCTION", "DUMP"]);
    check!(
        functions::function_restore(b"\x01\x02".as_slice(), functions::RestorePolicy::Replace),
        ["FUNCTION", "RESTORE", "\u{1}\u{2}", "REPLACE"]
    );
    check!(functions::function_stats::<Value>(), ["FUNCTION", "STATS"]);
    check!(functions::function_kill(), ["FUNCTION", "KILL"]);
}

#[test]
fn cluster_family() {
    use crate::commands::cluster;
    check!(cluster::cluster_info(), ["CLUSTER", "INFO"]);
    check!(cluster::cluster_nodes(), ["CLUSTER", "NODES"]);
    check!(cluster::cluster_myid(), ["CLUSTER", "MYID"]);
    check!(cluster::cluster_slots::<Value>(), ["CLUSTER", "SLOTS"]);
    check!(cluster::cluster_shards::<Value>(), ["CLUSTER", "SHARDS"]);
    check!(
        cluster::cluster_keyslot("{user}:1"),
        ["CLUSTER", "KEYSLOT", "{user}:1"]
    );
    check!(
        cluster::cluster_countkeysinslot(42),
        ["CLUSTER", "COUNTKEYSINSLOT", "42"]
    );
    check!(
        cluster::cluster_getkeysinslot::<Value>(42, 10),
        ["CLUSTER", "GETKEYSINSLOT", "42", "10"]
    );
    check!(
        cluster::command_getkeys::<Value>(("SET", "k", "v")),
        ["COMMAND", "GETKEYS", "SET", "k", "v"]
    );
}
