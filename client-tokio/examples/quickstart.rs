//! The quickstart (the original Python client's usage example), on tokio:
//! `cargo run -p client-tokio --example quickstart`.

#[path = "../../cureds-core/examples/shared/server.rs"]
mod server;

#[path = "../../cureds-core/examples/shared/quickstart.rs"]
mod quickstart;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    quickstart::run::<client_tokio::Tokio>().await
}
