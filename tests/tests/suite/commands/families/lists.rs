//! Lists (non-blocking commands; the blocking ones need a leased connection).

use cureds_core::AsyncCommands;
use resp_core::commands::lists::{Direction, LposOptions, Position};

pub(crate) async fn check<C: AsyncCommands + Sync>(c: &C, p: &str) {
    let k = |s: &str| format!("{p}{s}");
    let l = k("l");
    assert_eq!(c.rpush(&l, &["b", "c"]).await.unwrap(), 2);
    assert_eq!(c.lpush(&l, "a").await.unwrap(), 3);
    assert_eq!(c.lpushx(k("none"), "x").await.unwrap(), 0);
    assert_eq!(c.rpushx(&l, "d").await.unwrap(), 4);
    assert_eq!(
        c.lrange::<Vec<String>>(&l, 0, -1).await.unwrap(),
        ["a", "b", "c", "d"]
    );
    assert_eq!(c.llen(&l).await.unwrap(), 4);
    assert_eq!(
        c.lindex::<Option<String>>(&l, -1).await.unwrap().as_deref(),
        Some("d")
    );
    assert_eq!(c.lindex::<Option<String>>(&l, 99).await.unwrap(), None);
    c.lset(&l, 1, "B").await.unwrap();
    assert!(c.lset(&l, 99, "x").await.is_err());
    assert_eq!(c.linsert(&l, Position::Before, "c", "bc").await.unwrap(), 5);
    assert_eq!(c.linsert(&l, Position::After, "zz", "x").await.unwrap(), -1);
    assert_eq!(
        c.lrange::<Vec<String>>(&l, 0, -1).await.unwrap(),
        ["a", "B", "bc", "c", "d"]
    );
    c.rpush(&l, &["a", "a"]).await.unwrap();
    assert_eq!(c.lpos(&l, "a", LposOptions::new()).await.unwrap(), Some(0));
    assert_eq!(
        c.lpos(&l, "a", LposOptions::new().rank(-1)).await.unwrap(),
        Some(6)
    );
    assert_eq!(c.lpos(&l, "nope", LposOptions::new()).await.unwrap(), None);
    assert_eq!(
        c.lpos_count(&l, "a", 0, LposOptions::new()).await.unwrap(),
        [0, 5, 6]
    );
    assert_eq!(c.lrem(&l, -2, "a").await.unwrap(), 2);
    c.ltrim(&l, 1, -1).await.unwrap();
    assert_eq!(
        c.lrange::<Vec<String>>(&l, 0, -1).await.unwrap(),
        ["B", "bc", "c", "d"]
    );

    assert_eq!(
        c.lpop::<Option<String>>(&l).await.unwrap().as_deref(),
        Some("B")
    );
    assert_eq!(
        c.rpop::<Option<String>>(&l).await.unwrap().as_deref(),
        Some("d")
    );
    assert_eq!(c.lpop::<Option<String>>(k("none")).await.unwrap(), None);
    c.rpush(&l, &["e", "f", "g"]).await.unwrap();
    assert_eq!(
        c.lpop_count::<Vec<String>>(&l, 2).await.unwrap(),
        ["bc", "c"]
    );
    assert_eq!(
        c.rpop_count::<Vec<String>>(&l, 2).await.unwrap(),
        ["g", "f"]
    );
    assert_eq!(
        c.lpop_count::<Option<Vec<String>>>(k("none"), 2)
            .await
            .unwrap(),
        None
    );

    let (src, dst) = (k("src"), k("dst"));
    c.rpush(&src, &["1", "2", "3"]).await.unwrap();
    let moved: Option<String> = c
        .lmove(&src, &dst, Direction::Left, Direction::Right)
        .await
        .unwrap();
    assert_eq!(moved.as_deref(), Some("1"));
    let moved: Option<String> = c.rpoplpush(&src, &dst).await.unwrap();
    assert_eq!(moved.as_deref(), Some("3"));
    assert_eq!(
        c.lrange::<Vec<String>>(&dst, 0, -1).await.unwrap(),
        ["3", "1"]
    );
    let popped: Option<(String, Vec<String>)> = c
        .lmpop(&[k("none"), dst.clone()], Direction::Right, 5)
        .await
        .unwrap();
    assert_eq!(
        popped,
        Some((dst.clone(), vec!["1".to_owned(), "3".to_owned()]))
    );
    let popped: Option<(String, Vec<String>)> =
        c.lmpop(k("none"), Direction::Left, 1).await.unwrap();
    assert_eq!(popped, None);
}
