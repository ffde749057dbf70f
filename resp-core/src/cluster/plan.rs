//! Plans: a multi-key command split per slot ([`Split`]), a non-atomic pipeline split per
//! node ([`PipelinePlan`]), and where keyless commands run ([`Fanout`]).

use bytes::Bytes;

use super::slot::key_slot;
use crate::{Cmd, Value};

/// How the replies of a split command's parts become the reply the caller expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Merge {
    /// One value per key (MGET): put back in the caller's key order.
    PerKey,
    /// A count per part (DEL, UNLINK, EXISTS, TOUCH): added up.
    Sum,
    /// `OK` per part (MSET): `OK` once all parts said it.
    Ok,
}

/// One part of a split command: the keys (and values) of one slot.
#[derive(Clone, Debug)]
pub struct Part {
    /// The slot of every key of this part.
    pub slot: u16,
    /// The command for these keys only.
    pub cmd: Cmd<Value>,
    /// For each key of this part, its position among the original command's keys.
    pub positions: Vec<usize>,
}

/// A multi-key command whose keys span slots, split into one command per slot.
///
/// Only commands that mean the same split as whole are split: MGET, MSET, DEL, UNLINK,
/// EXISTS, TOUCH. (MSETNX is not: its all-or-nothing promise cannot hold across nodes.)
/// MSET loses its atomicity across slots: each slot's part is atomic on its own.
///
/// ```
/// use resp_core::cluster::{Merge, Split};
/// use resp_core::{cmd, Value};
///
/// let mget = cmd("MGET").key(["{a}1", "{b}1", "{a}2"]);
/// let split = Split::plan(&mget).unwrap();
/// assert_eq!(split.parts.len(), 2);
/// assert_eq!(split.merge, Merge::PerKey);
/// let replies = vec![
///     Value::Array(vec![Value::Integer(1), Value::Integer(3)]), // {a}1, {a}2
///     Value::Array(vec![Value::Integer(2)]),                    // {b}1
/// ];
/// assert_eq!(
///     split.merge_replies(replies),
///     Value::Array(vec![Value::Integer(1), Value::Integer(2), Value::Integer(3)])
/// );
/// ```
#[derive(Clone, Debug)]
pub struct Split {
    /// One command per slot, in the order the slots first appear among the keys.
    pub parts: Vec<Part>,
    /// How the parts' replies are merged.
    pub merge: Merge,
    keys: usize,
}

impl Split {
    /// The per-slot plan for `cmd`, or `None` when it is not one of the splittable commands
    /// or all its keys share a slot (send it as it is).
    pub fn plan<T>(cmd: &Cmd<T>) -> Option<Split> {
        let name = cmd.name();
        let (merge, pairs) = if name.eq_ignore_ascii_case(b"MGET") {
            (Merge::PerKey, false)
        } else if name.eq_ignore_ascii_case(b"MSET") {
            (Merge::Ok, true)
        } else if [&b"DEL"[..], b"UNLINK", b"EXISTS", b"TOUCH"]
            .iter()
            .any(|n| name.eq_ignore_ascii_case(n))
        {
            (Merge::Sum, false)
        } else {
            return None;
        };
        let args: Vec<&[u8]> = cmd.arguments().skip(1).collect();
        let step = if pairs { 2 } else { 1 };
        let mut parts: Vec<Part> = Vec::new();
        for (position, chunk) in args.chunks(step).enumerate() {
            let key = chunk[0];
            let slot = key_slot(key);
            let index = match parts.iter().position(|p| p.slot == slot) {
                Some(i) => i,
                None => {
                    let mut part_cmd = Cmd::new(std::str::from_utf8(name).unwrap_or("MGET"));
                    if cmd.is_read_only() {
                        part_cmd = part_cmd.read_only();
                    }
                    parts.push(Part {
                        slot,
                        cmd: part_cmd,
                        positions: Vec::new(),
                    });
                    parts.len() - 1
                }
            };
            let part = &mut parts[index];
            part.cmd.push_key(key);
            for value in &chunk[1..] {
                part.cmd.push_arg(*value);
            }
            part.positions.push(position);
        }
        if parts.len() < 2 {
            return None;
        }
        Some(Split {
            keys: args.len() / step,
            parts,
            merge,
        })
    }

    /// Merges the parts' replies (in [`Split::parts`] order) into the reply the whole command
    /// would have had. The first error reply, if any, is the result.
    pub fn merge_replies(&self, replies: Vec<Value>) -> Value {
        if let Some(error) = replies.iter().find(|v| v.is_error()) {
            return error.clone();
        }
        match self.merge {
            Merge::Sum => Value::Integer(
                replies
                    .iter()
                    .map(|v| if let Value::Integer(n) = v { *n } else { 0 })
                    .sum(),
            ),
            Merge::Ok => Value::SimpleString(Bytes::from_static(b"OK")),
            Merge::PerKey => {
                let mut out = vec![Value::Null; self.keys];
                for (part, reply) in self.parts.iter().zip(replies) {
                    let Value::Array(values) = reply else {
                        continue;
                    };
                    for (position, value) in part.positions.iter().zip(values) {
                        if let Some(slot) = out.get_mut(*position) {
                            *slot = value;
                        }
                    }
                }
                Value::Array(out)
            }
        }
    }
}

/// A non-atomic pipeline split by target (a node): each group is sent as one pipeline, and
/// [`PipelinePlan::reassemble`] puts the replies back in the caller's order.
///
/// ```
/// use resp_core::cluster::PipelinePlan;
/// use resp_core::Value;
///
/// let plan = PipelinePlan::new(["a", "b", "a"]);
/// assert_eq!(plan.groups(), &[("a", vec![0, 2]), ("b", vec![1])]);
/// let replies = vec![
///     vec![Value::Integer(0), Value::Integer(2)],
///     vec![Value::Integer(1)],
/// ];
/// assert_eq!(
///     plan.reassemble(replies),
///     vec![Value::Integer(0), Value::Integer(1), Value::Integer(2)]
/// );
/// ```
#[derive(Clone, Debug)]
pub struct PipelinePlan<N> {
    groups: Vec<(N, Vec<usize>)>,
    len: usize,
}

impl<N: PartialEq> PipelinePlan<N> {
    /// Groups commands by target: `targets` names each command's target, in order.
    pub fn new(targets: impl IntoIterator<Item = N>) -> Self {
        let mut groups: Vec<(N, Vec<usize>)> = Vec::new();
        let mut len = 0;
        for (i, target) in targets.into_iter().enumerate() {
            len = i + 1;
            match groups.iter_mut().find(|(t, _)| *t == target) {
                Some((_, indexes)) => indexes.push(i),
                None => groups.push((target, vec![i])),
            }
        }
        PipelinePlan { groups, len }
    }

    /// The targets with the positions of their commands, in order of first appearance.
    pub fn groups(&self) -> &[(N, Vec<usize>)] {
        &self.groups
    }

    /// Puts each group's replies (in [`PipelinePlan::groups`] order) back in command order.
    /// A missing reply becomes `Nil`.
    pub fn reassemble(&self, replies: Vec<Vec<Value>>) -> Vec<Value> {
        let mut out = vec![Value::Null; self.len];
        for ((_, indexes), values) in self.groups.iter().zip(replies) {
            for (i, value) in indexes.iter().zip(values) {
                if let Some(slot) = out.get_mut(*i) {
                    *slot = value;
                }
            }
        }
        out
    }
}

/// Where a command without keys runs in a cluster, and how the replies combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fanout {
    /// On any one primary.
    Any,
    /// On every primary; the first reply stands for all (an error reply wins): PING,
    /// FLUSHALL, FLUSHDB, SCRIPT LOAD / FLUSH, FUNCTION LOAD / DELETE / FLUSH / RESTORE.
    All,
    /// On every primary, integer replies added up: DBSIZE.
    Sum,
    /// On every primary, array replies concatenated: KEYS.
    Concat,
}

impl Fanout {
    /// The fan-out of a keyless command, by its name and subcommand.
    ///
    /// ```
    /// use resp_core::cluster::Fanout;
    /// use resp_core::cmd;
    ///
    /// assert_eq!(Fanout::of(&cmd("script").arg("load").arg("return 1")), Fanout::All);
    /// assert_eq!(Fanout::of(&cmd("DBSIZE")), Fanout::Sum);
    /// assert_eq!(Fanout::of(&cmd("TIME")), Fanout::Any);
    /// ```
    pub fn of<T>(cmd: &Cmd<T>) -> Fanout {
        let mut args = cmd.arguments();
        let name = args.next().unwrap_or_default();
        let sub = args.next().unwrap_or_default();
        let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
        let sub_is = |subs: &[&str]| subs.iter().any(|s| sub.eq_ignore_ascii_case(s.as_bytes()));
        let everywhere = is("PING")
            || is("FLUSHALL")
            || is("FLUSHDB")
            || (is("SCRIPT") && sub_is(&["LOAD", "FLUSH"]))
            || (is("FUNCTION") && sub_is(&["LOAD", "DELETE", "FLUSH", "RESTORE"]));
        if everywhere {
            Fanout::All
        } else if is("DBSIZE") {
            Fanout::Sum
        } else if is("KEYS") {
            Fanout::Concat
        } else {
            Fanout::Any
        }
    }

    /// Combines the replies of every primary.
    pub fn combine(self, replies: Vec<Value>) -> Value {
        if let Some(error) = replies.iter().find(|v| v.is_error()) {
            return error.clone();
        }
        match self {
            Fanout::Any | Fanout::All => replies.into_iter().next().unwrap_or(Value::Null),
            Fanout::Sum => Value::Integer(
                replies
                    .iter()
                    .map(|v| if let Value::Integer(n) = v { *n } else { 0 })
                    .sum(),
            ),
            Fanout::Concat => Value::Array(
                replies
                    .into_iter()
                    .flat_map(|v| match v {
                        Value::Array(items) | Value::Set(items) => items,
                        _ => Vec::new(),
                    })
                    .collect(),
            ),
        }
    }
}
