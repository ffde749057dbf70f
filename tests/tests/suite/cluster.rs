//! The cluster client against a real 3-primary, 3-replica Redis Cluster, on every runtime.
//! Most tests share one cluster per test binary and keep to their own keys; the failover
//! test kills a primary, so it starts a cluster of its own.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use cureds_core::{
    AsyncCommands, ClusterClient, ClusterConfig, Error, FromValue, PipelineCommands, ReadFrom,
    ShardSubscription, Value,
};
use resp_core::cluster::key_slot;
use resp_core::commands::scan::ScanOptions;
use tests::{shared_cluster, unique_prefix, RedisCluster, TestRuntime};

type Cluster<R> = ClusterClient<<R as TestRuntime>::Rt>;

/// Tests that move a slot of the shared cluster hold this for reading; the cluster SCAN
/// test holds it for writing: a key whose slot moves mid-scan may be yielded twice or not
/// at all (as SCAN documents), which would fail its exactly-once count. The shard
/// subscription test with added channels holds it for writing too (see there).
static SLOT_MOVES: async_lock::RwLock<()> = async_lock::RwLock::new(());

async fn connect<R: TestRuntime>(cluster: &RedisCluster) -> Cluster<R> {
    Cluster::<R>::connect(cluster.urls()).await.unwrap()
}

tests::both_runtimes! {
    async fn families_on_keys_across_slots(rt) {
        let cluster = shared_cluster().unwrap();
        let client = connect::<R>(&cluster).await;
        let p = unique_prefix();
        let mut slots = std::collections::HashSet::new();
        for i in 0..60 {
            let k = format!("{p}s{i}");
            slots.insert(key_slot(k.as_bytes()));
            client.set(&k, i).await.unwrap();
            assert_eq!(client.incr(&k).await.unwrap(), i + 1);
            let h = format!("{p}h{i}");
            client.hset(&h, "f", i).await.unwrap();
            assert_eq!(client.hget::<Option<i64>>(&h, "f").await.unwrap(), Some(i));
            let l = format!("{p}l{i}");
            client.rpush(&l, [i, i + 1]).await.unwrap();
            assert_eq!(client.lrange::<Vec<i64>>(&l, 0, -1).await.unwrap(), vec![i, i + 1]);
            let s = format!("{p}set{i}");
            client.sadd(&s, ["a", "b"]).await.unwrap();
            assert_eq!(client.scard(&s).await.unwrap(), 2);
            let z = format!("{p}z{i}");
            client.zadd(&z, 1.5, "m").await.unwrap();
            assert_eq!(client.zscore(&z, "m").await.unwrap(), Some(1.5));
        }
        // The keys landed on every primary.
        let map = client.slot_map();
        let nodes: std::collections::HashSet<_> =
            slots.iter().filter_map(|s| map.primary(*s)).collect();
        assert_eq!(nodes.len(), 3);
        // The escape hatch is routed by COMMAND INFO's key positions.
        let k = format!("{p}s7");
        let v: Option<String> = client.cmd("GET").arg(&k).query().await.unwrap();
        assert_eq!(v.as_deref(), Some("8"));
        assert_eq!(client.ping().await.unwrap(), "PONG");
        assert!(client.dbsize().await.unwrap() >= 300);
        let _ = rt;
    }

    async fn cross_slot_multikey_and_pipelines(rt) {
        let cluster = shared_cluster().unwrap();
        let client = connect::<R>(&cluster).await;
        let p = unique_prefix();
        let keys: Vec<String> = (0..200).map(|i| format!("{p}k{i}")).collect();
        let pairs: Vec<(String, usize)> = keys.iter().cloned().zip(0..).collect();
        client.mset(&pairs).await.unwrap();
        let values: Vec<Option<usize>> = client.mget(&keys).await.unwrap();
        assert_eq!(values, (0..200).map(Some).collect::<Vec<_>>());
        assert_eq!(client.exists(&keys).await.unwrap(), 200);
        assert_eq!(client.del(&keys[..100]).await.unwrap(), 100);
        assert_eq!(client.exists(&keys).await.unwrap(), 100);
        assert_eq!(client.unlink(&keys).await.unwrap(), 100);

        // A 10,000-command pipeline over every node, replies in order.
        let mut pipe = client.pipeline().non_atomic();
        for i in 0..5000 {
            pipe.set(format!("{p}pipe{i}"), i).get(format!("{p}pipe{i}"));
        }
        let started = Instant::now();
        let replies: Vec<Value> = pipe.execute_values().await.unwrap();
        eprintln!("10,000-command cross-slot pipeline: {:?}", started.elapsed());
        assert_eq!(replies.len(), 10_000);
        for (i, pair) in replies.chunks(2).enumerate() {
            assert_eq!(pair[1], Value::BulkString(Bytes::from(i.to_string())));
        }

        // Atomic pipelines stay in one slot.
        let mut tx = client.pipeline();
        tx.set(format!("{p}a"), 1).set(format!("{p}b"), 2);
        match tx.execute_values().await {
            Err(Error::CrossSlot { slots, .. }) => assert_eq!(slots.len(), 2),
            other => panic!("expected CrossSlot, got {other:?}"),
        }
        let mut tx = client.pipeline();
        tx.set(format!("{{{p}}}a"), 1).incr(format!("{{{p}}}a"));
        let (ok, n): (String, i64) = tx.execute().await.unwrap();
        assert_eq!((ok.as_str(), n), ("OK", 2));
        // A command that cannot be split across slots is refused, naming the slots.
        let err = client.rename(format!("{p}a"), format!("{p}b")).await.unwrap_err();
        assert!(matches!(err, Error::CrossSlot { .. }), "{err}");
        assert!(err.to_string().contains("hash tag"));
        let _ = rt;
    }

    async fn watch_blocking_and_sharded_pubsub(rt) {
        let cluster = shared_cluster().unwrap();
        let client = connect::<R>(&cluster).await;
        let p = unique_prefix();
        let counter = format!("{{{p}}}counter");
        let c2 = counter.clone();
        let (n,): (i64,) = client
            .transaction(counter.clone(), |conn| {
                let c = c2.clone();
                async move {
                    let n: Option<i64> = conn.get(&c).await?;
                    let mut tx = conn.multi();
                    tx.set(&c, n.unwrap_or(0) + 10).get(&c);
                    Ok(tx)
                }
            })
            .await
            .map(|((), n): ((), i64)| (n,))
            .unwrap();
        assert_eq!(n, 10);
        let err: Error = client
            .transaction::<_, _, _, ()>([format!("{p}x"), format!("{p}y")], |conn| async move { Ok(conn.multi()) })
            .await
            .unwrap_err();
        assert!(matches!(err, Error::CrossSlot { .. }));

        // A blocking command on the owning node, woken by a push from another task.
        let list = format!("{p}queue");
        let pusher = client.clone();
        let l2 = list.clone();
        let task = rt.spawn(async move {
            rt.sleep(Duration::from_millis(100)).await;
            pusher.rpush(&l2, "job").await.unwrap();
        });
        let popped: Option<(String, String)> = client.blpop(&list, 5.0).await.unwrap();
        assert_eq!(popped, Some((list.clone(), "job".to_owned())));
        task.await;

        // Sharded pub/sub on the channel's node.
        let channel = format!("{p}chan");
        let mut sub = client.ssubscribe(channel.clone()).await.unwrap();
        let receivers = client.spublish(&channel, "hello").await.unwrap();
        assert_eq!(receivers, 1);
        let msg = sub.next_message().await.unwrap();
        assert_eq!(&msg.payload[..], b"hello");
    }

    async fn reads_from_replicas(rt) {
        // STRLEN and SETRANGE are used by no other test of this binary, so their per-node
        // counters say where this test's reads and writes went (every runtime's run of it
        // reads from replicas only, so concurrent runs add to the same side).
        let cluster = shared_cluster().unwrap();
        let client = connect_reading::<R>(&cluster, ReadFrom::PreferReplica).await;
        let p = unique_prefix();
        let keys: Vec<String> = (0..100).map(|i| format!("{p}r{i}")).collect();
        let reads_before = command_stats(&cluster, "strlen");
        let writes_before = command_stats(&cluster, "setrange");
        for k in &keys {
            assert_eq!(client.setrange(k, 0, "value").await.unwrap(), 5);
        }
        // Replicas catch up asynchronously: read each key until its value is there.
        for k in &keys {
            let deadline = Instant::now() + Duration::from_secs(5);
            while client.strlen(k).await.unwrap() != 5 {
                assert!(Instant::now() < deadline, "{k} never reached its replica");
                rt.sleep(Duration::from_millis(5)).await;
            }
        }
        // A non-atomic pipeline's reads go to replicas too; its writes to primaries.
        let mut pipe = client.pipeline().non_atomic();
        for k in &keys {
            pipe.strlen(k);
        }
        let lengths: Vec<usize> = pipe.execute().await.unwrap();
        assert_eq!(lengths, vec![5; 100]);
        let reads = stats_delta(&reads_before, &command_stats(&cluster, "strlen"));
        let writes = stats_delta(&writes_before, &command_stats(&cluster, "setrange"));
        eprintln!("{}: STRLEN per node (primary, calls, rejected): {reads:?}", R::NAME);
        let on_primaries: u64 = reads.iter().filter(|r| r.0).map(|r| r.1).sum();
        let on_replicas: u64 = reads.iter().filter(|r| !r.0).map(|r| r.1).sum();
        // Two tests of this binary move a slot of the shared cluster: a read of a key in
        // a slot on the move meets MOVED on the replica and goes to a primary (at most a
        // few such reads; 300 keys of all runtimes, 6 slots moved).
        assert!(on_primaries <= 3, "reads went to primaries: {reads:?}");
        assert!(on_replicas >= 200, "{reads:?}");
        assert_eq!(reads.iter().filter(|r| !r.0 && r.1 > 0).count(), 3, "{reads:?}");
        // Writes ran on primaries (replicas count the replicated stream as calls too, but
        // none was refused there).
        assert!(writes.iter().filter(|w| !w.0).all(|w| w.2 == 0), "{writes:?}");
        assert!(writes.iter().filter(|w| w.0).map(|w| w.1).sum::<u64>() >= 100);
        // A split MGET reads from replicas as well, and round-robin reads work alike.
        let values: Vec<Option<String>> = client.mget(&keys).await.unwrap();
        assert!(values.iter().all(|v| v.as_deref() == Some("value")));
        let round_robin = connect_reading::<R>(&cluster, ReadFrom::RoundRobinReplicas).await;
        for k in keys.iter().take(10) {
            assert_eq!(round_robin.strlen(k).await.unwrap(), 5);
        }
        let reads = stats_delta(&reads_before, &command_stats(&cluster, "strlen"));
        assert!(reads.iter().filter(|r| r.0).map(|r| r.1).sum::<u64>() <= 3);
    }
    async fn escape_hatch_routed_by_command_key_specs(rt) {
        // `cmd(..)` marks no keys: the server's COMMAND key specs route it. Routed right,
        // nothing is redirected, so no MOVED-triggered refresh happens.
        let cluster = shared_cluster().unwrap();
        let client = connect::<R>(&cluster).await;
        let p = unique_prefix();
        let _: String = client.cmd("TIME").query::<Vec<String>>().await.unwrap().concat();
        let refreshes = client.refresh_count();
        for i in 0..50 {
            let k = format!("{p}e{i}");
            // first key / range
            let ok: String = client.cmd("SET").arg(&k).arg(i).query().await.unwrap();
            assert_eq!(ok, "OK");
            // keynum (EVAL numkeys key...)
            let v: i64 = client
                .cmd("EVAL")
                .arg("return tonumber(redis.call('GET', KEYS[1]))")
                .arg(1)
                .arg(&k)
                .query()
                .await
                .unwrap();
            assert_eq!(v, i);
            // a subcommand's key spec (OBJECT ENCODING key, MEMORY USAGE key)
            let encoding: String = client.cmd("OBJECT").arg("ENCODING").arg(&k).query().await.unwrap();
            assert_eq!(encoding, "int");
            let usage: Option<i64> = client.cmd("MEMORY").arg("USAGE").arg(&k).query().await.unwrap();
            assert!(usage.is_some());
            // keyword search (XADD key, then XREAD ... STREAMS key id)
            let s = format!("{p}stream{i}");
            let _: String = client.cmd("XADD").arg(&s).arg("*").arg("f").arg(i).query().await.unwrap();
            let read: Value = client
                .cmd("XREAD")
                .arg("COUNT")
                .arg(1)
                .arg("STREAMS")
                .arg(&s)
                .arg("0")
                .query()
                .await
                .unwrap();
            assert!(!read.is_error() && read != Value::Null, "{read:?}");
        }
        // In pipelines too: per node when non-atomic, on the slot's node when atomic.
        let mut pipe = client.pipeline().non_atomic();
        for i in 0..50 {
            pipe.cmd("INCRBY").arg(format!("{p}e{i}")).arg(100);
        }
        let totals: Vec<i64> = pipe.execute().await.unwrap();
        assert_eq!(totals, (100..150).collect::<Vec<i64>>());
        let mut tx = client.pipeline();
        tx.cmd("SET").arg(format!("{{{p}}}x")).arg(1);
        tx.cmd("INCR").arg(format!("{{{p}}}x"));
        let (_, x): (String, i64) = tx.execute().await.unwrap();
        assert_eq!(x, 2);
        // A MOVED would have started a refresh in the background: give it time to count.
        rt.sleep(Duration::from_millis(200)).await;
        assert_eq!(client.refresh_count(), refreshes, "a command was redirected");
        // Keys of two slots in one command that cannot be split: refused before sending.
        let err = client
            .cmd("LMOVE")
            .arg(format!("{p}a"))
            .arg(format!("{p}b"))
            .arg("LEFT")
            .arg("RIGHT")
            .query::<Value>()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::CrossSlot { .. }), "{err}");
    }

    async fn racing_tasks_share_a_new_node_connection(rt) {
        // 200 tasks send at once to nodes the client has not connected to yet: each node
        // gets one connection, made by the first task and reused by the others.
        let cluster = shared_cluster().unwrap();
        let client = connect::<R>(&cluster).await;
        let opened_at_start = client.connections_opened();
        assert_eq!(opened_at_start, 1, "the seed asked for the slot map");
        let p = unique_prefix();
        let tasks: Vec<_> = (0..200)
            .map(|i| {
                let client = client.clone();
                let k = format!("{p}race{i}");
                rt.spawn(async move { client.get::<Option<String>>(&k).await.unwrap() })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await, None);
        }
        let map = client.slot_map();
        let seed = cluster.ports()[0];
        let seed_is_primary = map.primaries().any(|n| n.port == seed);
        let nodes = map.primaries().count() + usize::from(!seed_is_primary);
        assert_eq!(client.connections_opened(), nodes);
    }

    async fn scan_every_primary_as_one_stream(rt) {
        let _no_slot_moves = SLOT_MOVES.write().await;
        let cluster = shared_cluster().unwrap();
        let client = connect::<R>(&cluster).await;
        let p = unique_prefix();
        let keys: Vec<String> = (0..10_000).map(|i| format!("{p}scan{i}")).collect();
        for chunk in keys.chunks(1000) {
            let pairs: Vec<(&str, u8)> = chunk.iter().map(|k| (k.as_str(), 1)).collect();
            client.mset(&pairs).await.unwrap();
        }
        // A hash of the same prefix, for TYPE.
        client.hset(format!("{p}scanhash"), "f", 1).await.unwrap();
        let slots: std::collections::HashSet<u16> =
            keys.iter().map(|k| key_slot(k.as_bytes())).collect();
        assert!(slots.len() > 5000, "the keys spread over the slots");

        let started = Instant::now();
        let options = ScanOptions::new().pattern(format!("{p}scan*")).count(200);
        let mut stream = client.scan_all_iter::<String>(options);
        let mut seen = std::collections::HashSet::new();
        let mut duplicates = 0;
        while let Some(key) = stream.next().await {
            if !seen.insert(key.unwrap()) {
                duplicates += 1;
            }
        }
        eprintln!("{}: cluster SCAN of 10,001 keys: {:?}", R::NAME, started.elapsed());
        assert_eq!(duplicates, 0);
        assert_eq!(seen.len(), 10_001);
        assert!(keys.iter().all(|k| seen.contains(k)));
        // The stream is over for good.
        assert!(stream.next().await.is_none());

        // TYPE and MATCH as on one server.
        let options = ScanOptions::new().pattern(format!("{p}scan*")).kind("hash");
        let hashes: Vec<String> = collect(client.scan_all_iter(options)).await.unwrap();
        assert_eq!(hashes, vec![format!("{p}scanhash")]);
        // scan_all collects the same stream.
        assert_eq!(client.scan_all(&format!("{p}scan*")).await.unwrap().len(), 10_001);
        let _ = rt;
    }
}

/// Runs `tasks` tasks that each SET and GET keys of their own until `stop`; returns
/// (successes, failures with the time they happened, wrong replies).
fn load<R: TestRuntime>(
    rt: R,
    client: &Cluster<R>,
    keys: Vec<String>,
    stop: Arc<AtomicBool>,
) -> Vec<tests::Task<(usize, Vec<Instant>, usize)>> {
    keys.into_iter()
        .map(|key| {
            let client = client.clone();
            let stop = stop.clone();
            rt.spawn(async move {
                let (mut ok, mut failed, mut wrong) = (0, Vec::new(), 0);
                let mut i = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    i += 1;
                    let result = async {
                        client.set(&key, i).await?;
                        client.get::<Option<u64>>(&key).await
                    }
                    .await;
                    match result {
                        Ok(Some(v)) if v == i => ok += 1,
                        Ok(_) => wrong += 1,
                        Err(_) => failed.push(Instant::now()),
                    }
                }
                (ok, failed, wrong)
            })
        })
        .collect()
}

/// Every item of a cluster scan, or its first error.
async fn collect<R: cureds_core::Runtime>(
    mut stream: cureds_core::ClusterScanStream<R, String>,
) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    while let Some(key) = stream.next().await {
        out.push(key?);
    }
    Ok(out)
}

/// A cluster client that reads as `read_from` says.
async fn connect_reading<R: TestRuntime>(
    cluster: &RedisCluster,
    read_from: ReadFrom,
) -> Cluster<R> {
    let config = ClusterConfig::from_urls(cluster.urls())
        .unwrap()
        .with_read_from(read_from);
    Cluster::<R>::connect_with(config).await.unwrap()
}

/// Per node: (is a primary, `calls` and `rejected_calls` of `command` in `INFO commandstats`).
fn command_stats(cluster: &RedisCluster, command: &str) -> Vec<(u16, bool, u64, u64)> {
    let text = |v: Value| match v {
        Value::BulkString(b) | Value::SimpleString(b) => String::from_utf8_lossy(&b).into_owned(),
        Value::VerbatimString { text, .. } => String::from_utf8_lossy(&text).into_owned(),
        other => format!("{other:?}"),
    };
    let field = |line: &str, name: &str| -> u64 {
        line.split([':', ','])
            .find_map(|f| f.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
            .unwrap_or(0)
    };
    cluster
        .ports()
        .iter()
        .filter_map(|&port| {
            let role = text(cluster.command(port, &["INFO", "replication"]).ok()?);
            let stats = text(cluster.command(port, &["INFO", "commandstats"]).ok()?);
            let line = stats
                .lines()
                .find(|l| l.starts_with(&format!("cmdstat_{command}:")))
                .unwrap_or("");
            Some((
                port,
                role.contains("role:master"),
                field(line, "calls"),
                field(line, "rejected_calls"),
            ))
        })
        .collect()
}

/// Per node, `after - before` of (calls, rejected calls), with the node's role.
fn stats_delta(
    before: &[(u16, bool, u64, u64)],
    after: &[(u16, bool, u64, u64)],
) -> Vec<(bool, u64, u64)> {
    after
        .iter()
        .map(|(port, primary, calls, rejected)| {
            let (c0, r0) = before
                .iter()
                .find(|b| b.0 == *port)
                .map_or((0, 0), |b| (b.2, b.3));
            (*primary, calls - c0, rejected - r0)
        })
        .collect()
}

/// Like [`load`], with each round one atomic pipeline (`MULTI` SET GET `EXEC`) on its key.
fn load_transactions<R: TestRuntime>(
    rt: R,
    client: &Cluster<R>,
    keys: Vec<String>,
    stop: Arc<AtomicBool>,
) -> Vec<tests::Task<(usize, Vec<String>, usize)>> {
    keys.into_iter()
        .map(|key| {
            let client = client.clone();
            let stop = stop.clone();
            rt.spawn(async move {
                let (mut ok, mut failed, mut wrong) = (0, Vec::new(), 0);
                let mut i = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    i += 1;
                    let mut tx = client.pipeline();
                    tx.set(&key, i).get(&key);
                    match tx.execute::<(String, u64)>().await {
                        Ok((_, v)) if v == i => ok += 1,
                        Ok(_) => wrong += 1,
                        Err(e) => failed.push(e.to_string()),
                    }
                }
                (ok, failed, wrong)
            })
        })
        .collect()
}

/// Moves `slot` from `src` to `dst` the way `redis-cli --cluster reshard` does: IMPORTING
/// and MIGRATING, MIGRATE of every key in the slot, then SETSLOT NODE on every node.
async fn migrate_slot<R: TestRuntime>(
    rt: R,
    cluster: &RedisCluster,
    slot: u16,
    src: u16,
    dst: u16,
) {
    let (src_id, dst_id) = (id_of(cluster, src), id_of(cluster, dst));
    let s = slot.to_string();
    let dst_port = dst.to_string();
    cluster
        .command(dst, &["CLUSTER", "SETSLOT", &s, "IMPORTING", &src_id])
        .unwrap();
    cluster
        .command(src, &["CLUSTER", "SETSLOT", &s, "MIGRATING", &dst_id])
        .unwrap();
    loop {
        let Value::Array(batch) = cluster
            .command(src, &["CLUSTER", "GETKEYSINSLOT", &s, "100"])
            .unwrap()
        else {
            panic!("GETKEYSINSLOT")
        };
        if batch.is_empty() {
            break;
        }
        let mut args: Vec<String> = [
            "MIGRATE",
            "127.0.0.1",
            &dst_port,
            "",
            "0",
            "5000",
            "REPLACE",
            "KEYS",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        for k in &batch {
            if let Value::BulkString(b) = k {
                args.push(String::from_utf8_lossy(b).into_owned());
            }
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let reply = cluster.command(src, &args).unwrap();
        if reply.is_error() {
            eprintln!("MIGRATE: {reply:?}; again");
            rt.sleep(Duration::from_millis(100)).await;
        }
    }
    // The owner first, so no node sends a client to a node that does not know yet.
    for port in [dst, src] {
        cluster
            .command(port, &["CLUSTER", "SETSLOT", &s, "NODE", &dst_id])
            .unwrap();
    }
    for port in cluster.ports().to_vec() {
        let _ = cluster.command(port, &["CLUSTER", "SETSLOT", &s, "NODE", &dst_id]);
    }
}

fn id_of(cluster: &RedisCluster, port: u16) -> String {
    cluster.node_id(port).unwrap()
}

/// `PUBSUB SHARDNUMSUB` for one channel, asked of the node at `port`.
fn shard_subscribers(cluster: &RedisCluster, port: u16, channel: &str) -> i64 {
    match cluster
        .command(port, &["PUBSUB", "SHARDNUMSUB", channel])
        .unwrap()
    {
        Value::Array(items) if items.len() == 2 => match items[1] {
            Value::Integer(n) => n,
            ref other => panic!("SHARDNUMSUB count: {other:?}"),
        },
        other => panic!("SHARDNUMSUB: {other:?}"),
    }
}

/// The next message's payload, within 5 s.
async fn next_payload<R: TestRuntime>(rt: R, sub: &mut ShardSubscription) -> Option<String> {
    let message = rt
        .timeout(Duration::from_secs(5), sub.next_message())
        .await
        .expect("no message within 5 s")?;
    Some(String::from_utf8_lossy(&message.payload).into_owned())
}

tests::both_runtimes! {
    async fn shard_subscription_adds_and_removes_channels(rt) {
        let cluster = shared_cluster().unwrap();
        let client = connect::<R>(&cluster).await;
        let tag = unique_prefix();
        let [a, b, c] = ["a", "b", "c"].map(|n| format!("{{{tag}}}{n}"));
        let slot = key_slot(a.as_bytes());
        let mut sub = client.ssubscribe(&a).await.unwrap();
        let node = sub.node().port;

        // Added channels are delivered with the first.
        sub.ssubscribe([&b, &c]).await.unwrap();
        assert_eq!(shard_subscribers(&cluster, node, &b), 1);
        assert_eq!(client.spublish(&b, "to b").await.unwrap(), 1);
        assert_eq!(next_payload(rt, &mut sub).await.as_deref(), Some("to b"));
        assert_eq!(client.spublish(&a, "to a").await.unwrap(), 1);
        assert_eq!(next_payload(rt, &mut sub).await.as_deref(), Some("to a"));

        // A removed one is not; the others still are.
        sub.sunsubscribe(&a).await.unwrap();
        assert_eq!(shard_subscribers(&cluster, node, &a), 0);
        assert_eq!(client.spublish(&a, "lost").await.unwrap(), 0);
        assert_eq!(client.spublish(&c, "to c").await.unwrap(), 1);
        assert_eq!(next_payload(rt, &mut sub).await.as_deref(), Some("to c"));

        // A channel of another slot is refused before anything is sent.
        let other = (0..)
            .map(|i| format!("{tag}other{i}"))
            .find(|ch| key_slot(ch.as_bytes()) != slot)
            .unwrap();
        let other_node = cluster.primary_of(key_slot(other.as_bytes())).unwrap();
        for refused in [sub.ssubscribe(&other).await, sub.sunsubscribe([&b, &other]).await] {
            match refused {
                Err(Error::CrossSlot { slots, .. }) => assert_eq!(slots[0], slot),
                other => panic!("expected CrossSlot, got {other:?}"),
            }
        }
        assert_eq!(shard_subscribers(&cluster, other_node, &other), 0);
        assert_eq!(shard_subscribers(&cluster, node, &b), 1);

        // Closing unsubscribes everything: what arrived before is still read, then the
        // stream ends, and the node has no subscriber left.
        assert_eq!(client.spublish(&b, "last").await.unwrap(), 1);
        rt.sleep(Duration::from_millis(50)).await;
        sub.close().await.unwrap();
        assert!(sub.is_closed());
        assert_eq!(next_payload(rt, &mut sub).await.as_deref(), Some("last"));
        assert_eq!(next_payload(rt, &mut sub).await, None);
        for channel in [&a, &b, &c] {
            assert_eq!(shard_subscribers(&cluster, node, channel), 0, "{channel}");
        }
        assert_eq!(client.spublish(&b, "nobody").await.unwrap(), 0);
        sub.close().await.unwrap();

        // Subscribing again reopens the stream.
        sub.ssubscribe(&c).await.unwrap();
        assert!(!sub.is_closed());
        assert_eq!(client.spublish(&c, "again").await.unwrap(), 1);
        assert_eq!(next_payload(rt, &mut sub).await.as_deref(), Some("again"));
        // Unsubscribing from the last channel ends it as closing does.
        sub.sunsubscribe(&c).await.unwrap();
        assert_eq!(next_payload(rt, &mut sub).await, None);
        assert_eq!(shard_subscribers(&cluster, node, &c), 0);
    }
}

tests::both_runtimes! {
    async fn moved_and_ask_under_live_migration(rt) {
        let _moving = SLOT_MOVES.read().await;
        let cluster = shared_cluster().unwrap();
        let client = connect::<R>(&cluster).await;
        let tag = unique_prefix();
        let slot = key_slot(tag.as_bytes());
        let src = cluster.primary_of(slot).unwrap();
        let dst = client
            .slot_map()
            .primaries()
            .map(|n| n.port)
            .find(|p| *p != src)
            .unwrap();
        let (src_id, dst_id) = (id_of(&cluster, src), id_of(&cluster, dst));
        let keys: Vec<String> = (0..100).map(|i| format!("{{{tag}}}k{i}")).collect();
        for k in &keys {
            client.set(k, 0).await.unwrap();
        }
        // Transactions on keys of the same slot: queued on the source, they meet ASK once
        // their key has moved (EXECABORT), and run again with ASKING on the importing node.
        let tx_keys: Vec<String> = (0..20).map(|i| format!("{{{tag}}}t{i}")).collect();
        for k in &tx_keys {
            client.set(k, 0).await.unwrap();
        }
        let stop = Arc::new(AtomicBool::new(false));
        let tasks = load(rt, &client, keys.clone(), stop.clone());
        let tx_tasks = load_transactions(rt, &client, tx_keys.clone(), stop.clone());
        rt.sleep(Duration::from_millis(200)).await;
        let s = slot.to_string();
        let dst_port = dst.to_string();
        cluster.command(dst, &["CLUSTER", "SETSLOT", &s, "IMPORTING", &src_id]).unwrap();
        cluster.command(src, &["CLUSTER", "SETSLOT", &s, "MIGRATING", &dst_id]).unwrap();
        let mut moved = 0;
        loop {
            let Value::Array(batch) =
                cluster.command(src, &["CLUSTER", "GETKEYSINSLOT", &s, "10"]).unwrap()
            else {
                panic!("GETKEYSINSLOT")
            };
            if batch.is_empty() {
                break;
            }
            // REPLACE: a MIGRATE that timed out (IOERR, seen on a loaded machine) keeps its
            // keys on the source but may have restored some on the target already; the
            // retry overwrites those with the source's (newer) values.
            let mut args = vec![
                "MIGRATE", "127.0.0.1", &dst_port, "", "0", "5000", "REPLACE", "KEYS",
            ]
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>();
            for k in &batch {
                if let Value::BulkString(b) = k {
                    args.push(String::from_utf8_lossy(b).into_owned());
                }
            }
            moved += batch.len();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let mut tries = 0;
            loop {
                tries += 1;
                let reply = cluster.command(src, &args).unwrap();
                match &reply {
                    Value::Error(e) if e.starts_with(b"IOERR") && tries < 5 => {
                        eprintln!("{}: MIGRATE: {reply:?}; again", R::NAME);
                        rt.sleep(Duration::from_millis(100)).await;
                    }
                    _ => {
                        assert!(!reply.is_error(), "{reply:?}");
                        break;
                    }
                }
            }
            // Let the tasks meet the half-migrated slot (ASK).
            rt.sleep(Duration::from_millis(20)).await;
        }
        for port in cluster.ports().to_vec() {
            let _ = cluster.command(port, &["CLUSTER", "SETSLOT", &s, "NODE", &dst_id]);
        }
        rt.sleep(Duration::from_millis(300)).await;
        stop.store(true, Ordering::Relaxed);
        let (mut ok, mut failed, mut wrong) = (0, 0, 0);
        for t in tasks {
            let (o, f, w) = t.await;
            ok += o;
            failed += f.len();
            wrong += w;
        }
        eprintln!(
            "{}: migration of slot {slot} ({moved} keys moved) under 100 tasks: \
             {ok} ok, {failed} failed, {wrong} wrong",
            R::NAME
        );
        assert_eq!((failed, wrong), (0, 0));
        assert!(ok > 100);
        let (mut tx_ok, mut tx_failed, mut tx_wrong) = (0, Vec::new(), 0);
        for t in tx_tasks {
            let (o, f, w) = t.await;
            tx_ok += o;
            tx_failed.extend(f);
            tx_wrong += w;
        }
        eprintln!(
            "{}: 20 tasks of MULTI/EXEC in the migrating slot: {tx_ok} ok, {} failed, \
             {tx_wrong} wrong",
            R::NAME,
            tx_failed.len()
        );
        assert!(tx_failed.is_empty(), "{tx_failed:?}");
        assert_eq!(tx_wrong, 0);
        assert!(tx_ok > 20);
        // Nothing lost: every key is on the new owner with a value.
        let values: Vec<Option<u64>> = client.mget(&keys).await.unwrap();
        assert!(values.iter().all(Option::is_some));
        assert_eq!(client.slot_map().primary(slot).unwrap().port, dst);
    }

    async fn shard_subscription_follows_a_slot_migration(rt) {
        // The slot moves away: the old owner drops the channel (`sunsubscribe`), and the
        // subscription subscribes again on the new owner by itself.
        let _moving = SLOT_MOVES.read().await;
        let cluster = shared_cluster().unwrap();
        let client = connect::<R>(&cluster).await;
        let tag = unique_prefix();
        let channel = format!("{{{tag}}}chan");
        let slot = key_slot(channel.as_bytes());
        let src = cluster.primary_of(slot).unwrap();
        let dst = client.slot_map().primaries().map(|n| n.port).find(|p| *p != src).unwrap();
        let mut sub = client.ssubscribe(&channel).await.unwrap();
        assert_eq!(sub.node().port, src);
        assert_eq!(client.spublish(&channel, "before").await.unwrap(), 1);
        let first = rt.timeout(Duration::from_secs(5), sub.next_message()).await;
        assert_eq!(&first.unwrap().unwrap().payload[..], b"before");

        let moved = Instant::now();
        migrate_slot(rt, &cluster, slot, src, dst).await;
        let recovered = loop {
            if client.spublish(&channel, "after").await.unwrap_or(0) >= 1 {
                break moved.elapsed();
            }
            assert!(moved.elapsed() < Duration::from_secs(20), "the subscription never moved");
            rt.sleep(Duration::from_millis(10)).await;
        };
        let next = rt.timeout(Duration::from_secs(5), sub.next_message()).await;
        assert_eq!(&next.unwrap().unwrap().payload[..], b"after");
        assert_eq!(sub.node().port, dst);
        assert!(sub.moves() >= 1);
        eprintln!(
            "{}: shard subscription on {} {recovered:?} after its slot moved",
            R::NAME,
            sub.node()
        );
    }

    async fn shard_subscription_follows_a_slot_migration_with_added_channels(rt) {
        // Channels added after subscribing move with the slot too: the follower subscribes
        // again to what the subscription has now, not what it started with. It moves its
        // slot while no other test moves one (it failed in full-suite runs, never alone).
        let _moving = SLOT_MOVES.write().await;
        let cluster = shared_cluster().unwrap();
        let client = connect::<R>(&cluster).await;
        let tag = unique_prefix();
        let [first, added, removed] = ["first", "added", "removed"].map(|n| format!("{{{tag}}}{n}"));
        let slot = key_slot(first.as_bytes());
        let src = cluster.primary_of(slot).unwrap();
        let dst = client.slot_map().primaries().map(|n| n.port).find(|p| *p != src).unwrap();
        let mut sub = client.ssubscribe([&first, &removed]).await.unwrap();
        sub.ssubscribe(&added).await.unwrap();
        sub.sunsubscribe(&removed).await.unwrap();

        let moved = Instant::now();
        migrate_slot(rt, &cluster, slot, src, dst).await;
        while client.spublish(&first, "first after").await.unwrap_or(0) == 0 {
            // Failed 2 of 5 full-suite runs (never alone): say where it was then.
            assert!(
                moved.elapsed() < Duration::from_secs(30),
                "the subscription never moved from {src} to {dst}: on {}, {} move(s), error {:?}, \
                 closed {}, the map names {:?}",
                sub.node(),
                sub.moves(),
                sub.error(),
                sub.is_closed(),
                client.slot_map().primary(slot)
            );
            rt.sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(next_payload(rt, &mut sub).await.as_deref(), Some("first after"));
        assert_eq!(sub.node().port, dst);
        assert_eq!(client.spublish(&added, "added after").await.unwrap(), 1);
        assert_eq!(next_payload(rt, &mut sub).await.as_deref(), Some("added after"));
        assert_eq!(shard_subscribers(&cluster, dst, &removed), 0);
        assert_eq!(client.spublish(&removed, "lost").await.unwrap(), 0);

        // Changes go to the new owner; closing leaves it no subscriber.
        sub.sunsubscribe(&first).await.unwrap();
        assert_eq!(shard_subscribers(&cluster, dst, &first), 0);
        sub.close().await.unwrap();
        assert_eq!(next_payload(rt, &mut sub).await, None);
        assert_eq!(shard_subscribers(&cluster, dst, &added), 0);
    }

    async fn failover_under_load(rt) {
        let cluster = RedisCluster::start().unwrap();
        let client = connect::<R>(&cluster).await;
        let p = unique_prefix();
        let keys: Vec<String> = (0..200).map(|i| format!("{p}f{i}")).collect();
        let victim = cluster.primary_of(key_slot(keys[0].as_bytes())).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let tasks = load(rt, &client, keys.clone(), stop.clone());
        rt.sleep(Duration::from_millis(300)).await;
        let killed = Instant::now();
        cluster.kill(victim);
        // The client finds the promoted replica by itself: wait until a key of the dead
        // primary's slots works again.
        let k0 = keys[0].clone();
        let recovered = loop {
            if client.set(&k0, "x").await.is_ok() {
                break killed.elapsed();
            }
            assert!(killed.elapsed() < Duration::from_secs(60), "no recovery");
            rt.sleep(Duration::from_millis(10)).await;
        };
        rt.sleep(Duration::from_millis(500)).await;
        let after = Instant::now();
        rt.sleep(Duration::from_millis(700)).await;
        stop.store(true, Ordering::Relaxed);
        let (mut ok, mut failed, mut late, mut wrong) = (0, 0, 0, 0);
        for t in tasks {
            let (o, f, w) = t.await;
            ok += o;
            late += f.iter().filter(|t| **t > after).count();
            failed += f.len();
            wrong += w;
        }
        eprintln!(
            "{}: failover under 200 tasks: recovered {recovered:?} after kill -9; \
             {ok} ok, {failed} failed during failover, {wrong} wrong",
            R::NAME
        );
        assert_eq!(wrong, 0, "a task got another task's reply");
        assert_eq!(late, 0, "requests failed after recovery");
        assert_ne!(client.slot_map().primary(key_slot(k0.as_bytes())).unwrap().port, victim);
        let values: Vec<Option<String>> = client.mget(&keys).await.unwrap();
        assert_eq!(values.len(), 200);
    }

    async fn shard_subscription_follows_failover(rt) {
        // A cluster of its own: a primary and a replica are killed.
        let cluster = RedisCluster::start().unwrap();
        let config = ClusterConfig::from_urls(cluster.urls())
            .unwrap()
            .with_read_from(ReadFrom::PreferReplica);
        let client = Cluster::<R>::connect_with(config).await.unwrap();
        let p = unique_prefix();
        let channel = format!("{p}news");
        let victim = cluster.primary_of(key_slot(channel.as_bytes())).unwrap();
        let mut sub = client.ssubscribe(&channel).await.unwrap();
        assert_eq!(sub.node().port, victim);
        assert_eq!(client.spublish(&channel, "before").await.unwrap(), 1);
        let first = rt.timeout(Duration::from_secs(5), sub.next_message()).await;
        assert_eq!(&first.unwrap().unwrap().payload[..], b"before");

        // A cluster-wide SCAN under way when the node dies ends with a clear error.
        let keys: Vec<String> = (0..300).map(|i| format!("{p}k{i}")).collect();
        let pairs: Vec<(&str, usize)> = keys.iter().map(|k| (k.as_str(), 1)).collect();
        client.mset(&pairs).await.unwrap();
        let mut scan = client.scan_all_iter::<String>(ScanOptions::new().pattern(format!("{p}k*")).count(5));
        assert!(scan.next().await.unwrap().is_ok());

        let killed = Instant::now();
        cluster.kill(victim);
        let interrupted = loop {
            match scan.next().await {
                Some(Ok(_)) => {}
                Some(Err(e)) => break e,
                None => panic!("the scan ended without the dead node's keys"),
            }
        };
        match &interrupted {
            Error::ScanInterrupted { node, nodes_total, .. } => {
                assert!(node.ends_with(&format!(":{victim}")), "{interrupted}");
                assert_eq!(*nodes_total, 3);
            }
            other => panic!("expected ScanInterrupted, got {other:?}"),
        }
        assert!(scan.next().await.is_none());

        // The subscription moves to the promoted replica by itself: publish until someone
        // listens again.
        let recovered = loop {
            if let Ok(n) = client.spublish(&channel, "after").await {
                if n >= 1 {
                    break killed.elapsed();
                }
            }
            assert!(killed.elapsed() < Duration::from_secs(50), "the subscription never came back");
            rt.sleep(Duration::from_millis(20)).await;
        };
        let next = rt.timeout(Duration::from_secs(5), sub.next_message()).await;
        assert_eq!(&next.unwrap().unwrap().payload[..], b"after");
        assert_ne!(sub.node().port, victim);
        assert!(sub.moves() >= 1);
        eprintln!(
            "{}: shard subscription back on {} {recovered:?} after kill -9 of its primary \
             ({} move(s)); scan: {interrupted}",
            R::NAME,
            sub.node(),
            sub.moves()
        );

        // A replica that is down (still in the slot map) sends reads back to its primary.
        let map = client.slot_map();
        let shard = map
            .shards()
            .iter()
            .find(|s| !s.replicas.is_empty())
            .unwrap()
            .clone();
        let key = (0..)
            .map(|i| format!("{p}r{i}"))
            .find(|k| map.primary(key_slot(k.as_bytes())) == Some(&shard.primary))
            .unwrap();
        client.set(&key, "v").await.unwrap();
        // Read through the replica first, so that its connection exists when it dies.
        let deadline = Instant::now() + Duration::from_secs(5);
        while client.get::<Option<String>>(&key).await.unwrap().is_none() {
            assert!(Instant::now() < deadline);
            rt.sleep(Duration::from_millis(5)).await;
        }
        cluster.kill(shard.replicas[0].port);
        let started = Instant::now();
        for _ in 0..20 {
            assert_eq!(client.get::<Option<String>>(&key).await.unwrap().as_deref(), Some("v"));
        }
        eprintln!("{}: 20 reads with the replica down: {:?}", R::NAME, started.elapsed());
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}

tests::both_runtimes! {
    async fn pipeline_keeps_order_per_key_while_its_slot_migrates(rt) {
        // The slot is migrating and `a` is still on the source while `k` is not there:
        // the source refuses the first MGET with TRYAGAIN (its keys are split) and redirects
        // the SETs of k with ASK. The MGET must still run before the SETs: it sees no k.
        // Sending each redirected command again on its own let the SETs reach the
        // importing node while the MGET waited out TRYAGAIN, so it read v8.
        let _moving = SLOT_MOVES.read().await;
        let cluster = shared_cluster().unwrap();
        let client = connect::<R>(&cluster).await;
        let tag = unique_prefix();
        let (a, k) = (format!("{{{tag}}}a"), format!("{{{tag}}}k"));
        let slot = key_slot(tag.as_bytes());
        let src = cluster.primary_of(slot).unwrap();
        let dst = client.slot_map().primaries().map(|n| n.port).find(|p| *p != src).unwrap();
        let (src_id, dst_id) = (id_of(&cluster, src), id_of(&cluster, dst));
        client.set(&a, "A").await.unwrap();
        let s = slot.to_string();
        cluster.command(dst, &["CLUSTER", "SETSLOT", &s, "IMPORTING", &src_id]).unwrap();
        cluster.command(src, &["CLUSTER", "SETSLOT", &s, "MIGRATING", &dst_id]).unwrap();

        let mut pipe = client.pipeline().non_atomic();
        pipe.mget([&a, &k]);
        for i in 1..=8 {
            pipe.set(&k, format!("v{i}"));
        }
        pipe.get(&k);
        let running = rt.spawn(async move { pipe.execute_values().await });
        // Long enough for the SETs to have reached the importing node, had they gone ahead.
        rt.sleep(Duration::from_millis(300)).await;
        migrate_slot(rt, &cluster, slot, src, dst).await;
        let replies = running.await.unwrap();

        assert_eq!(replies.len(), 10);
        let first: Vec<Option<String>> = FromValue::from_value(replies[0].clone()).unwrap();
        assert_eq!(first, vec![Some("A".to_owned()), None], "the MGET ran after later SETs");
        for reply in &replies[1..9] {
            assert_eq!(reply, &Value::SimpleString(Bytes::from_static(b"OK")), "{replies:?}");
        }
        let last: Option<String> = FromValue::from_value(replies[9].clone()).unwrap();
        assert_eq!(last.as_deref(), Some("v8"));
        assert_eq!(client.get::<Option<String>>(&k).await.unwrap().as_deref(), Some("v8"));
    }
}

/// The port of the replica of the primary at `primary` (from its `ROLE`).
fn replica_of(cluster: &RedisCluster, primary: u16) -> u16 {
    match cluster.command(primary, &["ROLE"]).unwrap() {
        Value::Array(role) => match role.get(2) {
            Some(Value::Array(replicas)) => match replicas.first() {
                Some(Value::Array(replica)) => match replica.get(1) {
                    Some(Value::BulkString(port)) => String::from_utf8_lossy(port).parse().unwrap(),
                    other => panic!("ROLE replica port: {other:?}"),
                },
                other => panic!("ROLE replicas: {other:?}"),
            },
            other => panic!("ROLE: {other:?}"),
        },
        other => panic!("ROLE: {other:?}"),
    }
}

tests::both_runtimes! {
    /// How long after the cluster promotes a replica the client serves the dead primary's
    /// slots again, over `FAILOVER_KILLS` kills (default 5), each on a cluster of its own
    /// under 50 tasks. Prints the median and the worst; run by hand:
    /// `cargo test -p tests --test main cluster::failover_recovery_time -- --ignored --nocapture`.
    #[ignore = "a measurement: several clusters, a minute per runtime"]
    async fn failover_recovery_time(rt) {
        let kills: usize = std::env::var("FAILOVER_KILLS").ok().and_then(|n| n.parse().ok()).unwrap_or(5);
        let mut lags = Vec::new();
        let mut worst_ops = Vec::new();
        for _ in 0..kills {
            let cluster = RedisCluster::start().unwrap();
            let client = connect::<R>(&cluster).await;
            let p = unique_prefix();
            let all: Vec<String> = (0..400).map(|i| format!("{p}f{i}")).collect();
            let victim = cluster.primary_of(key_slot(all[0].as_bytes())).unwrap();
            let keys: Vec<String> = all
                .into_iter()
                .filter(|k| cluster.primary_of(key_slot(k.as_bytes())).unwrap() == victim)
                .take(50)
                .collect();
            let replica = replica_of(&cluster, victim);
            // Every served request's end time, per task, and the slowest operation.
            let stop = Arc::new(AtomicBool::new(false));
            let tasks: Vec<_> = keys
                .into_iter()
                .map(|key| {
                    let (client, stop) = (client.clone(), stop.clone());
                    rt.spawn(async move {
                        let (mut served, mut slowest) = (Vec::new(), Duration::ZERO);
                        while !stop.load(Ordering::Relaxed) {
                            let began = Instant::now();
                            let ok = client.set(&key, "v").await.is_ok();
                            slowest = slowest.max(began.elapsed());
                            if ok {
                                served.push(Instant::now());
                            }
                        }
                        (served, slowest)
                    })
                })
                .collect();
            rt.sleep(Duration::from_millis(300)).await;
            cluster.kill(victim);
            // The promotion, as the replica itself reports it.
            let promoted = loop {
                if let Ok(Value::Array(role)) = cluster.command(replica, &["ROLE"]) {
                    if matches!(role.first(), Some(Value::BulkString(r)) if &r[..] == b"master") {
                        break Instant::now();
                    }
                }
                rt.sleep(Duration::from_millis(2)).await;
            };
            rt.sleep(Duration::from_secs(3)).await;
            stop.store(true, Ordering::Relaxed);
            let mut first = None::<Instant>;
            let mut slowest = Duration::ZERO;
            for task in tasks {
                let (served, slow) = task.await;
                slowest = slowest.max(slow);
                if let Some(t) = served.into_iter().find(|t| *t > promoted) {
                    first = Some(first.map_or(t, |f| f.min(t)));
                }
            }
            let lag = first.expect("no request served after the promotion") - promoted;
            eprintln!("{}: served again {lag:?} after the promotion; slowest operation {slowest:?}", R::NAME);
            lags.push(lag);
            worst_ops.push(slowest);
        }
        lags.sort();
        eprintln!(
            "{}: {kills} kills: promotion to first served request median {:?}, worst {:?}; \
             slowest operation {:?}",
            R::NAME,
            lags[lags.len() / 2],
            lags[lags.len() - 1],
            worst_ops.iter().max().unwrap()
        );
    }
}

tests::both_runtimes! {
    async fn a_request_after_a_promotion_does_not_wait_for_the_dead_primary(rt) {
        // The cluster has promoted the replica while this client sent nothing: its map
        // still names the dead primary. The request learns the new owner from a refresh
        // at once instead of queueing behind the dead node's reconnect attempts (which
        // end it only after the next failed attempt, up to seconds of backoff later).
        let cluster = RedisCluster::start().unwrap();
        let client = connect::<R>(&cluster).await;
        let k = format!("{}k", unique_prefix());
        client.set(&k, "before").await.unwrap();
        let victim = cluster.primary_of(key_slot(k.as_bytes())).unwrap();
        let replica = replica_of(&cluster, victim);
        cluster.kill(victim);
        let promoted = Instant::now();
        loop {
            if let Ok(Value::Array(role)) = cluster.command(replica, &["ROLE"]) {
                if matches!(role.first(), Some(Value::BulkString(r)) if &r[..] == b"master") {
                    break;
                }
            }
            assert!(promoted.elapsed() < Duration::from_secs(30), "no promotion");
            rt.sleep(Duration::from_millis(20)).await;
        }
        // Long enough for the dead node's reconnect attempts to back off past it.
        rt.sleep(Duration::from_secs(2)).await;
        assert_eq!(client.slot_map().primary(key_slot(k.as_bytes())).unwrap().port, victim);
        let began = Instant::now();
        client.set(&k, "after").await.unwrap();
        let took = began.elapsed();
        eprintln!("{}: first request after the promotion took {took:?}", R::NAME);
        assert!(took < Duration::from_millis(450), "waited {took:?} for the dead primary");
        assert_eq!(client.slot_map().primary(key_slot(k.as_bytes())).unwrap().port, replica);
    }
}
