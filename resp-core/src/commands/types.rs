//! Every type the builders' signatures name, arguments and replies, in one module:
//! `use resp_core::commands::types::*;` brings into scope what the method traits need, wherever
//! they are generated from `for_each_command!` (the entries spell types as their family module
//! does). The method traits of this crate are generated with this import alone, so a type
//! missing here fails to compile here first.

pub use bytes::Bytes;

pub use super::bitmaps::{BitField, BitOp, BitUnit};
pub use super::functions::RestorePolicy;
pub use super::geo::{GeoAddOptions, GeoFrom, GeoSearchOptions, GeoShape, GeoUnit};
pub use super::keys::{ExpireCondition, SortOptions};
pub use super::lists::{Direction, LposOptions, Position};
pub use super::scan::ScanOptions;
pub use super::server::InfoReport;
pub use super::sorted_sets::{MinMax, MultiPop, ZAddOptions, ZCombine, ZRange};
pub use super::streams::{
    AutoClaim, ConsumerInfo, GroupInfo, PendingEntry, PendingRange, PendingSummary, StreamEntry,
    StreamInfo, StreamRead, StreamTrim, XAddOptions, XClaimOptions, XReadOptions,
};
pub use super::strings::{Expiry, SetOptions};
pub use crate::ToArgs;
