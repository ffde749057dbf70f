//! Finding a server for the examples and smoke tests: `REDIS_URL` if set; else
//! 127.0.0.1:6379 if something answers there; else a throwaway `redis-server` from PATH on a
//! free port, in a temporary directory, killed when the returned guard is dropped.
//!
//! `CUREDS_PROBE_ADDR` replaces 127.0.0.1:6379 as the address probed (point it at an unused
//! port to exercise the fallback).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A URL to connect to, and the server process if we started one.
pub(crate) struct Server {
    /// Where to connect.
    pub(crate) url: String,
    /// The address that was probed before starting a throwaway server.
    pub(crate) probed: String,
    /// Some when the server was started here; killed on drop.
    pub(crate) throwaway: Option<Throwaway>,
}

/// A `redis-server` we started, with its directory.
pub(crate) struct Throwaway {
    child: Child,
    dir: PathBuf,
    /// Its port.
    pub(crate) port: u16,
}

impl Throwaway {
    /// The server's directory.
    pub(crate) fn dir(&self) -> &std::path::Path {
        &self.dir
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `REDIS_URL`, or the default address when a PING there answers, or a throwaway server.
pub(crate) fn find_or_start() -> Result<Server, String> {
    if let Ok(url) = std::env::var("REDIS_URL") {
        return Ok(Server {
            url,
            probed: String::new(),
            throwaway: None,
        });
    }
    let probe = std::env::var("CUREDS_PROBE_ADDR").unwrap_or_else(|_| "127.0.0.1:6379".into());
    if answers_ping(&probe) {
        return Ok(Server {
            url: format!("redis://{probe}"),
            probed: probe,
            throwaway: None,
        });
    }
    let throwaway = start_throwaway()?;
    Ok(Server {
        url: format!("redis://127.0.0.1:{}", throwaway.port),
        probed: probe,
        throwaway: Some(throwaway),
    })
}

fn answers_ping(addr: &str) -> bool {
    let Ok(addr) = addr.parse::<SocketAddr>() else {
        return false;
    };
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(300)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    if stream.write_all(b"*1\r\n$4\r\nPING\r\n").is_err() {
        return false;
    }
    let mut reply = [0u8; 64];
    matches!(stream.read(&mut reply), Ok(n) if n > 0)
}

/// Starts `redis-server` on a free loopback port with no persistence.
pub(crate) fn start_throwaway() -> Result<Throwaway, String> {
    start_throwaway_with(&[])
}

/// Like [`start_throwaway`], with extra `redis-server` arguments; `{dir}` in an argument is
/// replaced by the server's directory (e.g. for `--unixsocket {dir}/redis.sock`).
pub(crate) fn start_throwaway_with(extra: &[&str]) -> Result<Throwaway, String> {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port();
    start_on_port(port, extra)
}

/// Starts `redis-server` on `port` (e.g. again, after stopping one there).
pub(crate) fn start_on_port(port: u16, extra: &[&str]) -> Result<Throwaway, String> {
    let dir = std::env::temp_dir().join(format!("cureds-{}-{port}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("temp dir: {e}"))?;
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no"])
        .arg("--dir")
        .arg(&dir)
        .args(
            extra
                .iter()
                .map(|a| a.replace("{dir}", &dir.to_string_lossy())),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start redis-server from PATH: {e}"))?;
    let server = Throwaway { child, dir, port };
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if answers_ping(&format!("127.0.0.1:{port}")) {
            return Ok(server);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!(
        "redis-server on port {port} did not answer within 10 s"
    ))
}
