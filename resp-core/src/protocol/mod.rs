//! The connection state machine: requests in, bytes out, bytes in, replies and pushes out.
//! See [`Connection`] for the call order a driver follows.

mod connection;
mod handshake;
mod reply;
mod request;

pub use connection::{Connection, Event};
pub use reply::Reply;
pub use request::{Request, Shape};

#[cfg(test)]
mod tests;
