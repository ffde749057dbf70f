//! [`FakeServer`]: a scripted server for what a real `redis-server` never sends (malformed
//! frames, absurd lengths, unexpected pushes, resets mid-frame, silence).
//!
//! It reads RESP commands (arrays of bulk strings) on plain threads, records them, and answers
//! each from a script: a function from the [`Request`] to the [`Action`]s to take. The script
//! returns `None` for the default answer: the handshake commands (HELLO, AUTH, SELECT, CLIENT)
//! and PING get a sensible reply, anything else an error.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use socket2::SockRef;

pub mod frames;

/// How often a connection thread waiting on its socket checks whether the server was dropped.
const POLL: Duration = Duration::from_millis(20);
/// Largest request the fake server accepts before it gives up on a connection.
const MAX_REQUEST: usize = 64 * 1024 * 1024;

/// One command received by the fake server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Which connection it came on, counting from 0 in accept order.
    pub connection: usize,
    /// Its position among the commands of that connection, counting from 0.
    pub index: usize,
    /// The command name and its arguments as sent.
    pub args: Vec<Vec<u8>>,
}

impl Request {
    /// The command name in upper case (`"GET"`).
    pub fn name(&self) -> String {
        self.args
            .first()
            .map(|n| String::from_utf8_lossy(n).to_ascii_uppercase())
            .unwrap_or_default()
    }

    /// Argument `i` after the name, if present.
    pub fn arg(&self, i: usize) -> Option<&[u8]> {
        self.args.get(i + 1).map(Vec::as_slice)
    }
}

/// What the fake server does in answer to a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Writes these bytes as they are (one reply, half a reply, garbage, a push...).
    Send(Vec<u8>),
    /// Writes these bytes this many times, as fast as the client reads (a flood that costs
    /// the fake server no memory).
    Repeat(Vec<u8>, usize),
    /// Waits this long before the next action.
    Sleep(Duration),
    /// Closes the connection cleanly (FIN).
    Close,
    /// Resets the connection (RST): the client's next read fails with a reset.
    Reset,
    /// Stops writing (FIN on our side) but keeps reading and recording requests.
    HalfClose,
    /// Never answers again on this connection, nor reads; holds it open until the server is
    /// dropped.
    Stall,
}

/// How the fake server answers HELLO when the script leaves it to the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Hello {
    /// As Redis 7: a RESP3 map describing the server (and RESP3 from then on).
    #[default]
    Resp3,
    /// As Redis 5: `-ERR unknown command 'HELLO'`, so the client falls back to RESP2.
    Unknown,
}

type Script = dyn Fn(&Request) -> Option<Vec<Action>> + Send + Sync;

struct Shared {
    script: Box<Script>,
    hello: Hello,
    closed: AtomicBool,
    connections: AtomicUsize,
    requests: Mutex<Vec<Request>>,
    /// A handle on each open connection, so dropping the server can shut them all down.
    live: Mutex<HashMap<usize, TcpStream>>,
}

impl Shared {
    fn requests(&self) -> MutexGuard<'_, Vec<Request>> {
        self.requests.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Options for a [`FakeServer`].
#[derive(Debug, Default)]
pub struct FakeBuilder {
    hello: Hello,
}

impl FakeBuilder {
    /// How HELLO is answered by default.
    pub fn hello(mut self, hello: Hello) -> Self {
        self.hello = hello;
        self
    }

    /// Starts the server on a free loopback port with this script.
    ///
    /// # Errors
    /// No loopback port could be bound.
    pub fn start<F>(self, script: F) -> io::Result<FakeServer>
    where
        F: Fn(&Request) -> Option<Vec<Action>> + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            script: Box::new(script),
            hello: self.hello,
            closed: AtomicBool::new(false),
            connections: AtomicUsize::new(0),
            requests: Mutex::new(Vec::new()),
            live: Mutex::new(HashMap::new()),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("fake-accept".into())
                .spawn(move || {
                    for stream in listener.incoming() {
                        if shared.closed.load(Ordering::SeqCst) {
                            return;
                        }
                        let Ok(stream) = stream else { continue };
                        let id = shared.connections.fetch_add(1, Ordering::SeqCst);
                        let shared = Arc::clone(&shared);
                        let spawned = thread::Builder::new()
                            .name(format!("fake-conn-{id}"))
                            .spawn(move || serve(id, stream, &shared));
                        if let Err(e) = spawned {
                            eprintln!("fake server: cannot start a connection thread: {e}");
                        }
                    }
                })?
        };
        Ok(FakeServer {
            addr,
            shared,
            acceptor: Some(acceptor),
        })
    }
}

/// A scripted server on a loopback port; dropping it closes every connection.
pub struct FakeServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for FakeServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl FakeServer {
    /// Options (how HELLO is answered).
    pub fn builder() -> FakeBuilder {
        FakeBuilder::default()
    }

    /// Starts a server that answers HELLO with RESP3 and every request from `script`.
    ///
    /// # Errors
    /// No loopback port could be bound.
    pub fn start<F>(script: F) -> io::Result<FakeServer>
    where
        F: Fn(&Request) -> Option<Vec<Action>> + Send + Sync + 'static,
    {
        FakeBuilder::default().start(script)
    }

    /// The server's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `redis://127.0.0.1:port`.
    pub fn url(&self) -> String {
        format!("redis://{}", self.addr)
    }

    /// How many connections were accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<Request> {
        self.shared.requests().clone()
    }

    /// The names of the requests received so far (`["HELLO", "GET", ...]`).
    pub fn request_names(&self) -> Vec<String> {
        self.shared.requests().iter().map(Request::name).collect()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.shared.closed.store(true, Ordering::SeqCst);
        for (_, stream) in self
            .shared
            .live
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain()
        {
            let _ = stream.shutdown(Shutdown::Both);
        }
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// The answer when the script leaves a request to the default.
fn default_answer(request: &Request, hello: Hello) -> Vec<u8> {
    match request.name().as_str() {
        "HELLO" => match hello {
            Hello::Resp3 => frames::hello_map(request.arg(0) == Some(b"3")),
            Hello::Unknown => {
                frames::error("ERR unknown command 'HELLO', with args beginning with:")
            }
        },
        "AUTH" | "SELECT" | "CLIENT" => frames::simple("OK"),
        "PING" => frames::simple("PONG"),
        other => frames::error(&format!("ERR the fake server has no script for '{other}'")),
    }
}

fn serve(id: usize, stream: TcpStream, shared: &Shared) {
    if let Ok(clone) = stream.try_clone() {
        shared
            .live
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, clone);
    }
    let result = serve_requests(id, stream, shared);
    // The last handle on the socket closes it (with an RST after `Action::Reset`).
    shared
        .live
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&id);
    if let Err(e) = result {
        // Clients closing on us is normal in fault tests; only odd errors are worth a line.
        if !matches!(
            e.kind(),
            io::ErrorKind::ConnectionReset | io::ErrorKind::BrokenPipe
        ) {
            eprintln!("fake server: connection {id}: {e}");
        }
    }
}

fn serve_requests(id: usize, mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(POLL))?;
    stream.set_nodelay(true)?;
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut index = 0;
    let mut writing = true;
    loop {
        while let Some((args, used)) = parse_request(&buf)? {
            buf.drain(..used);
            let request = Request {
                connection: id,
                index,
                args,
            };
            index += 1;
            shared.requests().push(request.clone());
            let actions = (shared.script)(&request)
                .unwrap_or_else(|| vec![Action::Send(default_answer(&request, shared.hello))]);
            for action in actions {
                match action {
                    Action::Send(bytes) if writing => stream.write_all(&bytes)?,
                    Action::Send(_) => {}
                    Action::Repeat(bytes, times) if writing => {
                        for _ in 0..times {
                            stream.write_all(&bytes)?;
                        }
                    }
                    Action::Repeat(..) => {}
                    Action::Sleep(d) => thread::sleep(d),
                    Action::Close => return stream.shutdown(Shutdown::Both),
                    Action::Reset => {
                        // Linger 0 turns close() into an RST.
                        SockRef::from(&stream).set_linger(Some(Duration::ZERO))?;
                        return Ok(());
                    }
                    Action::HalfClose => {
                        stream.shutdown(Shutdown::Write)?;
                        writing = false;
                    }
                    Action::Stall => {
                        while !shared.closed.load(Ordering::SeqCst) {
                            thread::sleep(POLL);
                        }
                        return Ok(());
                    }
                }
            }
        }
        if buf.len() > MAX_REQUEST {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "request too large",
            ));
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(()),
            Ok(n) => buf.extend_from_slice(chunk.get(..n).unwrap_or_default()),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                if shared.closed.load(Ordering::SeqCst) {
                    return Ok(());
                }
            }
            Err(e) => return Err(e),
        }
    }
}

/// Parses one request (an array of bulk strings) off the front of `buf`: `Ok(None)` when it
/// is not complete yet, else the arguments and the number of bytes used.
///
/// # Errors
/// The bytes are not a RESP request.
pub fn parse_request(buf: &[u8]) -> io::Result<Option<(Vec<Vec<u8>>, usize)>> {
    let Some((count, mut pos)) = header(buf, 0, b'*')? else {
        return Ok(None);
    };
    let mut args = Vec::with_capacity(count.min(1024));
    for _ in 0..count {
        let Some((len, start)) = header(buf, pos, b'$')? else {
            return Ok(None);
        };
        let end = start + len;
        match buf.get(end..end + 2) {
            None => return Ok(None),
            Some(b"\r\n") => {}
            Some(_) => return Err(bad("a bulk string not ended by CRLF")),
        }
        args.push(buf.get(start..end).unwrap_or_default().to_vec());
        pos = end + 2;
    }
    Ok(Some((args, pos)))
}

/// Reads `<kind><decimal>\r\n` at `pos`: the number and the position after the line.
fn header(buf: &[u8], pos: usize, kind: u8) -> io::Result<Option<(usize, usize)>> {
    let rest = buf.get(pos..).unwrap_or_default();
    let Some(&first) = rest.first() else {
        return Ok(None);
    };
    if first != kind {
        return Err(bad("an unexpected type byte in a request"));
    }
    let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") else {
        return if rest.len() > 32 {
            Err(bad("an overlong length line"))
        } else {
            Ok(None)
        };
    };
    let digits = rest.get(1..line_end).unwrap_or_default();
    let n: usize = std::str::from_utf8(digits)
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n <= MAX_REQUEST)
        .ok_or_else(|| bad("an invalid length in a request"))?;
    Ok(Some((n, pos + line_end + 2)))
}

fn bad(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("fake server received {what}"),
    )
}
