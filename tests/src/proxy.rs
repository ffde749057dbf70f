//! [`Proxy`]: a TCP proxy between a client under test and a server, which a test can tell to
//! stall, cut or corrupt the traffic.
//!
//! It runs on plain threads (an accept thread and two pumps per connection), so it works
//! the same under every async runtime and its faults are never delayed by the runtime under
//! test.

use std::collections::{HashMap, VecDeque};
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// How often a pump blocked in `read` looks at the proxy's state again.
const POLL: Duration = Duration::from_millis(10);

/// One direction of traffic through the proxy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Requests: client to server.
    ToServer,
    /// Replies: server to client.
    ToClient,
}

/// A change the proxy makes to the next chunk of server-to-client bytes it forwards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Corruption {
    /// Inverts every bit of the chunk's first byte (a RESP type byte becomes garbage).
    FlipFirstByte,
    /// Sends these bytes before the chunk.
    Inject(Vec<u8>),
}

#[derive(Default)]
struct State {
    stall_to_server: bool,
    stall_to_client: bool,
    refusing: bool,
    closed: bool,
    next_id: u64,
    /// Both sockets of each open connection, so `cut` can shut them down from outside.
    live: HashMap<u64, (TcpStream, TcpStream)>,
    corruptions: VecDeque<Corruption>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    accepted: AtomicU64,
    bytes_to_server: AtomicU64,
    bytes_to_client: AtomicU64,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking pump must not take the whole proxy down with a poisoned lock.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A fault-injecting TCP proxy on a loopback port; dropping it closes everything.
pub struct Proxy {
    addr: SocketAddr,
    upstream: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Proxy")
            .field("addr", &self.addr)
            .field("upstream", &self.upstream)
            .finish()
    }
}

impl Proxy {
    /// Starts a proxy on a free loopback port that forwards every connection to `upstream`.
    ///
    /// # Errors
    /// No loopback port could be bound.
    pub fn start(upstream: SocketAddr) -> io::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            accepted: AtomicU64::new(0),
            bytes_to_server: AtomicU64::new(0),
            bytes_to_client: AtomicU64::new(0),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("proxy-accept".into())
                .spawn(move || accept_loop(listener, upstream, shared))?
        };
        Ok(Proxy {
            addr,
            upstream,
            shared,
            acceptor: Some(acceptor),
        })
    }

    /// The proxy's own address (give this to the client).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `redis://127.0.0.1:port` for the proxy.
    pub fn url(&self) -> String {
        format!("redis://{}", self.addr)
    }

    /// Stops forwarding in both directions; bytes wait in the proxy and the kernel buffers.
    pub fn stall(&self) {
        self.set(|s| {
            s.stall_to_server = true;
            s.stall_to_client = true;
        });
    }

    /// Stops forwarding in one direction only.
    pub fn stall_direction(&self, direction: Direction) {
        self.set(|s| match direction {
            Direction::ToServer => s.stall_to_server = true,
            Direction::ToClient => s.stall_to_client = true,
        });
    }

    /// Closes every open connection (both sides) and refuses new ones until [`Proxy::resume`]:
    /// a refused connection is accepted and closed at once, as by a dead server.
    pub fn cut(&self) {
        self.set(|s| {
            s.refusing = true;
            close_all(s);
        });
    }

    /// Closes every open connection but keeps accepting new ones.
    pub fn drop_connections(&self) {
        self.set(close_all);
    }

    /// Forwards again in both directions and accepts new connections.
    pub fn resume(&self) {
        self.set(|s| {
            s.stall_to_server = false;
            s.stall_to_client = false;
            s.refusing = false;
        });
    }

    /// Queues a corruption of the next server-to-client chunk (one per chunk, in order).
    pub fn corrupt(&self, corruption: Corruption) {
        self.set(|s| s.corruptions.push_back(corruption));
    }

    /// How many corruptions are still waiting for server-to-client traffic.
    pub fn pending_corruptions(&self) -> usize {
        self.shared.lock().corruptions.len()
    }

    /// How many client connections the proxy has accepted and forwarded (refused ones excluded).
    pub fn connections_accepted(&self) -> u64 {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// How many connections are open now.
    pub fn open_connections(&self) -> usize {
        self.shared.lock().live.len()
    }

    /// Bytes forwarded so far in one direction.
    pub fn bytes_forwarded(&self, direction: Direction) -> u64 {
        match direction {
            Direction::ToServer => self.shared.bytes_to_server.load(Ordering::SeqCst),
            Direction::ToClient => self.shared.bytes_to_client.load(Ordering::SeqCst),
        }
    }

    fn set(&self, change: impl FnOnce(&mut State)) {
        change(&mut self.shared.lock());
        self.shared.changed.notify_all();
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.set(|s| {
            s.closed = true;
            close_all(s);
        });
        // Wake the acceptor, which is blocked in accept().
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn close_all(state: &mut State) {
    for (_, (client, server)) in state.live.drain() {
        let _ = client.shutdown(Shutdown::Both);
        let _ = server.shutdown(Shutdown::Both);
    }
}

fn accept_loop(listener: TcpListener, upstream: SocketAddr, shared: Arc<Shared>) {
    for client in listener.incoming() {
        let Ok(client) = client else { continue };
        let (closed, refusing) = {
            let s = shared.lock();
            (s.closed, s.refusing)
        };
        if closed {
            return;
        }
        if refusing {
            drop(client);
            continue;
        }
        // A failed upstream connect closes the client side, which is what a dead server does.
        if let Err(e) = open(client, upstream, &shared) {
            eprintln!("proxy: cannot forward a connection to {upstream}: {e}");
        }
    }
}

fn open(client: TcpStream, upstream: SocketAddr, shared: &Arc<Shared>) -> io::Result<()> {
    let server = TcpStream::connect(upstream)?;
    for s in [&client, &server] {
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(POLL))?;
    }
    let id = {
        let mut s = shared.lock();
        // A cut may have come between accept() and here; it must cover this connection too.
        if s.refusing || s.closed {
            let _ = client.shutdown(Shutdown::Both);
            let _ = server.shutdown(Shutdown::Both);
            return Ok(());
        }
        let id = s.next_id;
        s.next_id += 1;
        s.live
            .insert(id, (client.try_clone()?, server.try_clone()?));
        id
    };
    shared.accepted.fetch_add(1, Ordering::SeqCst);
    let pumps = [
        (
            client.try_clone()?,
            server.try_clone()?,
            Direction::ToServer,
        ),
        (server, client, Direction::ToClient),
    ];
    for (from, to, direction) in pumps {
        let shared = Arc::clone(shared);
        thread::Builder::new()
            .name(format!("proxy-pump-{id}"))
            .spawn(move || pump(id, from, to, direction, &shared))?;
    }
    Ok(())
}

/// Copies bytes one way until either side closes or the connection is cut. A stall holds the
/// bytes already read until the stall ends.
fn pump(id: u64, mut from: TcpStream, mut to: TcpStream, direction: Direction, shared: &Shared) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                if shared.lock().live.contains_key(&id) {
                    continue;
                }
                return;
            }
            Err(_) => break,
        };
        let mut chunk = buf.get(..n).map(<[u8]>::to_vec).unwrap_or_default();
        {
            let mut s = shared.lock();
            loop {
                if !s.live.contains_key(&id) {
                    return;
                }
                let stalled = match direction {
                    Direction::ToServer => s.stall_to_server,
                    Direction::ToClient => s.stall_to_client,
                };
                if !stalled {
                    break;
                }
                s = shared.changed.wait(s).unwrap_or_else(|e| e.into_inner());
            }
            if direction == Direction::ToClient {
                match s.corruptions.pop_front() {
                    Some(Corruption::FlipFirstByte) => {
                        if let Some(b) = chunk.first_mut() {
                            *b = !*b;
                        }
                    }
                    Some(Corruption::Inject(mut bytes)) => {
                        bytes.extend_from_slice(&chunk);
                        chunk = bytes;
                    }
                    None => {}
                }
            }
        }
        // Counted before the write, so a peer that has read the bytes sees them counted.
        let counter = match direction {
            Direction::ToServer => &shared.bytes_to_server,
            Direction::ToClient => &shared.bytes_to_client,
        };
        counter.fetch_add(chunk.len() as u64, Ordering::SeqCst);
        if to.write_all(&chunk).is_err() {
            break;
        }
    }
    // One side ended: end the whole connection, as Redis does (it has no use for half-open
    // connections). The other pump may be blocked writing into a peer that stopped reading;
    // shutting both sockets down frees it.
    let _ = to.shutdown(Shutdown::Write);
    let mut s = shared.lock();
    if let Some((client, server)) = s.live.remove(&id) {
        let _ = client.shutdown(Shutdown::Both);
        let _ = server.shutdown(Shutdown::Both);
    }
}
