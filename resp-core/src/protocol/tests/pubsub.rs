use super::*;
use crate::{Message, SubscriptionKind};

fn subscriber() -> Harness {
    let mut h = Harness::ready();
    h.conn.set_subscriber();
    h
}

fn pushes(events: &[Event<u32>]) -> Vec<Message> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Push(v) => Message::from_frame(v),
            _ => None,
        })
        .collect()
}

#[test]
fn resp2_subscribe_completes_on_confirmations_and_messages_are_pushes() {
    let mut h = subscriber();
    h.conn.send(
        Request::subscription(SubscriptionKind::Channel, true, ["a", "b"]),
        1,
    );
    assert_eq!(h.written(), cmd(&["SUBSCRIBE", "a", "b"]).bytes());
    h.server(
        b"*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n\
          *3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n",
    );
    let events = h.take_events();
    assert!(!events.iter().any(|e| matches!(e, Event::Reply { .. })));
    let messages = pushes(&events);
    assert_eq!(messages.len(), 1);
    assert_eq!(&messages[0].channel[..], b"a");
    assert_eq!(&messages[0].payload[..], b"hi");
    h.server(b"*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n");
    let replies = h.replies();
    assert_eq!(replies.len(), 1);
    assert!(matches!(&replies[0].1, Ok(Reply::Values(v)) if v.len() == 2));
    assert_eq!(
        h.conn.subscription_restore()[0].bytes(),
        cmd(&["SUBSCRIBE", "a", "b"]).bytes()
    );
}

#[test]
fn resp3_pattern_messages_and_unsubscribe_from_everything() {
    let mut h = subscriber();
    h.conn.send(
        Request::subscription(SubscriptionKind::Pattern, true, "n*"),
        1,
    );
    h.written();
    h.server(
        b">3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:1\r\n\
          >4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$1\r\nx\r\n",
    );
    let events = h.take_events();
    let messages = pushes(&events);
    assert_eq!(messages[0].kind, SubscriptionKind::Pattern);
    assert_eq!(messages[0].pattern.as_deref(), Some(&b"n*"[..]));
    assert_eq!(&messages[0].channel[..], b"news");

    h.conn.send(
        Request::subscription(SubscriptionKind::Pattern, false, ()),
        2,
    );
    assert_eq!(h.written(), cmd(&["PUNSUBSCRIBE"]).bytes());
    h.server(b">3\r\n$12\r\npunsubscribe\r\n$2\r\nn*\r\n:0\r\n");
    let replies = h.replies();
    assert_eq!(replies[0].0, 2);
    assert!(replies[0].1.is_ok());
    assert!(h.conn.subscription_restore().is_empty());
}

#[test]
fn refused_subscription_is_a_server_error() {
    let mut h = subscriber();
    h.conn.send(
        Request::subscription(SubscriptionKind::Channel, true, "secret"),
        1,
    );
    h.written();
    h.server(b"-NOPERM this user has no permissions to access the 'secret' channel\r\n");
    let replies = h.replies();
    assert!(matches!(replies[0].1, Err(Error::Server(_))));
}

#[test]
fn arrays_on_an_ordinary_connection_stay_replies() {
    let mut h = Harness::ready();
    h.conn.send(cmd(&["LRANGE", "l", "0", "-1"]), 1);
    h.written();
    h.server(b"*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nb\r\n");
    let replies = h.replies();
    assert!(matches!(&replies[0].1, Ok(Reply::Value(Value::Array(v))) if v.len() == 3));
}

fn push(items: &[&str]) -> Value {
    Value::Push(
        items
            .iter()
            .map(|s| Value::BulkString(Bytes::copy_from_slice(s.as_bytes())))
            .collect(),
    )
}

#[test]
fn payload_converts_like_a_reply() {
    let message = Message::from_frame(&push(&["message", "n", "17"])).unwrap();
    assert_eq!(message.payload::<u8>().unwrap(), 17);
    assert_eq!(message.payload::<String>().unwrap(), "17");
    assert_eq!(message.payload::<Vec<u8>>().unwrap(), b"17");
    assert_eq!(message.channel_name(), "n");
    let text = Message::from_frame(&push(&["message", "n", "hi"])).unwrap();
    assert!(matches!(text.payload::<i64>(), Err(crate::Error::Type(_))));
}

#[test]
fn confirmations_carry_what_is_left() {
    let frame = Value::Push(vec![
        Value::BulkString(Bytes::from_static(b"unsubscribe")),
        Value::BulkString(Bytes::from_static(b"a")),
        Value::Integer(0),
    ]);
    let confirmation = crate::SubscriptionConfirmation::from_frame(&frame).unwrap();
    assert_eq!(
        (
            confirmation.kind,
            confirmation.subscribe,
            confirmation.remaining
        ),
        (SubscriptionKind::Channel, false, 0)
    );
    assert_eq!(confirmation.channel.as_deref(), Some(&b"a"[..]));
    // RESP2 arrays, and the nil channel of an UNSUBSCRIBE with nothing subscribed.
    let resp2 = Value::Array(vec![
        Value::BulkString(Bytes::from_static(b"sunsubscribe")),
        Value::Null,
        Value::Integer(0),
    ]);
    let confirmation = crate::SubscriptionConfirmation::from_frame(&resp2).unwrap();
    assert_eq!(
        (confirmation.kind, confirmation.channel),
        (SubscriptionKind::Shard, None)
    );
    assert!(crate::SubscriptionConfirmation::from_frame(&push(&["message", "a", "b"])).is_none());
}
