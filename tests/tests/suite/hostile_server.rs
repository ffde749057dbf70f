//! A scripted fake server sends what a real one never does: malformed frames, absurd lengths,
//! unexpected pushes, extra replies, resets mid-frame. The client must answer each with a
//! clear error (never a panic, a hang, or another request's reply) and, where it can, keep
//! working on a fresh connection.

use std::time::{Duration, Instant};

use cureds_core::AsyncCommands;
use resp_core::{Error, ProtocolErrorKind, ServerErrorKind};
use tests::fake::frames;
use tests::{Action, FakeServer, Hello, Request, TestRuntime};

/// The answer of a well-behaved server to GET: a value naming the connection and the
/// request, so a reply handed to the wrong request is caught.
fn honest(req: &Request) -> Vec<Action> {
    vec![Action::Send(frames::bulk(
        format!("c{}r{}", req.connection, req.index).as_bytes(),
    ))]
}

/// A fake server that misbehaves with `bad` on the first connection's first GET and answers
/// honestly everywhere else.
fn first_get_is(bad: Vec<Action>) -> FakeServer {
    FakeServer::start(move |req| {
        if req.name() != "GET" {
            return None;
        }
        let first_get = req.connection == 0 && req.args.get(1).map(Vec::as_slice) == Some(b"first");
        Some(if first_get { bad.clone() } else { honest(req) })
    })
    .unwrap()
}

/// The fake server's name for the reply to a GET: `c<conn>r<index>`.
fn reply_ok(reply: Result<Option<String>, Error>) -> String {
    reply.unwrap().unwrap()
}

async fn recovers<R: TestRuntime>(rt: R, fake: &FakeServer, err_check: impl Fn(&Error)) {
    let client = rt.connect(&fake.url()).await.unwrap();
    let started = Instant::now();
    let err = client.get::<Option<String>>("first").await.unwrap_err();
    err_check(&err);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the error took {:?}",
        started.elapsed()
    );
    // The next request runs on a new connection and gets its own reply.
    let mut got = None;
    for _ in 0..200 {
        match client.get::<Option<String>>("second").await {
            Ok(v) => {
                got = v;
                break;
            }
            Err(_) => rt.sleep(Duration::from_millis(50)).await,
        }
    }
    let got = got.expect("the client recovered");
    assert!(
        got.starts_with('c') && !got.starts_with("c0"),
        "reply from the old connection: {got}"
    );
    assert!(fake.connections() >= 2);
}

fn protocol_kind(err: &Error) -> Option<ProtocolErrorKind> {
    match err {
        Error::Protocol(e) => Some(e.kind.clone()),
        _ => None,
    }
}

tests::both_runtimes! {
    async fn honest_fake_server_works(rt) {
        let fake = first_get_is(Vec::new());
        let client = rt.connect(&fake.url()).await.unwrap();
        let v = reply_ok(client.get("second").await);
        assert!(v.starts_with("c0r"), "{v}");
        assert_eq!(fake.request_names().first().map(String::as_str), Some("HELLO"));
    }

    async fn malformed_type_byte_is_a_protocol_error(rt) {
        let fake = first_get_is(vec![Action::Send(b"?what\r\n".to_vec())]);
        recovers(rt, &fake, |e| {
            assert!(matches!(protocol_kind(e), Some(ProtocolErrorKind::UnexpectedByte { .. })), "{e:?}")
        })
        .await;
    }

    async fn oversized_bulk_length_fails_at_once(rt) {
        let fake = first_get_is(vec![Action::Send(b"$9999999999\r\n".to_vec())]);
        recovers(rt, &fake, |e| {
            assert!(matches!(protocol_kind(e), Some(ProtocolErrorKind::BulkTooLong { .. })), "{e:?}")
        })
        .await;
    }

    async fn huge_array_header_allocates_nothing_and_ends_with_the_connection(rt) {
        let fake = first_get_is(vec![Action::Send(b"*2147483647\r\n:1\r\n".to_vec()), Action::Close]);
        recovers(rt, &fake, |e| assert!(!matches!(e, Error::Server(_)), "{e:?}")).await;
    }

    async fn nesting_beyond_the_limit_is_an_error(rt) {
        let deep = b"*1\r\n".repeat(100_000);
        let fake = first_get_is(vec![Action::Send(deep)]);
        recovers(rt, &fake, |e| assert!(matches!(protocol_kind(e), Some(ProtocolErrorKind::TooDeep { .. })), "{e:?}"))
            .await;
    }

    async fn reset_mid_frame(rt) {
        let fake = first_get_is(vec![Action::Send(b"$10\r\nhal".to_vec()), Action::Reset]);
        recovers(rt, &fake, |e| assert!(matches!(e, Error::ConnectionLost | Error::Io(_)), "{e:?}")).await;
    }

    async fn close_mid_frame(rt) {
        let fake = first_get_is(vec![Action::Send(b"*2\r\n$1\r\na\r\n".to_vec()), Action::Close]);
        recovers(rt, &fake, |e| assert!(matches!(e, Error::ConnectionLost | Error::Io(_)), "{e:?}")).await;
    }

    async fn half_close_before_the_reply(rt) {
        let fake = first_get_is(vec![Action::HalfClose]);
        recovers(rt, &fake, |e| assert!(matches!(e, Error::ConnectionLost | Error::Io(_)), "{e:?}")).await;
    }

    async fn an_extra_reply_is_never_handed_to_the_next_request(rt) {
        let fake = first_get_is(vec![Action::Send([frames::bulk(b"mine"), frames::bulk(b"EXTRA")].concat())]);
        let client = rt.connect(&fake.url()).await.unwrap();
        assert_eq!(client.get::<Option<String>>("first").await.unwrap().as_deref(), Some("mine"));
        // The stray reply kills the connection; whatever happens next, no request gets it.
        for _ in 0..20 {
            match client.get::<Option<String>>("second").await {
                Ok(v) => assert_ne!(v.as_deref(), Some("EXTRA")),
                Err(e) => assert!(!matches!(e, Error::Server(_)), "{e:?}"),
            }
        }
    }

    async fn pushes_in_resp3_do_not_take_a_reply_slot(rt) {
        let fake = FakeServer::start(|req| {
            (req.name() == "GET").then(|| {
                vec![
                    Action::Send(frames::message_push(b"chan", b"unsolicited")),
                    Action::Send(frames::push(&[frames::bulk(b"invalidate"), frames::array(&[frames::bulk(b"k")])])),
                    Action::Send(frames::bulk(format!("r{}", req.index).as_bytes())),
                ]
            })
        })
        .unwrap();
        let client = rt.connect(&fake.url()).await.unwrap();
        for _ in 0..3 {
            let v: String = client.get("k").await.unwrap();
            assert!(v.starts_with('r'), "{v}");
        }
    }

    async fn server_error_kinds_are_parsed(rt) {
        let fake = FakeServer::start(|req| {
            let line = match req.arg(0)? {
                b"moved" => "MOVED 3999 127.0.0.1:6381",
                b"busy" => "BUSY Redis is busy running a script",
                b"loading" => "LOADING Redis is loading the dataset in memory",
                b"custom" => "MYERR something odd",
                _ => return None,
            };
            Some(vec![Action::Send(frames::error(line))])
        })
        .unwrap();
        let client = rt.connect(&fake.url()).await.unwrap();
        let kind = |e: Error| e.server_error().map(|s| s.kind().clone());
        assert_eq!(
            kind(client.get::<Option<String>>("moved").await.unwrap_err()),
            Some(ServerErrorKind::Moved { slot: 3999, address: "127.0.0.1:6381".into() })
        );
        assert_eq!(kind(client.get::<Option<String>>("busy").await.unwrap_err()), Some(ServerErrorKind::Busy));
        assert_eq!(kind(client.get::<Option<String>>("loading").await.unwrap_err()), Some(ServerErrorKind::Loading));
        assert_eq!(
            kind(client.get::<Option<String>>("custom").await.unwrap_err()),
            Some(ServerErrorKind::Other("MYERR".into()))
        );
        // Error replies are ordinary replies: the connection stays (one connection in all).
        assert_eq!(fake.connections(), 1);
    }

    async fn resp2_fallback_when_hello_is_unknown(rt) {
        let fake = FakeServer::builder()
            .hello(Hello::Unknown)
            .start(|req| {
                (req.name() == "HGETALL").then(|| {
                    vec![Action::Send(frames::array(&[frames::bulk(b"a"), frames::bulk(b"1"), frames::bulk(b"b"), frames::bulk(b"2")]))]
                })
            })
            .unwrap();
        let client = rt.connect(&fake.url()).await.unwrap();
        let map: std::collections::HashMap<String, i64> = client.hgetall("h").await.unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(map.get("b"), Some(&2));
    }
}
