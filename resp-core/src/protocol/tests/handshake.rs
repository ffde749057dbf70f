use super::*;
use crate::ServerErrorKind;

const HELLO_MAP: &[u8] =
    b"%3\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n";

fn connected(events: &[Event<u32>]) -> Option<ProtocolVersion> {
    events.iter().find_map(|e| match e {
        Event::Connected { protocol, .. } => Some(*protocol),
        _ => None,
    })
}

fn handshake_error(events: &[Event<u32>]) -> Option<&Error> {
    events.iter().find_map(|e| match e {
        Event::HandshakeFailed(error) => Some(error),
        _ => None,
    })
}

#[test]
fn resp3_hello_then_requests() {
    let mut h = Harness::new(&config("redis://h"));
    h.conn.send(cmd(&["PING"]), 1);
    // Requests wait for the handshake.
    assert_eq!(h.written(), cmd(&["HELLO", "3"]).bytes());
    assert!(!h.conn.is_ready());
    h.server(HELLO_MAP);
    let events = h.take_events();
    assert_eq!(connected(&events), Some(ProtocolVersion::Resp3));
    assert_eq!(h.conn.protocol(), Some(ProtocolVersion::Resp3));
    assert_eq!(h.written(), cmd(&["PING"]).bytes());
    h.server(b"+PONG\r\n");
    let replies = h.replies();
    assert_eq!(replies.len(), 1);
    assert_eq!(value(&replies[0].1), &simple("PONG"));
}

#[test]
fn hello_carries_auth_and_name_then_select() {
    let mut h = Harness::new(&config("redis://alice:pw@h/2").with_client_name("me"));
    assert_eq!(
        h.written(),
        cmd(&["HELLO", "3", "AUTH", "alice", "pw", "SETNAME", "me"]).bytes()
    );
    h.server(HELLO_MAP);
    assert!(!h.conn.is_ready());
    assert_eq!(h.written(), cmd(&["SELECT", "2"]).bytes());
    h.server(b"+OK\r\n");
    assert_eq!(connected(&h.take_events()), Some(ProtocolVersion::Resp3));
}

#[test]
fn password_only_authenticates_default_user_in_hello() {
    let mut h = Harness::new(&config("redis://:pw@h"));
    assert_eq!(
        h.written(),
        cmd(&["HELLO", "3", "AUTH", "default", "pw"]).bytes()
    );
}

#[test]
fn falls_back_to_resp2_when_hello_is_unknown() {
    let mut h = Harness::new(&config("redis://alice:pw@h/5").with_client_name("me"));
    h.written();
    h.server(b"-ERR unknown command 'HELLO'\r\n");
    let mut expected = Vec::new();
    expected.extend_from_slice(cmd(&["AUTH", "alice", "pw"]).bytes());
    expected.extend_from_slice(cmd(&["SELECT", "5"]).bytes());
    expected.extend_from_slice(cmd(&["CLIENT", "SETNAME", "me"]).bytes());
    assert_eq!(h.written(), expected);
    h.server(b"+OK\r\n+OK\r\n");
    assert!(!h.conn.is_ready());
    h.server(b"+OK\r\n");
    assert_eq!(connected(&h.take_events()), Some(ProtocolVersion::Resp2));
}

#[test]
fn resp2_fallback_with_password_only() {
    let mut h = Harness::new(&config("redis://:pw@h"));
    h.written();
    h.server(b"-NOPROTO unsupported protocol version\r\n");
    assert_eq!(h.written(), cmd(&["AUTH", "pw"]).bytes());
    h.server(b"+OK\r\n");
    assert_eq!(connected(&h.take_events()), Some(ProtocolVersion::Resp2));
}

#[test]
fn wrong_password_in_hello_fails_without_fallback() {
    let mut h = Harness::new(&config("redis://u:bad@h"));
    h.conn.send(cmd(&["PING"]), 7);
    h.written();
    h.server(b"-WRONGPASS invalid username-password pair or user is disabled.\r\n");
    let events = h.take_events();
    let error = handshake_error(&events).expect("handshake failure");
    assert_eq!(
        error.server_error().map(|e| e.kind()),
        Some(&ServerErrorKind::WrongPass)
    );
    assert!(h.conn.is_closed());
    assert!(h.written().is_empty());
    // The request that waited for the handshake was never written: it can go elsewhere.
    let unsent: Vec<u32> = h.conn.take_unsent().map(|(_, tag)| tag).collect();
    assert_eq!(unsent, vec![7]);
}

#[test]
fn resp3_only_does_not_fall_back() {
    let mut h = Harness::new(&config("redis://h").with_protocol(ProtocolVersion::Resp3));
    h.written();
    h.server(b"-ERR unknown command 'HELLO'\r\n");
    assert!(handshake_error(&h.take_events()).is_some());
    assert!(h.conn.is_closed());
}

#[test]
fn resp2_auth_failure_reports_auth_error_and_ignores_later_replies() {
    let mut h = Harness::new(&config("redis://:bad@h/1").with_protocol(ProtocolVersion::Resp2));
    let mut expected = Vec::new();
    expected.extend_from_slice(cmd(&["AUTH", "bad"]).bytes());
    expected.extend_from_slice(cmd(&["SELECT", "1"]).bytes());
    assert_eq!(h.written(), expected);
    h.server(b"-WRONGPASS invalid password\r\n-NOAUTH Authentication required.\r\n");
    let events = h.take_events();
    let error = handshake_error(&events).expect("handshake failure");
    assert_eq!(
        error.server_error().map(|e| e.kind()),
        Some(&ServerErrorKind::WrongPass)
    );
}

#[test]
fn resp2_with_nothing_to_do_is_ready_at_once() {
    let mut h = Harness::new(&config("redis://h").with_protocol(ProtocolVersion::Resp2));
    assert!(h.conn.is_ready());
    assert!(h.written().is_empty());
    assert_eq!(connected(&h.take_events()), Some(ProtocolVersion::Resp2));
}

#[test]
fn connection_lost_during_handshake_fails_it() {
    let mut h = Harness::new(&config("redis://h"));
    h.written();
    h.conn.handle_connection_lost();
    let events = h.take_events();
    assert!(matches!(
        handshake_error(&events),
        Some(Error::ConnectionLost)
    ));
}

#[test]
fn debug_output_hides_the_password() {
    let h = Harness::new(&config("redis://u:topsecret@h"));
    let debug = format!("{:?}", h.conn);
    assert!(!debug.contains("topsecret"), "{debug}");
}
