//! Self-tests of the scripted fake server.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

use tests::fake::{frames, parse_request};
use tests::{Action, FakeServer, Hello, RawConn};

fn connect(server: &FakeServer) -> RawConn {
    let conn = RawConn::connect(server.addr()).unwrap();
    conn.stream()
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    conn
}

fn wait_for_requests(server: &FakeServer, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.requests().len() < n && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn default_answers_cover_the_handshake() {
    let server = FakeServer::start(|_| None).unwrap();
    let mut conn = connect(&server);
    conn.send(&["HELLO", "3", "AUTH", "u", "p"]).unwrap();
    assert_eq!(conn.read_line().unwrap(), "%7");
    // 7 pairs: the keys and string values take two lines each, the numbers and the empty
    // module list one.
    for _ in 0..25 {
        conn.read_line().unwrap();
    }
    assert_eq!(conn.command_ok(&["SELECT", "3"]).unwrap(), "OK");
    assert_eq!(conn.command_ok(&["CLIENT", "SETNAME", "x"]).unwrap(), "OK");
    assert_eq!(conn.ping_line().unwrap(), "+PONG");
    conn.send(&["GET", "k"]).unwrap();
    assert!(conn
        .read_line()
        .unwrap()
        .starts_with("-ERR the fake server has no script for 'GET'"));
    assert_eq!(
        server.request_names(),
        ["HELLO", "SELECT", "CLIENT", "PING", "GET"]
    );
    let get = server.requests().pop().unwrap();
    assert_eq!(
        (get.connection, get.index, get.arg(0)),
        (0, 4, Some(&b"k"[..]))
    );
}

#[test]
fn hello_can_be_unknown_for_a_resp2_fallback() {
    let server = FakeServer::builder()
        .hello(Hello::Unknown)
        .start(|_| None)
        .unwrap();
    let mut conn = connect(&server);
    conn.send(&["HELLO", "3"]).unwrap();
    assert!(conn
        .read_line()
        .unwrap()
        .starts_with("-ERR unknown command 'HELLO'"));
}

#[test]
fn hello_2_gets_a_flat_array() {
    let server = FakeServer::start(|_| None).unwrap();
    let mut conn = connect(&server);
    conn.send(&["HELLO", "2"]).unwrap();
    assert_eq!(conn.read_line().unwrap(), "*14");
}

#[test]
fn scripts_send_raw_bytes_per_command() {
    let server = FakeServer::start(|req| match req.name().as_str() {
        "GET" => Some(vec![Action::Send(b"$9999999999\r\n".to_vec())]),
        "PUSHME" => Some(vec![
            Action::Send(frames::message_push(b"ch", b"hi")),
            Action::Send(frames::integer(7)),
        ]),
        _ => None,
    })
    .unwrap();
    let mut conn = connect(&server);
    conn.send(&["GET", "k"]).unwrap();
    assert_eq!(conn.read_line().unwrap(), "$9999999999");
    conn.send(&["PUSHME"]).unwrap();
    let mut expected = b">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n:7\r\n".to_vec();
    let mut got = vec![0u8; expected.len()];
    conn.stream().read_exact(&mut got).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&expected)
    );
    expected.clear();
}

#[test]
fn reset_close_half_close_and_stall() {
    let server = FakeServer::start(|req| match req.name().as_str() {
        "RESET" => Some(vec![Action::Send(b"$10\r\nhal".to_vec()), Action::Reset]),
        "CLOSE" => Some(vec![Action::Close]),
        "HALF" => Some(vec![Action::HalfClose]),
        "STALL" => Some(vec![Action::Stall]),
        "SLOW" => Some(vec![
            Action::Sleep(Duration::from_millis(200)),
            Action::Send(frames::simple("OK")),
        ]),
        _ => None,
    })
    .unwrap();

    let mut conn = connect(&server);
    conn.send(&["RESET"]).unwrap();
    let mut buf = [0u8; 64];
    let mut got = Vec::new();
    let err = loop {
        match conn.stream().read(&mut buf) {
            Ok(0) => break io::Error::from(io::ErrorKind::UnexpectedEof),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) => break e,
        }
    };
    assert_eq!(err.kind(), io::ErrorKind::ConnectionReset, "{err}");
    assert!(b"$10\r\nhal".starts_with(&got));

    let mut conn = connect(&server);
    conn.send(&["CLOSE"]).unwrap();
    assert_eq!(
        conn.read_line().unwrap_err().kind(),
        io::ErrorKind::UnexpectedEof
    );

    let mut conn = connect(&server);
    conn.send(&["HALF"]).unwrap();
    assert_eq!(
        conn.read_line().unwrap_err().kind(),
        io::ErrorKind::UnexpectedEof
    );
    conn.send(&["AFTER"]).unwrap();
    wait_for_requests(&server, 4);
    assert_eq!(
        server.request_names().last().map(String::as_str),
        Some("AFTER")
    );

    let mut conn = connect(&server);
    conn.stream()
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    conn.send(&["STALL"]).unwrap();
    let err = conn.read_line().unwrap_err();
    assert!(matches!(
        err.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    ));

    let mut conn = connect(&server);
    let started = Instant::now();
    assert_eq!(conn.command_ok(&["SLOW"]).unwrap(), "OK");
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(server.connections(), 5);
}

#[test]
fn requests_split_into_single_bytes_are_reassembled() {
    let server = FakeServer::start(|_| None).unwrap();
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream.set_nodelay(true).unwrap();
    for b in b"*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$0\r\n\r\n" {
        stream.write_all(&[*b]).unwrap();
    }
    wait_for_requests(&server, 2);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].args, [b"ECHO".to_vec(), Vec::new()]);
}

#[test]
fn dropping_the_server_releases_stalled_clients() {
    let server = FakeServer::start(|_| Some(vec![Action::Stall])).unwrap();
    let mut conn = connect(&server);
    conn.send(&["ANY"]).unwrap();
    wait_for_requests(&server, 1);
    drop(server);
    assert!(conn.read_line().is_err());
}

#[test]
fn parse_request_handles_partial_and_bad_input() {
    assert_eq!(parse_request(b"").unwrap(), None);
    assert_eq!(parse_request(b"*2\r\n$3\r\nGET\r\n$1\r").unwrap(), None);
    let (args, used) = parse_request(b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n+extra")
        .unwrap()
        .unwrap();
    assert_eq!((args, used), (vec![b"GET".to_vec(), b"k".to_vec()], 20));
    assert!(parse_request(b"+PING\r\n").is_err());
    assert!(parse_request(b"*1\r\n$3\r\nGETxx").is_err());
    assert!(parse_request(b"*x\r\n").is_err());
    assert!(parse_request(b"*1\r\n$99999999999999999999\r\n").is_err());
}
