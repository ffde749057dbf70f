//! [`Cmd`]: one command as a typed value that knows how to encode itself and what its reply
//! becomes.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use bytes::{BufMut, BytesMut};

use crate::{ArgWriter, Error, FromValue, ToArgs, Value};

mod key_runs;
#[cfg(test)]
mod tests;

use key_runs::KeyRuns;

/// How a command uses its connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Dispatch {
    /// An ordinary request: safe on the shared multiplexed connection.
    #[default]
    Shared,
    /// A blocking command (BLPOP, XREAD BLOCK, WAIT, ...): it would stall every reply queued
    /// behind it, so clients run it on a leased connection.
    Blocking,
}

/// One command, encoded as it is built, with the Rust type of its reply.
///
/// The name and arguments are written as RESP bulk strings into one buffer as they are added;
/// [`Cmd::encode`] prefixes the array header. The reply becomes `T` through a conversion
/// function chosen when the command is defined (by default [`FromValue::from_value`]).
///
/// Builders mark which arguments are keys ([`Cmd::key`], [`Cmd::key_value_pairs`],
/// [`Cmd::counted_keys`]); [`Cmd::keys`] yields them, for routing a command to the cluster
/// node that holds its slot.
///
/// ```
/// use bytes::BytesMut;
/// use resp_core::Cmd;
///
/// let cmd: Cmd<i64> = Cmd::new("INCRBY").arg("counter").arg(5);
/// let mut out = BytesMut::new();
/// cmd.encode(&mut out);
/// assert_eq!(&out[..], b"*3\r\n$6\r\nINCRBY\r\n$7\r\ncounter\r\n$1\r\n5\r\n");
/// ```
pub struct Cmd<T> {
    body: BytesMut,
    argc: usize,
    keys: KeyRuns,
    dispatch: Dispatch,
    block_timeout: Option<Duration>,
    /// Whether the command only reads (see [`Cmd::read_only`]).
    read_only: bool,
    convert: fn(Value) -> Result<T, Error>,
    /// An argument that could not be encoded ([`ArgWriter::fail`]): the command is not sent.
    failure: Option<Box<Error>>,
    reply: PhantomData<fn() -> T>,
}

/// Any command by name, with a reply read as a [`Value`]: the escape hatch for commands that
/// have no typed builder. [`Cmd::retype`] picks another reply type.
///
/// ```
/// use bytes::BytesMut;
/// use resp_core::cmd;
///
/// let c = cmd("OBJECT").arg("FREQ").arg("k").retype::<i64>();
/// let mut out = BytesMut::new();
/// c.encode(&mut out);
/// assert_eq!(&out[..], b"*3\r\n$6\r\nOBJECT\r\n$4\r\nFREQ\r\n$1\r\nk\r\n");
/// ```
pub fn cmd(name: &str) -> Cmd<Value> {
    Cmd::new(name)
}

impl<T: FromValue> Cmd<T> {
    /// A command with the given name and no arguments whose reply converts with [`FromValue`].
    pub fn new(name: &str) -> Self {
        Self::with_converter(name, T::from_value)
    }
}

impl<T> Cmd<T> {
    /// A command whose reply is converted by `convert` instead of [`FromValue`].
    pub fn with_converter(name: &str, convert: fn(Value) -> Result<T, Error>) -> Self {
        let mut cmd = Cmd {
            body: BytesMut::with_capacity(64),
            argc: 0,
            keys: KeyRuns::default(),
            dispatch: Dispatch::Shared,
            block_timeout: None,
            read_only: false,
            convert,
            failure: None,
            reply: PhantomData,
        };
        cmd.push_arg(name);
        cmd
    }

    /// Adds arguments (builder style).
    #[inline]
    pub fn arg(mut self, arg: impl ToArgs) -> Self {
        self.push_arg(arg);
        self
    }

    /// Adds arguments in place.
    #[inline]
    pub fn push_arg(&mut self, arg: impl ToArgs) -> &mut Self {
        let mut out = ArgWriter::new(&mut self.body, &mut self.argc);
        arg.write_args(&mut out);
        if let Some(error) = out.into_failure() {
            self.failure.get_or_insert(Box::new(error));
        }
        self
    }

    /// The error of an argument that could not be encoded (a codec failed, see
    /// [`ArgWriter::fail`]): such a command is never sent, and sending it ends with this
    /// error ([`Cmd::check_shared`], [`Cmd::check_lease`]).
    pub fn failure(&self) -> Option<&Error> {
        self.failure.as_deref()
    }

    /// Adds arguments that are keys: one key, or several from a slice, array, `Vec` or tuple
    /// (`DEL a b c`). [`Cmd::keys`] yields them.
    ///
    /// ```
    /// use resp_core::Cmd;
    ///
    /// let cmd: Cmd<i64> = Cmd::new("SMOVE").key(["src", "dst"]).arg("member");
    /// assert!(cmd.keys().eq([&b"src"[..], b"dst"]));
    /// ```
    #[inline]
    pub fn key(mut self, key: impl ToArgs) -> Self {
        self.push_key(key);
        self
    }

    /// Adds arguments that are keys, in place.
    #[inline]
    pub fn push_key(&mut self, key: impl ToArgs) -> &mut Self {
        let first = self.argc;
        self.push_arg(key);
        self.keys.push(first, self.argc - first, 1);
        self
    }

    /// Adds `key value [key value ...]` from pairs such as `[("a", 1), ("b", 2)]` (MSET,
    /// MSETNX), marking every other argument, the first included, as a key.
    ///
    /// ```
    /// use resp_core::Cmd;
    ///
    /// let cmd: Cmd<()> = Cmd::new("MSET").key_value_pairs([("a", 1), ("b", 2)]);
    /// assert!(cmd.keys().eq([&b"a"[..], b"b"]));
    /// ```
    #[inline]
    pub fn key_value_pairs(mut self, pairs: impl ToArgs) -> Self {
        let first = self.argc;
        self.push_arg(pairs);
        self.keys.push(first, (self.argc - first).div_ceil(2), 2);
        self
    }

    /// Adds `numkeys key...`: the number of keys, then the keys, marked (EVAL, FCALL,
    /// ZUNIONSTORE, LMPOP, SINTERCARD, ...).
    ///
    /// ```
    /// use resp_core::Cmd;
    ///
    /// let cmd: Cmd<i64> = Cmd::new("ZINTERCARD").counted_keys(["a", "b"]);
    /// assert_eq!(cmd.argc(), 4); // ZINTERCARD 2 a b
    /// assert!(cmd.keys().eq([&b"a"[..], b"b"]));
    /// ```
    pub fn counted_keys(mut self, keys: impl ToArgs) -> Self {
        let start = self.body.len();
        let first = self.argc;
        self.push_arg(keys);
        let count = self.argc - first;
        // The count goes first on the wire but is known only now: write it after the keys and
        // rotate it in front of them, a move within the buffer rather than a second buffer.
        let keys_end = self.body.len();
        self.push_arg(count);
        let count_len = self.body.len() - keys_end;
        self.body[start..].rotate_right(count_len);
        self.keys.push(first + 1, count, 1);
        self
    }

    /// The keys of the command, in argument order, as the builder marked them. Empty for
    /// commands without keys (and for [`cmd`] unless keys were added with [`Cmd::key`]).
    ///
    /// ```
    /// use resp_core::commands::keys;
    ///
    /// let cmd = keys::rename("old", "new");
    /// assert!(cmd.keys().eq([&b"old"[..], b"new"]));
    /// ```
    pub fn keys(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let mut args = key_runs::arguments(&self.body).enumerate();
        // Key indexes ascend, so one forward pass over the arguments finds them all.
        self.keys
            .indexes()
            .map_while(move |want| args.find(|(i, _)| *i == want).map(|(_, arg)| arg))
    }

    /// Replaces the reply conversion, keeping the command.
    pub fn with_reply<U>(self, convert: fn(Value) -> Result<U, Error>) -> Cmd<U> {
        Cmd {
            body: self.body,
            argc: self.argc,
            keys: self.keys,
            dispatch: self.dispatch,
            block_timeout: self.block_timeout,
            read_only: self.read_only,
            convert,
            failure: self.failure,
            reply: PhantomData,
        }
    }

    /// Marks the command as blocking (see [`Dispatch::Blocking`]), for as long as the server
    /// likes (a zero timeout, or one the builder does not know).
    pub fn blocking(mut self) -> Self {
        self.dispatch = Dispatch::Blocking;
        self.block_timeout = None;
        self
    }

    /// Marks the command as blocking for at most `timeout` on the server (its own timeout
    /// argument): a client's response timeout for it should allow that much more.
    pub fn blocking_for(mut self, timeout: Duration) -> Self {
        self.dispatch = Dispatch::Blocking;
        self.block_timeout = Some(timeout);
        self
    }

    /// Marks the command as one that only reads keys (GET, HGETALL, ZRANGE, ...), as its
    /// builder declares: a cluster client may send it to a replica when configured to
    /// (`ReadFrom`). Commands made with [`cmd`] are not marked unless this is called.
    ///
    /// ```
    /// use resp_core::commands::strings;
    ///
    /// assert!(strings::get::<String>("k").is_read_only());
    /// assert!(!strings::incr("k").is_read_only());
    /// assert!(resp_core::cmd("GET").arg("k").read_only().is_read_only());
    /// ```
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }

    /// Whether the builder marked the command as read-only ([`Cmd::read_only`]).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// For a blocking command, how long the server may hold the reply back: `None` when it may
    /// block indefinitely (or the command is not blocking; see [`Cmd::dispatch`]).
    pub fn block_timeout(&self) -> Option<Duration> {
        self.block_timeout
    }

    /// The command name as written (the first bulk string).
    pub fn name(&self) -> &[u8] {
        // The body starts with the name's bulk string, written by `with_converter`.
        let Some(header_end) = memchr::memchr(b'\r', &self.body) else {
            return &[];
        };
        let len = std::str::from_utf8(self.body.get(1..header_end).unwrap_or_default())
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(0);
        self.body
            .get(header_end + 2..header_end + 2 + len)
            .unwrap_or_default()
    }

    /// The encoded name and arguments (bulk strings without the array header), for
    /// classifying the command (`placement.rs`).
    pub(crate) fn body(&self) -> &[u8] {
        &self.body
    }

    /// Every bulk string of the command, the name first (index 0, as key positions count).
    pub(crate) fn arguments(&self) -> impl Iterator<Item = &[u8]> + '_ {
        key_runs::arguments(&self.body)
    }

    /// How this command uses its connection, as its builder declared it; see
    /// [`Cmd::placement`] for the full answer, which also reads the name.
    pub fn dispatch(&self) -> Dispatch {
        self.dispatch
    }

    /// The number of bulk strings: the name plus the arguments.
    pub fn argc(&self) -> usize {
        self.argc
    }

    /// Appends the whole RESP frame (`*argc` header and the bulk strings) to `out`.
    #[inline]
    pub fn encode(&self, out: &mut BytesMut) {
        let mut n = itoa::Buffer::new();
        let n = n.format(self.argc);
        out.reserve(1 + n.len() + 2 + self.body.len());
        out.put_u8(b'*');
        out.put_slice(n.as_bytes());
        out.put_slice(b"\r\n");
        out.put_slice(&self.body);
    }

    /// Converts a reply to this command into its Rust type.
    ///
    /// # Errors
    /// [`Error::Server`] for an error reply, otherwise whatever the conversion reports.
    pub fn convert(&self, reply: Value) -> Result<T, Error> {
        (self.convert)(reply)
    }

    /// The conversion function, for callers that keep it after the command is sent.
    pub fn converter(&self) -> fn(Value) -> Result<T, Error> {
        self.convert
    }

    /// The same command with a reply of another type.
    pub fn retype<U: FromValue>(self) -> Cmd<U> {
        self.with_reply(U::from_value)
    }
}

impl<T> Clone for Cmd<T> {
    fn clone(&self) -> Self {
        Cmd {
            body: self.body.clone(),
            argc: self.argc,
            keys: self.keys.clone(),
            dispatch: self.dispatch,
            block_timeout: self.block_timeout,
            read_only: self.read_only,
            convert: self.convert,
            failure: self.failure.clone(),
            reply: PhantomData,
        }
    }
}

impl<T> fmt::Debug for Cmd<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Arguments may hold secrets (AUTH, HELLO ... AUTH): show the name and the count only.
        f.debug_struct("Cmd")
            .field("name", &String::from_utf8_lossy(self.name()))
            .field("argc", &self.argc)
            .field("dispatch", &self.dispatch)
            .field("block_timeout", &self.block_timeout)
            .field("read_only", &self.read_only)
            .finish()
    }
}
