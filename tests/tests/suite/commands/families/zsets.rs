//! Sorted sets: ranges by rank, score and lex, WITHSCORES, LIMIT, combinations, pops.

use std::collections::HashMap;

use cureds_core::AsyncCommands;
use futures_lite::StreamExt;
use resp_core::commands::scan::ScanOptions;
use resp_core::commands::sorted_sets::{Aggregate, MinMax, ZAddOptions, ZCombine, ZRange};

fn owned(items: &[(&str, f64)]) -> Vec<(String, f64)> {
    items.iter().map(|(m, s)| ((*m).to_owned(), *s)).collect()
}

pub(crate) async fn check<C: AsyncCommands + Sync>(c: &C, p: &str) {
    let k = |s: &str| format!("{p}{s}");
    let z = k("z");
    assert_eq!(c.zadd(&z, 1.0, "a").await.unwrap(), 1);
    assert_eq!(
        c.zadd_multiple(&z, &[(2.0, "b"), (3.5, "c"), (-1.0, "neg")])
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        c.zadd_options(&z, &[(9.0, "a")], ZAddOptions::new().nx())
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        c.zadd_options(&z, &[(0.5, "a")], ZAddOptions::new().xx().gt().ch())
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        c.zadd_options(&z, &[(1.5, "a")], ZAddOptions::new().xx().gt().ch())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        c.zadd_incr(&z, 1.0, "a", ZAddOptions::new()).await.unwrap(),
        Some(2.5)
    );
    assert_eq!(
        c.zadd_incr(&z, 1.0, "zz", ZAddOptions::new().xx())
            .await
            .unwrap(),
        None
    );
    assert_eq!(c.zincrby(&z, -0.5, "a").await.unwrap(), 2.0);
    assert_eq!(c.zcard(&z).await.unwrap(), 4);
    assert_eq!(c.zscore(&z, "c").await.unwrap(), Some(3.5));
    assert_eq!(c.zscore(&z, "nope").await.unwrap(), None);
    assert_eq!(
        c.zmscore(&z, &["c", "nope", "neg"]).await.unwrap(),
        [Some(3.5), None, Some(-1.0)]
    );
    assert_eq!(c.zrank(&z, "neg").await.unwrap(), Some(0));
    assert_eq!(c.zrevrank(&z, "neg").await.unwrap(), Some(3));
    assert_eq!(c.zrank(&z, "nope").await.unwrap(), None);
    assert_eq!(c.zcount(&z, "(1", "+inf").await.unwrap(), 3);
    assert_eq!(c.zcount(&z, "-inf", 2.0).await.unwrap(), 3);

    // By rank, plain and with scores, forwards and backwards.
    assert_eq!(
        c.zrange::<Vec<String>>(&z, 0, -1).await.unwrap(),
        ["neg", "a", "b", "c"]
    );
    assert_eq!(
        c.zrevrange::<Vec<String>>(&z, 0, 1).await.unwrap(),
        ["c", "b"]
    );
    let ws: Vec<(String, f64)> = c.zrange_withscores(&z, 0, 1).await.unwrap();
    assert_eq!(ws, owned(&[("neg", -1.0), ("a", 2.0)]));
    let ws: Vec<(String, f64)> = c.zrevrange_withscores(&z, 0, 0).await.unwrap();
    assert_eq!(ws, owned(&[("c", 3.5)]));

    // By score: exclusive bounds, infinities, LIMIT, reversed.
    let by: Vec<String> = c.zrange_by(&z, ZRange::score("(-1", "+inf")).await.unwrap();
    assert_eq!(by, ["a", "b", "c"]);
    let by: Vec<String> = c
        .zrange_by(&z, ZRange::score("-inf", "+inf").limit(1, 2))
        .await
        .unwrap();
    assert_eq!(by, ["a", "b"]);
    let by: Vec<String> = c
        .zrange_by(&z, ZRange::score("+inf", "(2").rev())
        .await
        .unwrap();
    assert_eq!(by, ["c"]);
    let by: Vec<(String, f64)> = c
        .zrange_by_withscores(&z, ZRange::score(2.0, 3.5))
        .await
        .unwrap();
    assert_eq!(by, owned(&[("a", 2.0), ("b", 2.0), ("c", 3.5)]));
    assert_eq!(
        c.zrangebyscore::<Vec<String>>(&z, "(2", 10).await.unwrap(),
        ["c"]
    );
    let by: Vec<(String, f64)> = c.zrangebyscore_withscores(&z, "-inf", 0).await.unwrap();
    assert_eq!(by, owned(&[("neg", -1.0)]));
    assert_eq!(
        c.zrevrangebyscore::<Vec<String>>(&z, "+inf", 2)
            .await
            .unwrap(),
        ["c", "b", "a"]
    );

    // By lex (all members share one score).
    let lex = k("lex");
    c.zadd_multiple(
        &lex,
        &[
            (0.0, "apple"),
            (0.0, "banana"),
            (0.0, "cherry"),
            (0.0, "date"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(c.zlexcount(&lex, "[b", "(d").await.unwrap(), 2);
    let by: Vec<String> = c.zrange_by(&lex, ZRange::lex("[b", "+")).await.unwrap();
    assert_eq!(by, ["banana", "cherry", "date"]);
    let by: Vec<String> = c
        .zrange_by(&lex, ZRange::lex("-", "+").limit(1, 1))
        .await
        .unwrap();
    assert_eq!(by, ["banana"]);
    let by: Vec<String> = c
        .zrange_by(&lex, ZRange::lex("(cherry", "-").rev())
        .await
        .unwrap();
    assert_eq!(by, ["banana", "apple"]);
    assert_eq!(
        c.zrangebylex::<Vec<String>>(&lex, "(a", "[c")
            .await
            .unwrap(),
        ["apple", "banana"]
    );
    assert_eq!(
        c.zrevrangebylex::<Vec<String>>(&lex, "+", "[d")
            .await
            .unwrap(),
        ["date"]
    );
    assert_eq!(
        c.zrangestore(k("stored"), &lex, ZRange::rank(0, 1))
            .await
            .unwrap(),
        2
    );
    assert_eq!(c.zremrangebylex(&lex, "[a", "(b").await.unwrap(), 1);
    assert_eq!(c.zremrangebyrank(&lex, 0, 0).await.unwrap(), 1);
    assert_eq!(c.zremrangebyscore(&lex, "-inf", "+inf").await.unwrap(), 2);

    // Combinations.
    let (x, y) = (k("x"), k("y"));
    c.zadd_multiple(&x, &[(1.0, "p"), (2.0, "q")])
        .await
        .unwrap();
    c.zadd_multiple(&y, &[(10.0, "q"), (20.0, "r")])
        .await
        .unwrap();
    let u: Vec<(String, f64)> = c
        .zunion_withscores(&[&x, &y], ZCombine::new())
        .await
        .unwrap();
    assert_eq!(u, owned(&[("p", 1.0), ("q", 12.0), ("r", 20.0)]));
    let i: Vec<(String, f64)> = c
        .zinter_withscores(
            &[&x, &y],
            ZCombine::new()
                .weights([2.0, 1.0])
                .aggregate(Aggregate::Max),
        )
        .await
        .unwrap();
    assert_eq!(i, owned(&[("q", 10.0)]));
    assert_eq!(
        c.zunion::<Vec<String>>(&[&x, &y], ZCombine::new())
            .await
            .unwrap(),
        ["p", "q", "r"]
    );
    assert_eq!(
        c.zinter::<Vec<String>>(&[&x, &y], ZCombine::new())
            .await
            .unwrap(),
        ["q"]
    );
    assert_eq!(c.zdiff::<Vec<String>>(&[&x, &y]).await.unwrap(), ["p"]);
    assert_eq!(
        c.zunionstore(
            k("us"),
            &[&x, &y],
            ZCombine::new().aggregate(Aggregate::Min)
        )
        .await
        .unwrap(),
        3
    );
    assert_eq!(c.zscore(k("us"), "q").await.unwrap(), Some(2.0));
    assert_eq!(
        c.zinterstore(k("is"), &[&x, &y], ZCombine::new())
            .await
            .unwrap(),
        1
    );
    assert_eq!(c.zdiffstore(k("ds"), &[&x, &y]).await.unwrap(), 1);
    assert_eq!(c.zintercard(&[&x, &y], None).await.unwrap(), 1);

    // Random members and pops.
    let r: Option<String> = c.zrandmember(&z).await.unwrap();
    assert!(r.is_some());
    let rs: Vec<String> = c.zrandmember_count(&z, 2).await.unwrap();
    assert_eq!(rs.len(), 2);
    let rws: Vec<(String, f64)> = c.zrandmember_withscores(&z, -6).await.unwrap();
    assert_eq!(rws.len(), 6);
    assert_eq!(
        c.zpopmin::<String>(&z, 1).await.unwrap(),
        owned(&[("neg", -1.0)])
    );
    assert_eq!(
        c.zpopmax::<String>(&z, 1).await.unwrap(),
        owned(&[("c", 3.5)])
    );
    let popped: Option<(String, Vec<(String, f64)>)> = c
        .zmpop(&[k("none"), z.clone()], MinMax::Min, 10)
        .await
        .unwrap();
    assert_eq!(popped, Some((z.clone(), owned(&[("a", 2.0), ("b", 2.0)]))));
    let popped: Option<(String, Vec<(String, f64)>)> =
        c.zmpop(k("none"), MinMax::Max, 1).await.unwrap();
    assert_eq!(popped, None);
    assert_eq!(c.zrem(&x, &["p", "nope"]).await.unwrap(), 1);

    // ZSCAN, paged and streamed; scores survive as f64 (also inf).
    let big = k("big");
    let items: Vec<(f64, String)> = (0..300)
        .map(|i| (f64::from(i) / 4.0, format!("m{i}")))
        .collect();
    c.zadd_multiple(&big, &items).await.unwrap();
    c.zadd(&big, f64::INFINITY, "top").await.unwrap();
    let (_, page): (u64, Vec<(String, f64)>) = c
        .zscan(&big, 0, ScanOptions::new().count(10))
        .await
        .unwrap();
    assert!(!page.is_empty());
    let streamed: HashMap<String, f64> = c
        .zscan_iter(&big, ScanOptions::new().count(50))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(streamed.len(), 301);
    assert_eq!(streamed.get("m10"), Some(&2.5));
    assert_eq!(streamed.get("top"), Some(&f64::INFINITY));
}
