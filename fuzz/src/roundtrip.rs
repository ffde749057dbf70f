//! Target 2: structured values, encoded with resp-core's encoder and decoded in random chunks,
//! come back unchanged.

use arbitrary::{Result, Unstructured};
use bytes::{Bytes, BytesMut};
use resp_core::{encode_value, Limits, Value};

use super::chunks::{decode_chunked, decode_whole, Chunking};
use super::compare::same_value;

/// Nesting of generated values; well inside the decoder's default depth limit.
const MAX_DEPTH: u32 = 6;
/// Most values in one generated reply, so one input cannot take seconds to check.
const MAX_NODES: u32 = 512;

/// Builds a value from fuzzer bytes. Every variant can come out; payloads keep to what the
/// wire format can carry (no CR or LF in simple lines, digits in big numbers, a three-letter
/// verbatim format). Pushes appear only at the top, where servers send them.
///
/// # Errors
/// Never in practice: an exhausted `u` yields minimal values.
pub fn arbitrary_value(u: &mut Unstructured<'_>) -> Result<Value> {
    let mut budget = MAX_NODES;
    if u.ratio(1, 16)? {
        return Ok(Value::Push(elements(u, 0, &mut budget)?));
    }
    value(u, 0, &mut budget)
}

fn value(u: &mut Unstructured<'_>, depth: u32, budget: &mut u32) -> Result<Value> {
    *budget = budget.saturating_sub(1);
    let leaves_only = depth >= MAX_DEPTH || *budget == 0;
    let choice = if leaves_only {
        u.int_in_range(0..=9)?
    } else {
        u.int_in_range(0..=13)?
    };
    Ok(match choice {
        0 => Value::SimpleString(line(u)?),
        1 => Value::Error(line(u)?),
        2 => Value::Integer(u.arbitrary()?),
        3 => Value::BulkString(Bytes::copy_from_slice(u.arbitrary::<&[u8]>()?)),
        4 => Value::Null,
        5 => Value::Double(double(u)?),
        6 => Value::Boolean(u.arbitrary()?),
        7 => Value::BigNumber(big_number(u)?),
        8 => Value::BulkError(Bytes::copy_from_slice(u.arbitrary::<&[u8]>()?)),
        9 => Value::VerbatimString {
            format: *u.choose(&[*b"txt", *b"mkd", *b"bin"])?,
            text: Bytes::copy_from_slice(u.arbitrary::<&[u8]>()?),
        },
        10 => Value::Array(elements(u, depth, budget)?),
        11 => Value::Set(elements(u, depth, budget)?),
        12 => Value::Map(pairs(u, depth, budget)?),
        _ => Value::Attribute {
            attributes: pairs(u, depth, budget)?,
            // The decoder hangs attributes on the next value; an attribute on an attribute
            // would be two maps for one value, which no server sends.
            value: Box::new(non_attribute(u, depth + 1, budget)?),
        },
    })
}

fn non_attribute(u: &mut Unstructured<'_>, depth: u32, budget: &mut u32) -> Result<Value> {
    match value(u, depth, budget)? {
        Value::Attribute { value, .. } => Ok(*value),
        other => Ok(other),
    }
}

fn elements(u: &mut Unstructured<'_>, depth: u32, budget: &mut u32) -> Result<Vec<Value>> {
    let len = u.int_in_range(0..=8)?;
    (0..len).map(|_| value(u, depth + 1, budget)).collect()
}

fn pairs(u: &mut Unstructured<'_>, depth: u32, budget: &mut u32) -> Result<Vec<(Value, Value)>> {
    let len = u.int_in_range(0..=4)?;
    (0..len)
        .map(|_| Ok((value(u, depth + 1, budget)?, value(u, depth + 1, budget)?)))
        .collect()
}

/// Text for a simple string or error: RESP ends those at the first CR LF, so they cannot hold one.
fn line(u: &mut Unstructured<'_>) -> Result<Bytes> {
    let raw: &[u8] = u.arbitrary()?;
    Ok(raw
        .iter()
        .map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b })
        .collect())
}

fn double(u: &mut Unstructured<'_>) -> Result<f64> {
    Ok(match u.int_in_range(0..=5)? {
        0 => f64::INFINITY,
        1 => f64::NEG_INFINITY,
        2 => f64::NAN,
        3 => -0.0,
        4 => f64::from(u.arbitrary::<i32>()?),
        _ => u.arbitrary()?,
    })
}

fn big_number(u: &mut Unstructured<'_>) -> Result<Bytes> {
    let mut digits = Vec::new();
    if u.arbitrary()? {
        digits.push(b'-');
    }
    let len = u.int_in_range(1..=60)?;
    for _ in 0..len {
        digits.push(b'0' + u.int_in_range(0..=9)?);
    }
    Ok(digits.into())
}

/// The roundtrip target: a value from `data`, encoded, then decoded whole and in chunks.
///
/// # Panics
/// When a decoded value differs from the encoded one, when decoding fails, or when it does
/// not consume exactly the encoded bytes.
pub fn check_roundtrip(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(plan) = u.arbitrary::<u64>() else {
        return;
    };
    let Ok(original) = arbitrary_value(&mut u) else {
        return;
    };
    let mut wire = BytesMut::new();
    encode_value(&original, &mut wire);

    let whole = decode_whole(&wire, Limits::default());
    let chunked = decode_chunked(&wire, Limits::default(), &mut Chunking::from_seed(plan));
    for (how, outcome) in [("whole", whole), ("chunked", chunked)] {
        assert_eq!(
            outcome.error, None,
            "{how}: {original:?} encoded as {wire:?}"
        );
        assert_eq!(outcome.rest, 0, "{how}: bytes left over from {wire:?}");
        assert!(
            outcome.values.len() == 1 && same_value(&outcome.values[0], &original),
            "{how}: {original:?} encoded as {wire:?} decoded as {:?}",
            outcome.values
        );
    }
}
