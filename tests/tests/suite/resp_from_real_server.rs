//! resp-core's decoder and conversions on the bytes a real redis-server sends: every RESP3
//! type (through `DEBUG PROTOCOL`) and the RESP2 shapes of the same replies, over a raw
//! blocking connection (no client involved).

use bytes::Bytes;
use resp_core::{FromValue, Value};
use tests::{RawConn, RedisServer};

/// What `DEBUG PROTOCOL double` sends (not pi: the server's own constant).
const SERVER_DOUBLE: f64 = 3141.0 / 1000.0;

fn bulk(s: &str) -> Value {
    Value::BulkString(Bytes::copy_from_slice(s.as_bytes()))
}

fn debug_server() -> (RedisServer, RawConn, RawConn) {
    let server = RedisServer::builder()
        .args(["--enable-debug-command", "yes"])
        .start()
        .unwrap();
    let resp2 = server.raw().unwrap();
    let mut resp3 = server.raw().unwrap();
    let hello = resp3.command(&["HELLO", "3"]).unwrap();
    assert!(matches!(hello, Value::Map(_)), "{hello:?}");
    (server, resp2, resp3)
}

fn debug(conn: &mut RawConn, kind: &str) -> Value {
    conn.command(&["DEBUG", "PROTOCOL", kind]).unwrap()
}

#[test]
fn every_resp3_type_from_a_real_server() {
    let (_server, _, mut c) = debug_server();
    assert_eq!(debug(&mut c, "string"), bulk("Hello World"));
    assert_eq!(debug(&mut c, "integer"), Value::Integer(12345));
    assert_eq!(debug(&mut c, "double"), Value::Double(SERVER_DOUBLE));
    assert_eq!(
        debug(&mut c, "bignum"),
        Value::BigNumber("1234567999999999999999999999999999999".into())
    );
    assert_eq!(debug(&mut c, "null"), Value::Null);
    let ints = vec![Value::Integer(0), Value::Integer(1), Value::Integer(2)];
    assert_eq!(debug(&mut c, "array"), Value::Array(ints.clone()));
    assert_eq!(debug(&mut c, "set"), Value::Set(ints));
    assert_eq!(
        debug(&mut c, "map"),
        Value::Map(vec![
            (Value::Integer(0), Value::Boolean(false)),
            (Value::Integer(1), Value::Boolean(true)),
            (Value::Integer(2), Value::Boolean(false)),
        ])
    );
    assert_eq!(
        debug(&mut c, "attrib"),
        Value::Attribute {
            attributes: vec![(
                bulk("key-popularity"),
                Value::Array(vec![bulk("key:123"), Value::Integer(90)])
            )],
            value: Box::new(bulk("Some real reply following the attribute")),
        }
    );
    // A push arrives as its own frame, then the command's real reply.
    assert_eq!(
        debug(&mut c, "push"),
        Value::Push(vec![bulk("server-cpu-usage"), Value::Integer(42)])
    );
    assert_eq!(
        c.read_value().unwrap(),
        bulk("Some real reply following the push reply")
    );
    assert_eq!(
        debug(&mut c, "verbatim"),
        Value::VerbatimString {
            format: *b"txt",
            text: "This is a verbatim\nstring".into()
        }
    );
    assert_eq!(debug(&mut c, "true"), Value::Boolean(true));
    assert_eq!(debug(&mut c, "false"), Value::Boolean(false));
}

#[test]
fn both_protocols_convert_to_the_same_rust_values() {
    let (_server, mut two, mut three) = debug_server();
    for c in [&mut two, &mut three] {
        assert_eq!(f64::from_value(debug(c, "double")).unwrap(), SERVER_DOUBLE);
        assert!(bool::from_value(debug(c, "true")).unwrap());
        assert!(!bool::from_value(debug(c, "false")).unwrap());
        let map: Vec<(i64, bool)> = FromValue::from_value(debug(c, "map")).unwrap();
        assert_eq!(map, [(0, false), (1, true), (2, false)]);
        let set: std::collections::BTreeSet<i64> = FromValue::from_value(debug(c, "set")).unwrap();
        assert_eq!(set.into_iter().collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(
            String::from_value(debug(c, "verbatim")).unwrap(),
            "This is a verbatim\nstring"
        );
        assert_eq!(
            Option::<String>::from_value(debug(c, "null")).unwrap(),
            None
        );
        assert_eq!(
            String::from_value(debug(c, "attrib")).unwrap(),
            "Some real reply following the attribute"
        );
    }
    // HGETALL: a RESP3 map and a RESP2 flat array become the same HashMap.
    two.command(&["HSET", "h", "a", "1", "b", "2"]).unwrap();
    let from2: std::collections::HashMap<String, i64> =
        FromValue::from_value(two.command(&["HGETALL", "h"]).unwrap()).unwrap();
    let from3: std::collections::HashMap<String, i64> =
        FromValue::from_value(three.command(&["HGETALL", "h"]).unwrap()).unwrap();
    assert_eq!(from2, from3);
    assert_eq!(from2.get("b"), Some(&2));
}

#[test]
fn big_reply_in_many_reads() {
    let (_server, mut c, _) = debug_server();
    let value: Vec<u8> = (0..8 * 1024 * 1024u32).map(|i| (i % 253) as u8).collect();
    assert_eq!(
        c.command(&[&b"SET"[..], b"big", &value]).unwrap(),
        Value::SimpleString("OK".into())
    );
    // Arrives in many socket reads; the decoder resumes across them.
    assert_eq!(
        c.command(&["GET", "big"]).unwrap(),
        Value::BulkString(value.into())
    );
    let items: Vec<String> = (0..20_000).map(|i| i.to_string()).collect();
    let mut args = vec!["RPUSH".to_owned(), "list".to_owned()];
    args.extend(items.iter().cloned());
    assert_eq!(c.command(&args).unwrap(), Value::Integer(20_000));
    let got: Vec<String> =
        FromValue::from_value(c.command(&["LRANGE", "list", "0", "-1"]).unwrap()).unwrap();
    assert_eq!(got, items);
}
