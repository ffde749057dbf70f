//! MSET, MGET and a pipeline over every node of a cluster, on async-std:
//! `cargo run -p client-async-std --example cluster_async_std` (seeds in `REDIS_CLUSTER_NODES`, or a
//! throwaway local cluster).

#[path = "../../cureds-core/examples/shared/cluster.rs"]
mod cluster;

#[async_std::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    cluster::run::<client_async_std::AsyncIo>().await
}
