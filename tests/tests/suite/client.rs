//! The client as a whole, on every runtime: pipelines and their atomicity, thousands of tasks
//! on one client, big and binary values, authentication, database and unix socket from the
//! URL, the generic `cmd()` escape hatch.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use cureds_core::AsyncCommands;
use resp_core::{Error, PipelineCommands};
use resp_core::{ServerErrorKind, Value};
use tests::{shared_server, unique_prefix, ClientOf, Protocol, RedisServer, TestRuntime};

fn server() -> Arc<RedisServer> {
    shared_server("client", RedisServer::builder).expect("redis-server starts")
}

fn assert_clone_send_sync<T: Clone + Send + Sync + 'static>() {}

tests::both_runtimes! {
    async fn client_is_clone_send_sync(rt) {
        fn check<R: TestRuntime>(_: R) {
            assert_clone_send_sync::<ClientOf<R>>();
        }
        check(rt);
    }

    /// A command's future is what every caller awaits and what spawning moves: it carries
    /// no timer and no connect path of its own, so it stays small (it was 4,280 bytes while
    /// each request had its own timer and the blocking path was inline; 504 in a debug
    /// build on x86-64 now, of which 16 bytes name the connection that serves it: the
    /// client's own, or a Sentinel client's reads connection).
    async fn a_command_future_is_small(rt) {
        let server = server();
        let c = rt.connect(&server.url()).await.unwrap();
        let key = format!("{}absent", unique_prefix());
        let get = c.get::<Option<String>>(&key);
        let size = std::mem::size_of_val(&get);
        eprintln!("{}: GET future {size} bytes", R::NAME);
        assert!(size <= 512, "a GET future is {size} bytes");
        assert_eq!(get.await.unwrap(), None);
    }

    async fn atomic_pipeline_returns_every_reply_in_order(rt) {
        let server = server();
        for protocol in Protocol::ALL {
            let c = rt.connect_with(&server.url(), protocol).await.unwrap();
            let p = unique_prefix();
            let (a, h) = (format!("{p}a"), format!("{p}h"));
            c.hset(&h, "first_name", "allen").await.unwrap();
            let mut pipe = c.pipeline();
            pipe.set(&a, 1).get(&a).incr(&a).hgetall(&h).get(&a);
            let replies: Vec<Value> = pipe.execute().await.unwrap();
            assert_eq!(replies.len(), 5);
            assert_eq!(replies[0], Value::SimpleString(Bytes::from_static(b"OK")));
            assert_eq!(replies[1], Value::BulkString(Bytes::from_static(b"1")));
            assert_eq!(replies[2], Value::Integer(2));
            assert_eq!(replies[4], Value::BulkString(Bytes::from_static(b"2")));
            let typed: (String, i64) = {
                let mut pipe = c.pipeline();
                pipe.get(&a).incr(&a);
                pipe.execute().await.unwrap()
            };
            assert_eq!(typed, ("2".to_owned(), 3));
            // An empty pipeline is no request at all.
            let none: Vec<Value> = c.pipeline().execute().await.unwrap();
            assert!(none.is_empty());
        }
    }

    async fn pipeline_error_is_reported_at_its_position(rt) {
        let server = server();
        for atomic in [true, false] {
            let c = rt.connect(&server.url()).await.unwrap();
            let p = unique_prefix();
            let (s, n) = (format!("{p}s"), format!("{p}n"));
            let mut pipe = if atomic { c.pipeline() } else { c.pipeline().non_atomic() };
            pipe.set(&s, "text").incr(&s).incr(&n).get(&s);
            let replies: Vec<Value> = pipe.execute_values().await.unwrap();
            assert_eq!(replies.len(), 4, "atomic={atomic}");
            assert!(replies[1].is_error(), "INCR of text fails at position 1: {replies:?}");
            assert_eq!(replies[2], Value::Integer(1), "the command after the error still ran");
            assert_eq!(replies[3], Value::BulkString(Bytes::from_static(b"text")));
            // The connection is fine afterwards.
            assert_eq!(c.incr(&n).await.unwrap(), 2);
        }
        // A command the server refuses while queueing aborts an atomic pipeline as a whole.
        let c = rt.connect(&server.url()).await.unwrap();
        let k = format!("{}k", unique_prefix());
        let mut pipe = c.pipeline();
        pipe.set(&k, 1).cmd("NOSUCHCOMMAND").arg("x");
        let err = pipe.execute::<Vec<Value>>().await.unwrap_err();
        assert!(matches!(err, Error::ExecAbort { position: 1, .. }), "{err:?}");
        assert_eq!(c.exists(&k).await.unwrap(), 0, "nothing of an aborted transaction ran");
        assert_eq!(c.incr(&k).await.unwrap(), 1);
    }

    async fn atomic_pipelines_are_never_seen_half_applied(rt) {
        let server = server();
        let writer = rt.connect(&server.url()).await.unwrap();
        let reader = rt.connect(&server.url()).await.unwrap();
        let p = unique_prefix();
        let keys: Vec<String> = (0..50).map(|i| format!("{p}{i}")).collect();
        let write_keys = keys.clone();
        let finished = Arc::new(AtomicBool::new(false));
        let writer_finished = Arc::clone(&finished);
        let writes = rt.spawn(async move {
            for round in 0..300i64 {
                let mut pipe = writer.pipeline();
                for k in &write_keys {
                    pipe.set(k, round);
                }
                let _: Vec<Value> = pipe.execute().await.unwrap();
            }
            writer_finished.store(true, Ordering::SeqCst);
        });
        let mut observed = 0;
        while !finished.load(Ordering::SeqCst) {
            let values: Vec<Option<i64>> = reader.mget(&keys).await.unwrap();
            if let Some(first) = values.first().copied().flatten() {
                assert!(values.iter().all(|v| *v == Some(first)), "half-applied transaction seen: {values:?}");
                observed += 1;
            }
        }
        writes.await;
        assert!(observed > 0);
    }

    async fn ten_thousand_tasks_share_one_client_without_cross_talk(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let p = Arc::new(unique_prefix());
        let tasks: Vec<_> = (0..10_000u32)
            .map(|i| {
                let (c, p) = (client.clone(), Arc::clone(&p));
                rt.spawn(async move {
                    let key = format!("{p}{i}");
                    // A value only this task writes: its number, and a length that varies.
                    let value = format!("{i}:{}", "x".repeat((i % 97) as usize));
                    c.set(&key, &value).await.unwrap();
                    let got: Option<String> = c.get(&key).await.unwrap();
                    assert_eq!(got.as_deref(), Some(value.as_str()), "task {i} got another reply");
                    assert_eq!(c.incr(format!("{key}:n")).await.unwrap(), 1);
                    let again: (Option<String>, i64) = {
                        let mut pipe = c.pipeline();
                        pipe.get(&key).incr(format!("{key}:n"));
                        pipe.execute().await.unwrap()
                    };
                    assert_eq!(again, (Some(value), 2));
                })
            })
            .collect();
        for t in tasks {
            t.await;
        }
        let count: usize = client
            .cmd("EVAL")
            .arg("return #redis.call('KEYS', ARGV[1])")
            .arg(0)
            .arg(format!("{p}*"))
            .query()
            .await
            .unwrap();
        assert_eq!(count, 20_000);
    }

    async fn values_of_64_mib_round_trip(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let key = format!("{}big", unique_prefix());
        let value: Vec<u8> = (0..64 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
        client.set(&key, value.as_slice()).await.unwrap();
        assert_eq!(client.strlen(&key).await.unwrap(), value.len());
        let got: Bytes = client.get(&key).await.unwrap();
        assert!(got == value, "64 MiB value came back different");
        // The connection still serves small requests, in order, after the big one.
        assert_eq!(client.del(&key).await.unwrap(), 1);
    }

    async fn keys_and_values_hold_every_byte_value(rt) {
        let server = server();
        for protocol in Protocol::ALL {
            let client = rt.connect_with(&server.url(), protocol).await.unwrap();
            let all: Vec<u8> = (0..=255u8).collect();
            let reversed: Vec<u8> = all.iter().rev().copied().collect();
            let mut key = unique_prefix().into_bytes();
            key.extend_from_slice(&all);
            client.set(key.as_slice(), reversed.as_slice()).await.unwrap();
            let got: Vec<u8> = client.get(key.as_slice()).await.unwrap();
            assert_eq!(got, reversed);
            // The key comes back intact in a reply too (RANDOMKEY-free: DUMP/RESTORE-free):
            // TYPE finds it, and SCAN MATCH with the prefix lists it byte for byte.
            assert_eq!(client.key_type(key.as_slice()).await.unwrap(), "string");
            let mut hash = key.clone();
            hash.extend_from_slice(b":h");
            client.hset(hash.as_slice(), all.as_slice(), reversed.as_slice()).await.unwrap();
            let map: Vec<(Vec<u8>, Vec<u8>)> = client.hgetall(hash.as_slice()).await.unwrap();
            assert_eq!(map, [(all.clone(), reversed.clone())]);
            // Every single byte as its own value, CR and LF included.
            for b in 0..=255u8 {
                let mut k = key.clone();
                k.push(b);
                client.set(k.as_slice(), [b]).await.unwrap();
                let got: Vec<u8> = client.get(k.as_slice()).await.unwrap();
                assert_eq!(got, [b]);
            }
        }
    }

    async fn generic_cmd_escape_hatch(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let k = format!("{}k", unique_prefix());
        let () = client.cmd("SET").arg(&k).arg(5).query().await.unwrap();
        let n: i64 = client.cmd("INCRBY").arg(&k).arg(10).query().await.unwrap();
        assert_eq!(n, 15);
        let enc: String = client.cmd("OBJECT").arg("ENCODING").arg(&k).query().await.unwrap();
        assert_eq!(enc, "int");
        let err = client.cmd("NOSUCHCOMMAND").query::<Value>().await.unwrap_err();
        assert_eq!(err.server_error().map(|e| e.kind().clone()), Some(ServerErrorKind::Err));
    }

    async fn setinfo_in_the_handshake_is_harmless_on_redis_7_0(rt) {
        // redis-server 7.0 knows HELLO but not CLIENT SETINFO: its errors must be ignored.
        let server = server();
        for protocol in Protocol::ALL {
            let client = rt.connect_with(&server.url(), protocol).await.unwrap();
            assert_eq!(client.ping().await.unwrap(), "PONG");
            let p = unique_prefix();
            client.set(format!("{p}s"), 1).await.unwrap();
            assert_eq!(client.incr(format!("{p}s")).await.unwrap(), 2);
        }
        // The commands are sent in the handshake's first write, and only when asked for.
        let fake = tests::FakeServer::start(|request| {
            (request.name() == "CLIENT").then(|| {
                vec![tests::Action::Send(tests::fake::frames::error(
                    "ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.",
                ))]
            })
        })
        .unwrap();
        let client = rt.connect(&fake.url()).await.unwrap();
        assert_eq!(client.ping().await.unwrap(), "PONG");
        let requests = fake.requests();
        let setinfo: Vec<Vec<Vec<u8>>> = requests
            .iter()
            .filter(|r| r.name() == "CLIENT")
            .map(|r| r.args.clone())
            .collect();
        assert_eq!(
            setinfo,
            [
                [&b"CLIENT"[..], b"SETINFO", b"lib-name", b"cureds"].map(<[u8]>::to_vec),
                [&b"CLIENT"[..], b"SETINFO", b"lib-ver", env!("CARGO_PKG_VERSION").as_bytes()]
                    .map(<[u8]>::to_vec),
            ]
        );
        let quiet = resp_core::Config::from_url(&fake.url()).unwrap().with_lib_info(false);
        let before = fake.requests().len();
        let client = rt.connect_config(quiet).await.unwrap();
        assert_eq!(client.ping().await.unwrap(), "PONG");
        let names: Vec<String> = fake.requests()[before..].iter().map(|r| r.name()).collect();
        assert_eq!(names, ["HELLO", "PING"]);
    }
}
