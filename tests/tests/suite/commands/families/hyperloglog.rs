//! HyperLogLog.

use cureds_core::AsyncCommands;

pub(crate) async fn check<C: AsyncCommands + Sync>(c: &C, p: &str) {
    let k = |s: &str| format!("{p}{s}");
    assert!(c.pfadd(k("a"), &["x", "y", "z"]).await.unwrap());
    assert!(
        !c.pfadd(k("a"), &["x", "y"]).await.unwrap(),
        "nothing new: registers unchanged"
    );
    assert_eq!(c.pfcount(k("a")).await.unwrap(), 3);
    let many: Vec<String> = (0..1000).map(|i| format!("e{i}")).collect();
    c.pfadd(k("b"), &many).await.unwrap();
    let n = c.pfcount(k("b")).await.unwrap();
    assert!(
        (970..=1030).contains(&n),
        "estimate {n} is off by more than 3%"
    );
    c.pfmerge(k("m"), &[k("a"), k("b")]).await.unwrap();
    let merged = c.pfcount(k("m")).await.unwrap();
    assert!((973..=1033).contains(&merged), "{merged}");
    assert_eq!(c.pfcount(&[k("a"), k("a")]).await.unwrap(), 3);
    c.set(k("s"), "not a hll").await.unwrap();
    assert!(c.pfcount(k("s")).await.is_err());
}
