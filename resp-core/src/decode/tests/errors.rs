//! Every kind of malformed input is an error with the offset of the offending byte.

use super::*;

#[test]
fn every_bad_vector_fails_where_expected() {
    for (input, expected) in bad_vectors() {
        assert_eq!(
            error(input),
            expected,
            "input {:?}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn error_messages_name_what_was_expected_and_where() {
    assert_eq!(
        error(b"+OK\r\n:12a\r\n").to_string(),
        "expected a digit or \\r, found byte 0x61 ('a') at byte offset 8"
    );
    assert_eq!(
        error(b"$536870913\r\n").to_string(),
        "bulk length 536870913 exceeds the limit of 536870912 at byte offset 0"
    );
}

#[test]
fn offsets_count_from_the_start_of_the_stream() {
    let mut decoder = Decoder::new();
    let mut buf = BytesMut::from(&b"+OK\r\n"[..]);
    assert_eq!(decoder.decode(&mut buf), Ok(Some(simple("OK"))));
    buf.extend_from_slice(b"*1\r\n:x\r\n");
    assert_eq!(
        decoder.decode(&mut buf),
        Err(unexpected(10, "a digit", b'x'))
    );
}

#[test]
fn a_stopped_decoder_refuses_further_input() {
    let mut decoder = Decoder::new();
    let mut buf = BytesMut::from(&b"x"[..]);
    let e = decoder.decode(&mut buf);
    assert!(e.is_err());
    buf.clear();
    buf.extend_from_slice(b"+OK\r\n");
    assert_eq!(decoder.decode(&mut buf), e);
}
