//! [`Connection`]: one server connection as a state machine with no I/O.

use std::collections::VecDeque;
use std::fmt;

use bytes::BytesMut;

use crate::{Config, Decoder, Error, ProtocolError, ProtocolErrorKind, ProtocolVersion, Value};

use super::handshake::{Handshake, Progress};
use super::pubsub::{self, Frame, Subscriptions};
use super::reply::{Collector, Reply};
use super::Request;

/// Stop adding requests to one transmit buffer beyond this size: a bound on the write
/// buffer's memory that still lets thousands of small requests share one write.
const TRANSMIT_SOFT_LIMIT: usize = 1 << 20;

/// Something the driver must act on, from [`Connection::poll_event`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<T> {
    /// The handshake finished: requests are now written.
    Connected {
        /// The RESP version in use.
        protocol: ProtocolVersion,
        /// HELLO's reply (server name, version, id, ...), when HELLO was used.
        hello: Option<Value>,
    },
    /// The handshake failed (wrong password, unknown database, lost connection...). The
    /// connection is closed; requests sent meanwhile are still in [`Connection::take_unsent`].
    HandshakeFailed(Error),
    /// A request completed: hand `result` to whoever waits on `tag`. When nobody waits any
    /// more (the caller's future was dropped), dropping the result is all there is to do.
    Reply {
        /// The tag given to [`Connection::send`].
        tag: T,
        /// The replies, or why there are none.
        result: Result<Reply, Error>,
    },
    /// An out-of-band RESP3 push (pub/sub message, invalidation, ...), never a reply.
    Push(Value),
}

enum State {
    Handshaking(Box<Handshake>),
    Ready,
    Closed,
}

/// One connection's protocol state: the handshake, the FIFO of requests written and waiting
/// for replies, and the queue of requests not yet written. It performs no I/O and reads no
/// clock; a driver moves bytes between it and a socket.
///
/// `T` is a per-request tag returned with the request's [`Event::Reply`], typically the
/// sending half of a oneshot channel, so the driver needs no map from tokens to waiters.
///
/// # Call order
/// - Inputs: [`send`](Self::send) a request whenever one arrives;
///   [`handle_read`](Self::handle_read) with the bytes read from the socket (it consumes every
///   complete reply and leaves a partial one in the buffer);
///   [`handle_connection_lost`](Self::handle_connection_lost) when reading or writing fails or
///   the peer closes.
/// - Outputs: after any input, call [`poll_transmit`](Self::poll_transmit) until it returns
///   `false` and write what it appended, and [`poll_event`](Self::poll_event) until it returns
///   `None` and act on each event.
///
/// Bytes appended by `poll_transmit` count as written: if the write then fails, report it with
/// `handle_connection_lost`, which fails those requests with [`Error::ConnectionLost`] (they
/// may have run).
///
/// ```
/// use bytes::BytesMut;
/// use resp_core::{Cmd, Config, Connection, Event, ProtocolVersion, Reply, Request, Value};
///
/// let config: Config = "redis://localhost".parse()?;
/// // RESP2 without CLIENT SETINFO: no handshake at all, so the first bytes are the PING.
/// let mut conn = Connection::new(&config.with_protocol(ProtocolVersion::Resp2).with_lib_info(false));
/// conn.send(Request::command(&Cmd::<()>::new("PING")), "ping #1");
///
/// let mut out = BytesMut::new();
/// while conn.poll_transmit(&mut out) {}
/// assert_eq!(&out[..], b"*1\r\n$4\r\nPING\r\n");
///
/// let mut input = BytesMut::from(&b"+PONG\r\n"[..]);
/// conn.handle_read(&mut input)?;
/// # assert!(matches!(conn.poll_event(), Some(Event::Connected { .. })));
/// match conn.poll_event() {
///     Some(Event::Reply { tag, result }) => {
///         assert_eq!(tag, "ping #1");
///         assert!(matches!(result?, Reply::Value(Value::SimpleString(_))));
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), resp_core::Error>(())
/// ```
pub struct Connection<T> {
    state: State,
    protocol: Option<ProtocolVersion>,
    decoder: Decoder,
    queued: VecDeque<(Request, T)>,
    in_flight: VecDeque<(Collector, T)>,
    events: VecDeque<Event<T>>,
    subscriber: bool,
    subscriptions: Subscriptions,
}

impl<T> Connection<T> {
    /// A new connection; its handshake for `config` is the first thing
    /// [`poll_transmit`](Self::poll_transmit) writes.
    pub fn new(config: &Config) -> Self {
        let mut conn = Connection {
            state: State::Ready,
            protocol: None,
            decoder: Decoder::with_limits(config.limits),
            queued: VecDeque::new(),
            in_flight: VecDeque::new(),
            events: VecDeque::new(),
            subscriber: false,
            subscriptions: Subscriptions::default(),
        };
        match Handshake::start(config) {
            Some(handshake) => conn.state = State::Handshaking(Box::new(handshake)),
            None => conn.connected(ProtocolVersion::Resp2, None),
        }
        conn
    }

    // --- getters ---

    /// The RESP version in use, once the handshake is done.
    pub fn protocol(&self) -> Option<ProtocolVersion> {
        self.protocol
    }

    /// Whether the handshake is done and the connection is not closed.
    pub fn is_ready(&self) -> bool {
        matches!(self.state, State::Ready)
    }

    /// Whether the connection is closed (lost, failed handshake or protocol error).
    pub fn is_closed(&self) -> bool {
        matches!(self.state, State::Closed)
    }

    /// Requests written and waiting for their replies.
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// How many more bytes the read buffer must hold before the reply being decoded can get
    /// further, when known ([`Decoder::read_hint`]): reserve that much in the buffer before
    /// the next read, so a large bulk string is read into one allocation.
    pub fn read_hint(&self, buffered: usize) -> Option<usize> {
        self.decoder.read_hint(buffered)
    }

    /// Requests accepted by [`send`](Self::send) and not yet handed to
    /// [`poll_transmit`](Self::poll_transmit).
    pub fn queued(&self) -> usize {
        self.queued.len()
    }

    // --- inputs ---

    /// Queues a request; its result comes back as an [`Event::Reply`] carrying `tag`.
    ///
    /// Requests wait until the handshake is done; on a closed connection they stay queued for
    /// [`take_unsent`](Self::take_unsent).
    pub fn send(&mut self, request: Request, tag: T) {
        self.queued.push_back((request, tag));
    }

    /// Consumes every complete reply at the front of `buf`, leaving a partial one in place.
    ///
    /// # Errors
    /// A [`ProtocolError`] when the bytes are not RESP, break a limit, or are a reply no
    /// request waits for. The connection is then closed and every in-flight request fails
    /// with [`Error::Protocol`].
    pub fn handle_read(&mut self, buf: &mut BytesMut) -> Result<(), ProtocolError> {
        while !self.is_closed() {
            match self.decoder.decode(buf) {
                Ok(Some(value)) => self.route(value)?,
                Ok(None) => break,
                Err(error) => {
                    self.fail(Error::Protocol(error.clone()));
                    return Err(error);
                }
            }
        }
        Ok(())
    }

    /// The connection is gone (I/O error, EOF, the driver gave up on it). Every in-flight
    /// request fails with [`Error::ConnectionLost`]; queued ones stay for
    /// [`take_unsent`](Self::take_unsent).
    pub fn handle_connection_lost(&mut self) {
        self.fail(Error::ConnectionLost);
    }

    // --- mutators ---

    /// Puts the connection in subscriber mode: it will carry only
    /// [`Request::subscription`] requests, and in RESP2 every array it receives is a pub/sub
    /// frame, delivered as [`Event::Push`] (confirmations complete their request).
    pub fn set_subscriber(&mut self) {
        self.subscriber = true;
    }

    /// The requests that subscribe a new connection to everything this one was subscribed
    /// to (as confirmed by the server), for restoring subscriptions after a reconnect.
    pub fn subscription_restore(&self) -> Vec<Request> {
        self.subscriptions.restore_requests()
    }

    /// Removes the requests not yet written, e.g. to send them on a new connection after a
    /// reconnect, or to fail them when there is none.
    pub fn take_unsent(&mut self) -> impl Iterator<Item = (Request, T)> + '_ {
        self.queued.drain(..)
    }

    /// The tags of the requests written and waiting for their replies, oldest first: a
    /// driver that keeps the requests' deadlines in their tags looks for expired ones here.
    /// A request whose caller was answered early still has its reply read (and then
    /// dropped), so the replies that follow it reach their own callers.
    pub fn in_flight_tags_mut(&mut self) -> impl Iterator<Item = &mut T> + '_ {
        self.in_flight.iter_mut().map(|(_, tag)| tag)
    }

    /// Keeps the requests not yet written for which `keep` returns `true` and drops the rest
    /// unsent (e.g. those whose deadline passed: the driver answers their callers itself).
    pub fn retain_unsent(&mut self, mut keep: impl FnMut(&mut T) -> bool) {
        self.queued.retain_mut(|(_, tag)| keep(tag));
    }

    /// Fails every request not yet written with `error` (as [`Event::Reply`]s): for when no
    /// connection will carry them, e.g. [`Error::LostBeforeSending`] when reconnecting is
    /// off, or [`Error::ConnectionDown`] with the handshake's or the connect's error when
    /// reconnecting keeps failing. None of them ran.
    pub fn fail_unsent(&mut self, error: &Error) {
        for (_, tag) in self.queued.drain(..) {
            self.events.push_back(Event::Reply {
                tag,
                result: Err(error.clone()),
            });
        }
    }

    // --- outputs ---

    /// Appends bytes to write to `out`: the handshake's commands, then queued requests (up to
    /// about 1 MiB per call). Returns whether it appended anything.
    pub fn poll_transmit(&mut self, out: &mut BytesMut) -> bool {
        match &mut self.state {
            State::Handshaking(handshake) => handshake.take_output(out),
            State::Closed => false,
            State::Ready => {
                let start = out.len();
                while let Some((request, tag)) = self.queued.pop_front() {
                    let mut collector = Collector::new(request.shape());
                    if let Some(result) = collector.complete_without_replies() {
                        self.events.push_back(Event::Reply { tag, result });
                        continue;
                    }
                    out.extend_from_slice(request.bytes());
                    self.in_flight.push_back((collector, tag));
                    if out.len() - start >= TRANSMIT_SOFT_LIMIT {
                        break;
                    }
                }
                out.len() > start
            }
        }
    }

    /// Whether [`poll_event`](Self::poll_event) has something: a driver reading a large reply
    /// can keep reading while nothing is complete, and deliver as soon as something is.
    pub fn has_events(&self) -> bool {
        !self.events.is_empty()
    }

    /// The next event, if any.
    pub fn poll_event(&mut self) -> Option<Event<T>> {
        self.events.pop_front()
    }

    fn route(&mut self, value: Value) -> Result<(), ProtocolError> {
        let ready = matches!(self.state, State::Ready);
        match pubsub::classify(&value, ready && self.subscriber) {
            Some(Frame::Confirmation {
                kind,
                subscribe,
                channel,
            }) => {
                let current = self.subscriptions.count(kind);
                self.subscriptions.observe(kind, subscribe, &channel);
                let ours = self
                    .in_flight
                    .front_mut()
                    .is_some_and(|(c, _)| c.wants_confirmation(kind, subscribe, current));
                if ours {
                    self.complete_front(value);
                } else {
                    // Unsolicited (e.g. the server dropped a shard channel).
                    self.events.push_back(Event::Push(value));
                }
                return Ok(());
            }
            Some(Frame::Message(_)) => {
                self.events.push_back(Event::Push(value));
                return Ok(());
            }
            None if matches!(value, Value::Push(_)) => {
                self.events.push_back(Event::Push(value));
                return Ok(());
            }
            None => {}
        }
        match &mut self.state {
            State::Handshaking(handshake) => match handshake.feed(value) {
                Progress::Continue => {}
                Progress::Done { protocol, hello } => self.connected(protocol, hello),
                Progress::Failed(error) => {
                    self.state = State::Closed;
                    self.events.push_back(Event::HandshakeFailed(error));
                }
            },
            State::Ready => {
                if self.in_flight.is_empty() && self.subscriber {
                    // A subscriber connection has out-of-band frames only (RESP2 `pong`).
                    self.events.push_back(Event::Push(value));
                    return Ok(());
                }
                let Some((collector, _)) = self.in_flight.front_mut() else {
                    let error = ProtocolError {
                        offset: 0,
                        kind: ProtocolErrorKind::Unexpected("reply while no request waits"),
                    };
                    self.fail(Error::Protocol(error.clone()));
                    return Err(error);
                };
                if let Some(result) = collector.feed(value) {
                    if let Some((_, tag)) = self.in_flight.pop_front() {
                        self.events.push_back(Event::Reply { tag, result });
                    }
                }
            }
            State::Closed => {}
        }
        Ok(())
    }

    fn complete_front(&mut self, value: Value) {
        let done = self
            .in_flight
            .front_mut()
            .and_then(|(collector, _)| collector.feed(value));
        if let Some(result) = done {
            if let Some((_, tag)) = self.in_flight.pop_front() {
                self.events.push_back(Event::Reply { tag, result });
            }
        }
    }

    fn connected(&mut self, protocol: ProtocolVersion, hello: Option<Value>) {
        self.state = State::Ready;
        self.protocol = Some(protocol);
        self.events.push_back(Event::Connected { protocol, hello });
    }

    fn fail(&mut self, error: Error) {
        let state = std::mem::replace(&mut self.state, State::Closed);
        if let State::Handshaking(_) = state {
            self.events.push_back(Event::HandshakeFailed(error.clone()));
        }
        for (_, tag) in self.in_flight.drain(..) {
            self.events.push_back(Event::Reply {
                tag,
                result: Err(error.clone()),
            });
        }
    }
}

impl<T> fmt::Debug for Connection<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            State::Handshaking(_) => "handshaking",
            State::Ready => "ready",
            State::Closed => "closed",
        };
        f.debug_struct("Connection")
            .field("state", &state)
            .field("protocol", &self.protocol)
            .field("queued", &self.queued.len())
            .field("in_flight", &self.in_flight.len())
            .finish_non_exhaustive()
    }
}
