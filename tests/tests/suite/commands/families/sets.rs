//! Sets.

use std::collections::{BTreeSet, HashSet};

use cureds_core::AsyncCommands;
use futures_lite::StreamExt;
use resp_core::commands::scan::ScanOptions;

pub(crate) async fn check<C: AsyncCommands + Sync>(c: &C, p: &str) {
    let k = |s: &str| format!("{p}{s}");
    let (a, b) = (k("a"), k("b"));
    assert_eq!(c.sadd(&a, &["1", "2", "3", "3"]).await.unwrap(), 3);
    assert_eq!(c.sadd(&b, &["3", "4"]).await.unwrap(), 2);
    let members: BTreeSet<String> = c.smembers(&a).await.unwrap();
    assert_eq!(members.into_iter().collect::<Vec<_>>(), ["1", "2", "3"]);
    let members: HashSet<i64> = c.smembers(&a).await.unwrap();
    assert_eq!(members, HashSet::from([1, 2, 3]));
    assert!(c.sismember(&a, "1").await.unwrap());
    assert!(!c.sismember(&a, "9").await.unwrap());
    assert_eq!(
        c.smismember(&a, &["1", "9", "3"]).await.unwrap(),
        [true, false, true]
    );
    assert_eq!(c.scard(&a).await.unwrap(), 3);
    assert_eq!(c.sinter::<Vec<String>>(&[&a, &b]).await.unwrap(), ["3"]);
    let union: BTreeSet<String> = c.sunion(&[&a, &b]).await.unwrap();
    assert_eq!(union.len(), 4);
    let diff: BTreeSet<String> = c.sdiff(&[&a, &b]).await.unwrap();
    assert_eq!(diff.into_iter().collect::<Vec<_>>(), ["1", "2"]);
    assert_eq!(c.sinterstore(k("i"), &[&a, &b]).await.unwrap(), 1);
    assert_eq!(c.sunionstore(k("u"), &[&a, &b]).await.unwrap(), 4);
    assert_eq!(c.sdiffstore(k("d"), &[&a, &b]).await.unwrap(), 2);
    assert_eq!(c.sintercard(&[&a, &b], None).await.unwrap(), 1);
    assert_eq!(c.sintercard(&[k("u"), k("u")], Some(2)).await.unwrap(), 2);
    assert!(c.smove(&a, &b, "1").await.unwrap());
    assert!(!c.smove(&a, &b, "1").await.unwrap());
    assert_eq!(c.srem(&b, &["1", "9"]).await.unwrap(), 1);

    let one: Option<String> = c.srandmember(&a).await.unwrap();
    assert!(one.is_some());
    let many: Vec<String> = c.srandmember_count(&a, -10).await.unwrap();
    assert_eq!(many.len(), 10);
    let popped: Option<String> = c.spop(&a).await.unwrap();
    assert!(popped.is_some());
    let rest: Vec<String> = c.spop_count(&a, 10).await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(c.spop::<Option<String>>(&a).await.unwrap(), None);

    let big = k("big");
    let all: Vec<String> = (0..500).map(|i| format!("m{i}")).collect();
    c.sadd(&big, &all).await.unwrap();
    let (_, page): (u64, Vec<String>) = c
        .sscan(&big, 0, ScanOptions::new().count(20))
        .await
        .unwrap();
    assert!(!page.is_empty());
    let streamed: HashSet<String> = c
        .sscan_iter(&big, ScanOptions::new().count(33))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(streamed, all.into_iter().collect());
}
