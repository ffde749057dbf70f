//! Generic key commands: DEL, EXISTS, expiry, TYPE, RENAME, COPY, SCAN, OBJECT, DUMP/RESTORE.

use bytes::Bytes;

use super::scan::ScanOptions;
use crate::{ArgWriter, Args, Cmd, FromValue, ToArgs};

/// The condition of `EXPIRE`-like commands (Redis 7): set the expiry only if ...
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpireCondition {
    /// `NX`: ... the key has none.
    Nx,
    /// `XX`: ... the key has one.
    Xx,
    /// `GT`: ... the new expiry is later than the current one.
    Gt,
    /// `LT`: ... the new expiry is earlier than the current one.
    Lt,
}

impl ToArgs for ExpireCondition {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        out.write_arg(match self {
            ExpireCondition::Nx => b"NX",
            ExpireCondition::Xx => b"XX",
            ExpireCondition::Gt => b"GT",
            ExpireCondition::Lt => b"LT",
        })
    }
}

/// The options of `SORT` and `SORT_RO`.
///
/// ```
/// use resp_core::commands::keys::{self, SortOptions};
///
/// let cmd = keys::sort::<Vec<String>>("ids", SortOptions::new().by("w_*").get("#").get("o_*").limit(0, 5).desc().alpha());
/// // SORT ids BY w_* LIMIT 0 5 GET # GET o_* DESC ALPHA
/// assert_eq!(cmd.argc(), 13);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SortOptions {
    by: Option<Args>,
    limit: Option<(i64, i64)>,
    get: Args,
    desc: bool,
    alpha: bool,
}

impl SortOptions {
    /// No options: ascending numeric order of the elements themselves.
    pub fn new() -> Self {
        Self::default()
    }

    /// `BY pattern`: sort by the values of other keys (`*` is replaced by each element);
    /// `"nosort"` skips sorting.
    pub fn by(mut self, pattern: impl ToArgs) -> Self {
        self.by = Some(Args::from_args(pattern));
        self
    }

    /// `LIMIT offset count`
    pub fn limit(mut self, offset: i64, count: i64) -> Self {
        self.limit = Some((offset, count));
        self
    }

    /// `GET pattern` (repeatable): return values of other keys instead; `"#"` is the element.
    pub fn get(mut self, pattern: impl ToArgs) -> Self {
        self.get.push("GET").push(pattern);
        self
    }

    /// `DESC`: descending order.
    pub fn desc(mut self) -> Self {
        self.desc = true;
        self
    }

    /// `ALPHA`: compare as strings, not numbers.
    pub fn alpha(mut self) -> Self {
        self.alpha = true;
        self
    }
}

impl ToArgs for SortOptions {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        if let Some(by) = &self.by {
            out.write_arg(b"BY");
            by.write_args(out);
        }
        if let Some((offset, count)) = self.limit {
            out.write_arg(b"LIMIT");
            out.write_int(offset);
            out.write_int(count);
        }
        self.get.write_args(out);
        if self.desc {
            out.write_arg(b"DESC");
        }
        if self.alpha {
            out.write_arg(b"ALPHA");
        }
    }
}

commands!(
    /// `DEL key...`: how many of the keys existed and were removed.
    ///
    /// ```
    /// use resp_core::commands::keys;
    ///
    /// let cmd = keys::del(["a", "b"]);
    /// # let mut out = bytes::BytesMut::new(); cmd.encode(&mut out);
    /// # assert_eq!(&out[..], b"*3\r\n$3\r\nDEL\r\n$1\r\na\r\n$1\r\nb\r\n");
    /// ```
    pub fn del(keys: impl ToArgs) -> Cmd<usize> {
        Cmd::new("DEL").key(keys)
    }

    /// `UNLINK key...`: like DEL, reclaiming memory in the background.
    pub fn unlink(keys: impl ToArgs) -> Cmd<usize> {
        Cmd::new("UNLINK").key(keys)
    }

    /// `EXISTS key...`: how many of the keys exist (a key named twice counts twice).
    pub fn exists(keys: impl ToArgs) -> Cmd<usize> {
        Cmd::new("EXISTS").read_only().key(keys)
    }

    /// `TOUCH key...`: how many of the keys exist; updates their last access time.
    pub fn touch(keys: impl ToArgs) -> Cmd<usize> {
        Cmd::new("TOUCH").read_only().key(keys)
    }

    /// `EXPIRE key seconds`: true when the expiry was set (false when the key does not exist).
    pub fn expire(key: impl ToArgs, seconds: i64) -> Cmd<bool> {
        Cmd::new("EXPIRE").key(key).arg(seconds)
    }

    /// `EXPIRE key seconds NX|XX|GT|LT`: true when the expiry was set.
    pub fn expire_if(key: impl ToArgs, seconds: i64, condition: ExpireCondition) -> Cmd<bool> {
        Cmd::new("EXPIRE").key(key).arg(seconds).arg(condition)
    }

    /// `PEXPIRE key milliseconds`.
    pub fn pexpire(key: impl ToArgs, milliseconds: i64) -> Cmd<bool> {
        Cmd::new("PEXPIRE").key(key).arg(milliseconds)
    }

    /// `EXPIREAT key unix-seconds`.
    pub fn expireat(key: impl ToArgs, unix_seconds: i64) -> Cmd<bool> {
        Cmd::new("EXPIREAT").key(key).arg(unix_seconds)
    }

    /// `PEXPIREAT key unix-milliseconds`.
    pub fn pexpireat(key: impl ToArgs, unix_milliseconds: i64) -> Cmd<bool> {
        Cmd::new("PEXPIREAT").key(key).arg(unix_milliseconds)
    }

    /// `EXPIRETIME key`: the Unix time in seconds at which the key expires; -1 without expiry,
    /// -2 when the key does not exist.
    pub fn expiretime(key: impl ToArgs) -> Cmd<i64> {
        Cmd::new("EXPIRETIME").read_only().key(key)
    }

    /// `PEXPIRETIME key`: as `EXPIRETIME`, in milliseconds.
    pub fn pexpiretime(key: impl ToArgs) -> Cmd<i64> {
        Cmd::new("PEXPIRETIME").read_only().key(key)
    }

    /// `TTL key`: seconds to live; -1 without expiry, -2 when the key does not exist.
    pub fn ttl(key: impl ToArgs) -> Cmd<i64> {
        Cmd::new("TTL").read_only().key(key)
    }

    /// `PTTL key`: as `TTL`, in milliseconds.
    pub fn pttl(key: impl ToArgs) -> Cmd<i64> {
        Cmd::new("PTTL").read_only().key(key)
    }

    /// `PERSIST key`: true when an expiry was removed.
    pub fn persist(key: impl ToArgs) -> Cmd<bool> {
        Cmd::new("PERSIST").key(key)
    }

    /// `TYPE key`: `"string"`, `"list"`, `"set"`, `"zset"`, `"hash"`, `"stream"`, or `"none"`.
    pub fn key_type(key: impl ToArgs) -> Cmd<String> {
        Cmd::new("TYPE").read_only().key(key)
    }

    /// `RENAME key newkey` (fails when `key` does not exist).
    pub fn rename(key: impl ToArgs, new_key: impl ToArgs) -> Cmd<()> {
        Cmd::new("RENAME").key(key).key(new_key)
    }

    /// `RENAMENX key newkey`: true when renamed, false when `newkey` already existed.
    pub fn renamenx(key: impl ToArgs, new_key: impl ToArgs) -> Cmd<bool> {
        Cmd::new("RENAMENX").key(key).key(new_key)
    }

    /// `COPY source destination [REPLACE]`: true when copied.
    pub fn copy(source: impl ToArgs, destination: impl ToArgs, replace: bool) -> Cmd<bool> {
        Cmd::new("COPY")
            .key(source)
            .key(destination)
            .arg(replace.then_some("REPLACE"))
    }

    /// `SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]`: the next cursor (0 when done) and a
    /// page of keys; read it as e.g. `(u64, Vec<String>)`. The clients' `scan_iter` walks
    /// every page as a stream.
    pub fn scan<T: FromValue>(cursor: u64, options: ScanOptions) -> Cmd<(u64, T)> {
        Cmd::new("SCAN").read_only().arg(cursor).arg(options)
    }

    /// `KEYS pattern`: every matching key. Blocks the server while it walks the whole keyspace;
    /// prefer [`keys::scan`](resp_core::commands::keys::scan) on large databases.
    pub fn keys<T: FromValue>(pattern: impl ToArgs) -> Cmd<T> {
        Cmd::new("KEYS").read_only().arg(pattern)
    }

    /// `RANDOMKEY`: a random key, or null when the database is empty.
    pub fn randomkey<T: FromValue>() -> Cmd<T> {
        Cmd::new("RANDOMKEY").read_only()
    }

    /// `OBJECT ENCODING key`: the internal encoding (`"listpack"`, `"int"`, ...), or `None`
    /// when the key does not exist.
    pub fn object_encoding(key: impl ToArgs) -> Cmd<Option<String>> {
        Cmd::new("OBJECT").read_only().arg("ENCODING").key(key)
    }

    /// `OBJECT IDLETIME key`: seconds since the last access, or `None` when the key does not
    /// exist.
    pub fn object_idletime(key: impl ToArgs) -> Cmd<Option<u64>> {
        Cmd::new("OBJECT").read_only().arg("IDLETIME").key(key)
    }

    /// `OBJECT FREQ key`: the LFU access counter (only under an LFU eviction policy).
    pub fn object_freq(key: impl ToArgs) -> Cmd<Option<u64>> {
        Cmd::new("OBJECT").read_only().arg("FREQ").key(key)
    }

    /// `OBJECT REFCOUNT key`.
    pub fn object_refcount(key: impl ToArgs) -> Cmd<Option<u64>> {
        Cmd::new("OBJECT").read_only().arg("REFCOUNT").key(key)
    }

    /// `DUMP key`: the value in Redis's serialization format, or `None` when absent.
    pub fn dump(key: impl ToArgs) -> Cmd<Option<Bytes>> {
        Cmd::new("DUMP").read_only().key(key)
    }

    /// `RESTORE key ttl serialized [REPLACE]`: recreates a key from
    /// [`keys::dump`](resp_core::commands::keys::dump)'s output; `ttl` in milliseconds, 0 for none.
    pub fn restore(key: impl ToArgs, ttl: u64, serialized: impl ToArgs, replace: bool) -> Cmd<()> {
        Cmd::new("RESTORE")
            .key(key)
            .arg(ttl)
            .arg(serialized)
            .arg(replace.then_some("REPLACE"))
    }

    /// `SORT key [options]`: the sorted elements (or the values `GET` patterns fetched).
    pub fn sort<T: FromValue>(key: impl ToArgs, options: SortOptions) -> Cmd<T> {
        Cmd::new("SORT").key(key).arg(options)
    }

    /// `SORT_RO key [options]`: the read-only form, usable on replicas.
    pub fn sort_ro<T: FromValue>(key: impl ToArgs, options: SortOptions) -> Cmd<T> {
        Cmd::new("SORT_RO").read_only().key(key).arg(options)
    }

    /// `SORT key [options] STORE destination`: the number of elements stored.
    pub fn sort_store(
        key: impl ToArgs,
        options: SortOptions,
        destination: impl ToArgs,
    ) -> Cmd<usize> {
        Cmd::new("SORT")
            .key(key)
            .arg(options)
            .arg("STORE")
            .key(destination)
    }
);
