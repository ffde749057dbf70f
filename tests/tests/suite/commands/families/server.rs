//! Connection and server commands. These flush and reconfigure: run on a server of their own.

use cureds_core::AsyncCommands;

pub(crate) async fn check<C: AsyncCommands + Sync>(c: &C, p: &str) {
    let k = |s: &str| format!("{p}{s}");
    assert_eq!(c.ping().await.unwrap(), "PONG");
    assert_eq!(c.echo::<String>("hello").await.unwrap(), "hello");
    assert_eq!(
        c.echo::<Vec<u8>>([0u8, 13, 10, 255]).await.unwrap(),
        [0, 13, 10, 255]
    );
    let info = c.info().await.unwrap();
    assert!(info.contains("redis_version:"), "{info}");
    let section = c.info_sections("server").await.unwrap();
    assert!(section.contains("tcp_port:") && !section.contains("used_memory:"));
    let report = c.info_report("server").await.unwrap();
    assert!(report.get("redis_version").is_some());
    assert!(report.parse::<u16>("tcp_port").is_some());
    c.flushall().await.unwrap();
    c.set(k("a"), 1).await.unwrap();
    c.set(k("b"), 1).await.unwrap();
    assert_eq!(c.dbsize().await.unwrap(), 2);
    c.flushdb().await.unwrap();
    assert_eq!(c.dbsize().await.unwrap(), 0);
    c.set(k("a"), 1).await.unwrap();
    c.flushdb_async().await.unwrap();
    c.flushall_async().await.unwrap();
    let (secs, micros) = c.time().await.unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(secs.abs_diff(now) < 60 && micros < 1_000_000);
    assert!(c.lastsave().await.unwrap() > 0);

    c.client_setname(format!("cureds-{}", p.len()))
        .await
        .unwrap();
    assert_eq!(
        c.client_getname().await.unwrap(),
        Some(format!("cureds-{}", p.len()))
    );
    let id = c.client_id().await.unwrap();
    assert!(id > 0);
    assert!(c.client_info().await.unwrap().contains(&format!("id={id}")));
    assert!(c.client_list().await.unwrap().contains(&format!("id={id}")));
    assert_eq!(c.client_kill_id(i64::MAX).await.unwrap_or(0), 0);

    c.config_set("maxmemory-policy", "allkeys-lru")
        .await
        .unwrap();
    let got: Vec<(String, String)> = c.config_get("maxmemory-policy").await.unwrap();
    assert_eq!(
        got,
        [("maxmemory-policy".to_owned(), "allkeys-lru".to_owned())]
    );
    let got: std::collections::HashMap<String, String> = c
        .config_get(&["maxmemory-policy", "databases"])
        .await
        .unwrap();
    assert_eq!(got.get("databases").map(String::as_str), Some("16"));
    assert!(c.config_set("no-such-parameter", "1").await.is_err());
    c.config_resetstat().await.unwrap();
    // Log every command, so the slow log has something to show.
    c.config_set("slowlog-log-slower-than", 0).await.unwrap();
    c.slowlog_reset().await.unwrap();
    c.ping().await.unwrap();
    assert!(c.slowlog_len().await.unwrap() >= 1);
    let entries: Vec<resp_core::Value> = c.slowlog_get(Some(1)).await.unwrap();
    assert_eq!(entries.len(), 1);
    c.config_set("slowlog-log-slower-than", 10_000)
        .await
        .unwrap();
    assert!(c.command_count().await.unwrap() > 200);
    let role: Vec<resp_core::Value> = c.role().await.unwrap();
    assert_eq!(
        role.first(),
        Some(&resp_core::Value::BulkString("master".into()))
    );
    c.set(k("mem"), "x".repeat(1000)).await.unwrap();
    assert!(c.memory_usage(k("mem")).await.unwrap().unwrap() >= 1000);
    assert_eq!(c.memory_usage(k("none")).await.unwrap(), None);
    c.save().await.unwrap();
}
