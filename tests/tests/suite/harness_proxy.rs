//! Self-tests of the fault-injecting proxy against a real server.

use std::io::{self, Read};
use std::net::TcpStream;
use std::time::Duration;

use tests::{Corruption, Direction, Proxy, RawConn, RedisServer};

/// A connection through the proxy; reads wait up to 5 s (a loaded machine is slow).
fn through(proxy: &Proxy) -> RawConn {
    let conn = RawConn::connect(proxy.addr()).unwrap();
    conn.stream()
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    conn
}

/// Asserts that nothing arrives within 300 ms.
fn assert_nothing_arrives(conn: &mut RawConn) {
    conn.stream()
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let err = conn.read_line().unwrap_err();
    assert!(is_timeout(&err), "{err}");
    conn.stream()
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

#[test]
fn passes_traffic_through() {
    let server = RedisServer::start().unwrap();
    let proxy = Proxy::start(server.addr()).unwrap();
    let mut conn = through(&proxy);
    assert_eq!(conn.command_ok(&["SET", "k", "v"]).unwrap(), "OK");
    assert_eq!(conn.ping_line().unwrap(), "+PONG");
    assert_eq!(proxy.connections_accepted(), 1);
    assert_eq!(proxy.open_connections(), 1);
    assert!(proxy.bytes_forwarded(Direction::ToServer) > 0);
    assert_eq!(proxy.bytes_forwarded(Direction::ToClient), 5 + 7);
    assert_eq!(proxy.url(), format!("redis://{}", proxy.addr()));
}

#[test]
fn stall_holds_traffic_until_resume() {
    let server = RedisServer::start().unwrap();
    let proxy = Proxy::start(server.addr()).unwrap();
    let mut conn = through(&proxy);
    assert_eq!(conn.ping_line().unwrap(), "+PONG");
    proxy.stall();
    conn.send(&["SET", "stalled", "1"]).unwrap();
    assert_nothing_arrives(&mut conn);
    // The request itself was held too: the key is not there.
    let mut direct = server.raw().unwrap();
    direct.send(&["EXISTS", "stalled"]).unwrap();
    assert_eq!(direct.read_line().unwrap(), ":0");
    proxy.resume();
    conn.stream()
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    assert_eq!(conn.read_line().unwrap(), "+OK");
}

#[test]
fn stalling_replies_only_lets_requests_through() {
    let server = RedisServer::start().unwrap();
    let proxy = Proxy::start(server.addr()).unwrap();
    let mut conn = through(&proxy);
    proxy.stall_direction(Direction::ToClient);
    conn.send(&["SET", "half", "1"]).unwrap();
    assert_nothing_arrives(&mut conn);
    let mut direct = server.raw().unwrap();
    // The request passed (it may take a moment on a loaded machine).
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        direct.send(&["EXISTS", "half"]).unwrap();
        if direct.read_line().unwrap() == ":1" {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the request never reached the server"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    proxy.resume();
    conn.stream()
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    assert_eq!(conn.read_line().unwrap(), "+OK");
}

#[test]
fn cut_closes_connections_and_refuses_until_resume() {
    let server = RedisServer::start().unwrap();
    let proxy = Proxy::start(server.addr()).unwrap();
    let mut conn = through(&proxy);
    assert_eq!(conn.ping_line().unwrap(), "+PONG");
    proxy.cut();
    assert_eq!(
        conn.read_line().unwrap_err().kind(),
        io::ErrorKind::UnexpectedEof
    );
    assert_eq!(proxy.open_connections(), 0);
    // New connections are accepted by the kernel, then closed without a word.
    let mut refused = TcpStream::connect(proxy.addr()).unwrap();
    refused
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut byte = [0u8; 1];
    assert!(matches!(refused.read(&mut byte), Ok(0) | Err(_)));
    proxy.resume();
    assert_eq!(through(&proxy).ping_line().unwrap(), "+PONG");
    assert_eq!(proxy.connections_accepted(), 2);
}

#[test]
fn cut_wakes_a_stalled_connection() {
    let server = RedisServer::start().unwrap();
    let proxy = Proxy::start(server.addr()).unwrap();
    let mut conn = through(&proxy);
    proxy.stall();
    conn.send(&["PING"]).unwrap();
    proxy.cut();
    conn.stream()
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    // EOF or a reset (the proxy's socket may still hold the unread request), never a hang.
    let err = conn.read_line().unwrap_err();
    assert!(!is_timeout(&err), "{err}");
}

#[test]
fn drop_connections_keeps_accepting() {
    let server = RedisServer::start().unwrap();
    let proxy = Proxy::start(server.addr()).unwrap();
    let mut first = through(&proxy);
    assert_eq!(first.ping_line().unwrap(), "+PONG");
    proxy.drop_connections();
    assert!(first.read_line().is_err());
    assert_eq!(through(&proxy).ping_line().unwrap(), "+PONG");
}

#[test]
fn corrupts_the_next_reply() {
    let server = RedisServer::start().unwrap();
    let proxy = Proxy::start(server.addr()).unwrap();
    let mut conn = through(&proxy);
    proxy.corrupt(Corruption::FlipFirstByte);
    proxy.corrupt(Corruption::Inject(b"$9999999999\r\n".to_vec()));
    assert_eq!(proxy.pending_corruptions(), 2);
    conn.send(&["PING"]).unwrap();
    let mut reply = [0u8; 7];
    conn.stream().read_exact(&mut reply).unwrap();
    assert_eq!(&reply, &[!b'+', b'P', b'O', b'N', b'G', b'\r', b'\n']);
    conn.send(&["PING"]).unwrap();
    assert_eq!(conn.read_line().unwrap(), "$9999999999");
    assert_eq!(conn.read_line().unwrap(), "+PONG");
    // Once used up, traffic is clean again.
    assert_eq!(conn.ping_line().unwrap(), "+PONG");
    assert_eq!(proxy.pending_corruptions(), 0);
}

#[test]
fn server_death_closes_the_client_side() {
    let mut server = RedisServer::start().unwrap();
    let proxy = Proxy::start(server.addr()).unwrap();
    let mut conn = through(&proxy);
    assert_eq!(conn.ping_line().unwrap(), "+PONG");
    server.kill();
    conn.stream()
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    assert!(conn.read_line().is_err());
    // With the server gone, a new connection is closed at once.
    let mut late = TcpStream::connect(proxy.addr()).unwrap();
    late.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut byte = [0u8; 1];
    assert!(matches!(late.read(&mut byte), Ok(0) | Err(_)));
}
