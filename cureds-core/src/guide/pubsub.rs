//! Pub/sub: subscriptions, patterns and shard channels.
//!
//! [`Client::subscribe`](crate::Client::subscribe),
//! [`psubscribe`](crate::Client::psubscribe) and [`ssubscribe`](crate::Client::ssubscribe)
//! (shard channels, Redis 7) return a [`Subscription`](crate::Subscription): a connection of
//! its own (a RESP2 connection in subscriber mode can do nothing else) and a `Stream` of
//! [`Message`](crate::Message)s in the order the server sent them. `PUBLISH` goes through the
//! ordinary client. A message's payload converts like a reply
//! ([`Message::payload`](crate::Message::payload)), or from JSON with the `serde` feature
//! ([`codecs`](super::codecs)).
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::Client<R>) -> Result<(), Error> {
//! let mut news = client.subscribe("news").await?;
//! news.psubscribe("sports.*").await?; // more while it is open
//! client.publish("news", 42).await?;
//! while let Some(message) = news.next().await {
//!     println!("{}", message.channel_name());
//!     let n: i64 = message.payload()?;
//!     if n == 42 {
//!         news.close().await?; // unsubscribes from everything; the stream then ends
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! - A subscription can subscribe and unsubscribe while open (`subscribe`, `unsubscribe`,
//!   `psubscribe`, `punsubscribe`, `ssubscribe`, `sunsubscribe`).
//! - The stream ends (`next` gives `None`) once nothing is left subscribed: after
//!   [`Subscription::close`](crate::Subscription::close), or after unsubscribing from the
//!   last channel and pattern. Messages that arrived before are still delivered first.
//! - After a reconnect, everything it was subscribed to is subscribed again; messages
//!   published while the connection was down are lost, as with any Redis pub/sub.
//! - Memory is bounded: at most 1,024 frames wait to be read. A subscriber that falls that
//!   far behind stops reading its socket, so the backlog stays in the kernel and then in
//!   redis-server's output buffer; past the server's `client-output-buffer-limit pubsub`
//!   (32 MiB hard, 8 MiB for 60 s by default) the server closes the connection, and the
//!   subscription reconnects and subscribes again.
//! - `SUBSCRIBE` and friends sent as plain commands on the shared connection are refused
//!   ([`Error::Refused`](crate::Error::Refused)): use these methods.
//!
//! # Sharded pub/sub on a cluster
//!
//! [`ClusterClient::ssubscribe`](crate::ClusterClient::ssubscribe) subscribes on the node
//! that owns the channels' slot and returns a [`ShardSubscription`](crate::ShardSubscription)
//! that follows its slot through migrations and failovers: when the server drops the
//! channels (the slot moved), the node goes down, or the slot map names another owner, it
//! subscribes again on the new owner within
//! [`ClusterConfig::resubscribe_timeout`](resp_core::cluster::ClusterConfig::resubscribe_timeout)
//! (60 s; then the stream ends and [`ShardSubscription::error`](crate::ShardSubscription::error)
//! says why). Its channels can change while it is open (`ssubscribe`, `sunsubscribe`, `close`),
//! within its one slot: a channel of another slot is refused with
//! [`Error::CrossSlot`](crate::Error::CrossSlot) before anything is sent. It follows its slot
//! with the channels it has now.
//!
//! ```no_run
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::ClusterClient<R>) -> Result<(), Error> {
//! let mut orders = client.ssubscribe("{shop}orders").await?;
//! orders.ssubscribe("{shop}refunds").await?; // same slot: the hash tag
//! if let Some(message) = orders.next().await {
//!     println!("{}", message.payload::<String>()?);
//! }
//! orders.close().await?;
//! # Ok(()) }
//! ```
