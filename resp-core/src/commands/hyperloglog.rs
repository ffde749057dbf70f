//! HyperLogLog commands: approximate distinct counting in a small fixed size.

use crate::{Cmd, ToArgs};

/// `PFADD key element...`: true when the estimate changed.
pub fn pfadd(key: impl ToArgs, elements: impl ToArgs) -> Cmd<bool> {
    Cmd::new("PFADD").arg(key).arg(elements)
}

/// `PFCOUNT key...`: the estimated number of distinct elements (of the union, for several keys).
pub fn pfcount(keys: impl ToArgs) -> Cmd<usize> {
    Cmd::new("PFCOUNT").arg(keys)
}

/// `PFMERGE destination source...`
pub fn pfmerge(destination: impl ToArgs, sources: impl ToArgs) -> Cmd<()> {
    Cmd::new("PFMERGE").arg(destination).arg(sources)
}
