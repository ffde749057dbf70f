//! Request futures dropped at random points (single commands, pipelines, transactions) while
//! other tasks keep going: every surviving request gets exactly its own reply, and leased
//! connections dropped mid-transaction never come back dirty.

use std::sync::Arc;
use std::time::Duration;

use cureds_core::AsyncCommands;
use resp_core::{Config, PipelineCommands, Value};
use tests::{unique_prefix, ClientOf, RedisServer, TestRuntime};

/// A small deterministic generator (xorshift), so a failure can be replayed by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// One task's work: some operation on its own key, cut short after `budget` (maybe before
/// it is written, maybe in flight, maybe not at all), then a check that the key holds only
/// this task's values.
/// Returns whether the operation finished within its budget.
async fn task<R: TestRuntime>(
    rt: R,
    client: ClientOf<R>,
    prefix: Arc<String>,
    id: u64,
    kind: u64,
    budget: Duration,
) -> bool {
    let key = format!("{prefix}{id}");
    let mine = |v: &str| v.starts_with(&format!("{id}:"));
    let finished = match kind {
        0 => {
            let op = async {
                client.set(&key, format!("{id}:a")).await.unwrap();
                let got: Option<String> = client.get(&key).await.unwrap();
                assert_eq!(
                    got.as_deref(),
                    Some(format!("{id}:a").as_str()),
                    "task {id}"
                );
            };
            rt.timeout(budget, op).await.is_some()
        }
        1 => {
            let op = async {
                let mut pipe = client.pipeline();
                pipe.set(&key, format!("{id}:p"))
                    .get(&key)
                    .cmd("ECHO")
                    .arg(id);
                let replies: Vec<Value> = pipe.execute_values().await.unwrap();
                assert_eq!(replies.len(), 3, "task {id}");
                assert_eq!(
                    replies[1],
                    Value::BulkString(format!("{id}:p").into()),
                    "task {id}"
                );
                assert_eq!(
                    replies[2],
                    Value::BulkString(id.to_string().into()),
                    "task {id}"
                );
            };
            rt.timeout(budget, op).await.is_some()
        }
        _ => {
            let op = client.transaction(key.clone(), |conn| {
                let key = key.clone();
                async move {
                    let old: Option<String> = conn.get(&key).await?;
                    assert!(
                        old.as_deref()
                            .is_none_or(|v| v.starts_with(&format!("{id}:"))),
                        "task {id}: {old:?}"
                    );
                    let mut tx = conn.multi();
                    tx.set(&key, format!("{id}:t")).get(&key);
                    Ok(tx)
                }
            });
            match rt.timeout(budget, op).await {
                Some(result) => {
                    let ((), got): ((), String) = result.unwrap();
                    assert_eq!(got, format!("{id}:t"), "task {id}");
                    true
                }
                None => false,
            }
        }
    };
    // Whatever was cut short, the key holds this task's value or nothing.
    let now: Option<String> = client.get(&key).await.unwrap();
    assert!(now.as_deref().is_none_or(mine), "task {id} found {now:?}");
    finished
}

tests::both_runtimes! {
    async fn dropped_futures_never_desync_or_leak_dirty_leases(rt) {
        let server = RedisServer::start().unwrap();
        let config = Config::from_url(&server.url()).unwrap().with_pool_size(4);
        let client = rt.connect_config(config).await.unwrap();
        let prefix = Arc::new(unique_prefix());
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let tasks: Vec<_> = (0..600)
            .map(|id| {
                let kind = rng.next() % 3;
                // Mostly tiny budgets (cut at every stage), some generous ones (complete).
                let budget = match rng.next() % 4 {
                    0 => Duration::ZERO,
                    1 | 2 => Duration::from_micros(rng.next() % 3000),
                    _ => Duration::from_secs(10),
                };
                rt.spawn(task(rt, client.clone(), Arc::clone(&prefix), id, kind, budget))
            })
            .collect();
        let mut finished = 0;
        for t in tasks {
            finished += usize::from(t.await);
        }
        // The budgets must cut some operations short and let others finish.
        assert!(finished > 50 && finished < 550, "{finished} of 600 finished");
        eprintln!("{}: {finished} of 600 operations finished, the rest were dropped", R::NAME);
        // Leases dropped mid-transaction were closed (or cleaned): give the closes a moment,
        // then no server connection may be left inside MULTI.
        rt.sleep(Duration::from_millis(300)).await;
        let mut raw = server.raw().unwrap();
        let list = match raw.command(&["CLIENT", "LIST"]).unwrap() {
            Value::BulkString(b) | Value::VerbatimString { text: b, .. } => String::from_utf8_lossy(&b).into_owned(),
            other => panic!("CLIENT LIST gave {other:?}"),
        };
        let lines: Vec<&str> = list.lines().collect();
        assert!(lines.iter().all(|l| l.contains(" multi=-1 ")), "a connection is stuck in MULTI:\n{list}");
        assert!(lines.len() <= 1 + 4 + 1, "more connections than the shared one, the pool and ours:\n{list}");
        // The pool still serves: more transactions than it has connections.
        for i in 0..10 {
            let key = format!("{prefix}after{i}");
            let (n,): (i64,) = client
                .transaction(key.clone(), |conn| {
                    let key = key.clone();
                    async move {
                        let mut tx = conn.multi();
                        tx.incr(&key);
                        Ok(tx)
                    }
                })
                .await
                .unwrap();
            assert_eq!(n, 1);
        }
        assert_eq!(client.incr(format!("{prefix}final")).await.unwrap(), 1);
    }
}
