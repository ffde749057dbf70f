//! redis-rs (`redis` crate) through its multiplexed tokio connection.

use std::time::Duration;

use bytes::Bytes;
use redis::aio::MultiplexedConnection;
use redis::io::tcp::TcpSettings;
use redis::{AsyncCommands, AsyncConnectionConfig, IntoConnectionInfo};

use super::{check_pipe_replies, BenchClient};
use crate::error::BenchError;

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

    async fn connect_with(url: &str, config: AsyncConnectionConfig) -> Result<Self, BenchError> {
        let err = |e| BenchError::connect(Self::NAME, e);
        let info = url
            .into_connection_info()
            .map_err(err)?
            .set_tcp_settings(TcpSettings::default().set_nodelay(true));
        let client = redis::Client::open(info).map_err(err)?;
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
        // AsyncCommands take `&mut self`; a clone is an Arc bump, as every redis-rs task does.
        let mut conn = self.0.clone();
        conn.set::<_, _, ()>(key, value.as_ref())
            .await
            .map_err(|e| BenchError::command(Self::NAME, e))
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, BenchError> {
        let mut conn = self.0.clone();
        conn.get(key)
            .await
            .map_err(|e| BenchError::command(Self::NAME, e))
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
