//! Target 1: arbitrary bytes, fed in arbitrary chunkings, must decode exactly as when fed whole,
//! with default limits and with limits small enough that no declared size can allocate much.

use bytes::BytesMut;
use resp_core::{Decoder, Limits, ProtocolError, Value};

use super::compare::{same_value, same_values};
use super::SplitMix64;

/// How a byte stream is cut into reads.
#[derive(Clone, Debug)]
pub struct Chunking {
    rng: SplitMix64,
    max: usize,
}

impl Chunking {
    /// A chunking chosen by `seed`: mostly tiny reads (every resumption point gets hit),
    /// sometimes larger ones (several replies per read).
    pub fn from_seed(seed: u64) -> Self {
        let max = match seed % 4 {
            0 => 1,
            1 => 3,
            2 => 16,
            _ => 256,
        };
        Chunking {
            rng: SplitMix64::new(seed),
            max,
        }
    }

    /// The length of the next read, at least one byte.
    pub fn next_len(&mut self) -> usize {
        1 + self.rng.below(self.max)
    }
}

/// Everything a decoder made of one byte stream.
#[derive(Debug)]
pub struct Outcome {
    /// The complete replies, in order.
    pub values: Vec<Value>,
    /// The error that stopped decoding, if any; `None` means the stream ended cleanly or
    /// in the middle of a reply.
    pub error: Option<ProtocolError>,
    /// Bytes left in the read buffer at the end.
    pub rest: usize,
}

/// Limits small enough that whatever a fuzzer declares, the decoder may not allocate for it.
pub fn small_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_bulk_len = 256;
    limits.max_elements = 64;
    limits.max_depth = 8;
    limits.max_line_len = 64;
    // Small enough that fuzzed aggregates reach it, so its offsets are checked across chunkings.
    limits.max_reply_memory = 2048;
    limits
}

/// Decodes `input` handed over in one piece.
pub fn decode_whole(input: &[u8], limits: Limits) -> Outcome {
    let mut decoder = Decoder::with_limits(limits);
    let mut buf = BytesMut::from(input);
    let mut values = Vec::new();
    let error = drain(&mut decoder, &mut buf, &mut values, input.len());
    Outcome {
        values,
        error,
        rest: buf.len(),
    }
}

/// Decodes `input` handed over one read at a time, as a socket would deliver it.
pub fn decode_chunked(input: &[u8], limits: Limits, chunking: &mut Chunking) -> Outcome {
    let mut decoder = Decoder::with_limits(limits);
    let mut buf = BytesMut::new();
    let mut values = Vec::new();
    let mut rest = input;
    let mut error = None;
    while !rest.is_empty() && error.is_none() {
        let (read, tail) = rest.split_at(chunking.next_len().min(rest.len()));
        rest = tail;
        buf.extend_from_slice(read);
        error = drain(&mut decoder, &mut buf, &mut values, input.len());
    }
    Outcome {
        values,
        error,
        rest: buf.len(),
    }
}

/// Takes every complete reply off `buf`; then asks once more to check that "need more bytes"
/// is stable when no bytes arrive.
fn drain(
    decoder: &mut Decoder,
    buf: &mut BytesMut,
    values: &mut Vec<Value>,
    stream_len: usize,
) -> Option<ProtocolError> {
    loop {
        match decoder.decode(buf) {
            Ok(Some(value)) => {
                values.push(value);
                // The shortest reply (`_\r\n`) is three bytes: more replies than that means a
                // decoder that produces values without consuming input, i.e. an endless loop.
                assert!(
                    values.len() <= stream_len / 3,
                    "{} replies out of {stream_len} bytes",
                    values.len()
                );
            }
            Ok(None) => {
                let again = decoder.decode(buf);
                assert!(
                    matches!(again, Ok(None)),
                    "decode after Ok(None) with no new bytes gave {again:?}"
                );
                return None;
            }
            Err(e) => {
                assert!(
                    e.offset < stream_len as u64,
                    "error offset {} outside a stream of {stream_len} bytes: {e}",
                    e.offset
                );
                return Some(e);
            }
        }
    }
}

/// Panics unless `a` and `b` hold the same replies and end the same way.
pub fn assert_same_outcome(a: &Outcome, b: &Outcome, what: &str) {
    assert!(
        same_values(&a.values, &b.values),
        "{what}: replies differ\n{:?}\n{:?}",
        a.values,
        b.values
    );
    assert_eq!(a.error, b.error, "{what}: errors differ");
}

/// The decode_chunks target: the first byte picks the chunking, the rest is the stream.
///
/// # Panics
/// When chunked decoding disagrees with whole-buffer decoding, when small limits change a
/// reply instead of only cutting the stream short, or when the decoder misbehaves (a value
/// without input, an error offset past the input, an unstable `Ok(None)`).
pub fn check_decode_chunks(data: &[u8]) {
    let Some((&plan, input)) = data.split_first() else {
        return;
    };
    let default_whole = decode_whole(input, Limits::default());
    let default_chunked = decode_chunked(
        input,
        Limits::default(),
        &mut Chunking::from_seed(u64::from(plan)),
    );
    assert_same_outcome(
        &default_whole,
        &default_chunked,
        "default limits, whole vs chunked",
    );

    let small_whole = decode_whole(input, small_limits());
    let small_chunked = decode_chunked(
        input,
        small_limits(),
        &mut Chunking::from_seed(u64::from(plan)),
    );
    assert_same_outcome(
        &small_whole,
        &small_chunked,
        "small limits, whole vs chunked",
    );

    // Limits may only stop a stream early: every reply they let through is the one the
    // default limits decode.
    assert!(small_whole.values.len() <= default_whole.values.len());
    for (small, default) in small_whole.values.iter().zip(&default_whole.values) {
        assert!(same_value(small, default), "small limits changed a reply");
    }
    if small_whole.error.is_none() {
        assert_eq!(
            small_whole.values.len(),
            default_whole.values.len(),
            "small limits lost a reply without an error"
        );
    }
}
