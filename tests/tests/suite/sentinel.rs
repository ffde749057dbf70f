//! The Sentinel-backed client against a real master, replica and three sentinels, on every
//! runtime. Most tests share one deployment per test binary and keep to their own keys; the
//! failover tests start their own (they demote or kill the master).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cureds_core::{AsyncCommands, PipelineCommands};
use resp_core::{Address, Config, Error, Role, SentinelError, TlsConfig, Value};
use tests::fake::frames;
use tests::sentinel::{low_port, MASTER_NAME};
use tests::{
    shared_sentinel, unique_prefix, Action, FakeServer, Pki, RedisServer, SentinelDeployment,
    TestRuntime,
};

/// Runs a blocking harness call on a thread of its own, so the runtime's tasks keep running
/// (the smol and async-std executors may have a single thread).
async fn off_thread<R: TestRuntime, T: Send + 'static>(
    rt: R,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let handle = std::thread::spawn(f);
    while !handle.is_finished() {
        rt.sleep(Duration::from_millis(5)).await;
    }
    match handle.join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// A fake sentinel that names `node_port` as the master, whatever it is.
fn lying_sentinel(node_port: u16) -> FakeServer {
    FakeServer::start(move |request| {
        (request.name() == "SENTINEL").then(|| {
            vec![Action::Send(
                [
                    b"*2\r\n".to_vec(),
                    frames::bulk(b"127.0.0.1"),
                    frames::bulk(node_port.to_string().as_bytes()),
                ]
                .concat(),
            )]
        })
    })
    .unwrap()
}

/// What the load tasks saw around a failover.
#[derive(Default)]
struct Timeline {
    successes: Vec<Instant>,
    errors: Vec<(Instant, String)>,
}

/// Runs `tasks` tasks, each doing atomic SET / GET / INCR on its own keys with a value
/// unique to the iteration and checking that the GET is that value, until `stop`.
fn start_load<R: TestRuntime>(
    rt: R,
    client: &tests::ClientOf<R>,
    tasks: usize,
    stop: &Arc<AtomicBool>,
    timeline: &Arc<Mutex<Timeline>>,
) -> Vec<tests::Task<u64>> {
    let p = unique_prefix();
    (0..tasks)
        .map(|t| {
            let (client, stop, timeline) = (client.clone(), stop.clone(), timeline.clone());
            let (key, counter) = (format!("{p}v{t}"), format!("{p}n{t}"));
            rt.spawn(async move {
                let mut done = 0;
                let mut i = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    i += 1;
                    let value = format!("task {t} iteration {i}");
                    let mut pipe = client.pipeline();
                    pipe.set(&key, &value).get(&key).incr(&counter);
                    let result: Result<((), String, i64), Error> = pipe.execute().await;
                    let now = Instant::now();
                    match result {
                        Ok(((), got, n)) => {
                            assert_eq!(got, value, "a reply that is not this task's own");
                            assert!(n >= 1);
                            done += 1;
                            timeline.lock().unwrap().successes.push(now);
                        }
                        Err(e) => {
                            // Writing to a replica would say READONLY: never acceptable.
                            let text = e.to_string();
                            assert!(!text.contains("READONLY"), "wrote to a replica: {text}");
                            timeline.lock().unwrap().errors.push((now, text));
                            rt.sleep(Duration::from_millis(5)).await;
                        }
                    }
                }
                done
            })
        })
        .collect()
}

/// Recovery figures after a trigger at `t0`: (time until the first success after the last
/// error, the longest gap between successes from t0 on, errors).
fn recovery(timeline: &Timeline, t0: Instant) -> (Duration, Duration, usize) {
    let last_error = timeline.errors.iter().map(|(t, _)| *t).max();
    let mut successes: Vec<Instant> = timeline.successes.clone();
    successes.sort();
    let recovered = successes
        .iter()
        .find(|&&s| s >= t0 && last_error.is_none_or(|e| s > e))
        .map_or(Duration::MAX, |s| s.duration_since(t0));
    let mut gap = Duration::ZERO;
    let mut previous = t0;
    for &s in successes.iter().filter(|&&s| s >= t0) {
        gap = gap.max(s.duration_since(previous));
        previous = s;
    }
    (recovered, gap, timeline.errors.len())
}

/// Load, then `trigger` on the deployment (it returns the new master's port once the
/// sentinels name it), then checks the client follows the new master.
async fn failover_under_load<R: TestRuntime>(
    rt: R,
    what: &'static str,
    trigger: fn(&SentinelDeployment, u16) -> std::io::Result<u16>,
) {
    let deployment = Arc::new(off_thread(rt, SentinelDeployment::start).await.unwrap());
    let old_master = deployment.master_port().unwrap();
    let config = Config::from_url(&deployment.url())
        .unwrap()
        .with_connect_timeout(Duration::from_secs(1))
        .with_reconnect_wait(Duration::from_secs(15));
    let client = rt.connect_config(config).await.unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let timeline = Arc::new(Mutex::new(Timeline::default()));
    let tasks = start_load(rt, &client, 50, &stop, &timeline);
    rt.sleep(Duration::from_millis(500)).await;

    let t0 = Instant::now();
    let d = deployment.clone();
    let new_master = off_thread(rt, move || trigger(&d, old_master))
        .await
        .unwrap();
    let promoted = t0.elapsed();
    // Wait for the shared connection to be on the new master (after SENTINEL FAILOVER the
    // old master takes writes until the sentinels announce the switch and demote it).
    let deadline = Instant::now() + Duration::from_secs(30);
    let moved = loop {
        if connected_port::<R>(&client).await == Some(new_master) {
            break t0.elapsed();
        }
        assert!(
            Instant::now() < deadline,
            "{what}: the client stayed on the old master"
        );
        rt.sleep(Duration::from_millis(5)).await;
    };
    // Wait for the load to be back, then let it run a little.
    loop {
        let (recovered, _, _) = recovery(&timeline.lock().unwrap(), t0);
        if recovered != Duration::MAX && t0.elapsed() > recovered + Duration::from_millis(500) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: the client did not recover"
        );
        rt.sleep(Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let mut total = 0;
    for task in tasks {
        total += task.await;
    }
    let (recovered, gap, errors) = recovery(&timeline.lock().unwrap(), t0);
    let sample: Vec<String> = timeline
        .lock()
        .unwrap()
        .errors
        .iter()
        .map(|(_, e)| e.clone())
        .take(3)
        .collect();
    eprintln!(
        "{}: {what} under 50 tasks: sentinels named the new master after {promoted:?}; the \
         client's connection was on it after {moved:?}; longest time without any reply \
         {gap:?}; first success after the last error at {recovered:?}; {errors} errors, \
         {total} checked replies; first errors: {sample:?}",
        R::NAME
    );
    // The writes now land on the new master.
    let p = unique_prefix();
    client.set(format!("{p}after"), "yes").await.unwrap();
    let on_new = deployment
        .command(new_master, &["GET", &format!("{p}after")])
        .unwrap();
    assert_eq!(on_new, Value::BulkString("yes".into()));
    assert_ne!(new_master, old_master);
}

/// The port of the node the client's shared connection is on.
async fn connected_port<R: TestRuntime>(client: &tests::ClientOf<R>) -> Option<u16> {
    listening_on::<R>(client, "port").await
}

/// The TLS port of the node the client's shared connection is on (its `port` is 0).
async fn connected_tls_port<R: TestRuntime>(client: &tests::ClientOf<R>) -> Option<u16> {
    listening_on::<R>(client, "tls-port").await
}

/// The node's `parameter` (`port` or `tls-port`), as `CONFIG GET` says.
async fn listening_on<R: TestRuntime>(client: &tests::ClientOf<R>, parameter: &str) -> Option<u16> {
    let port: Result<std::collections::HashMap<String, u16>, Error> =
        client.cmd("CONFIG").arg("GET").arg(parameter).query().await;
    port.ok().and_then(|p| p.get(parameter).copied())
}

/// Writes `value` at `key` until the write succeeds on the node whose `parameter` (`port`
/// or `tls-port`) is `port`: the client followed the failover there. Fails after 30 s.
async fn write_until_on<R: TestRuntime>(
    rt: R,
    client: &tests::ClientOf<R>,
    (key, value): (&str, &str),
    (parameter, port): (&str, u16),
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let written = client.set(key, value).await;
        if written.is_ok() && listening_on::<R>(client, parameter).await == Some(port) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the client did not reach the new master {port}: {written:?}"
        );
        rt.sleep(Duration::from_millis(20)).await;
    }
}

/// `config` with TLS to its sentinels as `tls` says.
fn with_sentinel_tls(mut config: Config, tls: TlsConfig) -> Config {
    match &mut config.address {
        Address::Sentinel(sentinels) => sentinels.tls = Some(tls),
        other => panic!("not a sentinel address: {other}"),
    }
    config
}

tests::both_runtimes! {
    async fn sentinels_that_speak_tls_only(rt) {
        let pki = Pki::new();
        let server_pki = pki.clone();
        let deployment = Arc::new(
            off_thread(rt, move || SentinelDeployment::start_tls(&server_pki))
                .await
                .unwrap(),
        );
        let old_master = deployment.master_port().unwrap();
        // TLS to the data nodes only, as before: each sentinel fails, soon and saying so.
        let nodes_only = Config::from_url(&deployment.url())
            .unwrap()
            .with_tls(pki.client_tls())
            .with_connect_timeout(Duration::from_secs(2))
            .with_reconnect_wait(Duration::from_secs(15));
        let started = Instant::now();
        let error = rt.connect_config(nodes_only.clone()).await.map(|_| ()).unwrap_err();
        eprintln!("{}: clear text to TLS-only sentinels: {error} after {:?}", R::NAME, started.elapsed());
        assert!(started.elapsed() < Duration::from_secs(5), "{error} after {:?}", started.elapsed());
        let Error::Sentinel(SentinelError::NoneUsable { attempts, .. }) = &error else {
            panic!("{error:?}");
        };
        assert_eq!(attempts.len(), 3, "{error}");
        assert!(
            attempts.iter().all(|(_, e)| e.to_string().contains("sentinel_tls=yes")),
            "{error}"
        );

        let config = with_sentinel_tls(nodes_only, pki.client_tls());
        let client = rt.connect_config(config).await.unwrap();
        let p = unique_prefix();
        client.set(format!("{p}k"), "over tls").await.unwrap();
        assert_eq!(client.get::<String>(format!("{p}k")).await.unwrap(), "over tls");
        assert_eq!(
            deployment.command(old_master, &["GET", &format!("{p}k")]).unwrap(),
            Value::BulkString("over tls".into())
        );
        assert_eq!(connected_tls_port::<R>(&client).await, Some(old_master));
        // The +switch-master watchers are subscribed on every sentinel, over TLS.
        let deadline = Instant::now() + Duration::from_secs(10);
        for &sentinel in deployment.sentinel_ports() {
            loop {
                let subscribers = deployment
                    .command(sentinel, &["CLIENT", "LIST", "TYPE", "pubsub"])
                    .unwrap();
                if matches!(&subscribers, Value::BulkString(list) if !list.is_empty()) {
                    break;
                }
                assert!(Instant::now() < deadline, "no subscriber on sentinel {sentinel}");
                rt.sleep(Duration::from_millis(20)).await;
            }
        }

        let d = deployment.clone();
        let new_master = off_thread(rt, move || d.failover_until_new_master(old_master))
            .await
            .unwrap();
        let after = format!("{p}after");
        write_until_on(rt, &client, (&after, "on the new master"), ("tls-port", new_master)).await;
        client.set(format!("{p}after"), "on the new master").await.unwrap();
        assert_eq!(
            deployment.command(new_master, &["GET", &format!("{p}after")]).unwrap(),
            Value::BulkString("on the new master".into())
        );
    }

    async fn finds_the_master_through_sentinels_it_learned(rt) {
        let deployment = Arc::new(off_thread(rt, SentinelDeployment::start).await.unwrap());
        let old_master = deployment.master_port().unwrap();
        // Only one of the three sentinels is configured; the client asks it for the others.
        let first = deployment.sentinel_ports()[0];
        let url = format!("redis+sentinel://127.0.0.1:{first}/{MASTER_NAME}");
        let config = Config::from_url(&url)
            .unwrap()
            .with_connect_timeout(Duration::from_secs(1))
            .with_reconnect_wait(Duration::from_secs(30));
        let client = rt.connect_config(config.clone()).await.unwrap();
        let p = unique_prefix();
        client.set(format!("{p}before"), 1).await.unwrap();

        deployment.kill_sentinel(first);
        let d = deployment.clone();
        let new_master = off_thread(rt, move || d.failover_until_new_master(old_master))
            .await
            .unwrap();
        // The configured sentinel is gone; the ones it named lead to the new master.
        let after = format!("{p}after");
        write_until_on(rt, &client, (&after, "found"), ("port", new_master)).await;
        assert_eq!(
            deployment.command(new_master, &["GET", &format!("{p}after")]).unwrap(),
            Value::BulkString("found".into())
        );
        // The client's other connections share what it learned: a leased one gets there too.
        let lease = client.lease().await.unwrap();
        let leased_port: std::collections::HashMap<String, u16> =
            lease.cmd("CONFIG").arg("GET").arg("port").query().await.unwrap();
        assert_eq!(leased_port.get("port"), Some(&new_master));
        drop(lease);
        // A new client knows only the dead sentinel.
        let error = rt.connect_config(config).await.map(|_| ()).unwrap_err();
        assert!(matches!(error, Error::Sentinel(SentinelError::NoneUsable { .. })), "{error:?}");
    }

    async fn sentinels_it_learned_are_watched_for_failovers(rt) {
        // Two independent masters. The configured (fake) sentinel names the first and, asked
        // for its peers, a second fake sentinel; only that one announces a switch to the
        // second master. The client moves only if it watches what it learned.
        let node = || RedisServer::builder().port_picker(low_port).start().unwrap();
        let (first, second) = (node(), node());
        let (a, b) = (first.port(), second.port());
        let address = |port: u16| {
            [
                b"*2\r\n".to_vec(),
                frames::bulk(b"127.0.0.1"),
                frames::bulk(port.to_string().as_bytes()),
            ]
            .concat()
        };
        let confirm = frames::push(&[
            frames::bulk(b"subscribe"),
            frames::bulk(b"+switch-master"),
            frames::integer(1),
        ]);
        let switched = Arc::new(AtomicBool::new(false));
        let (announced, confirmed) = (switched.clone(), confirm.clone());
        let learned = FakeServer::start(move |request| match request.name().as_str() {
            "SENTINEL" if request.arg(0) == Some(b"SENTINELS") => Some(vec![Action::Send(b"*0\r\n".to_vec())]),
            "SENTINEL" if announced.load(Ordering::SeqCst) => Some(vec![Action::Send(address(b))]),
            "SENTINEL" => Some(vec![Action::Send(address(a))]),
            "SUBSCRIBE" => {
                let payload = format!("{MASTER_NAME} 127.0.0.1 {a} 127.0.0.1 {b}");
                announced.store(true, Ordering::SeqCst);
                Some(vec![
                    Action::Send(confirmed.clone()),
                    Action::Sleep(Duration::from_millis(300)),
                    Action::Send(frames::message_push(b"+switch-master", payload.as_bytes())),
                ])
            }
            _ => None,
        })
        .unwrap();
        let learned_port = learned.addr().port();
        let seen = switched.clone();
        let configured = FakeServer::start(move |request| match request.name().as_str() {
            "SENTINEL" if request.arg(0) == Some(b"SENTINELS") => {
                let fields = ["ip", "127.0.0.1", "port", &learned_port.to_string(), "flags", "sentinel"]
                    .map(|f| frames::bulk(f.as_bytes()));
                Some(vec![Action::Send([b"*1\r\n*6\r\n".to_vec(), fields.concat()].concat())])
            }
            "SENTINEL" if seen.load(Ordering::SeqCst) => Some(vec![Action::Send(address(b))]),
            "SENTINEL" => Some(vec![Action::Send(address(a))]),
            // Subscribed, but it never announces anything.
            "SUBSCRIBE" => Some(vec![Action::Send(confirm.clone())]),
            _ => None,
        })
        .unwrap();
        let url = format!("redis+sentinel://127.0.0.1:{}/{MASTER_NAME}", configured.addr().port());
        let client = rt.connect(&url).await.unwrap();
        assert_eq!(connected_port::<R>(&client).await, Some(a));
        let deadline = Instant::now() + Duration::from_secs(10);
        while connected_port::<R>(&client).await != Some(b) {
            assert!(Instant::now() < deadline, "the client stayed on {a}");
            rt.sleep(Duration::from_millis(10)).await;
        }
        assert!(learned.request_names().contains(&"SUBSCRIBE".to_owned()));
        drop(first);
    }

    async fn a_switch_master_announcement_moves_the_connection(rt) {
        // Two independent masters, and a fake sentinel that names the first, then announces
        // a switch to the second on +switch-master: the client moves although nothing failed.
        let node = || RedisServer::builder().port_picker(low_port).start().unwrap();
        let (first, second) = (node(), node());
        let (a, b) = (first.port(), second.port());
        let switched = Arc::new(AtomicBool::new(false));
        let announced = switched.clone();
        let sentinel = FakeServer::start(move |request| {
            let address = |port: u16| {
                [
                    b"*2\r\n".to_vec(),
                    frames::bulk(b"127.0.0.1"),
                    frames::bulk(port.to_string().as_bytes()),
                ]
                .concat()
            };
            match request.name().as_str() {
                "SENTINEL" if announced.load(Ordering::SeqCst) => Some(vec![Action::Send(address(b))]),
                "SENTINEL" => Some(vec![Action::Send(address(a))]),
                "SUBSCRIBE" => {
                    let confirm = frames::push(&[
                        frames::bulk(b"subscribe"),
                        frames::bulk(b"+switch-master"),
                        frames::integer(1),
                    ]);
                    let payload = format!("{MASTER_NAME} 127.0.0.1 {a} 127.0.0.1 {b}");
                    let message = frames::message_push(b"+switch-master", payload.as_bytes());
                    announced.store(true, Ordering::SeqCst);
                    Some(vec![
                        Action::Send(confirm),
                        Action::Sleep(Duration::from_millis(300)),
                        Action::Send(message),
                    ])
                }
                _ => None,
            }
        })
        .unwrap();
        let url = format!("redis+sentinel://127.0.0.1:{}/{MASTER_NAME}", sentinel.addr().port());
        let client = rt.connect(&url).await.unwrap();
        assert_eq!(connected_port::<R>(&client).await, Some(a));
        let deadline = Instant::now() + Duration::from_secs(10);
        while connected_port::<R>(&client).await != Some(b) {
            assert!(Instant::now() < deadline, "the client stayed on {a}");
            rt.sleep(Duration::from_millis(10)).await;
        }
        assert!(switched.load(Ordering::SeqCst));
        let p = unique_prefix();
        client.set(format!("{p}moved"), 1).await.unwrap();
        assert_eq!(
            second.raw().unwrap().command(&["GET", &format!("{p}moved")]).unwrap(),
            Value::BulkString("1".into())
        );
        drop(first);
    }

    async fn sentinels_and_data_nodes_have_their_own_passwords(rt) {
        let data = RedisServer::builder()
            .port_picker(low_port)
            .requirepass("data-pw")
            .start()
            .unwrap();
        let data_port = data.port();
        // A sentinel that takes only its own password, in HELLO's AUTH.
        let sentinel = FakeServer::start(move |request| match request.name().as_str() {
            "HELLO" if request.arg(3) != Some(b"sentinel-pw") => Some(vec![Action::Send(
                frames::error("WRONGPASS invalid username-password pair or user is disabled."),
            )]),
            "SENTINEL" => Some(vec![Action::Send(
                [
                    b"*2\r\n".to_vec(),
                    frames::bulk(b"127.0.0.1"),
                    frames::bulk(data_port.to_string().as_bytes()),
                ]
                .concat(),
            )]),
            _ => None,
        })
        .unwrap();
        let host = format!("127.0.0.1:{}", sentinel.addr().port());
        let url = format!("redis+sentinel://:data-pw@{host}/{MASTER_NAME}?sentinel_password=sentinel-pw");
        let client = rt.connect(&url).await.unwrap();
        assert_eq!(client.ping().await.unwrap(), "PONG");
        let hello = sentinel.requests().into_iter().find(|r| r.name() == "HELLO").unwrap();
        assert_eq!(hello.arg(2), Some(&b"default"[..]));

        let wrong = format!("redis+sentinel://:data-pw@{host}/{MASTER_NAME}?sentinel_password=nope");
        let error = rt.connect(&wrong).await.unwrap_err();
        assert!(error.to_string().contains("WRONGPASS"), "{error}");
        assert!(!error.to_string().contains("nope") && !format!("{error:?}").contains("nope"));
    }

    async fn commands_leases_and_subscriptions_reach_the_master(rt) {
        let deployment = off_thread(rt, shared_sentinel).await.unwrap();
        let client = rt.connect(&deployment.url()).await.unwrap();
        let p = unique_prefix();
        let k = format!("{p}k");
        client.set(&k, "v").await.unwrap();
        assert_eq!(client.get::<String>(&k).await.unwrap(), "v");
        assert_eq!(client.incr(format!("{p}n")).await.unwrap(), 1);
        let master = deployment.master_port().unwrap();
        assert_eq!(
            deployment.command(master, &["GET", &k]).unwrap(),
            Value::BulkString("v".into())
        );
        // A leased connection (WATCH transaction) goes to the master too.
        let ((), n): ((), i64) = client
            .transaction(format!("{p}n"), |conn| {
                let key = format!("{p}n");
                async move {
                    let n: i64 = conn.get(&key).await?;
                    let mut tx = conn.multi();
                    tx.set(&key, n + 10).get(&key);
                    Ok(tx)
                }
            })
            .await
            .unwrap();
        assert_eq!(n, 11);
        let mut subscription = client.subscribe(format!("{p}chan")).await.unwrap();
        client.publish(format!("{p}chan"), "hello").await.unwrap();
        let message = rt
            .timeout(Duration::from_secs(5), subscription.next())
            .await
            .flatten()
            .expect("a message");
        assert_eq!(message.payload::<String>().unwrap(), "hello");
    }

    async fn replicas_serve_reads_when_asked(rt) {
        let deployment = off_thread(rt, shared_sentinel).await.unwrap();
        let master = rt.connect(&deployment.url()).await.unwrap();
        let url = format!("{}?role=replica", deployment.url());
        let replica = rt.connect(&url).await.unwrap();
        let p = unique_prefix();
        master.set(format!("{p}r"), "replicated").await.unwrap();
        let _: i64 = master.cmd("WAIT").arg(1).arg(5000).query().await.unwrap();
        assert_eq!(
            replica.get::<String>(format!("{p}r")).await.unwrap(),
            "replicated"
        );
        let role: Vec<Value> = replica.cmd("ROLE").query().await.unwrap();
        assert_eq!(role.first(), Some(&Value::BulkString("slave".into())));
        let refused = replica.set(format!("{p}w"), 1).await.unwrap_err();
        assert!(refused.to_string().contains("READONLY"), "{refused}");
    }

    async fn a_sentinel_that_is_down_is_skipped(rt) {
        let deployment = off_thread(rt, shared_sentinel).await.unwrap();
        // Nothing listens there (the port was free a moment ago).
        let dead = format!("127.0.0.1:{}", low_port().unwrap());
        let config = Config::from_url(&deployment.url_with(&[dead]))
            .unwrap()
            .with_connect_timeout(Duration::from_secs(1));
        let client = rt.connect_config(config).await.unwrap();
        let p = unique_prefix();
        client.set(format!("{p}d"), 1).await.unwrap();
        assert_eq!(client.incr(format!("{p}d")).await.unwrap(), 2);
    }

    async fn a_lying_sentinel_is_caught_by_role_and_skipped(rt) {
        let deployment = off_thread(rt, shared_sentinel).await.unwrap();
        let replica_port = deployment.replica_port().unwrap();
        let liar = lying_sentinel(replica_port);
        let liar_host = format!("127.0.0.1:{}", liar.addr().port());

        // Asked alone, it leads nowhere, with an error that says why.
        let alone = format!("redis+sentinel://{liar_host}/{MASTER_NAME}");
        let error = rt.connect(&alone).await.unwrap_err();
        eprintln!("{}: only a lying sentinel: {error}", R::NAME);
        let Error::Sentinel(SentinelError::NoneUsable { attempts, .. }) = &error else {
            panic!("{error:?}");
        };
        assert!(matches!(
            &attempts[..],
            [(_, Error::Sentinel(SentinelError::WrongRole {
                expected: Role::Master,
                actual: Role::Replica,
                ..
            }))]
        ));
        assert!(!error.may_have_run());

        // Asked first, it costs one ROLE; the next sentinel names the real master.
        let client = rt.connect(&deployment.url_with(&[liar_host])).await.unwrap();
        let p = unique_prefix();
        client.set(format!("{p}l"), "on the master").await.unwrap();
        let master = deployment.master_port().unwrap();
        assert_eq!(
            deployment.command(master, &["GET", &format!("{p}l")]).unwrap(),
            Value::BulkString("on the master".into())
        );
        assert!(liar.request_names().contains(&"SENTINEL".to_owned()));
    }

    async fn an_unknown_master_name_is_an_error(rt) {
        let deployment = off_thread(rt, shared_sentinel).await.unwrap();
        let url = deployment.url().replace(MASTER_NAME, "nosuchmaster");
        let error = rt.connect(&url).await.unwrap_err();
        let Error::Sentinel(SentinelError::NoneUsable { attempts, .. }) = &error else {
            panic!("{error:?}");
        };
        assert_eq!(attempts.len(), 3);
        assert!(attempts.iter().all(|(_, e)| matches!(
            e,
            Error::Sentinel(SentinelError::UnknownMaster { .. })
        )));
        assert!(error.to_string().contains("nosuchmaster"), "{error}");
    }

    async fn follows_a_sentinel_failover_under_load(rt) {
        failover_under_load(rt, "SENTINEL FAILOVER", |deployment, old| {
            deployment.failover_until_new_master(old)
        })
        .await;
    }

    async fn follows_a_new_master_after_kill_9(rt) {
        failover_under_load(rt, "kill -9 of the master", |deployment, old| {
            deployment.kill_data(old);
            deployment.wait_new_master(old)
        })
        .await;
    }
}

tests::both_runtimes! {
    async fn prefer_replica_reads_use_the_master_until_a_replica_is_listed(rt) {
        // No replica yet, as in the seconds after a deployment starts: reads fall back to
        // the master instead of failing. Once the sentinels list a replica, reads move
        // there by themselves; writes stay on the master throughout.
        let deployment =
            Arc::new(off_thread(rt, || SentinelDeployment::start_with_replicas(0)).await.unwrap());
        let master = deployment.master_port().unwrap();
        let url = format!("{}?read_from=prefer_replica", deployment.url());
        let client = rt.connect(&url).await.unwrap();
        let p = unique_prefix();
        let (k, only) = (format!("{p}k"), format!("{p}only-on-the-replica"));
        client.set(&k, "v").await.unwrap();
        assert_eq!(client.get::<String>(&k).await.unwrap(), "v");

        // A replica that takes writes of its own: a key only it holds shows where reads go.
        let added = deployment.clone();
        let replica = off_thread(rt, move || {
            let port = added.add_replica(&["--replica-read-only", "no"])?;
            added.wait_ready()?;
            Ok::<_, std::io::Error>(port)
        })
        .await
        .unwrap();
        deployment.command(replica, &["SET", &only, "replica"]).unwrap();
        let listed = Instant::now();
        loop {
            if client.get::<Option<String>>(&only).await.unwrap().as_deref() == Some("replica") {
                break;
            }
            assert!(listed.elapsed() < Duration::from_secs(15), "reads stayed on the master");
            rt.sleep(Duration::from_millis(50)).await;
        }
        eprintln!("{}: reads moved to the replica {:?} after it was listed", R::NAME, listed.elapsed());
        // Writes (and read-write commands) still reach the master.
        client.set(&k, "w").await.unwrap();
        assert_eq!(client.incr(format!("{p}n")).await.unwrap(), 1);
        assert_eq!(deployment.command(master, &["GET", &k]).unwrap(), Value::BulkString("w".into()));
        assert_eq!(
            deployment.command(master, &["GET", &only]).unwrap(),
            Value::Null,
            "the replica-only key reached the master"
        );
    }
}

/// How many connections named `name` the data node at `port` has.
fn connections_named(deployment: &SentinelDeployment, port: u16, name: &str) -> usize {
    match deployment.command(port, &["CLIENT", "LIST"]) {
        Ok(Value::BulkString(list)) | Ok(Value::VerbatimString { text: list, .. }) => {
            String::from_utf8_lossy(&list)
                .lines()
                .filter(|line| line.split(' ').any(|field| field == format!("name={name}")))
                .count()
        }
        other => panic!("CLIENT LIST: {other:?}"),
    }
}

tests::both_runtimes! {
    async fn idle_leases_follow_a_failover(rt) {
        // A lease used before the failover leaves an idle connection to the old master in
        // the pool. When the client follows the failover, that connection is closed, and
        // the next lease reaches the new master (the old one, a replica now, would refuse
        // the transaction's writes with READONLY).
        let deployment = Arc::new(off_thread(rt, SentinelDeployment::start).await.unwrap());
        let old = deployment.master_port().unwrap();
        let name = format!("lease{}", unique_prefix().replace(':', ""));
        let config = Config::from_url(&deployment.url()).unwrap().with_client_name(name.clone());
        let client = rt.connect_config(config).await.unwrap();
        let p = unique_prefix();
        let k = format!("{p}n");
        {
            let lease = client.lease().await.unwrap();
            assert_eq!(lease.ping().await.unwrap(), "PONG");
        }
        assert_eq!(connections_named(&deployment, old, &name), 2, "the shared and the idle one");

        let failing_over = deployment.clone();
        let new = off_thread(rt, move || failing_over.failover_until_new_master(old)).await.unwrap();
        let moved = Instant::now();
        while connected_port::<R>(&client).await != Some(new) {
            assert!(moved.elapsed() < Duration::from_secs(20), "the client stayed on {old}");
            rt.sleep(Duration::from_millis(20)).await;
        }
        let closed = Instant::now();
        while connections_named(&deployment, old, &name) > 0 {
            assert!(closed.elapsed() < Duration::from_secs(5), "a connection stayed on the old master");
            rt.sleep(Duration::from_millis(20)).await;
        }
        let ((), n): ((), i64) = client
            .transaction(k.clone(), |conn| {
                let key = k.clone();
                async move {
                    let mut tx = conn.multi();
                    tx.set(&key, 41).incr(&key);
                    Ok(tx)
                }
            })
            .await
            .unwrap();
        assert_eq!(n, 42);
        assert_eq!(deployment.command(new, &["GET", &k]).unwrap(), Value::BulkString("42".into()));
    }
}

tests::both_runtimes! {
    async fn round_robin_reads_rotate_over_every_replica(rt) {
        // Two replicas, each holding a key of its own under the same name: rotating reads
        // see both, preferring reads see one; writes go to the master.
        let deployment =
            Arc::new(off_thread(rt, || SentinelDeployment::start_with_replicas(2)).await.unwrap());
        let master = deployment.master_port().unwrap();
        let replicas: Vec<u16> =
            deployment.data_ports().into_iter().filter(|p| *p != master).collect();
        assert_eq!(replicas.len(), 2);
        let p = unique_prefix();
        let who = format!("{p}who");
        for &port in &replicas {
            deployment.command(port, &["CONFIG", "SET", "replica-read-only", "no"]).unwrap();
            deployment.command(port, &["SET", &who, &port.to_string()]).unwrap();
        }
        let seen = |client: tests::ClientOf<R>| {
            let who = who.clone();
            async move {
                let mut seen = std::collections::BTreeSet::new();
                for _ in 0..20 {
                    seen.insert(client.get::<u16>(&who).await.unwrap());
                }
                seen
            }
        };
        let rotating = rt
            .connect(&format!("{}?read_from=round_robin_replicas", deployment.url()))
            .await
            .unwrap();
        let expected: std::collections::BTreeSet<u16> = replicas.iter().copied().collect();
        assert_eq!(seen(rotating.clone()).await, expected);
        rotating.set(format!("{p}w"), "w").await.unwrap();
        assert_eq!(
            deployment.command(master, &["GET", &format!("{p}w")]).unwrap(),
            Value::BulkString("w".into())
        );
        let preferring =
            rt.connect(&format!("{}?read_from=prefer_replica", deployment.url())).await.unwrap();
        assert_eq!(seen(preferring).await.len(), 1);
    }
}
