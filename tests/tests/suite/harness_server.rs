//! Self-tests of the redis-server harness: ports, options, kill/restart, cleanup.

use std::io;
use std::net::TcpStream;
use std::os::unix::net::UnixStream;
use std::thread;

use tests::{RawConn, RedisServer};

fn ping(server: &RedisServer) -> String {
    RawConn::connect(server.addr())
        .and_then(|mut c| c.ping_line())
        .unwrap_or_else(|e| e.to_string())
}

#[test]
fn starts_answers_and_cleans_up_on_drop() {
    let server = RedisServer::start().unwrap();
    assert_ne!(server.port(), 0);
    assert_eq!(ping(&server), "+PONG");
    assert_eq!(server.url(), format!("redis://127.0.0.1:{}", server.port()));
    let (dir, addr) = (server.dir().to_owned(), server.addr());
    assert!(dir.is_dir());
    drop(server);
    assert!(!dir.exists(), "the server's directory outlived it");
    let err = TcpStream::connect(addr).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);
}

#[test]
fn parallel_starts_get_distinct_ports() {
    let handles: Vec<_> = (0..6)
        .map(|_| thread::spawn(|| RedisServer::start().unwrap()))
        .collect();
    let servers: Vec<RedisServer> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let mut ports: Vec<u16> = servers.iter().map(RedisServer::port).collect();
    ports.sort_unstable();
    ports.dedup();
    assert_eq!(ports.len(), servers.len());
    for s in &servers {
        assert_eq!(ping(s), "+PONG");
    }
}

#[test]
fn requirepass_is_enforced_and_raw_authenticates() {
    let server = RedisServer::builder()
        .requirepass("s3cret")
        .start()
        .unwrap();
    assert!(ping(&server).starts_with("-NOAUTH"), "{}", ping(&server));
    let mut conn = server.raw().unwrap();
    assert_eq!(conn.command_ok(&["PING"]).unwrap(), "PONG");
    assert_eq!(
        server.auth_url(),
        format!("redis://:s3cret@127.0.0.1:{}", server.port())
    );
}

#[test]
fn acl_user_can_auth_and_wrong_password_is_refused() {
    let server = RedisServer::builder()
        .acl_user("alice", "secret")
        .start()
        .unwrap();
    let mut conn = RawConn::connect(server.addr()).unwrap();
    assert_eq!(conn.command_ok(&["AUTH", "alice", "secret"]).unwrap(), "OK");
    assert_eq!(conn.command_ok(&["SET", "k", "v"]).unwrap(), "OK");
    conn.send(&["AUTH", "alice", "wrong"]).unwrap();
    assert!(conn.read_line().unwrap().starts_with("-WRONGPASS"));
}

#[test]
fn unix_socket_answers() {
    let server = RedisServer::builder().unix_socket().start().unwrap();
    let path = server.unix_socket_path().unwrap();
    assert_eq!(
        server.unix_url().unwrap(),
        format!("redis+unix://{}", path.display())
    );
    let mut sock = UnixStream::connect(&path).unwrap();
    io::Write::write_all(&mut sock, b"*1\r\n$4\r\nPING\r\n").unwrap();
    let mut reply = [0u8; 7];
    io::Read::read_exact(&mut sock, &mut reply).unwrap();
    assert_eq!(&reply, b"+PONG\r\n");
    assert!(RedisServer::start().unwrap().unix_url().is_none());
}

#[test]
fn extra_arguments_reach_the_server() {
    let server = RedisServer::builder()
        .args(["--databases", "2"])
        .start()
        .unwrap();
    let mut conn = server.raw().unwrap();
    assert_eq!(conn.command_ok(&["SELECT", "1"]).unwrap(), "OK");
    conn.send(&["SELECT", "2"]).unwrap();
    assert!(conn.read_line().unwrap().starts_with("-ERR"));
}

#[test]
fn kill_then_restart_on_the_same_port() {
    let mut server = RedisServer::builder().requirepass("pw").start().unwrap();
    let port = server.port();
    // An open connection when the server dies: the restart must not be blocked by it.
    let mut held = server.raw().unwrap();
    server.kill();
    assert!(!server.is_running());
    assert_eq!(
        TcpStream::connect(server.addr()).unwrap_err().kind(),
        io::ErrorKind::ConnectionRefused
    );
    assert!(held.command_ok(&["PING"]).is_err());
    server.restart().unwrap();
    assert_eq!(server.port(), port);
    assert!(server.is_running());
    assert_eq!(server.raw().unwrap().command_ok(&["PING"]).unwrap(), "PONG");
    // Restart of a running server kills it first.
    server.restart().unwrap();
    assert_eq!(server.raw().unwrap().command_ok(&["PING"]).unwrap(), "PONG");
}

#[test]
fn stop_shuts_down() {
    let mut server = RedisServer::start().unwrap();
    server.stop();
    assert!(!server.is_running());
    assert_eq!(
        TcpStream::connect(server.addr()).unwrap_err().kind(),
        io::ErrorKind::ConnectionRefused
    );
}

#[test]
fn restart_waits_while_someone_else_holds_the_port() {
    let mut server = RedisServer::start().unwrap();
    server.kill();
    let squatter = std::net::TcpListener::bind(server.addr()).unwrap();
    let release = thread::spawn(move || {
        thread::sleep(std::time::Duration::from_millis(400));
        drop(squatter);
    });
    let started = std::time::Instant::now();
    server.restart().unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    assert_eq!(ping(&server), "+PONG");
    assert!(server.log().contains("Ready to accept connections"));
    release.join().unwrap();
}

/// A test process that dies without running destructors must not leave its server behind.
#[test]
fn server_dies_with_an_aborted_test_process() {
    if std::env::var_os("CUREDS_ABORTING_CHILD").is_some() {
        let server = RedisServer::start().unwrap();
        println!("PORT={}", server.port());
        std::process::abort();
    }
    let test = tests::test_name(module_path!(), "server_dies_with_an_aborted_test_process");
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", &test, "--nocapture", "--test-threads=1"])
        .env("CUREDS_ABORTING_CHILD", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let port: u16 = stdout
        .lines()
        .find_map(|l| l.split_once("PORT=").map(|(_, p)| p))
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or_else(|| panic!("child printed no port: {stdout}"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_ok() {
        assert!(
            std::time::Instant::now() < deadline,
            "orphaned redis-server on port {port}"
        );
        thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn shared_servers_are_shared_while_held_and_stop_after() {
    let a = tests::shared_server("one", RedisServer::builder).unwrap();
    let b = tests::shared_server("one", RedisServer::builder).unwrap();
    let other = tests::shared_server("two", || RedisServer::builder().requirepass("x")).unwrap();
    assert_eq!(a.port(), b.port());
    assert_ne!(a.port(), other.port());
    let addr = a.addr();
    drop((a, b));
    assert!(
        TcpStream::connect(addr).is_err(),
        "the last holder's drop stops the server"
    );
    assert_ne!(tests::unique_prefix(), tests::unique_prefix());
}
