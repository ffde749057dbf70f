//! [`RawConn`]: a blocking RESP connection over a std socket, independent of the clients under
//! test, for setting up and checking what a client did ("did the key land in db 3?").

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use bytes::BytesMut;
use resp_core::{Cmd, Decoder, Value};

/// How long a raw connection waits for a reply before it reports a timeout.
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// A blocking connection that sends commands and reads replies in order.
#[derive(Debug)]
pub struct RawConn {
    stream: TcpStream,
    buf: BytesMut,
    decoder: Decoder,
}

impl RawConn {
    /// Connects to `addr` (RESP2; nothing is sent yet).
    ///
    /// # Errors
    /// Connecting failed.
    pub fn connect(addr: SocketAddr) -> io::Result<RawConn> {
        let stream = TcpStream::connect(addr)?;
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        stream.set_nodelay(true)?;
        Ok(RawConn {
            stream,
            buf: BytesMut::with_capacity(4096),
            decoder: Decoder::new(),
        })
    }

    /// Writes one command without reading its reply.
    ///
    /// # Errors
    /// Writing failed.
    pub fn send<A: AsRef<[u8]>>(&mut self, args: &[A]) -> io::Result<()> {
        let mut out = BytesMut::new();
        encode_command(args, &mut out)?;
        self.stream.write_all(&out)
    }

    /// Writes bytes as they are (an encoded command, or anything else).
    ///
    /// # Errors
    /// Writing failed.
    pub fn send_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// Sends a command and reads its reply with resp-core's [`Decoder`].
    ///
    /// # Errors
    /// I/O failed or the reply is not valid RESP. An error *reply* is `Ok(Value::Error(..))`.
    pub fn command<A: AsRef<[u8]>>(&mut self, args: &[A]) -> io::Result<Value> {
        self.send(args)?;
        self.read_value()
    }

    /// Sends a command whose reply is a status line, and fails unless it is one.
    ///
    /// Reads the reply line by hand (no decoder), so it works for the server's own setup even
    /// when the decoder under test is broken.
    ///
    /// # Errors
    /// I/O failed or the server answered with an error or something else than a status line.
    pub fn command_ok<A: AsRef<[u8]>>(&mut self, args: &[A]) -> io::Result<String> {
        self.send(args)?;
        let line = self.read_line()?;
        match line.strip_prefix('+') {
            Some(status) => Ok(status.to_owned()),
            None => Err(io::Error::other(format!(
                "expected a status reply, got {line:?}"
            ))),
        }
    }

    /// Sends `PING` and returns the first line of the reply (`+PONG`, or `-NOAUTH ...` on a
    /// server with a password), without the decoder.
    ///
    /// # Errors
    /// I/O failed or the reply is not a status or error line.
    pub fn ping_line(&mut self) -> io::Result<String> {
        self.send(&["PING"])?;
        let line = self.read_line()?;
        if line.starts_with('+') || line.starts_with('-') {
            Ok(line)
        } else {
            Err(io::Error::other(format!(
                "unexpected reply to PING: {line:?}"
            )))
        }
    }

    /// Reads one reply.
    ///
    /// # Errors
    /// I/O failed, the server closed the connection, or the bytes are not valid RESP.
    pub fn read_value(&mut self) -> io::Result<Value> {
        loop {
            match self.decoder.decode(&mut self.buf) {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => self.fill()?,
                Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidData, e.to_string())),
            }
        }
    }

    /// The underlying socket (for timeouts or shutting it down).
    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }

    /// Reads one line of the reply stream by hand (no decoder), without its CRLF: the whole
    /// reply for status, error and integer replies.
    ///
    /// # Errors
    /// I/O failed or the server closed the connection.
    pub fn read_line(&mut self) -> io::Result<String> {
        loop {
            if let Some(end) = self.buf.windows(2).position(|w| w == b"\r\n") {
                let line = self.buf.split_to(end + 2);
                return Ok(String::from_utf8_lossy(&line[..end]).into_owned());
            }
            self.fill()?;
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        let n = self.stream.read(&mut chunk)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "server closed the connection",
            ));
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}

/// Appends `args` (name first) as one RESP command using resp-core's [`Cmd`].
///
/// # Errors
/// No name, or a name that is not UTF-8 (command names are ASCII).
pub fn encode_command<A: AsRef<[u8]>>(args: &[A], out: &mut BytesMut) -> io::Result<()> {
    let (name, rest) = args
        .split_first()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "empty command"))?;
    let name = std::str::from_utf8(name.as_ref())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "command name is not UTF-8"))?;
    let mut cmd: Cmd<Value> = Cmd::with_converter(name, Ok);
    for arg in rest {
        cmd.push_arg(arg.as_ref());
    }
    cmd.encode(out);
    Ok(())
}
