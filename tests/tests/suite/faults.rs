//! Faults on real servers: the server killed and restarted under load, and a proxy that
//! stalls, cuts or corrupts the traffic.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use cureds_core::{AsyncCommands, Transport, Wait};
use resp_core::{cmd, Config, Error, ProtocolVersion, Reply, Request, Value};
use tests::{
    busy_script, unique_prefix, Action, ClientOf, Corruption, FakeServer, Proxy, RedisServer,
    TestRuntime,
};

/// Retries `GET`/`SET` until the client answers again after a fault (it must reconnect by
/// itself), failing after `limit`.
async fn until_served<R: TestRuntime, C: AsyncCommands + Sync>(rt: R, client: &C, limit: Duration) {
    let key = format!("{}alive", unique_prefix());
    let started = Instant::now();
    loop {
        match client.set(&key, "yes").await {
            Ok(()) => break,
            Err(e) => {
                assert!(
                    started.elapsed() < limit,
                    "no recovery within {limit:?}; last error: {e}"
                );
                rt.sleep(Duration::from_millis(20)).await;
            }
        }
    }
    let v: Option<String> = client.get(&key).await.unwrap();
    assert_eq!(v.as_deref(), Some("yes"));
}

/// A fresh server behind a proxy, and a client connected through it (configured by
/// `configure`) that has set `k` to `v`.
async fn proxied_client<R: TestRuntime>(
    rt: R,
    configure: impl FnOnce(Config) -> Config,
) -> (RedisServer, Proxy, ClientOf<R>) {
    let server = RedisServer::start().unwrap();
    let proxy = Proxy::start(server.addr()).unwrap();
    let config = configure(Config::from_url(&proxy.url()).unwrap());
    let client = rt.connect_config(config).await.unwrap();
    client.set("k", "v").await.unwrap();
    (server, proxy, client)
}

/// Runs `tasks` concurrent GETs of `k` and checks that every one ends with a timeout.
async fn every_get_times_out<R: TestRuntime>(rt: R, client: &ClientOf<R>, tasks: usize) {
    let tasks: Vec<_> = (0..tasks)
        .map(|_| {
            let c = client.clone();
            rt.spawn(async move { c.get::<Option<String>>("k").await })
        })
        .collect();
    for t in tasks {
        let err = t.await.unwrap_err();
        assert!(matches!(err, Error::Timeout), "{err:?}");
    }
}

tests::both_runtimes! {
    async fn server_killed_and_restarted_under_load(rt) {
        let mut server = RedisServer::start().unwrap();
        let client = rt.connect(&server.url()).await.unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let (ok, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
        let prefix = Arc::new(unique_prefix());
        let tasks: Vec<_> = (0..1000u64)
            .map(|task| {
                let (c, stop, ok, failed, prefix) =
                    (client.clone(), Arc::clone(&stop), Arc::clone(&ok), Arc::clone(&failed), Arc::clone(&prefix));
                rt.spawn(async move {
                    let key = format!("{prefix}{task}");
                    let mut round = 0u64;
                    while !stop.load(Ordering::SeqCst) {
                        round += 1;
                        let value = format!("{task}/{round}");
                        // Every reply is this task's own, or an error; a restarted server is
                        // empty, so a GET may miss, but it never sees another task's value.
                        match c.set(&key, &value).await {
                            Ok(()) => {}
                            Err(_) => {
                                failed.fetch_add(1, Ordering::Relaxed);
                                continue;
                            }
                        }
                        match c.get::<Option<String>>(&key).await {
                            Ok(Some(got)) => {
                                assert!(got.starts_with(&format!("{task}/")), "task {task} got {got:?}");
                                ok.fetch_add(1, Ordering::Relaxed);
                            }
                            Ok(None) => {}
                            Err(_) => {
                                failed.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                    }
                })
            })
            .collect();
        rt.sleep(Duration::from_millis(300)).await;
        let before = ok.load(Ordering::SeqCst);
        assert!(before > 0, "no request succeeded before the kill");
        server.kill();
        rt.sleep(Duration::from_millis(300)).await;
        server.restart().unwrap();
        until_served(rt, &client, Duration::from_secs(20)).await;
        let at_recovery = ok.load(Ordering::SeqCst);
        rt.sleep(Duration::from_millis(300)).await;
        stop.store(true, Ordering::SeqCst);
        for t in tasks {
            t.await;
        }
        assert!(ok.load(Ordering::SeqCst) > at_recovery, "the tasks made no progress after the restart");
        // Requests in flight at the kill fail; requests queued during the outage may simply
        // wait for the reconnect, so a run without failures is legitimate (seen under smol).
        eprintln!(
            "{}: {} exchanges ok, {} failed across the kill",
            R::NAME,
            ok.load(Ordering::SeqCst),
            failed.load(Ordering::SeqCst)
        );
    }

    async fn proxy_cut_fails_in_flight_requests_and_the_client_reconnects(rt) {
        let server = RedisServer::start().unwrap();
        let proxy = Proxy::start(server.addr()).unwrap();
        let client = rt.connect(&proxy.url()).await.unwrap();
        client.set("k", "v").await.unwrap();
        proxy.stall();
        let pending = {
            let c = client.clone();
            rt.spawn(async move { c.get::<Option<String>>("k").await })
        };
        rt.sleep(Duration::from_millis(100)).await;
        proxy.cut();
        let err = pending.await.unwrap_err();
        assert!(matches!(err, Error::ConnectionLost | Error::Io(_)), "{err:?}");
        proxy.resume();
        until_served(rt, &client, Duration::from_secs(20)).await;
        assert!(proxy.connections_accepted() >= 2);
    }

    async fn proxy_corruption_is_a_protocol_error_then_a_reconnect(rt) {
        let server = RedisServer::start().unwrap();
        let proxy = Proxy::start(server.addr()).unwrap();
        let client = rt.connect(&proxy.url()).await.unwrap();
        client.set("k", "v").await.unwrap();
        proxy.corrupt(Corruption::FlipFirstByte);
        let err = client.get::<Option<String>>("k").await.unwrap_err();
        assert!(matches!(err, Error::Protocol(_)), "{err:?}");
        until_served(rt, &client, Duration::from_secs(20)).await;
        assert_eq!(client.get::<Option<String>>("k").await.unwrap().as_deref(), Some("v"));
        assert!(proxy.connections_accepted() >= 2);
    }

    async fn response_timeout_fires_when_replies_stall(rt) {
        let server = RedisServer::start().unwrap();
        let proxy = Proxy::start(server.addr()).unwrap();
        let config = Config::from_url(&proxy.url()).unwrap().with_response_timeout(Duration::from_millis(300));
        let client = rt.connect_config(config).await.unwrap();
        client.set("k", "v").await.unwrap();
        proxy.stall_direction(tests::Direction::ToClient);
        let started = Instant::now();
        let err = client.get::<Option<String>>("k").await.unwrap_err();
        assert!(matches!(err, Error::Timeout), "{err:?}");
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
        proxy.resume();
        // The late reply to the timed-out GET is read and dropped, never handed on.
        for i in 0..20 {
            let key = format!("k{i}");
            client.set(&key, i).await.unwrap();
            assert_eq!(client.get::<i64>(&key).await.unwrap(), i);
        }
    }

    async fn connect_timeout_against_a_silent_server(rt) {
        let fake = FakeServer::start(|_| Some(vec![Action::Stall])).unwrap();
        let config = Config::from_url(&fake.url()).unwrap().with_connect_timeout(Duration::from_millis(300));
        let started = Instant::now();
        let err = rt.connect_config(config).await.map(|_| ()).unwrap_err();
        assert!(matches!(err, Error::ConnectTimeout), "{err:?}");
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    }

    /// With the server stalled, a small queue pushes back: the requests wait (bounded by the
    /// response timeout) instead of piling up, and every one of them ends.
    async fn a_stalled_server_with_a_small_queue_ends_every_request(rt) {
        let (_server, proxy, client) = proxied_client(rt, |c| {
            c.with_queue_capacity(4).with_response_timeout(Duration::from_millis(500))
        })
        .await;
        proxy.stall();
        let started = Instant::now();
        every_get_times_out(rt, &client, 200).await;
        assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
        proxy.resume();
        until_served(rt, &client, Duration::from_secs(20)).await;
    }

    /// A write that cannot finish (the server stopped reading, the socket buffers are full)
    /// holds back every request queued behind it; they still end at their deadline, not
    /// when the write does, and the connection serves again once the server reads.
    async fn requests_behind_a_stuck_write_end_at_their_deadline(rt) {
        let (_server, proxy, client) =
            proxied_client(rt, |c| c.with_response_timeout(Duration::from_millis(500))).await;
        proxy.stall();
        // Far more than loopback socket buffers hold: the driver's write stays pending.
        let big = vec![b'x'; 64 << 20];
        let writer = {
            let c = client.clone();
            rt.spawn(async move { c.set("big", big).await })
        };
        rt.sleep(Duration::from_millis(100)).await;
        let started = Instant::now();
        every_get_times_out(rt, &client, 50).await;
        let waited = started.elapsed();
        assert!(waited < Duration::from_secs(3), "queued requests ended after {waited:?}");
        let err = writer.await.unwrap_err();
        assert!(matches!(err, Error::Timeout), "{err:?}");
        proxy.resume();
        until_served(rt, &client, Duration::from_secs(20)).await;
    }

    /// Each request ends at its own deadline, whatever the deadlines of those ahead of it:
    /// behind requests with a long wait that a busy server holds up, requests with the short
    /// response timeout time out at it, whether they were written (their replies are read
    /// and dropped later) or still wait behind a write the busy server does not read (they
    /// end unsent). The long ones are answered once the server is free again.
    async fn each_request_ends_at_its_own_deadline(rt) {
        let server = RedisServer::start().unwrap();
        let config = Config::from_url(&server.url())
            .unwrap()
            .with_response_timeout(Duration::from_millis(300));
        let client = rt.connect_config(config).await.unwrap();
        let key = format!("{}k", unique_prefix());
        client.set(&key, "v").await.unwrap();
        let send = |request: Request, wait: Wait| {
            let client = client.clone();
            rt.spawn(async move {
                let started = Instant::now();
                (client.request(request, wait).await, started.elapsed())
            })
        };
        // A wait of its own far longer than the script (the response timeout comes on top).
        let long = Wait::BlockedFor(Duration::from_secs(20));
        let get = || Request::command(&cmd("GET").arg(&key));
        for stuck_write in [false, true] {
            // The server runs a script for 2 s and reads nothing meanwhile.
            let busy = send(Request::command(&cmd("EVAL").arg(busy_script(2000)).arg(0)), long);
            rt.sleep(Duration::from_millis(100)).await;
            // Far more than loopback socket buffers hold: the write stays unfinished until
            // the script is over, and what is queued after it waits to be written.
            let big = stuck_write.then(|| {
                let set = cmd("SET").arg(format!("{key}big")).arg(vec![b'x'; 64 << 20]);
                send(Request::command(&set), long)
            });
            rt.sleep(Duration::from_millis(100)).await;
            let ahead = send(get(), long);
            rt.sleep(Duration::from_millis(20)).await;
            let short: Vec<_> = (0..10).map(|_| send(get(), Wait::Response)).collect();
            for task in short {
                let (result, took) = task.await;
                assert!(
                    matches!(result, Err(Error::Timeout)),
                    "stuck write {stuck_write}: {result:?} after {took:?}"
                );
                assert!(
                    took < Duration::from_millis(1000),
                    "stuck write {stuck_write}: ended after {took:?}, not at its own deadline"
                );
            }
            let (answered, took) = busy.await;
            assert!(answered.is_ok(), "{answered:?}");
            assert!(took >= Duration::from_millis(1500), "the script took only {took:?}");
            if let Some(big) = big {
                assert!(big.await.0.is_ok());
            }
            let (answered, _) = ahead.await;
            let v = Value::BulkString(Bytes::from_static(b"v"));
            assert!(matches!(answered, Ok(Reply::Value(ref got)) if *got == v), "{answered:?}");
        }
        // Every late reply was read and dropped: replies are in step.
        for i in 0..20 {
            client.set(&key, i).await.unwrap();
            assert_eq!(client.get::<i64>(&key).await.unwrap(), i);
        }
    }

    /// While the connection is down, each request waits for the reconnect until its own
    /// deadline, not until that of a request queued before it with a longer wait; the long
    /// one is sent once the server is back.
    async fn while_down_each_request_ends_at_its_own_deadline(rt) {
        let (_server, proxy, client) = proxied_client(rt, |c| {
            c.with_response_timeout(Duration::from_millis(300))
                .with_reconnect_wait(Duration::from_secs(60))
        })
        .await;
        proxy.cut();
        rt.sleep(Duration::from_millis(500)).await;
        let ahead = {
            let client = client.clone();
            let get = Request::command(&cmd("GET").arg("k"));
            rt.spawn(async move { client.request(get, Wait::BlockedFor(Duration::from_secs(20))).await })
        };
        rt.sleep(Duration::from_millis(50)).await;
        let short: Vec<_> = (0..10)
            .map(|_| {
                let client = client.clone();
                rt.spawn(async move {
                    let started = Instant::now();
                    (client.get::<Option<String>>("k").await, started.elapsed())
                })
            })
            .collect();
        for task in short {
            let (result, took) = task.await;
            let err = result.unwrap_err();
            assert!(matches!(err, Error::ConnectionDown { .. } | Error::Timeout), "{err:?}");
            assert!(took < Duration::from_millis(1500), "{err:?} after {took:?}, not at its own deadline");
        }
        proxy.resume();
        let v = Value::BulkString(Bytes::from_static(b"v"));
        let answered = ahead.await;
        assert!(matches!(answered, Ok(Reply::Value(ref got)) if *got == v), "{answered:?}");
    }

    /// While the server cannot be reached, a request waits for the reconnect only as long as
    /// its own response timeout, and then says why the connection is down.
    async fn a_request_while_down_ends_at_its_deadline(rt) {
        let (_server, proxy, client) = proxied_client(rt, |c| {
            c.with_response_timeout(Duration::from_millis(300))
                .with_reconnect_wait(Duration::from_secs(60))
        })
        .await;
        proxy.cut();
        // Longer than the response timeout: nothing sent before the cut is still waiting.
        rt.sleep(Duration::from_millis(500)).await;
        let started = Instant::now();
        let last = loop {
            let asked = Instant::now();
            let err = client.get::<Option<String>>("k").await.unwrap_err();
            let waited = asked.elapsed();
            assert!(waited < Duration::from_secs(2), "{err:?} after {waited:?}");
            if matches!(err, Error::ConnectionDown { .. }) || started.elapsed() > Duration::from_secs(10) {
                break err;
            }
        };
        assert!(matches!(last, Error::ConnectionDown { .. }), "{last:?}");
        assert!(!last.may_have_run(), "{last:?}");
        proxy.resume();
        until_served(rt, &client, Duration::from_secs(20)).await;
    }

    /// After a restart the handshake runs again: AUTH as the ACL user, SELECT from the URL,
    /// CLIENT SETNAME from the configuration.
    async fn reconnect_reruns_the_whole_handshake(rt) {
        let mut server = RedisServer::builder().acl_user("alice", "secret").requirepass("adminpw").start().unwrap();
        let url = format!("redis://alice:secret@127.0.0.1:{}/2", server.port());
        for protocol in [ProtocolVersion::Resp2, ProtocolVersion::Resp3] {
        let config = Config::from_url(&url).unwrap().with_client_name("worker-7").with_protocol(protocol);
        let client = rt.connect_config(config).await.unwrap();
        for round in 0..2 {
            let me: String = client.cmd("ACL").arg("WHOAMI").query().await.unwrap();
            assert_eq!(me, "alice", "round {round}");
            assert_eq!(client.client_getname().await.unwrap().as_deref(), Some("worker-7"), "round {round}");
            let resp = if protocol == ProtocolVersion::Resp2 { "resp=2" } else { "resp=3" };
            assert!(client.client_info().await.unwrap().contains(resp), "round {round}: not {resp}");
            client.set("where", round).await.unwrap();
            let mut raw = server.raw().unwrap();
            raw.command_ok(&["SELECT", "2"]).unwrap();
            assert_eq!(raw.command(&["GET", "where"]).unwrap(), resp_core::Value::BulkString(round.to_string().into()));
            if round == 0 {
                server.kill();
                server.restart().unwrap();
                until_served(rt, &client, Duration::from_secs(20)).await;
            }
        }
        }
    }

    /// A peer that goes silent without closing (a dead host, a dropped route) is found by
    /// the health check on an idle connection, without waiting for a request.
    async fn the_health_check_finds_a_silent_peer(rt) {
        let server = RedisServer::start().unwrap();
        let proxy = Proxy::start(server.addr()).unwrap();
        let config = Config::from_url(&proxy.url())
            .unwrap()
            .with_health_check_interval(Some(Duration::from_millis(200)))
            .with_connect_timeout(Duration::from_millis(500));
        let client = rt.connect_config(config).await.unwrap();
        client.set("k", "v").await.unwrap();
        proxy.stall();
        let started = Instant::now();
        while proxy.connections_accepted() < 2 {
            assert!(started.elapsed() < Duration::from_secs(5), "no reconnect after {:?}", started.elapsed());
            rt.sleep(Duration::from_millis(20)).await;
        }
        eprintln!("{}: silent peer found after {:?}", R::NAME, started.elapsed());
        proxy.resume();
        until_served(rt, &client, Duration::from_secs(20)).await;
        assert_eq!(client.get::<String>("k").await.unwrap(), "v");
    }

    /// A slow command is not a dead peer: the health check leaves a busy connection alone.
    async fn the_health_check_leaves_a_slow_command_alone(rt) {
        let server = RedisServer::start().unwrap();
        let proxy = Proxy::start(server.addr()).unwrap();
        let config = Config::from_url(&proxy.url())
            .unwrap()
            .with_health_check_interval(Some(Duration::from_millis(100)));
        let client = rt.connect_config(config).await.unwrap();
        let spin = "local s = redis.call('TIME') local t0 = s[1] * 1000000 + s[2] \
            while true do local t = redis.call('TIME') \
            if t[1] * 1000000 + t[2] - t0 > 1000000 then return 1 end end";
        let done: i64 = client.cmd("EVAL").arg(spin).arg(0).query().await.unwrap();
        assert_eq!(done, 1);
        assert_eq!(proxy.connections_accepted(), 1, "the busy connection was dropped");
    }

    /// With the default configuration a server that never answers ends the request with a
    /// timeout (10 s), instead of hanging the caller.
    async fn a_silent_server_times_out_with_the_default_config(rt) {
        let fake = FakeServer::start(|req| (req.name() == "GET").then(|| vec![Action::Stall])).unwrap();
        let client = rt.connect(&fake.url()).await.unwrap();
        let started = Instant::now();
        let err = client.get::<Option<String>>("k").await.unwrap_err();
        let waited = started.elapsed();
        assert!(matches!(err, Error::Timeout), "{err:?}");
        assert!(err.may_have_run());
        assert!(waited >= Duration::from_secs(9) && waited < Duration::from_secs(20), "{waited:?}");
    }
}
