//! Faults a hostile user or an unlucky deployment produces, each ending in a clear error
//! that says whether the command ran: commands that would hijack the shared connection, a
//! password changed under a running client, a full server, blocking commands under a short
//! response timeout, a transaction cut by a restart.

use std::time::{Duration, Instant};

use bytes::Bytes;
use cureds_core::{AsyncCommands, Transport, Wait};
use resp_core::commands::lists::Direction;
use resp_core::{cmd, Config, Error, Reply, Request, ServerErrorKind, Value};
use tests::{unique_prefix, RedisServer};

/// The server error kind inside `err`, looking through "the connection is down".
fn server_kind(err: &Error) -> Option<ServerErrorKind> {
    match err {
        Error::ConnectionDown { last_error } => server_kind(last_error),
        other => other.server_error().map(|e| e.kind().clone()),
    }
}

/// The server's id for a leased connection.
async fn client_id<R: cureds_core::Runtime>(lease: &cureds_core::Lease<R>) -> i64 {
    lease.cmd("CLIENT").arg("ID").query().await.unwrap()
}

tests::both_runtimes! {
    /// Each of these would desync or take over the connection every task shares; they are
    /// refused before anything is written, and the connection stays in step.
    async fn connection_changing_commands_are_refused_on_the_shared_connection(rt) {
        let server = RedisServer::start().unwrap();
        let client = rt.connect(&server.url()).await.unwrap();
        let key = format!("{}mine", unique_prefix());
        client.set(&key, "before").await.unwrap();
        let refused: [&[&str]; 9] = [
            &["SUBSCRIBE", "news"],
            &["psubscribe", "n*"],
            &["MONITOR"],
            &["client", "reply", "off"],
            &["CLIENT", "REPLY", "SKIP"],
            &["SELECT", "1"],
            &["MULTI"],
            &["WATCH", "k"],
            &["HELLO", "2"],
        ];
        for words in refused {
            let mut cmd = client.cmd(words[0]);
            for word in &words[1..] {
                cmd = cmd.arg(*word);
            }
            let err = cmd.query::<Value>().await.unwrap_err();
            assert!(matches!(err, Error::Refused { .. }), "{words:?}: {err:?}");
            assert!(!err.may_have_run(), "{words:?}");
            assert!(err.to_string().contains("not sent"), "{words:?}: {err}");
        }
        // Nothing was sent: still db 0, replies still in step.
        assert_eq!(client.get::<String>(&key).await.unwrap(), "before");
        for i in 0..100 {
            client.set(&key, i).await.unwrap();
            assert_eq!(client.get::<i64>(&key).await.unwrap(), i);
        }
    }

    /// Requests built by hand through the `Transport` escape hatch: frames that do not hold
    /// the commands they announce are refused when the request is made, refused commands
    /// are refused on the shared connection as typed ones are, and a blocking one goes to a
    /// lease instead of stalling every task.
    async fn requests_built_by_hand_are_checked_on_the_shared_connection(rt) {
        let server = RedisServer::start().unwrap();
        let client = rt.connect(&server.url()).await.unwrap();
        let key = format!("{}mine", unique_prefix());
        client.set(&key, "before").await.unwrap();
        let get = format!("*2\r\n$3\r\nGET\r\n${}\r\n{key}\r\n", key.len());
        let two_gets = Bytes::from(format!("{get}{get}"));
        for miscounted in [1, 3] {
            let err = Request::pipeline(two_gets.clone(), miscounted).unwrap_err();
            assert!(matches!(err, Error::Refused { .. }), "{err:?}");
        }
        for malformed in [&b"*0\r\n"[..], b"PING\r\n", b"*1\r\n$4\r\nPING", b"*1\r\n$2\r\nPING\r\n"] {
            let err = Request::encoded(Bytes::from_static(malformed)).unwrap_err();
            assert!(err.to_string().contains("not whole RESP commands"), "{err}");
        }
        let subscribe = Request::command(&cmd("subscribe").arg("news"));
        let hidden = Request::pipeline(
            Bytes::from(format!("{get}*2\r\n$7\r\nMONITOR\r\n$1\r\nx\r\n")),
            2,
        )
        .unwrap();
        for (request, named) in [(subscribe, "SUBSCRIBE"), (hidden, "MONITOR")] {
            let err = client.request(request, Wait::Response).await.unwrap_err();
            assert!(matches!(&err, Error::Refused { command, .. } if command == named), "{err:?}");
        }
        // Nothing was sent: replies are still in step.
        let reply = client
            .request(Request::pipeline(two_gets, 2).unwrap(), Wait::Response)
            .await
            .unwrap();
        let before = Value::BulkString(Bytes::from_static(b"before"));
        assert!(matches!(reply, Reply::Values(v) if v == [before.clone(), before]));

        // A raw BLPOP runs on a lease: the shared connection answers meanwhile, and its RPUSH
        // is what the BLPOP receives (on the shared connection it would queue behind it).
        let list = format!("{}list", unique_prefix());
        let blpop = Request::command(&cmd("BLPOP").arg(&list).arg(5));
        let blocked = {
            let client = client.clone();
            rt.spawn(async move { client.request(blpop, Wait::Response).await })
        };
        rt.sleep(Duration::from_millis(200)).await;
        assert_eq!(client.get::<String>(&key).await.unwrap(), "before");
        client.rpush(&list, "job").await.unwrap();
        let popped = blocked.await.unwrap();
        let expected = Value::Array(vec![
            Value::BulkString(Bytes::from(list.clone())),
            Value::BulkString(Bytes::from_static(b"job")),
        ]);
        assert!(matches!(popped, Reply::Value(v) if v == expected));
    }

    /// Requests built by hand through a lease get the lease's checks and tracking, as typed
    /// commands do: refused ones are not sent and leave the pooled connection as it was, and
    /// a raw WATCH or MULTI makes the lease end with UNWATCH / DISCARD.
    async fn requests_built_by_hand_are_checked_on_a_lease(rt) {
        let server = RedisServer::start().unwrap();
        let config = Config::from_url(&server.url())
            .unwrap()
            .with_pool_size(1)
            .with_response_timeout(Duration::from_millis(500));
        let client = rt.connect_config(config).await.unwrap();
        let key = format!("{}watched", unique_prefix());
        client.set(&key, 1).await.unwrap();
        let lease = client.lease().await.unwrap();
        let id = client_id(&lease).await;
        let hidden = Request::pipeline(
            Bytes::from_static(b"*1\r\n$4\r\nPING\r\n*2\r\n$10\r\nPSUBSCRIBE\r\n$1\r\nn\r\n"),
            2,
        )
        .unwrap();
        let refused = [
            (Request::command(&cmd("subscribe").arg("news")), "SUBSCRIBE"),
            (Request::command(&cmd("MONITOR")), "MONITOR"),
            (hidden, "PSUBSCRIBE"),
        ];
        for (request, named) in refused {
            let err = lease.request(request, Wait::Response).await.unwrap_err();
            assert!(matches!(&err, Error::Refused { command, .. } if command == named), "{err:?}");
            assert!(!err.may_have_run(), "{err:?}");
        }
        assert_eq!(lease.get::<i64>(&key).await.unwrap(), 1);
        drop(lease);
        // Nothing was sent, and the connection came back to the pool as it was.
        let stats = match server.raw().unwrap().command(&["INFO", "commandstats"]).unwrap() {
            Value::BulkString(text) => String::from_utf8_lossy(&text).into_owned(),
            other => panic!("INFO: {other:?}"),
        };
        for name in ["subscribe", "psubscribe", "monitor"] {
            assert!(!stats.contains(&format!("cmdstat_{name}:")), "{name} was sent: {stats}");
        }
        let lease = client.lease().await.unwrap();
        assert_eq!(client_id(&lease).await, id, "the pooled connection was not reused");
        assert_eq!(lease.get::<i64>(&key).await.unwrap(), 1);

        // A raw WATCH is tracked: the lease ends with UNWATCH, so a change to the key does
        // not abort the next lease's transaction on the same connection.
        let watch = Request::command(&cmd("WATCH").arg(&key));
        lease.request(watch, Wait::Response).await.unwrap();
        drop(lease);
        client.set(&key, 2).await.unwrap();
        let lease = client.lease().await.unwrap();
        assert_eq!(client_id(&lease).await, id);
        let mut tx = lease.multi();
        resp_core::PipelineCommands::incr(&mut tx, &key);
        let (n,): (i64,) = lease.exec(&tx).await.unwrap();
        assert_eq!(n, 3);

        // A raw MULTI too: the lease ends with DISCARD, not inside a transaction.
        lease.request(Request::command(&cmd("MULTI")), Wait::Response).await.unwrap();
        drop(lease);
        let lease = client.lease().await.unwrap();
        assert_eq!(client_id(&lease).await, id);
        assert_eq!(lease.get::<i64>(&key).await.unwrap(), 3);
    }

    /// On a lease, SELECT is allowed, and the lease is closed rather than returned, so the
    /// next lease starts on the configured database again.
    async fn a_lease_whose_state_cannot_be_restored_is_closed(rt) {
        let server = RedisServer::start().unwrap();
        let client = rt.connect(&server.url()).await.unwrap();
        {
            let lease = client.lease().await.unwrap();
            lease.cmd("SELECT").arg(1).query::<()>().await.unwrap();
            let info: String = lease.cmd("CLIENT").arg("INFO").query().await.unwrap();
            assert!(info.contains(" db=1 "), "{info}");
            let err = lease.cmd("SUBSCRIBE").arg("x").query::<Value>().await.unwrap_err();
            assert!(matches!(err, Error::Refused { .. }), "{err:?}");
        }
        for _ in 0..8 {
            let lease = client.lease().await.unwrap();
            let info: String = lease.cmd("CLIENT").arg("INFO").query().await.unwrap();
            assert!(info.contains(" db=0 "), "a lease came back on another db: {info}");
        }
    }

    /// The password changes and the connections are killed: requests waiting for the
    /// reconnect end, in bounded time with the default config, with the auth error.
    async fn a_changed_password_ends_requests_with_the_auth_error(rt) {
        let server = RedisServer::builder().requirepass("old").start().unwrap();
        let client = rt.connect(&server.auth_url()).await.unwrap();
        client.set("k", "v").await.unwrap();
        let mut raw = server.raw().unwrap();
        raw.command_ok(&["AUTH", "old"]).unwrap();
        raw.command_ok(&["CONFIG", "SET", "requirepass", "new"]).unwrap();
        raw.command(&["CLIENT", "KILL", "TYPE", "normal"]).unwrap();
        let started = Instant::now();
        let err = loop {
            match client.get::<Option<String>>("k").await {
                // A GET written just before the kill landed may see the loss itself.
                Err(Error::ConnectionLost) => continue,
                other => break other.unwrap_err(),
            }
        };
        let waited = started.elapsed();
        eprintln!("{}: {err} after {waited:?}", R::NAME);
        assert_eq!(server_kind(&err), Some(ServerErrorKind::WrongPass), "{err:?}");
        assert!(!err.may_have_run(), "{err:?}");
        assert!(waited < Duration::from_secs(12), "{waited:?}");
    }

    /// A blocking command waits its own block time; the response timeout only comes on top.
    async fn a_blocking_command_outlives_a_short_response_timeout(rt) {
        let server = RedisServer::start().unwrap();
        let config = Config::from_url(&server.url())
            .unwrap()
            .with_response_timeout(Duration::from_millis(200));
        let client = rt.connect_config(config).await.unwrap();
        let list = format!("{}empty", unique_prefix());
        let started = Instant::now();
        let moved: Option<String> = client
            .blmove(&list, "elsewhere", Direction::Left, Direction::Right, 1.0)
            .await
            .unwrap();
        assert_eq!(moved, None);
        assert!(started.elapsed() >= Duration::from_millis(900), "{:?}", started.elapsed());
        // The same on a lease of one's own.
        let lease = client.lease().await.unwrap();
        let popped: Option<(String, String)> = lease.blpop(&list, 0.5).await.unwrap();
        assert_eq!(popped, None);
    }

    /// A server at its client limit refuses the handshake: that is a failed connect with the
    /// server's error, not a success followed by "connection lost".
    async fn a_full_server_is_a_failed_connect(rt) {
        let server = RedisServer::builder().args(["--maxclients", "1"]).start().unwrap();
        let first = rt.connect(&server.url()).await.unwrap();
        first.set("k", "v").await.unwrap();
        let err = rt.connect(&server.url()).await.map(|_| ()).unwrap_err();
        assert!(err.to_string().contains("max number of clients"), "{err}");
        assert_eq!(first.get::<String>("k").await.unwrap(), "v");
    }

    /// A WATCH transaction cut by a server restart says the connection was lost, never that
    /// the client is closed.
    async fn a_transaction_cut_by_a_restart_says_so(rt) {
        let mut server = RedisServer::start().unwrap();
        let client = rt.connect(&server.url()).await.unwrap();
        let lease = client.lease().await.unwrap();
        lease.watch("k").await.unwrap();
        server.restart().unwrap();
        let mut tx = lease.multi();
        resp_core::PipelineCommands::set(&mut tx, "k", 1);
        let err = lease.exec::<Value>(&tx).await.unwrap_err();
        assert!(matches!(err, Error::ConnectionLost | Error::LostBeforeSending), "{err:?}");
        assert!(!err.to_string().contains("client is closed"), "{err}");
        drop(lease);
        // The shared client itself reconnects.
        let started = Instant::now();
        while client.set("k", 2).await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(20));
            rt.sleep(Duration::from_millis(50)).await;
        }
    }
}
