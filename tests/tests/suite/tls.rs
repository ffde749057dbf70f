//! TLS against redis-server's own TLS port (`--port 0 --tls-port P`), with certificates made
//! in the test: every kind of connection over TLS, mutual TLS, rejected certificates (a clear
//! error, no hang) and reconnecting after a restart.

use std::time::{Duration, Instant};

use cureds_core::{AsyncCommands, Config, Error, TlsError};
use tests::{tls::unrelated_ca_pem, Pki, RedisServer, TestRuntime};

fn config(server: &RedisServer, tls: cureds_core::TlsConfig) -> Config {
    Config::from_url(&server.url())
        .unwrap()
        .with_tls(tls)
        .with_connect_timeout(Duration::from_secs(5))
}

/// Connecting fails within the connect timeout with a rejected-certificate error.
async fn expect_rejected<R: TestRuntime>(rt: R, config: Config, says: &str) {
    let started = Instant::now();
    let err = rt.connect_config(config).await.map(|_| ()).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    match &err {
        Error::Tls(TlsError::CertificateRejected { reason }) => {
            assert!(reason.contains(says), "{reason}")
        }
        other => panic!("expected a rejected certificate, got {other:?}"),
    }
    let shown = err.to_string();
    assert!(shown.contains("certificate was rejected"), "{shown}");
    assert!(!err.may_have_run());
}

tests::both_runtimes! {
    async fn every_connection_speaks_tls(rt) {
        let pki = Pki::new();
        let server = RedisServer::builder().tls(&pki, false).start().unwrap();
        let client = rt.connect_config(config(&server, pki.client_tls())).await.unwrap();
        client.set("k", "v").await.unwrap();
        assert_eq!(client.get::<Option<String>>("k").await.unwrap().as_deref(), Some("v"));
        assert_eq!(client.incr("n").await.unwrap(), 1);
        // A large value crosses many TLS records both ways.
        let big = "x".repeat(3 << 20);
        client.set("big", big.as_str()).await.unwrap();
        assert_eq!(client.get::<Option<String>>("big").await.unwrap().map(|s| s.len()), Some(big.len()));
        // Many tasks at once over the one TLS connection.
        let tasks: Vec<_> = (0..50)
            .map(|i| {
                let client = client.clone();
                rt.spawn(async move {
                    for j in 0..100 {
                        let key = format!("t{i}:{j}");
                        client.set(&key, j).await.unwrap();
                        assert_eq!(client.get::<Option<i64>>(&key).await.unwrap(), Some(j));
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await;
        }
        // A lease (blocking command) and a subscription open TLS connections of their own.
        let lease = client.lease().await.unwrap();
        let popped: Option<(String, String)> = lease.blpop("nothing", 0.1).await.unwrap();
        assert_eq!(popped, None);
        drop(lease);
        let mut sub = client.subscribe("news").await.unwrap();
        assert_eq!(client.publish("news", "hello").await.unwrap(), 1);
        let msg = rt
            .timeout(Duration::from_secs(10), sub.next_message())
            .await
            .expect("a message in time")
            .expect("an open subscription");
        assert_eq!(&msg.payload[..], b"hello");
    }

    async fn mutual_tls(rt) {
        let pki = Pki::new();
        let server = RedisServer::builder().tls(&pki, true).start().unwrap();
        let client = rt
            .connect_config(config(&server, pki.client_tls_with_identity()))
            .await
            .unwrap();
        assert_eq!(client.incr("n").await.unwrap(), 1);
        // Without a client certificate the server ends the session: a TLS error, in time.
        let started = Instant::now();
        let err = rt.connect_config(config(&server, pki.client_tls())).await.map(|_| ()).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
        assert!(
            matches!(err, Error::Tls(TlsError::AlertReceived { .. })),
            "{err:?}"
        );
        // A client certificate from a CA the server does not trust is refused too.
        let other = Pki::new();
        let tls = pki.client_tls().with_client_identity(cureds_core::ClientIdentity::from_pem(
            other.client_cert_pem.clone(),
            other.client_key_pem.clone(),
        ));
        let err = rt.connect_config(config(&server, tls)).await.map(|_| ()).unwrap_err();
        assert!(matches!(err, Error::Tls(TlsError::AlertReceived { .. })), "{err:?}");
        assert!(err.to_string().contains("client certificate"), "{err}");
        // The key never shows in the configuration's Debug output.
        let key_line = pki.client_key_pem.lines().nth(1).unwrap().to_owned();
        let shown = format!("{:?}", config(&server, pki.client_tls_with_identity()));
        assert!(!shown.contains(&key_line), "{shown}");
    }

    async fn a_certificate_from_an_unknown_ca_is_rejected(rt) {
        let pki = Pki::new();
        let server = RedisServer::builder().tls(&pki, false).start().unwrap();
        let tls = cureds_core::TlsConfig::new()
            .with_roots(cureds_core::TlsRoots::None)
            .with_ca_pem(unrelated_ca_pem());
        expect_rejected(rt, config(&server, tls), "unknown issuer").await;
        // The default roots (webpki) do not know a private CA either.
        let tls = cureds_core::TlsConfig::new();
        expect_rejected(rt, config(&server, tls), "unknown issuer").await;
        // Development only: turning verification off connects anyway.
        let tls = cureds_core::TlsConfig::new().danger_accept_invalid_certs();
        let client = rt.connect_config(config(&server, tls)).await.unwrap();
        assert_eq!(client.incr("n").await.unwrap(), 1);
    }

    async fn a_certificate_for_another_name_is_rejected(rt) {
        let pki = Pki::for_names(&["elsewhere.example"]);
        let server = RedisServer::builder().tls(&pki, false).start().unwrap();
        expect_rejected(rt, config(&server, pki.client_tls()), "not valid for the server's name").await;
        // The name to check can be given when the address is not that name.
        let tls = pki.client_tls().with_server_name("elsewhere.example");
        let client = rt.connect_config(config(&server, tls)).await.unwrap();
        assert_eq!(client.incr("n").await.unwrap(), 1);
    }

    async fn reconnects_over_tls_after_a_restart(rt) {
        let pki = Pki::new();
        let mut server = RedisServer::builder().tls(&pki, false).start().unwrap();
        let client = rt.connect_config(config(&server, pki.client_tls())).await.unwrap();
        let mut sub = client.subscribe("news").await.unwrap();
        client.set("k", 1).await.unwrap();
        server.restart().unwrap();
        let started = Instant::now();
        // The first command may find the old connection dead; the next ones go through.
        let mut n = None;
        while started.elapsed() < Duration::from_secs(10) {
            match client.incr("k").await {
                Ok(v) => {
                    n = Some(v);
                    break;
                }
                Err(e) => assert!(e.is_io() || matches!(e, Error::ConnectionLost | Error::ConnectionDown { .. }), "{e:?}"),
            }
        }
        // The restarted server started empty.
        assert_eq!(n, Some(1));
        // The subscription came back over TLS as well.
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if client.publish("news", "again").await.unwrap() == 1 {
                break;
            }
            assert!(Instant::now() < deadline, "the subscription was not restored");
            rt.sleep(Duration::from_millis(20)).await;
        }
        let msg = rt.timeout(Duration::from_secs(10), sub.next_message()).await.unwrap().unwrap();
        assert_eq!(&msg.payload[..], b"again");
    }

    async fn clear_text_to_a_tls_port_fails_in_time(rt) {
        let pki = Pki::new();
        let server = RedisServer::builder().tls(&pki, false).start().unwrap();
        let url = server.url().replace("rediss://", "redis://");
        let config = Config::from_url(&url).unwrap().with_connect_timeout(Duration::from_secs(2));
        let started = Instant::now();
        let err = rt.connect_config(config).await.map(|_| ()).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(4), "{err:?} after {:?}", started.elapsed());
    }
}
