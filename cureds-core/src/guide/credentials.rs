//! Credentials that rotate: providers and re-authentication.
//!
//! Passwords in the URL or [`Config::with_credentials`](crate::Config::with_credentials) are
//! fixed. For rotated passwords and short-lived tokens, give a provider
//! ([`CredentialsProvider`](crate::CredentialsProvider), or
//! [`credentials_fn`](crate::credentials_fn) over an async closure): it is asked at every
//! handshake (first connect, each reconnect, each leased or subscriber connection), so a
//! reconnect uses the current secret.
//! [`Client::reauthenticate`](crate::Client::reauthenticate) sends `AUTH` with the
//! provider's current credentials on the live shared connection, without dropping it (for
//! servers that end sessions whose token expired). Passwords never appear in `Debug` output
//! or errors.
//!
//! ```no_run
//! use cureds_core::{credentials_fn, Client, Config, Credentials, Runtime};
//!
//! # async fn fetch_token() -> String { String::new() }
//! # async fn demo<R: Runtime>() -> Result<(), cureds_core::Error> {
//! let config = Config::from_url("rediss://cache.example:6380")?
//!     .with_credentials_provider(credentials_fn(|| async {
//!         Ok(Credentials::new("app", fetch_token().await))
//!     }));
//! let client = Client::<R>::with_config(config).await?;
//! // Later, when the token is about to expire:
//! client.reauthenticate().await?;
//! # Ok(()) }
//! ```
//!
//! # A secret that keeps being refused
//!
//! A provider that keeps returning a refused secret does not make requests wait: when the
//! server refuses a reconnect, the provider is asked once more, and if it gives the same
//! secret the requests waiting for the reconnect end at once with
//! [`Error::ConnectionDown`](crate::Error::ConnectionDown) carrying the server's `WRONGPASS`
//! (a provider that gives a new secret at every call gets
//! [`Config::reconnect_wait`](crate::Config::reconnect_wait), 5 s by default, for it to be
//! accepted). The client keeps reconnecting, so it recovers once the provider has the right
//! secret. See [`failures`](super::failures) for lasting refusals in general.
