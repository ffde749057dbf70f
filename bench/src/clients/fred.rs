//! fred on tokio: one client, centralized (one connection, auto-pipelined; over TCP, or TLS
//! with its rustls feature) or clustered (one connection per primary), by the URL it is given.

use bytes::Bytes;
use fred::prelude::{
    Builder, Client, ClientLike, Config, KeysInterface, TcpConfig, Value as FredValue,
};
use fred::types::config::TlsConnector;

use super::{check_pipe_replies, BenchClient};
use crate::error::BenchError;

/// A fred `Client`; clones share its connection.
#[derive(Clone)]
pub(crate) struct Fred(Client);

impl Fred {
    /// Connects with TCP_NODELAY on (fred's README example does the same; its default leaves
    /// the OS setting).
    ///
    /// A `redis-cluster://host:port?node=host:port&...` URL makes a clustered client.
    pub(crate) async fn connect(url: &str) -> Result<Self, BenchError> {
        let config = Config::from_url(url).map_err(|e| BenchError::connect(Self::NAME, e))?;
        Self::connect_with(config).await
    }

    /// Over TLS (a `rediss://` URL) with rustls, trusting only `ca_pem`.
    pub(crate) async fn connect_tls(url: &str, ca_pem: &str) -> Result<Self, BenchError> {
        let err = |e: String| BenchError::connect(Self::NAME, e);
        let mut config = Config::from_url(url).map_err(|e| err(e.to_string()))?;
        let tls = super::rustls_config(ca_pem).map_err(err)?;
        config.tls = Some(TlsConnector::from(tls).into());
        Self::connect_with(config).await
    }

    async fn connect_with(config: Config) -> Result<Self, BenchError> {
        let err = |e| BenchError::connect(Self::NAME, e);
        let client = Builder::from_config(config)
            .with_connection_config(|c| {
                c.tcp = TcpConfig {
                    nodelay: Some(true),
                    ..TcpConfig::default()
                };
            })
            .build()
            .map_err(err)?;
        client.init().await.map_err(err)?;
        Ok(Fred(client))
    }
}

impl BenchClient for Fred {
    const NAME: &'static str = "fred";
    type Value = Bytes;

    async fn set(&self, key: &str, value: &Bytes) -> Result<(), BenchError> {
        self.0
            .set::<(), _, _>(key, value.clone(), None, None, false)
            .await
            .map_err(|e| BenchError::command(Self::NAME, e))
    }

    async fn get(&self, key: &str) -> Result<Option<Bytes>, BenchError> {
        self.0
            .get(key)
            .await
            .map_err(|e| BenchError::command(Self::NAME, e))
    }

    async fn pipe(&self, keys: &[String], value: &Bytes) -> Result<(), BenchError> {
        let err = |e| BenchError::command(Self::NAME, e);
        // fred's pipeline is never a transaction: the same non-atomic shape as the others.
        let pipe = self.0.pipeline();
        for key in keys {
            // Each call only queues the command; its `()` is not the reply.
            pipe.set::<(), _, _>(key.as_str(), value.clone(), None, None, false)
                .await
                .map_err(err)?;
            pipe.get::<(), _>(key.as_str()).await.map_err(err)?;
        }
        let replies: Vec<FredValue> = pipe.all().await.map_err(err)?;
        check_pipe_replies(Self::NAME, &replies, keys.len(), value, FredValue::as_bytes)
    }
}
