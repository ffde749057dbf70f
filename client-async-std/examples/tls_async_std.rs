//! TLS on async-std: `REDIS_URL=rediss://host:port REDIS_CA_FILE=ca.pem cargo run -p
//! client-async-std --example tls_async_std` (see the shared body for every variable).

#[path = "../../cureds-core/examples/shared/tls.rs"]
mod tls;

#[async_std::main]
async fn main() -> std::process::ExitCode {
    tls::main::<client_async_std::AsyncIo>().await
}
