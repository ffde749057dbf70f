//! Chunking never changes the outcome, and never makes the decoder re-read its input.

use super::*;

/// Every input the tests know, valid and malformed.
fn all_inputs() -> Vec<Vec<u8>> {
    let mut inputs: Vec<Vec<u8>> = vectors().into_iter().map(|(i, _)| i.to_vec()).collect();
    inputs.extend(bad_vectors().into_iter().map(|(i, _)| i.to_vec()));
    inputs.push(
        vectors()
            .into_iter()
            .flat_map(|(i, _)| i.to_vec())
            .collect(),
    );
    inputs
}

#[test]
fn every_split_point_gives_the_whole_feed_outcome() {
    for input in all_inputs() {
        let whole = feed(&input);
        for at in 0..=input.len() {
            let (a, b) = input.split_at(at);
            assert_eq!(
                feed_chunks(Limits::default(), [a, b]),
                whole,
                "{input:?} split at {at}"
            );
        }
    }
}

#[test]
fn byte_by_byte_gives_the_whole_feed_outcome() {
    for input in all_inputs() {
        let bytes = feed_chunks(Limits::default(), input.chunks(1));
        assert_eq!(bytes, feed(&input), "{:?}", String::from_utf8_lossy(&input));
    }
}

#[test]
fn a_prefix_of_a_reply_is_mid_reply_not_an_error() {
    for (input, _) in vectors() {
        for at in 0..input.len() {
            let outcome = feed(&input[..at]);
            assert_eq!(
                outcome,
                Outcome {
                    replies: vec![],
                    error: None,
                    mid_reply: at > 0
                }
            );
        }
    }
}

/// A 16 MiB array of assorted elements, including text lines longer than a chunk.
fn big_reply() -> (Vec<u8>, usize) {
    let long_line = format!("+{}\r\n", "x".repeat(10_000));
    let element_kinds: [&[u8]; 6] = [
        b"$16\r\n0123456789abcdef\r\n",
        b":1234567890\r\n",
        b"+OK\r\n",
        b"%1\r\n$3\r\nkey\r\n,1.5\r\n",
        long_line.as_bytes(),
        b"$4000\r\n",
    ];
    let mut body = Vec::new();
    let mut count = 0;
    while body.len() < 16 << 20 {
        let kind = element_kinds[count % element_kinds.len()];
        body.extend_from_slice(kind);
        if kind.starts_with(b"$4000") {
            body.extend_from_slice(&[b'z'; 4000]);
            body.extend_from_slice(b"\r\n");
        }
        count += 1;
    }
    let mut input = format!("*{count}\r\n").into_bytes();
    input.extend_from_slice(&body);
    (input, count)
}

#[test]
fn small_chunks_cost_no_more_examination_than_one_feed() {
    let (input, count) = big_reply();
    let examined = |chunk_len: usize| {
        let mut decoder = Decoder::new();
        let mut buf = BytesMut::new();
        let mut reply = None;
        for chunk in input.chunks(chunk_len) {
            buf.extend_from_slice(chunk);
            if let Some(v) = decoder.decode(&mut buf).ok().flatten() {
                reply = Some(v);
            }
        }
        assert!(matches!(&reply, Some(Value::Array(items)) if items.len() == count));
        decoder.bytes_examined()
    };
    let whole = examined(input.len());
    let chunked = examined(4096);
    let len = input.len() as u64;
    // Whole: each byte once. Chunked: plus a re-read of at most one short header per chunk,
    // where a decoder that restarted each reply would re-read about len^2 / 8 KiB bytes.
    assert!(whole <= len + len / 100, "examined {whole} of {len} bytes");
    assert!(
        chunked <= whole + whole / 50,
        "chunked examined {chunked}, whole {whole}"
    );
}

#[test]
fn runs_longer_than_one_part_decode_whole_and_chunked() {
    let mut input = b"*3000\r\n".to_vec();
    let mut expected = Vec::new();
    for i in 0..3000 {
        if i % 2 == 0 {
            input.extend_from_slice(format!(":{i}\r\n").as_bytes());
            expected.push(Value::Integer(i));
        } else {
            input.extend_from_slice(format!("${}\r\n{i}\r\n", i.to_string().len()).as_bytes());
            expected.push(bulk(&i.to_string()));
        }
    }
    let whole = feed(&input);
    assert_eq!(whole.replies, [Value::Array(expected)]);
    for chunk_len in [7, 4096] {
        assert_eq!(
            feed_chunks(Limits::default(), input.chunks(chunk_len)),
            whole
        );
    }
}
