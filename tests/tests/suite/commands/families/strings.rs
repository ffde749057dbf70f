//! Strings: GET/SET and options, counters, ranges, MGET/MSET, LCS.

use cureds_core::AsyncCommands;
use resp_core::commands::strings::{Expiry, SetOptions};

pub(crate) async fn check<C: AsyncCommands + Sync>(c: &C, p: &str) {
    let k = |s: &str| format!("{p}{s}");
    c.set(k("a"), "1").await.unwrap();
    assert_eq!(
        c.get::<Option<String>>(k("a")).await.unwrap().as_deref(),
        Some("1")
    );
    assert_eq!(c.get::<Option<String>>(k("missing")).await.unwrap(), None);
    assert_eq!(c.get::<Option<i64>>(k("a")).await.unwrap(), Some(1));
    assert_eq!(c.incr(k("a")).await.unwrap(), 2);
    assert_eq!(c.incrby(k("a"), 10).await.unwrap(), 12);
    assert_eq!(c.decr(k("a")).await.unwrap(), 11);
    assert_eq!(c.decrby(k("a"), 20).await.unwrap(), -9);
    assert_eq!(c.incrbyfloat(k("a"), 0.5).await.unwrap(), -8.5);

    // SET options: NX refuses an existing key, XX a missing one; GET returns the old value.
    assert!(!c
        .set_options(k("a"), "x", SetOptions::new().nx())
        .await
        .unwrap());
    assert!(!c
        .set_options(k("new"), "x", SetOptions::new().xx())
        .await
        .unwrap());
    assert!(c
        .set_options(k("new"), "x", SetOptions::new().nx().ex(100))
        .await
        .unwrap());
    let ttl = c.ttl(k("new")).await.unwrap();
    assert!((1..=100).contains(&ttl), "{ttl}");
    assert!(c.set_nx(k("nx"), "1").await.unwrap());
    assert!(!c.set_nx(k("nx"), "2").await.unwrap());
    assert!(!c.setnx(k("nx"), "3").await.unwrap());
    let old: Option<String> = c.set_get(k("nx"), "4", SetOptions::new()).await.unwrap();
    assert_eq!(old.as_deref(), Some("1"));
    c.set_ex(k("ex"), "v", 50).await.unwrap();
    c.setex(k("ex2"), 50, "v").await.unwrap();
    c.psetex(k("px"), 50_000, "v").await.unwrap();
    for key in ["ex", "ex2"] {
        assert!((1..=50).contains(&c.ttl(k(key)).await.unwrap()));
    }
    assert!((1..=50_000).contains(&c.pttl(k("px")).await.unwrap()));

    // GETEX / GETDEL / GETSET
    let v: Option<String> = c.getex(k("ex"), Some(Expiry::Persist)).await.unwrap();
    assert_eq!(v.as_deref(), Some("v"));
    assert_eq!(c.ttl(k("ex")).await.unwrap(), -1);
    let v: Option<String> = c.getex(k("ex"), Some(Expiry::Px(90_000))).await.unwrap();
    assert_eq!(v.as_deref(), Some("v"));
    assert!(c.pttl(k("ex")).await.unwrap() > 50_000);
    assert_eq!(
        c.getdel::<Option<String>>(k("ex"))
            .await
            .unwrap()
            .as_deref(),
        Some("v")
    );
    assert_eq!(c.getdel::<Option<String>>(k("ex")).await.unwrap(), None);
    assert_eq!(
        c.getset::<Option<String>>(k("gs"), "b").await.unwrap(),
        None
    );
    assert_eq!(
        c.getset::<Option<String>>(k("gs"), "c")
            .await
            .unwrap()
            .as_deref(),
        Some("b")
    );

    // Ranges and lengths.
    c.set(k("s"), "Hello World").await.unwrap();
    assert_eq!(c.strlen(k("s")).await.unwrap(), 11);
    assert_eq!(c.append(k("s"), "!").await.unwrap(), 12);
    assert_eq!(c.getrange::<String>(k("s"), 0, 4).await.unwrap(), "Hello");
    assert_eq!(
        c.getrange::<String>(k("s"), -6, -1).await.unwrap(),
        "World!"
    );
    assert_eq!(c.setrange(k("s"), 6, "Redis").await.unwrap(), 12);
    assert_eq!(c.get::<String>(k("s")).await.unwrap(), "Hello Redis!");
    assert_eq!(c.strlen(k("none")).await.unwrap(), 0);

    // MSET / MGET / MSETNX
    c.mset(&[(k("m1"), "1"), (k("m2"), "2")]).await.unwrap();
    let got: Vec<Option<String>> = c.mget(&[k("m1"), k("missing"), k("m2")]).await.unwrap();
    assert_eq!(got, [Some("1".to_owned()), None, Some("2".to_owned())]);
    assert!(!c.msetnx(&[(k("m1"), "x"), (k("m3"), "3")]).await.unwrap());
    assert_eq!(c.exists(k("m3")).await.unwrap(), 0);
    assert!(c.msetnx(&[(k("m3"), "3"), (k("m4"), "4")]).await.unwrap());

    // LCS
    c.mset(&[(k("l1"), "ohmytext"), (k("l2"), "mynewtext")])
        .await
        .unwrap();
    assert_eq!(c.lcs::<String>(k("l1"), k("l2")).await.unwrap(), "mytext");
    assert_eq!(c.lcs_len(k("l1"), k("l2")).await.unwrap(), 6);

    // Wrong type: a server error of kind WRONGTYPE, not a panic or a type error.
    c.lpush(k("list"), "x").await.unwrap();
    let err = c.get::<Option<String>>(k("list")).await.unwrap_err();
    assert_eq!(
        err.server_error().map(|e| e.kind().clone()),
        Some(resp_core::ServerErrorKind::WrongType)
    );
    // A value that is not a number: an ERR reply for INCR.
    let err = c.incr(k("s")).await.unwrap_err();
    assert_eq!(
        err.server_error().map(|e| e.kind().clone()),
        Some(resp_core::ServerErrorKind::Err)
    );
}
