//! The fast path for big arrays: runs of complete bulk strings, integers and nulls inside an
//! array, set or push are scanned in one go, the buffer is split once for the whole run, and
//! each bulk string is a slice of that. Splitting the buffer per bulk string costs about twice
//! as much as slicing (it moves the buffer's start twice), and that was most of the time spent
//! on an array of short bulk strings.
//!
//! The run stops at anything else (an aggregate, a text line, a partial or malformed element,
//! a broken limit), which the general path then decodes or reports, so errors and their offsets
//! are the same as without the fast path. Each byte of the run is examined once: what the scan
//! learns is kept in a list of [`Item`]s, not scanned again.

use bytes::BytesMut;

use super::scan::{self, Len};
use super::{Decoder, ELEMENT_COST};
use crate::Value;

/// Runs shorter than this are left to the general path: the fixed cost is not worth it.
const MIN_RUN: u64 = 4;

/// Longer runs are taken in parts of this many elements, so the item list stays small enough
/// to sit in cache (a whole 16 MiB array in one part took three times as long).
const MAX_RUN: usize = 1024;

/// One element of a run: where a bulk string's data is in the run, or a value.
#[derive(Clone, Copy, Debug)]
pub(super) enum Item {
    Bulk { start: usize, len: usize },
    Integer(i64),
    Null,
}

impl Decoder {
    /// Decodes the run of simple elements at the front of `buf` into the open list, if any.
    pub(super) fn batch(&mut self, buf: &mut BytesMut) {
        if self.body.is_some() {
            return;
        }
        let room = match self.stack.last() {
            Some(top) => top.list_room(self.limits.max_elements),
            None => return,
        };
        if room < MIN_RUN {
            return;
        }
        let mut room = usize::try_from(room).unwrap_or(usize::MAX);
        let mut items = std::mem::take(&mut self.run_items);
        loop {
            items.clear();
            let budget = self
                .limits
                .max_reply_memory
                .saturating_sub(self.reply_memory());
            let limits = (self.limits.max_bulk_len, budget);
            let end = scan_run(buf, room.min(MAX_RUN), limits, &mut items);
            if items.is_empty() {
                break;
            }
            self.examined += end as u64;
            self.offset += end as u64;
            self.scanned = 0;
            let run = buf.split_to(end).freeze();
            if let Some(list) = self
                .stack
                .last_mut()
                .and_then(|top| top.list_for(items.len()))
            {
                self.reply_elements += items.len() as u64;
                list.reserve(items.len());
                for item in &items {
                    list.push(match *item {
                        Item::Bulk { start, len } => {
                            Value::BulkString(run.slice(start..start + len))
                        }
                        Item::Integer(n) => Value::Integer(n),
                        Item::Null => Value::Null,
                    });
                }
            }
            if items.len() < MAX_RUN {
                break;
            }
            room -= items.len();
        }
        self.run_items = items;
    }
}

/// Scans up to `room` complete simple elements from the start of `buf` into `items`; returns
/// the index after the last one. `limits` are the longest bulk string and the memory the run
/// may hold (see [`crate::Limits::max_reply_memory`]): the run stops before the element that
/// would break the budget, and the general path reports it, at the same offset however the
/// input was chunked.
fn scan_run(buf: &[u8], room: usize, limits: (u64, u64), items: &mut Vec<Item>) -> usize {
    let (max_bulk_len, budget) = limits;
    let mut pos = 0;
    while items.len() < room {
        let item = match buf.get(pos) {
            Some(b'$') => match scan::len_line(buf, pos + 1, true, false) {
                Ok(Some((Len::Null, end))) => (Item::Null, end),
                Ok(Some((Len::Count(n), data))) if n <= max_bulk_len => {
                    let Ok(len) = usize::try_from(n) else { break };
                    match scan::crlf(buf, data.saturating_add(len)) {
                        Ok(Some(end)) => (Item::Bulk { start: data, len }, end),
                        _ => break,
                    }
                }
                _ => break,
            },
            Some(b':') => match scan::int_line(buf, pos + 1) {
                Ok(Some((n, end))) => (Item::Integer(n), end),
                _ => break,
            },
            Some(b'_') => match scan::crlf(buf, pos + 1) {
                Ok(Some(end)) => (Item::Null, end),
                _ => break,
            },
            _ => break,
        };
        let held = (item.1 as u64).saturating_add((items.len() as u64 + 1) * ELEMENT_COST);
        if held > budget {
            break;
        }
        items.push(item.0);
        pos = item.1;
    }
    pos
}
