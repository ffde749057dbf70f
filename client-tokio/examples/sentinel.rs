//! SET, GET and INCR through Redis Sentinel, on tokio:
//! `cargo run -p client-tokio --example sentinel` (sentinels and master name in
//! `REDIS_SENTINEL_URL`, or a throwaway local master, replica and sentinel).

#[path = "../../cureds-core/examples/shared/sentinel.rs"]
mod sentinel;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    sentinel::run::<client_tokio::Tokio>().await
}
