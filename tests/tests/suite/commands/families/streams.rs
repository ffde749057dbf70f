//! Streams (non-blocking): XADD with trimming, ranges, groups, pending, claims, XINFO.

use cureds_core::AsyncCommands;
use resp_core::commands::streams::{
    PendingRange, StreamTrim, XAddOptions, XClaimOptions, XReadOptions,
};

pub(crate) async fn check<C: AsyncCommands + Sync>(c: &C, p: &str) {
    let k = |s: &str| format!("{p}{s}");
    let s = k("s");
    let id1 = c
        .xadd(&s, "1-1", &[("name", "a"), ("n", "1")])
        .await
        .unwrap();
    assert_eq!(id1, "1-1");
    let id2 = c.xadd(&s, "*", &[("name", "b"), ("n", "2")]).await.unwrap();
    assert!(id2.contains('-'));
    let id3 = c.xadd(&s, "*", &[("name", "c"), ("n", "3")]).await.unwrap();
    assert_eq!(c.xlen(&s).await.unwrap(), 3);
    assert!(
        c.xadd(&s, "1-0", &[("f", "v")]).await.is_err(),
        "IDs only grow"
    );
    let none = c
        .xadd_options(
            k("nostream"),
            "*",
            &[("f", "v")],
            XAddOptions::new().nomkstream(),
        )
        .await
        .unwrap();
    assert_eq!(none, None);
    assert_eq!(c.exists(k("nostream")).await.unwrap(), 0);

    let all = c.xrange(&s, "-", "+").await.unwrap();
    assert_eq!(
        all.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        [id1.as_str(), id2.as_str(), id3.as_str()]
    );
    assert_eq!(all[0].get("name").map(|v| &v[..]), Some(&b"a"[..]));
    assert_eq!(all[2].parse::<i64>("n").unwrap(), Some(3));
    assert_eq!(c.xrange_count(&s, "-", "+", 1).await.unwrap().len(), 1);
    let rev = c.xrevrange(&s, "+", "-").await.unwrap();
    assert_eq!(rev[0].id, id3);
    assert_eq!(c.xrevrange_count(&s, "+", "-", 2).await.unwrap().len(), 2);
    let read = c
        .xread(&[&s], &["0"], XReadOptions::new().count(2))
        .await
        .unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].0, s);
    assert_eq!(read[0].1.len(), 2);

    // Trimming, exact and approximate, and on XADD.
    let t = k("t");
    for i in 0..20 {
        c.xadd(&t, "*", &[("i", i)]).await.unwrap();
    }
    assert_eq!(c.xtrim(&t, StreamTrim::maxlen(10)).await.unwrap(), 10);
    assert_eq!(c.xlen(&t).await.unwrap(), 10);
    let trimmed = c
        .xadd_options(
            &t,
            "*",
            &[("i", 99)],
            XAddOptions::new().trim(StreamTrim::maxlen(5).exact()),
        )
        .await
        .unwrap();
    assert!(trimmed.is_some());
    assert_eq!(c.xlen(&t).await.unwrap(), 5);
    // Approximate trimming only drops whole radix-tree nodes: with 5 entries in one node,
    // nothing goes.
    assert_eq!(
        c.xtrim(&t, StreamTrim::maxlen(1).approximate())
            .await
            .unwrap(),
        0
    );
    let last = c
        .xrevrange_count(&t, "+", "-", 1)
        .await
        .unwrap()
        .remove(0)
        .id;
    assert_eq!(c.xtrim(&t, StreamTrim::minid(&last)).await.unwrap(), 4);
    assert_eq!(c.xlen(&t).await.unwrap(), 1);
    assert_eq!(c.xdel(&s, &[id2.as_str(), "9-9"]).await.unwrap(), 1);

    // Consumer groups: read, pending, ack, claim, autoclaim, info.
    let g = k("gs");
    for i in 0..5 {
        c.xadd(&g, "*", &[("job", i)]).await.unwrap();
    }
    c.xgroup_create(&g, "workers", "0", false).await.unwrap();
    assert!(
        c.xgroup_create(&g, "workers", "0", false).await.is_err(),
        "BUSYGROUP"
    );
    c.xgroup_create(k("fresh"), "g", "$", true).await.unwrap();
    assert_eq!(c.xlen(k("fresh")).await.unwrap(), 0);
    assert!(c
        .xgroup_createconsumer(&g, "workers", "carol")
        .await
        .unwrap());
    let got = c
        .xreadgroup(
            "workers",
            "alice",
            &[&g],
            &[">"],
            XReadOptions::new().count(3),
        )
        .await
        .unwrap();
    let ids: Vec<String> = got[0].1.iter().map(|e| e.id.clone()).collect();
    assert_eq!(ids.len(), 3);
    let got = c
        .xreadgroup("workers", "bob", &[&g], &[">"], XReadOptions::new())
        .await
        .unwrap();
    assert_eq!(got[0].1.len(), 2);

    let summary = c.xpending(&g, "workers").await.unwrap();
    assert_eq!(summary.count, 5);
    assert_eq!(summary.smallest_id.as_deref(), Some(ids[0].as_str()));
    let mut consumers = summary.consumers.clone();
    consumers.sort();
    assert_eq!(consumers, [("alice".to_owned(), 3), ("bob".to_owned(), 2)]);
    let pending = c
        .xpending_range(
            &g,
            "workers",
            PendingRange::new("-", "+", 10).consumer("alice"),
        )
        .await
        .unwrap();
    assert_eq!(pending.len(), 3);
    assert_eq!(pending[0].consumer, "alice");
    assert_eq!(pending[0].deliveries, 1);
    assert_eq!(c.xack(&g, "workers", &[ids[0].as_str()]).await.unwrap(), 1);
    assert_eq!(c.xack(&g, "workers", &[ids[0].as_str()]).await.unwrap(), 0);

    let claimed = c
        .xclaim(
            &g,
            "workers",
            "carol",
            0,
            &[ids[1].as_str()],
            XClaimOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].id, ids[1]);
    let just = c
        .xclaim_justid(
            &g,
            "workers",
            "carol",
            0,
            &[ids[2].as_str()],
            XClaimOptions::new().retry_count(7),
        )
        .await
        .unwrap();
    assert_eq!(just, [ids[2].clone()]);
    let auto = c
        .xautoclaim(&g, "workers", "dave", 0, "0-0", Some(2))
        .await
        .unwrap();
    assert_eq!(auto.claimed.len(), 2);
    assert!(auto.deleted.is_empty());
    let auto = c
        .xautoclaim_justid(&g, "workers", "dave", 0, "0-0", None)
        .await
        .unwrap();
    assert_eq!(auto.claimed.len(), 4);
    assert_eq!(auto.next_start, "0-0");

    let info = c.xinfo_stream(&g).await.unwrap();
    assert_eq!(info.length, 5);
    assert_eq!(info.groups, 1);
    assert!(info.first_entry.is_some() && info.last_entry.is_some());
    let groups = c.xinfo_groups(&g).await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].name, "workers");
    assert_eq!(groups[0].pending, 4);
    let consumers = c.xinfo_consumers(&g, "workers").await.unwrap();
    let mut names: Vec<&str> = consumers.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["alice", "bob", "carol", "dave"]);
    assert_eq!(
        c.xgroup_delconsumer(&g, "workers", "dave").await.unwrap(),
        4
    );
    c.xgroup_setid(&g, "workers", "0").await.unwrap();
    assert!(c.xgroup_destroy(&g, "workers").await.unwrap());
    assert!(!c.xgroup_destroy(&g, "workers").await.unwrap());
    c.xsetid(&s, "99999999999999-0").await.unwrap();
    assert_eq!(
        c.xinfo_stream(&s).await.unwrap().last_generated_id,
        "99999999999999-0"
    );
}
