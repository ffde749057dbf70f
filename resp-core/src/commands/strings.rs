//! String commands: GET, SET and its options, counters, ranges, MGET/MSET.

use super::reply::ok_or_null;
use crate::{ArgWriter, Cmd, FromValue, ToArgs};

/// When a key expires, for `SET` and `GETEX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Expiry {
    /// `EX seconds`: in this many seconds.
    Ex(u64),
    /// `PX milliseconds`: in this many milliseconds.
    Px(u64),
    /// `EXAT unix-seconds`: at this Unix time.
    ExAt(u64),
    /// `PXAT unix-milliseconds`: at this Unix time in milliseconds.
    PxAt(u64),
    /// `KEEPTTL` (SET only): keep the key's current time to live.
    KeepTtl,
    /// `PERSIST` (GETEX only): remove the time to live.
    Persist,
}

impl ToArgs for Expiry {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        let (word, n): (&[u8], Option<u64>) = match *self {
            Expiry::Ex(n) => (b"EX", Some(n)),
            Expiry::Px(n) => (b"PX", Some(n)),
            Expiry::ExAt(n) => (b"EXAT", Some(n)),
            Expiry::PxAt(n) => (b"PXAT", Some(n)),
            Expiry::KeepTtl => (b"KEEPTTL", None),
            Expiry::Persist => (b"PERSIST", None),
        };
        out.write_arg(word);
        if let Some(n) = n {
            out.write_int(n);
        }
    }
}

/// Whether a write happens only if the key exists or only if it does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    /// `NX`: only if the key does not exist.
    Nx,
    /// `XX`: only if the key exists.
    Xx,
}

impl ToArgs for Condition {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        out.write_arg(match self {
            Condition::Nx => b"NX",
            Condition::Xx => b"XX",
        })
    }
}

/// The options of `SET`: a condition (`NX`/`XX`) and an expiry.
///
/// ```
/// use resp_core::commands::strings::{self, SetOptions};
///
/// let cmd = strings::set_options("k", "v", SetOptions::new().nx().ex(10));
/// assert_eq!(cmd.argc(), 6); // SET k v NX EX 10
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SetOptions {
    condition: Option<Condition>,
    expiry: Option<Expiry>,
}

impl SetOptions {
    /// No options: always set, no expiry (and the key's old time to live is discarded).
    pub fn new() -> Self {
        Self::default()
    }

    /// Set only if the key does not exist (`NX`).
    pub fn nx(mut self) -> Self {
        self.condition = Some(Condition::Nx);
        self
    }

    /// Set only if the key exists (`XX`).
    pub fn xx(mut self) -> Self {
        self.condition = Some(Condition::Xx);
        self
    }

    /// Expire in `seconds` (`EX`).
    pub fn ex(self, seconds: u64) -> Self {
        self.expiry(Expiry::Ex(seconds))
    }

    /// Expire in `milliseconds` (`PX`).
    pub fn px(self, milliseconds: u64) -> Self {
        self.expiry(Expiry::Px(milliseconds))
    }

    /// Keep the key's time to live (`KEEPTTL`).
    pub fn keep_ttl(self) -> Self {
        self.expiry(Expiry::KeepTtl)
    }

    /// Any expiry.
    pub fn expiry(mut self, expiry: Expiry) -> Self {
        self.expiry = Some(expiry);
        self
    }
}

impl ToArgs for SetOptions {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        self.condition.write_args(out);
        self.expiry.write_args(out);
    }
}

commands!(
    /// `GET key`: the value, or null when the key does not exist (read it as `Option<_>`).
    ///
    /// ```
    /// use resp_core::commands::strings;
    ///
    /// let cmd = strings::get::<Option<String>>("k");
    /// # let mut out = bytes::BytesMut::new(); cmd.encode(&mut out);
    /// # assert_eq!(&out[..], b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
    /// ```
    pub fn get<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
        Cmd::new("GET").read_only().key(key)
    }

    /// `SET key value`.
    ///
    /// ```
    /// use resp_core::commands::strings;
    ///
    /// let cmd = strings::set("k", 42);
    /// # let mut out = bytes::BytesMut::new(); cmd.encode(&mut out);
    /// # assert_eq!(&out[..], b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n42\r\n");
    /// ```
    pub fn set(key: impl ToArgs, value: impl ToArgs) -> Cmd<()> {
        Cmd::new("SET").key(key).arg(value)
    }

    /// `SET key value [NX|XX] [EX|PX|EXAT|PXAT|KEEPTTL]`: true when the value was set, false when
    /// the condition kept it from being set.
    pub fn set_options(key: impl ToArgs, value: impl ToArgs, options: SetOptions) -> Cmd<bool> {
        Cmd::with_converter("SET", ok_or_null)
            .key(key)
            .arg(value)
            .arg(options)
    }

    /// `SET key value NX`: true when the key did not exist and was set.
    pub fn set_nx(key: impl ToArgs, value: impl ToArgs) -> Cmd<bool> {
        set_options(key, value, SetOptions::new().nx())
    }

    /// `SET key value EX seconds`.
    pub fn set_ex(key: impl ToArgs, value: impl ToArgs, seconds: u64) -> Cmd<()> {
        Cmd::new("SET").key(key).arg(value).arg(Expiry::Ex(seconds))
    }

    /// `SET key value [options] GET`: sets and returns the old value (null when there was none).
    pub fn set_get<T: FromValue>(
        key: impl ToArgs,
        value: impl ToArgs,
        options: SetOptions,
    ) -> Cmd<T> {
        Cmd::new("SET").key(key).arg(value).arg(options).arg("GET")
    }

    /// `SETNX key value`: true when the key did not exist and was set.
    pub fn setnx(key: impl ToArgs, value: impl ToArgs) -> Cmd<bool> {
        Cmd::new("SETNX").key(key).arg(value)
    }

    /// `SETEX key seconds value`.
    pub fn setex(key: impl ToArgs, seconds: u64, value: impl ToArgs) -> Cmd<()> {
        Cmd::new("SETEX").key(key).arg(seconds).arg(value)
    }

    /// `PSETEX key milliseconds value`.
    pub fn psetex(key: impl ToArgs, milliseconds: u64, value: impl ToArgs) -> Cmd<()> {
        Cmd::new("PSETEX").key(key).arg(milliseconds).arg(value)
    }

    /// `GETDEL key`: the value (null when absent), deleting the key.
    pub fn getdel<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
        Cmd::new("GETDEL").key(key)
    }

    /// `GETEX key [EX|PX|EXAT|PXAT|PERSIST]`: the value, changing the key's expiry.
    pub fn getex<T: FromValue>(key: impl ToArgs, expiry: Option<Expiry>) -> Cmd<T> {
        Cmd::new("GETEX").key(key).arg(expiry)
    }

    /// `GETSET key value` (deprecated by Redis in favour of `SET ... GET`): the old value.
    pub fn getset<T: FromValue>(key: impl ToArgs, value: impl ToArgs) -> Cmd<T> {
        Cmd::new("GETSET").key(key).arg(value)
    }

    /// `GETRANGE key start end`: the substring between two byte offsets, both inclusive;
    /// negative offsets count from the end.
    pub fn getrange<T: FromValue>(key: impl ToArgs, start: i64, end: i64) -> Cmd<T> {
        Cmd::new("GETRANGE")
            .read_only()
            .key(key)
            .arg(start)
            .arg(end)
    }

    /// `SETRANGE key offset value`: the length of the string after the write.
    pub fn setrange(key: impl ToArgs, offset: u64, value: impl ToArgs) -> Cmd<usize> {
        Cmd::new("SETRANGE").key(key).arg(offset).arg(value)
    }

    /// `STRLEN key`: the length in bytes (0 when absent).
    pub fn strlen(key: impl ToArgs) -> Cmd<usize> {
        Cmd::new("STRLEN").read_only().key(key)
    }

    /// `APPEND key value`: the length after appending.
    pub fn append(key: impl ToArgs, value: impl ToArgs) -> Cmd<usize> {
        Cmd::new("APPEND").key(key).arg(value)
    }

    /// `INCR key`: the value after adding one.
    pub fn incr(key: impl ToArgs) -> Cmd<i64> {
        Cmd::new("INCR").key(key)
    }

    /// `INCRBY key increment`.
    pub fn incrby(key: impl ToArgs, increment: i64) -> Cmd<i64> {
        Cmd::new("INCRBY").key(key).arg(increment)
    }

    /// `INCRBYFLOAT key increment`: the new value.
    pub fn incrbyfloat(key: impl ToArgs, increment: f64) -> Cmd<f64> {
        Cmd::new("INCRBYFLOAT").key(key).arg(increment)
    }

    /// `DECR key`.
    pub fn decr(key: impl ToArgs) -> Cmd<i64> {
        Cmd::new("DECR").key(key)
    }

    /// `DECRBY key decrement`.
    pub fn decrby(key: impl ToArgs, decrement: i64) -> Cmd<i64> {
        Cmd::new("DECRBY").key(key).arg(decrement)
    }

    /// `MGET key...`: one value (or null) per key; read it as e.g. `Vec<Option<String>>`.
    pub fn mget<T: FromValue>(keys: impl ToArgs) -> Cmd<T> {
        Cmd::new("MGET").read_only().key(keys)
    }

    /// `MSET key value [key value ...]`, from pairs such as `&[("a", 1), ("b", 2)]`.
    pub fn mset(pairs: impl ToArgs) -> Cmd<()> {
        Cmd::new("MSET").key_value_pairs(pairs)
    }

    /// `MSETNX key value [key value ...]`: true when no key existed and all were set.
    pub fn msetnx(pairs: impl ToArgs) -> Cmd<bool> {
        Cmd::new("MSETNX").key_value_pairs(pairs)
    }

    /// `LCS key1 key2`: the longest common subsequence of two strings.
    pub fn lcs<T: FromValue>(key1: impl ToArgs, key2: impl ToArgs) -> Cmd<T> {
        Cmd::new("LCS").read_only().key(key1).key(key2)
    }

    /// `LCS key1 key2 LEN`: the length of the longest common subsequence.
    pub fn lcs_len(key1: impl ToArgs, key2: impl ToArgs) -> Cmd<usize> {
        Cmd::new("LCS").read_only().key(key1).key(key2).arg("LEN")
    }
);
