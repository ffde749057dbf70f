//! [`CommandTable`]: where each command's keys are and whether it only reads, as the server's
//! `COMMAND` reply says, for commands sent without marked keys (the `cmd` escape hatch).

use std::collections::HashMap;

use super::topology::{field, fields, integer, text};
use crate::{Cmd, Value};

/// Where the keys of one command are: its key specs (Redis 7), or the legacy first key,
/// last key and step when it has none; and whether it only reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct CommandKeys {
    specs: Vec<KeySearch>,
    read_only: bool,
    subcommands: HashMap<String, CommandKeys>,
}

/// One key spec: where the search begins, and how the keys are found from there.
#[derive(Clone, Debug, PartialEq, Eq)]
enum KeySearch {
    /// Keys from `begin` (an argument index, the name being 0) to `last` (relative to
    /// `begin`; negative counts from the end, -1 being the last argument), every `step`.
    Range {
        begin: Begin,
        last: i64,
        step: i64,
        limit: i64,
    },
    /// The argument at `begin + count_at` says how many keys follow, the first at
    /// `begin + first`, every `step` (EVAL, ZUNIONSTORE, LMPOP, ...).
    Counted {
        begin: Begin,
        count_at: i64,
        first: i64,
        step: i64,
    },
}

/// Where a key spec's search starts.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Begin {
    /// At this argument.
    Index(i64),
    /// After the keyword found first from argument `from` on (from the end backwards
    /// when `from` is negative).
    Keyword { keyword: Vec<u8>, from: i64 },
}

impl CommandKeys {
    /// Reads one command's entry of a `COMMAND` / `COMMAND INFO` reply: `[name, arity, flags,
    /// first, last, step, acl categories, tips, key specs, subcommands]` (Redis 7; earlier
    /// servers send only the first six or seven, and the legacy positions are used).
    fn from_entry(entry: &Value) -> Option<(String, CommandKeys)> {
        let Value::Array(info) = entry else {
            return None;
        };
        let name = text(info.first()?)?.to_ascii_lowercase();
        let flags = match info.get(2) {
            Some(Value::Array(f)) | Some(Value::Set(f)) => f.iter().filter_map(text).collect(),
            _ => Vec::new(),
        };
        let has = |flag: &str| flags.iter().any(|f: &String| f.eq_ignore_ascii_case(flag));
        // RESP3 sends the key specs and subcommands as sets.
        let list = |i: usize| match info.get(i) {
            Some(Value::Array(items)) | Some(Value::Set(items)) => items.as_slice(),
            _ => &[],
        };
        let mut specs: Vec<KeySearch> = list(8).iter().filter_map(key_search).collect();
        if list(8).is_empty() {
            let (first, last, step) = (
                integer(info.get(3)?)?,
                integer(info.get(4)?)?,
                integer(info.get(5)?)?,
            );
            if first > 0 && step > 0 {
                let last = if last < 0 { last } else { last - first };
                specs.push(KeySearch::Range {
                    begin: Begin::Index(first),
                    last,
                    step,
                    limit: 0,
                });
            }
        }
        let subcommands = list(9)
            .iter()
            .filter_map(CommandKeys::from_entry)
            .map(|(name, keys)| {
                // `object|encoding` -> `encoding`
                let sub = name.rsplit('|').next().unwrap_or(&name).to_owned();
                (sub, keys)
            })
            .collect();
        Some((
            name,
            CommandKeys {
                specs,
                read_only: has("readonly") && !has("blocking"),
                subcommands,
            },
        ))
    }

    /// The entry that applies to `args` (the subcommand's, for a container command).
    fn resolve<'a>(&'a self, args: &[&[u8]]) -> &'a CommandKeys {
        if self.subcommands.is_empty() {
            return self;
        }
        args.get(1)
            .map(|sub| String::from_utf8_lossy(sub).to_ascii_lowercase())
            .and_then(|sub| self.subcommands.get(&sub))
            .unwrap_or(self)
    }

    fn keys<'a>(&self, args: &[&'a [u8]]) -> Vec<&'a [u8]> {
        let mut keys = Vec::new();
        for spec in &self.specs {
            spec.collect(args, &mut keys);
        }
        keys
    }
}

impl Begin {
    fn position(&self, args: &[&[u8]]) -> Option<i64> {
        match *self {
            Begin::Index(i) => Some(i),
            Begin::Keyword { ref keyword, from } => {
                let keyword = keyword.as_slice();
                let n = i64::try_from(args.len()).ok()?;
                let is = |i: i64| {
                    usize::try_from(i)
                        .ok()
                        .and_then(|i| args.get(i))
                        .is_some_and(|a| a.eq_ignore_ascii_case(keyword))
                };
                let found = if from >= 0 {
                    (from..n).find(|&i| is(i))
                } else {
                    (1..=n + from).rev().find(|&i| is(i))
                };
                found.map(|i| i + 1)
            }
        }
    }
}

impl KeySearch {
    fn collect<'a>(&self, args: &[&'a [u8]], out: &mut Vec<&'a [u8]>) {
        let n = i64::try_from(args.len()).unwrap_or(i64::MAX);
        let arg = |i: i64| usize::try_from(i).ok().and_then(|i| args.get(i)).copied();
        let (start, end, step) = match *self {
            KeySearch::Range {
                ref begin,
                last,
                step,
                limit,
            } => {
                let Some(start) = begin.position(args) else {
                    return;
                };
                let end = if last >= 0 {
                    start + last
                } else if last == -1 && limit > 1 {
                    start + (n - start) / limit - 1
                } else {
                    n + last
                };
                (start, end, step)
            }
            KeySearch::Counted {
                ref begin,
                count_at,
                first,
                step,
            } => {
                let Some(start) = begin.position(args) else {
                    return;
                };
                let count = arg(start + count_at)
                    .and_then(|c| std::str::from_utf8(c).ok())
                    .and_then(|c| c.parse::<i64>().ok())
                    .unwrap_or(0);
                let first = start + first;
                (first, first + (count - 1) * step, step)
            }
        };
        if step <= 0 || start <= 0 {
            return;
        }
        let mut i = start;
        while i <= end.min(n - 1) {
            if let Some(key) = arg(i) {
                out.push(key);
            }
            i += step;
        }
    }
}

/// One key spec of a Redis 7 `COMMAND` entry, when it is of a kind that can be followed
/// (`index` or `keyword` begin search; `range` or `keynum` find keys).
fn key_search(spec: &Value) -> Option<KeySearch> {
    let spec = fields(spec)?;
    let begin = fields(field(&spec, "begin_search")?)?;
    let begin_spec = fields(field(&begin, "spec")?)?;
    let begin = match text(field(&begin, "type")?)?.as_str() {
        "index" => Begin::Index(integer(field(&begin_spec, "index")?)?),
        "keyword" => Begin::Keyword {
            keyword: text(field(&begin_spec, "keyword")?)?.into_bytes(),
            from: integer(field(&begin_spec, "startfrom")?)?,
        },
        _ => return None,
    };
    let find = fields(field(&spec, "find_keys")?)?;
    let find_spec = fields(field(&find, "spec")?)?;
    let get = |name: &str| field(&find_spec, name).and_then(integer);
    match text(field(&find, "type")?)?.as_str() {
        "range" => Some(KeySearch::Range {
            begin,
            last: get("lastkey")?,
            step: get("keystep")?,
            limit: get("limit").unwrap_or(0),
        }),
        "keynum" => Some(KeySearch::Counted {
            begin,
            count_at: get("keynumidx")?,
            first: get("firstkey")?,
            step: get("keystep")?,
        }),
        _ => None,
    }
}

/// Every command the server knows, with where its keys are: parsed once from a `COMMAND`
/// reply (or `COMMAND INFO name...`), RESP2 or RESP3. A cluster client uses it for commands
/// sent without marked keys.
///
/// ```
/// use resp_core::cluster::CommandTable;
/// use resp_core::{cmd, Value};
///
/// // COMMAND INFO's legacy part for GET: [name, arity, flags, first key, last key, step].
/// let get = Value::Array(vec![
///     Value::BulkString("get".into()),
///     Value::Integer(2),
///     Value::Array(vec![Value::SimpleString("readonly".into())]),
///     Value::Integer(1),
///     Value::Integer(1),
///     Value::Integer(1),
/// ]);
/// let table = CommandTable::from_reply(&Value::Array(vec![get]));
/// let command = cmd("GET").arg("user:1");
/// assert_eq!(table.keys(&command), Some(vec![&b"user:1"[..]]));
/// assert!(table.is_read_only(&command));
/// assert_eq!(table.keys(&cmd("NOSUCH")), None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandTable {
    commands: HashMap<String, CommandKeys>,
}

impl CommandTable {
    /// Parses a `COMMAND` or `COMMAND INFO` reply; entries it cannot read (and nulls, for
    /// names the server does not know) are left out.
    pub fn from_reply(reply: &Value) -> CommandTable {
        let commands = match reply {
            Value::Array(entries) | Value::Set(entries) => {
                entries.iter().filter_map(CommandKeys::from_entry).collect()
            }
            _ => HashMap::new(),
        };
        CommandTable { commands }
    }

    /// How many commands the table knows.
    pub fn len(&self) -> usize {
        self.commands.len()
    }

    /// Whether the table knows no command (the server refused `COMMAND`).
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    fn entry<T>(&self, cmd: &Cmd<T>) -> Option<&CommandKeys> {
        let name = String::from_utf8_lossy(cmd.name()).to_ascii_lowercase();
        let args: Vec<&[u8]> = cmd.arguments().take(2).collect();
        Some(self.commands.get(&name)?.resolve(&args))
    }

    /// The keys of `cmd` by the server's key specs (the subcommand's for a container
    /// command such as `OBJECT` or `XINFO`); `None` when the server does not know it.
    pub fn keys<'a, T>(&self, cmd: &'a Cmd<T>) -> Option<Vec<&'a [u8]>> {
        let entry = self.entry(cmd)?;
        let args: Vec<&'a [u8]> = cmd.arguments().collect();
        Some(entry.keys(&args))
    }

    /// Whether the server flags `cmd` (or its subcommand) `readonly` and not `blocking`.
    pub fn is_read_only<T>(&self, cmd: &Cmd<T>) -> bool {
        self.entry(cmd).is_some_and(|e| e.read_only)
    }
}
