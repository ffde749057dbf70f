//! SET, GET and INCR through Redis Sentinel, on async-std:
//! `cargo run -p client-async-std --example sentinel_async_std` (sentinels and master name in
//! `REDIS_SENTINEL_URL`, or a throwaway local master, replica and sentinel).

#[path = "../../cureds-core/examples/shared/sentinel.rs"]
mod sentinel;

#[async_std::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    sentinel::run::<client_async_std::AsyncIo>().await
}
