//! The per-reply memory budget and the read hint: hostile replies stop at a bound, legitimate
//! big ones still decode.

use super::*;

const MIB: usize = 1024 * 1024;

#[test]
fn defaults_refuse_a_two_billion_element_header() {
    let limits = Limits::default();
    assert_eq!(limits.max_reply_memory, 1 << 30);
    assert_eq!(limits.max_elements, 1 << 26);
    let e = error_with(limits, b"*2147483647\r\n");
    assert!(matches!(e.kind, ProtocolErrorKind::TooManyElements { .. }));
}

/// Feeds `header` then `element` in 64 KiB chunks until the decoder fails; returns the
/// error and how many bytes were fed.
fn endless(limits: Limits, header: &[u8], element: &[u8]) -> (ProtocolError, usize) {
    let mut decoder = Decoder::with_limits(limits);
    let mut buf = BytesMut::from(header);
    let chunk = element.repeat(64 * 1024 / element.len());
    let mut fed = header.len();
    loop {
        match decoder.decode(&mut buf) {
            Ok(None) => {}
            Ok(Some(v)) => panic!("a reply came out: {}", v.kind()),
            Err(e) => return (e, fed),
        }
        assert!(fed < 1 << 30, "no error after {fed} bytes");
        buf.extend_from_slice(&chunk);
        fed += chunk.len();
    }
}

#[test]
fn endless_aggregate_stops_at_the_budget() {
    let budget = 4 * MIB as u64;
    let limits = Limits::default().with_max_reply_memory(budget);
    let per_element = 4 + std::mem::size_of::<Value>() as u64;
    for header in [
        &b"*67108864\r\n"[..],
        b"*?\r\n",
        b"~?\r\n",
        b">67108864\r\n",
    ] {
        let (e, fed) = endless(limits, header, b":1\r\n");
        assert_eq!(
            e.kind,
            ProtocolErrorKind::ReplyTooLarge { limit: budget },
            "{e}"
        );
        // Stopped at the last byte of the element that broke the budget.
        let header = header.len() as u64;
        let elements = (budget - header) / per_element + 1;
        assert_eq!(e.offset, header + elements * 4 - 1, "{e}");
        assert!(fed as u64 <= e.offset + 64 * 1024 + header);
    }
    // Maps and nested arrays too.
    let (e, _) = endless(limits, b"%?\r\n", b":1\r\n:2\r\n");
    assert!(
        matches!(e.kind, ProtocolErrorKind::ReplyTooLarge { .. }),
        "{e}"
    );
    let (e, _) = endless(limits, b"*?\r\n", b"*1\r\n:1\r\n");
    assert!(
        matches!(e.kind, ProtocolErrorKind::ReplyTooLarge { .. }),
        "{e}"
    );
}

#[test]
fn the_budget_breaks_at_the_same_offset_however_the_input_is_chunked() {
    let limits = Limits::default().with_max_reply_memory(10_000);
    let mut input = b"*5000\r\n".to_vec();
    for i in 0..5000 {
        let data = "x".repeat(i % 7 + 1);
        input.extend_from_slice(format!("${}\r\n{data}\r\n", data.len()).as_bytes());
    }
    let whole = feed_chunks(limits, [&input[..]]).error;
    assert!(matches!(
        whole,
        Some(ProtocolError {
            kind: ProtocolErrorKind::ReplyTooLarge { .. },
            ..
        })
    ));
    for size in [1, 2, 3, 5, 8, 13, 100, 1000] {
        let chunked = feed_chunks(limits, input.chunks(size)).error;
        assert_eq!(chunked, whole, "chunks of {size}");
    }
}

#[test]
fn the_budget_is_per_reply() {
    let limits = Limits::default().with_max_reply_memory(64 * 1024);
    // Each reply alone is within the budget; together they are far beyond it.
    let one = [&b"*100\r\n"[..], &b":1\r\n".repeat(100)].concat();
    let input = one.repeat(1000);
    let outcome = feed_chunks(limits, [&input[..]]);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.replies.len(), 1000);
}

#[test]
fn a_64_mib_bulk_in_an_array_decodes() {
    let data = vec![b'x'; 64 * MIB];
    let mut input = b"*2\r\n$67108864\r\n".to_vec();
    input.extend_from_slice(&data);
    input.extend_from_slice(b"\r\n:1\r\n");
    let outcome = feed_chunks(Limits::default(), input.chunks(MIB));
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.replies.len(), 1);
}

#[test]
fn a_million_small_integers_decode() {
    let mut input = b"*1000000\r\n".to_vec();
    for i in 0..1_000_000u32 {
        input.extend_from_slice(format!(":{}\r\n", i % 100).as_bytes());
    }
    let outcome = feed_chunks(Limits::default(), input.chunks(16 * 1024));
    assert_eq!(outcome.error, None);
    assert!(matches!(&outcome.replies[..], [Value::Array(items)] if items.len() == 1_000_000));
}

#[test]
fn read_hint_is_exact_inside_a_bulk_split_anywhere() {
    let header = b"$10\r\n".len();
    for prefix in [&b""[..], b"*2\r\n:1\r\n"] {
        let input = [prefix, b"$10\r\n0123456789\r\n"].concat();
        let total = input.len();
        for split in 0..total {
            let mut decoder = Decoder::new();
            let mut buf = BytesMut::from(&input[..split]);
            assert_eq!(decoder.decode(&mut buf), Ok(None), "split at {split}");
            let hint = decoder.read_hint(buf.len());
            if split < prefix.len() + header {
                assert_eq!(hint, None, "split at {split}");
            } else {
                assert_eq!(hint, Some(total - split), "split at {split}");
                // Exactly that much more completes the reply.
                buf.extend_from_slice(&input[split..]);
                assert!(decoder.decode(&mut buf).is_ok_and(|v| v.is_some()));
                assert_eq!(decoder.read_hint(buf.len()), None);
            }
        }
    }
}

#[test]
fn read_hint_covers_streamed_string_chunks() {
    let mut decoder = Decoder::new();
    let mut buf = BytesMut::from(&b"$?\r\n;6\r\nab"[..]);
    assert_eq!(decoder.decode(&mut buf), Ok(None));
    // Four more bytes of the chunk and its CRLF; the end marker is not known yet.
    assert_eq!(decoder.read_hint(buf.len()), Some(6));
}
