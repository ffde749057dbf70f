//! Dedicated connections (WATCH transactions, blocking commands, the lease pool) and
//! reconnection, each run under the async-std and the smol executors.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use async_io::Timer;
use client_async_std::{AsyncCommands, Client, Config, Error, PipelineCommands};

#[path = "../../client-tokio/examples/support/server.rs"]
mod server;

type Task = Pin<Box<dyn Future<Output = ()> + Send>>;
type Spawn = fn(Task) -> Task;

fn spawn_async_std(task: Task) -> Task {
    Box::pin(async_std::task::spawn(task))
}

fn spawn_smol(task: Task) -> Task {
    Box::pin(smol::spawn(task))
}

macro_rules! on_both_executors {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn async_std() {
                async_std::task::block_on(super::$name(super::spawn_async_std));
            }
            #[test]
            fn smol() {
                smol::block_on(super::$name(super::spawn_smol));
            }
        }
    )*};
}

on_both_executors!(
    watch_on_one_task_does_not_touch_another,
    concurrent_watch_increments_are_exact,
    leases_come_back_clean_or_are_closed,
    blocked_tasks_do_not_stall_others,
    reconnects_after_a_server_restart,
);

fn start() -> server::Throwaway {
    server::start_throwaway_with(&[]).expect("redis-server")
}

fn config(server: &server::Throwaway) -> Config {
    Config::from_url(&format!("redis://127.0.0.1:{}", server.port)).unwrap()
}

async fn watch_on_one_task_does_not_touch_another(spawn: Spawn) {
    let server = start();
    let client = Client::with_config(config(&server)).await.unwrap();
    let other = Client::with_config(config(&server)).await.unwrap();
    client.set("a", 1).await.unwrap();
    let (paused_tx, paused) = async_channel::bounded::<()>(1);
    let (resume, resume_rx) = async_channel::bounded::<()>(1);
    let (result_tx, result) = async_channel::bounded(1);
    let task1 = {
        let client = client.clone();
        spawn(Box::pin(async move {
            let lease = client.lease().await.unwrap();
            lease.watch("a").await.unwrap();
            let a: i64 = lease.get("a").await.unwrap();
            paused_tx.send(()).await.unwrap();
            resume_rx.recv().await.unwrap();
            let mut tx = lease.multi();
            tx.set("a", a + 10);
            let _ = result_tx.send(lease.exec::<((),)>(&tx).await).await;
        }))
    };
    paused.recv().await.unwrap();
    other.incr("a").await.unwrap();
    let mut pipe = client.pipeline();
    pipe.incr("b");
    let (b,): (i64,) = pipe.execute().await.unwrap();
    assert_eq!(b, 1);
    resume.send(()).await.unwrap();
    task1.await;
    assert!(matches!(
        result.recv().await.unwrap(),
        Err(Error::WatchAborted)
    ));

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
    assert_eq!((attempts, a), (2, 300));
}

async fn concurrent_watch_increments_are_exact(spawn: Spawn) {
    let server = start();
    let config = config(&server).with_pool_size(16).with_watch_retries(1000);
    let client = Client::with_config(config).await.unwrap();
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let client = client.clone();
        tasks.push(spawn(Box::pin(async move {
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
        })));
    }
    for task in tasks {
        task.await;
    }
    assert_eq!(client.get::<i64>("counter").await.unwrap(), 4000);
}

async fn leases_come_back_clean_or_are_closed(_: Spawn) {
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
        let lease = client.lease().await.unwrap();
        let id: i64 = lease.cmd("CLIENT").arg("ID").query().await.unwrap();
        assert_eq!(id, first_id);
        let mut tx = lease.multi();
        tx.get("w");
        let (w,): (String,) = lease.exec(&tx).await.unwrap();
        assert_eq!(w, "changed");
    }
    {
        let lease = client.lease().await.unwrap();
        let blpop = lease.blpop::<Option<(String, String)>>("nothing", 30.0);
        let timed_out = futures_lite::future::or(async { blpop.await.map(|_| false) }, async {
            Timer::after(Duration::from_millis(100)).await;
            Ok(true)
        })
        .await;
        assert!(timed_out.unwrap());
    }
    let lease = client.lease().await.unwrap();
    let id: i64 = lease.cmd("CLIENT").arg("ID").query().await.unwrap();
    assert_ne!(id, first_id);
}

async fn blocked_tasks_do_not_stall_others(spawn: Spawn) {
    let server = start();
    let client = Client::with_config(config(&server).with_pool_size(20))
        .await
        .unwrap();
    let (done, woken) = async_channel::unbounded();
    let mut blocked = Vec::new();
    for _ in 0..20 {
        let (client, done) = (client.clone(), done.clone());
        blocked.push(spawn(Box::pin(async move {
            let got = client
                .blpop::<Option<(String, String)>>("jobs", 10.0)
                .await
                .unwrap();
            done.send(got).await.unwrap();
        })));
    }
    let started = Instant::now();
    for i in 0..1000 {
        client.set("k", i).await.unwrap();
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    Timer::after(Duration::from_millis(300)).await;
    for i in 0..20 {
        client.rpush("jobs", format!("job{i}")).await.unwrap();
    }
    for task in blocked {
        task.await;
    }
    let mut jobs: Vec<String> = Vec::new();
    while let Ok(got) = woken.try_recv() {
        jobs.push(got.expect("woken with a job").1);
    }
    jobs.sort();
    jobs.dedup();
    assert_eq!(jobs.len(), 20);
}

async fn reconnects_after_a_server_restart(_: Spawn) {
    let server = start();
    let port = server.port;
    let config = config(&server).with_response_timeout(Duration::from_millis(500));
    let client = Client::with_config(config).await.unwrap();
    client.set("r", 1).await.unwrap();
    drop(server);
    let failed = client.get::<Option<i64>>("r").await;
    assert!(
        matches!(failed, Err(Error::ConnectionLost | Error::Timeout)),
        "{failed:?}"
    );
    let restarted = server::start_on_port(port, &[]).expect("restart");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match client.set("r", 2).await {
            Ok(()) => break,
            Err(_) if Instant::now() < deadline => {
                Timer::after(Duration::from_millis(50)).await;
            }
            Err(e) => panic!("no reconnect: {e}"),
        }
    }
    assert_eq!(client.get::<i64>("r").await.unwrap(), 2);
    drop(restarted);
}
