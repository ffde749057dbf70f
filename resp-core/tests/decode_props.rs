//! Hostile input: arbitrary and corrupted bytes never panic, and chunking never changes what
//! the decoder makes of them (the same replies, the same error at the same offset).

mod support;

use bytes::BytesMut;
use proptest::collection::vec;
use proptest::prelude::*;
use resp_core::{encode_value, Limits, Parser};

use support::{feed_cut, same, value};

/// Limits small enough for random input to hit them.
fn tight() -> Limits {
    Limits::default()
        .with_max_bulk_len(64)
        .with_max_elements(16)
        .with_max_depth(8)
        .with_max_line_len(32)
}

/// Bytes that look like RESP often enough to get past the first type byte.
fn resp_like() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        any::<u8>().prop_map(|b| vec![b]),
        prop::sample::select(vec![
            "*",
            "$",
            ":",
            "+",
            "-",
            "%",
            "~",
            ">",
            "|",
            "_",
            ",",
            "#",
            "(",
            "!",
            "=",
            ";",
            ".",
            "?",
            "\r\n",
            "\r",
            "\n",
            "-1",
            "0",
            "1",
            "2",
            "3",
            "10",
            "99999999999999999999",
            "t",
            "inf",
            "nan",
            "txt:",
            "e",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
    ];
    vec(token, 0..64).prop_map(|tokens| tokens.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn nan_outcomes_compare_equal(cuts in vec(any::<usize>(), 0..4)) {
        let input = b"*2\r\n,nan\r\n,-nan\r\n";
        let outcome = feed_cut(Limits::default(), input, &cuts);
        prop_assert!(matches!(outcome.replies.as_slice(), [resp_core::Value::Array(_)]));
        prop_assert_eq!(outcome, feed_cut(Limits::default(), input, &[]));
    }

    #[test]
    fn arbitrary_bytes_never_panic(input in vec(any::<u8>(), 0..256), cuts in vec(any::<usize>(), 0..8)) {
        let whole = feed_cut(Limits::default(), &input, &[]);
        prop_assert_eq!(feed_cut(Limits::default(), &input, &cuts), whole);
    }

    #[test]
    fn resp_like_bytes_decode_the_same_in_any_chunks(input in resp_like(), cuts in vec(any::<usize>(), 0..8)) {
        for limits in [Limits::default(), tight()] {
            let whole = feed_cut(limits, &input, &[]);
            let bytes: Vec<usize> = (0..input.len()).collect();
            prop_assert_eq!(&feed_cut(limits, &input, &cuts), &whole);
            prop_assert_eq!(&feed_cut(limits, &input, &bytes), &whole);
        }
    }

    #[test]
    fn corrupted_encodings_decode_the_same_in_any_chunks(
        v in value(),
        flips in vec((any::<usize>(), any::<u8>()), 1..4),
        cuts in vec(any::<usize>(), 0..8),
    ) {
        let mut encoded = BytesMut::new();
        encode_value(&v, &mut encoded);
        let mut input = encoded.to_vec();
        for (at, byte) in flips {
            let at = at % input.len();
            input[at] = byte;
        }
        for limits in [Limits::default(), tight()] {
            let whole = feed_cut(limits, &input, &[]);
            prop_assert_eq!(feed_cut(limits, &input, &cuts), whole);
        }
    }

    #[test]
    fn the_parser_agrees_with_the_decoder(input in resp_like(), cuts in vec(any::<usize>(), 0..8)) {
        let expected = feed_cut(Limits::default(), &input, &[]);
        let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
        cuts.sort_unstable();
        cuts.push(input.len());
        let mut parser = Parser::new();
        let mut replies = Vec::new();
        let mut error = None;
        let mut from = 0;
        for cut in cuts {
            match parser.parse(&input[from..cut]) {
                Ok(more) => replies.extend(more),
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
            from = cut;
        }
        // The parser drops the replies of the chunk that failed; compare what both kept.
        prop_assert_eq!(&error, &expected.error);
        prop_assert!(replies.len() <= expected.replies.len());
        prop_assert!(replies.iter().zip(&expected.replies).all(|(a, b)| same(a, b)));
        if error.is_none() {
            prop_assert_eq!(replies.len(), expected.replies.len());
        }
    }
}
