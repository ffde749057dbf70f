//! JSON with the `serde` feature, and other formats through a [`Codec`](crate::Codec).
//!
//! With the `serde` feature (`client-tokio = { version = "0.1", features = ["serde"] }`, the
//! same on `client-async-std`), `Json<T>` stores any serde type, as an argument or a reply,
//! in commands, pipelines, scripts and pub/sub payloads
//! ([`Message::json`](crate::Message) reads one).
//!
//! A value that fails to serialise makes the command end with
//! [`Error::Codec`](crate::Error::Codec) (its `source()` is the `serde_json::Error`) and
//! nothing is sent; in a pipeline, the pipeline ends with it and nothing is written.
//! [`Codec`](crate::Codec) and [`Encoded<C, T>`](crate::Encoded) plug in other formats
//! (MessagePack, bincode, ...); [`Codec`](crate::Codec)'s page shows a codec of your own.
//!
#![cfg_attr(feature = "serde", doc = "```no_run")]
#![cfg_attr(not(feature = "serde"), doc = "```ignore")]
//! # use cureds_core::prelude::*;
//! # async fn demo<R: cureds_core::Runtime>(client: cureds_core::Client<R>) -> Result<(), Error> {
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct User { name: String, age: u32 }
//!
//! client.set("user:1", Json(User { name: "Ada".into(), age: 36 })).await?;
//! if let Some(Json(user)) = client.get::<Option<Json<User>>>("user:1").await? {
//!     println!("{} is {}", user.name, user.age);
//! }
//! let mut updates = client.subscribe("users").await?;
//! client.publish("users", Json(User { name: "Bob".into(), age: 7 })).await?;
//! if let Some(message) = updates.next().await {
//!     let user: User = message.json()?;
//!     updates.close().await?; // unsubscribes; the stream then ends
//! #   let _ = user;
//! }
//! # Ok(()) }
//! ```
