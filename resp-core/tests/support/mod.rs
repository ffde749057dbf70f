//! Shared by the decoder's property tests: value strategies and a chunked feeder.

#![allow(dead_code, unreachable_pub)]

use bytes::{Bytes, BytesMut};
use proptest::collection::vec;
use proptest::prelude::*;
use resp_core::{Decoder, Limits, ProtocolError, Value};

/// Replies in order, then the error that stopped the decoder, and whether input was left over.
#[derive(Debug)]
pub struct Outcome {
    pub replies: Vec<Value>,
    pub error: Option<ProtocolError>,
    pub leftover: bool,
}

/// NaN-aware: the same bytes give the same NaN.
impl PartialEq for Outcome {
    fn eq(&self, other: &Self) -> bool {
        self.error == other.error
            && self.leftover == other.leftover
            && self.replies.len() == other.replies.len()
            && self
                .replies
                .iter()
                .zip(&other.replies)
                .all(|(a, b)| same(a, b))
    }
}

/// Feeds `input` to a fresh decoder in chunks that end at the given cut points.
pub fn feed_cut(limits: Limits, input: &[u8], cuts: &[usize]) -> Outcome {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
    cuts.sort_unstable();
    cuts.push(input.len());
    let mut decoder = Decoder::with_limits(limits);
    let mut buf = BytesMut::new();
    let mut replies = Vec::new();
    let mut from = 0;
    for cut in cuts {
        buf.extend_from_slice(&input[from..cut]);
        from = cut;
        loop {
            match decoder.decode(&mut buf) {
                Ok(Some(v)) => replies.push(v),
                Ok(None) => break,
                Err(e) => {
                    return Outcome {
                        replies,
                        error: Some(e),
                        leftover: true,
                    }
                }
            }
        }
    }
    let leftover = decoder.is_mid_reply() || !buf.is_empty();
    Outcome {
        replies,
        error: None,
        leftover,
    }
}

fn bytes(max: usize) -> impl Strategy<Value = Bytes> {
    vec(any::<u8>(), 0..max).prop_map(Bytes::from)
}

/// Text a RESP line can hold: no CR or LF.
fn line() -> impl Strategy<Value = Bytes> {
    vec(
        any::<u8>().prop_filter("CR or LF", |b| *b != b'\r' && *b != b'\n'),
        0..16,
    )
    .prop_map(Bytes::from)
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        line().prop_map(Value::SimpleString),
        line().prop_map(Value::Error),
        any::<i64>().prop_map(Value::Integer),
        bytes(40).prop_map(Value::BulkString),
        Just(Value::Null),
        any::<f64>().prop_map(Value::Double),
        any::<bool>().prop_map(Value::Boolean),
        "[+-]?[0-9]{1,50}".prop_map(|s| Value::BigNumber(s.into())),
        bytes(40).prop_map(Value::BulkError),
        ("[a-z]{3}", bytes(20)).prop_map(|(format, text)| {
            let format = format.as_bytes();
            Value::VerbatimString {
                format: [format[0], format[1], format[2]],
                text,
            }
        }),
    ]
}

/// Any value, every variant, nested a few levels.
pub fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(5, 64, 6, |inner| {
        let pairs = vec((inner.clone(), inner.clone()), 0..4);
        prop_oneof![
            vec(inner.clone(), 0..10).prop_map(Value::Array),
            pairs.clone().prop_map(Value::Map),
            vec(inner.clone(), 0..6).prop_map(Value::Set),
            vec(inner.clone(), 0..6).prop_map(Value::Push),
            (pairs, inner).prop_map(|(attributes, value)| Value::Attribute {
                attributes,
                value: Box::new(value),
            }),
        ]
    })
}

/// Equality in which a NaN double equals a NaN double (`==` says it does not).
pub fn same(a: &Value, b: &Value) -> bool {
    use Value::*;
    let all =
        |a: &[Value], b: &[Value]| a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b));
    let pairs = |a: &[(Value, Value)], b: &[(Value, Value)]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|((k, v), (l, w))| same(k, l) && same(v, w))
    };
    match (a, b) {
        (Double(x), Double(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Array(a), Array(b)) | (Set(a), Set(b)) | (Push(a), Push(b)) => all(a, b),
        (Map(a), Map(b)) => pairs(a, b),
        (
            Attribute {
                attributes: a,
                value: v,
            },
            Attribute {
                attributes: b,
                value: w,
            },
        ) => pairs(a, b) && same(v, w),
        _ => a == b,
    }
}
