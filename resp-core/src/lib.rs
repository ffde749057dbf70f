//! Sans-IO core of the cureds Redis client: RESP2/RESP3 values, decoder, encoder, conversions,
//! typed commands, and the connection state machine. Nothing here touches a socket, a runtime
//! or a clock; the runtime-generic `cureds-core` crate drives it (through `client-tokio` or
//! `client-async-std`).
//!
//! # Which crate to use
//!
//! | you want | depend on |
//! |---|---|
//! | a Redis client on tokio | `client-tokio` |
//! | a Redis client on async-std or smol (anything on `async-io`) | `client-async-std` |
//! | only RESP: a parser, an encoder, a client or proxy of your own | this crate |
//!
//! The client's guide (design, failure semantics, limits, every feature with examples) is
//! the `cureds_core::guide` module of the `cureds-core` crate's documentation.
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
//! [`pack_command`] and [`pack_pipeline`] (the original Python client's three functions);
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
//! # Using the parser standalone
//!
//! This crate has no sockets and no runtime, so it works as a plain RESP library. The
//! original Python client's three functions (it ran on the curio runtime and was modelled on
//! redis-py) exist with the same behaviour: [`pack_command`], [`pack_pipeline`] and
//! [`Parser::parse`].
//!
//! ```
//! use resp_core::{pack_command, pack_pipeline, Parser, Value};
//!
//! // The command name is upper-cased; arguments are left as they are (and may be binary).
//! assert_eq!(pack_command(&["get", "a"]), b"*2\r\n$3\r\nGET\r\n$1\r\na\r\n");
//!
//! // A pipeline is wrapped in MULTI / EXEC, as the Python client's was.
//! assert_eq!(
//!     pack_pipeline(&[&["GET", "a"][..], &["INCR", "a"][..]]),
//!     b"*1\r\n$5\r\nMULTI\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2\r\n$4\r\nINCR\r\n$1\r\na\r\n*1\r\n$4\r\nEXEC\r\n",
//! );
//!
//! // Feed any chunk; get back every reply it completed. Partial input is kept for the next call.
//! let mut parser = Parser::new();
//! assert!(parser.parse(b"*6\r\n$1\r\na\r\n$3\r\n100\r\n$1\r\nc")?.is_empty());
//! let replies = parser.parse(b"\r\n$3\r\n101\r\n$1\r\nb\r\n$3\r\n110\r\n")?;
//! assert!(matches!(&replies[..], [Value::Array(items)] if items.len() == 6));
//! # Ok::<(), resp_core::ProtocolError>(())
//! ```
//!
//! For a client of your own, use [`Decoder`] directly: `decoder.decode(&mut buf)` takes one
//! complete reply off the front of a `BytesMut` (bulk strings are zero-copy slices of it) or
//! returns `Ok(None)` and keeps its progress, so a reply arriving in a thousand reads is
//! scanned once. Nesting costs heap, never call stack (the decoder keeps an explicit stack).
//! [`Limits`] (`Limits::default()`: bulks up to 512 MiB, 2^26 elements per aggregate,
//! nesting up to 1,024, 1 GiB of decoded memory per reply) are checked before anything is
//! allocated; malformed input is a [`ProtocolError`] with the byte offset.
//!
//! ```
//! use bytes::BytesMut;
//! use resp_core::{Decoder, Value};
//!
//! let mut decoder = Decoder::new();
//! let mut buf = BytesMut::from(&b"$5\r\nhel"[..]);
//! assert!(decoder.decode(&mut buf)?.is_none()); // not yet: need more bytes
//! buf.extend_from_slice(b"lo\r\n:1\r\n");
//! assert_eq!(decoder.decode(&mut buf)?, Some(Value::BulkString("hello".into())));
//! assert_eq!(decoder.decode(&mut buf)?, Some(Value::Integer(1)));
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
