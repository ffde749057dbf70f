//! The method traits, scan streams, scripts and pipelines against a fake client.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use futures_lite::future::block_on;
use futures_lite::StreamExt;

use resp_core::commands::scan::ScanOptions;
use resp_core::commands::scripting::Script;
use resp_core::commands::strings::SetOptions;
use resp_core::{cmd, Batch, Dispatch, Error, PipelineCommands, ServerErrorKind, Value};

use super::fake::{arr, bulk, bulks, FakeClient};
use crate::AsyncCommands;

fn status(s: &'static str) -> Value {
    Value::SimpleString(Bytes::from_static(s.as_bytes()))
}

#[test]
fn methods_send_what_builders_build_with_fixed_types() {
    let client = FakeClient::answering([
        status("OK"),
        Value::Integer(2),
        bulk("2"),
        Value::Integer(1),
        arr([bulk("first_name"), bulk("allen")]),
        Value::Integer(1),
        Value::Null,
    ]);
    block_on(async {
        client.set("a", 1).await.unwrap();
        let n: i64 = client.incr("a").await.unwrap();
        let a: Option<String> = client.get("a").await.unwrap();
        let added = client.hset("h", "first_name", "allen").await.unwrap();
        let all: HashMap<String, String> = client.hgetall("h").await.unwrap();
        let deleted = client.del(["a", "b"]).await.unwrap();
        let set = client
            .set_options("a", 1, SetOptions::new().nx())
            .await
            .unwrap();
        assert_eq!(
            (n, a.as_deref(), added, deleted, set),
            (2, Some("2"), 1, 1, false)
        );
        assert_eq!(all["first_name"], "allen");
    });
    assert_eq!(
        client.sent(),
        vec![
            vec!["SET", "a", "1"],
            vec!["INCR", "a"],
            vec!["GET", "a"],
            vec!["HSET", "h", "first_name", "allen"],
            vec!["HGETALL", "h"],
            vec!["DEL", "a", "b"],
            vec!["SET", "a", "1", "NX"],
        ]
    );
}

#[test]
fn blocking_methods_reach_send_marked() {
    let client = FakeClient::answering([Value::Null]);
    let popped: Option<(String, String)> = block_on(client.blpop("q", 1.0)).unwrap();
    assert_eq!(popped, None);
    assert_eq!(client.sent.lock().unwrap()[0].1, Dispatch::Blocking);
}

#[test]
fn server_errors_and_type_errors_surface() {
    let client = FakeClient::answering([
        Value::Error(Bytes::from_static(b"WRONGTYPE Operation against a key")),
        bulk("x"),
    ]);
    let e = block_on(client.incr("h")).unwrap_err();
    assert_eq!(
        e.server_error().map(|e| e.kind()),
        Some(&ServerErrorKind::WrongType)
    );
    let e = block_on(client.incr("s")).unwrap_err();
    assert!(matches!(e, Error::Type(_)), "{e:?}");
}

fn assert_send_static<F: Future + Send + 'static>(f: F) -> F {
    f
}

#[test]
fn futures_are_send_and_spawnable() {
    let client = Arc::new(FakeClient::answering([bulk("v"), bulk("w")]));
    let c = client.clone();
    let task = assert_send_static(async move { c.get::<String>("k").await });
    assert_eq!(block_on(task).unwrap(), "v");
    let c = client.clone();
    let task = assert_send_static(async move {
        let key = format!("user:{}", 7);
        c.get::<String>(&key).await
    });
    assert_eq!(block_on(task).unwrap(), "w");
}

#[test]
fn streams_and_script_futures_are_send() {
    fn assert_send<T: Send>(t: T) -> T {
        t
    }
    let client = Arc::new(FakeClient::answering([
        arr([bulk("0"), bulks(&["a"])]),
        bulk("r"),
    ]));
    let c = client.clone();
    let keys = assert_send_static(async move {
        let stream = assert_send(c.scan_iter::<String>(ScanOptions::new()));
        stream.collect::<Vec<_>>().await
    });
    assert_eq!(block_on(keys).len(), 1);
    let script = Script::new("return 'r'");
    let c = client.clone();
    let reply = assert_send_static(async move { c.invoke_script::<String>(&script, (), ()).await });
    assert_eq!(block_on(reply).unwrap(), "r");
    // Through a reference and through the Arc itself (the blanket implementations).
    let by_ref: &FakeClient = &client;
    assert!(block_on(AsyncCommands::get::<String>(&by_ref, "k")).is_err());
    assert!(block_on(AsyncCommands::get::<String>(&client, "k")).is_err());
}

#[test]
fn cmd_escape_hatch_is_typed() {
    let client = FakeClient::answering([Value::Integer(3), bulk("x")]);
    let freq: i64 = block_on(client.cmd("OBJECT").arg("FREQ").arg("k").query()).unwrap();
    assert_eq!(freq, 3);
    let v: String = block_on(client.send(cmd("ECHO").arg("x").retype())).unwrap();
    assert_eq!(v, "x");
    assert_eq!(client.sent()[0], vec!["OBJECT", "FREQ", "k"]);
}

#[test]
fn scan_stream_walks_every_page() {
    let client = FakeClient::answering([
        arr([bulk("5"), bulks(&["a", "b"])]),
        arr([bulk("9"), bulks(&[])]),
        arr([bulk("0"), bulks(&["c"])]),
    ]);
    let keys: Vec<String> = block_on(
        client
            .scan_iter::<String>(ScanOptions::new().pattern("*"))
            .map(Result::unwrap)
            .collect(),
    );
    assert_eq!(keys, ["a", "b", "c"]);
    assert_eq!(
        client.sent(),
        vec![
            vec!["SCAN", "0", "MATCH", "*"],
            vec!["SCAN", "5", "MATCH", "*"],
            vec!["SCAN", "9", "MATCH", "*"],
        ]
    );
}

#[test]
fn scan_stream_ends_after_an_error() {
    let client = FakeClient::answering([
        arr([bulk("5"), bulks(&["a"])]),
        Value::Error(Bytes::from_static(b"ERR boom")),
        arr([bulk("0"), bulks(&["never"])]),
    ]);
    let items: Vec<Result<String, Error>> =
        block_on(client.sscan_iter("s", ScanOptions::new()).collect());
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap(), "a");
    assert!(items[1].is_err());
    assert_eq!(
        client.sent(),
        vec![vec!["SSCAN", "s", "0"], vec!["SSCAN", "s", "5"]]
    );
}

#[test]
fn hscan_and_zscan_streams_yield_pairs() {
    let client = FakeClient::answering([
        arr([bulk("0"), bulks(&["f1", "v1", "f2", "v2"])]),
        arr([bulk("0"), bulks(&["m", "1.5"])]),
    ]);
    let fields: Vec<(String, String)> = block_on(
        client
            .hscan_iter("h", ScanOptions::new().count(5))
            .map(Result::unwrap)
            .collect(),
    );
    assert_eq!(
        fields,
        [("f1".into(), "v1".into()), ("f2".into(), "v2".into())]
    );
    let members: Vec<(String, f64)> = block_on(
        client
            .zscan_iter("z", ScanOptions::new())
            .map(Result::unwrap)
            .collect(),
    );
    assert_eq!(members, [("m".to_owned(), 1.5)]);
    assert_eq!(client.sent()[0], vec!["HSCAN", "h", "0", "COUNT", "5"]);
    assert_eq!(client.sent()[1], vec!["ZSCAN", "z", "0"]);
}

#[test]
fn script_digest_matches_redis() {
    // The digest `SCRIPT LOAD "return 1"` replies in Redis's documentation.
    assert_eq!(
        Script::new("return 1").sha1(),
        "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"
    );
}

#[test]
fn script_falls_back_to_eval_on_noscript() {
    let script = Script::new("return redis.call('GET', KEYS[1])");
    let client = FakeClient::answering([
        Value::Error(Bytes::from_static(b"NOSCRIPT No matching script.")),
        bulk("v"),
        bulk("w"),
    ]);
    let v: String = block_on(client.invoke_script(&script, "k", ("a", 1))).unwrap();
    assert_eq!(v, "v");
    let w: String = block_on(client.invoke_script(&script, ["k"], ())).unwrap();
    assert_eq!(w, "w");
    let sha = script.sha1().to_owned();
    assert_eq!(
        client.sent(),
        vec![
            vec![
                "EVALSHA".to_owned(),
                sha.clone(),
                "1".into(),
                "k".into(),
                "a".into(),
                "1".into()
            ],
            vec![
                "EVAL".to_owned(),
                script.source().into(),
                "1".into(),
                "k".into(),
                "a".into(),
                "1".into()
            ],
            vec!["EVALSHA".to_owned(), sha, "1".into(), "k".into()],
        ]
    );
}

#[test]
fn script_does_not_retry_other_errors() {
    let script = Script::new("error");
    let client = FakeClient::answering([Value::Error(Bytes::from_static(b"ERR bad script"))]);
    let e = block_on(client.invoke_script::<Value>(&script, (), ())).unwrap_err();
    assert_eq!(
        e.server_error().map(|e| e.kind()),
        Some(&ServerErrorKind::Err)
    );
    assert_eq!(client.sent().len(), 1);
}

#[test]
fn pipeline_queues_the_same_frames() {
    let mut pipe = Batch::new();
    pipe.set("a", 1)
        .get("a")
        .incr("a")
        .hgetall("client_hash")
        .get("a");
    assert_eq!(
        (pipe.len(), pipe.reply_count(), pipe.is_atomic()),
        (5, 7, true)
    );
    let mut out = BytesMut::new();
    pipe.encode(&mut out);
    let mut want = BytesMut::new();
    want.extend_from_slice(b"*1\r\n$5\r\nMULTI\r\n");
    resp_core::commands::strings::set("a", 1).encode(&mut want);
    resp_core::commands::strings::get::<Value>("a").encode(&mut want);
    resp_core::commands::strings::incr("a").encode(&mut want);
    resp_core::commands::hashes::hgetall::<Value>("client_hash").encode(&mut want);
    resp_core::commands::strings::get::<Value>("a").encode(&mut want);
    want.extend_from_slice(b"*1\r\n$4\r\nEXEC\r\n");
    assert_eq!(out, want);
    assert_eq!(&want[15..15 + pipe.frames().len()], pipe.frames());
}

#[test]
fn non_atomic_pipeline_and_escape_hatch() {
    let mut pipe = Batch::non_atomic();
    pipe.cmd("OBJECT").arg("FREQ").arg("k");
    pipe.ping();
    assert_eq!(
        (pipe.len(), pipe.reply_count(), pipe.has_blocking()),
        (2, 2, false)
    );
    let mut out = BytesMut::new();
    pipe.encode(&mut out);
    assert_eq!(
        &out[..],
        b"*3\r\n$6\r\nOBJECT\r\n$4\r\nFREQ\r\n$1\r\nk\r\n*1\r\n$4\r\nPING\r\n"
    );
    pipe.brpop("q", 0.0);
    assert!(pipe.has_blocking());
    pipe.clear();
    assert!(pipe.is_empty() && !pipe.has_blocking());
    pipe.atomic(true);
    let mut out = BytesMut::new();
    pipe.encode(&mut out);
    assert_eq!(&out[..], b"*1\r\n$5\r\nMULTI\r\n*1\r\n$4\r\nEXEC\r\n");
}
