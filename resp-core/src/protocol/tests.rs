//! The connection state machine against scripted server bytes, with no socket.

mod handshake;
mod pubsub;
mod requests;
mod split;

use bytes::{Bytes, BytesMut};

use super::*;
use crate::{Cmd, Config, Error, ProtocolVersion, Value};

/// One client connection and the bytes it wrote, in the style of quinn's test `Pair`: the
/// test plays the server by reading [`Harness::written`] and answering with [`Harness::server`].
struct Harness {
    conn: Connection<u32>,
    events: Vec<Event<u32>>,
}

impl Harness {
    fn new(config: &Config) -> Self {
        Harness {
            conn: Connection::new(config),
            events: Vec::new(),
        }
    }

    /// A connection past a RESP2 handshake with nothing to do.
    fn ready() -> Self {
        let mut h = Harness::new(&config("redis://h").with_protocol(ProtocolVersion::Resp2));
        assert!(h.conn.is_ready());
        h.take_events();
        h
    }

    /// Everything the connection has to write now.
    fn written(&mut self) -> Vec<u8> {
        let mut out = BytesMut::new();
        while self.conn.poll_transmit(&mut out) {}
        self.collect();
        out.to_vec()
    }

    /// Feeds server bytes in one piece.
    fn server(&mut self, bytes: &[u8]) {
        let mut buf = BytesMut::from(bytes);
        self.conn.handle_read(&mut buf).expect("valid server bytes");
        assert!(buf.is_empty(), "left over: {buf:?}");
        self.collect();
    }

    fn collect(&mut self) {
        while let Some(event) = self.conn.poll_event() {
            self.events.push(event);
        }
    }

    fn take_events(&mut self) -> Vec<Event<u32>> {
        self.collect();
        std::mem::take(&mut self.events)
    }

    /// The results of completed requests, by tag, in completion order.
    fn replies(&mut self) -> Vec<(u32, Result<Reply, Error>)> {
        self.take_events()
            .into_iter()
            .filter_map(|event| match event {
                Event::Reply { tag, result } => Some((tag, result)),
                _ => None,
            })
            .collect()
    }
}

/// A config without `CLIENT SETINFO`, so tests about other handshake steps see only those;
/// the `setinfo_*` tests turn it back on.
fn config(url: &str) -> Config {
    Config::from_url(url).unwrap().with_lib_info(false)
}

fn cmd(args: &[&str]) -> Request {
    let mut cmd = Cmd::<Value>::new(args[0]);
    for arg in &args[1..] {
        cmd = cmd.arg(*arg);
    }
    Request::command(&cmd)
}

fn frames(commands: &[&[&str]]) -> Bytes {
    let mut out = BytesMut::new();
    for args in commands {
        out.extend_from_slice(cmd(args).bytes());
    }
    out.freeze()
}

fn simple(s: &str) -> Value {
    Value::SimpleString(Bytes::copy_from_slice(s.as_bytes()))
}

fn bulk(s: &str) -> Value {
    Value::BulkString(Bytes::copy_from_slice(s.as_bytes()))
}

fn error(s: &str) -> Value {
    Value::Error(Bytes::copy_from_slice(s.as_bytes()))
}

fn value(result: &Result<Reply, Error>) -> &Value {
    match result {
        Ok(Reply::Value(v)) => v,
        other => panic!("expected a single value, got {other:?}"),
    }
}
