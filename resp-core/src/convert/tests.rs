use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use bytes::Bytes;

use crate::{Error, FromValue, ServerError, ServerErrorKind, TypeError, Value};

fn bulk(s: &str) -> Value {
    Value::BulkString(Bytes::copy_from_slice(s.as_bytes()))
}

fn simple(s: &str) -> Value {
    Value::SimpleString(Bytes::copy_from_slice(s.as_bytes()))
}

fn conv<T: FromValue>(v: Value) -> Result<T, Error> {
    T::from_value(v)
}

fn type_error<T: FromValue + std::fmt::Debug>(v: Value) -> TypeError {
    match T::from_value(v) {
        Err(Error::Type(e)) => e,
        other => panic!("expected a type error, got {other:?}"),
    }
}

fn server_error<T: FromValue + std::fmt::Debug>(v: Value) -> ServerError {
    match T::from_value(v) {
        Err(Error::Server(e)) => e,
        other => panic!("expected a server error, got {other:?}"),
    }
}

fn err(line: &'static str) -> Value {
    Value::Error(Bytes::from_static(line.as_bytes()))
}

fn attr(v: Value) -> Value {
    Value::Attribute {
        attributes: vec![(simple("a"), Value::Integer(1))],
        value: Box::new(v),
    }
}

#[test]
fn value_is_kept_but_top_level_errors_fail() {
    let v = Value::Array(vec![err("ERR x"), attr(Value::Null)]);
    assert_eq!(conv::<Value>(v.clone()).unwrap(), v);
    let e = server_error::<Value>(Value::BulkError(Bytes::from_static(b"WRONGTYPE no")));
    assert_eq!(e.kind(), &ServerErrorKind::WrongType);
}

#[test]
fn unit_accepts_only_replies_without_data() {
    conv::<()>(simple("OK")).unwrap();
    conv::<()>(simple("QUEUED")).unwrap();
    conv::<()>(Value::Integer(3)).unwrap();
    conv::<()>(Value::Boolean(true)).unwrap();
    conv::<()>(Value::Null).unwrap();
    conv::<()>(attr(simple("OK"))).unwrap();
    conv::<()>(Value::Array(vec![
        simple("OK"),
        Value::Integer(1),
        attr(Value::Null),
    ]))
    .unwrap();
    conv::<()>(Value::Array(vec![])).unwrap();
    assert_eq!(server_error::<()>(err("ERR syntax")).message(), "syntax");
    // An error nested in an EXEC array surfaces.
    let exec = Value::Array(vec![simple("OK"), err("WRONGTYPE no")]);
    assert_eq!(server_error::<()>(exec).kind(), &ServerErrorKind::WrongType);
    // Data is never dropped silently: `let v: () = client.get("k").await?` fails.
    let e = type_error::<()>(bulk("a value"));
    assert!(e.expected.starts_with("a reply without data"), "{e}");
    assert_eq!(e.received, "bulk string \"a value\"");
    for data in [
        Value::Double(1.5),
        Value::Map(vec![(bulk("k"), bulk("v"))]),
        Value::Array(vec![simple("OK"), bulk("v")]),
        Value::BigNumber(Bytes::from_static(b"1")),
    ] {
        type_error::<()>(data);
    }
}

#[test]
fn booleans() {
    assert!(conv::<bool>(Value::Boolean(true)).unwrap());
    assert!(conv::<bool>(Value::Integer(1)).unwrap());
    assert!(!conv::<bool>(Value::Integer(0)).unwrap());
    assert!(conv::<bool>(simple("OK")).unwrap());
    assert!(!conv::<bool>(bulk("0")).unwrap());
    assert!(conv::<bool>(attr(Value::Boolean(true))).unwrap());
    let e = type_error::<bool>(Value::Integer(2));
    assert_eq!(e.expected, "boolean (0 or 1)");
    assert_eq!(e.received, "integer 2");
    assert_eq!(type_error::<bool>(Value::Null).received, "null");
    assert_eq!(conv::<Option<bool>>(Value::Null).unwrap(), None);
}

#[test]
fn integers_from_every_shape() {
    assert_eq!(conv::<i64>(Value::Integer(-5)).unwrap(), -5);
    assert_eq!(conv::<u16>(bulk("65535")).unwrap(), 65535);
    assert_eq!(conv::<i32>(simple("-7")).unwrap(), -7);
    assert_eq!(conv::<u64>(Value::Double(3.0)).unwrap(), 3);
    assert_eq!(conv::<usize>(Value::Boolean(true)).unwrap(), 1);
    let big = Value::BigNumber(Bytes::from_static(
        b"170141183460469231731687303715884105727",
    ));
    assert_eq!(conv::<i128>(big).unwrap(), i128::MAX);
    let bigger = Value::BigNumber(Bytes::from_static(
        b"340282366920938463463374607431768211455",
    ));
    assert_eq!(conv::<u128>(bigger).unwrap(), u128::MAX);
    assert_eq!(conv::<u8>(Value::Integer(255)).unwrap(), 255);
}

#[test]
fn integers_are_range_checked_and_strict() {
    let e = type_error::<u8>(Value::Integer(256));
    assert_eq!(
        e.to_string(),
        "reply type mismatch: expected integer (u8), received integer 256"
    );
    assert_eq!(
        type_error::<u32>(Value::Integer(-1)).expected,
        "integer (u32)"
    );
    assert_eq!(
        type_error::<i64>(bulk("12a")).received,
        "bulk string \"12a\""
    );
    assert_eq!(type_error::<i64>(Value::Double(2.5)).received, "double 2.5");
    assert_eq!(
        type_error::<i64>(Value::Double(f64::NAN)).received,
        "double nan"
    );
    assert_eq!(
        type_error::<i64>(Value::Double(1e30)).received,
        "double 1e30"
    );
    assert_eq!(type_error::<i64>(Value::Null).received, "null");
    assert_eq!(
        type_error::<i64>(Value::Array(vec![])).received,
        "array of 0 elements"
    );
    let long = "x".repeat(40);
    assert_eq!(
        type_error::<i64>(bulk(&long)).received,
        format!("bulk string \"{}\"... (40 bytes)", "x".repeat(32))
    );
}

#[test]
fn floats() {
    assert_eq!(conv::<f64>(Value::Double(1.25)).unwrap(), 1.25);
    assert_eq!(conv::<f64>(bulk("3.5")).unwrap(), 3.5);
    assert_eq!(conv::<f64>(bulk("1e+300")).unwrap(), 1e300);
    assert_eq!(conv::<f64>(bulk("-inf")).unwrap(), f64::NEG_INFINITY);
    assert!(conv::<f64>(bulk("nan")).unwrap().is_nan());
    assert_eq!(conv::<f64>(Value::Integer(7)).unwrap(), 7.0);
    assert_eq!(conv::<f32>(simple("0.5")).unwrap(), 0.5);
    assert_eq!(
        type_error::<f64>(bulk("abc")).expected,
        "floating-point number"
    );
}

#[test]
fn strings_and_bytes() {
    assert_eq!(conv::<String>(bulk("héllo")).unwrap(), "héllo");
    assert_eq!(conv::<String>(simple("OK")).unwrap(), "OK");
    let verbatim = Value::VerbatimString {
        format: *b"txt",
        text: Bytes::from_static(b"t"),
    };
    assert_eq!(conv::<String>(verbatim).unwrap(), "t");
    assert_eq!(conv::<String>(Value::Integer(-3)).unwrap(), "-3");
    assert_eq!(conv::<String>(Value::Double(0.1)).unwrap(), "0.1");
    let e = type_error::<String>(Value::BulkString(Bytes::from_static(b"\xff\xfe")));
    assert_eq!(e.expected, "UTF-8 string");
    assert_eq!(e.received, "bulk string \"\\xff\\xfe\"");
    assert_eq!(type_error::<String>(Value::Null).expected, "string");
    let raw = Bytes::from_static(b"\x00\xff");
    assert_eq!(conv::<Bytes>(Value::BulkString(raw.clone())).unwrap(), raw);
    assert_eq!(
        conv::<Vec<u8>>(Value::BulkString(raw.clone())).unwrap(),
        raw.to_vec()
    );
    assert_eq!(
        conv::<Vec<u8>>(Value::Array(vec![Value::Integer(1)])).unwrap(),
        vec![1]
    );
    assert_eq!(
        type_error::<Bytes>(Value::Boolean(true)).received,
        "boolean"
    );
}

#[test]
fn options() {
    assert_eq!(conv::<Option<String>>(Value::Null).unwrap(), None);
    assert_eq!(
        conv::<Option<String>>(bulk("v")).unwrap(),
        Some("v".to_owned())
    );
    assert_eq!(conv::<Option<i64>>(attr(Value::Null)).unwrap(), None);
    server_error::<Option<i64>>(err("ERR x"));
}

#[test]
fn vectors() {
    let arr = Value::Array(vec![bulk("1"), Value::Integer(2)]);
    assert_eq!(conv::<Vec<i64>>(arr).unwrap(), vec![1, 2]);
    assert_eq!(
        conv::<Vec<i64>>(Value::Set(vec![Value::Integer(3)])).unwrap(),
        vec![3]
    );
    assert_eq!(
        conv::<Vec<i64>>(Value::Push(vec![Value::Integer(4)])).unwrap(),
        vec![4]
    );
    assert_eq!(conv::<Vec<i64>>(Value::Null).unwrap(), Vec::<i64>::new());
    let map = Value::Map(vec![(bulk("a"), bulk("b"))]);
    assert_eq!(conv::<Vec<String>>(map).unwrap(), vec!["a", "b"]);
    let e = type_error::<Vec<String>>(bulk("x"));
    assert_eq!(
        (e.expected, e.received.as_str()),
        ("array", "bulk string \"x\"")
    );
    let mgetish = Value::Array(vec![bulk("v"), Value::Null]);
    assert_eq!(
        conv::<Vec<Option<String>>>(mgetish).unwrap(),
        vec![Some("v".to_owned()), None]
    );
}

#[test]
fn nested_error_anywhere_is_a_server_error() {
    let v = Value::Array(vec![
        Value::Array(vec![]),
        Value::Array(vec![err("WRONGTYPE bad")]),
    ]);
    assert_eq!(
        server_error::<Vec<Vec<i64>>>(v.clone()).kind(),
        &ServerErrorKind::WrongType
    );
    let map = Value::Map(vec![(bulk("k"), err("ERR in map"))]);
    server_error::<HashMap<String, String>>(map);
    let per_position = conv::<Vec<Result<i64, ServerError>>>(Value::Array(vec![
        Value::Integer(1),
        err("ERR nope"),
    ]))
    .unwrap();
    assert_eq!(per_position[0], Ok(1));
    assert_eq!(per_position[1].as_ref().unwrap_err().message(), "nope");
}

#[test]
fn maps_from_resp2_and_resp3() {
    let want: HashMap<String, i64> = [("a".to_owned(), 1), ("b".to_owned(), 2)].into();
    let resp3 = Value::Map(vec![(bulk("a"), Value::Integer(1)), (bulk("b"), bulk("2"))]);
    assert_eq!(conv::<HashMap<String, i64>>(resp3).unwrap(), want);
    let flat = Value::Array(vec![bulk("a"), bulk("1"), bulk("b"), bulk("2")]);
    assert_eq!(conv::<HashMap<String, i64>>(flat.clone()).unwrap(), want);
    let btree: BTreeMap<String, i64> = conv(flat).unwrap();
    assert_eq!(btree.into_iter().collect::<HashMap<_, _>>(), want);
    let pairs = Value::Array(vec![
        Value::Array(vec![bulk("a"), Value::Integer(1)]),
        Value::Array(vec![bulk("b"), Value::Integer(2)]),
    ]);
    assert_eq!(conv::<HashMap<String, i64>>(pairs).unwrap(), want);
    assert!(conv::<HashMap<String, i64>>(Value::Null)
        .unwrap()
        .is_empty());
    let e = type_error::<HashMap<String, String>>(Value::Array(vec![bulk("a")]));
    assert_eq!(e.expected, "key/value pairs");
    assert_eq!(e.received, "array of 1 elements (odd length)");
    assert_eq!(
        type_error::<BTreeMap<String, String>>(Value::Integer(1)).expected,
        "map"
    );
}

#[test]
fn pair_vectors_from_every_shape() {
    let want = vec![("a".to_owned(), 1.5), ("b".to_owned(), 2.0)];
    let flat = Value::Array(vec![bulk("a"), bulk("1.5"), bulk("b"), bulk("2")]);
    assert_eq!(conv::<Vec<(String, f64)>>(flat).unwrap(), want);
    let nested = Value::Array(vec![
        Value::Array(vec![bulk("a"), Value::Double(1.5)]),
        Value::Array(vec![bulk("b"), Value::Double(2.0)]),
    ]);
    assert_eq!(conv::<Vec<(String, f64)>>(nested).unwrap(), want);
    let map = Value::Map(vec![
        (bulk("a"), Value::Double(1.5)),
        (bulk("b"), Value::Double(2.0)),
    ]);
    assert_eq!(conv::<Vec<(String, f64)>>(map).unwrap(), want);
}

#[test]
fn sets() {
    let v = Value::Set(vec![bulk("x"), bulk("y"), bulk("x")]);
    let hs: HashSet<String> = conv(v.clone()).unwrap();
    assert_eq!(hs.len(), 2);
    let bs: BTreeSet<String> = conv(Value::Array(vec![bulk("y"), bulk("x")])).unwrap();
    assert_eq!(bs.into_iter().collect::<Vec<_>>(), vec!["x", "y"]);
}

#[test]
fn tuples_need_exact_length() {
    let v = Value::Array(vec![bulk("a"), Value::Integer(1), Value::Null]);
    let t: (String, i64, Option<String>) = conv(v.clone()).unwrap();
    assert_eq!(t, ("a".to_owned(), 1, None));
    let e = type_error::<(String, i64)>(v);
    assert_eq!(
        (e.expected, e.received.as_str()),
        ("array of 2 elements", "array of 3 elements")
    );
    let twelve = Value::Array((0..12).map(Value::Integer).collect());
    let t: (u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, i64) = conv(twelve).unwrap();
    assert_eq!(t.11, 11);
    assert_eq!(
        conv::<(i64,)>(Value::Array(vec![Value::Integer(9)])).unwrap(),
        (9,)
    );
    assert_eq!(
        type_error::<(i64, i64, i64)>(Value::Null).expected,
        "array of 3 elements"
    );
}

#[test]
fn attributes_are_skipped_at_every_level() {
    let v = attr(Value::Array(vec![attr(bulk("1")), attr(Value::Integer(2))]));
    assert_eq!(conv::<Vec<i64>>(v).unwrap(), vec![1, 2]);
}
