//! The quickstart, the original Python client's usage example, written once for every
//! runtime: each runtime crate's
//! `examples/quickstart*.rs` runs [`run`] on its runtime
//! (`cargo run -p client-tokio --example quickstart`).
//!
//! Connects to `REDIS_URL`, else 127.0.0.1:6379; when nothing answers there, starts a
//! throwaway `redis-server` from PATH on a free port (and stops it at exit).

use std::collections::HashMap;

use cureds_core::{AsyncCommands, Client, PipelineCommands, Runtime, Value};

use crate::server;

/// SET, ten INCR/GET rounds, a hash, then one MULTI/EXEC pipeline, printing every reply.
pub(crate) async fn run<R: Runtime>() -> Result<(), Box<dyn std::error::Error>> {
    let server = server::find_or_start()?;
    if let Some(throwaway) = &server.throwaway {
        println!(
            "nothing answered at {}; started a throwaway redis-server on port {}",
            server.probed, throwaway.port
        );
    }
    println!("connecting to {}", server.url);
    let client = Client::<R>::connect(&server.url).await?;

    client.set("a", 1).await?;
    for _ in 0..10 {
        let n: i64 = client.incr("a").await?;
        let a: Option<String> = client.get("a").await?;
        println!("INCR a -> {n}, GET a -> {a:?}");
    }

    client.hset("client_hash", "first_name", "allen").await?;
    client.hset("client_hash", "last_name", "ling").await?;
    let hash: HashMap<String, String> = client.hgetall("client_hash").await?;
    println!("HGETALL client_hash -> {hash:?}");

    let mut pipe = client.pipeline();
    pipe.set("a", 1)
        .get("a")
        .incr("a")
        .hgetall("client_hash")
        .get("a");
    let replies: Vec<Value> = pipe.execute_values().await?;
    println!("pipeline (MULTI/EXEC) replies:");
    for reply in &replies {
        println!("  {reply:?}");
    }
    Ok(())
}
