//! Every command, defined once as a plain builder function returning a typed [`Cmd`].
//!
//! Each family has its own module of builders (`strings::get`, `hashes::hset`, ...). The
//! [`AsyncCommands`] and [`PipelineCommands`] traits turn the same builders into methods, so
//! `client.get::<Option<String>>("k").await` and `pipeline.get("k")` send exactly what
//! `strings::get("k")` encodes.
//!
//! Replies whose type Redis fixes have fixed Rust types (`incr` is `Cmd<i64>`, `del` is
//! `Cmd<usize>`); replies that carry user data are generic over [`FromValue`]
//! (`get::<Option<String>>`, `hgetall::<HashMap<String, String>>`).
//!
//! Blocking commands (BLPOP, BZPOPMIN, XREAD ... BLOCK, WAIT, ...) are marked
//! [`Dispatch::Blocking`](crate::Dispatch::Blocking) with their server-side timeout
//! ([`Cmd::block_timeout`](crate::Cmd::block_timeout)), so clients run them on a connection of
//! their own. `SELECT` is not offered: the database belongs to the client's configuration.
//!
//! Anything without a builder goes through [`crate::cmd`] (or `client.cmd("NAME")`), with a
//! typed result via [`Cmd::retype`](crate::Cmd::retype).
//!
//! # Adding a command
//! Write the builder in its family module (a plain function returning `Cmd<Reply>`, at most one
//! generic parameter, the reply type `T: FromValue`; options as a struct implementing
//! [`ToArgs`](crate::ToArgs)), test its argument list in `tests/encoding.rs`, and add one entry
//! with the same name and arguments to the table in `table.rs`.
//!
//! [`Cmd`]: crate::Cmd
//! [`FromValue`]: crate::FromValue

// The macros first: textual scope reaches the modules declared after them.
#[macro_use]
mod define;

pub mod acl;
pub mod bitmaps;
pub mod cluster;
pub mod functions;
pub mod geo;
pub mod hashes;
pub mod hyperloglog;
pub mod keys;
pub mod lists;
pub mod pubsub;
mod reply;
pub mod scan;
pub mod scripting;
pub mod server;
pub mod sets;
pub mod sorted_sets;
pub mod streams;
pub mod strings;
pub mod types;

// Defines `for_each_command!`, the one list of typed commands, in the order the method traits
// list them; the method modules are declared after it so that they can name it.
collect_families!(
    strings keys hashes lists sets sorted_sets hyperloglog bitmaps geo streams scripting
    functions server pubsub acl cluster
);

mod async_methods;
mod pipeline_methods;

pub use async_methods::{AsyncCommands, BoundCmd};
pub use pipeline_methods::{PipelineCmd, PipelineCommands};

#[cfg(test)]
mod tests;
