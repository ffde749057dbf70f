//! Blocking commands run on leased connections: they never stall the shared one.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cureds_core::AsyncCommands;
use resp_core::commands::lists::Direction;
use resp_core::commands::streams::XReadOptions;
use resp_core::Config;
use tests::{shared_server, unique_prefix, RedisServer};

fn server() -> Arc<RedisServer> {
    shared_server("blocking", RedisServer::builder).expect("redis-server starts")
}

tests::both_runtimes! {
    /// 50 tasks blocked in BLPOP while 1,000 GETs on the same client complete promptly; then
    /// pushes wake each blocked task exactly once.
    async fn blocked_tasks_do_not_stall_the_shared_connection(rt) {
        let server = server();
        let config = Config::from_url(&server.url()).unwrap().with_pool_size(64);
        let client = rt.connect_config(config).await.unwrap();
        let p = unique_prefix();
        let list = Arc::new(format!("{p}list"));
        let waiters: Vec<_> = (0..50)
            .map(|_| {
                let (client, list) = (client.clone(), Arc::clone(&list));
                rt.spawn(async move { client.blpop::<Option<(String, String)>>(list.as_str(), 30.0).await })
            })
            .collect();
        // Wait until the server sees all 50 blocked.
        let started = Instant::now();
        loop {
            let info = client.info_sections("clients").await.unwrap();
            let blocked: usize = info
                .lines()
                .find_map(|l| l.strip_prefix("blocked_clients:"))
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or(0);
            if blocked >= 50 {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "only {blocked} blocked");
            rt.sleep(Duration::from_millis(10)).await;
        }
        let key = format!("{p}plain");
        client.set(&key, "v").await.unwrap();
        let started = Instant::now();
        let gets: Vec<_> = (0..1000)
            .map(|_| {
                let (client, key) = (client.clone(), key.clone());
                rt.spawn(async move { client.get::<String>(&key).await.unwrap() })
            })
            .collect();
        for g in gets {
            assert_eq!(g.await, "v");
        }
        assert!(started.elapsed() < Duration::from_secs(5), "1,000 GETs took {:?}", started.elapsed());
        let items: Vec<String> = (0..50).map(|i| format!("item{i}")).collect();
        assert_eq!(client.rpush(list.as_str(), &items).await.unwrap(), 50);
        let mut woken = BTreeSet::new();
        for w in waiters {
            let (k, v) = w.await.unwrap().expect("woken, not timed out");
            assert_eq!(&k, list.as_str());
            assert!(woken.insert(v), "an item was delivered twice");
        }
        assert_eq!(woken, items.into_iter().collect());
        assert_eq!(client.llen(list.as_str()).await.unwrap(), 0);
    }

    async fn blocking_timeouts_return_nil(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let p = unique_prefix();
        let started = Instant::now();
        let none: Option<(String, String)> = client.blpop(format!("{p}empty"), 0.2).await.unwrap();
        assert_eq!(none, None);
        assert!(started.elapsed() >= Duration::from_millis(150));
        let none: Option<(String, String, f64)> = client.bzpopmin(format!("{p}z"), 0.1).await.unwrap();
        assert_eq!(none, None);
        let none: Option<String> = client
            .blmove(format!("{p}src"), format!("{p}dst"), Direction::Left, Direction::Right, 0.1)
            .await
            .unwrap();
        assert_eq!(none, None);
        assert_eq!(client.incr(format!("{p}n")).await.unwrap(), 1, "the client still works");
    }

    async fn each_blocking_command_wakes_on_data(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let p = unique_prefix();
        let (l, z, s) = (format!("{p}l"), format!("{p}z"), format!("{p}s"));
        let pop = {
            let (c, l) = (client.clone(), l.clone());
            rt.spawn(async move { c.brpop::<Option<(String, String)>>(&l, 10.0).await })
        };
        let zpop = {
            let (c, z) = (client.clone(), z.clone());
            rt.spawn(async move { c.bzpopmax::<String>(&z, 10.0).await })
        };
        let read = {
            let (c, s) = (client.clone(), s.clone());
            rt.spawn(async move { c.xread(&[&s], &["$"], XReadOptions::new().block(10_000)).await })
        };
        rt.sleep(Duration::from_millis(200)).await;
        client.rpush(&l, "x").await.unwrap();
        client.zadd(&z, 2.5, "m").await.unwrap();
        let id = client.xadd(&s, "*", &[("f", "v")]).await.unwrap();
        assert_eq!(pop.await.unwrap(), Some((l.clone(), "x".to_owned())));
        assert_eq!(zpop.await.unwrap(), Some((z.clone(), "m".to_owned(), 2.5)));
        let got = read.await.unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1[0].id, id);
        let mpop: Option<(String, Vec<String>)> = client.blmpop(1.0, &l, Direction::Left, 5).await.unwrap();
        assert_eq!(mpop, None);
        client.rpush(&l, &["a", "b"]).await.unwrap();
        let mpop: Option<(String, Vec<String>)> = client.blmpop(1.0, &l, Direction::Left, 5).await.unwrap();
        assert_eq!(mpop, Some((l, vec!["a".to_owned(), "b".to_owned()])));
    }
}
