//! Every type decodes to its value; consecutive replies come out one per call.

use bytes::BytesMut;

use super::*;

#[test]
fn every_vector_decodes_to_its_value() {
    for (input, expected) in vectors() {
        assert_eq!(
            one(input),
            expected,
            "input {:?}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn nan_decodes_to_nan() {
    assert!(matches!(one(b",nan\r\n"), Value::Double(x) if x.is_nan()));
    assert!(matches!(one(b",-nan\r\n"), Value::Double(x) if x.is_nan()));
}

#[test]
fn replies_come_out_one_per_call_in_order() {
    let all: Vec<u8> = vectors()
        .iter()
        .flat_map(|(input, _)| input.iter().copied())
        .collect();
    let expected: Vec<Value> = vectors().into_iter().map(|(_, v)| v).collect();
    let outcome = feed(&all);
    assert_eq!(outcome.error, None);
    assert!(!outcome.mid_reply);
    assert_eq!(outcome.replies, expected);
}

#[test]
fn bulk_strings_are_slices_of_the_read_buffer() {
    let mut buf = BytesMut::from(&b"*2\r\n$5\r\nhello\r\n$5\r\nworld\r\n"[..]);
    let start = buf.as_ptr() as usize;
    let Ok(Some(Value::Array(items))) = Decoder::new().decode(&mut buf) else {
        panic!("not an array");
    };
    let Some(Value::BulkString(hello)) = items.first() else {
        panic!("not a bulk string");
    };
    assert_eq!(hello.as_ptr() as usize, start + 8, "the bulk was copied");
}

#[test]
fn attributes_can_be_skipped() {
    let v = one(b"|1\r\n+a\r\n:1\r\n|1\r\n+b\r\n:2\r\n+OK\r\n");
    assert!(
        matches!(&v, Value::Attribute { value, .. } if matches!(**value, Value::Attribute { .. }))
    );
    assert_eq!(v.without_attributes(), simple("OK"));
}

#[test]
fn incomplete_input_is_kept_and_reported_as_mid_reply() {
    let mut decoder = Decoder::new();
    let mut buf = BytesMut::from(&b"*2\r\n:1\r\n$3\r\nab"[..]);
    assert_eq!(decoder.decode(&mut buf), Ok(None));
    assert!(decoder.is_mid_reply());
    buf.extend_from_slice(b"c\r\n");
    assert_eq!(
        decoder.decode(&mut buf),
        Ok(Some(Value::Array(vec![Value::Integer(1), bulk("abc")])))
    );
    assert!(!decoder.is_mid_reply());
    assert_eq!(decoder.bytes_consumed(), 17);
    assert!(buf.is_empty());
}

#[test]
fn parser_returns_every_reply_a_chunk_completes() {
    let mut parser = crate::Parser::new();
    assert_eq!(parser.parse(b"+OK\r\n:1"), Ok(vec![simple("OK")]));
    assert!(parser.has_partial_reply());
    assert_eq!(parser.parse(b"\r\n*1\r\n"), Ok(vec![Value::Integer(1)]));
    assert_eq!(
        parser.parse(b"$1\r\nx\r\n_\r\n"),
        Ok(vec![Value::Array(vec![bulk("x")]), Value::Null])
    );
    assert!(!parser.has_partial_reply());
    assert_eq!(parser.parse(b"&"), Err(unexpected(23, "a type byte", b'&')));
}
