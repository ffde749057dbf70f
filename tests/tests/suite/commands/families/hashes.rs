//! Hashes.

use std::collections::{BTreeMap, HashMap};

use cureds_core::AsyncCommands;
use futures_lite::StreamExt;
use resp_core::commands::scan::ScanOptions;

pub(crate) async fn check<C: AsyncCommands + Sync>(c: &C, p: &str) {
    let k = |s: &str| format!("{p}{s}");
    let h = k("h");
    assert_eq!(c.hset(&h, "first_name", "allen").await.unwrap(), 1);
    assert_eq!(c.hset(&h, "first_name", "alan").await.unwrap(), 0);
    assert_eq!(
        c.hset_multiple(&h, &[("last_name", "ling"), ("age", "30")])
            .await
            .unwrap(),
        2
    );
    assert!(!c.hsetnx(&h, "age", "31").await.unwrap());
    assert!(c.hsetnx(&h, "city", "x").await.unwrap());
    assert_eq!(
        c.hget::<Option<String>>(&h, "first_name")
            .await
            .unwrap()
            .as_deref(),
        Some("alan")
    );
    assert_eq!(c.hget::<Option<String>>(&h, "nope").await.unwrap(), None);
    let m: Vec<Option<String>> = c.hmget(&h, &["age", "nope", "last_name"]).await.unwrap();
    assert_eq!(m, [Some("30".into()), None, Some("ling".into())]);

    // HGETALL into a map, whatever the protocol's shape (RESP3 map, RESP2 flat array).
    let all: HashMap<String, String> = c.hgetall(&h).await.unwrap();
    let expected: HashMap<String, String> = [
        ("first_name", "alan"),
        ("last_name", "ling"),
        ("age", "30"),
        ("city", "x"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .collect();
    assert_eq!(all, expected);
    let sorted: BTreeMap<String, String> = c.hgetall(&h).await.unwrap();
    assert_eq!(sorted.len(), 4);
    let pairs: Vec<(String, String)> = c.hgetall(&h).await.unwrap();
    assert_eq!(pairs.len(), 4);
    let empty: HashMap<String, String> = c.hgetall(k("none")).await.unwrap();
    assert!(empty.is_empty());

    assert!(c.hexists(&h, "age").await.unwrap());
    assert!(!c.hexists(&h, "nope").await.unwrap());
    assert_eq!(c.hincrby(&h, "age", 5).await.unwrap(), 35);
    assert_eq!(c.hincrbyfloat(&h, "age", 0.25).await.unwrap(), 35.25);
    assert_eq!(c.hlen(&h).await.unwrap(), 4);
    assert_eq!(c.hstrlen(&h, "last_name").await.unwrap(), 4);
    let mut keys: Vec<String> = c.hkeys(&h).await.unwrap();
    keys.sort();
    assert_eq!(keys, ["age", "city", "first_name", "last_name"]);
    let vals: Vec<String> = c.hvals(&h).await.unwrap();
    assert_eq!(vals.len(), 4);
    assert_eq!(c.hdel(&h, &["city", "nope"]).await.unwrap(), 1);

    let f: Option<String> = c.hrandfield(&h).await.unwrap();
    assert!(expected.contains_key(f.as_deref().unwrap()));
    let fs: Vec<String> = c.hrandfield_count(&h, 2).await.unwrap();
    assert_eq!(fs.len(), 2);
    let fv: Vec<(String, String)> = c.hrandfield_withvalues(&h, -5).await.unwrap();
    assert_eq!(fv.len(), 5, "a negative count may repeat fields");
    assert!(fv.iter().all(|(f, _)| expected.contains_key(f)));

    // HSCAN, paged and streamed.
    let big = k("big");
    let fields: Vec<(String, String)> = (0..300)
        .map(|i| (format!("f{i}"), format!("v{i}")))
        .collect();
    c.hset_multiple(&big, &fields).await.unwrap();
    let (_, page): (u64, Vec<(String, String)>) = c
        .hscan(&big, 0, ScanOptions::new().count(10))
        .await
        .unwrap();
    assert!(!page.is_empty());
    let scanned: HashMap<String, String> = c
        .hscan_iter::<String, String>(&big, ScanOptions::new().count(25))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(scanned, fields.into_iter().collect::<HashMap<_, _>>());
}
