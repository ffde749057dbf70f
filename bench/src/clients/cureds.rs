//! Our two clients, on one server (`Client`) and on a cluster (`ClusterClient`). Their APIs
//! are the same (one command API from resp-core), so one macro writes all four adapters; only
//! the crate, the client type and the name differ.

macro_rules! cureds_adapter {
    ($adapter:ident, $krate:ident, $client:ident, $name:literal) => {
        /// A cureds client: clones share its multiplexed connection(s) and driver task(s).
        #[derive(Clone)]
        pub(crate) struct $adapter($krate::$client);

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
                // not, so compare like with like. On a cluster, a non-atomic pipeline is split
                // per node and the parts sent concurrently.
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

/// `connect` (a `redis://` URL) and `connect_tls` (a `rediss://` URL, trusting only `ca_pem`)
/// for a single-server adapter.
macro_rules! cureds_connect {
    ($adapter:ident, $krate:ident, $name:literal) => {
        impl $adapter {
            pub(crate) async fn connect(url: &str) -> Result<Self, crate::error::BenchError> {
                $krate::Client::connect(url)
                    .await
                    .map($adapter)
                    .map_err(|e| crate::error::BenchError::connect($name, e))
            }

            pub(crate) async fn connect_tls(
                url: &str,
                ca_pem: &str,
            ) -> Result<Self, crate::error::BenchError> {
                let err = |e| crate::error::BenchError::connect($name, e);
                let tls = $krate::TlsConfig::new()
                    .with_roots($krate::TlsRoots::None)
                    .with_ca_pem(ca_pem.as_bytes().to_vec());
                let config = $krate::Config::from_url(url).map_err(err)?.with_tls(tls);
                $krate::Client::with_config(config)
                    .await
                    .map($adapter)
                    .map_err(err)
            }
        }
    };
}

/// `connect` to a cluster through every node's `redis://` URL, for a cluster adapter.
macro_rules! cureds_cluster_connect {
    ($adapter:ident, $krate:ident, $name:literal) => {
        impl $adapter {
            pub(crate) async fn connect(urls: &[String]) -> Result<Self, crate::error::BenchError> {
                $krate::ClusterClient::connect(urls)
                    .await
                    .map($adapter)
                    .map_err(|e| crate::error::BenchError::connect($name, e))
            }
        }
    };
}

cureds_adapter!(CuredsTokio, client_tokio, Client, "client-tokio");
cureds_adapter!(CuredsAsyncStd, client_async_std, Client, "client-async-std");
cureds_connect!(CuredsTokio, client_tokio, "client-tokio");
cureds_connect!(CuredsAsyncStd, client_async_std, "client-async-std");
cureds_adapter!(
    CuredsClusterTokio,
    client_tokio,
    ClusterClient,
    "client-tokio"
);
cureds_adapter!(
    CuredsClusterAsyncStd,
    client_async_std,
    ClusterClient,
    "client-async-std"
);
cureds_cluster_connect!(CuredsClusterTokio, client_tokio, "client-tokio");
cureds_cluster_connect!(CuredsClusterAsyncStd, client_async_std, "client-async-std");
