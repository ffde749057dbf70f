//! Ten ordinary programs, written as a new user would, with one import (the prelude) and no
//! annotations beyond the reply types a reader expects. Each runs on every runtime against a
//! real server. `cureds_core::prelude` is what `client_tokio::prelude` and
//! `client_async_std::prelude` re-export (they add their `Client` type names), so these
//! bodies read the same with `use client_tokio::prelude::*;`.

use std::sync::Arc;
use std::time::Duration;

use cureds_core::prelude::*;
use serde::{Deserialize, Serialize};
use tests::{free_port, shared_server, unique_prefix, RedisServer};

fn server() -> Arc<RedisServer> {
    shared_server("programs", RedisServer::builder).expect("redis-server starts")
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Profile {
    id: u64,
    name: String,
    followers: u32,
}

/// The slow source of truth the cache sits in front of.
fn load_profile(id: u64) -> Profile {
    Profile {
        id,
        name: format!("user {id}"),
        followers: 10,
    }
}

/// Cache-aside: read the cache; on a miss, load and store with a time to live.
async fn cached_profile(
    client: &impl AsyncCommands,
    prefix: &str,
    id: u64,
) -> Result<(Profile, bool), Error> {
    let key = format!("{prefix}profile:{id}");
    if let Some(Json(profile)) = client.get(&key).await? {
        return Ok((profile, true));
    }
    let profile = load_profile(id);
    client.set_ex(&key, Json(&profile), 60).await?;
    Ok((profile, false))
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Job {
    id: u32,
    task: String,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Chat {
    from: String,
    text: String,
}

const RELEASE: &str = "if redis.call('GET', KEYS[1]) == ARGV[1] then \
                       return redis.call('DEL', KEYS[1]) else return 0 end";

tests::both_runtimes! {
    async fn cache_aside_with_json(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let p = unique_prefix();
        let (first, hit) = cached_profile(&client, &p, 7).await.unwrap();
        assert!(!hit);
        let (second, hit) = cached_profile(&client, &p, 7).await.unwrap();
        assert!(hit);
        assert_eq!(first, second);
        let ttl = client.ttl(format!("{p}profile:7")).await.unwrap();
        assert!(ttl > 0 && ttl <= 60);
    }

    async fn rate_limiter(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let key = format!("{}rate:alice", unique_prefix());
        let mut allowed = 0;
        for _ in 0..8 {
            // INCR and EXPIRE together (MULTI/EXEC): a window of 60 s, 5 hits.
            let mut pipe = client.pipeline();
            pipe.incr(&key).expire(&key, 60);
            let (hits, _): (i64, bool) = pipe.execute().await.unwrap();
            if hits <= 5 {
                allowed += 1;
            }
        }
        assert_eq!(allowed, 5);
    }

    async fn job_queue_with_blmove(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let p = unique_prefix();
        let (queue, processing) = (format!("{p}jobs"), format!("{p}processing"));
        for id in 0..3 {
            client.lpush(&queue, Json(Job { id, task: format!("resize {id}") })).await.unwrap();
        }
        let mut done = Vec::new();
        // A worker: move the oldest job to `processing`, do it, then remove it from there.
        loop {
            let next: Option<Json<Job>> = client
                .blmove(&queue, &processing, Direction::Right, Direction::Left, 0.2)
                .await
                .unwrap();
            let Some(Json(job)) = next else { break };
            done.push(job.id);
            assert_eq!(client.lrem(&processing, 1, Json(&job)).await.unwrap(), 1);
        }
        assert_eq!(done, [0, 1, 2]);
        assert_eq!(client.llen(&processing).await.unwrap(), 0);
    }

    async fn lock_with_a_lua_script(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let lock = format!("{}lock:report", unique_prefix());
        let release = Script::new(RELEASE);
        let acquired = client.set_options(&lock, "token-a", SetOptions::new().nx().px(30_000)).await.unwrap();
        assert!(acquired);
        let again = client.set_options(&lock, "token-b", SetOptions::new().nx().px(30_000)).await.unwrap();
        assert!(!again, "held by token-a");
        // Only the holder's token releases it.
        let released: i64 = client.invoke_script(&release, &lock, "token-b").await.unwrap();
        assert_eq!(released, 0);
        let released: i64 = client.invoke_script(&release, &lock, "token-a").await.unwrap();
        assert_eq!(released, 1);
        assert!(client.set_options(&lock, "token-b", SetOptions::new().nx().px(30_000)).await.unwrap());
    }

    async fn pubsub_chat(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let room = format!("{}room:rust", unique_prefix());
        let mut inbox = client.subscribe(&room).await.unwrap();
        for text in ["hi", "bye"] {
            let receivers = client.publish(&room, Json(Chat { from: "ann".into(), text: text.into() })).await.unwrap();
            assert_eq!(receivers, 1);
        }
        let mut texts = Vec::new();
        while let Some(message) = rt.timeout(Duration::from_secs(10), inbox.next()).await.unwrap() {
            let chat: Chat = message.json().unwrap();
            texts.push(chat.text);
            if texts.len() == 2 {
                inbox.close().await.unwrap();
            }
        }
        assert_eq!(texts, ["hi", "bye"]);
    }

    async fn stream_consumer_group(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let stream = format!("{}sensors", unique_prefix());
        for _ in 0..2 {
            // Creating the group again is fine: BUSYGROUP says it exists.
            match client.xgroup_create(&stream, "workers", "0", true).await {
                Ok(()) => {}
                Err(e) if e.server_kind() == Some(&ServerErrorKind::BusyGroup) => {}
                Err(e) => panic!("{e}"),
            }
        }
        for temp in [21, 23] {
            client.xadd(&stream, "*", [("temp", temp)]).await.unwrap();
        }
        let read = client.xreadgroup("workers", "c1", &stream, ">", XReadOptions::new().count(10)).await.unwrap();
        let mut total = 0;
        for (_, entries) in read {
            for entry in entries {
                total += entry.parse::<i64>("temp").unwrap().unwrap();
                assert_eq!(client.xack(&stream, "workers", &entry.id).await.unwrap(), 1);
            }
        }
        assert_eq!(total, 44);
    }

    async fn scan_and_delete(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let p = unique_prefix();
        for i in 0..120 {
            client.set(format!("{p}session:{i}"), i).await.unwrap();
        }
        client.set(format!("{p}keep"), 1).await.unwrap();
        let mut keys = client.scan_iter::<String>(ScanOptions::new().pattern(format!("{p}session:*")).count(50));
        let (mut batch, mut deleted) = (Vec::new(), 0);
        while let Some(key) = keys.next().await {
            batch.push(key.unwrap());
            if batch.len() == 50 {
                deleted += client.del(&batch).await.unwrap();
                batch.clear();
            }
        }
        deleted += client.del(&batch).await.unwrap();
        assert_eq!(deleted, 120);
        assert_eq!(client.exists(format!("{p}keep")).await.unwrap(), 1);
    }

    async fn leaderboard(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let board = format!("{}leaderboard", unique_prefix());
        for (player, score) in [("ann", 120.0), ("bob", 90.0), ("cid", 150.0), ("dee", 60.0)] {
            client.zadd(&board, score, player).await.unwrap();
        }
        assert_eq!(client.zincrby(&board, 50.0, "bob").await.unwrap(), 140.0);
        let top: Vec<(String, f64)> = client.zrevrange_withscores(&board, 0, 2).await.unwrap();
        assert_eq!(top, [("cid".into(), 150.0), ("bob".into(), 140.0), ("ann".into(), 120.0)]);
        assert_eq!(client.zrevrank(&board, "dee").await.unwrap(), Some(3));
        assert_eq!(client.zscore(&board, "nobody").await.unwrap(), None);
    }

    async fn error_handling(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let key = format!("{}name", unique_prefix());
        client.set(&key, "ann").await.unwrap();
        // The server's errors, by kind.
        let err = client.lpush(&key, "x").await.unwrap_err();
        assert_eq!(err.server_kind(), Some(&ServerErrorKind::WrongType));
        assert!(err.may_have_run());
        // A reply that is not the type asked for.
        let err = client.get::<i64>(&key).await.unwrap_err();
        assert!(matches!(err, Error::Type(TypeError { .. })), "{err}");
        // Nothing listens: the connect is refused (an I/O error, not a timeout).
        let nowhere = Config::tcp("127.0.0.1", free_port().unwrap()).with_connect_timeout(Duration::from_secs(2));
        let err = rt.connect_config(nowhere).await.map(|_| ()).unwrap_err();
        assert!(err.is_connection_refused() && err.is_io() && !err.is_timeout(), "{err:?}");
    }

    async fn configuration(rt) {
        let server = server();
        let config = Config::tcp("127.0.0.1", server.port())
            .with_db(3)
            .with_client_name("report-worker")
            .with_response_timeout(Duration::from_secs(2))
            .with_pool_size(2);
        let client = rt.connect_config(config).await.unwrap();
        assert_eq!(client.client_getname().await.unwrap().as_deref(), Some("report-worker"));
        let key = format!("{}in-db-3", unique_prefix());
        client.set(&key, 1).await.unwrap();
        // The same server from a URL, database 0: the key is not there.
        let db0 = rt.connect_config(format!("redis://127.0.0.1:{}/0", server.port()).parse().unwrap()).await.unwrap();
        assert_eq!(db0.exists(&key).await.unwrap(), 0);
        let wrong: Result<Config, Error> = "redis://127.0.0.1:notaport".parse();
        assert!(matches!(wrong, Err(Error::Config(_))));
    }
}
