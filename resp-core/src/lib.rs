//! Sans-IO core of the cureds Redis client: RESP2/RESP3 values, decoder, encoder, conversions,
//! typed commands, and the connection state machine. Nothing here touches a socket, a runtime
//! or a clock; the runtime-generic `client-core` crate drives it (through `client-tokio` or
//! `client-async-std`).

// Lets this crate name itself `resp_core`, as its dependents do: the method traits are written
// with `resp_core::` paths so that they can move to another crate unchanged, and so can the
// doc links their generated methods carry.
extern crate self as resp_core;

mod args;
mod batch;
mod codec;
mod command;
pub mod commands;
mod config;
mod convert;
mod decode;
mod encode;
mod error;
mod pack;
mod parser;
mod placement;
mod protocol;
mod value;

pub use args::{ArgWriter, Args, NotByte, ToArgs};
pub use batch::Batch;
pub use codec::{Codec, Encoded};
#[cfg(feature = "serde")]
pub use codec::{Json, JsonCodec};
pub use command::{cmd, Cmd, Dispatch};
pub use commands::{PipelineCmd, PipelineCommands};
pub use config::{Address, Config, Password, ProtocolVersion, DEFAULT_PORT};
pub use convert::FromValue;
pub use decode::{Decoder, Limits};
pub use encode::{
    encode_value, encode_value_resp2, format_double, write_array_header, write_bulk_string,
    write_map_header, write_push_header, write_set_header,
};
pub use error::{
    CodecDirection, Error, ProtocolError, ProtocolErrorKind, ServerError, ServerErrorKind,
    TypeError,
};
pub use pack::{pack_command, pack_pipeline};
pub use parser::Parser;
pub use placement::Placement;
pub use protocol::{
    Backoff, Connection, Event, LeaseState, Message, Release, Reply, Request, Shape,
    SubscriptionConfirmation, SubscriptionKind,
};
pub use value::Value;
