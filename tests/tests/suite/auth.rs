//! Connection options from the URL, each on its own server: ACL users, `requirepass`, the
//! database number, the unix socket.

use cureds_core::AsyncCommands;
use resp_core::{ServerErrorKind, Value};
use tests::RedisServer;

tests::both_runtimes! {
    async fn acl_user_from_the_url(rt) {
        let server = RedisServer::builder().acl_user("alice", "secret").start().unwrap();
        let url = format!("redis://alice:secret@127.0.0.1:{}", server.port());
        let client = rt.connect(&url).await.unwrap();
        let me: String = client.cmd("ACL").arg("WHOAMI").query().await.unwrap();
        assert_eq!(me, "alice");
        // Neither the client nor its configuration shows the password.
        assert!(!format!("{client:?}").contains("secret"), "{client:?}");
        let config = resp_core::Config::from_url(&url).unwrap();
        assert!(!format!("{config:?}").contains("secret"), "{config:?}");
        client.set("k", "v").await.unwrap();
    }

    async fn wrong_password_is_wrongpass(rt) {
        let server = RedisServer::builder().acl_user("alice", "secret").start().unwrap();
        let url = format!("redis://alice:hunter2x@127.0.0.1:{}", server.port());
        let err = rt.connect(&url).await.map(|_| ()).unwrap_err();
        assert_eq!(err.server_error().map(|e| e.kind().clone()), Some(ServerErrorKind::WrongPass), "{err}");
        // The error does not leak the password, in Display or Debug.
        assert!(!format!("{err:?}{err}").contains("hunter2x"), "{err:?}");
        let url = format!("redis://nobody:secret@127.0.0.1:{}", server.port());
        let err = rt.connect(&url).await.map(|_| ()).unwrap_err();
        assert_eq!(err.server_error().map(|e| e.kind().clone()), Some(ServerErrorKind::WrongPass), "{err}");
    }

    async fn requirepass_from_the_url(rt) {
        let server = RedisServer::builder().requirepass("pw").start().unwrap();
        let client = rt.connect(&server.auth_url()).await.unwrap();
        assert_eq!(client.incr("n").await.unwrap(), 1);
        // Without the password the server refuses commands (NOAUTH), whether the client finds
        // out while connecting or on its first command.
        match rt.connect(&server.url()).await {
            Err(err) => assert_eq!(err.server_error().map(|e| e.kind().clone()), Some(ServerErrorKind::NoAuth), "{err}"),
            Ok(client) => {
                let err = client.incr("n").await.unwrap_err();
                assert_eq!(err.server_error().map(|e| e.kind().clone()), Some(ServerErrorKind::NoAuth), "{err}");
            }
        }
    }

    async fn database_from_the_url(rt) {
        let server = RedisServer::start().unwrap();
        let client = rt.connect(&server.url_with_db(3)).await.unwrap();
        client.set("where", "three").await.unwrap();
        // Check behind the client's back, on a raw connection.
        let mut raw = server.raw().unwrap();
        assert_eq!(raw.command(&["EXISTS", "where"]).unwrap(), Value::Integer(0));
        assert_eq!(raw.command_ok(&["SELECT", "3"]).unwrap(), "OK");
        assert_eq!(raw.command(&["GET", "where"]).unwrap(), Value::BulkString("three".into()));
        // A database the server does not have fails the connection clearly.
        let err = rt.connect(&server.url_with_db(99)).await.map(|_| ()).unwrap_err();
        assert!(err.server_error().is_some(), "{err}");
    }

    async fn unix_socket(rt) {
        let server = RedisServer::builder().unix_socket().start().unwrap();
        let url = server.unix_url().unwrap();
        let client = rt.connect(&url).await.unwrap();
        client.set("over", "unix").await.unwrap();
        let v: String = client.get("over").await.unwrap();
        assert_eq!(v, "unix");
        let with_db = format!("{url}?db=2");
        let client = rt.connect(&with_db).await.unwrap();
        client.set("db2", "yes").await.unwrap();
        let mut raw = server.raw().unwrap();
        raw.command_ok(&["SELECT", "2"]).unwrap();
        assert_eq!(raw.command(&["GET", "db2"]).unwrap(), Value::BulkString("yes".into()));
    }
}
