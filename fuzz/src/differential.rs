//! Target 3: resp-core's decoder against the [reference](super::reference) on the same bytes.

use resp_core::{Limits, ProtocolErrorKind};

use super::chunks::{decode_whole, Outcome};
use super::compare::same_value;
use super::reference::{self, RefError};

/// How the reference read a whole stream: its replies, then why it stopped.
#[derive(Debug)]
pub struct RefOutcome {
    /// The complete replies, in order.
    pub values: Vec<resp_core::Value>,
    /// Why it stopped ([`RefError::Incomplete`] at the end of clean input).
    pub end: RefError,
}

/// Runs the reference over `input`, reply after reply.
pub fn reference_decode_all(input: &[u8]) -> RefOutcome {
    let mut values = Vec::new();
    let mut pos = 0;
    loop {
        let rest = input.get(pos..).unwrap_or_default();
        match reference::decode(rest) {
            Ok((value, used)) => {
                values.push(value);
                pos += used;
            }
            Err(RefError::Invalid { offset, expected }) => {
                let end = RefError::Invalid {
                    offset: pos + offset,
                    expected,
                };
                return RefOutcome { values, end };
            }
            Err(end) => return RefOutcome { values, end },
        }
    }
}

/// The limits resp-core runs with here: the defaults, except a line limit no fuzz input
/// reaches (the reference has no line limit).
pub fn differential_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_line_len = 1 << 24;
    limits
}

/// The differential target: both decoders must agree on every reply and on how the stream
/// ends (cleanly, in the middle of a reply, or with an error).
///
/// Declared sizes beyond resp-core's limits are errors for resp-core and merely "incomplete"
/// (or a later error) for the reference, which has no limits; that is accepted. Streams the
/// reference finds too deep are compared only up to that point.
///
/// # Panics
/// On any other disagreement.
pub fn check_differential(input: &[u8]) {
    let ours = decode_whole(input, differential_limits());
    let oracle = reference_decode_all(input);
    assert_agree(input, &ours, &oracle);
}

fn assert_agree(input: &[u8], ours: &Outcome, oracle: &RefOutcome) {
    let shared = ours.values.len().min(oracle.values.len());
    for (i, (a, b)) in ours.values.iter().zip(&oracle.values).enumerate() {
        assert!(
            same_value(a, b),
            "reply {i} differs on {input:?}\nours:      {a:?}\nreference: {b:?}"
        );
    }
    if oracle.end == RefError::TooDeep {
        return;
    }
    let limit_error = ours.error.as_ref().is_some_and(|e| {
        matches!(
            e.kind,
            ProtocolErrorKind::BulkTooLong { .. } | ProtocolErrorKind::TooManyElements { .. }
        )
    });
    let agree = ours.values.len() == oracle.values.len()
        && match (&ours.error, &oracle.end) {
            (None, RefError::Incomplete) => true,
            (Some(_), RefError::Invalid { .. }) => true,
            (Some(_), RefError::Incomplete) => limit_error,
            _ => false,
        };
    assert!(
        agree,
        "decoders disagree on {input:?} after {shared} common replies\n\
         ours:      {} replies, then {:?}\nreference: {} replies, then {:?}",
        ours.values.len(),
        ours.error,
        oracle.values.len(),
        oracle.end
    );
}
