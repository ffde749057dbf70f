//! MSET, MGET and a pipeline over every node of a cluster, on tokio:
//! `cargo run -p client-tokio --example cluster` (seeds in `REDIS_CLUSTER_NODES`, or a
//! throwaway local cluster).

#[path = "../../cureds-core/examples/shared/cluster.rs"]
mod cluster;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    cluster::run::<client_tokio::Tokio>().await
}
