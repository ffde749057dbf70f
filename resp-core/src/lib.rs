//! Sans-IO core of the cureds Redis client: RESP2/RESP3 values, decoder, encoder, conversions,
//! typed commands, and the connection state machine. Nothing here touches a socket, a runtime
//! or a clock; the runtime-generic `client-core` crate drives it (through `client-tokio` or
//! `client-async-std`).
//!
//! # Map
//!
//! **Using the client?** Import `client_tokio::prelude::*` (or `client_async_std::prelude::*`):
//! it re-exports what you need from here. What lives where:
//!
//! | for | look at |
//! |---|---|
//! | commands and their options | [`commands`]: one module per family ([`commands::strings`], [`commands::lists`], ...), each builder documented; every option and reply type also in [`commands::types`] ([`SetOptions`](commands::strings::SetOptions), [`ScanOptions`](commands::scan::ScanOptions), [`Direction`](commands::lists::Direction), [`XReadOptions`](commands::streams::XReadOptions), [`StreamEntry`](commands::streams::StreamEntry), ...) |
//! | scripts | [`commands::scripting::Script`] (EVALSHA with the NOSCRIPT fallback) |
//! | errors | [`Error`] (with [`Error::may_have_run`], [`Error::is_timeout`], [`Error::server_kind`], [`Error::lasting`]), [`ServerError`] and [`ServerErrorKind`], [`TypeError`], [`ProtocolError`] |
//! | configuration | [`Config`] ([`Config::from_url`], [`Config::tcp`], [`Config::unix`]), [`Password`], [`ProtocolVersion`], [`SentinelConfig`] |
//! | Sentinel | [`sentinel`]: the commands, reply parsing, [`Role`], [`SentinelError`] |
//! | arguments and replies | [`ToArgs`], [`FromValue`], [`Value`], [`Cmd`] (a typed command), [`cmd`] (any command by name) |
//! | structured values | [`Codec`] and [`Encoded`]; `Json` with the `serde` feature |
//! | pub/sub messages | [`Message`] ([`Message::payload`]) |
//!
//! **Writing a client, or using RESP without one?** The sans-IO pieces: [`Parser`],
//! [`pack_command`] and [`pack_pipeline`] (the original module's three functions);
//! [`Decoder`] and [`Limits`]; [`encode_value`] and the `write_*_header` functions;
//! [`Batch`] (encoded commands); [`Connection`] with [`Request`], [`Event`], [`Reply`] (the
//! connection state machine: handshake, reply matching, MULTI/EXEC, pushes);
//! [`LeaseState`], [`Release`] and [`Placement`] (which connection a command may use);
//! [`Backoff`].
//!
//! # Examples
//!
//! A typed command, encoded, and a reply converted to its type:
//!
//! ```
//! use bytes::BytesMut;
//! use resp_core::commands::strings::{self, SetOptions};
//! use resp_core::{FromValue, Value};
//!
//! let cmd = strings::set_options("k", "v", SetOptions::new().nx().ex(10)); // Cmd<bool>
//! let mut out = BytesMut::new();
//! cmd.encode(&mut out);
//! assert!(out.starts_with(b"*6\r\n$3\r\nSET\r\n"));
//! assert!(cmd.convert(Value::SimpleString("OK".into()))?);
//! assert!(!cmd.convert(Value::Null)?); // NX and the key existed
//! # Ok::<(), resp_core::Error>(())
//! ```
//!
//! The parser standalone:
//!
//! ```
//! use resp_core::{pack_command, pack_pipeline, Parser, Value};
//!
//! // The command name is upper-cased; arguments are left as they are (and may be binary).
//! assert_eq!(pack_command(&["get", "a"]), b"*2\r\n$3\r\nGET\r\n$1\r\na\r\n");
//! let pipeline = pack_pipeline(&[&["GET", "a"][..], &["INCR", "a"][..]]);
//! assert!(pipeline.starts_with(b"*1\r\n$5\r\nMULTI\r\n"));
//!
//! // Feed any chunk; get back every reply it completed. Partial input is kept.
//! let mut parser = Parser::new();
//! assert!(parser.parse(b"*2\r\n$1\r\na\r\n$3\r\n10")?.is_empty());
//! let replies = parser.parse(b"0\r\n")?;
//! assert!(matches!(&replies[..], [Value::Array(items)] if items.len() == 2));
//! # Ok::<(), resp_core::ProtocolError>(())
//! ```

// Lets this crate name itself `resp_core`, as its dependents do: the method traits are written
// with `resp_core::` paths so that they can move to another crate unchanged, and so can the
// doc links their generated methods carry.
extern crate self as resp_core;

mod args;
mod batch;
pub mod cluster;
mod codec;
mod command;
pub mod commands;
mod config;
mod convert;
mod credentials;
mod decode;
mod encode;
mod error;
mod pack;
mod parser;
mod placement;
mod protocol;
pub mod sentinel;
mod tls;
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
pub use credentials::{
    credentials_fn, Credentials, CredentialsFuture, CredentialsProvider, SharedProvider,
};
pub use decode::{Decoder, Limits};
pub use encode::{
    encode_value, encode_value_resp2, format_double, write_array_header, write_bulk_string,
    write_map_header, write_push_header, write_set_header,
};
pub use error::{
    CodecDirection, Error, Lasting, ProtocolError, ProtocolErrorKind, ServerError, ServerErrorKind,
    TypeError,
};
pub use pack::{pack_command, pack_pipeline};
pub use parser::Parser;
pub use placement::Placement;
pub use protocol::{
    Backoff, Connection, Event, LeaseState, Message, Release, Reply, Request, Shape,
    SubscriptionConfirmation, SubscriptionKind,
};
pub use sentinel::{Role, SentinelConfig, SentinelError};
pub use tls::{ClientIdentity, TlsConfig, TlsError, TlsRoots};
pub use value::Value;
