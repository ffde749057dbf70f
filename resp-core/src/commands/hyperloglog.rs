//! HyperLogLog commands: approximate distinct counting in a small fixed size.

use crate::{Cmd, ToArgs};

commands!(
    /// `PFADD key element...`: true when the estimate changed.
    pub fn pfadd(key: impl ToArgs, elements: impl ToArgs) -> Cmd<bool> {
        Cmd::new("PFADD").key(key).arg(elements)
    }

    /// `PFCOUNT key...`: the estimated number of distinct elements (of the union, for several
    /// keys).
    pub fn pfcount(keys: impl ToArgs) -> Cmd<usize> {
        Cmd::new("PFCOUNT").read_only().key(keys)
    }

    /// `PFMERGE destination source...`
    pub fn pfmerge(destination: impl ToArgs, sources: impl ToArgs) -> Cmd<()> {
        Cmd::new("PFMERGE").key(destination).key(sources)
    }
);
