//! Requests a lone caller writes and reads itself on an idle connection (cureds-core's
//! `direct.rs`): the connection task must own the socket again whenever that caller is done
//! or gone, so replies still due are read, a server that closes the idle connection is
//! noticed, and deadlines still hold.

use std::time::{Duration, Instant};

use cureds_core::AsyncCommands;
use resp_core::{Config, Error};
use tests::fake::frames;
use tests::{busy_script, unique_prefix, Action, FakeServer, RedisServer};

tests::both_runtimes! {
    /// A lone caller is cut short while it waits for its reply: the reply still comes and
    /// is dropped, the next requests get their own replies, and when the server then closes
    /// the idle connection the task notices and reconnects before anyone asks.
    async fn a_lone_caller_cut_short_hands_the_connection_back(rt) {
        let server = RedisServer::start().unwrap();
        let client = rt.connect(&server.url()).await.unwrap();
        let key = format!("{}mine", unique_prefix());
        client.set(&key, "mine").await.unwrap();
        for _ in 0..3 {
            let busy = client.cmd("EVAL").arg(busy_script(300)).arg(0).query::<i64>();
            assert!(rt.timeout(Duration::from_millis(50), busy).await.is_none());
            // Queued behind the script's reply, which must not be taken for this one.
            assert_eq!(client.get::<String>(&key).await.unwrap(), "mine");
        }
        let id: i64 = client.cmd("CLIENT").arg("ID").query().await.unwrap();
        let mut raw = server.raw().unwrap();
        raw.command(&["CLIENT", "KILL", "ID", &id.to_string()]).unwrap();
        // The task, not a caller, owns the idle socket: it sees the close and reconnects
        // (base delay 50 ms), so the next request finds a working connection.
        rt.sleep(Duration::from_millis(500)).await;
        assert_eq!(client.get::<String>(&key).await.unwrap(), "mine");
        let new_id: i64 = client.cmd("CLIENT").arg("ID").query().await.unwrap();
        assert_ne!(new_id, id, "the connection was not replaced");
    }

    /// A lone caller's request on an idle connection still ends at the response timeout
    /// when the server never answers (the task's alarm is armed for it).
    async fn a_lone_callers_request_ends_at_its_deadline(rt) {
        let server = RedisServer::start().unwrap();
        let config = Config::from_url(&server.url())
            .unwrap()
            .with_response_timeout(Duration::from_millis(200));
        let client = rt.connect_config(config).await.unwrap();
        // Idle, with the alarm armed only for the health check (30 s away).
        rt.sleep(Duration::from_millis(100)).await;
        let started = Instant::now();
        let err = client
            .cmd("EVAL")
            .arg(busy_script(1500))
            .arg(0)
            .query::<i64>()
            .await
            .unwrap_err();
        let took = started.elapsed();
        assert!(matches!(err, Error::Timeout), "{err:?}");
        assert!(took < Duration::from_millis(1200), "timed out after {took:?}");
        // Once the script is over, its reply is read and dropped; the next reply is the next
        // request's.
        rt.sleep(Duration::from_millis(1500)).await;
        assert_eq!(client.cmd("PING").query::<String>().await.unwrap(), "PONG");
    }

    /// Everything the server sends arrives at once, far more than one read takes: a lone
    /// caller reading for itself keeps reading until its reply, with no new data to wake it.
    async fn a_lone_caller_reads_past_a_burst_to_its_reply(rt) {
        let push = frames::message_push(b"noise", &[b'x'; 100]);
        let fake = FakeServer::start(move |req| {
            (req.name() == "GET").then(|| {
                vec![
                    Action::Repeat(push.clone(), 20_000),
                    Action::Send(frames::bulk(b"after the burst")),
                ]
            })
        })
        .unwrap();
        let config = Config::from_url(&fake.url())
            .unwrap()
            .with_response_timeout(Duration::from_secs(5));
        let client = rt.connect_config(config).await.unwrap();
        for _ in 0..3 {
            let reply: String = client.get("k").await.unwrap();
            assert_eq!(reply, "after the burst");
        }
    }
}
