//! Every command, defined once as a plain builder function returning a typed [`Cmd`].
//!
//! Each family has its own module of builders (`strings::get`, `hashes::hset`, ...). The
//! [`PipelineCommands`] trait here and the clients' `AsyncCommands` trait (in `cureds-core`)
//! are generated from the same builders, so
//! `client.get::<Option<String>>("k").await` and `pipeline.get("k")` send exactly what
//! `strings::get("k")` encodes, and carry its doc.
//!
//! Replies whose type Redis fixes have fixed Rust types (`incr` is `Cmd<i64>`, `del` is
//! `Cmd<usize>`); replies that carry user data are generic over [`FromValue`]
//! (`get::<Option<String>>`, `hgetall::<HashMap<String, String>>`).
//!
//! Every builder marks which of its arguments are keys, so [`Cmd::keys`](crate::Cmd::keys)
//! tells a cluster client where to send any typed command.
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
//! A command is written in one place: its builder, inside the `commands!( ... );` invocation
//! of its family module.
//!
//! 1. Write the builder there as an ordinary function with a doc comment:
//!    `pub fn name<T: FromValue>(arg: Type, ...) -> Cmd<Reply> { ... }`, with at most one
//!    generic parameter, the reply type (omit it when Redis fixes the reply's type), and
//!    options as a struct implementing [`ToArgs`](crate::ToArgs) (defined outside the
//!    invocation).
//! 2. Mark its keys while writing its arguments: [`Cmd::key`](crate::Cmd::key) for one or
//!    several keys, [`Cmd::key_value_pairs`](crate::Cmd::key_value_pairs) for `key value ...`,
//!    [`Cmd::counted_keys`](crate::Cmd::counted_keys) for `numkeys key ...`, and
//!    [`Cmd::arg`](crate::Cmd::arg) for everything that is not a key (channels, fields,
//!    members, patterns).
//! 3. If its signature names a type no other builder uses, re-export it from
//!    [`types`] (the build fails until you do).
//! 4. Test its argument list and keys in `tests/encoding.rs`:
//!    `check!(family::name(..), ["NAME", key("k"), "arg"])`.
//!
//! The `AsyncCommands` and `PipelineCommands` methods of the same name, with the builder's doc
//! and a link to it, appear by themselves: `commands!` records each builder for the exported
//! `for_each_command!`, from which `pipeline_methods.rs` here and `cureds-core`'s
//! `commands/mod.rs` generate the traits (see `define.rs`).
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

mod pipeline_methods;

pub use pipeline_methods::{PipelineCmd, PipelineCommands};

#[cfg(test)]
mod tests;
