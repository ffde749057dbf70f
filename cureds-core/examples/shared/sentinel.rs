//! The Sentinel example, written once for every runtime: each runtime crate's
//! `examples/sentinel.rs` runs [`run`] on its runtime (`cargo run -p client-tokio --example
//! sentinel`).
//!
//! Connects through the sentinels and master name in `REDIS_SENTINEL_URL` (e.g.
//! `redis+sentinel://127.0.0.1:26379,127.0.0.1:26380/mymaster/0`); when it is unset, starts a
//! throwaway master, replica and sentinel from `redis-server` on PATH (and stops them at
//! exit). Does SET, GET and INCR on the master the sentinels name, reads from a replica
//! (`?role=replica`), prints the results, and exits non-zero on a mismatch.

use std::collections::HashMap;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cureds_core::{AsyncCommands, Client, Runtime};

/// A throwaway master, replica and sentinel, killed on drop.
struct LocalDeployment {
    processes: Vec<Child>,
    dir: std::path::PathBuf,
}

impl Drop for LocalDeployment {
    fn drop(&mut self) {
        for process in &mut self.processes {
            let _ = process.kill();
            let _ = process.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A free port below 32768 (clear of the usual ephemeral range).
fn free_port(after: &mut u16) -> u16 {
    loop {
        *after += 1;
        if TcpListener::bind(("127.0.0.1", *after)).is_ok() {
            return *after;
        }
    }
}

fn redis_cli(port: u16, args: &[&str]) -> Result<String, Box<dyn std::error::Error>> {
    let out = Command::new("redis-cli")
        .args(["-p", &port.to_string()])
        .args(args)
        .output()?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn start_local_deployment() -> Result<(LocalDeployment, String), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("cureds-sentinel-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut local = LocalDeployment {
        processes: Vec::new(),
        dir: dir.clone(),
    };
    let mut candidate = 22000 + (std::process::id() % 8000) as u16;
    let master = free_port(&mut candidate);
    let replica = free_port(&mut candidate);
    let sentinel = free_port(&mut candidate);
    for (port, extra) in [
        (master, vec![]),
        (
            replica,
            vec![
                "--replicaof".to_owned(),
                "127.0.0.1".to_owned(),
                master.to_string(),
            ],
        ),
    ] {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(&dir)
            .args(["--dbfilename", &format!("dump-{port}.rdb")])
            .args(extra)
            .stdout(Stdio::null())
            .spawn()?;
        local.processes.push(child);
    }
    let conf = dir.join("sentinel.conf");
    std::fs::write(
        &conf,
        format!(
            "port {sentinel}\nbind 127.0.0.1\ndir {}\n\
             sentinel monitor mymaster 127.0.0.1 {master} 1\n\
             sentinel down-after-milliseconds mymaster 2000\n",
            dir.display()
        ),
    )?;
    let child = Command::new("redis-server")
        .arg(&conf)
        .arg("--sentinel")
        .stdout(Stdio::null())
        .spawn()?;
    local.processes.push(child);
    // Ready once the sentinel sees the replica up and in sync (it learns that from the
    // replica's INFO, which it polls every few seconds).
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let replicas = redis_cli(sentinel, &["SENTINEL", "REPLICAS", "mymaster"])?;
        let link = redis_cli(replica, &["INFO", "replication"])?;
        let lines: Vec<&str> = replicas.lines().collect();
        let field = |name: &str| {
            let at = lines.iter().position(|line| *line == name)?;
            lines.get(at + 1).copied()
        };
        if field("port") == Some(replica.to_string().as_str())
            && field("flags") == Some("slave")
            && field("master-link-status") == Some("ok")
            && link.contains("master_link_status:up")
        {
            break;
        }
        if Instant::now() > deadline {
            return Err("the local master, replica and sentinel did not become ready".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((
        local,
        format!("redis+sentinel://127.0.0.1:{sentinel}/mymaster/0"),
    ))
}

/// SET, GET and INCR through the sentinels, then a read from a replica.
pub(crate) async fn run<R: Runtime>() -> Result<(), Box<dyn std::error::Error>> {
    let (_local, url) = match std::env::var("REDIS_SENTINEL_URL") {
        Ok(url) => (None, url),
        Err(_) => {
            let (local, url) = start_local_deployment()?;
            println!("REDIS_SENTINEL_URL unset; started a throwaway deployment at {url}");
            (Some(local), url)
        }
    };
    let client = Client::<R>::connect(&url).await?;
    let config: HashMap<String, String> =
        client.cmd("CONFIG").arg("GET").arg("port").query().await?;
    let port = config.get("port").map_or("?", String::as_str);
    println!("connected to the master the sentinels named, on port {port}");

    client.set("cureds:sentinel:greeting", "hello").await?;
    let greeting: Option<String> = client.get("cureds:sentinel:greeting").await?;
    println!("SET then GET cureds:sentinel:greeting: {greeting:?}");
    client.del("cureds:sentinel:hits").await?;
    let mut hits = 0;
    for _ in 0..3 {
        hits = client.incr("cureds:sentinel:hits").await?;
    }
    println!("INCR cureds:sentinel:hits three times: {hits}");
    if greeting.as_deref() != Some("hello") || hits != 3 {
        return Err("a reply did not match".into());
    }

    // Reads from a replica: wait until it has the writes, then read.
    let _: i64 = client.cmd("WAIT").arg(1).arg(2000).query().await?;
    let separator = if url.contains('?') { '&' } else { '?' };
    let replica = Client::<R>::connect(&format!("{url}{separator}role=replica")).await?;
    let on_replica: Option<String> = replica.get("cureds:sentinel:greeting").await?;
    println!("GET on a replica: {on_replica:?}");
    client
        .del(&["cureds:sentinel:greeting", "cureds:sentinel:hits"])
        .await?;
    println!("every reply matched");
    Ok(())
}
