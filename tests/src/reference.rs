//! [`ReferenceClient`]: the simplest possible [`AsyncCommands`] implementation, one blocking
//! raw connection behind a mutex, used as an oracle: a command test that fails here and on
//! the real clients points at the command table or the test; one that fails only on a real
//! client points at that client.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::BytesMut;
use cureds_core::AsyncCommands;
use resp_core::{Cmd, Error, Value};

use crate::RawConn;

/// The protocol a client speaks with the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// RESP2 (no `HELLO`, or `HELLO 2`).
    Resp2,
    /// RESP3 (`HELLO 3`).
    Resp3,
}

impl Protocol {
    /// Both protocols, for tests that run once per protocol.
    pub const ALL: [Protocol; 2] = [Protocol::Resp2, Protocol::Resp3];
}

/// A blocking client: each command is written and its reply read while the caller waits.
/// Clones share the connection.
#[derive(Clone, Debug)]
pub struct ReferenceClient {
    conn: Arc<Mutex<RawConn>>,
}

impl ReferenceClient {
    /// Connects to `addr`, switching to RESP3 with `HELLO 3` when asked.
    ///
    /// # Errors
    /// Connecting failed or the server refused `HELLO 3`.
    pub fn connect(addr: SocketAddr, protocol: Protocol) -> io::Result<ReferenceClient> {
        let mut conn = RawConn::connect(addr)?;
        if protocol == Protocol::Resp3 {
            let hello = conn.command(&["HELLO", "3"])?;
            if !matches!(hello, Value::Map(_)) {
                return Err(io::Error::other(format!("HELLO 3 answered {hello:?}")));
            }
        }
        Ok(ReferenceClient {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    fn roundtrip<T>(&self, cmd: &Cmd<T>) -> Result<Value, Error> {
        let mut out = BytesMut::new();
        cmd.encode(&mut out);
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        conn.send_bytes(&out)?;
        // Pushes (none are expected without subscriptions) are not replies.
        loop {
            match conn.read_value()? {
                Value::Push(_) => continue,
                reply => return Ok(reply),
            }
        }
    }
}

impl AsyncCommands for ReferenceClient {
    fn send<T: Send + 'static>(
        &self,
        cmd: Cmd<T>,
    ) -> impl std::future::Future<Output = Result<T, Error>> + Send {
        let result = self.roundtrip(&cmd).and_then(|reply| cmd.convert(reply));
        std::future::ready(result)
    }
}
