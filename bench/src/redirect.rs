//! The cost of a `MOVED` redirect (cluster mode): a slot is moved to another primary behind
//! the clients' back, then the first request for a key in it is timed against the same
//! request once the client has caught up.
//!
//! Each measurement uses a slot that no workload key hashes to and that no earlier
//! measurement moved, so every client meets its own first `MOVED` on an empty slot, with a
//! warm connection to both the old and the new owner: what is timed is the redirect itself
//! (the refused request, the client's reaction to `MOVED`, the request sent again), not
//! connection setup.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use bytes::Bytes;
use client_tokio::resp_core::cluster::{key_slot, SLOTS};
use client_tokio::Value;
use harness::RedisCluster;

use crate::clients::BenchClient;
use crate::error::BenchError;
use crate::scenario::check_get;
use crate::stats::quantile;

/// Every measurement of one client.
#[derive(Debug, Default)]
pub(crate) struct RedirectRow {
    pub(crate) label: String,
    /// The first SET after its slot moved: the node that refused it, and the retry.
    pub(crate) first: Vec<Duration>,
    /// The median SET on the same slot afterwards, one per measurement.
    pub(crate) steady: Vec<Duration>,
    /// Moves after which the old owner had answered no `MOVED` (the client learned the new
    /// owner some other way); left out of `first` and `steady`.
    pub(crate) without_moved: usize,
}

impl RedirectRow {
    pub(crate) fn new(label: &str) -> RedirectRow {
        RedirectRow {
            label: label.to_owned(),
            ..RedirectRow::default()
        }
    }

    /// Median first request, median steady request, in µs.
    pub(crate) fn medians(&self) -> Option<(f64, f64)> {
        let us = |v: &[Duration]| quantile(v.iter().map(|d| d.as_secs_f64() * 1e6).collect(), 0.5);
        us(&self.first).zip(us(&self.steady))
    }
}

/// Moves slots of a cluster the bench started and hands out fresh ones.
pub(crate) struct SlotMover<'a> {
    cluster: &'a RedisCluster,
    ids: HashMap<u16, String>,
    /// Slots that workload keys hash to or that were moved already.
    used: BTreeSet<u16>,
    next_tag: usize,
}

impl<'a> SlotMover<'a> {
    /// `keys`: the workload's keys, whose slots are never moved.
    ///
    /// # Errors
    /// A node did not tell its id.
    pub(crate) fn new(cluster: &'a RedisCluster, keys: &[String]) -> Result<Self, BenchError> {
        let mut ids = HashMap::new();
        for &port in cluster.ports() {
            ids.insert(port, cluster.node_id(port).map_err(BenchError::Server)?);
        }
        Ok(SlotMover {
            cluster,
            ids,
            used: keys.iter().map(|k| key_slot(k.as_bytes())).collect(),
            next_tag: 0,
        })
    }

    /// A hash tag whose slot is fresh; marks the slot used.
    ///
    /// # Errors
    /// Every slot was used.
    pub(crate) fn fresh_tag(&mut self) -> Result<String, BenchError> {
        while self.used.len() < usize::from(SLOTS) {
            let tag = format!("bench-moved-{}", self.next_tag);
            self.next_tag += 1;
            if self.used.insert(key_slot(tag.as_bytes())) {
                return Ok(tag);
            }
        }
        Err(BenchError::Redirect("no unused slot left to move".into()))
    }

    /// How many `MOVED` replies the node at `port` has sent (`errorstat_MOVED` of `INFO
    /// errorstats`), to confirm that a measured request really was redirected.
    ///
    /// # Errors
    /// The node could not be reached or answered something else.
    pub(crate) fn moved_replies(&self, port: u16) -> Result<u64, BenchError> {
        let info = self
            .cluster
            .command(port, &["INFO", "errorstats"])
            .map_err(BenchError::Server)?;
        let text = match &info {
            Value::BulkString(b) | Value::SimpleString(b) => String::from_utf8_lossy(b),
            Value::VerbatimString { text, .. } => String::from_utf8_lossy(text),
            other => {
                return Err(BenchError::Redirect(format!(
                    "INFO errorstats on {port}: {other:?}"
                )))
            }
        };
        Ok(text
            .lines()
            .find_map(|l| l.strip_prefix("errorstat_MOVED:count="))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0))
    }

    /// The port of the primary serving `tag`'s slot.
    ///
    /// # Errors
    /// No node answered `CLUSTER SLOTS`.
    pub(crate) fn owner(&self, tag: &str) -> Result<u16, BenchError> {
        self.cluster
            .primary_of(key_slot(tag.as_bytes()))
            .map_err(BenchError::Server)
    }

    /// Gives `tag`'s slot to another primary: `CLUSTER SETSLOT slot NODE id` on the new
    /// owner first (so the old owner's `MOVED` never points at a node that still refuses),
    /// then on every other node, then `CLUSTER BUMPEPOCH` on the new owner so no late gossip
    /// from the old owner can win the slot back.
    ///
    /// # Errors
    /// A node refused or could not be reached.
    pub(crate) fn move_slot(&self, tag: &str) -> Result<(), BenchError> {
        let slot = key_slot(tag.as_bytes());
        let from = self.cluster.primary_of(slot).map_err(BenchError::Server)?;
        let ports = self.cluster.ports();
        let at = ports.iter().position(|&p| p == from).unwrap_or(0);
        let to = ports
            .get((at + 1) % ports.len())
            .copied()
            .ok_or_else(|| BenchError::Redirect("a cluster without nodes".into()))?;
        let to_id = self
            .ids
            .get(&to)
            .ok_or_else(|| BenchError::Redirect(format!("no id for node {to}")))?;
        let s = slot.to_string();
        let order = std::iter::once(to).chain(ports.iter().copied().filter(|&p| p != to));
        for port in order {
            let reply = self
                .cluster
                .command(port, &["CLUSTER", "SETSLOT", &s, "NODE", to_id])
                .map_err(BenchError::Server)?;
            if reply.is_error() {
                return Err(BenchError::Redirect(format!(
                    "CLUSTER SETSLOT {slot} NODE on {port}: {reply:?}"
                )));
            }
        }
        self.cluster
            .command(to, &["CLUSTER", "BUMPEPOCH"])
            .map_err(BenchError::Server)?;
        Ok(())
    }
}

/// Times the first SET for a key of the just-moved slot of `tag` (its GET checked after),
/// then `steady_pairs` SET+GET pairs on the same slot; returns the first SET's latency and
/// the median steady SET's.
pub(crate) async fn measure<C: BenchClient>(
    client: &C,
    tag: &str,
    value: &Bytes,
    steady_pairs: usize,
) -> Result<(Duration, Duration), BenchError> {
    let first_key = format!("{{{tag}}}:first");
    let t0 = Instant::now();
    client.set(&first_key, value).await?;
    let first = t0.elapsed();
    check_get::<C>(client.get(&first_key).await?, value)?;
    let mut steady = Vec::with_capacity(steady_pairs);
    for i in 0..steady_pairs {
        let key = format!("{{{tag}}}:{i}");
        let t0 = Instant::now();
        client.set(&key, value).await?;
        steady.push(t0.elapsed());
        check_get::<C>(client.get(&key).await?, value)?;
    }
    steady.sort_unstable();
    let median = steady
        .get(steady.len() / 2)
        .copied()
        .unwrap_or(Duration::ZERO);
    Ok((first, median))
}

/// How many distinct slots `keys` hash to.
pub(crate) fn distinct_slots(keys: &[String]) -> usize {
    keys.iter()
        .map(|k| key_slot(k.as_bytes()))
        .collect::<BTreeSet<u16>>()
        .len()
}
