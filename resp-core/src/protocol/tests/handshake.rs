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

/// The error that ended the handshake, if it ended with a server error.
fn failed_with(line: &[u8]) -> Option<ServerErrorKind> {
    let mut h = Harness::new(&config("redis://:pw@h"));
    h.conn.send(cmd(&["PING"]), 1);
    h.written();
    h.server(line);
    let events = h.take_events();
    assert_eq!(
        connected(&events),
        None,
        "{}",
        String::from_utf8_lossy(line)
    );
    assert!(h.conn.is_closed());
    // Nothing but HELLO was written: no fallback AUTH, no request.
    assert!(h.written().is_empty());
    match handshake_error(&events) {
        Some(Error::Server(e)) => Some(e.kind().clone()),
        _ => None,
    }
}

#[test]
fn max_clients_fails_the_handshake_with_the_real_error() {
    assert_eq!(
        failed_with(b"-ERR max number of clients reached\r\n"),
        Some(ServerErrorKind::Err)
    );
}

#[test]
fn auth_and_acl_errors_fail_the_handshake() {
    for (line, kind) in [
        (
            &b"-WRONGPASS invalid username-password pair\r\n"[..],
            ServerErrorKind::WrongPass,
        ),
        (b"-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n", ServerErrorKind::NoAuth),
        (b"-NOPERM this user has no permissions to run the 'hello' command\r\n", ServerErrorKind::NoPerm),
        (b"-LOADING Redis is loading the dataset in memory\r\n", ServerErrorKind::Loading),
        (b"-ERR Protocol version is not an integer or out of range\r\n", ServerErrorKind::Err),
    ] {
        assert_eq!(failed_with(line), Some(kind), "{}", String::from_utf8_lossy(line));
    }
}

#[test]
fn every_unknown_command_spelling_falls_back() {
    for line in [
        &b"-ERR unknown command 'HELLO'\r\n"[..],
        b"-ERR unknown command `HELLO`, with args beginning with: `3`, `AUTH`, \r\n",
        b"-ERR unknown command 'hello', with args beginning with: '3' \r\n",
        b"-ERR Unknown Command HELLO\r\n",
        b"-ERR unknown or disabled command 'HELLO'\r\n",
        b"-NOPROTO sorry, this protocol version is not supported.\r\n",
    ] {
        let mut h = Harness::new(&config("redis://:pw@h"));
        h.written();
        h.server(line);
        assert_eq!(
            h.written(),
            cmd(&["AUTH", "pw"]).bytes(),
            "{}",
            String::from_utf8_lossy(line)
        );
        h.server(b"+OK\r\n");
        assert_eq!(connected(&h.take_events()), Some(ProtocolVersion::Resp2));
    }
}

#[test]
fn fallback_auth_failure_is_reported() {
    let mut h = Harness::new(&config("redis://:bad@h"));
    h.written();
    h.server(b"-ERR unknown command 'HELLO'\r\n");
    h.written();
    h.server(b"-ERR invalid password\r\n");
    let events = h.take_events();
    assert_eq!(connected(&events), None);
    assert!(matches!(handshake_error(&events), Some(Error::Server(_))));
}

#[test]
fn requests_waiting_on_a_failed_handshake_can_fail_with_its_error() {
    let mut h = Harness::new(&config("redis://u:bad@h"));
    h.conn.send(cmd(&["GET", "a"]), 1);
    h.conn.send(cmd(&["GET", "b"]), 2);
    h.written();
    h.server(b"-WRONGPASS invalid username-password pair\r\n");
    let Some(cause) = handshake_error(&h.take_events()).cloned() else {
        panic!("no handshake failure");
    };
    let down = Error::ConnectionDown {
        last_error: Box::new(cause),
    };
    h.conn.fail_unsent(&down);
    let replies = h.replies();
    assert_eq!(replies.len(), 2);
    for (_, result) in &replies {
        let e = result.as_ref().expect_err("failed");
        assert!(!e.may_have_run());
        assert!(e.to_string().contains("WRONGPASS"), "{e}");
    }
    assert_eq!(h.conn.queued(), 0);
}

/// The two `CLIENT SETINFO` commands the handshake sends by default.
fn setinfo_bytes() -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(cmd(&["CLIENT", "SETINFO", "lib-name", "cureds"]).bytes());
    bytes.extend_from_slice(
        cmd(&["CLIENT", "SETINFO", "lib-ver", env!("CARGO_PKG_VERSION")]).bytes(),
    );
    bytes
}

/// What Redis 7.0 (which has HELLO but not SETINFO) answers each SETINFO.
const SETINFO_UNKNOWN: &[u8] =
    b"-ERR Unknown subcommand or wrong number of arguments for 'SETINFO'. Try CLIENT HELP.\r\n";

#[test]
fn setinfo_goes_in_the_same_write_as_hello_and_its_errors_are_ignored() {
    let mut h = Harness::new(&Config::from_url("redis://:pw@h/3").unwrap());
    h.conn.send(cmd(&["PING"]), 1);
    let mut expected = cmd(&["HELLO", "3", "AUTH", "default", "pw"])
        .bytes()
        .to_vec();
    expected.extend_from_slice(&setinfo_bytes());
    assert_eq!(h.written(), expected);
    h.server(HELLO_MAP);
    assert!(!h.conn.is_ready());
    assert_eq!(h.written(), cmd(&["SELECT", "3"]).bytes());
    h.server(SETINFO_UNKNOWN);
    h.server(b"-ERR unknown command 'CLIENT|SETINFO'\r\n");
    assert!(!h.conn.is_ready(), "SELECT's reply is still to come");
    h.server(b"+OK\r\n");
    let events = h.take_events();
    assert_eq!(connected(&events), Some(ProtocolVersion::Resp3));
    assert!(handshake_error(&events).is_none());
    assert_eq!(h.written(), cmd(&["PING"]).bytes());
}

#[test]
fn setinfo_accepted_by_a_new_server() {
    let mut h = Harness::new(&Config::from_url("redis://h").unwrap());
    let mut expected = cmd(&["HELLO", "3"]).bytes().to_vec();
    expected.extend_from_slice(&setinfo_bytes());
    assert_eq!(h.written(), expected);
    h.server(HELLO_MAP);
    h.server(b"+OK\r\n");
    assert!(!h.conn.is_ready());
    h.server(b"+OK\r\n");
    assert_eq!(connected(&h.take_events()), Some(ProtocolVersion::Resp3));
}

#[test]
fn setinfo_after_resp2_setup_in_one_write() {
    let config = Config::from_url("redis://u:pw@h/1")
        .unwrap()
        .with_protocol(ProtocolVersion::Resp2);
    let mut h = Harness::new(&config);
    let mut expected = cmd(&["AUTH", "u", "pw"]).bytes().to_vec();
    expected.extend_from_slice(cmd(&["SELECT", "1"]).bytes());
    expected.extend_from_slice(&setinfo_bytes());
    assert_eq!(h.written(), expected);
    let mut replies = b"+OK\r\n+OK\r\n".to_vec();
    replies.extend_from_slice(SETINFO_UNKNOWN);
    replies.extend_from_slice(SETINFO_UNKNOWN);
    h.server(&replies);
    assert_eq!(connected(&h.take_events()), Some(ProtocolVersion::Resp2));
}

#[test]
fn setinfo_is_not_sent_again_on_the_resp2_fallback() {
    let mut h = Harness::new(&Config::from_url("redis://:pw@h").unwrap());
    let mut expected = cmd(&["HELLO", "3", "AUTH", "default", "pw"])
        .bytes()
        .to_vec();
    expected.extend_from_slice(&setinfo_bytes());
    assert_eq!(h.written(), expected);
    // Redis 5: no HELLO, and the SETINFOs run before AUTH.
    h.server(b"-ERR unknown command 'HELLO'\r\n");
    assert_eq!(h.written(), cmd(&["AUTH", "pw"]).bytes());
    h.server(b"-NOAUTH Authentication required.\r\n-NOAUTH Authentication required.\r\n");
    assert!(!h.conn.is_ready());
    h.server(b"+OK\r\n");
    assert_eq!(connected(&h.take_events()), Some(ProtocolVersion::Resp2));
}

#[test]
fn setinfo_errors_do_not_hide_a_real_failure() {
    let config = Config::from_url("redis://:bad@h")
        .unwrap()
        .with_protocol(ProtocolVersion::Resp2);
    let mut h = Harness::new(&config);
    h.written();
    h.server(b"-WRONGPASS invalid password\r\n");
    h.server(SETINFO_UNKNOWN);
    h.server(SETINFO_UNKNOWN);
    let events = h.take_events();
    assert_eq!(
        handshake_error(&events)
            .and_then(Error::server_error)
            .map(|e| e.kind()),
        Some(&ServerErrorKind::WrongPass)
    );
}

#[test]
fn setinfo_switched_off_sends_nothing_extra() {
    let config = Config::from_url("redis://h")
        .unwrap()
        .with_lib_info(false)
        .with_protocol(ProtocolVersion::Resp2);
    let mut h = Harness::new(&config);
    assert!(h.conn.is_ready());
    assert!(h.written().is_empty());
}

#[test]
fn read_only_sends_readonly_after_hello() {
    let config = config("redis://h/1")
        .with_read_only(true)
        .with_lib_info(false);
    let mut h = Harness::new(&config);
    assert_eq!(h.written(), cmd(&["HELLO", "3"]).bytes());
    h.server(HELLO_MAP);
    let mut expected = Vec::new();
    expected.extend_from_slice(cmd(&["SELECT", "1"]).bytes());
    expected.extend_from_slice(cmd(&["READONLY"]).bytes());
    assert_eq!(h.written(), expected);
    h.server(b"+OK\r\n");
    assert!(!h.conn.is_ready());
    h.server(b"+OK\r\n");
    assert_eq!(connected(&h.take_events()), Some(ProtocolVersion::Resp3));
}

#[test]
fn read_only_refused_fails_the_handshake() {
    let config = config("redis://h")
        .with_protocol(ProtocolVersion::Resp2)
        .with_read_only(true)
        .with_lib_info(false);
    let mut h = Harness::new(&config);
    assert_eq!(h.written(), cmd(&["READONLY"]).bytes());
    h.server(b"-ERR This instance has cluster support disabled\r\n");
    assert!(handshake_error(&h.take_events()).is_some());
}
