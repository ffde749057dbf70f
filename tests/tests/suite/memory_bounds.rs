//! Memory stays bounded whatever the server sends and however slowly the user reads: a
//! subscriber that never reads, a server flooding the shared connection with pushes, and a
//! large bulk reply, which costs its size once.

// Every test runs in a child process of its own (`measured_here`): the test binary runs all
// the other integration tests too, whose memory would move the RSS measured. Each body also
// holds `serial()` for its whole run, awaits included, on purpose: in the child that is
// uncontended, and it keeps bodies from ever measuring side by side in one process.
#![allow(clippy::await_holding_lock)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cureds_core::AsyncCommands;
use resp_core::{Config, Error, PipelineCommands, ProtocolErrorKind};
use tests::fake::frames;
use tests::memory::{measured_here, rss, serial, PeakRss, PeakSampler, MIB};
use tests::{unique_prefix, Action, FakeServer, RedisServer, TestRuntime};

/// A large bulk reply may cost this many times its size in RSS, plus [`BULK_SLACK`]: it is
/// read into one allocation reserved for it and handed over unshared.
const BULK_RATIO: f64 = 1.1;
const BULK_SLACK: u64 = 8 * MIB;
/// The bulk reply's size in the tests that run every time: large enough that a second copy
/// stands out from the slack, small enough to be quick.
const BULK: u64 = 64 * MIB;

/// 200,000 messages of 1 KiB: 200 MiB that an unbounded subscription would hold.
const MESSAGES: usize = 200_000;
const PAYLOAD: usize = 1024;

tests::both_runtimes! {
    async fn a_subscriber_that_never_reads_holds_bounded_memory(rt) {
        if !measured_here(rt, module_path!()) {
            return;
        }
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
        if !measured_here(rt, module_path!()) {
            return;
        }
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
        if !measured_here(rt, module_path!()) {
            return;
        }
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

/// GETs a `size`-byte value from a real server (over TLS with `tls`) while another task
/// keeps requests in flight (their replies follow it in the socket, and the connection task
/// answers several callers per round), converting it to an owned `Vec<u8>`: that conversion
/// takes over the reply's allocation only when nothing else shares it. Asserts the peak RSS
/// growth.
async fn large_get_on_a_busy_connection<R: TestRuntime>(rt: R, size: u64, tls: bool) {
    let _serial = serial();
    let (_server, client) = if tls {
        let pki = tests::Pki::new();
        let server = RedisServer::builder().tls(&pki, false).start().unwrap();
        let config = Config::from_url(&server.url())
            .unwrap()
            .with_tls(pki.client_tls());
        let client = rt.connect_config(config).await.unwrap();
        (server, client)
    } else {
        let server = RedisServer::start().unwrap();
        let client = rt.connect(&server.url()).await.unwrap();
        (server, client)
    };
    // Made by the server (no copy of it in this process): `size` zero bytes.
    client.setrange("big", size - 1, "x").await.unwrap();
    let busy = Arc::new(AtomicBool::new(true));
    let small = {
        let (client, busy) = (client.clone(), busy.clone());
        rt.spawn(async move {
            while busy.load(Ordering::SeqCst) {
                client.get::<Option<String>>("small").await.unwrap();
            }
        })
    };
    client.get::<Option<String>>("small").await.unwrap();

    let before = rss();
    let peak = PeakRss::start();
    let value: Option<Vec<u8>> = client.get("big").await.unwrap();
    let growth = peak.stop().saturating_sub(before);
    busy.store(false, Ordering::SeqCst);
    small.await;
    assert_eq!(value.map(|v| v.len() as u64), Some(size));
    let what = if tls {
        "GET on a busy TLS connection"
    } else {
        "GET on a busy connection"
    };
    check_bulk_growth(R::NAME, what, size, growth);
}

/// A `size`-byte bulk reply whose last 100 bytes come together with the next reply, in one
/// write (as a server sends them when the next request arrived meanwhile); the next reply is
/// still held by its caller when the large one is converted to a `Vec<u8>`. Reading the end
/// of the bulk must not reallocate it, nor read the next reply into its allocation (which
/// would make the conversion copy it). With `pause`, the client has read everything else by
/// the time the end comes, and reads exactly the end; without, it is still behind, and its
/// last read of the bulk has the next reply right after it in the socket.
async fn large_bulk_ending_with_the_next_reply<R: TestRuntime>(rt: R, size: u64, pause: bool) {
    const TAIL: usize = 100;
    let _serial = serial();
    let size = usize::try_from(size).unwrap();
    let fake = FakeServer::start(move |req| match req.arg(0)? {
        b"big" => {
            let chunk = vec![b'x'; 64 * 1024];
            let body = size - TAIL;
            Some(vec![
                Action::Send(format!("${size}\r\n").into_bytes()),
                Action::Repeat(chunk, body / (64 * 1024)),
                Action::Send(vec![b'x'; body % (64 * 1024)]),
            ])
        }
        b"small" => {
            let mut rest = vec![b'y'; TAIL];
            rest.extend_from_slice(b"\r\n");
            rest.extend_from_slice(&frames::bulk(b"small"));
            let pause = Duration::from_millis(if pause { 100 } else { 0 });
            Some(vec![Action::Sleep(pause), Action::Send(rest)])
        }
        _ => None,
    })
    .unwrap();
    let client = rt.connect(&fake.url()).await.unwrap();

    let before = rss();
    let peak = PeakRss::start();
    let (value, small) = futures_lite::future::zip(
        client.get::<Option<Vec<u8>>>("big"),
        client.get::<Option<bytes::Bytes>>("small"),
    )
    .await;
    let growth = peak.stop().saturating_sub(before);
    let value = value.unwrap().unwrap();
    assert_eq!(value.len(), size);
    assert_eq!(value.get(size - TAIL..), Some(&[b'y'; TAIL][..]));
    assert_eq!(small.unwrap().as_deref(), Some(&b"small"[..]));
    let what = if pause {
        "bulk whose end comes later, with the next reply"
    } else {
        "bulk followed at once by the next reply"
    };
    check_bulk_growth(R::NAME, what, size as u64, growth);
}

fn check_bulk_growth(runtime: &str, what: &str, size: u64, growth: u64) {
    let ratio = growth as f64 / size as f64;
    eprintln!(
        "{runtime}: {what}, {} MiB: RSS grew {:.1} MiB ({ratio:.2}x)",
        size / MIB,
        growth as f64 / MIB as f64
    );
    let bound = (size as f64 * BULK_RATIO) as u64 + BULK_SLACK;
    assert!(
        growth <= bound,
        "{runtime}: a {} MiB bulk reply grew RSS by {} MiB ({ratio:.2}x; at most {BULK_RATIO}x \
         and {} MiB)",
        size / MIB,
        growth / MIB,
        BULK_SLACK / MIB
    );
}

tests::both_runtimes! {
    async fn a_large_bulk_reply_costs_its_size_once(rt) {
        if !measured_here(rt, module_path!()) {
            return;
        }
        large_get_on_a_busy_connection(rt, BULK, false).await;
    }

    async fn a_large_bulk_reply_over_tls_costs_its_size_once(rt) {
        if !measured_here(rt, module_path!()) {
            return;
        }
        large_get_on_a_busy_connection(rt, BULK, true).await;
    }

    async fn a_large_bulk_followed_by_the_next_reply_costs_its_size_once(rt) {
        if !measured_here(rt, module_path!()) {
            return;
        }
        large_bulk_ending_with_the_next_reply(rt, BULK, false).await;
    }

    async fn a_large_bulk_whose_end_comes_later_costs_its_size_once(rt) {
        if !measured_here(rt, module_path!()) {
            return;
        }
        large_bulk_ending_with_the_next_reply(rt, BULK, true).await;
    }

    /// At the largest size redis-server sends by default (`proto-max-bulk-len`, 512 MiB).
    /// Needs about 1 GiB free; run with `--ignored`.
    #[ignore]
    async fn a_512_mib_bulk_reply_costs_its_size_once(rt) {
        if !measured_here(rt, module_path!()) {
            return;
        }
        large_get_on_a_busy_connection(rt, 512 * MIB, false).await;
        large_get_on_a_busy_connection(rt, 512 * MIB, true).await;
        large_bulk_ending_with_the_next_reply(rt, 512 * MIB, false).await;
        large_bulk_ending_with_the_next_reply(rt, 512 * MIB, true).await;
    }
}
