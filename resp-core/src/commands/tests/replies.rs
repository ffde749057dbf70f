//! Typed reply conversions, in RESP2 and RESP3 shapes.

use bytes::Bytes;

use super::values::{arr, bulk, bulks};
use crate::commands::geo::{self, GeoFrom, GeoMatch, GeoSearchOptions, GeoShape, GeoUnit};
use crate::commands::sorted_sets::{self, MinMax};
use crate::commands::streams::{self, AutoClaim, StreamEntry, XReadOptions};
use crate::commands::strings::{self, SetOptions};
use crate::commands::{keys, scan::ScanOptions, server, sets};
use crate::{Error, FromValue, Value};

fn map(pairs: Vec<(&str, Value)>) -> Value {
    Value::Map(pairs.into_iter().map(|(k, v)| (bulk(k), v)).collect())
}

fn flat(pairs: Vec<(&str, Value)>) -> Value {
    arr(pairs.into_iter().flat_map(|(k, v)| [bulk(k), v]))
}

fn entry(id: &str, fields: &[&str]) -> Value {
    arr([bulk(id), bulks(fields)])
}

fn b(s: &str) -> Bytes {
    Bytes::copy_from_slice(s.as_bytes())
}

#[test]
fn set_with_condition_reads_null_as_false() {
    let cmd = strings::set_options("k", "v", SetOptions::new().nx());
    assert!(cmd.convert(Value::SimpleString(b("OK"))).unwrap());
    assert!(!cmd.convert(Value::Null).unwrap());
    assert!(cmd.convert(Value::Error(b("ERR syntax"))).is_err());
}

#[test]
fn stream_entries_and_reads() {
    let e = StreamEntry::from_value(entry("1-0", &["a", "1", "b", "x"])).unwrap();
    assert_eq!(e.id, "1-0");
    assert_eq!(e.get("b"), Some(&b("x")));
    assert_eq!(e.parse::<i64>("a").unwrap(), Some(1));
    assert_eq!(e.parse::<i64>("zz").unwrap(), None);
    assert!(e.parse::<i64>("b").is_err());
    // A pending entry deleted from the stream has a null body.
    let gone = StreamEntry::from_value(arr([bulk("2-0"), Value::Null])).unwrap();
    assert!(gone.fields.is_empty());

    let read = streams::xread("s", "0", XReadOptions::new());
    let resp2 = arr([arr([bulk("s"), arr([entry("1-0", &["f", "v"])])])]);
    let resp3 = Value::Map(vec![(bulk("s"), arr([entry("1-0", &["f", "v"])]))]);
    for reply in [resp2, resp3] {
        let got = read.convert(reply).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "s");
        assert_eq!(got[0].1[0].fields, vec![(b("f"), b("v"))]);
    }
    assert!(read.convert(Value::Null).unwrap().is_empty());
    let two = arr([
        arr([bulk("a"), arr([entry("1-0", &["f", "v"])])]),
        arr([bulk("b"), arr([])]),
    ]);
    assert_eq!(read.convert(two).unwrap().len(), 2);
}

#[test]
fn pending_summary_and_entries() {
    let cmd = streams::xpending("s", "g");
    let s = cmd
        .convert(arr([
            Value::Integer(3),
            bulk("1-0"),
            bulk("3-0"),
            arr([
                arr([bulk("alice"), bulk("2")]),
                arr([bulk("bob"), bulk("1")]),
            ]),
        ]))
        .unwrap();
    assert_eq!(s.count, 3);
    assert_eq!(s.smallest_id.as_deref(), Some("1-0"));
    assert_eq!(
        s.consumers,
        vec![("alice".to_owned(), 2), ("bob".to_owned(), 1)]
    );
    let empty = cmd
        .convert(arr([
            Value::Integer(0),
            Value::Null,
            Value::Null,
            Value::Null,
        ]))
        .unwrap();
    assert_eq!(
        (empty.count, empty.smallest_id, empty.consumers.len()),
        (0, None, 0)
    );

    let range = streams::xpending_range("s", "g", streams::PendingRange::new("-", "+", 10));
    let entries = range
        .convert(arr([arr([
            bulk("1-0"),
            bulk("alice"),
            Value::Integer(9000),
            Value::Integer(2),
        ])]))
        .unwrap();
    assert_eq!(entries[0].consumer, "alice");
    assert_eq!((entries[0].idle_ms, entries[0].deliveries), (9000, 2));
}

#[test]
fn autoclaim_forms() {
    let cmd = streams::xautoclaim("s", "g", "c", 0, "0-0", None);
    let got = cmd
        .convert(arr([
            bulk("0-0"),
            arr([entry("1-0", &["f", "v"])]),
            bulks(&["2-0"]),
        ]))
        .unwrap();
    assert_eq!(got.next_start, "0-0");
    assert_eq!(got.claimed[0].id, "1-0");
    assert_eq!(got.deleted, vec!["2-0"]);
    // Redis 6.2 sends no list of deleted ids.
    let old: AutoClaim<StreamEntry> = cmd.convert(arr([bulk("5-0"), arr([])])).unwrap();
    assert!(old.deleted.is_empty());
    let ids = streams::xautoclaim_justid("s", "g", "c", 0, "0-0", None)
        .convert(arr([bulk("0-0"), bulks(&["1-0", "2-0"]), arr([])]))
        .unwrap();
    assert_eq!(ids.claimed, vec!["1-0", "2-0"]);
    assert!(matches!(
        cmd.convert(arr([bulk("0-0")])),
        Err(Error::Type(_))
    ));
}

fn stream_info_fields() -> Vec<(&'static str, Value)> {
    vec![
        ("length", Value::Integer(2)),
        ("radix-tree-keys", Value::Integer(1)),
        ("radix-tree-nodes", Value::Integer(2)),
        ("last-generated-id", bulk("2-0")),
        ("max-deleted-entry-id", bulk("0-0")),
        ("entries-added", Value::Integer(2)),
        ("recorded-first-entry-id", bulk("1-0")),
        ("groups", Value::Integer(1)),
        ("first-entry", entry("1-0", &["a", "1"])),
        ("last-entry", entry("2-0", &["a", "2"])),
    ]
}

#[test]
fn xinfo_stream_in_both_protocols() {
    let cmd = streams::xinfo_stream("s");
    for reply in [flat(stream_info_fields()), map(stream_info_fields())] {
        let info = cmd.convert(reply).unwrap();
        assert_eq!(
            (info.length, info.groups, info.entries_added),
            (2, 1, Some(2))
        );
        assert_eq!(info.last_entry.unwrap().id, "2-0");
        assert_eq!(info.first_entry.unwrap().fields, vec![(b("a"), b("1"))]);
    }
    // Redis 6.2: no Redis 7 fields; an empty stream has null first/last entries.
    let mut old = stream_info_fields();
    old.retain(|(k, _)| !k.contains("entr") || k.ends_with("-entry"));
    old.iter_mut()
        .filter(|(k, _)| k.ends_with("-entry"))
        .for_each(|(_, v)| *v = Value::Null);
    let info = cmd.convert(flat(old)).unwrap();
    assert_eq!((info.entries_added, info.first_entry), (None, None));
    let e = cmd
        .convert(flat(vec![("length", Value::Integer(1))]))
        .unwrap_err();
    assert!(e.to_string().contains("radix-tree-keys"), "{e}");
}

#[test]
fn xinfo_groups_and_consumers() {
    let group = vec![
        ("name", bulk("g")),
        ("consumers", Value::Integer(2)),
        ("pending", Value::Integer(3)),
        ("last-delivered-id", bulk("5-0")),
        ("entries-read", Value::Integer(5)),
        ("lag", Value::Null),
    ];
    let groups = streams::xinfo_groups("s")
        .convert(arr([flat(group.clone()), map(group)]))
        .unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(
        (groups[1].pending, groups[1].entries_read, groups[1].lag),
        (3, Some(5), None)
    );
    let consumers = streams::xinfo_consumers("s", "g")
        .convert(arr([flat(vec![
            ("name", bulk("c")),
            ("pending", Value::Integer(1)),
            ("idle", Value::Integer(10)),
            ("inactive", Value::Integer(-1)),
        ])]))
        .unwrap();
    assert_eq!(consumers[0].inactive_ms, Some(-1));
}

#[test]
fn sorted_set_replies() {
    let cmd = sorted_sets::zrange_withscores::<String>("z", 0, -1);
    let resp2 = bulks(&["a", "1", "b", "2.5"]);
    let resp3 = arr([
        arr([bulk("a"), Value::Double(1.0)]),
        arr([bulk("b"), Value::Double(2.5)]),
    ]);
    for reply in [resp2, resp3] {
        assert_eq!(
            cmd.convert(reply).unwrap(),
            vec![("a".into(), 1.0), ("b".into(), 2.5)]
        );
    }
    let pop = sorted_sets::bzpopmin::<String>("z", 0.0);
    assert_eq!(
        pop.convert(bulks(&["z", "a", "1"])).unwrap(),
        Some(("z".into(), "a".into(), 1.0))
    );
    assert_eq!(
        pop.convert(arr([bulk("z"), bulk("a"), Value::Double(1.0)]))
            .unwrap(),
        Some(("z".into(), "a".into(), 1.0))
    );
    assert_eq!(pop.convert(Value::Null).unwrap(), None);
    let mpop = sorted_sets::zmpop::<String>(["z"], MinMax::Min, 2);
    let got = mpop
        .convert(arr([
            bulk("z"),
            arr([bulks(&["a", "1"]), bulks(&["b", "2"])]),
        ]))
        .unwrap();
    assert_eq!(
        got,
        Some(("z".into(), vec![("a".into(), 1.0), ("b".into(), 2.0)]))
    );
    assert_eq!(
        sorted_sets::zscore("z", "a").convert(bulk("inf")).unwrap(),
        Some(f64::INFINITY)
    );
    assert_eq!(
        sorted_sets::zmscore("z", ["a", "b"])
            .convert(arr([bulk("1"), Value::Null]))
            .unwrap(),
        vec![Some(1.0), None]
    );
    assert_eq!(
        sorted_sets::zrank("z", "a").convert(Value::Null).unwrap(),
        None
    );
}

#[test]
fn geo_replies() {
    let search = geo::geosearch::<Vec<GeoMatch>>(
        "g",
        GeoFrom::member("a"),
        GeoShape::Radius(1.0, GeoUnit::Meters),
        GeoSearchOptions::new().with_dist().with_hash().with_coord(),
    );
    let resp2 = arr([arr([
        bulk("Palermo"),
        bulk("190.4424"),
        Value::Integer(3479099956230698),
        bulks(&["13.361389", "38.115556"]),
    ])]);
    let resp3 = arr([arr([
        bulk("Palermo"),
        Value::Double(190.4424),
        Value::Integer(3479099956230698),
        arr([Value::Double(13.361389), Value::Double(38.115556)]),
    ])]);
    for reply in [resp2, resp3] {
        let m = &search.convert(reply).unwrap()[0];
        assert_eq!(m.member, "Palermo");
        assert_eq!(m.distance, Some(190.4424));
        assert_eq!(m.hash, Some(3479099956230698));
        assert_eq!(m.coordinates, Some((13.361389, 38.115556)));
    }
    let names = search.convert(bulks(&["a", "b"])).unwrap();
    assert_eq!((names[1].member.as_str(), names[1].distance), ("b", None));
    let coord_only = search
        .convert(arr([arr([bulk("a"), bulks(&["1", "2"])])]))
        .unwrap();
    assert_eq!(coord_only[0].coordinates, Some((1.0, 2.0)));
    assert_eq!(
        geo::geopos("g", ["a", "b"])
            .convert(arr([bulks(&["1.5", "2.5"]), Value::Null]))
            .unwrap(),
        vec![Some((1.5, 2.5)), None]
    );
}

#[test]
fn misc_fixed_replies() {
    assert_eq!(
        server::time()
            .convert(bulks(&["1700000000", "123"]))
            .unwrap(),
        (1700000000, 123)
    );
    let verbatim = Value::VerbatimString {
        format: *b"txt",
        text: b("# Server\r\n"),
    };
    assert_eq!(server::info().convert(verbatim).unwrap(), "# Server\r\n");
    assert_eq!(
        sets::smismember("s", ["a", "b"])
            .convert(arr([Value::Integer(1), Value::Integer(0)]))
            .unwrap(),
        vec![true, false]
    );
    let page = keys::scan::<Vec<String>>(0, ScanOptions::new())
        .convert(arr([bulk("42"), bulks(&["k"])]))
        .unwrap();
    assert_eq!(page, (42, vec!["k".to_owned()]));
    assert!(keys::expire("k", 1).convert(Value::Integer(1)).unwrap());
    assert_eq!(keys::ttl("k").convert(Value::Integer(-2)).unwrap(), -2);
    assert!(matches!(
        keys::del("k").convert(Value::Integer(-1)),
        Err(Error::Type(_))
    ));
    assert_eq!(server::client_getname().convert(Value::Null).unwrap(), None);
}

#[test]
fn info_report_lookups() {
    let text = "# Server\r\nredis_version:7.0.15\r\nuptime_in_seconds:12\r\n\r\n# Clients\r\nconnected_clients:3\r\n";
    let verbatim = Value::VerbatimString {
        format: *b"txt",
        text: b(text),
    };
    let report = server::info_report(()).convert(verbatim).unwrap();
    assert_eq!(report.get("redis_version"), Some("7.0.15"));
    assert_eq!(report.parse::<u64>("connected_clients"), Some(3));
    assert_eq!(report.get("missing"), None);
    assert_eq!(report.fields().count(), 3);
    assert!(server::info_report(()).convert(arr([])).is_err());
}
