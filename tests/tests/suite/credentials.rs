//! Credentials from a provider, asked at every handshake: rotated passwords are used on
//! reconnect, a wrong secret fails requests in bounded time, live connections
//! re-authenticate without being dropped, and no secret shows in errors.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cureds_core::{credentials_fn, AsyncCommands, Config, Credentials, Error};
use resp_core::ServerErrorKind;
use tests::{RedisServer, TestRuntime};

/// A provider handing out whatever `secret` holds, counting its calls.
#[derive(Clone)]
struct Rotating {
    secret: Arc<Mutex<Credentials>>,
    calls: Arc<AtomicUsize>,
}

impl Rotating {
    fn new(credentials: Credentials) -> Self {
        Rotating {
            secret: Arc::new(Mutex::new(credentials)),
            calls: Arc::default(),
        }
    }

    fn set(&self, credentials: Credentials) {
        *self.secret.lock().unwrap() = credentials;
    }

    fn config(&self, server: &RedisServer) -> Config {
        let (secret, calls) = (self.secret.clone(), self.calls.clone());
        Config::from_url(&server.url())
            .unwrap()
            .with_credentials_provider(credentials_fn(move || {
                calls.fetch_add(1, Ordering::SeqCst);
                let credentials = secret.lock().unwrap().clone();
                async move { Ok(credentials) }
            }))
    }
}

/// Runs INCR until it succeeds (the first tries may meet the killed connection), within 10 s.
async fn incr_until_ok<R: TestRuntime>(rt: R, client: &tests::ClientOf<R>, key: &str) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match client.incr(key).await {
            Ok(n) => return n,
            Err(e) if Instant::now() < deadline => {
                assert!(
                    !e.may_have_run() || matches!(e, Error::ConnectionLost),
                    "{e:?}"
                );
                rt.sleep(Duration::from_millis(10)).await;
            }
            Err(e) => panic!("no reconnect within 10 s: {e:?}"),
        }
    }
}

tests::both_runtimes! {
    async fn a_rotated_requirepass_is_used_on_reconnect(rt) {
        let server = RedisServer::builder().requirepass("old-secret").start().unwrap();
        let mut admin = server.raw().unwrap();
        let provider = Rotating::new(Credentials::password("old-secret"));
        let client = rt.connect_config(provider.config(&server)).await.unwrap();
        assert_eq!(client.incr("n").await.unwrap(), 1);
        admin.command_ok(&["CONFIG", "SET", "requirepass", "new-secret"]).unwrap();
        provider.set(Credentials::password("new-secret"));
        admin.command(&["CLIENT", "KILL", "TYPE", "normal"]).unwrap();
        assert_eq!(incr_until_ok(rt, &client, "n").await, 2);
        assert!(provider.calls.load(Ordering::SeqCst) >= 2);
        // Leased connections ask the provider too.
        let lease = client.lease().await.unwrap();
        let popped: Option<(String, String)> = lease.blpop("nothing", 0.1).await.unwrap();
        assert_eq!(popped, None);
    }

    async fn a_rotated_acl_password_is_used_on_reconnect(rt) {
        let server = RedisServer::builder().acl_user("app", "pw-1").start().unwrap();
        let mut admin = server.raw().unwrap();
        let provider = Rotating::new(Credentials::new("app", "pw-1"));
        let client = rt.connect_config(provider.config(&server)).await.unwrap();
        assert_eq!(client.incr("n").await.unwrap(), 1);
        admin.command_ok(&["ACL", "SETUSER", "app", "resetpass", ">pw-2"]).unwrap();
        provider.set(Credentials::new("app", "pw-2"));
        admin.command(&["CLIENT", "KILL", "USER", "app"]).unwrap();
        assert_eq!(incr_until_ok(rt, &client, "n").await, 2);
        let me: String = client.cmd("ACL").arg("WHOAMI").query().await.unwrap();
        assert_eq!(me, "app");
    }

    async fn a_wrong_secret_fails_requests_in_bounded_time(rt) {
        let server = RedisServer::builder().acl_user("app", "pw-1").start().unwrap();
        let mut admin = server.raw().unwrap();
        let provider = Rotating::new(Credentials::new("app", "pw-1"));
        let config = provider.config(&server).with_reconnect_wait(Duration::from_millis(500));
        let client = rt.connect_config(config).await.unwrap();
        assert_eq!(client.incr("n").await.unwrap(), 1);
        admin.command_ok(&["ACL", "SETUSER", "app", "resetpass", ">pw-2"]).unwrap();
        provider.set(Credentials::new("app", "stale-secret"));
        admin.command(&["CLIENT", "KILL", "USER", "app"]).unwrap();
        let started = Instant::now();
        let err = loop {
            match client.incr("n").await {
                Err(Error::ConnectionDown { last_error }) => break *last_error,
                Err(e) => assert!(started.elapsed() < Duration::from_secs(5), "{e:?}"),
                Ok(_) => panic!("a stale secret authenticated"),
            }
        };
        assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
        assert_eq!(err.server_error().map(|e| e.kind().clone()), Some(ServerErrorKind::WrongPass), "{err}");
        assert!(!format!("{err:?}{err}").contains("stale-secret"), "{err:?}");
        // Once the provider has the right secret, the client recovers by itself.
        provider.set(Credentials::new("app", "pw-2"));
        assert_eq!(incr_until_ok(rt, &client, "n").await, 2);
    }

    async fn reauthenticate_keeps_the_connection(rt) {
        let server = RedisServer::builder().acl_user("alice", "a-pw").acl_user("bob", "b-pw").start().unwrap();
        let provider = Rotating::new(Credentials::new("alice", "a-pw"));
        let client = rt.connect_config(provider.config(&server)).await.unwrap();
        let id: i64 = client.cmd("CLIENT").arg("ID").query().await.unwrap();
        provider.set(Credentials::new("bob", "b-pw"));
        client.reauthenticate().await.unwrap();
        let me: String = client.cmd("ACL").arg("WHOAMI").query().await.unwrap();
        assert_eq!(me, "bob");
        let same: i64 = client.cmd("CLIENT").arg("ID").query().await.unwrap();
        assert_eq!(same, id, "the connection was replaced");
        // Refused credentials leave the connection as it was and say WRONGPASS, no secret.
        provider.set(Credentials::new("bob", "not-bobs-pw"));
        let err = client.reauthenticate().await.unwrap_err();
        assert_eq!(err.server_error().map(|e| e.kind().clone()), Some(ServerErrorKind::WrongPass), "{err}");
        assert!(!format!("{err:?}{err}").contains("not-bobs-pw"), "{err:?}");
        let me: String = client.cmd("ACL").arg("WHOAMI").query().await.unwrap();
        assert_eq!(me, "bob");
        // The provider never shows in the configuration's Debug output.
        assert!(!format!("{:?}", client.config()).contains("b-pw"));
    }
}
