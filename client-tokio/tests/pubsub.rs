//! Pub/sub against throwaway `redis-server` processes, in RESP2 and RESP3.

use std::time::{Duration, Instant};

use client_tokio::{AsyncCommands, Client, Config, PipelineCommands, ProtocolVersion};

#[path = "../examples/support/server.rs"]
mod server;

fn start() -> server::Throwaway {
    server::start_throwaway_with(&[]).expect("redis-server")
}

fn config(server: &server::Throwaway, protocol: ProtocolVersion) -> Config {
    Config::from_url(&format!("redis://127.0.0.1:{}", server.port))
        .unwrap()
        .with_protocol(protocol)
}

const PROTOCOLS: [ProtocolVersion; 2] = [ProtocolVersion::Resp2, ProtocolVersion::Resp3];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_messages_arrive_in_order() {
    let server = start();
    for protocol in PROTOCOLS {
        let client = Client::with_config(config(&server, protocol))
            .await
            .unwrap();
        let mut sub = client.subscribe("ordered").await.unwrap();
        for batch in 0..10 {
            let mut pipe = client.pipeline().non_atomic();
            for i in 0..1000 {
                pipe.publish("ordered", batch * 1000 + i);
            }
            pipe.execute_values().await.unwrap();
        }
        for expected in 0..10_000 {
            let message = sub.next_message().await.unwrap();
            assert_eq!(&message.channel[..], b"ordered");
            assert_eq!(
                message.payload,
                expected.to_string().as_bytes(),
                "{protocol:?}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn patterns_and_unsubscribe() {
    let server = start();
    for protocol in PROTOCOLS {
        let client = Client::with_config(config(&server, protocol))
            .await
            .unwrap();
        let mut sub = client.psubscribe("news.*").await.unwrap();
        sub.subscribe(("a", "b")).await.unwrap();
        sub.unsubscribe("a").await.unwrap();
        for (channel, payload) in [("news.x", "1"), ("other", "2"), ("a", "3"), ("b", "4")] {
            client.publish(channel, payload).await.unwrap();
        }
        let first = sub.next_message().await.unwrap();
        assert_eq!(first.pattern.as_deref(), Some(&b"news.*"[..]));
        assert_eq!(
            (&first.channel[..], &first.payload[..]),
            (&b"news.x"[..], &b"1"[..])
        );
        let second = sub.next_message().await.unwrap();
        assert_eq!(second.pattern, None);
        assert_eq!(
            (&second.channel[..], &second.payload[..]),
            (&b"b"[..], &b"4"[..])
        );
        // Unsubscribing from everything still lets the connection carry on.
        sub.punsubscribe(()).await.unwrap();
        client.publish("news.y", "5").await.unwrap();
        client.publish("b", "6").await.unwrap();
        let third = sub.next_message().await.unwrap();
        assert_eq!(&third.payload[..], b"6", "{protocol:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscriptions_are_restored_after_a_server_restart() {
    let server = start();
    let port = server.port;
    let config =
        config(&server, ProtocolVersion::Auto).with_response_timeout(Duration::from_millis(500));
    let client = Client::with_config(config).await.unwrap();
    let mut sub = client.subscribe("restored").await.unwrap();
    sub.psubscribe("pat.*").await.unwrap();
    drop(server);
    let _restarted = server::start_on_port(port, &[]).expect("restart");
    let deadline = Instant::now() + Duration::from_secs(10);
    // Publish until the resubscribed connection hears it.
    let heard = loop {
        assert!(Instant::now() < deadline, "subscription not restored");
        let _ = client.publish("restored", "again").await;
        let _ = client.publish("pat.1", "too").await;
        if let Ok(Some(message)) =
            tokio::time::timeout(Duration::from_millis(100), sub.next_message()).await
        {
            break message;
        }
    };
    assert!(&heard.payload[..] == b"again" || &heard.payload[..] == b"too");
}
