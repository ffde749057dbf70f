//! Pub/sub with real servers: ordering, patterns, unsubscribe, restore after a restart.

use std::time::{Duration, Instant};

use cureds_core::AsyncCommands;
use tests::{unique_prefix, Protocol, RedisServer, TestRuntime};

/// The next message within 10 s, as (channel, pattern, payload) strings.
async fn next<R: TestRuntime>(
    rt: R,
    sub: &mut cureds_core::Subscription<R::Rt>,
) -> (String, Option<String>, String) {
    let msg = rt
        .timeout(Duration::from_secs(10), sub.next_message())
        .await
        .expect("a message within 10 s")
        .expect("the subscription is open");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        text(&msg.channel),
        msg.pattern.as_deref().map(text),
        text(&msg.payload),
    )
}

tests::both_runtimes! {
    async fn ten_thousand_messages_arrive_in_order(rt) {
        let server = RedisServer::start().unwrap();
        for protocol in Protocol::ALL {
            let client = rt.connect_with(&server.url(), protocol).await.unwrap();
            let channel = format!("{}news", unique_prefix());
            let mut sub = client.subscribe(&channel).await.unwrap();
            let publisher = {
                let (client, channel) = (client.clone(), channel.clone());
                rt.spawn(async move {
                    for i in 0..10_000 {
                        assert_eq!(client.publish(&channel, i).await.unwrap(), 1);
                    }
                })
            };
            for i in 0..10_000 {
                let (ch, pattern, payload) = next(rt, &mut sub).await;
                assert_eq!((ch.as_str(), pattern, payload), (channel.as_str(), None, i.to_string()), "{protocol:?}");
            }
            publisher.await;
        }
    }

    async fn patterns_and_unsubscribe(rt) {
        let server = RedisServer::start().unwrap();
        let client = rt.connect(&server.url()).await.unwrap();
        let mut sub = client.psubscribe("news.*").await.unwrap();
        sub.subscribe("direct").await.unwrap();
        assert_eq!(client.publish("news.sport", "goal").await.unwrap(), 1);
        assert_eq!(client.publish("weather", "rain").await.unwrap(), 0);
        assert_eq!(client.publish("direct", "hi").await.unwrap(), 1);
        assert_eq!(next(rt, &mut sub).await, ("news.sport".into(), Some("news.*".into()), "goal".into()));
        assert_eq!(next(rt, &mut sub).await, ("direct".into(), None, "hi".into()));
        sub.unsubscribe("direct").await.unwrap();
        assert_eq!(client.publish("direct", "gone").await.unwrap(), 0);
        sub.psubscribe("other.*").await.unwrap();
        client.publish("other.x", "o").await.unwrap();
        assert_eq!(next(rt, &mut sub).await, ("other.x".into(), Some("other.*".into()), "o".into()));
        // Ordinary commands on the client are unaffected by its subscriptions.
        client.set("k", "v").await.unwrap();
        assert_eq!(client.get::<String>("k").await.unwrap(), "v");
    }

    async fn subscriptions_are_restored_after_a_restart(rt) {
        let mut server = RedisServer::start().unwrap();
        let client = rt.connect(&server.url()).await.unwrap();
        let mut sub = client.subscribe("alerts").await.unwrap();
        sub.psubscribe("log.*").await.unwrap();
        client.publish("alerts", "before").await.unwrap();
        assert_eq!(next(rt, &mut sub).await.2, "before");
        server.kill();
        server.restart().unwrap();
        // Publish until the restored subscriptions receive (the resubscribe takes a moment).
        let started = Instant::now();
        loop {
            let receivers = client.publish("alerts", "after").await.unwrap_or(0);
            let patterns: usize = client.cmd("PUBSUB").arg("NUMPAT").query().await.unwrap_or(0);
            if receivers == 1 && patterns == 1 {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "subscriptions not restored");
            rt.sleep(Duration::from_millis(20)).await;
        }
        let (ch, _, payload) = next(rt, &mut sub).await;
        assert_eq!((ch.as_str(), payload.as_str()), ("alerts", "after"));
        assert_eq!(client.publish("log.x", "p").await.unwrap(), 1);
        // Skip any further "after" copies sent while waiting.
        loop {
            let (ch, pattern, payload) = next(rt, &mut sub).await;
            if ch == "log.x" {
                assert_eq!((pattern.as_deref(), payload.as_str()), (Some("log.*"), "p"));
                break;
            }
            assert_eq!((ch.as_str(), payload.as_str()), ("alerts", "after"));
        }
    }
}
