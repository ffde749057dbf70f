//! Our two clients. Their APIs are the same (one command API from resp-core), so one macro
//! writes both adapters; only the crate and the name differ.

macro_rules! cureds_adapter {
    ($adapter:ident, $krate:ident, $name:literal) => {
        /// A cureds client: clones share one multiplexed connection and its driver task.
        #[derive(Clone)]
        pub(crate) struct $adapter($krate::Client);

        impl $adapter {
            pub(crate) async fn connect(url: &str) -> Result<Self, crate::error::BenchError> {
                $krate::Client::connect(url)
                    .await
                    .map($adapter)
                    .map_err(|e| crate::error::BenchError::connect($name, e))
            }
        }

        impl crate::clients::BenchClient for $adapter {
            const NAME: &'static str = $name;
            type Value = bytes::Bytes;

            async fn set(
                &self,
                key: &str,
                value: &bytes::Bytes,
            ) -> Result<(), crate::error::BenchError> {
                use $krate::AsyncCommands as _;
                self.0
                    .set(key, value)
                    .await
                    .map_err(|e| crate::error::BenchError::command($name, e))
            }

            async fn get(
                &self,
                key: &str,
            ) -> Result<Option<bytes::Bytes>, crate::error::BenchError> {
                use $krate::AsyncCommands as _;
                self.0
                    .get(key)
                    .await
                    .map_err(|e| crate::error::BenchError::command($name, e))
            }

            async fn pipe(
                &self,
                keys: &[String],
                value: &bytes::Bytes,
            ) -> Result<(), crate::error::BenchError> {
                use $krate::PipelineCommands as _;
                // Our pipelines are atomic (MULTI/EXEC) by default; redis-rs's and fred's are
                // not, so compare like with like.
                let mut pipe = self.0.pipeline().non_atomic();
                for key in keys {
                    pipe.set(key.as_str(), value).get(key.as_str());
                }
                let replies = pipe
                    .execute_values()
                    .await
                    .map_err(|e| crate::error::BenchError::command($name, e))?;
                crate::clients::check_pipe_replies(
                    $name,
                    &replies,
                    keys.len(),
                    value,
                    |r| match r {
                        $krate::Value::BulkString(b) => Some(b.as_ref()),
                        _ => None,
                    },
                )
            }
        }
    };
}

cureds_adapter!(CuredsTokio, client_tokio, "client-tokio");
cureds_adapter!(CuredsAsyncStd, client_async_std, "client-async-std");
