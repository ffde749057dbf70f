//! What a client does with a connection once it has one, written once for every runtime.
//!
//! A runtime crate implements [`Transport`] (hand a [`Request`] to its driver, await the
//! [`Reply`]); everything above that — pipelines, command sending and reply shapes — is here,
//! so `client-tokio` and `client-async-std` keep only sockets, the driver loop and spawning.

mod dedicated;
mod pipeline;
mod reply;
mod transport;

pub use dedicated::{transaction, Dedicated};
pub use pipeline::Pipeline;
pub use reply::{send, single, unexpected};
pub use transport::Transport;
