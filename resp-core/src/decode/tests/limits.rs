//! Limits are enforced when a header is read, before anything is allocated for it.

use super::*;

fn too_many(offset: u64, len: u64, limit: u64) -> ProtocolError {
    ProtocolError {
        offset,
        kind: ProtocolErrorKind::TooManyElements { len, limit },
    }
}

#[test]
fn bulk_length_is_checked_on_the_header() {
    let limits = Limits::default().with_max_bulk_len(10);
    assert_eq!(
        feed_chunks(limits, [&b"$10\r\n0123456789\r\n"[..]]).replies,
        [bulk("0123456789")]
    );
    let e = ProtocolError {
        offset: 4,
        kind: ProtocolErrorKind::BulkTooLong { len: 11, limit: 10 },
    };
    // The body never arrives: the header alone is refused.
    assert_eq!(
        error_with(limits, b"+OK\r\n$11\r\n"),
        ProtocolError {
            offset: 5,
            ..e.clone()
        }
    );
    assert_eq!(
        error_with(limits, b"=11\r\n"),
        ProtocolError {
            offset: 0,
            ..e.clone()
        }
    );
    assert_eq!(
        error_with(limits, b"!11\r\n"),
        ProtocolError {
            offset: 0,
            ..e.clone()
        }
    );
    // A streamed string's chunks count together.
    assert_eq!(
        error_with(limits, b"$?\r\n;6\r\nabcdef\r\n;5\r\n"),
        ProtocolError { offset: 16, ..e }
    );
}

#[test]
fn element_count_is_checked_on_the_header() {
    let limits = Limits::default().with_max_elements(3);
    assert_eq!(error_with(limits, b"*4\r\n"), too_many(0, 4, 3));
    assert_eq!(error_with(limits, b"~4\r\n"), too_many(0, 4, 3));
    assert_eq!(error_with(limits, b">4\r\n"), too_many(0, 4, 3));
    // A map of two pairs holds four values.
    assert_eq!(error_with(limits, b"%2\r\n"), too_many(0, 4, 3));
    assert_eq!(error_with(limits, b"|2\r\n"), too_many(0, 4, 3));
    assert_eq!(
        error_with(limits, b"*?\r\n:1\r\n:2\r\n:3\r\n:4\r\n"),
        too_many(16, 4, 3)
    );
    assert_eq!(
        feed_chunks(limits, [&b"*?\r\n:1\r\n:2\r\n:3\r\n.\r\n"[..]])
            .replies
            .len(),
        1
    );
    // Long enough for the array fast path.
    let limits = Limits::default().with_max_elements(5);
    let six = b"*?\r\n:1\r\n:2\r\n:3\r\n:4\r\n:5\r\n:6\r\n.\r\n";
    assert_eq!(error_with(limits, six), too_many(24, 6, 5));
}

#[test]
fn bulk_length_is_checked_inside_a_run_of_bulks() {
    let limits = Limits::default().with_max_bulk_len(1);
    let e = ProtocolError {
        offset: 25,
        kind: ProtocolErrorKind::BulkTooLong { len: 2, limit: 1 },
    };
    let input = b"*6\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$2\r\nde\r\n";
    assert_eq!(error_with(limits, input), e);
}

#[test]
fn depth_is_checked_on_the_header() {
    let limits = Limits::default().with_max_depth(2);
    let deep = ProtocolError {
        offset: 8,
        kind: ProtocolErrorKind::TooDeep { limit: 2 },
    };
    assert_eq!(
        feed_chunks(limits, [&b"*1\r\n*1\r\n:1\r\n"[..]])
            .replies
            .len(),
        1
    );
    assert_eq!(error_with(limits, b"*1\r\n*1\r\n*1\r\n:1\r\n"), deep);
    assert_eq!(error_with(limits, b"*1\r\n*1\r\n*0\r\n"), deep);
    assert_eq!(error_with(limits, b"*1\r\n|0\r\n*0\r\n"), deep);
    assert_eq!(error_with(limits, b"%?\r\n~1\r\n%0\r\n"), deep);
    // Null aggregates and streamed strings are no nesting.
    assert_eq!(
        feed_chunks(limits, [&b"*2\r\n*2\r\n*-1\r\n$?\r\n;0\r\n:1\r\n"[..]])
            .replies
            .len(),
        1
    );
}

#[test]
fn line_length_is_checked_however_the_line_is_chunked() {
    let limits = Limits::default().with_max_line_len(4);
    let long = ProtocolError {
        offset: 5,
        kind: ProtocolErrorKind::LineTooLong { limit: 4 },
    };
    assert_eq!(
        feed_chunks(limits, [&b"+abcd\r\n"[..]]).replies,
        [simple("abcd")]
    );
    assert_eq!(error_with(limits, b"+abcde\r\n"), long);
    assert_eq!(error_with(limits, b"-abcde"), long);
    assert_eq!(feed_chunks(limits, [&b"+abc"[..], b"de"]).error, Some(long));
}

#[test]
fn a_huge_declared_count_reserves_nothing() {
    // The default element limit refuses this header outright; with it raised, the header
    // must still reserve nothing.
    let mut decoder = Decoder::with_limits(Limits::default().with_max_elements(u64::MAX));
    let mut buf = BytesMut::from(&b"*2147483647\r\n"[..]);
    assert_eq!(decoder.decode(&mut buf), Ok(None));
    buf.extend_from_slice(b"$1\r\nx\r\n");
    assert_eq!(decoder.decode(&mut buf), Ok(None));
    let capacity = decoder.stack.first().map(|frame| frame.capacity());
    assert!(
        capacity.is_some_and(|c| c <= 4),
        "reserved {capacity:?} elements"
    );
}

#[test]
fn nested_huge_counts_share_a_bounded_reservation() {
    let mut decoder = Decoder::new();
    let mut buf = BytesMut::from(b"*100000\r\n".repeat(1000).as_slice());
    assert_eq!(decoder.decode(&mut buf), Ok(None));
    let reserved: usize = decoder.stack.iter().map(|frame| frame.capacity()).sum();
    assert!(
        reserved <= super::super::PREALLOC_BUDGET,
        "reserved {reserved} elements"
    );
}
