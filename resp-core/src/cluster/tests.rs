use bytes::Bytes;

use super::*;
use crate::commands::{keys, strings};
use crate::{cmd, Error, ServerError, Value};

fn bulk(s: &str) -> Value {
    Value::BulkString(Bytes::copy_from_slice(s.as_bytes()))
}

fn int(n: i64) -> Value {
    Value::Integer(n)
}

#[test]
fn crc16_matches_the_spec() {
    // The test vector of the Redis Cluster specification (CRC16 XMODEM).
    assert_eq!(crc16(b"123456789"), 0x31C3);
    assert_eq!(crc16(b""), 0);
}

#[test]
fn key_slots_match_redis() {
    // Values from `CLUSTER KEYSLOT` on redis-server 7.0.
    assert_eq!(key_slot(b"foo"), 12182);
    assert_eq!(key_slot(b"bar"), 5061);
    assert_eq!(key_slot(b"123456789"), 12739);
    assert_eq!(
        key_slot(b"{user1000}.following"),
        key_slot(b"{user1000}.followers")
    );
    assert_eq!(key_slot(b"{user1000}.following"), key_slot(b"user1000"));
    // Empty tag: the whole key is hashed. Only the first tag counts.
    assert_eq!(key_slot(b"foo{}{bar}"), crc16(b"foo{}{bar}") % 16384);
    assert_eq!(key_slot(b"foo{{bar}}zap"), key_slot(b"{bar"));
    assert_eq!(key_slot(b"foo{bar}{zap}"), key_slot(b"bar"));
    assert_eq!(key_slot(b"no}tag{"), crc16(b"no}tag{") % 16384);
}

#[test]
fn command_slots_from_marked_keys() {
    assert_eq!(CommandSlots::of(&cmd("PING")), CommandSlots::NoKey);
    let get = strings::get::<Value>("foo");
    assert_eq!(CommandSlots::of(&get), CommandSlots::Slot(12182));
    let rename = keys::rename("{t}a", "{t}b");
    assert_eq!(
        CommandSlots::of(&rename),
        CommandSlots::Slot(key_slot(b"t"))
    );
    let cross = keys::rename("foo", "bar");
    assert_eq!(
        CommandSlots::of(&cross),
        CommandSlots::CrossSlot(vec![12182, 5061])
    );
    let del = cmd("DEL").key(["foo", "bar", "foo"]);
    assert_eq!(
        CommandSlots::of(&del),
        CommandSlots::CrossSlot(vec![12182, 5061])
    );
}

fn node(port: u16) -> Node {
    Node {
        host: "127.0.0.1".into(),
        port,
    }
}

fn resp2_node(port: i64, role: &str, health: &str) -> Value {
    Value::Array(vec![
        bulk("id"),
        bulk("abc"),
        bulk("port"),
        int(port),
        bulk("ip"),
        bulk("127.0.0.1"),
        bulk("endpoint"),
        bulk("127.0.0.1"),
        bulk("role"),
        bulk(role),
        bulk("replication-offset"),
        int(10),
        bulk("health"),
        bulk(health),
    ])
}

fn resp3_node(port: i64, role: &str, health: &str) -> Value {
    let Value::Array(flat) = resp2_node(port, role, health) else {
        unreachable!()
    };
    Value::Map(
        flat.chunks_exact(2)
            .map(|p| (p[0].clone(), p[1].clone()))
            .collect(),
    )
}

fn shards(node: fn(i64, &str, &str) -> Value, map: bool) -> Value {
    let shard = |ranges: Vec<i64>, nodes: Vec<Value>| {
        let fields = vec![
            (
                bulk("slots"),
                Value::Array(ranges.into_iter().map(int).collect()),
            ),
            (bulk("nodes"), Value::Array(nodes)),
        ];
        if map {
            Value::Map(fields)
        } else {
            Value::Array(fields.into_iter().flat_map(|(k, v)| [k, v]).collect())
        }
    };
    Value::Array(vec![
        shard(
            vec![0, 5460],
            vec![
                node(7000, "master", "online"),
                node(7003, "replica", "online"),
            ],
        ),
        // A failed-over shard: the old primary is a failed replica now.
        shard(
            vec![5461, 10922],
            vec![
                node(7001, "replica", "failed"),
                node(7004, "master", "online"),
            ],
        ),
        shard(
            vec![10923, 12000, 12001, 16383],
            vec![
                node(7002, "master", "online"),
                node(7005, "replica", "loading"),
            ],
        ),
        // A primary without slots is not part of the map.
        shard(vec![], vec![node(7006, "master", "online")]),
    ])
}

fn check_map(map: &SlotMap) {
    assert_eq!(map.covered(), 16384);
    assert_eq!(map.shards().len(), 3);
    assert_eq!(map.primary(0), Some(&node(7000)));
    assert_eq!(map.shard(5460).unwrap().replicas, vec![node(7003)]);
    assert_eq!(map.primary(5461), Some(&node(7004)));
    assert!(map.shard(5461).unwrap().replicas.is_empty());
    assert_eq!(map.primary(12000), Some(&node(7002)));
    assert_eq!(map.primary(16383), Some(&node(7002)));
    // `loading` is kept: Redis 7.0 says it of any replica before its primary's first write.
    assert_eq!(map.shard(16383).unwrap().replicas, vec![node(7005)]);
}

#[test]
fn cluster_shards_resp2_and_resp3() {
    check_map(&SlotMap::from_shards(&shards(resp2_node, false)).unwrap());
    check_map(&SlotMap::from_shards(&shards(resp3_node, true)).unwrap());
    assert!(SlotMap::from_shards(&int(1)).is_err());
}

#[test]
fn cluster_slots_fallback() {
    let entry = |start, end, ports: &[i64]| {
        let mut v = vec![int(start), int(end)];
        for p in ports {
            v.push(Value::Array(vec![bulk("127.0.0.1"), int(*p), bulk("id")]));
        }
        Value::Array(v)
    };
    let reply = Value::Array(vec![
        entry(0, 5460, &[7000, 7003]),
        entry(5461, 10922, &[7004]),
        entry(10923, 12000, &[7002]),
        entry(12001, 16383, &[7002]),
    ]);
    let map = SlotMap::from_slots(&reply).unwrap();
    assert_eq!(map.covered(), 16384);
    assert_eq!(map.shards().len(), 3);
    assert_eq!(map.shard(1).unwrap().replicas, vec![node(7003)]);
    assert_eq!(map.primary(16000), Some(&node(7002)));
}

#[test]
fn moved_updates_one_slot() {
    let mut map = SlotMap::from_shards(&shards(resp2_node, false)).unwrap();
    map.set_primary(3, node(7002));
    assert_eq!(map.primary(3), Some(&node(7002)));
    assert_eq!(map.primary(4), Some(&node(7000)));
    map.set_primary(4, node(7009));
    assert_eq!(map.primary(4), Some(&node(7009)));
    assert_eq!(map.shards().len(), 4);
}

#[test]
fn redirects_are_classified() {
    let moved = Error::Server(ServerError::parse(b"MOVED 3999 127.0.0.1:6381"));
    let r = Redirect::of_error(&moved).unwrap();
    assert_eq!(
        r,
        Redirect::Moved {
            slot: 3999,
            node: node(6381)
        }
    );
    assert!(r.needs_refresh() && !r.needs_backoff());
    let ask = Value::Error(Bytes::from_static(b"ASK 12 127.0.0.1:7001"));
    let r = Redirect::of_value(&ask).unwrap();
    assert_eq!(
        r,
        Redirect::Ask {
            slot: 12,
            node: node(7001)
        }
    );
    assert!(!r.needs_refresh() && !r.needs_backoff());
    let again = Value::Error(Bytes::from_static(
        b"TRYAGAIN Multiple keys request during rehashing of slot",
    ));
    assert_eq!(Redirect::of_value(&again), Some(Redirect::TryAgain));
    let down = Value::Error(Bytes::from_static(b"CLUSTERDOWN The cluster is down"));
    let r = Redirect::of_value(&down).unwrap();
    assert!(r.needs_backoff() && r.needs_refresh());
    let other = Value::Error(Bytes::from_static(b"ERR unknown command"));
    assert_eq!(Redirect::of_value(&other), None);
    assert_eq!(Redirect::of_value(&int(1)), None);
}

#[test]
fn split_mget_merges_in_caller_order() {
    let keys = ["foo", "bar", "{foo}x", "baz"];
    let mget = cmd("mget").key(keys);
    let split = Split::plan(&mget).unwrap();
    assert_eq!(split.merge, Merge::PerKey);
    let expected_slots: Vec<u16> = vec![key_slot(b"foo"), key_slot(b"bar"), key_slot(b"baz")];
    let slots: Vec<u16> = split.parts.iter().map(|p| p.slot).collect();
    assert_eq!(slots, expected_slots);
    assert_eq!(split.parts[0].positions, vec![0, 2]);
    assert!(split.parts[0].cmd.keys().eq([&b"foo"[..], b"{foo}x"]));
    // Each part answers with its keys' values, in its own order.
    let replies = split
        .parts
        .iter()
        .map(|p| {
            Value::Array(
                p.cmd
                    .keys()
                    .map(|k| Value::BulkString(Bytes::copy_from_slice(k)))
                    .collect(),
            )
        })
        .collect();
    let merged = split.merge_replies(replies);
    assert_eq!(merged, Value::Array(keys.iter().map(|k| bulk(k)).collect()));
}

#[test]
fn split_mset_keeps_pairs_and_counts_sum() {
    let mset = cmd("MSET").key_value_pairs([("foo", "1"), ("bar", "2"), ("{bar}y", "3")]);
    let split = Split::plan(&mset).unwrap();
    assert_eq!(split.parts.len(), 2);
    let mut out = bytes::BytesMut::new();
    split.parts[1].cmd.encode(&mut out);
    assert_eq!(
        &out[..],
        b"*5\r\n$4\r\nMSET\r\n$3\r\nbar\r\n$1\r\n2\r\n$6\r\n{bar}y\r\n$1\r\n3\r\n"
    );
    let ok = Value::SimpleString(Bytes::from_static(b"OK"));
    assert_eq!(split.merge_replies(vec![ok.clone(), ok.clone()]), ok);

    for name in ["DEL", "unlink", "EXISTS", "TOUCH"] {
        let c = cmd(name).key(["foo", "bar", "{foo}1"]);
        let split = Split::plan(&c).unwrap();
        assert_eq!(split.merge, Merge::Sum);
        assert_eq!(split.merge_replies(vec![int(2), int(1)]), int(3));
    }
    // An error reply of any part is the result.
    let c = cmd("DEL").key(["foo", "bar"]);
    let err = Value::Error(Bytes::from_static(b"ERR x"));
    assert_eq!(
        Split::plan(&c)
            .unwrap()
            .merge_replies(vec![int(1), err.clone()]),
        err
    );
}

#[test]
fn no_split_when_one_slot_or_not_splittable() {
    assert!(Split::plan(&cmd("MGET").key(["{a}1", "{a}2"])).is_none());
    assert!(Split::plan(&cmd("MSETNX").key_value_pairs([("a", 1), ("b", 2)])).is_none());
    assert!(Split::plan(&cmd("SUNION").key(["a", "b"])).is_none());
}

#[test]
fn pipeline_plan_groups_and_reassembles() {
    let targets = [1, 2, 1, 3, 2, 1];
    let plan = PipelinePlan::new(targets);
    assert_eq!(
        plan.groups(),
        &[(1, vec![0, 2, 5]), (2, vec![1, 4]), (3, vec![3])]
    );
    let replies = plan
        .groups()
        .iter()
        .map(|(_, idx)| idx.iter().map(|&i| int(i as i64)).collect())
        .collect();
    assert_eq!(
        plan.reassemble(replies),
        (0..6).map(int).collect::<Vec<_>>()
    );
}

/// `COMMAND INFO get mset eval object xread zunionstore migrate ping sort lmove memory
/// georadius` as redis-server 7.0.15 sent it, over RESP2 and RESP3.
fn recorded_command_table(bytes: &[u8]) -> CommandTable {
    let mut buf = bytes::BytesMut::from(bytes);
    let reply = crate::Decoder::new().decode(&mut buf).unwrap().unwrap();
    assert!(buf.is_empty());
    CommandTable::from_reply(&reply)
}

#[test]
fn command_table_from_recorded_replies() {
    let resp2 = recorded_command_table(include_bytes!("testdata/command_info_resp2.resp"));
    let resp3 = recorded_command_table(include_bytes!("testdata/command_info_resp3.resp"));
    assert_eq!(resp2, resp3);
    assert_eq!(resp2.len(), 12);
    let table = resp2;
    let keys = |args: &[&str]| {
        let mut c = cmd(args[0]);
        for a in &args[1..] {
            c = c.arg(*a);
        }
        table.keys(&c).map(|ks| {
            ks.iter()
                .map(|k| String::from_utf8_lossy(k).into_owned())
                .collect::<Vec<_>>()
        })
    };
    let read_only = |args: &[&str]| {
        let mut c = cmd(args[0]);
        for a in &args[1..] {
            c = c.arg(*a);
        }
        table.is_read_only(&c)
    };
    assert_eq!(keys(&["GET", "k"]), Some(vec!["k".into()]));
    assert_eq!(
        keys(&["mset", "a", "1", "b", "2"]),
        Some(vec!["a".into(), "b".into()])
    );
    // keynum: EVAL script numkeys key... arg...
    assert_eq!(
        keys(&["EVAL", "return 1", "2", "k1", "k2", "arg"]),
        Some(vec!["k1".into(), "k2".into()])
    );
    assert_eq!(keys(&["EVAL", "return 1", "0", "arg"]), Some(vec![]));
    // A container command: the subcommand's spec.
    assert_eq!(keys(&["OBJECT", "ENCODING", "k"]), Some(vec!["k".into()]));
    assert_eq!(
        keys(&["MEMORY", "USAGE", "k", "SAMPLES", "5"]),
        Some(vec!["k".into()])
    );
    assert_eq!(keys(&["MEMORY", "STATS"]), Some(vec![]));
    // keyword search, and a range split in two by its limit (stream names, then ids).
    assert_eq!(
        keys(&["XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0"]),
        Some(vec!["s1".into(), "s2".into()])
    );
    assert_eq!(
        keys(&["ZUNIONSTORE", "dst", "2", "a", "b", "WEIGHTS", "1", "2"]),
        Some(vec!["dst".into(), "a".into(), "b".into()])
    );
    assert_eq!(
        keys(&["LMOVE", "a", "b", "LEFT", "RIGHT"]),
        Some(vec!["a".into(), "b".into()])
    );
    assert_eq!(
        keys(&["GEORADIUS", "g", "0", "0", "1", "km", "STORE", "dst"]),
        Some(vec!["g".into(), "dst".into()])
    );
    assert_eq!(keys(&["SORT", "k"]), Some(vec!["k".into()]));
    assert_eq!(keys(&["PING"]), Some(vec![]));
    assert_eq!(keys(&["NOSUCH", "k"]), None);
    // Flags: readonly and not blocking.
    assert!(read_only(&["GET", "k"]));
    assert!(read_only(&["OBJECT", "ENCODING", "k"]));
    assert!(!read_only(&["MSET", "a", "1"]));
    assert!(!read_only(&["XREAD", "STREAMS", "s", "0"])); // may block
    assert!(!read_only(&["NOSUCH"]));
}

#[test]
fn command_table_legacy_positions_without_key_specs() {
    // A Redis 6 entry: [name, arity, flags, first, last, step, categories].
    let entry = |name: &str, first, last, step| {
        Value::Array(vec![
            bulk(name),
            int(-3),
            Value::Array(vec![Value::SimpleString("write".into())]),
            int(first),
            int(last),
            int(step),
            Value::Array(vec![]),
        ])
    };
    let table = CommandTable::from_reply(&Value::Array(vec![
        entry("msetnx", 1, -1, 2),
        entry("rename", 1, 2, 1),
        entry("time", 0, 0, 0),
        Value::Null,
    ]));
    assert_eq!(table.len(), 3);
    let c = cmd("MSETNX").arg("a").arg(1).arg("b").arg(2);
    assert_eq!(table.keys(&c), Some(vec![&b"a"[..], b"b"]));
    let c = cmd("RENAME").arg("x").arg("y");
    assert_eq!(table.keys(&c), Some(vec![&b"x"[..], b"y"]));
    assert_eq!(table.keys(&cmd("TIME")), Some(vec![]));
    assert!(!table.is_read_only(&c));
}
