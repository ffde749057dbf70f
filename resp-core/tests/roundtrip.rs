//! `decode(encode(v)) == v` for arbitrary nested values of every variant, however the encoded
//! bytes are chunked.

mod support;

use bytes::BytesMut;
use proptest::collection::vec;
use proptest::prelude::*;
use resp_core::{encode_value, Limits};

use support::{feed_cut, same, value};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoding_an_encoded_value_gives_it_back(v in value(), cuts in vec(any::<usize>(), 0..8)) {
        let mut encoded = BytesMut::new();
        encode_value(&v, &mut encoded);
        let outcome = feed_cut(Limits::default(), &encoded, &cuts);
        prop_assert_eq!(&outcome.error, &None);
        prop_assert!(!outcome.leftover);
        prop_assert_eq!(outcome.replies.len(), 1);
        prop_assert!(same(&outcome.replies[0], &v), "{:?} became {:?}", v, outcome.replies[0]);
    }

    #[test]
    fn consecutive_values_come_back_in_order(vs in vec(value(), 1..6), cuts in vec(any::<usize>(), 0..16)) {
        let mut encoded = BytesMut::new();
        for v in &vs {
            encode_value(v, &mut encoded);
        }
        let outcome = feed_cut(Limits::default(), &encoded, &cuts);
        prop_assert_eq!(&outcome.error, &None);
        prop_assert_eq!(outcome.replies.len(), vs.len());
        for (got, sent) in outcome.replies.iter().zip(&vs) {
            prop_assert!(same(got, sent), "{:?} became {:?}", sent, got);
        }
    }
}
