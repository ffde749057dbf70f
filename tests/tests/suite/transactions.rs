//! WATCH transactions on leased connections, on every runtime: the original Python client's
//! two-task story (one task's WATCH must not abort another's EXEC) exactly,
//! the manual form, the retry limit, a dropped transaction, and a counter under contention.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cureds_core::AsyncCommands;
use resp_core::{Config, Error, PipelineCommands};
use tests::{shared_server, unique_prefix, RedisServer, TestRuntime};

fn server() -> Arc<RedisServer> {
    shared_server("transactions", RedisServer::builder).expect("redis-server starts")
}

/// Waits until `flag` is set, polling (works the same on every runtime).
async fn wait_for<R: TestRuntime>(rt: R, flag: &AtomicBool) {
    while !flag.load(Ordering::SeqCst) {
        rt.sleep(Duration::from_millis(2)).await;
    }
}

tests::both_runtimes! {
    /// Task 1 WATCHes `a` and pauses; another connection INCRs `a`; task 2, on the same
    /// Client, runs MULTI INCR b EXEC and succeeds; task 1 resumes, its EXEC is aborted, the
    /// helper retries and then succeeds.
    async fn the_seeds_watch_story(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let other = rt.connect(&server.url()).await.unwrap();
        let p = unique_prefix();
        let (a, b) = (format!("{p}a"), format!("{p}b"));
        client.set(&a, 1).await.unwrap();
        let attempts = Arc::new(AtomicUsize::new(0));
        let (paused, go) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicBool::new(false)));

        let task1 = {
            let (client, a) = (client.clone(), a.clone());
            let (attempts, paused, go) = (Arc::clone(&attempts), Arc::clone(&paused), Arc::clone(&go));
            rt.spawn(async move {
                client
                    .transaction(a.clone(), move |conn| {
                        let (a, attempts, paused, go) = (a.clone(), Arc::clone(&attempts), Arc::clone(&paused), Arc::clone(&go));
                        async move {
                            let n: i64 = conn.get(&a).await?;
                            if attempts.fetch_add(1, Ordering::SeqCst) == 0 {
                                paused.store(true, Ordering::SeqCst);
                                wait_for(rt, &go).await;
                            }
                            let mut tx = conn.multi();
                            tx.set(&a, n * 10).get(&a);
                            Ok(tx)
                        }
                    })
                    .await
            })
        };
        wait_for(rt, &paused).await;
        assert_eq!(other.incr(&a).await.unwrap(), 2);
        // Task 2 on the same client: its transaction is not touched by task 1's WATCH.
        let task2 = {
            let (client, b) = (client.clone(), b.clone());
            rt.spawn(async move {
                let mut pipe = client.pipeline();
                pipe.incr(&b);
                pipe.execute::<(i64,)>().await
            })
        };
        assert_eq!(task2.await.unwrap(), (1,));
        go.store(true, Ordering::SeqCst);
        let ((), a_after): ((), i64) = task1.await.unwrap();
        assert_eq!(a_after, 20, "the retry read the concurrent INCR");
        assert_eq!(attempts.load(Ordering::SeqCst), 2, "one abort, one retry");
        assert_eq!(client.get::<i64>(&b).await.unwrap(), 1);
    }

    async fn manual_watch_multi_exec(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let k = format!("{}k", unique_prefix());
        client.set(&k, 5).await.unwrap();
        let lease = client.lease().await.unwrap();
        lease.watch(&k).await.unwrap();
        let n: i64 = lease.get(&k).await.unwrap();
        client.incr(&k).await.unwrap();
        let mut tx = lease.multi();
        tx.set(&k, n + 100);
        let err = lease.exec::<((),)>(&tx).await.unwrap_err();
        assert!(matches!(err, Error::WatchAborted), "{err:?}");
        assert_eq!(client.get::<i64>(&k).await.unwrap(), 6);
        // Again, undisturbed.
        lease.watch(&k).await.unwrap();
        let n: i64 = lease.get(&k).await.unwrap();
        let mut tx = lease.multi();
        tx.set(&k, n + 100).incr(&k);
        let ((), m): ((), i64) = lease.exec(&tx).await.unwrap();
        assert_eq!(m, 107);
        // UNWATCH: a later change no longer aborts.
        lease.watch(&k).await.unwrap();
        lease.unwatch().await.unwrap();
        client.incr(&k).await.unwrap();
        let mut tx = lease.multi();
        tx.incr(&k);
        assert_eq!(lease.exec::<(i64,)>(&tx).await.unwrap(), (109,));
    }

    async fn retries_are_bounded(rt) {
        let server = server();
        let config = Config::from_url(&server.url()).unwrap().with_watch_retries(2);
        let client = rt.connect_config(config).await.unwrap();
        let other = rt.connect(&server.url()).await.unwrap();
        let k = format!("{}k", unique_prefix());
        let attempts = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&attempts);
        let result = client
            .transaction(k.clone(), move |conn| {
                let (k, other, counted) = (k.clone(), other.clone(), Arc::clone(&counted));
                async move {
                    counted.fetch_add(1, Ordering::SeqCst);
                    // Every attempt is spoiled by a concurrent write.
                    other.incr(&k).await?;
                    let mut tx = conn.multi();
                    tx.set(&k, 0);
                    Ok(tx)
                }
            })
            .await;
        assert!(matches!(result, Err(Error::WatchAborted)), "{result:?}");
        let result: Result<((),), Error> = result;
        drop(result);
        assert_eq!(attempts.load(Ordering::SeqCst), 3, "the first attempt and two retries");
    }

    /// A transaction future dropped while its closure waits must not keep the lease: with a
    /// pool of one, the next transaction would otherwise wait forever.
    async fn a_dropped_transaction_releases_its_connection(rt) {
        let server = server();
        let config = Config::from_url(&server.url()).unwrap().with_pool_size(1);
        let client = rt.connect_config(config).await.unwrap();
        let k = format!("{}k", unique_prefix());
        let stuck = {
            let (client, k) = (client.clone(), k.clone());
            async move {
                client
                    .transaction(k.clone(), move |conn| {
                        let k = k.clone();
                        async move {
                            let _: Option<i64> = conn.get(&k).await?;
                            std::future::pending::<()>().await;
                            Ok(conn.multi())
                        }
                    })
                    .await
            }
        };
        let out: Option<Result<(), Error>> = rt.timeout(Duration::from_millis(200), stuck).await;
        assert!(out.is_none());
        let done = rt
            .timeout(Duration::from_secs(10), client.transaction(k.clone(), |conn| {
                let k = k.clone();
                async move {
                    let mut tx = conn.multi();
                    tx.incr(&k);
                    Ok(tx)
                }
            }))
            .await;
        let (n,): (i64,) = done.expect("the pool's only connection came back").unwrap();
        assert_eq!(n, 1);
        // The shared connection never saw the WATCH.
        assert_eq!(client.incr(&k).await.unwrap(), 2);
    }

    /// 200 tasks on one client each add 1 to a counter with WATCH/GET/MULTI/SET, 20 times.
    async fn counter_under_contention_ends_exact(rt) {
        let server = server();
        let config = Config::from_url(&server.url()).unwrap().with_watch_retries(100_000);
        let client = rt.connect_config(config).await.unwrap();
        let counter = Arc::new(format!("{}counter", unique_prefix()));
        let tasks: Vec<_> = (0..200)
            .map(|_| {
                let (client, counter) = (client.clone(), Arc::clone(&counter));
                rt.spawn(async move {
                    for _ in 0..20 {
                        let _: ((),) = client
                            .transaction(counter.as_str().to_owned(), |conn| {
                                let counter = Arc::clone(&counter);
                                async move {
                                    let n: Option<i64> = conn.get(counter.as_str()).await?;
                                    let mut tx = conn.multi();
                                    tx.set(counter.as_str(), n.unwrap_or(0) + 1);
                                    Ok(tx)
                                }
                            })
                            .await
                            .unwrap();
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await;
        }
        assert_eq!(client.get::<i64>(counter.as_str()).await.unwrap(), 4000);
    }
}
