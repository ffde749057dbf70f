//! redis-rs (`redis` crate) through its multiplexed tokio connection (over TCP, or TLS with
//! its rustls feature), and its async cluster connection.

use std::time::Duration;

use bytes::Bytes;
use redis::aio::MultiplexedConnection;
use redis::cluster_async::ClusterConnection;
use redis::io::tcp::TcpSettings;
use redis::{AsyncCommands, AsyncConnectionConfig, IntoConnectionInfo, TlsCertificates};

use super::{check_pipe_replies, BenchClient};
use crate::error::BenchError;

/// SET through a redis-rs async connection, single or cluster. `AsyncCommands` take
/// `&mut self`; a clone is an Arc bump, as every redis-rs task does.
async fn set_on<C>(conn: &C, key: &str, value: &Bytes) -> Result<(), BenchError>
where
    C: redis::aio::ConnectionLike + Clone + Send + Sync,
{
    let mut conn = conn.clone();
    conn.set::<_, _, ()>(key, value.as_ref())
        .await
        .map_err(|e| BenchError::command(RedisRs::NAME, e))
}

/// GET through a redis-rs async connection, single or cluster (see [`set_on`]).
async fn get_on<C>(conn: &C, key: &str) -> Result<Option<Vec<u8>>, BenchError>
where
    C: redis::aio::ConnectionLike + Clone + Send + Sync,
{
    let mut conn = conn.clone();
    conn.get(key)
        .await
        .map_err(|e| BenchError::command(RedisRs::NAME, e))
}

/// A redis-rs `MultiplexedConnection`; clones share the connection and its driver task.
#[derive(Clone)]
pub(crate) struct RedisRs(MultiplexedConnection);

impl RedisRs {
    /// Connects with TCP_NODELAY on, as our clients and fred (configured below) use it; redis-rs
    /// leaves Nagle on by default, which would stall the concurrent scenario on delayed ACKs.
    pub(crate) async fn connect(url: &str) -> Result<Self, BenchError> {
        Self::connect_with(url, AsyncConnectionConfig::new()).await
    }

    /// As [`connect`](Self::connect), but with the response timeout raised from redis-rs's
    /// 500 ms default to `timeout`: a reply that takes seconds to arrive in full (a pipeline
    /// of a million commands) would otherwise fail.
    pub(crate) async fn connect_patient(url: &str, timeout: Duration) -> Result<Self, BenchError> {
        let config = AsyncConnectionConfig::new().set_response_timeout(Some(timeout));
        Self::connect_with(url, config).await
    }

    /// Over TLS (a `rediss://` URL) with rustls, trusting `ca_pem` (redis-rs adds it to an
    /// empty root store when given one).
    pub(crate) async fn connect_tls(url: &str, ca_pem: &str) -> Result<Self, BenchError> {
        let err = |e| BenchError::connect(Self::NAME, e);
        let info = url
            .into_connection_info()
            .map_err(err)?
            .set_tcp_settings(TcpSettings::default().set_nodelay(true));
        let certs = TlsCertificates {
            client_tls: None,
            root_cert: Some(ca_pem.as_bytes().to_vec()),
        };
        let client = redis::Client::build_with_tls(info, certs).map_err(err)?;
        Self::connect_client(client, AsyncConnectionConfig::new()).await
    }

    async fn connect_with(url: &str, config: AsyncConnectionConfig) -> Result<Self, BenchError> {
        let err = |e| BenchError::connect(Self::NAME, e);
        let info = url
            .into_connection_info()
            .map_err(err)?
            .set_tcp_settings(TcpSettings::default().set_nodelay(true));
        let client = redis::Client::open(info).map_err(err)?;
        Self::connect_client(client, config).await
    }

    async fn connect_client(
        client: redis::Client,
        config: AsyncConnectionConfig,
    ) -> Result<Self, BenchError> {
        let err = |e| BenchError::connect(Self::NAME, e);
        let conn = client
            .get_multiplexed_async_connection_with_config(&config)
            .await
            .map_err(err)?;
        Ok(RedisRs(conn))
    }
}

impl BenchClient for RedisRs {
    const NAME: &'static str = "redis-rs";
    type Value = Vec<u8>;

    async fn set(&self, key: &str, value: &Bytes) -> Result<(), BenchError> {
        set_on(&self.0, key, value).await
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, BenchError> {
        get_on(&self.0, key).await
    }

    async fn pipe(&self, keys: &[String], value: &Bytes) -> Result<(), BenchError> {
        let mut pipe = redis::pipe();
        for key in keys {
            pipe.set(key, value.as_ref()).get(key);
        }
        let mut conn = self.0.clone();
        let replies: Vec<redis::Value> = pipe
            .query_async(&mut conn)
            .await
            .map_err(|e| BenchError::command(Self::NAME, e))?;
        check_pipe_replies(Self::NAME, &replies, keys.len(), value, |r| match r {
            redis::Value::BulkString(b) => Some(b.as_slice()),
            _ => None,
        })
    }
}

/// A redis-rs async `ClusterConnection` (one multiplexed connection per node); clones share
/// it.
#[derive(Clone)]
pub(crate) struct RedisRsCluster(ClusterConnection);

/// Why the cluster mode's pipe scenario has no redis-rs row.
pub(crate) const CLUSTER_PIPE_UNSUPPORTED: &str = "redis-rs 1.8 sends a cluster pipeline to \
     one node and refuses one whose keys span slots (\"Received crossed slots in pipeline\"), \
     so it cannot run a pipeline spanning all nodes";

impl RedisRsCluster {
    /// Connects through every node's URL, with TCP_NODELAY as for [`RedisRs`].
    pub(crate) async fn connect(urls: &[String]) -> Result<Self, BenchError> {
        let err = |e| BenchError::connect(Self::NAME, e);
        let client = redis::cluster::ClusterClient::builder(urls.iter().map(String::as_str))
            .tcp_settings(TcpSettings::default().set_nodelay(true))
            .build()
            .map_err(err)?;
        let conn = client.get_async_connection().await.map_err(err)?;
        Ok(RedisRsCluster(conn))
    }
}

impl BenchClient for RedisRsCluster {
    const NAME: &'static str = "redis-rs";
    type Value = Vec<u8>;

    async fn set(&self, key: &str, value: &Bytes) -> Result<(), BenchError> {
        set_on(&self.0, key, value).await
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, BenchError> {
        get_on(&self.0, key).await
    }

    async fn pipe(&self, _keys: &[String], _value: &Bytes) -> Result<(), BenchError> {
        // Never called: the lineup skips this scenario with the reason.
        Err(BenchError::command(Self::NAME, CLUSTER_PIPE_UNSUPPORTED))
    }
}
