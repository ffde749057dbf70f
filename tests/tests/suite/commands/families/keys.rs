//! Keys: DEL/UNLINK/EXISTS, expiry, TYPE, RENAME, COPY, SCAN (paged and as a stream).

use std::collections::HashSet;

use cureds_core::AsyncCommands;
use futures_lite::StreamExt;
use resp_core::commands::keys::ExpireCondition;
use resp_core::commands::scan::ScanOptions;

pub(crate) async fn check<C: AsyncCommands + Sync>(c: &C, p: &str) {
    let k = |s: &str| format!("{p}{s}");
    c.mset(&[(k("a"), "1"), (k("b"), "2"), (k("c"), "3")])
        .await
        .unwrap();
    assert_eq!(c.exists(&[k("a"), k("b"), k("zz")]).await.unwrap(), 2);
    assert_eq!(
        c.exists(&[k("a"), k("a")]).await.unwrap(),
        2,
        "EXISTS counts repeats"
    );
    assert_eq!(c.del(&[k("a"), k("zz")]).await.unwrap(), 1);
    assert_eq!(c.unlink(k("b")).await.unwrap(), 1);
    assert_eq!(c.touch(&[k("c"), k("a")]).await.unwrap(), 1);

    // Expiry.
    assert_eq!(c.ttl(k("c")).await.unwrap(), -1);
    assert_eq!(c.ttl(k("nope")).await.unwrap(), -2);
    assert!(c.expire(k("c"), 100).await.unwrap());
    assert!(!c.expire(k("nope"), 100).await.unwrap());
    assert!((90..=100).contains(&c.ttl(k("c")).await.unwrap()));
    assert!(!c.expire_if(k("c"), 50, ExpireCondition::Gt).await.unwrap());
    assert!(c.expire_if(k("c"), 50, ExpireCondition::Lt).await.unwrap());
    assert!(c.pexpire(k("c"), 200_000).await.unwrap());
    assert!((190_000..=200_000).contains(&c.pttl(k("c")).await.unwrap()));
    assert!(c.persist(k("c")).await.unwrap());
    assert!(!c.persist(k("c")).await.unwrap());
    assert_eq!(c.expiretime(k("c")).await.unwrap(), -1);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(c.expireat(k("c"), now + 1000).await.unwrap());
    assert_eq!(c.expiretime(k("c")).await.unwrap(), now + 1000);
    assert!(c.pexpireat(k("c"), (now + 2000) * 1000).await.unwrap());
    assert_eq!(c.pexpiretime(k("c")).await.unwrap(), (now + 2000) * 1000);
    // An expiry in the past deletes the key at once.
    assert!(c.pexpireat(k("c"), 1).await.unwrap());
    assert_eq!(c.exists(k("c")).await.unwrap(), 0);

    // TYPE, RENAME, COPY
    c.set(k("s"), "v").await.unwrap();
    c.rpush(k("l"), "x").await.unwrap();
    c.hset(k("h"), "f", "v").await.unwrap();
    assert_eq!(c.key_type(k("s")).await.unwrap(), "string");
    assert_eq!(c.key_type(k("l")).await.unwrap(), "list");
    assert_eq!(c.key_type(k("h")).await.unwrap(), "hash");
    assert_eq!(c.key_type(k("nope")).await.unwrap(), "none");
    c.rename(k("s"), k("s2")).await.unwrap();
    assert_eq!(
        c.get::<Option<String>>(k("s2")).await.unwrap().as_deref(),
        Some("v")
    );
    assert!(c.rename(k("nope"), k("x")).await.is_err());
    assert!(!c.renamenx(k("s2"), k("l")).await.unwrap());
    assert!(c.renamenx(k("s2"), k("s3")).await.unwrap());
    assert!(c.copy(k("s3"), k("s4"), false).await.unwrap());
    assert!(!c.copy(k("s3"), k("s4"), false).await.unwrap());
    c.set(k("s3"), "w").await.unwrap();
    assert!(c.copy(k("s3"), k("s4"), true).await.unwrap());
    assert_eq!(c.get::<String>(k("s4")).await.unwrap(), "w");

    // KEYS and SCAN over a prefix only this test uses.
    let names: Vec<String> = (0..250).map(|i| k(&format!("scan:{i}"))).collect();
    let pairs: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "1")).collect();
    c.mset(&pairs).await.unwrap();
    let pattern = k("scan:*");
    let mut keys: Vec<String> = c.keys(&pattern).await.unwrap();
    keys.sort();
    let mut expected = names.clone();
    expected.sort();
    assert_eq!(keys, expected);

    let mut cursor = 0;
    let mut paged = HashSet::new();
    loop {
        let (next, page): (u64, Vec<String>) = c
            .scan(cursor, ScanOptions::new().pattern(&pattern).count(50))
            .await
            .unwrap();
        paged.extend(page);
        if next == 0 {
            break;
        }
        cursor = next;
    }
    assert_eq!(paged, names.iter().cloned().collect::<HashSet<_>>());

    let streamed: HashSet<String> = c
        .scan_iter::<String>(ScanOptions::new().pattern(&pattern).count(7))
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(streamed, paged);
    let strings_only: Vec<String> = c
        .scan_iter::<String>(ScanOptions::new().pattern(k("[lh]")).kind("list"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(strings_only, [k("l")]);
}
