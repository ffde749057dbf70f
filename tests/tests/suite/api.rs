//! The everyday API against real servers: JSON values, `()` replies, errors a caller acts on,
//! scan streams without pinning, typed pub/sub payloads and subscriptions that end.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use cureds_core::prelude::*;
use serde::{Deserialize, Serialize};
use tests::{shared_server, unique_prefix, Action, FakeServer, Protocol, RedisServer, TestRuntime};

fn server() -> Arc<RedisServer> {
    shared_server("api", RedisServer::builder).expect("redis-server starts")
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct User {
    name: String,
    age: u32,
    tags: Vec<String>,
}

fn ada() -> User {
    User {
        name: "Ada".into(),
        age: 36,
        tags: vec!["math".into()],
    }
}

/// Serialisation fails for a map whose keys are not strings.
fn unencodable() -> HashMap<(u8, u8), u8> {
    HashMap::from([((1, 2), 3)])
}

async fn next_within<R: TestRuntime>(
    rt: R,
    sub: &mut cureds_core::Subscription<R::Rt>,
) -> Option<Message> {
    rt.timeout(Duration::from_secs(10), sub.next())
        .await
        .expect("the subscription answers within 10 s")
}

tests::both_runtimes! {
    async fn json_values_in_commands_pipelines_and_scripts(rt) {
        let server = server();
        for protocol in Protocol::ALL {
            let client = rt.connect_with(&server.url(), protocol).await.unwrap();
            let p = unique_prefix();
            let key = format!("{p}user");
            client.set(&key, Json(&ada())).await.unwrap();
            let Json(user): Json<User> = client.get(&key).await.unwrap();
            assert_eq!(user, ada());
            let missing: Option<Json<User>> = client.get(format!("{p}nobody")).await.unwrap();
            assert!(missing.is_none());

            // In a hash, read back as a map of JSON values.
            client.hset(format!("{p}h"), "a", Json(&ada())).await.unwrap();
            let all: HashMap<String, Json<User>> = client.hgetall(format!("{p}h")).await.unwrap();
            assert_eq!(all["a"].0, ada());

            // In a pipeline, as argument and as reply.
            let mut pipe = client.pipeline();
            pipe.set(format!("{p}n"), Json(vec![1, 2, 3])).get(format!("{p}n"));
            let ((), Json(numbers)): ((), Json<Vec<u32>>) = pipe.execute().await.unwrap();
            assert_eq!(numbers, [1, 2, 3]);

            // As a script argument and a script reply.
            let echo = Script::new("return ARGV[1]");
            let Json(back): Json<User> = client.invoke_script(&echo, (), Json(&ada())).await.unwrap();
            assert_eq!(back, ada());

            // Any serde codec through `Encoded`.
            client.set(&key, Encoded::<JsonCodec, _>::new(ada())).await.unwrap();
            let user: Encoded<JsonCodec, User> = client.get(&key).await.unwrap();
            assert_eq!(user.value, ada());
        }
    }

    async fn json_failures_are_codec_errors_with_their_source(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let key = format!("{}k", unique_prefix());

        // Encoding fails when the command is sent, and nothing is sent.
        let err = client.set(&key, Json(unencodable())).await.unwrap_err();
        assert!(matches!(err, Error::Codec { format: "JSON", direction: CodecDirection::Encode, .. }), "{err:?}");
        assert!(!err.may_have_run());
        let source = std::error::Error::source(&err).expect("the serde_json error");
        assert!(source.downcast_ref::<serde_json::Error>().is_some(), "{source}");
        assert_eq!(client.exists(&key).await.unwrap(), 0, "nothing was sent");

        // The same in a pipeline: no command of it runs.
        let mut pipe = client.pipeline();
        pipe.set(&key, "v").set(format!("{key}2"), Json(unencodable()));
        let err = pipe.execute::<Value>().await.unwrap_err();
        assert!(matches!(err, Error::Codec { .. }), "{err:?}");
        assert_eq!(client.exists(&key).await.unwrap(), 0, "nothing was sent");

        // A reply that is not JSON for the type.
        client.set(&key, "not json").await.unwrap();
        let err = client.get::<Json<User>>(&key).await.unwrap_err();
        assert!(matches!(err, Error::Codec { direction: CodecDirection::Decode, .. }), "{err:?}");
        assert!(err.may_have_run());
        assert!(std::error::Error::source(&err).unwrap().downcast_ref::<serde_json::Error>().is_some());
    }

    async fn unit_refuses_a_reply_that_carries_a_value(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let key = format!("{}k", unique_prefix());
        // Nil carries nothing: no value is lost.
        let () = client.get(&key).await.unwrap();
        client.set(&key, "a value").await.unwrap();
        let err = client.get::<()>(&key).await.unwrap_err();
        match err {
            Error::Type(e) => assert!(e.received.contains("a value"), "{e}"),
            other => panic!("expected a type error, got {other:?}"),
        }
        // Replies of write commands still fit `()`.
        let () = client.cmd("SET").arg(&key).arg(1).query().await.unwrap();
        let () = client.cmd("DEL").arg(&key).query().await.unwrap();
        let mut pipe = client.pipeline();
        pipe.set(&key, 1).incr(&key).expire(&key, 100);
        let () = pipe.execute().await.unwrap();
    }

    async fn scan_streams_need_no_pinning_and_no_import(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let p = unique_prefix();
        for i in 0..250 {
            client.set(format!("{p}{i}"), i).await.unwrap();
        }
        client.hset(format!("{p}hash"), "f1", 1).await.unwrap();
        client.hset(format!("{p}hash"), "f2", 2).await.unwrap();
        // `.next()` straight on the stream: no `pin!`, no `StreamExt`.
        let mut keys = client.scan_iter::<String>(ScanOptions::new().pattern(format!("{p}*")).count(20));
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = keys.next().await {
            seen.insert(key.unwrap());
        }
        assert_eq!(seen.len(), 251);
        let mut fields = client.hscan_iter::<String, i64>(format!("{p}hash"), ScanOptions::new());
        let mut pairs = Vec::new();
        while let Some(pair) = fields.next().await {
            pairs.push(pair.unwrap());
        }
        pairs.sort();
        assert_eq!(pairs, [("f1".to_owned(), 1), ("f2".to_owned(), 2)]);
        // And through `futures_lite::StreamExt` as well (the stream is `Unpin`).
        let mut keys = client.scan_iter::<String>(ScanOptions::new().pattern(format!("{p}1*")));
        let first = futures_lite::StreamExt::next(&mut keys).await;
        assert!(first.unwrap().unwrap().starts_with(&p));
    }

    async fn xgroup_create_twice_is_busygroup(rt) {
        let server = server();
        let client = rt.connect(&server.url()).await.unwrap();
        let stream = format!("{}s", unique_prefix());
        client.xgroup_create(&stream, "g", "$", true).await.unwrap();
        let err = client.xgroup_create(&stream, "g", "$", true).await.unwrap_err();
        assert_eq!(err.server_kind(), Some(&ServerErrorKind::BusyGroup), "{err:?}");
        let err = client.xreadgroup("g2", "c", &stream, ">", XReadOptions::new()).await.unwrap_err();
        assert_eq!(err.server_kind(), Some(&ServerErrorKind::NoGroup), "{err:?}");
        let err = client.cmd("EVALSHA").arg("0000000000000000000000000000000000000000").arg(0).query::<Value>().await.unwrap_err();
        assert_eq!(err.server_kind(), Some(&ServerErrorKind::NoScript), "{err:?}");
    }

    async fn typed_payloads_and_subscriptions_that_end(rt) {
        let server = server();
        for protocol in Protocol::ALL {
            let client = rt.connect_with(&server.url(), protocol).await.unwrap();
            let p = unique_prefix();
            let (scores, users) = (format!("{p}scores"), format!("{p}users"));
            let mut sub = client.subscribe(&scores).await.unwrap();
            sub.psubscribe(format!("{p}user*")).await.unwrap();
            client.publish(&scores, 42).await.unwrap();
            client.publish(&users, Json(&ada())).await.unwrap();
            let message = next_within(rt, &mut sub).await.unwrap();
            assert_eq!(message.payload::<i64>().unwrap(), 42);
            let message = next_within(rt, &mut sub).await.unwrap();
            assert_eq!(message.json::<User>().unwrap(), ada());
            assert_eq!(message.payload::<Json<User>>().unwrap().0, ada());
            assert!(matches!(message.payload::<i64>(), Err(Error::Type(_))));

            // Unsubscribing from one of two keeps the stream open ...
            sub.unsubscribe(&scores).await.unwrap();
            assert!(!sub.is_closed());
            client.publish(&users, "still here").await.unwrap();
            assert_eq!(next_within(rt, &mut sub).await.unwrap().payload::<String>().unwrap(), "still here");
            // ... and from the last one ends it, after what arrived before.
            client.publish(&users, "last").await.unwrap();
            rt.sleep(Duration::from_millis(100)).await;
            sub.punsubscribe(()).await.unwrap();
            assert!(sub.is_closed());
            assert_eq!(next_within(rt, &mut sub).await.unwrap().payload::<String>().unwrap(), "last");
            assert!(next_within(rt, &mut sub).await.is_none(), "{protocol:?}");

            // `close` unsubscribes from everything and ends the stream.
            let mut sub = client.subscribe(&scores).await.unwrap();
            sub.psubscribe(format!("{p}user*")).await.unwrap();
            sub.close().await.unwrap();
            assert!(next_within(rt, &mut sub).await.is_none());
            assert_eq!(client.publish(&scores, "nobody").await.unwrap(), 0);
        }
    }

    async fn config_without_a_url_and_the_two_timeouts(rt) {
        let server = server();
        let config = Config::tcp("127.0.0.1", server.port()).with_client_name("api-test");
        let client = rt.connect_config(config).await.unwrap();
        let key = format!("{}flag", unique_prefix());
        client.set(&key, true).await.unwrap();
        assert!(client.get::<bool>(&key).await.unwrap());
        assert_eq!(client.get::<String>(&key).await.unwrap(), "1");

        // The handshake timing out is ConnectTimeout (nothing sent), a reply timing out is
        // Timeout (it may have run); both are timeouts.
        let silent = FakeServer::start(|_| Some(vec![Action::Stall])).unwrap();
        let config = Config::from_url(&silent.url()).unwrap().with_connect_timeout(Duration::from_millis(200));
        let err = rt.connect_config(config).await.map(|_| ()).unwrap_err();
        assert!(matches!(err, Error::ConnectTimeout) && err.is_timeout() && !err.may_have_run(), "{err:?}");
        let stalls_on_get = FakeServer::start(|r| (r.name() == "GET").then(|| vec![Action::Stall])).unwrap();
        let config = Config::from_url(&stalls_on_get.url()).unwrap().with_response_timeout(Duration::from_millis(200));
        let slow = rt.connect_config(config).await.unwrap();
        let err = slow.get::<Option<String>>("k").await.unwrap_err();
        assert!(matches!(err, Error::Timeout) && err.is_timeout() && err.may_have_run(), "{err:?}");
    }
}
