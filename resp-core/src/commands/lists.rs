//! List commands, non-blocking and blocking (the blocking ones are marked
//! [`Dispatch::Blocking`](crate::Dispatch::Blocking) so clients run them on a leased
//! connection).

use super::reply::block_secs;
use crate::{ArgWriter, Cmd, FromValue, ToArgs};

/// An end of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `LEFT`: the head.
    Left,
    /// `RIGHT`: the tail.
    Right,
}

impl ToArgs for Direction {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        out.write_arg(match self {
            Direction::Left => b"LEFT",
            Direction::Right => b"RIGHT",
        })
    }
}

/// Where `LINSERT` puts the new element relative to the pivot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// `BEFORE`
    Before,
    /// `AFTER`
    After,
}

impl ToArgs for Position {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        out.write_arg(match self {
            Position::Before => b"BEFORE",
            Position::After => b"AFTER",
        })
    }
}

/// The options of `LPOS`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LposOptions {
    rank: Option<i64>,
    maxlen: Option<u64>,
}

impl LposOptions {
    /// No options: the first match from the head.
    pub fn new() -> Self {
        Self::default()
    }

    /// `RANK n`: the n-th match (negative: counting from the tail).
    pub fn rank(mut self, rank: i64) -> Self {
        self.rank = Some(rank);
        self
    }

    /// `MAXLEN n`: compare at most `n` elements.
    pub fn maxlen(mut self, maxlen: u64) -> Self {
        self.maxlen = Some(maxlen);
        self
    }
}

impl ToArgs for LposOptions {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        if let Some(rank) = self.rank {
            out.write_arg(b"RANK");
            out.write_int(rank);
        }
        if let Some(maxlen) = self.maxlen {
            out.write_arg(b"MAXLEN");
            out.write_int(maxlen);
        }
    }
}

commands!(
    /// `LPUSH key element...`: the length after the push.
    pub fn lpush(key: impl ToArgs, elements: impl ToArgs) -> Cmd<usize> {
        Cmd::new("LPUSH").key(key).arg(elements)
    }

    /// `RPUSH key element...`: the length after the push.
    pub fn rpush(key: impl ToArgs, elements: impl ToArgs) -> Cmd<usize> {
        Cmd::new("RPUSH").key(key).arg(elements)
    }

    /// `LPUSHX key element...`: pushes only onto an existing list; the length (0 when absent).
    pub fn lpushx(key: impl ToArgs, elements: impl ToArgs) -> Cmd<usize> {
        Cmd::new("LPUSHX").key(key).arg(elements)
    }

    /// `RPUSHX key element...`
    pub fn rpushx(key: impl ToArgs, elements: impl ToArgs) -> Cmd<usize> {
        Cmd::new("RPUSHX").key(key).arg(elements)
    }

    /// `LPOP key`: the head, or null when the list is empty.
    pub fn lpop<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
        Cmd::new("LPOP").key(key)
    }

    /// `LPOP key count`: up to `count` elements from the head (null when the list is empty, which
    /// reads as an empty `Vec`).
    pub fn lpop_count<T: FromValue>(key: impl ToArgs, count: usize) -> Cmd<T> {
        Cmd::new("LPOP").key(key).arg(count)
    }

    /// `RPOP key`: the tail, or null.
    pub fn rpop<T: FromValue>(key: impl ToArgs) -> Cmd<T> {
        Cmd::new("RPOP").key(key)
    }

    /// `RPOP key count`
    pub fn rpop_count<T: FromValue>(key: impl ToArgs, count: usize) -> Cmd<T> {
        Cmd::new("RPOP").key(key).arg(count)
    }

    /// `LLEN key`
    pub fn llen(key: impl ToArgs) -> Cmd<usize> {
        Cmd::new("LLEN").read_only().key(key)
    }

    /// `LRANGE key start stop`: the elements between two indexes, both inclusive; negative
    /// indexes count from the tail (`0, -1` is the whole list).
    pub fn lrange<T: FromValue>(key: impl ToArgs, start: i64, stop: i64) -> Cmd<T> {
        Cmd::new("LRANGE").read_only().key(key).arg(start).arg(stop)
    }

    /// `LINDEX key index`: the element, or null when out of range.
    pub fn lindex<T: FromValue>(key: impl ToArgs, index: i64) -> Cmd<T> {
        Cmd::new("LINDEX").read_only().key(key).arg(index)
    }

    /// `LSET key index element`
    pub fn lset(key: impl ToArgs, index: i64, element: impl ToArgs) -> Cmd<()> {
        Cmd::new("LSET").key(key).arg(index).arg(element)
    }

    /// `LREM key count element`: removes up to `count` matches (from the tail when negative, all
    /// when 0); how many were removed.
    pub fn lrem(key: impl ToArgs, count: i64, element: impl ToArgs) -> Cmd<usize> {
        Cmd::new("LREM").key(key).arg(count).arg(element)
    }

    /// `LTRIM key start stop`: keeps only the given range.
    pub fn ltrim(key: impl ToArgs, start: i64, stop: i64) -> Cmd<()> {
        Cmd::new("LTRIM").key(key).arg(start).arg(stop)
    }

    /// `LINSERT key BEFORE|AFTER pivot element`: the new length, -1 when the pivot was not found,
    /// 0 when the list does not exist.
    pub fn linsert(
        key: impl ToArgs,
        position: Position,
        pivot: impl ToArgs,
        element: impl ToArgs,
    ) -> Cmd<i64> {
        Cmd::new("LINSERT")
            .key(key)
            .arg(position)
            .arg(pivot)
            .arg(element)
    }

    /// `LPOS key element [RANK r] [MAXLEN n]`: the index of a match, or `None`.
    pub fn lpos(key: impl ToArgs, element: impl ToArgs, options: LposOptions) -> Cmd<Option<i64>> {
        Cmd::new("LPOS")
            .read_only()
            .key(key)
            .arg(element)
            .arg(options)
    }

    /// `LPOS key element COUNT n [RANK r] [MAXLEN n]`: the indexes of up to `count` matches
    /// (0: all).
    pub fn lpos_count(
        key: impl ToArgs,
        element: impl ToArgs,
        count: u64,
        options: LposOptions,
    ) -> Cmd<Vec<i64>> {
        Cmd::new("LPOS")
            .read_only()
            .key(key)
            .arg(element)
            .arg("COUNT")
            .arg(count)
            .arg(options)
    }

    /// `LMOVE source destination LEFT|RIGHT LEFT|RIGHT`: the moved element, or null when
    /// `source` is empty.
    pub fn lmove<T: FromValue>(
        source: impl ToArgs,
        destination: impl ToArgs,
        from: Direction,
        to: Direction,
    ) -> Cmd<T> {
        Cmd::new("LMOVE")
            .key(source)
            .key(destination)
            .arg(from)
            .arg(to)
    }

    /// `RPOPLPUSH source destination` (superseded by
    /// [`lists::lmove`](resp_core::commands::lists::lmove)).
    pub fn rpoplpush<T: FromValue>(source: impl ToArgs, destination: impl ToArgs) -> Cmd<T> {
        Cmd::new("RPOPLPUSH").key(source).key(destination)
    }

    /// `LMPOP numkeys key... LEFT|RIGHT COUNT n`: pops from the first non-empty list; the key and
    /// its elements, or null. Read it as e.g. `Option<(String, Vec<String>)>`.
    pub fn lmpop<T: FromValue>(keys: impl ToArgs, from: Direction, count: usize) -> Cmd<T> {
        Cmd::new("LMPOP")
            .counted_keys(keys)
            .arg(from)
            .arg("COUNT")
            .arg(count)
    }

    /// `BLPOP key... timeout` (blocking): the key and the popped head, or null after `timeout`
    /// seconds (0: wait forever). Read it as e.g. `Option<(String, String)>`.
    pub fn blpop<T: FromValue>(keys: impl ToArgs, timeout: f64) -> Cmd<T> {
        block_secs(Cmd::new("BLPOP").key(keys).arg(timeout), timeout)
    }

    /// `BRPOP key... timeout` (blocking): as [`lists::blpop`](resp_core::commands::lists::blpop),
    /// from the tail.
    pub fn brpop<T: FromValue>(keys: impl ToArgs, timeout: f64) -> Cmd<T> {
        block_secs(Cmd::new("BRPOP").key(keys).arg(timeout), timeout)
    }

    /// `BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout` (blocking): the moved element,
    /// or null after the timeout.
    pub fn blmove<T: FromValue>(
        source: impl ToArgs,
        destination: impl ToArgs,
        from: Direction,
        to: Direction,
        timeout: f64,
    ) -> Cmd<T> {
        block_secs(
            Cmd::new("BLMOVE")
                .key(source)
                .key(destination)
                .arg(from)
                .arg(to)
                .arg(timeout),
            timeout,
        )
    }

    /// `BRPOPLPUSH source destination timeout` (blocking; superseded by
    /// [`lists::blmove`](resp_core::commands::lists::blmove)).
    pub fn brpoplpush<T: FromValue>(
        source: impl ToArgs,
        destination: impl ToArgs,
        timeout: f64,
    ) -> Cmd<T> {
        block_secs(
            Cmd::new("BRPOPLPUSH")
                .key(source)
                .key(destination)
                .arg(timeout),
            timeout,
        )
    }

    /// `BLMPOP timeout numkeys key... LEFT|RIGHT COUNT n` (blocking): as
    /// [`lists::lmpop`](resp_core::commands::lists::lmpop), waiting up to `timeout` seconds.
    pub fn blmpop<T: FromValue>(
        timeout: f64,
        keys: impl ToArgs,
        from: Direction,
        count: usize,
    ) -> Cmd<T> {
        let cmd = Cmd::new("BLMPOP")
            .arg(timeout)
            .counted_keys(keys)
            .arg(from)
            .arg("COUNT")
            .arg(count);
        block_secs(cmd, timeout)
    }
);
