//! Equality of decoded values that treats two NaN doubles as equal.
//!
//! `Value`'s derived `PartialEq` follows IEEE 754, so a reply holding `,nan` never equals itself;
//! the round-trip and differential checks need the structural comparison instead.

use resp_core::Value;

/// Whether `a` and `b` hold the same reply. Doubles compare by value, except that any NaN
/// equals any NaN and `0.0` differs from `-0.0` (both survive encoding, so both must survive
/// decoding).
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Double(x), Value::Double(y)) => {
            (x.is_nan() && y.is_nan()) || (x == y && x.is_sign_negative() == y.is_sign_negative())
        }
        (Value::Array(x), Value::Array(y))
        | (Value::Set(x), Value::Set(y))
        | (Value::Push(x), Value::Push(y)) => same_values(x, y),
        (Value::Map(x), Value::Map(y)) => same_pairs(x, y),
        (
            Value::Attribute {
                attributes: xa,
                value: xv,
            },
            Value::Attribute {
                attributes: ya,
                value: yv,
            },
        ) => same_pairs(xa, ya) && same_value(xv, yv),
        _ => a == b,
    }
}

/// [`same_value`] element by element.
pub fn same_values(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_value(x, y))
}

fn same_pairs(a: &[(Value, Value)], b: &[(Value, Value)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ak, av), (bk, bv))| same_value(ak, bk) && same_value(av, bv))
}
