//! The cluster example, written once for every runtime: each runtime crate's
//! `examples/cluster.rs` runs [`run`] on its runtime (`cargo run -p client-tokio --example
//! cluster`).
//!
//! Connects to the seed nodes in `REDIS_CLUSTER_NODES` (comma-separated `redis://` URLs);
//! when it is unset, starts a throwaway 3-primary cluster from `redis-server` and
//! `redis-cli` on PATH (and stops it at exit). Writes 1,000 keys with one MSET, reads them
//! back with one MGET, runs a non-atomic pipeline of 1,000 commands over every node, checks
//! every reply, and exits non-zero on any mismatch.

use std::collections::HashMap;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cureds_core::resp_core::cluster::key_slot;
use cureds_core::{AsyncCommands, ClusterClient, PipelineCommands, Runtime, Value};

/// A throwaway local cluster, killed on drop.
struct LocalCluster {
    nodes: Vec<Child>,
    dir: std::path::PathBuf,
}

impl Drop for LocalCluster {
    fn drop(&mut self) {
        for node in &mut self.nodes {
            let _ = node.kill();
            let _ = node.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start_local_cluster() -> Result<(LocalCluster, Vec<String>), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("cureds-cluster-example-{}", std::process::id()));
    let mut cluster = LocalCluster {
        nodes: Vec::new(),
        dir: dir.clone(),
    };
    let mut ports = Vec::new();
    // Ports below 55536 whose cluster bus port (+10000) is free too.
    let mut candidate = 21000 + (std::process::id() % 5000) as u16;
    while ports.len() < 3 {
        candidate += 1;
        let free = |p: u16| TcpListener::bind(("127.0.0.1", p)).is_ok();
        if !(free(candidate) && free(candidate + 10000)) {
            continue;
        }
        let node_dir = dir.join(candidate.to_string());
        std::fs::create_dir_all(&node_dir)?;
        let child = Command::new("redis-server")
            .args(["--port", &candidate.to_string(), "--bind", "127.0.0.1"])
            .args([
                "--cluster-enabled",
                "yes",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .arg("--dir")
            .arg(&node_dir)
            .stdout(Stdio::null())
            .spawn()?;
        cluster.nodes.push(child);
        ports.push(candidate);
    }
    std::thread::sleep(Duration::from_millis(300));
    let addrs: Vec<String> = ports.iter().map(|p| format!("127.0.0.1:{p}")).collect();
    let status = Command::new("redis-cli")
        .args(["--cluster", "create"])
        .args(&addrs)
        .args(["--cluster-replicas", "0", "--cluster-yes"])
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        return Err("redis-cli --cluster create failed".into());
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    for port in &ports {
        loop {
            let out = Command::new("redis-cli")
                .args(["-p", &port.to_string(), "cluster", "info"])
                .output()?;
            if String::from_utf8_lossy(&out.stdout).contains("cluster_state:ok") {
                break;
            }
            if Instant::now() > deadline {
                return Err("the local cluster did not become ready".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    let urls = ports
        .iter()
        .map(|p| format!("redis://127.0.0.1:{p}"))
        .collect();
    Ok((cluster, urls))
}

/// MSET / MGET of 1,000 keys and a 1,000-command pipeline over every node.
pub(crate) async fn run<R: Runtime>() -> Result<(), Box<dyn std::error::Error>> {
    let (_local, urls) = match std::env::var("REDIS_CLUSTER_NODES") {
        Ok(nodes) => (None, nodes.split(',').map(str::to_owned).collect()),
        Err(_) => {
            let (cluster, urls) = start_local_cluster()?;
            println!("REDIS_CLUSTER_NODES unset; started a throwaway cluster at {urls:?}");
            (Some(cluster), urls)
        }
    };
    let client = ClusterClient::<R>::connect(&urls).await?;
    let map = client.slot_map();

    let keys: Vec<String> = (0..1000).map(|i| format!("cureds:example:{i}")).collect();
    let pairs: Vec<(&String, usize)> = keys.iter().zip(0..).collect();
    client.mset(&pairs).await?;
    let values: Vec<Option<usize>> = client.mget(&keys).await?;
    let mut mismatches = values
        .iter()
        .enumerate()
        .filter(|(i, v)| **v != Some(*i))
        .count();

    let mut pipe = client.pipeline().non_atomic();
    for key in &keys {
        pipe.incr(key);
    }
    let replies: Vec<Value> = pipe.execute_values().await?;
    mismatches += replies
        .iter()
        .enumerate()
        .filter(|(i, v)| **v != Value::Integer(*i as i64 + 1))
        .count();

    let mut per_node: HashMap<String, usize> = HashMap::new();
    for key in &keys {
        if let Some(node) = map.primary(key_slot(key.as_bytes())) {
            *per_node.entry(node.to_string()).or_default() += 1;
        }
    }
    println!(
        "{} keys went to {} nodes: {per_node:?}",
        keys.len(),
        per_node.len()
    );
    client.del(&keys).await?;
    if mismatches > 0 {
        return Err(format!("{mismatches} replies did not match").into());
    }
    println!("every reply matched");
    Ok(())
}
