//! Nesting costs the decoder heap, not stack; values at the default depth limit are safe to
//! use on a 2 MiB stack (tokio's worker default) in unoptimised builds.

use std::thread;

use super::*;

/// Runs `f` on a thread with a 2 MiB stack and returns its result.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let thread = thread::Builder::new().stack_size(2 << 20).spawn(f);
    match thread.map(|t| t.join()) {
        Ok(Ok(result)) => result,
        _ => panic!("the small-stack thread failed"),
    }
}

/// `levels` nested aggregates of rotating kinds around `:1`.
fn nested(levels: usize) -> Vec<u8> {
    let headers: [&[u8]; 6] = [
        b"*1\r\n",
        b"%1\r\n+k\r\n",
        b"~2\r\n:0\r\n",
        b">1\r\n",
        b"|1\r\n+a\r\n:1\r\n",
        b"%1\r\n",
    ];
    let mut input = Vec::new();
    let mut trailer = Vec::new();
    for level in 0..levels {
        let header = headers[level % headers.len()];
        input.extend_from_slice(header);
        if level % headers.len() == 5 {
            // The nested value is this map's key; its value comes after.
            trailer.push(b"_\r\n");
        }
    }
    input.extend_from_slice(b":1\r\n");
    for t in trailer.iter().rev() {
        input.extend_from_slice(*t);
    }
    input
}

/// Takes a value apart without recursion, to free values deeper than drop can handle.
fn dismantle(value: Value) -> usize {
    let mut stack = vec![value];
    let mut count = 0;
    while let Some(v) = stack.pop() {
        count += 1;
        match v {
            Value::Array(items) | Value::Set(items) | Value::Push(items) => stack.extend(items),
            Value::Map(pairs) => stack.extend(pairs.into_iter().flat_map(|(k, v)| [k, v])),
            Value::Attribute { attributes, value } => {
                stack.extend(attributes.into_iter().flat_map(|(k, v)| [k, v]));
                stack.push(*value);
            }
            _ => {}
        }
    }
    count
}

#[test]
fn deep_nesting_is_a_depth_error_on_a_small_stack() {
    let outcome = on_small_stack(|| {
        let input = b"*1\r\n".repeat(100_000);
        feed(&input).error
    });
    let kind = ProtocolErrorKind::TooDeep { limit: 1024 };
    assert_eq!(
        outcome,
        Some(ProtocolError {
            offset: 1024 * 4,
            kind
        })
    );
}

#[test]
fn the_decoder_itself_takes_any_depth_on_a_small_stack() {
    let values = on_small_stack(|| {
        let limits = Limits::default().with_max_depth(usize::MAX);
        let mut outcome = feed_chunks(limits, [nested(100_000).as_slice()]);
        assert_eq!(outcome.error, None);
        outcome.replies.pop().map(dismantle)
    });
    assert!(values.is_some_and(|n| n > 100_000));
}

#[test]
fn values_at_the_default_depth_limit_are_safe_to_use_on_a_small_stack() {
    let summary = on_small_stack(|| {
        let limit = Limits::default().max_depth;
        let input = nested(limit);
        let value = one(&input);
        let copy = value.clone();
        let equal = copy == value;
        // `{:#?}` is left out: std's pretty printer takes time quadratic in the depth (about
        // a minute here); it was checked once by hand to fit the stack at this depth too.
        let debug = format!("{value:?}").len();
        let mut encoded = bytes::BytesMut::new();
        crate::encode_value(&value, &mut encoded);
        assert_eq!(&encoded[..], &input[..]);
        drop(copy);
        drop(value);
        (equal, debug)
    });
    assert!(summary.0);
    assert!(summary.1 > 1024);
}

#[test]
fn one_level_more_than_the_default_is_refused() {
    let e = feed(&nested(Limits::default().max_depth + 1)).error;
    assert!(matches!(
        e,
        Some(ProtocolError {
            kind: ProtocolErrorKind::TooDeep { limit: 1024 },
            ..
        })
    ));
}
