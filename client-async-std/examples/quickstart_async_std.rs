//! The quickstart (the original Python client's usage example), on async-std:
//! `cargo run -p client-async-std --example quickstart_async_std`.

#[path = "../../cureds-core/examples/shared/server.rs"]
mod server;

#[path = "../../cureds-core/examples/shared/quickstart.rs"]
mod quickstart;

#[async_std::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    quickstart::run::<client_async_std::AsyncIo>().await
}
