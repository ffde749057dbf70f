//! Smoke tests against throwaway `redis-server` processes (the big suite is in the `tests`
//! crate).

use std::collections::HashMap;
use std::time::Duration;

use client_tokio::{
    AsyncCommands, Client, Config, Error, PipelineCommands, ProtocolVersion, Value,
};
use resp_core::ServerErrorKind;

#[path = "../examples/support/server.rs"]
mod server;

fn start(extra: &[&str]) -> server::Throwaway {
    server::start_throwaway_with(extra).expect("redis-server")
}

fn url(server: &server::Throwaway) -> String {
    format!("redis://127.0.0.1:{}", server.port)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_and_pipelines_in_both_protocols() {
    let server = start(&[]);
    for protocol in [ProtocolVersion::Resp2, ProtocolVersion::Resp3] {
        let config = Config::from_url(&url(&server))
            .unwrap()
            .with_protocol(protocol);
        let client = Client::with_config(config).await.unwrap();
        client.set("a", 1).await.unwrap();
        assert_eq!(client.incr("a").await.unwrap(), 2);
        let a: Option<String> = client.get("a").await.unwrap();
        assert_eq!(a.as_deref(), Some("2"));
        client.hset("h", "f", "v").await.unwrap();
        let h: HashMap<String, String> = client.hgetall("h").await.unwrap();
        assert_eq!(h.get("f").map(String::as_str), Some("v"));

        let mut pipe = client.pipeline();
        pipe.set("a", 1).incr("a").get("a");
        let ((), n, a): ((), i64, String) = pipe.execute().await.unwrap();
        assert_eq!((n, a.as_str()), (2, "2"));

        // A runtime error inside EXEC stays at its position.
        let mut pipe = client.pipeline();
        pipe.incr("a").incr("h").get("a");
        let values = pipe.execute_values().await.unwrap();
        assert_eq!(values.len(), 3);
        assert!(values[1].is_error());
        assert_eq!(values[2], Value::BulkString("3".into()));

        // A command refused at queue time aborts the transaction: nothing ran.
        let mut pipe = client.pipeline();
        pipe.incr("a");
        pipe.cmd("NOSUCHCOMMAND");
        match pipe.execute_values().await {
            Err(Error::ExecAbort { position: 1, .. }) => {}
            other => panic!("expected ExecAbort, got {other:?}"),
        }
        let a: i64 = client.get("a").await.unwrap();
        assert_eq!(a, 3);

        let mut pipe = client.pipeline().non_atomic();
        pipe.incr("a").incr("h").incr("a");
        let replies = pipe.execute_values().await.unwrap();
        assert_eq!(replies[0], Value::Integer(4));
        assert!(replies[1].is_error());
        assert_eq!(replies[2], Value::Integer(5));

        let freq: i64 = client.cmd("STRLEN").arg("a").query().await.unwrap();
        assert_eq!(freq, 1);
        let err = client.incr("h").await.unwrap_err();
        assert_eq!(
            err.server_error().map(|e| e.kind()),
            Some(&ServerErrorKind::WrongType)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_tasks_share_one_connection_without_cross_talk() {
    let server = start(&[]);
    let client = Client::connect(&url(&server)).await.unwrap();
    let id: i64 = client.cmd("CLIENT").arg("ID").query().await.unwrap();
    let mut tasks = Vec::new();
    for task in 0..500 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..20 {
                let key = format!("k{task}");
                let value = format!("{task}-{i}");
                client.set(key.as_str(), value.as_str()).await.unwrap();
                let got: String = client.get(key.as_str()).await.unwrap();
                assert_eq!(got, value);
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    // Still the same single connection.
    let again: i64 = client.cmd("CLIENT").arg("ID").query().await.unwrap();
    assert_eq!(id, again);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_futures_do_not_desync_the_connection() {
    let server = start(&[]);
    let client = Client::connect(&url(&server)).await.unwrap();
    for i in 0..200 {
        client.set(format!("d{i}").as_str(), i).await.unwrap();
    }
    let mut workers = Vec::new();
    for i in 0..200i64 {
        let client = client.clone();
        workers.push(tokio::spawn(async move {
            let key = format!("d{i}");
            // Give up on a request at once, half-way, or not at all.
            let doomed = client.get::<i64>(key.as_str());
            let _ = tokio::time::timeout(Duration::from_micros((i % 3) as u64 * 50), doomed).await;
            let mut pipe = client.pipeline();
            pipe.get(key.as_str()).get(key.as_str());
            let dropped = pipe.execute_values();
            let _ = tokio::time::timeout(Duration::from_micros((i % 5) as u64 * 30), dropped).await;
            let value: i64 = client.get(key.as_str()).await.unwrap();
            assert_eq!(value, i);
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_name_and_password_from_the_config() {
    let server = start(&["--requirepass", "s3cret"]);
    let url = format!("redis://:s3cret@127.0.0.1:{}/3", server.port);
    let config = Config::from_url(&url).unwrap().with_client_name("smoke");
    let client = Client::with_config(config).await.unwrap();
    client.set("in3", "yes").await.unwrap();
    let name: String = client.cmd("CLIENT").arg("GETNAME").query().await.unwrap();
    assert_eq!(name, "smoke");
    let info: String = client.cmd("CLIENT").arg("INFO").query().await.unwrap();
    assert!(info.contains(" db=3 "), "{info}");
    assert!(!format!("{client:?}").contains("s3cret"));

    let wrong = format!("redis://:nope@127.0.0.1:{}", server.port);
    let err = Client::connect(&wrong).await.unwrap_err();
    assert_eq!(
        err.server_error().map(|e| e.kind()),
        Some(&ServerErrorKind::WrongPass),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unix_socket() {
    let server = start(&[
        "--unixsocket",
        "{dir}/redis.sock",
        "--unixsocketperm",
        "700",
    ]);
    let path = server.dir().join("redis.sock");
    let client = Client::connect(&format!("redis+unix://{}?db=2", path.display()))
        .await
        .unwrap();
    client.set("u", "x").await.unwrap();
    let info: String = client.cmd("CLIENT").arg("INFO").query().await.unwrap();
    assert!(info.contains(" db=2 "), "{info}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocking_commands_do_not_stall_the_shared_connection() {
    let server = start(&[]);
    let client = Client::connect(&url(&server)).await.unwrap();
    let blocked = {
        let client = client.clone();
        tokio::spawn(async move { client.blpop::<Option<(String, String)>>("queue", 5.0).await })
    };
    let start = std::time::Instant::now();
    for i in 0..100 {
        client.set("x", i).await.unwrap();
    }
    assert!(start.elapsed() < Duration::from_secs(2));
    client.rpush("queue", "job").await.unwrap();
    let popped = blocked.await.unwrap().unwrap();
    assert_eq!(popped, Some(("queue".to_owned(), "job".to_owned())));
}
