//! TLS: `rediss://`, private CAs, client certificates.
//!
//! `rediss://` URLs connect over TLS: rustls with the ring provider, no OpenSSL. The default
//! trusts the Mozilla roots compiled in (`webpki-roots`) and checks the certificate against
//! the URL's host, which is also sent as SNI.
//! [`Config::with_tls`](crate::Config::with_tls) takes a [`TlsConfig`](crate::TlsConfig) for
//! the rest: the platform's roots ([`TlsRoots::Platform`](crate::TlsRoots::Platform)), a
//! private CA's PEM bundle, a client certificate for mutual TLS
//! ([`ClientIdentity`](crate::ClientIdentity)), the name to check when the address is an IP
//! or a tunnel.
//!
//! Every connection the client opens (the shared one, leases, subscriptions, reconnects)
//! uses it, on every runtime: TLS is written once in `cureds-core`, driving rustls's sans-IO
//! API over the runtime's [`Socket`](crate::Socket). Reconnects can resume TLS sessions.
//!
//! ```no_run
//! use cureds_core::{AsyncCommands, Client, ClientIdentity, Config, Runtime, TlsConfig, TlsRoots};
//!
//! # async fn demo<R: Runtime>() -> Result<(), Box<dyn std::error::Error>> {
//! let tls = TlsConfig::new()
//!     .with_roots(TlsRoots::None) // trust only our CA
//!     .with_ca_pem(std::fs::read("ca.pem")?)
//!     .with_client_identity(ClientIdentity::from_pem(
//!         std::fs::read("client.pem")?,
//!         std::fs::read("client.key")?,
//!     ));
//! let config = Config::from_url("rediss://db.internal:6380/0")?.with_tls(tls);
//! let client = Client::<R>::with_config(config).await?;
//! client.set("k", "v").await?;
//! # Ok(()) }
//! ```
//!
//! # Errors
//!
//! A rejected certificate fails the connect with
//! [`Error::Tls`](crate::Error::Tls)`(TlsError::CertificateRejected { reason })`, e.g. "the
//! server's certificate was rejected: it was not issued by a trusted certificate authority
//! (unknown issuer)"; a server that refuses the client's certificate gives
//! [`TlsError::AlertReceived`](crate::TlsError::AlertReceived).
//!
//! For development only, [`TlsConfig::danger_accept_invalid_certs`](crate::TlsConfig::danger_accept_invalid_certs)
//! turns verification off: the traffic is encrypted, but anyone on the path can impersonate
//! the server.
//!
//! Sentinels can have TLS settings of their own; see [`sentinel`](super::sentinel).
//!
//! # Try it
//!
//! `REDIS_URL=rediss://127.0.0.1:6380 REDIS_CA_FILE=ca.pem cargo run -p client-tokio
//! --example tls` (or `-p client-async-std --example tls_async_std`; `REDIS_CLIENT_CERT` and
//! `REDIS_CLIENT_KEY` add a client certificate). A rejected certificate makes it exit with
//! status 1 and the reason.
