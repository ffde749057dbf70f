//! Reconnects the server refuses for a reason waiting will not clear (a changed password, a
//! full server, a credentials provider with nothing newer) end the requests waiting for them
//! at once, not after `reconnect_wait`, and so do requests made meanwhile; the client keeps
//! reconnecting and recovers by itself once the cause is gone.
//!
//! Every client here lets requests wait [`LONG_WAIT`] for a reconnect (and for their
//! reply), and every request must end within [`PATIENCE`], a third of that: a request that
//! ended, ended because of the refusal, not because its wait ran out.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cureds_core::{credentials_fn, AsyncCommands, Config, Credentials, Error};
use resp_core::{Lasting, ServerErrorKind};
use tests::{ClientOf, Proxy, RedisServer, TestRuntime};

/// How long requests may wait for a reconnect ([`Config::reconnect_wait`]) and for their
/// reply ([`Config::response_timeout`], which would end them first otherwise).
const LONG_WAIT: Duration = Duration::from_secs(60);
/// How long a request may take to end before the test fails.
const PATIENCE: Duration = Duration::from_secs(20);

/// `url`'s configuration with [`LONG_WAIT`], and reconnect delays of at most 200 ms, so the
/// background reconnect notices a cleared cause quickly.
fn waiting_long(url: &str) -> Config {
    let mut config = Config::from_url(url)
        .unwrap()
        .with_reconnect_wait(LONG_WAIT)
        .with_response_timeout(LONG_WAIT);
    config.reconnect_max_delay = Duration::from_millis(200);
    config
}

/// The error a GET made just after the client's connection was killed ends with, and how
/// long it took. A GET written before the loss was noticed sees the loss itself
/// ([`Error::ConnectionLost`]) and is made again.
async fn refusal<R: TestRuntime>(rt: R, client: &ClientOf<R>) -> (Error, Duration) {
    let started = Instant::now();
    let ended = rt.timeout(PATIENCE, async {
        loop {
            match client.get::<Option<String>>("k").await {
                Err(Error::ConnectionLost) => continue,
                Err(e) => return e,
                Ok(v) => panic!("the reconnect was not refused: {v:?}"),
            }
        }
    });
    let err = ended
        .await
        .unwrap_or_else(|| panic!("the request waited {PATIENCE:?} for the reconnect"));
    (err, started.elapsed())
}

/// Checks that `err` says the connection is down for a lasting reason of kind `lasting`,
/// and that a request made now ends the same way at once (it is not queued).
async fn assert_refused<R: TestRuntime>(
    rt: R,
    client: &ClientOf<R>,
    err: &Error,
    lasting: Lasting,
) {
    assert!(matches!(err, Error::ConnectionDown { .. }), "{err:?}");
    assert_eq!(err.lasting(), Some(lasting), "{err:?}");
    assert!(!err.may_have_run(), "{err:?}");
    let again = rt.timeout(PATIENCE, client.get::<Option<String>>("k"));
    let again = again.await.expect("a request made while refused waited");
    let again = again.unwrap_err();
    assert!(matches!(again, Error::ConnectionDown { .. }), "{again:?}");
    assert_eq!(again.lasting(), Some(lasting), "{again:?}");
}

/// GETs until one succeeds, within 10 s: the client reconnected by itself.
async fn recovers<R: TestRuntime>(rt: R, client: &ClientOf<R>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match client.get::<Option<String>>("k").await {
            Ok(v) => return assert_eq!(v.as_deref(), Some("v")),
            Err(e) if Instant::now() < deadline => {
                assert!(!e.may_have_run(), "{e:?}");
                rt.sleep(Duration::from_millis(20)).await;
            }
            Err(e) => panic!("no reconnect within 10 s: {e:?}"),
        }
    }
}

/// A provider that hands out `now`; once `next` is set, the call after the next one hands
/// out `next` (a secret store updated behind the client's back, between two of its calls).
#[derive(Clone)]
struct Secrets {
    now: Arc<Mutex<Credentials>>,
    next: Arc<Mutex<Option<Credentials>>>,
}

impl Secrets {
    fn new(credentials: Credentials) -> Self {
        Secrets {
            now: Arc::new(Mutex::new(credentials)),
            next: Arc::default(),
        }
    }

    fn set(&self, credentials: Credentials) {
        *self.now.lock().unwrap() = credentials;
    }

    fn set_after_next_call(&self, credentials: Credentials) {
        *self.next.lock().unwrap() = Some(credentials);
    }

    fn config(&self, server: &RedisServer) -> Config {
        let secrets = self.clone();
        waiting_long(&server.url()).with_credentials_provider(credentials_fn(move || {
            let mut now = secrets.now.lock().unwrap();
            let given = now.clone();
            if let Some(next) = secrets.next.lock().unwrap().take() {
                *now = next;
            }
            async move { Ok(given) }
        }))
    }
}

tests::both_runtimes! {
    /// The password changes and the client's connection is killed: the reconnect is refused
    /// with WRONGPASS, which no wait will change, so the request ends at once. While the
    /// next attempt hangs (behind a stalled proxy), a new request ends at once too: the last
    /// attempt was refused. Once the password is restored, the same client works again.
    async fn a_changed_password_ends_waiting_requests_at_once(rt) {
        let server = RedisServer::builder().requirepass("old").start().unwrap();
        let proxy = Proxy::start(server.addr()).unwrap();
        let mut config = waiting_long(&format!("redis://:old@{}", proxy.addr()));
        config.connect_timeout = Some(LONG_WAIT);
        let client = rt.connect_config(config).await.unwrap();
        client.set("k", "v").await.unwrap();
        let mut admin = server.raw().unwrap();
        admin.command_ok(&["CONFIG", "SET", "requirepass", "new"]).unwrap();
        admin.command(&["CLIENT", "KILL", "TYPE", "normal"]).unwrap();
        let (err, took) = refusal(rt, &client).await;
        eprintln!("{}: {err} after {took:?}", R::NAME);
        let Error::ConnectionDown { last_error } = &err else { panic!("{err:?}") };
        assert_eq!(last_error.server_kind(), Some(&ServerErrorKind::WrongPass), "{err:?}");
        proxy.stall();
        assert_refused(rt, &client, &err, Lasting::Credentials).await;
        admin.command_ok(&["CONFIG", "SET", "requirepass", "old"]).unwrap();
        proxy.resume();
        recovers(rt, &client).await;
    }

    /// The server is at its client limit when the client reconnects: the request ends at once
    /// with "max number of clients reached"; once the limit is raised, the client recovers.
    async fn a_full_server_ends_waiting_requests_at_once(rt) {
        let server = RedisServer::start().unwrap();
        let client = rt.connect_config(waiting_long(&server.url())).await.unwrap();
        client.set("k", "v").await.unwrap();
        let mut admin = server.raw().unwrap();
        // The admin connection is the one client the server now has room for.
        admin.command_ok(&["CONFIG", "SET", "maxclients", "1"]).unwrap();
        admin.command(&["CLIENT", "KILL", "TYPE", "normal"]).unwrap();
        let (err, took) = refusal(rt, &client).await;
        eprintln!("{}: {err} after {took:?}", R::NAME);
        assert!(err.to_string().contains("max number of clients reached"), "{err}");
        assert_refused(rt, &client, &err, Lasting::ServerFull).await;
        admin.command_ok(&["CONFIG", "SET", "maxclients", "100"]).unwrap();
        recovers(rt, &client).await;
    }

    /// The provider keeps giving the password the server now refuses: it has nothing newer,
    /// so the request ends at once; once it gives the new password, the client recovers.
    async fn a_provider_with_nothing_newer_ends_waiting_requests_at_once(rt) {
        let server = RedisServer::builder().acl_user("app", "pw-1").start().unwrap();
        let secrets = Secrets::new(Credentials::new("app", "pw-1"));
        let client = rt.connect_config(secrets.config(&server)).await.unwrap();
        client.set("k", "v").await.unwrap();
        let mut admin = server.raw().unwrap();
        admin.command_ok(&["ACL", "SETUSER", "app", "resetpass", ">pw-2"]).unwrap();
        admin.command(&["CLIENT", "KILL", "USER", "app"]).unwrap();
        let (err, took) = refusal(rt, &client).await;
        eprintln!("{}: {err} after {took:?}", R::NAME);
        assert_refused(rt, &client, &err, Lasting::Credentials).await;
        assert!(!format!("{err:?}{err}").contains("pw-1"), "{err:?}");
        secrets.set(Credentials::new("app", "pw-2"));
        recovers(rt, &client).await;
    }

    /// The provider gives the refused password once more, then the new one: asked again
    /// after the refusal, it has something newer, so the request waits for the attempt that
    /// uses it, and succeeds.
    async fn a_provider_with_newer_credentials_lets_requests_wait_for_them(rt) {
        let server = RedisServer::builder().acl_user("app", "pw-1").start().unwrap();
        let secrets = Secrets::new(Credentials::new("app", "pw-1"));
        let client = rt.connect_config(secrets.config(&server)).await.unwrap();
        client.set("k", "v").await.unwrap();
        let mut admin = server.raw().unwrap();
        admin.command_ok(&["ACL", "SETUSER", "app", "resetpass", ">pw-2"]).unwrap();
        secrets.set_after_next_call(Credentials::new("app", "pw-2"));
        admin.command(&["CLIENT", "KILL", "USER", "app"]).unwrap();
        let got = rt.timeout(PATIENCE, async {
            loop {
                match client.get::<Option<String>>("k").await {
                    Err(Error::ConnectionLost) => continue,
                    other => return other,
                }
            }
        });
        let got = got.await.expect("the request waited too long");
        assert_eq!(got.unwrap().as_deref(), Some("v"));
    }
}
