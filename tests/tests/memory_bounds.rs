//! Memory stays bounded whatever the server sends and however slowly the user reads: a
//! subscriber that never reads, and a server flooding the shared connection with pushes.

// Each body holds `serial()` for its whole run, awaits included, on purpose: the guard keeps
// the other bodies of this binary (run on other test threads) from moving the shared RSS.
#![allow(clippy::await_holding_lock)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use client_core::AsyncCommands;
use resp_core::{Config, Error, PipelineCommands, ProtocolErrorKind};
use tests::fake::frames;
use tests::memory::{rss, serial, PeakSampler, MIB};
use tests::{unique_prefix, Action, FakeServer, RedisServer};

/// 200,000 messages of 1 KiB: 200 MiB that an unbounded subscription would hold.
const MESSAGES: usize = 200_000;
const PAYLOAD: usize = 1024;

tests::both_runtimes! {
    async fn a_subscriber_that_never_reads_holds_bounded_memory(rt) {
        let _serial = serial();
        let server = RedisServer::start().unwrap();
        let client = rt.connect(&server.url()).await.unwrap();
        let channel = format!("{}flood", unique_prefix());
        let mut sub = client.subscribe(&channel).await.unwrap();

        let before = rss();
        let mut peak = before;
        let payload = vec![b'x'; PAYLOAD];
        for _ in 0..MESSAGES / 1000 {
            let mut pipe = client.pipeline().non_atomic();
            for _ in 0..1000 {
                pipe.publish(&channel, &payload[..]);
            }
            pipe.execute_values().await.unwrap();
            peak = peak.max(rss());
        }
        let growth = peak.saturating_sub(before);
        eprintln!("{}: RSS grew {} KiB while 200 MiB was published", R::NAME, growth / 1024);
        assert!(growth < 64 * MIB, "RSS grew {} MiB", growth / MIB);

        // Redis closed the subscriber once its output buffer passed the pubsub limit; the
        // subscription reconnects and subscribes again as the backlog is read, then new
        // messages arrive.
        let done = Arc::new(AtomicBool::new(false));
        let marker = {
            let (client, channel, done) = (client.clone(), channel.clone(), done.clone());
            rt.spawn(async move {
                while !done.load(Ordering::SeqCst) {
                    client.publish(&channel, "marker").await.unwrap();
                    rt.sleep(Duration::from_millis(50)).await;
                }
            })
        };
        let found = rt
            .timeout(Duration::from_secs(60), async {
                while let Some(message) = sub.next_message().await {
                    if &message.payload[..] == b"marker" {
                        return true;
                    }
                }
                false
            })
            .await;
        done.store(true, Ordering::SeqCst);
        marker.await;
        assert_eq!(found, Some(true), "the subscription never delivered again");
    }

    async fn a_push_flood_on_the_shared_connection_holds_bounded_memory(rt) {
        let _serial = serial();
        let push = frames::message_push(b"noise", &[b'x'; PAYLOAD]);
        let fake = FakeServer::start(move |req| {
            (req.name() == "GET").then(|| {
                vec![
                    Action::Repeat(push.clone(), MESSAGES),
                    Action::Send(frames::bulk(b"after the flood")),
                ]
            })
        })
        .unwrap();
        let client = rt.connect(&fake.url()).await.unwrap();
        let before = rss();
        let sampler = PeakSampler::start();
        let reply: String = client.get("k").await.unwrap();
        let peak = sampler.stop();
        assert_eq!(reply, "after the flood");
        let growth = peak.saturating_sub(before);
        eprintln!("{}: RSS grew {} KiB during a 200 MiB push flood", R::NAME, growth / 1024);
        assert!(growth < 64 * MIB, "RSS grew {} MiB", growth / MIB);
    }

    /// An endless aggregate (`*60000000` then `:1` for ever) stops at the reply memory
    /// budget with a protocol error, instead of growing without bound.
    async fn an_endless_aggregate_stops_at_the_reply_budget(rt) {
        let _serial = serial();
        let fake = FakeServer::start(|req| {
            (req.name() == "GET").then(|| {
                vec![
                    Action::Send(b"*60000000\r\n".to_vec()),
                    Action::Repeat(b":1\r\n".to_vec(), 60_000_000),
                ]
            })
        })
        .unwrap();
        let budget = 32 * MIB;
        let mut config = Config::from_url(&fake.url()).unwrap();
        config.limits = config.limits.with_max_reply_memory(budget);
        let client = rt.connect_config(config).await.unwrap();
        let before = rss();
        let sampler = PeakSampler::start();
        let err = client.get::<Option<String>>("k").await.unwrap_err();
        let growth = sampler.stop().saturating_sub(before);
        eprintln!("{}: {err} after RSS grew {} MiB", R::NAME, growth / MIB);
        assert!(
            matches!(&err, Error::Protocol(e) if matches!(e.kind, ProtocolErrorKind::ReplyTooLarge { .. })),
            "{err:?}"
        );
        assert!(growth < 4 * budget, "RSS grew {} MiB", growth / MIB);
    }
}
