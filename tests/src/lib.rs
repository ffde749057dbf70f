//! Test harness and integration tests for cureds.
//!
//! The pieces:
//! - [`server`]: real `redis-server` processes on free loopback ports, each in a throwaway
//!   directory, with a password, ACL users, a unix socket or extra arguments; `kill`,
//!   `restart` on the same port, `stop`; stopped (even if the test binary aborts) and cleaned
//!   up on drop. [`shared_server`] shares one per test binary; [`unique_prefix`] keeps the
//!   tests sharing it apart.
//! - [`raw`]: a blocking RESP connection for checking what a client did behind its back.
//! - [`proxy`]: a TCP proxy that passes, stalls, cuts or corrupts traffic.
//! - [`fake`]: a scripted server that sends what a real one never does.
//! - [`sentinel`](mod@sentinel): a master, a replica and three sentinels on loopback.
//! - [`runtime`]: one test body, run on every runtime. Write
//!
//! ```no_run
//! use cureds_core::AsyncCommands;
//! use tests::{RedisServer, TestRuntime};
//!
//! tests::both_runtimes! {
//!     async fn set_then_get(rt) {
//!         let server = RedisServer::start().unwrap();
//!         let client = rt.connect(&server.url()).await.unwrap();
//!         client.set("k", "v").await.unwrap();
//!         assert_eq!(client.get::<String>("k").await.unwrap(), "v");
//!     }
//! }
//! # fn main() {}
//! ```
//!
//!   and get `set_then_get::tokio` (client-tokio on a multi-threaded tokio runtime),
//!   `set_then_get::async_std` and `set_then_get::smol` (client-async-std on each
//!   executor). `rt` gives `connect`, `connect_with(url, Protocol)`, `connect_config`,
//!   `spawn`, `sleep` and `timeout`; the client is [`cureds_core::Client`] on that runtime
//!   ([`ClientOf<R>`]), the same type users get from either runtime crate.
//! - [`reference`](mod@reference): a blocking [`ReferenceClient`], the oracle the command-family tests also
//!   run on.

pub mod cluster;
pub mod fake;
pub mod memory;
pub mod proxy;
pub mod raw;
pub mod reference;
pub mod runtime;
pub mod sentinel;
pub mod server;
pub mod shared;
pub mod tls;

pub use cluster::{shared_cluster, RedisCluster};
pub use fake::{Action, FakeServer, Hello, Request};
pub use proxy::{Corruption, Direction, Proxy};
pub use raw::RawConn;
pub use reference::{Protocol, ReferenceClient};
pub use runtime::{AsyncStd, Smol, Task, TestRuntime, Tokio};
pub use sentinel::{shared_sentinel, SentinelDeployment};

/// The client a test body gets on runtime `R`.
pub type ClientOf<R> = cureds_core::Client<<R as TestRuntime>::Rt>;

/// The name the test harness gives the test function `name` of the module whose
/// `module_path!()` is `module_path`: the module path without the crate's name, then `name`
/// (`harness_server::server_dies_with_an_aborted_test_process`), as `--exact` wants it.
pub fn test_name(module_path: &str, name: &str) -> String {
    match module_path.split_once("::") {
        Some((_crate, path)) => format!("{path}::{name}"),
        None => name.to_owned(),
    }
}

/// A Lua script (for `EVAL script 0`) that keeps the server busy for about `ms`
/// milliseconds, then returns 1: the server reads and answers nothing else meanwhile.
pub fn busy_script(ms: u64) -> String {
    format!(
        "local s = redis.call('TIME') \
         while true do \
           local n = redis.call('TIME') \
           if (n[1] - s[1]) * 1000000 + (n[2] - s[2]) > {ms} * 1000 then break end \
         end \
         return 1"
    )
}
pub use server::{free_port, RedisServer, ServerBuilder};
pub use shared::{shared_server, unique_prefix};
pub use tls::Pki;

/// The README's Rust examples, compiled (and the standalone ones run) as doctests, so the
/// front page cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
