//! Dedicated connections (WATCH transactions, blocking commands, the lease pool) and
//! reconnection, against throwaway `redis-server` processes.

use std::time::Duration;

use client_tokio::{AsyncCommands, Client, Config, Error, PipelineCommands};

#[path = "../examples/support/server.rs"]
mod server;

fn start() -> server::Throwaway {
    server::start_throwaway_with(&[]).expect("redis-server")
}

fn config(server: &server::Throwaway) -> Config {
    Config::from_url(&format!("redis://127.0.0.1:{}", server.port)).unwrap()
}

/// The seed's story: a WATCH by one task must not abort another task's transaction on the
/// same client, and the watching task's EXEC is aborted by a concurrent write.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_on_one_task_does_not_touch_another() {
    let server = start();
    let client = Client::with_config(config(&server)).await.unwrap();
    let other = Client::with_config(config(&server)).await.unwrap();
    client.set("a", 1).await.unwrap();

    let (paused, resume) = (tokio::sync::Notify::new(), tokio::sync::Notify::new());
    let (paused, resume) = (std::sync::Arc::new(paused), std::sync::Arc::new(resume));
    let task1 = {
        let (client, paused, resume) = (client.clone(), paused.clone(), resume.clone());
        tokio::spawn(async move {
            let lease = client.lease().await.unwrap();
            lease.watch("a").await.unwrap();
            let a: i64 = lease.get("a").await.unwrap();
            paused.notify_one();
            resume.notified().await;
            let mut tx = lease.multi();
            tx.set("a", a + 10);
            lease.exec::<((),)>(&tx).await
        })
    };
    paused.notified().await;
    other.incr("a").await.unwrap();
    // Task 2, same client: its transaction is unaffected by task 1's WATCH.
    let mut pipe = client.pipeline();
    pipe.incr("b");
    let (b,): (i64,) = pipe.execute().await.unwrap();
    assert_eq!(b, 1);
    resume.notify_one();
    assert!(matches!(task1.await.unwrap(), Err(Error::WatchAborted)));
    assert_eq!(client.get::<i64>("a").await.unwrap(), 2);

    // The helper retries after the abort and then succeeds.
    let mut attempts = 0;
    let ((), a): ((), i64) = client
        .transaction("a", |conn| {
            attempts += 1;
            let first = attempts == 1;
            let other = other.clone();
            async move {
                let a: i64 = conn.get("a").await?;
                if first {
                    other.incr("a").await?;
                }
                let mut tx = conn.multi();
                tx.set("a", a * 100).get("a");
                Ok(tx)
            }
        })
        .await
        .unwrap();
    assert_eq!(attempts, 2);
    assert_eq!(a, 300);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_watch_increments_are_exact() {
    let server = start();
    let client = Client::with_config(config(&server).with_pool_size(16).with_watch_retries(1000))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..20 {
                let _: ((),) = client
                    .transaction("counter", |conn| async move {
                        let n: Option<i64> = conn.get("counter").await?;
                        let mut tx = conn.multi();
                        tx.set("counter", n.unwrap_or(0) + 1);
                        Ok(tx)
                    })
                    .await
                    .unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(client.get::<i64>("counter").await.unwrap(), 4000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leases_come_back_clean_or_are_closed() {
    let server = start();
    let client = Client::with_config(config(&server).with_pool_size(1))
        .await
        .unwrap();
    let first_id: i64 = {
        let lease = client.lease().await.unwrap();
        lease.watch("w").await.unwrap();
        lease.cmd("CLIENT").arg("ID").query().await.unwrap()
    };
    client.set("w", "changed").await.unwrap();
    {
        // Same connection, and the WATCH left by the last lease is gone.
        let lease = client.lease().await.unwrap();
        let id: i64 = lease.cmd("CLIENT").arg("ID").query().await.unwrap();
        assert_eq!(id, first_id);
        let mut tx = lease.multi();
        tx.get("w");
        let (w,): (String,) = lease.exec(&tx).await.unwrap();
        assert_eq!(w, "changed");
    }
    // A lease dropped while its BLPOP waits is closed, not handed to the next caller.
    {
        let lease = client.lease().await.unwrap();
        let blpop = lease.blpop::<Option<(String, String)>>("nothing", 30.0);
        assert!(tokio::time::timeout(Duration::from_millis(100), blpop)
            .await
            .is_err());
    }
    let lease = client.lease().await.unwrap();
    let id: i64 = lease.cmd("CLIENT").arg("ID").query().await.unwrap();
    assert_ne!(id, first_id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocked_tasks_do_not_stall_others_and_each_wakes_once() {
    let server = start();
    let client = Client::with_config(config(&server).with_pool_size(20))
        .await
        .unwrap();
    let mut blocked = Vec::new();
    for _ in 0..20 {
        let client = client.clone();
        blocked.push(tokio::spawn(async move {
            client
                .blpop::<Option<(String, String)>>("jobs", 10.0)
                .await
                .unwrap()
        }));
    }
    let started = std::time::Instant::now();
    for i in 0..1000 {
        client.set("k", i).await.unwrap();
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    // Let every BLPOP reach the server before pushing.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for i in 0..20 {
        client.rpush("jobs", format!("job{i}")).await.unwrap();
    }
    let mut got: Vec<String> = Vec::new();
    for task in blocked {
        let (_, job) = task.await.unwrap().expect("woken with a job");
        got.push(job);
    }
    got.sort();
    got.dedup();
    assert_eq!(got.len(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnects_after_a_server_restart() {
    let server = start();
    let port = server.port;
    let config = config(&server).with_response_timeout(Duration::from_millis(500));
    let client = Client::with_config(config).await.unwrap();
    client.set("r", 1).await.unwrap();
    drop(server);
    // Requests fail (lost, or timed out waiting for the new connection) until the server
    // is back...
    let failed = client.get::<Option<i64>>("r").await;
    assert!(
        matches!(failed, Err(Error::ConnectionLost | Error::Timeout)),
        "{failed:?}"
    );
    let restarted = server::start_on_port(port, &[]).expect("restart");
    // ...then succeed without any user action.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        match client.set("r", 2).await {
            Ok(()) => break,
            Err(_) if std::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await
            }
            Err(e) => panic!("no reconnect: {e}"),
        }
    }
    assert_eq!(client.get::<i64>("r").await.unwrap(), 2);
    drop(restarted);
}
