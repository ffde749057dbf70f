//! Stream commands: XADD with trimming, XRANGE, XLEN, XDEL, XTRIM, consumer groups (XGROUP,
//! XACK, XPENDING, XCLAIM, XAUTOCLAIM, XREADGROUP), XINFO, XREAD. Replies have typed structs
//! ([`StreamEntry`], [`PendingSummary`], [`StreamInfo`], ...). `XREAD`/`XREADGROUP` with
//! `BLOCK` are marked blocking.

mod replies;

pub use replies::{
    AutoClaim, ConsumerInfo, GroupInfo, PendingEntry, PendingSummary, StreamEntry, StreamInfo,
    StreamRead,
};

use super::reply::block_millis;
use crate::{ArgWriter, Args, Cmd, ToArgs};

/// How `XADD` and `XTRIM` trim a stream: by length (`MAXLEN`) or by lowest id (`MINID`),
/// exactly (`=`) or approximately (`~`, cheaper: whole macro nodes only).
///
/// ```
/// use resp_core::commands::streams::{self, StreamTrim};
///
/// let cmd = streams::xtrim("s", StreamTrim::maxlen(1000).approximate().limit(100));
/// // XTRIM s MAXLEN ~ 1000 LIMIT 100
/// assert_eq!(cmd.argc(), 7);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamTrim {
    by_min_id: bool,
    threshold: Args,
    approximate: bool,
    limit: Option<u64>,
}

impl StreamTrim {
    /// `MAXLEN = n`: keep the newest `n` entries.
    pub fn maxlen(n: u64) -> Self {
        StreamTrim {
            by_min_id: false,
            threshold: Args::from_args(n),
            approximate: false,
            limit: None,
        }
    }

    /// `MINID = id`: drop entries with ids below `id`.
    pub fn minid(id: impl ToArgs) -> Self {
        StreamTrim {
            by_min_id: true,
            threshold: Args::from_args(id),
            approximate: false,
            limit: None,
        }
    }

    /// `~`: trim approximately (whole nodes only; much cheaper).
    pub fn approximate(mut self) -> Self {
        self.approximate = true;
        self
    }

    /// `=`: trim exactly (the default).
    pub fn exact(mut self) -> Self {
        self.approximate = false;
        self
    }

    /// `LIMIT n`: evict at most `n` entries (approximate trimming only).
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }
}

impl ToArgs for StreamTrim {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        out.write_arg(if self.by_min_id { b"MINID" } else { b"MAXLEN" });
        out.write_arg(if self.approximate { b"~" } else { b"=" });
        self.threshold.write_args(out);
        if let Some(n) = self.limit {
            out.write_arg(b"LIMIT");
            out.write_int(n);
        }
    }
}

/// Options of `XADD`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XAddOptions {
    nomkstream: bool,
    trim: Option<StreamTrim>,
}

impl XAddOptions {
    /// No options.
    pub fn new() -> Self {
        Self::default()
    }

    /// `NOMKSTREAM`: do not create the stream; the reply is `None` when it does not exist.
    pub fn nomkstream(mut self) -> Self {
        self.nomkstream = true;
        self
    }

    /// Trims the stream as part of the add.
    pub fn trim(mut self, trim: StreamTrim) -> Self {
        self.trim = Some(trim);
        self
    }
}

impl ToArgs for XAddOptions {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        if self.nomkstream {
            out.write_arg(b"NOMKSTREAM");
        }
        self.trim.write_args(out);
    }
}

/// Options of `XREAD`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XReadOptions {
    count: Option<u64>,
    block: Option<u64>,
    noack: bool,
}

impl XReadOptions {
    /// No options: return at once, every new entry.
    pub fn new() -> Self {
        Self::default()
    }

    /// `COUNT n`: at most `n` entries per stream.
    pub fn count(mut self, n: u64) -> Self {
        self.count = Some(n);
        self
    }

    /// `BLOCK milliseconds`: wait for entries (0: forever). Makes the command blocking.
    pub fn block(mut self, milliseconds: u64) -> Self {
        self.block = Some(milliseconds);
        self
    }

    /// `NOACK` (XREADGROUP only): do not add the entries to the pending list.
    pub fn noack(mut self) -> Self {
        self.noack = true;
        self
    }
}

impl ToArgs for XReadOptions {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        if let Some(n) = self.count {
            out.write_arg(b"COUNT");
            out.write_int(n);
        }
        if let Some(ms) = self.block {
            out.write_arg(b"BLOCK");
            out.write_int(ms);
        }
    }
}

/// The range and filters of the extended `XPENDING` form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingRange {
    idle: Option<u64>,
    bounds: Args,
    count: u64,
    consumer: Option<Args>,
}

impl PendingRange {
    /// Entries with ids from `start` to `end` (`"-"`, `"+"` for all), at most `count`.
    pub fn new(start: impl ToArgs, end: impl ToArgs, count: u64) -> Self {
        let mut bounds = Args::new();
        bounds.push(start).push(end);
        PendingRange {
            idle: None,
            bounds,
            count,
            consumer: None,
        }
    }

    /// `IDLE ms`: only entries idle at least this long.
    pub fn idle(mut self, milliseconds: u64) -> Self {
        self.idle = Some(milliseconds);
        self
    }

    /// Only entries of one consumer.
    pub fn consumer(mut self, consumer: impl ToArgs) -> Self {
        self.consumer = Some(Args::from_args(consumer));
        self
    }
}

impl ToArgs for PendingRange {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        if let Some(ms) = self.idle {
            out.write_arg(b"IDLE");
            out.write_int(ms);
        }
        self.bounds.write_args(out);
        out.write_int(self.count);
        self.consumer.write_args(out);
    }
}

/// Options of `XCLAIM`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XClaimOptions {
    idle: Option<u64>,
    time: Option<u64>,
    retry_count: Option<u64>,
    force: bool,
    last_id: Option<Args>,
}

impl XClaimOptions {
    /// No options.
    pub fn new() -> Self {
        Self::default()
    }

    /// `IDLE ms`: set the entries' idle time.
    pub fn idle(mut self, milliseconds: u64) -> Self {
        self.idle = Some(milliseconds);
        self
    }

    /// `TIME unix-ms`: set the entries' last delivery time.
    pub fn time(mut self, unix_milliseconds: u64) -> Self {
        self.time = Some(unix_milliseconds);
        self
    }

    /// `RETRYCOUNT n`: set the delivery counter.
    pub fn retry_count(mut self, n: u64) -> Self {
        self.retry_count = Some(n);
        self
    }

    /// `FORCE`: create pending entries for ids not pending yet.
    pub fn force(mut self) -> Self {
        self.force = true;
        self
    }

    /// `LASTID id`: update the group's last delivered id.
    pub fn last_id(mut self, id: impl ToArgs) -> Self {
        self.last_id = Some(Args::from_args(id));
        self
    }
}

impl ToArgs for XClaimOptions {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        for (word, n) in [
            (&b"IDLE"[..], self.idle),
            (b"TIME", self.time),
            (b"RETRYCOUNT", self.retry_count),
        ] {
            if let Some(n) = n {
                out.write_arg(word);
                out.write_int(n);
            }
        }
        if self.force {
            out.write_arg(b"FORCE");
        }
        if let Some(id) = &self.last_id {
            out.write_arg(b"LASTID");
            id.write_args(out);
        }
    }
}

fn mark_blocking<T>(cmd: Cmd<T>, options: &XReadOptions) -> Cmd<T> {
    match options.block {
        Some(milliseconds) => block_millis(cmd, milliseconds),
        None => cmd,
    }
}

commands!(
    /// `XADD key id field value [field value ...]`: the new entry's id. Use `"*"` to let the
    /// server choose the id.
    ///
    /// ```
    /// use resp_core::commands::streams;
    ///
    /// let cmd = streams::xadd("events", "*", [("kind", "login"), ("user", "ann")]);
    /// # let mut out = bytes::BytesMut::new(); cmd.encode(&mut out);
    /// assert_eq!(cmd.argc(), 7);
    /// ```
    pub fn xadd(key: impl ToArgs, id: impl ToArgs, fields: impl ToArgs) -> Cmd<String> {
        Cmd::new("XADD").key(key).arg(id).arg(fields)
    }

    /// `XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT n]] id field value ...`: the
    /// new id, or `None` with `NOMKSTREAM` when the stream does not exist.
    pub fn xadd_options(
        key: impl ToArgs,
        id: impl ToArgs,
        fields: impl ToArgs,
        options: XAddOptions,
    ) -> Cmd<Option<String>> {
        Cmd::new("XADD").key(key).arg(options).arg(id).arg(fields)
    }

    /// `XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT n]`: how many entries were removed.
    pub fn xtrim(key: impl ToArgs, trim: StreamTrim) -> Cmd<usize> {
        Cmd::new("XTRIM").key(key).arg(trim)
    }

    /// `XLEN key`: the number of entries.
    pub fn xlen(key: impl ToArgs) -> Cmd<usize> {
        Cmd::new("XLEN").read_only().key(key)
    }

    /// `XDEL key id...`: how many entries were deleted.
    pub fn xdel(key: impl ToArgs, ids: impl ToArgs) -> Cmd<usize> {
        Cmd::new("XDEL").key(key).arg(ids)
    }

    /// `XSETID key last-id`: sets the stream's last generated id (used by replication and
    /// restores).
    pub fn xsetid(key: impl ToArgs, last_id: impl ToArgs) -> Cmd<()> {
        Cmd::new("XSETID").key(key).arg(last_id)
    }

    /// `XRANGE key start end`: the entries with ids in the range (`"-"`, `"+"` for all; `"(id"`
    /// excludes `id`).
    pub fn xrange(key: impl ToArgs, start: impl ToArgs, end: impl ToArgs) -> Cmd<Vec<StreamEntry>> {
        Cmd::new("XRANGE").read_only().key(key).arg(start).arg(end)
    }

    /// `XRANGE key start end COUNT n`
    pub fn xrange_count(
        key: impl ToArgs,
        start: impl ToArgs,
        end: impl ToArgs,
        count: u64,
    ) -> Cmd<Vec<StreamEntry>> {
        Cmd::new("XRANGE")
            .read_only()
            .key(key)
            .arg(start)
            .arg(end)
            .arg("COUNT")
            .arg(count)
    }

    /// `XREVRANGE key end start`: newest first (note the order of the bounds).
    pub fn xrevrange(
        key: impl ToArgs,
        end: impl ToArgs,
        start: impl ToArgs,
    ) -> Cmd<Vec<StreamEntry>> {
        Cmd::new("XREVRANGE")
            .read_only()
            .key(key)
            .arg(end)
            .arg(start)
    }

    /// `XREVRANGE key end start COUNT n`
    pub fn xrevrange_count(
        key: impl ToArgs,
        end: impl ToArgs,
        start: impl ToArgs,
        count: u64,
    ) -> Cmd<Vec<StreamEntry>> {
        Cmd::new("XREVRANGE")
            .read_only()
            .key(key)
            .arg(end)
            .arg(start)
            .arg("COUNT")
            .arg(count)
    }

    /// `XREAD [COUNT n] [BLOCK ms] STREAMS key... id...`: entries after the given ids (`"$"`:
    /// only new ones), per stream; empty when nothing arrived before the timeout. Blocking when
    /// the options have `BLOCK`.
    ///
    /// ```
    /// use resp_core::commands::streams::{self, XReadOptions};
    /// use resp_core::Dispatch;
    ///
    /// let cmd = streams::xread(["a", "b"], ["0", "0"], XReadOptions::new().count(10).block(500));
    /// assert_eq!(cmd.dispatch(), Dispatch::Blocking);
    /// assert_eq!(cmd.argc(), 10);
    /// ```
    pub fn xread(streams: impl ToArgs, ids: impl ToArgs, options: XReadOptions) -> Cmd<StreamRead> {
        let cmd = Cmd::new("XREAD")
            .arg(options)
            .arg("STREAMS")
            .key(streams)
            .arg(ids);
        mark_blocking(cmd, &options)
    }

    /// `XREADGROUP GROUP group consumer [COUNT n] [BLOCK ms] [NOACK] STREAMS key... id...`: `">"`
    /// reads entries never delivered to the group; another id re-reads this consumer's pending
    /// entries. Blocking when the options have `BLOCK`.
    pub fn xreadgroup(
        group: impl ToArgs,
        consumer: impl ToArgs,
        streams: impl ToArgs,
        ids: impl ToArgs,
        options: XReadOptions,
    ) -> Cmd<StreamRead> {
        let cmd = Cmd::new("XREADGROUP")
            .arg("GROUP")
            .arg(group)
            .arg(consumer)
            .arg(options)
            .arg(options.noack.then_some("NOACK"))
            .arg("STREAMS")
            .key(streams)
            .arg(ids);
        mark_blocking(cmd, &options)
    }

    /// `XGROUP CREATE key group id [MKSTREAM]`: `id` is where the group starts (`"$"`: new
    /// entries only, `"0"`: everything); `mkstream` creates an empty stream when absent.
    pub fn xgroup_create(
        key: impl ToArgs,
        group: impl ToArgs,
        id: impl ToArgs,
        mkstream: bool,
    ) -> Cmd<()> {
        Cmd::new("XGROUP")
            .arg("CREATE")
            .key(key)
            .arg(group)
            .arg(id)
            .arg(mkstream.then_some("MKSTREAM"))
    }

    /// `XGROUP DESTROY key group`: true when the group existed.
    pub fn xgroup_destroy(key: impl ToArgs, group: impl ToArgs) -> Cmd<bool> {
        Cmd::new("XGROUP").arg("DESTROY").key(key).arg(group)
    }

    /// `XGROUP CREATECONSUMER key group consumer`: true when the consumer was created.
    pub fn xgroup_createconsumer(
        key: impl ToArgs,
        group: impl ToArgs,
        consumer: impl ToArgs,
    ) -> Cmd<bool> {
        Cmd::new("XGROUP")
            .arg("CREATECONSUMER")
            .key(key)
            .arg(group)
            .arg(consumer)
    }

    /// `XGROUP DELCONSUMER key group consumer`: how many pending entries the consumer had.
    pub fn xgroup_delconsumer(
        key: impl ToArgs,
        group: impl ToArgs,
        consumer: impl ToArgs,
    ) -> Cmd<usize> {
        Cmd::new("XGROUP")
            .arg("DELCONSUMER")
            .key(key)
            .arg(group)
            .arg(consumer)
    }

    /// `XGROUP SETID key group id`: moves the group's last delivered id.
    pub fn xgroup_setid(key: impl ToArgs, group: impl ToArgs, id: impl ToArgs) -> Cmd<()> {
        Cmd::new("XGROUP").arg("SETID").key(key).arg(group).arg(id)
    }

    /// `XACK key group id...`: how many entries were acknowledged.
    pub fn xack(key: impl ToArgs, group: impl ToArgs, ids: impl ToArgs) -> Cmd<usize> {
        Cmd::new("XACK").key(key).arg(group).arg(ids)
    }

    /// `XPENDING key group`: the summary of the group's pending entries.
    pub fn xpending(key: impl ToArgs, group: impl ToArgs) -> Cmd<PendingSummary> {
        Cmd::new("XPENDING").read_only().key(key).arg(group)
    }

    /// `XPENDING key group [IDLE ms] start end count [consumer]`: the pending entries themselves.
    pub fn xpending_range(
        key: impl ToArgs,
        group: impl ToArgs,
        range: PendingRange,
    ) -> Cmd<Vec<PendingEntry>> {
        Cmd::new("XPENDING")
            .read_only()
            .key(key)
            .arg(group)
            .arg(range)
    }

    /// `XCLAIM key group consumer min-idle-time id... [options]`: takes over pending entries idle
    /// at least `min_idle_ms`; the claimed entries.
    pub fn xclaim(
        key: impl ToArgs,
        group: impl ToArgs,
        consumer: impl ToArgs,
        min_idle_ms: u64,
        ids: impl ToArgs,
        options: XClaimOptions,
    ) -> Cmd<Vec<StreamEntry>> {
        Cmd::new("XCLAIM")
            .key(key)
            .arg(group)
            .arg(consumer)
            .arg(min_idle_ms)
            .arg(ids)
            .arg(options)
    }

    /// `XCLAIM ... JUSTID`: as [`streams::xclaim`](resp_core::commands::streams::xclaim), replying
    /// only the claimed ids.
    pub fn xclaim_justid(
        key: impl ToArgs,
        group: impl ToArgs,
        consumer: impl ToArgs,
        min_idle_ms: u64,
        ids: impl ToArgs,
        options: XClaimOptions,
    ) -> Cmd<Vec<String>> {
        Cmd::new("XCLAIM")
            .key(key)
            .arg(group)
            .arg(consumer)
            .arg(min_idle_ms)
            .arg(ids)
            .arg(options)
            .arg("JUSTID")
    }

    /// `XAUTOCLAIM key group consumer min-idle-time start [COUNT n]`: claims pending entries
    /// idle at least `min_idle_ms`, scanning from `start` (`"0-0"` first); the cursor for the
    /// next call, the claimed entries and the ids that no longer exist.
    pub fn xautoclaim(
        key: impl ToArgs,
        group: impl ToArgs,
        consumer: impl ToArgs,
        min_idle_ms: u64,
        start: impl ToArgs,
        count: Option<u64>,
    ) -> Cmd<AutoClaim<StreamEntry>> {
        Cmd::new("XAUTOCLAIM")
            .key(key)
            .arg(group)
            .arg(consumer)
            .arg(min_idle_ms)
            .arg(start)
            .arg(count.map(|n| ("COUNT", n)))
    }

    /// `XAUTOCLAIM ... JUSTID`: as
    /// [`streams::xautoclaim`](resp_core::commands::streams::xautoclaim), with ids instead of
    /// entries.
    pub fn xautoclaim_justid(
        key: impl ToArgs,
        group: impl ToArgs,
        consumer: impl ToArgs,
        min_idle_ms: u64,
        start: impl ToArgs,
        count: Option<u64>,
    ) -> Cmd<AutoClaim<String>> {
        Cmd::new("XAUTOCLAIM")
            .key(key)
            .arg(group)
            .arg(consumer)
            .arg(min_idle_ms)
            .arg(start)
            .arg(count.map(|n| ("COUNT", n)))
            .arg("JUSTID")
    }

    /// `XINFO STREAM key`: the stream's length, ids, group count, first and last entries.
    pub fn xinfo_stream(key: impl ToArgs) -> Cmd<StreamInfo> {
        Cmd::new("XINFO").read_only().arg("STREAM").key(key)
    }

    /// `XINFO GROUPS key`: the stream's consumer groups.
    pub fn xinfo_groups(key: impl ToArgs) -> Cmd<Vec<GroupInfo>> {
        Cmd::new("XINFO").read_only().arg("GROUPS").key(key)
    }

    /// `XINFO CONSUMERS key group`: the group's consumers.
    pub fn xinfo_consumers(key: impl ToArgs, group: impl ToArgs) -> Cmd<Vec<ConsumerInfo>> {
        Cmd::new("XINFO")
            .read_only()
            .arg("CONSUMERS")
            .key(key)
            .arg(group)
    }
);
