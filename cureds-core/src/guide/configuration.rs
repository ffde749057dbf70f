//! Connecting: URLs and [`Config`](crate::Config).
//!
//! # URLs
//!
//! ```text
//! redis://[user[:password]@]host[:port][/db]
//! rediss://...                               the same over TLS (see the tls page)
//! redis+unix:///path/to.sock[?db=N]          also unix://
//! redis+sentinel://[user[:password]@]host1[:port][,host2[:port]...]/master_name[/db][?...]
//! rediss+sentinel://...                      the same, with TLS to the master and replicas
//! ```
//!
//! The Sentinel forms and their parameters are on [`sentinel`](super::sentinel). A
//! parameter with an unknown value (`sentinel_tls`, `read_from`) is an
//! [`Error::Config`](crate::Error::Config); unknown parameters are ignored.
//!
//! # Config
//!
//! [`Config`](crate::Config) is parsed from a URL ([`Config::from_url`](crate::Config::from_url))
//! or built without one ([`Config::tcp`](crate::Config::tcp),
//! [`Config::unix`](crate::Config::unix)), then adjusted with `with_*`:
//!
//! - connect and response timeouts (see [`limits`](super::limits));
//! - the client name (`CLIENT SETNAME`);
//! - the protocol: RESP3 with a fallback to RESP2 (the default), or either fixed
//!   ([`ProtocolVersion`](crate::ProtocolVersion));
//! - credentials ([`Config::with_credentials`](crate::Config::with_credentials), or a
//!   provider: [`credentials`](super::credentials)); the password never appears in `Debug`
//!   output or errors;
//! - the database (re-applied after every reconnect; SELECT is not offered on the shared
//!   client);
//! - the request queue's capacity, the dedicated pool's size, WATCH retries, reconnecting,
//!   the health check and TCP keepalive;
//! - TLS ([`tls`](super::tls));
//! - whether the handshake sends `CLIENT SETINFO lib-name cureds` / `lib-ver`: on by
//!   default, in the same write as `HELLO`, so it costs no round trip; servers before 7.2
//!   answer with an error, which is ignored.
//!   [`Config::with_lib_info(false)`](crate::Config::with_lib_info) turns it off.
//!
//! ```no_run
//! use std::time::Duration;
//! use cureds_core::prelude::Password;
//! use cureds_core::{Client, Config, ProtocolVersion, Runtime};
//!
//! # async fn demo<R: Runtime>() -> Result<(), cureds_core::Error> {
//! let client = Client::<R>::connect("redis://127.0.0.1:6379/0").await?;
//!
//! let config = Config::tcp("127.0.0.1", 6379)
//!     .with_db(2)
//!     .with_credentials("app", Password::new("secret"))
//!     .with_client_name("billing")
//!     .with_protocol(ProtocolVersion::Resp2)
//!     .with_connect_timeout(Duration::from_secs(3))
//!     .with_lib_info(false);
//! let other = Client::<R>::with_config(config).await?;
//! # let _ = (client, other); Ok(()) }
//! ```
//!
//! The driver task is spawned on the runtime: with `client-tokio`, connect from inside a
//! tokio runtime.
