//! Unit tests of the decoder, with helpers shared by the test modules.

mod chunking;
mod depth;
mod errors;
mod limits;
mod memory;
mod types;

use bytes::{Bytes, BytesMut};

use super::{Decoder, Limits};
use crate::{ProtocolError, ProtocolErrorKind, Value};

/// Everything a decoder makes of `input` fed in the given chunks: the replies in order, then
/// the error if one stopped it, and whether it is left mid-reply.
#[derive(Debug, PartialEq)]
struct Outcome {
    replies: Vec<Value>,
    error: Option<ProtocolError>,
    mid_reply: bool,
}

fn feed_chunks<'a>(limits: Limits, chunks: impl IntoIterator<Item = &'a [u8]>) -> Outcome {
    let mut decoder = Decoder::with_limits(limits);
    let mut buf = BytesMut::new();
    let mut replies = Vec::new();
    for chunk in chunks {
        buf.extend_from_slice(chunk);
        loop {
            match decoder.decode(&mut buf) {
                Ok(Some(v)) => replies.push(v),
                Ok(None) => break,
                Err(e) => {
                    // A stopped decoder repeats its error.
                    assert_eq!(decoder.decode(&mut buf), Err(e.clone()));
                    return Outcome {
                        replies,
                        error: Some(e),
                        mid_reply: false,
                    };
                }
            }
        }
    }
    let mid_reply = decoder.is_mid_reply() || !buf.is_empty();
    Outcome {
        replies,
        error: None,
        mid_reply,
    }
}

fn feed(input: &[u8]) -> Outcome {
    feed_chunks(Limits::default(), [input])
}

/// The single reply `input` holds.
#[track_caller]
fn one(input: &[u8]) -> Value {
    let outcome = feed(input);
    assert_eq!(
        outcome.error,
        None,
        "input {:?}",
        String::from_utf8_lossy(input)
    );
    assert!(!outcome.mid_reply, "input left incomplete");
    assert_eq!(outcome.replies.len(), 1, "replies: {:?}", outcome.replies);
    outcome.replies.into_iter().next().unwrap_or(Value::Null)
}

/// The error `input` ends in, with the given limits.
#[track_caller]
fn error_with(limits: Limits, input: &[u8]) -> ProtocolError {
    match feed_chunks(limits, [input]).error {
        Some(e) => e,
        None => panic!("no error for {:?}", String::from_utf8_lossy(input)),
    }
}

#[track_caller]
fn error(input: &[u8]) -> ProtocolError {
    error_with(Limits::default(), input)
}

fn unexpected(offset: u64, expected: &'static str, found: u8) -> ProtocolError {
    ProtocolError {
        offset,
        kind: ProtocolErrorKind::UnexpectedByte { expected, found },
    }
}

fn bulk(s: &str) -> Value {
    Value::BulkString(Bytes::copy_from_slice(s.as_bytes()))
}

fn simple(s: &str) -> Value {
    Value::SimpleString(Bytes::copy_from_slice(s.as_bytes()))
}

/// Valid inputs of every type, each holding one reply, with the value it decodes to.
fn vectors() -> Vec<(&'static [u8], Value)> {
    use Value::*;
    vec![
        (b"+OK\r\n", simple("OK")),
        (b"+\r\n", simple("")),
        (
            b"-ERR unknown command\r\n",
            Error("ERR unknown command".into()),
        ),
        (b":0\r\n", Integer(0)),
        (b":-42\r\n", Integer(-42)),
        (b":+7\r\n", Integer(7)),
        (b":9223372036854775807\r\n", Integer(i64::MAX)),
        (b":-9223372036854775808\r\n", Integer(i64::MIN)),
        (b"$5\r\nhello\r\n", bulk("hello")),
        (b"$0\r\n\r\n", bulk("")),
        (b"$4\r\na\r\nb\r\n", bulk("a\r\nb")),
        (b"$-1\r\n", Null),
        (b"*-1\r\n", Null),
        (b"_\r\n", Null),
        (b",1.5\r\n", Double(1.5)),
        (b",-0.25\r\n", Double(-0.25)),
        (b",1.5e-3\r\n", Double(1.5e-3)),
        (b",2E+10\r\n", Double(2e10)),
        (b",10\r\n", Double(10.0)),
        (b",inf\r\n", Double(f64::INFINITY)),
        (b",-inf\r\n", Double(f64::NEG_INFINITY)),
        (b"#t\r\n", Boolean(true)),
        (b"#f\r\n", Boolean(false)),
        (
            b"(3492890328409238509324850943850943825024385\r\n",
            BigNumber("3492890328409238509324850943850943825024385".into()),
        ),
        (b"(-12\r\n", BigNumber("-12".into())),
        (
            b"!21\r\nSYNTAX invalid syntax\r\n",
            BulkError("SYNTAX invalid syntax".into()),
        ),
        (
            b"=15\r\ntxt:Some string\r\n",
            VerbatimString {
                format: *b"txt",
                text: "Some string".into(),
            },
        ),
        (
            b"=4\r\nmkd:\r\n",
            VerbatimString {
                format: *b"mkd",
                text: "".into(),
            },
        ),
        (b"*0\r\n", Array(vec![])),
        (
            b"*2\r\n:1\r\n$1\r\na\r\n",
            Array(vec![Integer(1), bulk("a")]),
        ),
        (
            b"*2\r\n*1\r\n:1\r\n*0\r\n",
            Array(vec![Array(vec![Integer(1)]), Array(vec![])]),
        ),
        (b"*3\r\n$-1\r\n_\r\n*-1\r\n", Array(vec![Null, Null, Null])),
        (
            b"%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n",
            Map(vec![(simple("a"), Integer(1)), (simple("b"), Integer(2))]),
        ),
        (b"%0\r\n", Map(vec![])),
        (b"~2\r\n:1\r\n#f\r\n", Set(vec![Integer(1), Boolean(false)])),
        (
            b">3\r\n+message\r\n+chan\r\n$2\r\nhi\r\n",
            Push(vec![simple("message"), simple("chan"), bulk("hi")]),
        ),
        (
            b"|1\r\n+ttl\r\n:3600\r\n$3\r\nval\r\n",
            Attribute {
                attributes: vec![(simple("ttl"), Integer(3600))],
                value: Box::new(bulk("val")),
            },
        ),
        (
            b"*2\r\n|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n:2039\r\n:9\r\n",
            Array(vec![
                Attribute {
                    attributes: vec![(
                        simple("key-popularity"),
                        Map(vec![(bulk("a"), Double(0.19))]),
                    )],
                    value: Box::new(Integer(2039)),
                },
                Integer(9),
            ]),
        ),
        (
            b"|0\r\n:1\r\n",
            Attribute {
                attributes: vec![],
                value: Box::new(Integer(1)),
            },
        ),
        (
            b"$?\r\n;4\r\nHell\r\n;5\r\no wor\r\n;2\r\nld\r\n;0\r\n",
            bulk("Hello world"),
        ),
        (b"$?\r\n;0\r\n", bulk("")),
        (
            b"*?\r\n:1\r\n$?\r\n;1\r\nx\r\n;0\r\n*?\r\n.\r\n.\r\n",
            Array(vec![Integer(1), bulk("x"), Array(vec![])]),
        ),
        (b"~?\r\n+a\r\n.\r\n", Set(vec![simple("a")])),
        (
            b"%?\r\n+a\r\n:1\r\n%?\r\n.\r\n*0\r\n.\r\n",
            Map(vec![
                (simple("a"), Integer(1)),
                (Map(vec![]), Array(vec![])),
            ]),
        ),
        // Runs of bulks, integers and nulls take the array fast path; other elements break them.
        (
            b"*9\r\n$1\r\na\r\n:-5\r\n$0\r\n\r\n$-1\r\n_\r\n+s\r\n:1\r\n:2\r\n*2\r\n:3\r\n:4\r\n",
            Array(vec![
                bulk("a"),
                Integer(-5),
                bulk(""),
                Null,
                Null,
                simple("s"),
                Integer(1),
                Integer(2),
                Array(vec![Integer(3), Integer(4)]),
            ]),
        ),
        (
            b"~?\r\n:1\r\n:2\r\n:3\r\n:4\r\n:5\r\n$?\r\n;1\r\nx\r\n;0\r\n.\r\n",
            Set(vec![
                Integer(1),
                Integer(2),
                Integer(3),
                Integer(4),
                Integer(5),
                bulk("x"),
            ]),
        ),
        (
            b">5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
            Push(vec![bulk("a"), bulk("b"), bulk("c"), bulk("d"), bulk("e")]),
        ),
        (
            b"*6\r\n$1\r\na\r\n$3\r\n100\r\n$1\r\nc\r\n$3\r\n101\r\n$1\r\nb\r\n$3\r\n110\r\n",
            Array(vec![
                bulk("a"),
                bulk("100"),
                bulk("c"),
                bulk("101"),
                bulk("b"),
                bulk("110"),
            ]),
        ),
    ]
}

/// Malformed inputs, each with the error it must end in.
fn bad_vectors() -> Vec<(&'static [u8], ProtocolError)> {
    vec![
        (b"?", unexpected(0, "a type byte", b'?')),
        (b"+OK\r\n@", unexpected(5, "a type byte", b'@')),
        (b"+OK\rX", unexpected(4, "\\n after \\r", b'X')),
        (b":12a\r\n", unexpected(3, "a digit or \\r", b'a')),
        (b":\r\n", unexpected(1, "a digit", b'\r')),
        (b":-\r\n", unexpected(2, "a digit", b'\r')),
        (b"$3\r\nfooX\r\n", unexpected(7, "\\r", b'X')),
        (b"$3\r\nfoo\rX", unexpected(8, "\\n after \\r", b'X')),
        (
            b"$-2\r\n",
            unexpected(2, "1 (only -1 may be negative)", b'2'),
        ),
        (b"!-1\r\n", unexpected(1, "a digit", b'-')),
        (
            b"*?\r\n*-1\r\n$-1\r\n>?\r\n",
            unexpected(15, "a digit", b'?'),
        ),
        (b"#x\r\n", unexpected(1, "t or f", b'x')),
        (b"#tt\r\n", unexpected(2, "\\r", b't')),
        (b"_x\r\n", unexpected(1, "\\r", b'x')),
        (b",1.x\r\n", unexpected(3, "a double", b'x')),
        (b",infinity\r\n", unexpected(1, "a double", b'i')),
        (b"(12a\r\n", unexpected(3, "a digit", b'a')),
        (b"(\r\n", unexpected(1, "a digit", b'\r')),
        (
            b"=3\r\ntxt\r\n",
            unexpected(7, "a verbatim string's 3-byte format and :", b'\r'),
        ),
        (
            b"=5\r\ntxt-a\r\n",
            unexpected(7, "a verbatim string's 3-byte format and :", b'-'),
        ),
        (
            b"$?\r\n:1\r\n",
            unexpected(4, "; (a streamed string chunk)", b':'),
        ),
        (b"$?\r\n;-1\r\n", unexpected(5, "a digit", b'-')),
        (b".\r\n", unexpected(0, "a type byte", b'.')),
        (b";1\r\nx\r\n", unexpected(0, "a type byte", b';')),
        (b"*1\r\n.\r\n", unexpected(4, "a type byte", b'.')),
        // Errors inside a run the array fast path would take.
        (
            b"*6\r\n:1\r\n:2\r\n:3\r\n:4\r\n:x\r\n",
            unexpected(21, "a digit", b'x'),
        ),
        (
            b"*6\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\neX\r\n",
            unexpected(37, "\\r", b'X'),
        ),
        (
            b"*6\r\n_\r\n_\r\n_\r\n_\r\n_\r\n!?\r\n",
            unexpected(20, "a digit", b'?'),
        ),
        (b"%?\r\n+a\r\n.\r\n", unexpected(8, "a map value", b'.')),
        (b"*?\r\n.x\r\n", unexpected(5, "\\r", b'x')),
        (
            b":99999999999999999999\r\n",
            ProtocolError {
                offset: 20,
                kind: ProtocolErrorKind::InvalidNumber {
                    expected: "a number of at most 19 digits",
                },
            },
        ),
        (
            b":9223372036854775808\r\n",
            ProtocolError {
                offset: 1,
                kind: ProtocolErrorKind::InvalidNumber {
                    expected: "a 64-bit signed integer",
                },
            },
        ),
        (
            b",1.2.3\r\n",
            ProtocolError {
                offset: 1,
                kind: ProtocolErrorKind::InvalidNumber { expected: "double" },
            },
        ),
        (
            b",\r\n",
            ProtocolError {
                offset: 1,
                kind: ProtocolErrorKind::InvalidNumber { expected: "double" },
            },
        ),
        (
            b"$536870913\r\n",
            ProtocolError {
                offset: 0,
                kind: ProtocolErrorKind::BulkTooLong {
                    len: 536_870_913,
                    limit: 512 << 20,
                },
            },
        ),
        (
            b"*67108865\r\n",
            ProtocolError {
                offset: 0,
                kind: ProtocolErrorKind::TooManyElements {
                    len: 67_108_865,
                    limit: 1 << 26,
                },
            },
        ),
    ]
}
