use bytes::{Bytes, BytesMut};

use crate::{encode_value, encode_value_resp2, Value};

fn b(s: &'static [u8]) -> Bytes {
    Bytes::from_static(s)
}

fn resp3(v: &Value) -> Vec<u8> {
    let mut out = BytesMut::new();
    encode_value(v, &mut out);
    out.to_vec()
}

fn resp2(v: &Value) -> Vec<u8> {
    let mut out = BytesMut::new();
    encode_value_resp2(v, &mut out);
    out.to_vec()
}

#[test]
fn scalars_resp3() {
    let cases: Vec<(Value, &[u8])> = vec![
        (Value::SimpleString(b(b"OK")), b"+OK\r\n"),
        (Value::Error(b(b"ERR bad")), b"-ERR bad\r\n"),
        (Value::Integer(-42), b":-42\r\n"),
        (Value::Integer(i64::MIN), b":-9223372036854775808\r\n"),
        (Value::BulkString(b(b"a\r\nb")), b"$4\r\na\r\nb\r\n"),
        (Value::BulkString(b(b"")), b"$0\r\n\r\n"),
        (Value::Null, b"_\r\n"),
        (Value::Double(1.5), b",1.5\r\n"),
        (Value::Double(1.0), b",1.0\r\n"),
        (Value::Double(-0.0), b",-0.0\r\n"),
        (Value::Double(1e300), b",1e300\r\n"),
        (Value::Double(f64::INFINITY), b",inf\r\n"),
        (Value::Double(f64::NEG_INFINITY), b",-inf\r\n"),
        (Value::Double(f64::NAN), b",nan\r\n"),
        (Value::Boolean(true), b"#t\r\n"),
        (Value::Boolean(false), b"#f\r\n"),
        (
            Value::BigNumber(b(b"-123456789012345678901234567890")),
            b"(-123456789012345678901234567890\r\n",
        ),
        (
            Value::BulkError(b(b"SYNTAX invalid")),
            b"!14\r\nSYNTAX invalid\r\n",
        ),
        (
            Value::VerbatimString {
                format: *b"txt",
                text: b(b"Some string"),
            },
            b"=15\r\ntxt:Some string\r\n",
        ),
    ];
    for (value, bytes) in cases {
        assert_eq!(resp3(&value), bytes, "{value:?}");
    }
}

#[test]
fn doubles_read_back_exactly() {
    for x in [
        0.1,
        1.0 / 3.0,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        -2.5e-10,
        123456789.125,
    ] {
        let text = crate::format_double(x);
        assert_eq!(text.parse::<f64>().ok(), Some(x), "{text}");
    }
}

#[test]
fn line_breaks_in_lines_become_blobs() {
    assert_eq!(resp3(&Value::SimpleString(b(b"a\nb"))), b"$3\r\na\nb\r\n");
    assert_eq!(
        resp3(&Value::Error(b(b"ERR a\r\nb"))),
        b"!8\r\nERR a\r\nb\r\n"
    );
    assert_eq!(resp2(&Value::Error(b(b"ERR a\r\nb"))), b"-ERR a  b\r\n");
}

#[test]
fn aggregates_resp3() {
    let v = Value::Array(vec![
        Value::Integer(1),
        Value::Set(vec![Value::Null]),
        Value::Map(vec![
            (Value::SimpleString(b(b"k")), Value::Array(vec![])),
            (Value::Integer(2), Value::Boolean(true)),
        ]),
        Value::Push(vec![Value::BulkString(b(b"message"))]),
    ]);
    assert_eq!(
        resp3(&v),
        b"*4\r\n:1\r\n~1\r\n_\r\n%2\r\n+k\r\n*0\r\n:2\r\n#t\r\n>1\r\n$7\r\nmessage\r\n"
    );
}

#[test]
fn attribute_precedes_its_value() {
    let v = Value::Array(vec![
        Value::Attribute {
            attributes: vec![(Value::SimpleString(b(b"ttl")), Value::Integer(3))],
            value: Box::new(Value::Integer(7)),
        },
        Value::Integer(8),
    ]);
    assert_eq!(resp3(&v), b"*2\r\n|1\r\n+ttl\r\n:3\r\n:7\r\n:8\r\n");
    assert_eq!(resp2(&v), b"*2\r\n:7\r\n:8\r\n");
}

#[test]
fn resp2_forms() {
    let cases: Vec<(Value, &[u8])> = vec![
        (Value::Null, b"$-1\r\n"),
        (Value::Double(2.5), b"$3\r\n2.5\r\n"),
        (Value::Double(f64::NEG_INFINITY), b"$4\r\n-inf\r\n"),
        (Value::Boolean(false), b":0\r\n"),
        (Value::BigNumber(b(b"12")), b"$2\r\n12\r\n"),
        (Value::BulkError(b(b"ERR x")), b"-ERR x\r\n"),
        (
            Value::VerbatimString {
                format: *b"mkd",
                text: b(b"# hi"),
            },
            b"$4\r\n# hi\r\n",
        ),
        (Value::Set(vec![Value::Integer(1)]), b"*1\r\n:1\r\n"),
        (Value::Push(vec![]), b"*0\r\n"),
        (
            Value::Map(vec![(
                Value::BulkString(b(b"f")),
                Value::BulkString(b(b"v")),
            )]),
            b"*2\r\n$1\r\nf\r\n$1\r\nv\r\n",
        ),
        (Value::SimpleString(b(b"a\rb")), b"$3\r\na\rb\r\n"),
    ];
    for (value, bytes) in cases {
        assert_eq!(resp2(&value), bytes, "{value:?}");
    }
}

/// Builds `depth` nested one-element arrays around an integer, without recursion.
fn nested(depth: usize) -> Value {
    let mut v = Value::Integer(1);
    for _ in 0..depth {
        v = Value::Array(vec![v]);
    }
    v
}

/// Takes a nested value apart level by level: `Value`'s own drop recurses.
fn dismantle(mut v: Value) {
    while let Value::Array(mut items) = v {
        v = items.pop().unwrap_or(Value::Null);
    }
}

#[test]
fn deep_nesting_uses_no_call_stack() {
    // Far beyond the decoder's default depth of 1024, on a small stack: the encoder must not
    // recurse per level.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let depth = 100_000;
            let v = nested(depth);
            let mut out = BytesMut::new();
            encode_value(&v, &mut out);
            encode_value_resp2(&v, &mut out);
            dismantle(v);
            out.len()
        })
        .unwrap();
    assert_eq!(handle.join().unwrap(), 2 * (100_000 * 4 + 4));
}

#[test]
fn every_variant_reads_back_through_the_decoder() {
    let values = vec![
        Value::SimpleString(b(b"OK")),
        Value::Error(b(b"ERR x")),
        Value::Integer(i64::MIN),
        Value::BulkString(b(b"\x00\r\n\xff")),
        Value::Null,
        Value::Double(-1.5e-300),
        Value::Double(f64::INFINITY),
        Value::Boolean(false),
        Value::BigNumber(b(b"-12345678901234567890123")),
        Value::BulkError(b(b"SYNTAX a\r\nb")),
        Value::VerbatimString {
            format: *b"mkd",
            text: b(b"# t\r\n"),
        },
        Value::Map(vec![(Value::Integer(1), Value::Set(vec![Value::Null]))]),
        Value::Push(vec![
            Value::BulkString(b(b"invalidate")),
            Value::Array(vec![]),
        ]),
        Value::Attribute {
            attributes: vec![(Value::SimpleString(b(b"a")), Value::Integer(1))],
            value: Box::new(Value::Array(vec![Value::Integer(2)])),
        },
    ];
    let mut buf = BytesMut::new();
    for v in &values {
        encode_value(v, &mut buf);
    }
    let mut decoder = crate::Decoder::new();
    for v in &values {
        assert_eq!(decoder.decode(&mut buf).unwrap().as_ref(), Some(v));
    }
    assert!(buf.is_empty());
}
