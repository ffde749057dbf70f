//! TLS on tokio: `REDIS_URL=rediss://host:port REDIS_CA_FILE=ca.pem cargo run -p
//! client-tokio --example tls` (see the shared body for every variable).

#[path = "../../cureds-core/examples/shared/tls.rs"]
mod tls;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tls::main::<client_tokio::Tokio>().await
}
