//! The connection state machine: requests in, bytes out, bytes in, replies and pushes out.
//! See [`Connection`] for the call order a driver follows.

mod backoff;
mod connection;
mod handshake;
mod lease;
mod pubsub;
mod reply;
mod request;

pub use backoff::Backoff;
pub use connection::{Connection, Event};
pub use lease::{LeaseState, Release};
pub use pubsub::{Message, SubscriptionConfirmation, SubscriptionKind};
pub use reply::Reply;
pub use request::{Request, Shape};

#[cfg(test)]
mod tests;
