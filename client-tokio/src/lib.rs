//! The cureds Redis client on tokio.
//!
//! A [`Client`] is one multiplexed connection shared by every clone: requests from all tasks
//! are queued to one driver task that writes everything queued in one write and matches
//! replies in order. The protocol itself (handshake, reply matching, MULTI/EXEC) lives in
//! [`resp_core`]; this crate only moves bytes.
//!
//! ```no_run
//! use client_tokio::{AsyncCommands, Client, PipelineCommands, Value};
//!
//! # async fn demo() -> Result<(), client_tokio::Error> {
//! let client = Client::connect("redis://127.0.0.1:6379/0").await?;
//! client.set("a", 1).await?;
//! let n: i64 = client.incr("a").await?;
//! let a: Option<String> = client.get("a").await?;
//!
//! let mut pipe = client.pipeline();
//! pipe.set("a", 1).get("a").incr("a");
//! let replies: Vec<Value> = pipe.execute().await?;
//! # Ok(()) }
//! ```

mod client;
mod connect;
mod driver;
mod lease;
mod pipeline;
mod pool;
mod subscription;

pub use client::Client;
pub use lease::{Dedicated, Lease};
pub use pipeline::Pipeline;
pub use resp_core;
pub use resp_core::{
    AsyncCommands, Cmd, Config, Error, FromValue, Message, PipelineCommands, ProtocolVersion, Value,
};
pub use subscription::Subscription;
