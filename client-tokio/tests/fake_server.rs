//! The driver against a scripted server on a loopback socket: timeouts and a server that
//! goes away.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use client_tokio::{AsyncCommands, Client, Config, Error};

/// A server that answers HELLO as an old server would (unknown command), then runs `script`
/// on the accepted socket.
fn fake(script: impl FnOnce(std::net::TcpStream) + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().unwrap();
        let mut buf = [0u8; 1024];
        let _ = socket.read(&mut buf);
        let _ = socket.write_all(b"-ERR unknown command 'HELLO'\r\n");
        script(socket);
    });
    format!("redis://127.0.0.1:{port}")
}

#[tokio::test]
async fn response_timeout_fires_and_late_replies_are_discarded() {
    let url = fake(|mut socket| {
        let mut buf = [0u8; 1024];
        let _ = socket.read(&mut buf);
        std::thread::sleep(Duration::from_millis(400));
        // The late reply to the first GET, then the reply to the second.
        let _ = socket.write_all(b"$4\r\nlate\r\n");
        let _ = socket.read(&mut buf);
        let _ = socket.write_all(b"$5\r\nfresh\r\n");
        std::thread::sleep(Duration::from_millis(200));
    });
    let config = Config::from_url(&url)
        .unwrap()
        .with_response_timeout(Duration::from_millis(100));
    let client = Client::with_config(config).await.unwrap();
    let first = client.get::<String>("k").await;
    assert!(matches!(first, Err(Error::Timeout)), "{first:?}");
    tokio::time::sleep(Duration::from_millis(400)).await;
    let second: String = client.get("k").await.unwrap();
    assert_eq!(second, "fresh");
}

#[tokio::test]
async fn connection_lost_fails_in_flight_requests() {
    let url = fake(|mut socket| {
        let mut buf = [0u8; 1024];
        let _ = socket.read(&mut buf);
        // Half a reply, then the connection closes.
        let _ = socket.write_all(b"$10\r\nhal");
    });
    let config = Config::from_url(&url).unwrap().with_reconnect(false);
    let client = Client::with_config(config).await.unwrap();
    let result = client.get::<String>("k").await;
    assert!(matches!(result, Err(Error::ConnectionLost)), "{result:?}");
    let after = client.get::<String>("k").await;
    assert!(after.is_err());
}

#[tokio::test]
async fn connect_timeout_covers_a_silent_server() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accepted by the kernel's backlog, never answered.
    let config = Config::from_url(&format!("redis://127.0.0.1:{port}"))
        .unwrap()
        .with_connect_timeout(Duration::from_millis(200));
    let result = Client::with_config(config).await;
    assert!(matches!(result, Err(Error::Timeout)), "{result:?}");
    drop(listener);
}

#[tokio::test]
async fn garbage_from_the_server_is_a_protocol_error() {
    let url = fake(|mut socket| {
        let mut buf = [0u8; 1024];
        let _ = socket.read(&mut buf);
        let _ = socket.write_all(b"?what\r\n");
        std::thread::sleep(Duration::from_millis(200));
    });
    let config = Config::from_url(&url).unwrap().with_reconnect(false);
    let client = Client::with_config(config).await.unwrap();
    let result = client.get::<String>("k").await;
    assert!(matches!(result, Err(Error::Protocol(_))), "{result:?}");
}
