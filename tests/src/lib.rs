//! Test harness for cureds: real `redis-server` processes ([`server`]), a fault-injecting TCP
//! proxy ([`proxy`]), a scripted fake server ([`fake`]), a blocking raw connection for checks
//! behind the client's back ([`raw`]).

pub mod raw;
pub mod server;

pub use raw::RawConn;
pub use server::{free_port, RedisServer, ServerBuilder};
pub mod proxy;
pub use proxy::{Corruption, Direction, Proxy};
pub mod fake;
pub use fake::{Action, FakeServer, Hello, Request};
pub mod runtime;
pub use runtime::{AsyncStd, Smol, Task, TestRuntime, Tokio};
pub mod shared;
pub use shared::{shared_server, unique_prefix};
pub mod reference;
pub use reference::{Protocol, ReferenceClient};
pub mod client;
pub use client::{TestClient, TestDedicated, TestPipeline};
