//! The handshake run on every new connection before any request: `HELLO 3` (with `AUTH` and
//! `SETNAME` folded in), falling back to RESP2's `AUTH`, then `SELECT`, `CLIENT SETNAME` and
//! (for a cluster replica) `READONLY`.

use bytes::BytesMut;

use crate::{Cmd, Config, Error, ProtocolVersion, ServerError, ServerErrorKind, TypeError, Value};

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

#[derive(Debug)]
enum Step {
    /// Waiting for HELLO's reply.
    Hello,
    /// Waiting for the replies to a batch of AUTH / SELECT / CLIENT SETNAME.
    Setup {
        protocol: ProtocolVersion,
        pending: usize,
        first_error: Option<ServerError>,
    },
}

/// The handshake's own state: its commands go out before any request and its replies are
/// the first ones the server sends.
#[derive(Debug)]
pub(crate) struct Handshake {
    step: Step,
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
    /// not read-only).
    pub(crate) fn start(config: &Config) -> Option<Self> {
        let mut handshake = Handshake {
            step: Step::Hello,
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
            match handshake.start_setup(ProtocolVersion::Resp2, true) {
                Progress::Continue => Some(handshake),
                _ => None,
            }
        } else {
            handshake.hello_command().encode(&mut handshake.out);
            Some(handshake)
        }
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
        match &mut self.step {
            Step::Hello => match value {
                Value::Map(_) | Value::Array(_) => {
                    self.hello = Some(value);
                    // HELLO already authenticated and named the connection.
                    self.start_setup(ProtocolVersion::Resp3, false)
                }
                Value::Error(line) | Value::BulkError(line) => {
                    let error = ServerError::from_bytes(line);
                    if self.auto && hello_unsupported(&error) {
                        self.start_setup(ProtocolVersion::Resp2, true)
                    } else {
                        Progress::Failed(Error::Server(error))
                    }
                }
                other => Progress::Failed(Error::Type(TypeError::new("HELLO's map", &other))),
            },
            Step::Setup {
                protocol,
                pending,
                first_error,
            } => {
                if let Value::Error(line) | Value::BulkError(line) = value {
                    first_error.get_or_insert_with(|| ServerError::from_bytes(line));
                }
                *pending = pending.saturating_sub(1);
                if *pending > 0 {
                    return Progress::Continue;
                }
                match first_error.take() {
                    Some(error) => Progress::Failed(Error::Server(error)),
                    None => Progress::Done {
                        protocol: *protocol,
                        hello: self.hello.take(),
                    },
                }
            }
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
    fn start_setup(&mut self, protocol: ProtocolVersion, with_auth_and_name: bool) -> Progress {
        let mut pending = 0;
        if with_auth_and_name {
            if let Some(password) = &self.password {
                let mut auth = Cmd::<Value>::new("AUTH");
                if let Some(user) = &self.username {
                    auth = auth.arg(user.as_str());
                }
                auth.arg(password.expose()).encode(&mut self.out);
                pending += 1;
            }
        }
        if self.db != 0 {
            Cmd::<Value>::new("SELECT")
                .arg(self.db)
                .encode(&mut self.out);
            pending += 1;
        }
        if with_auth_and_name {
            if let Some(name) = &self.client_name {
                Cmd::<Value>::new("CLIENT")
                    .arg("SETNAME")
                    .arg(name.as_str())
                    .encode(&mut self.out);
                pending += 1;
            }
        }
        if self.read_only {
            Cmd::<Value>::new("READONLY").encode(&mut self.out);
            pending += 1;
        }
        if pending == 0 {
            return Progress::Done {
                protocol,
                hello: self.hello.take(),
            };
        }
        self.step = Step::Setup {
            protocol,
            pending,
            first_error: None,
        };
        Progress::Continue
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
