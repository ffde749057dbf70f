//! The fuzz targets' checks (`fuzz/src`) on seeded random inputs, so that `cargo test` runs
//! them on every build without libFuzzer. A failing check prints the input; feed it to
//! `cargo fuzz run <target>` or rerun the test, which is deterministic.

#[allow(unreachable_pub, dead_code)]
#[path = "../../fuzz/src/lib.rs"]
mod fuzzing;

use arbitrary::Unstructured;
use bytes::BytesMut;
use fuzzing::soup::resp_soup;
use fuzzing::SplitMix64;

/// Inputs per check: enough to cover every fragment pairing many times over, few enough to
/// stay around a second in a debug build.
const CASES: usize = 5_000;

fn soup_inputs(seed: u64) -> impl Iterator<Item = Vec<u8>> {
    let mut rng = SplitMix64::new(seed);
    (0..CASES).map(move |_| {
        let mut input = Vec::new();
        resp_soup(&mut rng, 16, &mut input);
        input
    })
}

fn random_bytes(seed: u64) -> impl Iterator<Item = Vec<u8>> {
    let mut rng = SplitMix64::new(seed);
    (0..CASES).map(move |_| {
        let mut data = vec![0; rng.below(1024)];
        rng.fill(&mut data);
        data
    })
}

#[test]
fn differential_on_resp_like_input() {
    for input in soup_inputs(0xD1FF) {
        fuzzing::check_differential(&input);
    }
}

#[test]
fn differential_on_encoded_values() {
    for data in random_bytes(0xD1FE) {
        let Ok(value) = fuzzing::roundtrip::arbitrary_value(&mut Unstructured::new(&data)) else {
            continue;
        };
        let mut wire = BytesMut::new();
        resp_core::encode_value(&value, &mut wire);
        fuzzing::check_differential(&wire);
    }
}

#[test]
fn chunked_decoding_matches_whole() {
    let mut rng = SplitMix64::new(0xC4C4);
    for input in soup_inputs(0xC4C5) {
        let mut data = vec![rng.next_u64() as u8];
        data.extend_from_slice(&input);
        fuzzing::check_decode_chunks(&data);
    }
}

#[test]
fn chunked_decoding_of_random_bytes() {
    for data in random_bytes(0xC4C6) {
        fuzzing::check_decode_chunks(&data);
    }
}

#[test]
fn roundtrip_of_arbitrary_values() {
    for data in random_bytes(0x4077) {
        fuzzing::check_roundtrip(&data);
    }
}

#[test]
fn reference_decoder_reads_the_specification_examples() {
    use fuzzing::reference::{decode, RefError};
    use resp_core::Value;

    let (value, used) = decode(b"*2\r\n$3\r\nfoo\r\n:-7\r\nrest").unwrap();
    assert_eq!(used, 18);
    assert_eq!(
        value,
        Value::Array(vec![Value::BulkString("foo".into()), Value::Integer(-7)])
    );
    let (value, _) = decode(b"%1\r\n+k\r\n,inf\r\n").unwrap();
    assert_eq!(
        value,
        Value::Map(vec![(
            Value::SimpleString("k".into()),
            Value::Double(f64::INFINITY)
        )])
    );
    let (value, _) = decode(b"$?\r\n;2\r\nab\r\n;1\r\nc\r\n;0\r\n").unwrap();
    assert_eq!(value, Value::BulkString("abc".into()));
    let (value, _) = decode(b"|1\r\n+ttl\r\n:3\r\n=7\r\ntxt:abc\r\n").unwrap();
    assert_eq!(
        value,
        Value::Attribute {
            attributes: vec![(Value::SimpleString("ttl".into()), Value::Integer(3))],
            value: Box::new(Value::VerbatimString {
                format: *b"txt",
                text: "abc".into()
            }),
        }
    );
    assert_eq!(decode(b"*3\r\n:1\r\n"), Err(RefError::Incomplete));
    assert!(matches!(
        decode(b"$3\r\nfooX\r\n"),
        Err(RefError::Invalid { offset: 7, .. })
    ));
    assert_eq!(decode(&b"*1\r\n".repeat(200)), Err(RefError::TooDeep));
}

/// Inputs libFuzzer found failing once; each must pass the check it failed.
#[test]
fn decode_chunks_regressions() {
    // CI fuzz smoke, 2026-11-26: `~` (a set) with `?` for its length, then `+` lines.
    let crash_4fd44ae3: &[u8] = &[
        157, 126, 63, 13, 10, 43, 44, 79, 63, 13, 10, 43, 44, 79, 18, 18, 57, 57, 57, 57, 57, 57,
        57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57, 57,
        57, 57, 57, 18, 18, 13, 10, 43, 18, 18, 13, 10, 43, 79, 40, 13, 10, 35, 116, 13, 10, 43,
        43, 44, 79, 63, 13, 10, 43, 44, 79, 75, 13, 10, 35, 116, 13, 10, 43, 79, 157, 126, 63, 13,
        10, 43, 44, 79, 63, 13, 10, 43, 44, 79, 18, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70,
        70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70,
        70, 70, 70, 70, 70, 18, 18, 18, 13, 10, 43, 18, 18, 13, 10, 43, 79, 40, 13, 10, 35, 116,
        13, 10, 43, 43, 44, 79, 63, 13, 10, 43, 44, 79, 75, 10, 43, 44, 79, 75, 13, 10, 35, 116,
        13, 10, 43, 79, 40, 46, 75, 13, 10, 43, 79, 40, 13, 10, 35, 116, 13, 10, 43, 79, 40, 13,
        10, 35, 116, 13, 10, 43, 43, 44, 79, 63, 13, 10, 43, 44, 13, 10, 35, 116, 13, 10, 43, 79,
        58, 40, 13, 10, 35, 116, 13, 10, 43, 79, 40, 13, 10, 35, 116, 13, 10, 43, 40, 40, 13, 10,
        35, 116, 13, 10, 43, 79, 40, 43, 43, 44, 79, 63, 13, 10, 43, 44, 79, 75, 13, 10, 35, 116,
        13, 10, 43, 79, 40, 75, 75, 13, 10, 43, 79, 40, 13, 10, 35, 116, 13, 10, 43, 79, 40, 13,
        10, 35, 116, 13, 10, 43, 13, 10, 43, 44, 79, 63, 13, 10, 43, 44, 79, 18, 18, 18, 18, 13,
        10, 43, 211, 211, 211, 211, 211, 211, 211, 157, 126, 63, 13, 10, 36, 50, 49, 13, 10, 43,
        43, 44, 79, 63, 13, 10, 43, 44, 79, 75, 13, 10, 35, 116, 13, 10, 43, 79, 40, 40, 13, 10,
        18, 18, 10, 35, 116, 13, 10, 43, 79, 40, 75, 75, 13, 10, 43, 43, 79, 40, 13, 10, 35, 77,
        116, 13, 10, 43, 79, 79, 40, 40,
    ];
    fuzzing::check_decode_chunks(crash_4fd44ae3);
}
