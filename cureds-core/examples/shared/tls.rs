//! TLS, written once for every runtime: each runtime crate's `examples/tls*.rs` runs [`run`]
//! on its runtime (`cargo run -p client-tokio --example tls`).
//!
//! Connects to `REDIS_URL` (a `rediss://` URL; default `rediss://127.0.0.1:6380`), trusting
//! the CA certificates in the PEM file named by `REDIS_CA_FILE` (else the webpki roots),
//! with the client certificate and key in `REDIS_CLIENT_CERT` / `REDIS_CLIENT_KEY` when both
//! are set (mutual TLS). Runs SET, GET and INCR and prints the replies; a rejected
//! certificate ends it with exit code 1 and the reason.

use std::process::ExitCode;

use cureds_core::{AsyncCommands, Client, ClientIdentity, Config, Error, Runtime, TlsConfig};

/// Runs the example and turns its outcome into the process's exit code.
pub(crate) async fn main<R: Runtime>() -> ExitCode {
    match run::<R>().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run<R: Runtime>() -> Result<(), Error> {
    let url = std::env::var("REDIS_URL").unwrap_or_else(|_| "rediss://127.0.0.1:6380".into());
    let mut tls = TlsConfig::new();
    if let Ok(path) = std::env::var("REDIS_CA_FILE") {
        tls = tls.with_ca_pem(read(&path)?);
    }
    if let (Ok(cert), Ok(key)) = (
        std::env::var("REDIS_CLIENT_CERT"),
        std::env::var("REDIS_CLIENT_KEY"),
    ) {
        tls = tls.with_client_identity(ClientIdentity::from_pem(read(&cert)?, read(&key)?));
    }
    let config = Config::from_url(&url)?.with_tls(tls);
    println!("connecting to {} over TLS", config.address);
    let client = Client::<R>::with_config(config).await?;
    client.set("tls:greeting", "hello over TLS").await?;
    let greeting: Option<String> = client.get("tls:greeting").await?;
    println!("GET tls:greeting -> {greeting:?}");
    let n: i64 = client.incr("tls:counter").await?;
    println!("INCR tls:counter -> {n}");
    Ok(())
}

fn read(path: &str) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::Config(format!("cannot read {path}: {e}")))
}
