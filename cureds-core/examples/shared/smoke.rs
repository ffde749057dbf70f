//! The runtime crates' smoke test, written once: each crate's `tests/smoke.rs` runs [`run`]
//! on its runtime. The full suite is the `tests` crate; this only shows that the runtime's
//! sockets, timers and spawning carry every kind of connection the client opens.

use std::time::Duration;

use cureds_core::{AsyncCommands, Client, Config, PipelineCommands, Runtime};

use crate::server;

/// Commands, a pipeline, a WATCH transaction and a blocking command (both on leased
/// connections), pub/sub, and a response timeout, against a throwaway server.
pub(crate) async fn run<R: Runtime>() {
    let server = server::start_throwaway_with(&["--enable-debug-command", "yes"])
        .expect("redis-server on PATH");
    let url = format!("redis://127.0.0.1:{}", server.port);
    let client = Client::<R>::connect(&url).await.unwrap();

    client.set("a", 1).await.unwrap();
    assert_eq!(client.incr("a").await.unwrap(), 2);
    let mut pipe = client.pipeline();
    pipe.incr("a").get("a");
    let (n, a): (i64, String) = pipe.execute().await.unwrap();
    assert_eq!((n, a.as_str()), (3, "3"));

    let (m,): (i64,) = client
        .transaction("a", |conn| async move {
            let mut tx = conn.multi();
            tx.incr("a");
            Ok(tx)
        })
        .await
        .unwrap();
    assert_eq!(m, 4);

    client.rpush("list", "x").await.unwrap();
    let popped: Option<(String, String)> = client.blpop("list", 1.0).await.unwrap();
    assert_eq!(popped, Some(("list".into(), "x".into())));

    let mut news = client.subscribe("news").await.unwrap();
    assert_eq!(client.publish("news", "hi").await.unwrap(), 1);
    let message = news.next_message().await.unwrap();
    assert_eq!(&message.payload[..], b"hi");

    // A timed-out request leaves the connection usable.
    let config = Config::from_url(&url)
        .unwrap()
        .with_response_timeout(Duration::from_millis(50));
    let slow = Client::<R>::with_config(config).await.unwrap();
    let stalled = slow.cmd("DEBUG").arg("SLEEP").arg(0.3).query::<()>().await;
    assert!(
        matches!(stalled, Err(cureds_core::Error::Timeout)),
        "{stalled:?}"
    );
    R::default().sleep(Duration::from_millis(400)).await;
    assert_eq!(slow.get::<i64>("a").await.unwrap(), 4);
}
