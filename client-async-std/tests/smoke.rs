//! Smoke tests against throwaway `redis-server` processes, each run under the async-std
//! executor and under the smol executor.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use client_async_std::{
    AsyncCommands, Client, Config, Error, PipelineCommands, ProtocolVersion, Value,
};
use resp_core::ServerErrorKind;

#[path = "../../client-tokio/examples/support/server.rs"]
mod server;

type Task = Pin<Box<dyn Future<Output = ()> + Send>>;
/// Spawns a task on the executor under test.
type Spawn = fn(Task) -> Task;

fn spawn_async_std(task: Task) -> Task {
    Box::pin(async_std::task::spawn(task))
}

fn spawn_smol(task: Task) -> Task {
    Box::pin(smol::spawn(task))
}

/// One `#[test]` per executor for an `async fn(Spawn)`.
macro_rules! on_both_executors {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn async_std() {
                async_std::task::block_on(super::$name(super::spawn_async_std));
            }
            #[test]
            fn smol() {
                smol::block_on(super::$name(super::spawn_smol));
            }
        }
    )*};
}

on_both_executors!(
    commands_and_pipelines,
    many_tasks_one_connection,
    dropped_futures_do_not_desync,
    unix_socket_and_db,
    blocking_commands_do_not_stall,
);

fn start(extra: &[&str]) -> server::Throwaway {
    server::start_throwaway_with(extra).expect("redis-server")
}

fn url(server: &server::Throwaway) -> String {
    format!("redis://127.0.0.1:{}", server.port)
}

async fn commands_and_pipelines(_: Spawn) {
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

        let mut pipe = client.pipeline();
        pipe.set("a", 1).incr("a").get("a");
        let ((), n, a): ((), i64, String) = pipe.execute().await.unwrap();
        assert_eq!((n, a.as_str()), (2, "2"));

        client.hset("h", "f", "v").await.unwrap();
        let mut pipe = client.pipeline().non_atomic();
        pipe.incr("a").incr("h").incr("a");
        let replies = pipe.execute_values().await.unwrap();
        assert_eq!(replies[0], Value::Integer(3));
        assert!(replies[1].is_error());
        assert_eq!(replies[2], Value::Integer(4));

        let mut pipe = client.pipeline();
        pipe.incr("a");
        pipe.cmd("NOSUCHCOMMAND");
        assert!(matches!(
            pipe.execute_values().await,
            Err(Error::ExecAbort { position: 1, .. })
        ));
        let err = client.incr("h").await.unwrap_err();
        assert_eq!(
            err.server_error().map(|e| e.kind()),
            Some(&ServerErrorKind::WrongType)
        );
    }
}

async fn many_tasks_one_connection(spawn: Spawn) {
    let server = start(&[]);
    let client = Client::connect(&url(&server)).await.unwrap();
    let id: i64 = client.cmd("CLIENT").arg("ID").query().await.unwrap();
    let mut tasks = Vec::new();
    for task in 0..300 {
        let client = client.clone();
        tasks.push(spawn(Box::pin(async move {
            for i in 0..20 {
                let key = format!("k{task}");
                let value = format!("{task}-{i}");
                client.set(key.as_str(), value.as_str()).await.unwrap();
                let got: String = client.get(key.as_str()).await.unwrap();
                assert_eq!(got, value);
            }
        })));
    }
    for task in tasks {
        task.await;
    }
    let again: i64 = client.cmd("CLIENT").arg("ID").query().await.unwrap();
    assert_eq!(id, again);
}

async fn dropped_futures_do_not_desync(spawn: Spawn) {
    let server = start(&[]);
    let client = Client::connect(&url(&server)).await.unwrap();
    for i in 0..100 {
        client.set(format!("d{i}").as_str(), i).await.unwrap();
    }
    let mut workers = Vec::new();
    for i in 0..100i64 {
        let client = client.clone();
        workers.push(spawn(Box::pin(async move {
            let key = format!("d{i}");
            let doomed = client.get::<i64>(key.as_str());
            let _ = futures_lite::future::or(async { Some(doomed.await) }, async {
                async_io::Timer::after(Duration::from_micros(i as u64 % 3 * 50)).await;
                None
            })
            .await;
            let value: i64 = client.get(key.as_str()).await.unwrap();
            assert_eq!(value, i);
        })));
    }
    for worker in workers {
        worker.await;
    }
}

async fn unix_socket_and_db(_: Spawn) {
    let server = start(&[
        "--unixsocket",
        "{dir}/redis.sock",
        "--unixsocketperm",
        "700",
    ]);
    let path = server.dir().join("redis.sock");
    let client = Client::connect(&format!("unix://{}?db=4", path.display()))
        .await
        .unwrap();
    client.set("u", "x").await.unwrap();
    let info: String = client.cmd("CLIENT").arg("INFO").query().await.unwrap();
    assert!(info.contains(" db=4 "), "{info}");
}

async fn blocking_commands_do_not_stall(spawn: Spawn) {
    let server = start(&[]);
    let client = Client::connect(&url(&server)).await.unwrap();
    let (done, popped) = async_channel::bounded(1);
    let blocked = {
        let client = client.clone();
        spawn(Box::pin(async move {
            let got = client.blpop::<Option<(String, String)>>("queue", 5.0).await;
            let _ = done.send(got).await;
        }))
    };
    let start = Instant::now();
    for i in 0..100 {
        client.set("x", i).await.unwrap();
    }
    assert!(start.elapsed() < Duration::from_secs(2));
    client.rpush("queue", "job").await.unwrap();
    blocked.await;
    let got = popped.recv().await.unwrap().unwrap();
    assert_eq!(got, Some(("queue".to_owned(), "job".to_owned())));
}

#[test]
fn response_timeout_under_a_plain_block_on() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().unwrap();
        let mut buf = [0u8; 1024];
        let _ = socket.read(&mut buf);
        let _ = socket.write_all(b"-ERR unknown command 'HELLO'\r\n");
        let _ = socket.read(&mut buf);
        std::thread::sleep(Duration::from_millis(300));
        let _ = socket.write_all(b"$4\r\nlate\r\n");
        let _ = socket.read(&mut buf);
        let _ = socket.write_all(b"$5\r\nfresh\r\n");
        std::thread::sleep(Duration::from_millis(200));
    });
    futures_lite::future::block_on(async {
        let config = Config::from_url(&format!("redis://127.0.0.1:{port}"))
            .unwrap()
            .with_response_timeout(Duration::from_millis(100));
        let client = Client::with_config(config).await.unwrap();
        assert!(matches!(
            client.get::<String>("k").await,
            Err(Error::Timeout)
        ));
        async_io::Timer::after(Duration::from_millis(300)).await;
        let fresh: String = client.get("k").await.unwrap();
        assert_eq!(fresh, "fresh");
    });
}
