//! Sorted set commands: ZADD with its options, ranges by rank, score and lex, pops (blocking
//! too), set operations, ZSCAN.
//!
//! Score bounds (`min`, `max`) are any argument: a number (`3.5`), an exclusive bound
//! (`"(3.5"`), or `"-inf"` / `"+inf"`; lex bounds are `"[a"`, `"(a"`, `"-"` or `"+"`.
//! Replies WITHSCORES read as `Vec<(member, f64)>` from RESP2's flat arrays and RESP3's pairs
//! alike.

use super::reply::block_secs;
use super::scan::ScanOptions;
use crate::{ArgWriter, Args, Cmd, FromValue, ToArgs};

/// A condition of `ZADD`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ZAddOptions {
    exists: Option<&'static str>,
    compare: Option<&'static str>,
    changed: bool,
}

impl ZAddOptions {
    /// No options: add new members, update existing ones.
    pub fn new() -> Self {
        Self::default()
    }

    /// `NX`: only add new members, never update.
    pub fn nx(mut self) -> Self {
        self.exists = Some("NX");
        self
    }

    /// `XX`: only update existing members, never add.
    pub fn xx(mut self) -> Self {
        self.exists = Some("XX");
        self
    }

    /// `GT`: only update when the new score is greater (new members are still added).
    pub fn gt(mut self) -> Self {
        self.compare = Some("GT");
        self
    }

    /// `LT`: only update when the new score is less.
    pub fn lt(mut self) -> Self {
        self.compare = Some("LT");
        self
    }

    /// `CH`: count changed members (added or updated), not only added ones.
    pub fn ch(mut self) -> Self {
        self.changed = true;
        self
    }
}

impl ToArgs for ZAddOptions {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        self.exists.write_args(out);
        self.compare.write_args(out);
        self.changed.then_some("CH").write_args(out);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RangeKind {
    Rank,
    Score,
    Lex,
}

/// The range of a `ZRANGE` or `ZRANGESTORE`: by rank, score or lex, optionally reversed and
/// limited.
///
/// With [`ZRange::rev`], Redis wants the bounds as for the reverse order: for scores and lex,
/// the higher bound first.
///
/// ```
/// use resp_core::commands::sorted_sets::{self, ZRange};
///
/// let cmd = sorted_sets::zrange_by_withscores::<String>(
///     "board",
///     ZRange::score("(1", "+inf").limit(0, 10),
/// );
/// # let mut out = bytes::BytesMut::new(); cmd.encode(&mut out);
/// // ZRANGE board (1 +inf BYSCORE LIMIT 0 10 WITHSCORES
/// assert_eq!(cmd.argc(), 9);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZRange {
    kind: RangeKind,
    bounds: Args,
    rev: bool,
    limit: Option<(i64, i64)>,
}

impl ZRange {
    /// Ranks `start..=stop`; negative ranks count from the end (`0, -1` is everything).
    pub fn rank(start: i64, stop: i64) -> Self {
        Self::new(RangeKind::Rank, start, stop)
    }

    /// Scores between `min` and `max` (`BYSCORE`).
    pub fn score(min: impl ToArgs, max: impl ToArgs) -> Self {
        Self::new(RangeKind::Score, min, max)
    }

    /// Members between `min` and `max` in lexicographic order (`BYLEX`).
    pub fn lex(min: impl ToArgs, max: impl ToArgs) -> Self {
        Self::new(RangeKind::Lex, min, max)
    }

    fn new(kind: RangeKind, start: impl ToArgs, stop: impl ToArgs) -> Self {
        let mut bounds = Args::new();
        bounds.push(start).push(stop);
        ZRange {
            kind,
            bounds,
            rev: false,
            limit: None,
        }
    }

    /// `REV`: highest first.
    pub fn rev(mut self) -> Self {
        self.rev = true;
        self
    }

    /// `LIMIT offset count` (by score or lex only; a negative count means all).
    pub fn limit(mut self, offset: i64, count: i64) -> Self {
        self.limit = Some((offset, count));
        self
    }
}

impl ToArgs for ZRange {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        self.bounds.write_args(out);
        match self.kind {
            RangeKind::Rank => {}
            RangeKind::Score => out.write_arg(b"BYSCORE"),
            RangeKind::Lex => out.write_arg(b"BYLEX"),
        }
        if self.rev {
            out.write_arg(b"REV");
        }
        if let Some((offset, count)) = self.limit {
            out.write_arg(b"LIMIT");
            out.write_int(offset);
            out.write_int(count);
        }
    }
}

/// The reply of `ZMPOP` and `BZMPOP`: the key popped from and its members with scores, or
/// `None` when every set was empty (or the timeout passed).
pub type MultiPop<T> = Option<(String, Vec<(T, f64)>)>;

/// Which end `ZMPOP` and `BZMPOP` pop from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MinMax {
    /// `MIN`: lowest scores.
    Min,
    /// `MAX`: highest scores.
    Max,
}

impl ToArgs for MinMax {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        out.write_arg(match self {
            MinMax::Min => b"MIN",
            MinMax::Max => b"MAX",
        })
    }
}

/// How `ZUNION`/`ZINTER` combine the scores of a member present in several sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    /// `SUM` (the default).
    Sum,
    /// `MIN`
    Min,
    /// `MAX`
    Max,
}

/// `WEIGHTS` and `AGGREGATE` for `ZUNION`, `ZINTER` and their STORE forms.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ZCombine {
    weights: Vec<f64>,
    aggregate: Option<Aggregate>,
}

impl ZCombine {
    /// No options: weights 1, scores summed.
    pub fn new() -> Self {
        Self::default()
    }

    /// `WEIGHTS w...`: one multiplier per input key, in order.
    pub fn weights(mut self, weights: impl IntoIterator<Item = f64>) -> Self {
        self.weights = weights.into_iter().collect();
        self
    }

    /// `AGGREGATE SUM|MIN|MAX`
    pub fn aggregate(mut self, aggregate: Aggregate) -> Self {
        self.aggregate = Some(aggregate);
        self
    }
}

impl ToArgs for ZCombine {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        if !self.weights.is_empty() {
            out.write_arg(b"WEIGHTS");
            for w in &self.weights {
                out.write_f64(*w);
            }
        }
        if let Some(aggregate) = self.aggregate {
            out.write_arg(b"AGGREGATE");
            out.write_arg(match aggregate {
                Aggregate::Sum => b"SUM",
                Aggregate::Min => b"MIN",
                Aggregate::Max => b"MAX",
            });
        }
    }
}

commands!(
    /// `ZADD key score member`: 1 when the member was added, 0 when its score was updated.
    ///
    /// ```
    /// use resp_core::commands::sorted_sets;
    ///
    /// let cmd = sorted_sets::zadd("board", 1.5, "ann");
    /// # let mut out = bytes::BytesMut::new(); cmd.encode(&mut out);
    /// # assert_eq!(&out[..], b"*4\r\n$4\r\nZADD\r\n$5\r\nboard\r\n$3\r\n1.5\r\n$3\r\nann\r\n");
    /// ```
    pub fn zadd(key: impl ToArgs, score: f64, member: impl ToArgs) -> Cmd<usize> {
        Cmd::new("ZADD").key(key).arg(score).arg(member)
    }

    /// `ZADD key score member [score member ...]` from `(score, member)` pairs: how many members
    /// were added.
    pub fn zadd_multiple(key: impl ToArgs, items: impl ToArgs) -> Cmd<usize> {
        Cmd::new("ZADD").key(key).arg(items)
    }

    /// `ZADD key [NX|XX] [GT|LT] [CH] score member...`: how many members were added (or changed,
    /// with `CH`).
    pub fn zadd_options(key: impl ToArgs, items: impl ToArgs, options: ZAddOptions) -> Cmd<usize> {
        Cmd::new("ZADD").key(key).arg(options).arg(items)
    }

    /// `ZADD key [options] INCR increment member`: the new score, or `None` when the options kept
    /// the member from changing.
    pub fn zadd_incr(
        key: impl ToArgs,
        increment: f64,
        member: impl ToArgs,
        options: ZAddOptions,
    ) -> Cmd<Option<f64>> {
        Cmd::new("ZADD")
            .key(key)
            .arg(options)
            .arg("INCR")
            .arg(increment)
            .arg(member)
    }

    /// `ZINCRBY key increment member`: the new score.
    pub fn zincrby(key: impl ToArgs, increment: f64, member: impl ToArgs) -> Cmd<f64> {
        Cmd::new("ZINCRBY").key(key).arg(increment).arg(member)
    }

    /// `ZREM key member...`: how many members were removed.
    pub fn zrem(key: impl ToArgs, members: impl ToArgs) -> Cmd<usize> {
        Cmd::new("ZREM").key(key).arg(members)
    }

    /// `ZCARD key`: the number of members.
    pub fn zcard(key: impl ToArgs) -> Cmd<usize> {
        Cmd::new("ZCARD").read_only().key(key)
    }

    /// `ZCOUNT key min max`: how many members have a score in the range.
    pub fn zcount(key: impl ToArgs, min: impl ToArgs, max: impl ToArgs) -> Cmd<usize> {
        Cmd::new("ZCOUNT").read_only().key(key).arg(min).arg(max)
    }

    /// `ZLEXCOUNT key min max`
    pub fn zlexcount(key: impl ToArgs, min: impl ToArgs, max: impl ToArgs) -> Cmd<usize> {
        Cmd::new("ZLEXCOUNT").read_only().key(key).arg(min).arg(max)
    }

    /// `ZSCORE key member`: the score, or `None`.
    pub fn zscore(key: impl ToArgs, member: impl ToArgs) -> Cmd<Option<f64>> {
        Cmd::new("ZSCORE").read_only().key(key).arg(member)
    }

    /// `ZMSCORE key member...`: one score (or `None`) per member.
    pub fn zmscore(key: impl ToArgs, members: impl ToArgs) -> Cmd<Vec<Option<f64>>> {
        Cmd::new("ZMSCORE").read_only().key(key).arg(members)
    }

    /// `ZRANK key member`: the rank by ascending score, or `None`.
    pub fn zrank(key: impl ToArgs, member: impl ToArgs) -> Cmd<Option<usize>> {
        Cmd::new("ZRANK").read_only().key(key).arg(member)
    }

    /// `ZREVRANK key member`: the rank by descending score, or `None`.
    pub fn zrevrank(key: impl ToArgs, member: impl ToArgs) -> Cmd<Option<usize>> {
        Cmd::new("ZREVRANK").read_only().key(key).arg(member)
    }

    /// `ZRANGE key start stop`: members by rank.
    pub fn zrange<T: FromValue>(key: impl ToArgs, start: i64, stop: i64) -> Cmd<T> {
        Cmd::new("ZRANGE").read_only().key(key).arg(start).arg(stop)
    }

    /// `ZRANGE key start stop WITHSCORES`: members by rank with their scores.
    pub fn zrange_withscores<T: FromValue>(
        key: impl ToArgs,
        start: i64,
        stop: i64,
    ) -> Cmd<Vec<(T, f64)>> {
        Cmd::new("ZRANGE")
            .read_only()
            .key(key)
            .arg(start)
            .arg(stop)
            .arg("WITHSCORES")
    }

    /// `ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count]`
    pub fn zrange_by<T: FromValue>(key: impl ToArgs, range: ZRange) -> Cmd<T> {
        Cmd::new("ZRANGE").read_only().key(key).arg(range)
    }

    /// `ZRANGE key start stop [BYSCORE] [REV] [LIMIT offset count] WITHSCORES`
    pub fn zrange_by_withscores<T: FromValue>(
        key: impl ToArgs,
        range: ZRange,
    ) -> Cmd<Vec<(T, f64)>> {
        Cmd::new("ZRANGE")
            .read_only()
            .key(key)
            .arg(range)
            .arg("WITHSCORES")
    }

    /// `ZRANGESTORE destination source start stop [BYSCORE|BYLEX] [REV] [LIMIT ...]`: the size
    /// of the stored result.
    pub fn zrangestore(destination: impl ToArgs, source: impl ToArgs, range: ZRange) -> Cmd<usize> {
        Cmd::new("ZRANGESTORE")
            .key(destination)
            .key(source)
            .arg(range)
    }

    /// `ZREVRANGE key start stop`: members by descending rank.
    pub fn zrevrange<T: FromValue>(key: impl ToArgs, start: i64, stop: i64) -> Cmd<T> {
        Cmd::new("ZREVRANGE")
            .read_only()
            .key(key)
            .arg(start)
            .arg(stop)
    }

    /// `ZREVRANGE key start stop WITHSCORES`
    pub fn zrevrange_withscores<T: FromValue>(
        key: impl ToArgs,
        start: i64,
        stop: i64,
    ) -> Cmd<Vec<(T, f64)>> {
        Cmd::new("ZREVRANGE")
            .read_only()
            .key(key)
            .arg(start)
            .arg(stop)
            .arg("WITHSCORES")
    }

    /// `ZRANGEBYSCORE key min max`
    pub fn zrangebyscore<T: FromValue>(
        key: impl ToArgs,
        min: impl ToArgs,
        max: impl ToArgs,
    ) -> Cmd<T> {
        Cmd::new("ZRANGEBYSCORE")
            .read_only()
            .key(key)
            .arg(min)
            .arg(max)
    }

    /// `ZRANGEBYSCORE key min max WITHSCORES`
    pub fn zrangebyscore_withscores<T: FromValue>(
        key: impl ToArgs,
        min: impl ToArgs,
        max: impl ToArgs,
    ) -> Cmd<Vec<(T, f64)>> {
        Cmd::new("ZRANGEBYSCORE")
            .read_only()
            .key(key)
            .arg(min)
            .arg(max)
            .arg("WITHSCORES")
    }

    /// `ZREVRANGEBYSCORE key max min` (note the order).
    pub fn zrevrangebyscore<T: FromValue>(
        key: impl ToArgs,
        max: impl ToArgs,
        min: impl ToArgs,
    ) -> Cmd<T> {
        Cmd::new("ZREVRANGEBYSCORE")
            .read_only()
            .key(key)
            .arg(max)
            .arg(min)
    }

    /// `ZRANGEBYLEX key min max`
    pub fn zrangebylex<T: FromValue>(
        key: impl ToArgs,
        min: impl ToArgs,
        max: impl ToArgs,
    ) -> Cmd<T> {
        Cmd::new("ZRANGEBYLEX")
            .read_only()
            .key(key)
            .arg(min)
            .arg(max)
    }

    /// `ZREVRANGEBYLEX key max min` (note the order).
    pub fn zrevrangebylex<T: FromValue>(
        key: impl ToArgs,
        max: impl ToArgs,
        min: impl ToArgs,
    ) -> Cmd<T> {
        Cmd::new("ZREVRANGEBYLEX")
            .read_only()
            .key(key)
            .arg(max)
            .arg(min)
    }

    /// `ZREMRANGEBYRANK key start stop`: how many members were removed.
    pub fn zremrangebyrank(key: impl ToArgs, start: i64, stop: i64) -> Cmd<usize> {
        Cmd::new("ZREMRANGEBYRANK").key(key).arg(start).arg(stop)
    }

    /// `ZREMRANGEBYSCORE key min max`
    pub fn zremrangebyscore(key: impl ToArgs, min: impl ToArgs, max: impl ToArgs) -> Cmd<usize> {
        Cmd::new("ZREMRANGEBYSCORE").key(key).arg(min).arg(max)
    }

    /// `ZREMRANGEBYLEX key min max`
    pub fn zremrangebylex(key: impl ToArgs, min: impl ToArgs, max: impl ToArgs) -> Cmd<usize> {
        Cmd::new("ZREMRANGEBYLEX").key(key).arg(min).arg(max)
    }

    /// `ZPOPMIN key count`: up to `count` members with the lowest scores, removed.
    pub fn zpopmin<T: FromValue>(key: impl ToArgs, count: usize) -> Cmd<Vec<(T, f64)>> {
        Cmd::new("ZPOPMIN").key(key).arg(count)
    }

    /// `ZPOPMAX key count`: up to `count` members with the highest scores, removed.
    pub fn zpopmax<T: FromValue>(key: impl ToArgs, count: usize) -> Cmd<Vec<(T, f64)>> {
        Cmd::new("ZPOPMAX").key(key).arg(count)
    }

    /// `BZPOPMIN key... timeout` (blocking): the key, member and score popped from the first
    /// non-empty set, or `None` after `timeout` seconds (0: forever).
    pub fn bzpopmin<T: FromValue>(
        keys: impl ToArgs,
        timeout: f64,
    ) -> Cmd<Option<(String, T, f64)>> {
        block_secs(Cmd::new("BZPOPMIN").key(keys).arg(timeout), timeout)
    }

    /// `BZPOPMAX key... timeout` (blocking).
    pub fn bzpopmax<T: FromValue>(
        keys: impl ToArgs,
        timeout: f64,
    ) -> Cmd<Option<(String, T, f64)>> {
        block_secs(Cmd::new("BZPOPMAX").key(keys).arg(timeout), timeout)
    }

    /// `ZMPOP numkeys key... MIN|MAX COUNT count`: the key and members popped from the first
    /// non-empty set, or `None`.
    pub fn zmpop<T: FromValue>(keys: impl ToArgs, end: MinMax, count: usize) -> Cmd<MultiPop<T>> {
        Cmd::new("ZMPOP")
            .counted_keys(keys)
            .arg(end)
            .arg("COUNT")
            .arg(count)
    }

    /// `BZMPOP timeout numkeys key... MIN|MAX COUNT count` (blocking).
    pub fn bzmpop<T: FromValue>(
        timeout: f64,
        keys: impl ToArgs,
        end: MinMax,
        count: usize,
    ) -> Cmd<MultiPop<T>> {
        let cmd = Cmd::new("BZMPOP")
            .arg(timeout)
            .counted_keys(keys)
            .arg(end)
            .arg("COUNT")
            .arg(count);
        block_secs(cmd, timeout)
    }

    /// `ZUNIONSTORE destination numkeys key... [WEIGHTS ...] [AGGREGATE ...]`: the size of the
    /// stored result.
    pub fn zunionstore(
        destination: impl ToArgs,
        keys: impl ToArgs,
        combine: ZCombine,
    ) -> Cmd<usize> {
        Cmd::new("ZUNIONSTORE")
            .key(destination)
            .counted_keys(keys)
            .arg(combine)
    }

    /// `ZINTERSTORE destination numkeys key... [WEIGHTS ...] [AGGREGATE ...]`
    pub fn zinterstore(
        destination: impl ToArgs,
        keys: impl ToArgs,
        combine: ZCombine,
    ) -> Cmd<usize> {
        Cmd::new("ZINTERSTORE")
            .key(destination)
            .counted_keys(keys)
            .arg(combine)
    }

    /// `ZDIFFSTORE destination numkeys key...`
    pub fn zdiffstore(destination: impl ToArgs, keys: impl ToArgs) -> Cmd<usize> {
        Cmd::new("ZDIFFSTORE").key(destination).counted_keys(keys)
    }

    /// `ZUNION numkeys key... [WEIGHTS ...] [AGGREGATE ...]`: the members of the union.
    pub fn zunion<T: FromValue>(keys: impl ToArgs, combine: ZCombine) -> Cmd<T> {
        Cmd::new("ZUNION")
            .read_only()
            .counted_keys(keys)
            .arg(combine)
    }

    /// `ZUNION numkeys key... [WEIGHTS ...] [AGGREGATE ...] WITHSCORES`
    pub fn zunion_withscores<T: FromValue>(
        keys: impl ToArgs,
        combine: ZCombine,
    ) -> Cmd<Vec<(T, f64)>> {
        Cmd::new("ZUNION")
            .read_only()
            .counted_keys(keys)
            .arg(combine)
            .arg("WITHSCORES")
    }

    /// `ZINTER numkeys key... [WEIGHTS ...] [AGGREGATE ...]`: the members of the intersection.
    pub fn zinter<T: FromValue>(keys: impl ToArgs, combine: ZCombine) -> Cmd<T> {
        Cmd::new("ZINTER")
            .read_only()
            .counted_keys(keys)
            .arg(combine)
    }

    /// `ZINTER numkeys key... [WEIGHTS ...] [AGGREGATE ...] WITHSCORES`
    pub fn zinter_withscores<T: FromValue>(
        keys: impl ToArgs,
        combine: ZCombine,
    ) -> Cmd<Vec<(T, f64)>> {
        Cmd::new("ZINTER")
            .read_only()
            .counted_keys(keys)
            .arg(combine)
            .arg("WITHSCORES")
    }

    /// `ZDIFF numkeys key...`: members of the first set in none of the others.
    pub fn zdiff<T: FromValue>(keys: impl ToArgs) -> Cmd<T> {
        Cmd::new("ZDIFF").read_only().counted_keys(keys)
    }

    /// `ZINTERCARD numkeys key... [LIMIT limit]`: the size of the intersection.
    pub fn zintercard(keys: impl ToArgs, limit: Option<usize>) -> Cmd<usize> {
        Cmd::new("ZINTERCARD")
            .read_only()
            .counted_keys(keys)
            .arg(limit.map(|n| ("LIMIT", n)))
    }

    /// `ZRANDMEMBER key`: a random member, or null.
    pub fn zrandmember<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
        Cmd::new("ZRANDMEMBER").read_only().key(key)
    }

    /// `ZRANDMEMBER key count`: up to `count` distinct members (negative: repeats allowed).
    pub fn zrandmember_count<T: FromValue>(key: impl ToArgs, count: i64) -> Cmd<T> {
        Cmd::new("ZRANDMEMBER").read_only().key(key).arg(count)
    }

    /// `ZRANDMEMBER key count WITHSCORES`
    pub fn zrandmember_withscores<T: FromValue>(
        key: impl ToArgs,
        count: i64,
    ) -> Cmd<Vec<(T, f64)>> {
        Cmd::new("ZRANDMEMBER")
            .read_only()
            .key(key)
            .arg(count)
            .arg("WITHSCORES")
    }

    /// `ZSCAN key cursor [MATCH pattern] [COUNT n]`: the next cursor (0 when done) and a page of
    /// members and scores, e.g. `(u64, Vec<(String, f64)>)`.
    pub fn zscan<T: FromValue>(
        key: impl ToArgs,
        cursor: u64,
        options: ScanOptions,
    ) -> Cmd<(u64, T)> {
        Cmd::new("ZSCAN")
            .read_only()
            .key(key)
            .arg(cursor)
            .arg(options)
    }
);
