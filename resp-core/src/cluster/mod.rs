//! Redis Cluster decisions, without I/O: which slot a key hashes to ([`key_slot`]), which
//! slots a command touches ([`CommandSlots`]), who owns a slot ([`SlotMap`], parsed from
//! `CLUSTER SHARDS` or `CLUSTER SLOTS`), which node serves a read ([`ReadFrom`]), what a
//! redirect asks for ([`Redirect`]), and how a multi-key command or a pipeline is split per slot or node and its replies put back in
//! order ([`Split`], [`PipelinePlan`]). The cluster client in `cureds-core` runs these plans.

mod command_table;
mod config;
mod plan;
mod read_from;
mod redirect;
mod slot;
mod topology;

#[cfg(test)]
mod tests;

pub use command_table::CommandTable;
pub use config::ClusterConfig;
pub use plan::{Fanout, Merge, Part, PipelinePlan, Split};
pub use read_from::ReadFrom;
pub use redirect::Redirect;
pub use slot::{crc16, hash_tag, key_slot, CommandSlots, SLOTS};
pub use topology::{Node, Shard, SlotMap};
