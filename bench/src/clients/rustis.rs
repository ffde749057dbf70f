//! rustis on tokio: one `Client` (one multiplexed connection, commands batched by its network
//! task; over TCP, TLS with its `tokio-rustls` feature, or to a cluster by the URL it is
//! given), used as its README and `resp` module docs show.

use bytes::Bytes;
use rustis::client::{BatchPreparedCommand, Client};
use rustis::commands::StringCommands;
use rustis::resp::{BulkString, RefBulkString, Value as RustisValue};

use super::{check_pipe_replies, BenchClient};
use crate::error::BenchError;

/// A rustis `Client`; clones share its connection and network task.
#[derive(Clone)]
pub(crate) struct Rustis(Client);

impl Rustis {
    /// Connects with rustis's defaults (it sets TCP_NODELAY itself, and speaks RESP3 only).
    pub(crate) async fn connect(url: &str) -> Result<Self, BenchError> {
        Client::connect(url)
            .await
            .map(Rustis)
            .map_err(|e| BenchError::connect(Self::NAME, e))
    }

    /// Over TLS (a `rediss://` URL) with rustls, trusting only `ca_pem` (rustis's documented
    /// way in for a private CA: a `rustls::ClientConfig` of our own).
    #[cfg(feature = "rustis-tls")]
    pub(crate) async fn connect_tls(url: &str, ca_pem: &str) -> Result<Self, BenchError> {
        use rustis::client::{IntoConfig as _, TlsConfig};
        let err = |e: String| BenchError::connect(Self::NAME, e);
        let mut config = url.into_config().map_err(|e| err(e.to_string()))?;
        let tls = super::rustls_config(ca_pem).map_err(err)?;
        config.tls_config = Some(TlsConfig::new(std::sync::Arc::new(tls)));
        Client::connect(config)
            .await
            .map(Rustis)
            .map_err(|e| BenchError::connect(Self::NAME, e))
    }
}

impl BenchClient for Rustis {
    const NAME: &'static str = "rustis";
    // rustis decodes a bulk string into an owned `Vec<u8>` (inside its `BulkString`).
    type Value = Vec<u8>;

    async fn set(&self, key: &str, value: &Bytes) -> Result<(), BenchError> {
        // rustis takes arguments through serde, which would write `&[u8]` as a list of
        // integers; its docs name `RefBulkString` as the borrowed way to send bytes.
        self.0
            .set(key, RefBulkString::new(value))
            .await
            .map_err(|e| BenchError::command(Self::NAME, e))
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, BenchError> {
        self.0
            .get::<Option<BulkString>>(key)
            .await
            .map(|v| v.map(Vec::from))
            .map_err(|e| BenchError::command(Self::NAME, e))
    }

    async fn pipe(&self, keys: &[String], value: &Bytes) -> Result<(), BenchError> {
        // rustis's pipeline is a plain batch (its transactions are a separate type): the same
        // non-atomic shape as the others.
        let mut pipe = self.0.create_pipeline();
        pipe.reserve(2 * keys.len());
        for key in keys {
            pipe.set(key.as_str(), RefBulkString::new(value)).queue();
            pipe.get::<()>(key.as_str()).queue();
        }
        let replies: Vec<RustisValue> = pipe
            .execute()
            .await
            .map_err(|e| BenchError::command(Self::NAME, e))?;
        check_pipe_replies(Self::NAME, &replies, keys.len(), value, |r| match r {
            RustisValue::BulkString(b) => Some(b.as_slice()),
            _ => None,
        })
    }
}
