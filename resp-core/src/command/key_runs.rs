//! Which arguments of a [`Cmd`](super::Cmd) are keys.
//!
//! Builders mark keys as they write them ([`Cmd::key`](super::Cmd::key) and friends), so
//! cluster routing can hash every key of a typed command without a table of key positions.
//! What is recorded is argument indexes, not copies of the keys: a run is a start, a count and
//! a step, and the common shapes (no key, one key, one run such as `DEL a b c` or MSET's every
//! other argument, or two runs such as `ZUNIONSTORE dst numkeys k1 k2`) fit inline, so marking
//! keys allocates nothing. The key bytes are found again in the encoded body when asked for.

use std::iter;

/// `count` key arguments starting at index `first`, every `step`-th one. Indexes count the
/// command name as 0, as Redis's key specs do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct KeyRun {
    first: u32,
    count: u32,
    step: u32,
}

impl KeyRun {
    /// The index after this run's last key, where a continuation of it would start.
    fn next(&self) -> u64 {
        u64::from(self.first) + u64::from(self.count) * u64::from(self.step)
    }

    fn indexes(self) -> impl Iterator<Item = usize> {
        (0..self.count).map(move |i| to_usize(self.first) + to_usize(i) * to_usize(self.step))
    }
}

/// How many runs are stored without allocating: two cover every typed builder.
const INLINE: usize = 2;

/// The key runs of one command, in argument order (keys are marked as they are written, so
/// runs never overlap and their indexes only grow).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct KeyRuns {
    inline: [KeyRun; INLINE],
    /// How many of `inline` are used.
    len: u8,
    /// Runs past the inline ones: only for hand-built commands with keys scattered more
    /// widely than any builder writes them. Empty, it has not allocated.
    more: Vec<KeyRun>,
}

impl KeyRuns {
    /// Records `count` keys from argument index `first`, every `step`-th argument.
    #[inline]
    pub(crate) fn push(&mut self, first: usize, count: usize, step: usize) {
        if count == 0 {
            return;
        }
        // A single key has no step; normalising it lets `key(a)` then `key(b)` merge.
        let step = if count == 1 { 1 } else { step };
        let run = KeyRun {
            first: to_u32(first),
            count: to_u32(count),
            step: to_u32(step),
        };
        if let Some(last) = self.last_mut() {
            let continues = last.next() == u64::from(run.first);
            // A continuation at the run's own step extends it, and a single key has no step
            // of its own (`key(a)` then `key(b)` is one run).
            if continues && (last.step == run.step || run.count == 1) {
                last.count = last.count.saturating_add(run.count);
                return;
            }
        }
        match self.inline.get_mut(usize::from(self.len)) {
            Some(slot) => {
                *slot = run;
                self.len += 1;
            }
            None => self.more.push(run),
        }
    }

    fn last_mut(&mut self) -> Option<&mut KeyRun> {
        if self.more.is_empty() {
            let len = usize::from(self.len);
            self.inline[..len].last_mut()
        } else {
            self.more.last_mut()
        }
    }

    /// The argument index of every key, ascending.
    pub(crate) fn indexes(&self) -> impl Iterator<Item = usize> + '_ {
        self.inline[..usize::from(self.len)]
            .iter()
            .chain(&self.more)
            .flat_map(|run| run.indexes())
    }
}

impl KeyRuns {
    /// How many runs are stored inline and how many spilled, for tests of the bookkeeping.
    #[cfg(test)]
    pub(crate) fn shape(&self) -> (usize, usize) {
        (usize::from(self.len), self.more.len())
    }
}

/// Redis refuses commands of more than `i32::MAX` arguments, so every index that can be sent
/// fits; saturating keeps an absurd command from panicking while it is built.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn to_usize(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// The arguments of an encoded command body (bulk strings back to back, name first).
/// The body is written by `Cmd` itself, so a malformed one cannot occur; if it did, iteration
/// would stop rather than panic.
pub(crate) fn arguments(body: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = body;
    iter::from_fn(move || {
        let header_end = memchr::memchr(b'\r', rest)?;
        let len = parse_len(rest.get(1..header_end)?)?;
        let start = header_end + 2;
        let arg = rest.get(start..start.checked_add(len)?)?;
        rest = rest.get(start + len + 2..).unwrap_or_default();
        Some(arg)
    })
}

fn parse_len(digits: &[u8]) -> Option<usize> {
    digits.iter().try_fold(0usize, |n, &d| {
        let digit = usize::from(d.checked_sub(b'0').filter(|d| *d <= 9)?);
        n.checked_mul(10)?.checked_add(digit)
    })
}
