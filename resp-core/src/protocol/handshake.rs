//! The handshake run on every new connection before any request: `HELLO 3` (with `AUTH` and
//! `SETNAME` folded in) and `CLIENT SETINFO`, falling back to RESP2's `AUTH`, then `SELECT`,
//! `CLIENT SETNAME` and (for a cluster replica) `READONLY`.

use std::collections::VecDeque;

use bytes::BytesMut;

use crate::{Cmd, Config, Error, ProtocolVersion, ServerError, ServerErrorKind, TypeError, Value};

/// The name `CLIENT SETINFO lib-name` gives the server.
pub(crate) const LIB_NAME: &str = "cureds";
/// The version `CLIENT SETINFO lib-ver` gives the server: this crate's (the workspace
/// versions its crates together).
pub(crate) const LIB_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where the handshake stands after a reply.
#[derive(Debug)]
pub(crate) enum Progress {
    /// More replies are needed (and maybe more bytes were queued to send).
    Continue,
    /// The connection is set up.
    Done {
        protocol: ProtocolVersion,
        hello: Option<Value>,
    },
    /// The server refused a step; the connection is unusable.
    Failed(Error),
}

/// What the handshake does with the next reply, in the order the commands were sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// HELLO's reply: RESP3 from here on, or the RESP2 fallback.
    Hello,
    /// AUTH / SELECT / CLIENT SETNAME: an error fails the handshake.
    Checked,
    /// CLIENT SETINFO: informational only, and servers before 7.2 do not know it, so an
    /// error is dropped.
    Ignored,
}

/// The handshake's own state: its commands go out before any request and its replies are
/// the first ones the server sends.
///
/// The first batch is `HELLO 3` (or, for RESP2, `AUTH` / `SELECT` / `CLIENT SETNAME`)
/// followed by the two `CLIENT SETINFO`s, so telling the server who we are costs no round
/// trip; after HELLO's reply comes `SELECT` (and, on the RESP2 fallback, `AUTH` and
/// `CLIENT SETNAME`).
#[derive(Debug)]
pub(crate) struct Handshake {
    /// The replies still to come, oldest first.
    expected: VecDeque<Expect>,
    /// The protocol once HELLO answered (or RESP2 when it was not sent).
    protocol: ProtocolVersion,
    first_error: Option<ServerError>,
    auto: bool,
    db: u32,
    username: Option<String>,
    password: Option<crate::Password>,
    client_name: Option<String>,
    read_only: bool,
    hello: Option<Value>,
    /// Commands not yet handed to the transmit buffer.
    out: BytesMut,
}

impl Handshake {
    /// Starts the handshake for `config`; the first commands are in [`Handshake::take_output`].
    /// Returns `None` when nothing needs to be sent (RESP2, no credentials, db 0, no name,
    /// no library info, not read-only).
    pub(crate) fn start(config: &Config) -> Option<Self> {
        let mut handshake = Handshake {
            expected: VecDeque::new(),
            protocol: ProtocolVersion::Resp2,
            first_error: None,
            auto: config.protocol == ProtocolVersion::Auto,
            db: config.db,
            username: config.username.clone(),
            password: config.password.clone(),
            client_name: config.client_name.clone(),
            read_only: config.read_only,
            hello: None,
            out: BytesMut::new(),
        };
        if config.protocol == ProtocolVersion::Resp2 {
            handshake.queue_setup(true);
        } else {
            handshake.hello_command().encode(&mut handshake.out);
            handshake.expected.push_back(Expect::Hello);
        }
        if config.set_lib_info {
            for (attribute, value) in [("lib-name", LIB_NAME), ("lib-ver", LIB_VERSION)] {
                Cmd::<Value>::new("CLIENT")
                    .arg("SETINFO")
                    .arg(attribute)
                    .arg(value)
                    .encode(&mut handshake.out);
                handshake.expected.push_back(Expect::Ignored);
            }
        }
        (!handshake.expected.is_empty()).then_some(handshake)
    }

    /// Moves the commands waiting to be sent into `out`.
    pub(crate) fn take_output(&mut self, out: &mut BytesMut) -> bool {
        if self.out.is_empty() {
            return false;
        }
        out.extend_from_slice(&self.out);
        self.out.clear();
        true
    }

    /// Takes the next reply.
    pub(crate) fn feed(&mut self, value: Value) -> Progress {
        let error = match &value {
            Value::Error(line) | Value::BulkError(line) => {
                Some(ServerError::from_bytes(line.clone()))
            }
            _ => None,
        };
        match self.expected.pop_front() {
            Some(Expect::Hello) => match (value, error) {
                (_, Some(error)) => {
                    if self.auto && hello_unsupported(&error) {
                        self.queue_setup(true);
                    } else {
                        return Progress::Failed(Error::Server(error));
                    }
                }
                (value @ (Value::Map(_) | Value::Array(_)), None) => {
                    self.hello = Some(value);
                    self.protocol = ProtocolVersion::Resp3;
                    // HELLO already authenticated and named the connection.
                    self.queue_setup(false);
                }
                (other, None) => {
                    return Progress::Failed(Error::Type(TypeError::new("HELLO's map", &other)))
                }
            },
            Some(Expect::Checked) => {
                if let Some(error) = error {
                    self.first_error.get_or_insert(error);
                }
            }
            Some(Expect::Ignored) | None => {}
        }
        if !self.expected.is_empty() {
            return Progress::Continue;
        }
        match self.first_error.take() {
            Some(error) => Progress::Failed(Error::Server(error)),
            None => Progress::Done {
                protocol: self.protocol,
                hello: self.hello.take(),
            },
        }
    }

    fn hello_command(&self) -> Cmd<Value> {
        let mut cmd = Cmd::new("HELLO").arg(3);
        if let Some(password) = &self.password {
            let user = self.username.as_deref().unwrap_or("default");
            cmd = cmd.arg("AUTH").arg(user).arg(password.expose());
        }
        if let Some(name) = &self.client_name {
            cmd = cmd.arg("SETNAME").arg(name.as_str());
        }
        cmd
    }

    /// Queues the RESP2-style setup commands; `with_auth_and_name` is false after a HELLO
    /// that already carried them.
    fn queue_setup(&mut self, with_auth_and_name: bool) {
        if with_auth_and_name {
            if let Some(password) = &self.password {
                let mut auth = Cmd::<Value>::new("AUTH");
                if let Some(user) = &self.username {
                    auth = auth.arg(user.as_str());
                }
                auth.arg(password.expose()).encode(&mut self.out);
                self.expected.push_back(Expect::Checked);
            }
        }
        if self.db != 0 {
            Cmd::<Value>::new("SELECT")
                .arg(self.db)
                .encode(&mut self.out);
            self.expected.push_back(Expect::Checked);
        }
        if with_auth_and_name {
            if let Some(name) = &self.client_name {
                Cmd::<Value>::new("CLIENT")
                    .arg("SETNAME")
                    .arg(name.as_str())
                    .encode(&mut self.out);
                self.expected.push_back(Expect::Checked);
            }
        }
        if self.read_only {
            Cmd::<Value>::new("READONLY").encode(&mut self.out);
            self.expected.push_back(Expect::Checked);
        }
    }
}

/// Whether HELLO's error reply means the server does not speak HELLO or RESP3, so RESP2 is
/// the way forward. Servers before 6.0 answer `ERR unknown command 'HELLO'` (5.x quotes
/// with backticks, and some forks say "unknown or disabled command"); a server that refuses
/// protocol 3 answers `NOPROTO`. Every other error is the real reason the connection cannot
/// be used (`ERR max number of clients reached`, `WRONGPASS`, `NOAUTH`, `NOPERM`,
/// `LOADING`, ...): falling back would hide it behind a connection the server already closed.
fn hello_unsupported(error: &ServerError) -> bool {
    match error.kind() {
        ServerErrorKind::Err => {
            let message = error.message().to_ascii_lowercase();
            message.starts_with("unknown command") || message.starts_with("unknown or disabled")
        }
        ServerErrorKind::Other(code) => code == "NOPROTO",
        _ => false,
    }
}
