use super::*;
use crate::{Dispatch, ServerErrorKind};

#[test]
fn replies_match_requests_in_order() {
    let mut h = Harness::ready();
    for tag in 0..3 {
        h.conn.send(cmd(&["GET", "k"]), tag);
    }
    assert_eq!(h.written().len(), 3 * cmd(&["GET", "k"]).bytes().len());
    assert_eq!(h.conn.in_flight(), 3);
    h.server(b"$1\r\na\r\n$-1\r\n$1\r\nc\r\n");
    let replies = h.replies();
    let tags: Vec<u32> = replies.iter().map(|(t, _)| *t).collect();
    assert_eq!(tags, vec![0, 1, 2]);
    assert_eq!(value(&replies[0].1), &bulk("a"));
    assert_eq!(value(&replies[1].1), &Value::Null);
    assert_eq!(value(&replies[2].1), &bulk("c"));
    assert_eq!(h.conn.in_flight(), 0);
}

#[test]
fn error_reply_is_a_value_that_converts_to_a_server_error() {
    let mut h = Harness::ready();
    let incr = Cmd::<i64>::new("INCR").arg("s");
    h.conn.send(Request::command(&incr), 1);
    h.written();
    h.server(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    let replies = h.replies();
    let reply = value(&replies[0].1).clone();
    let converted = incr.convert(reply);
    assert_eq!(
        converted.unwrap_err().server_error().map(|e| e.kind()),
        Some(&ServerErrorKind::WrongType)
    );
}

#[test]
fn pipeline_keeps_an_error_at_its_position() {
    let mut h = Harness::ready();
    let body = frames(&[&["SET", "a", "1"], &["INCR", "h"], &["GET", "a"]]);
    h.conn
        .send(Request::pipeline(body.clone(), 3).expect("whole frames"), 1);
    h.conn.send(cmd(&["PING"]), 2);
    let mut expected = body.to_vec();
    expected.extend_from_slice(cmd(&["PING"]).bytes());
    assert_eq!(h.written(), expected);
    h.server(b"+OK\r\n-WRONGTYPE wrong kind\r\n$1\r\n1\r\n");
    let replies = h.replies();
    assert_eq!(replies.len(), 1);
    assert_eq!(
        replies[0].1.as_ref().unwrap(),
        &Reply::Values(vec![simple("OK"), error("WRONGTYPE wrong kind"), bulk("1")])
    );
    h.server(b"+PONG\r\n");
    let replies = h.replies();
    assert_eq!(replies[0].0, 2);
    assert_eq!(value(&replies[0].1), &simple("PONG"));
}

#[test]
fn empty_pipeline_completes_without_writing() {
    let mut h = Harness::ready();
    h.conn
        .send(Request::pipeline(Bytes::new(), 0).expect("whole frames"), 9);
    assert!(h.written().is_empty());
    let replies = h.replies();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].1.as_ref().unwrap(), &Reply::Values(vec![]));
    assert_eq!(h.conn.in_flight(), 0);
}

#[test]
fn transaction_returns_exec_array() {
    let mut h = Harness::ready();
    let body = frames(&[&["INCR", "a"], &["GET", "a"]]);
    let request = Request::transaction(&body, 2).expect("whole frames");
    h.conn.send(request.clone(), 1);
    assert_eq!(h.written(), request.bytes());
    h.server(b"+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n:2\r\n$1\r\n2\r\n");
    let replies = h.replies();
    assert_eq!(
        replies[0].1.as_ref().unwrap(),
        &Reply::Values(vec![Value::Integer(2), bulk("2")])
    );
}

#[test]
fn transaction_runtime_error_stays_in_exec_array() {
    let mut h = Harness::ready();
    h.conn.send(
        Request::transaction(&frames(&[&["INCR", "s"]]), 1).expect("whole frames"),
        1,
    );
    h.written();
    h.server(b"+OK\r\n+QUEUED\r\n*1\r\n-WRONGTYPE nope\r\n");
    assert_eq!(
        h.replies()[0].1.as_ref().unwrap(),
        &Reply::Values(vec![error("WRONGTYPE nope")])
    );
}

#[test]
fn asking_transaction_drops_askings_reply_and_keeps_the_stream_in_step() {
    let mut h = Harness::ready();
    let body = frames(&[&["INCR", "{t}a"], &["GET", "{t}a"]]);
    let request = Request::transaction(&body, 2)
        .expect("whole frames")
        .asking();
    h.conn.send(request.clone(), 1);
    h.conn.send(cmd(&["GET", "b"]), 2);
    let written = h.written();
    assert!(written.starts_with(b"*1\r\n$6\r\nASKING\r\n*1\r\n$5\r\nMULTI\r\n"));
    h.server(b"+OK\r\n+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n:2\r\n$1\r\n2\r\n$1\r\nb\r\n");
    let replies = h.replies();
    assert_eq!(replies.len(), 2);
    assert_eq!(
        replies[0].1.as_ref().unwrap(),
        &Reply::Values(vec![Value::Integer(2), bulk("2")])
    );
    assert_eq!(value(&replies[1].1), &bulk("b"));
}

#[test]
fn asking_transaction_reports_a_redirect_at_queue_time() {
    let mut h = Harness::ready();
    let body = frames(&[&["INCR", "{t}a"]]);
    h.conn.send(
        Request::transaction(&body, 1)
            .expect("whole frames")
            .asking(),
        1,
    );
    h.written();
    h.server(b"+OK\r\n+OK\r\n-TRYAGAIN Multiple keys request during rehashing of slot\r\n-EXECABORT Transaction discarded because of previous errors.\r\n");
    match &h.replies()[0].1 {
        Err(Error::ExecAbort { position: 0, cause }) => {
            assert_eq!(cause.kind(), &ServerErrorKind::TryAgain)
        }
        other => panic!("expected EXECABORT(TRYAGAIN), got {other:?}"),
    }
}

#[test]
fn execabort_names_the_refused_command() {
    let mut h = Harness::ready();
    let body = frames(&[&["SET", "a", "1"], &["NOSUCH"], &["GET", "a"]]);
    h.conn
        .send(Request::transaction(&body, 3).expect("whole frames"), 1);
    h.conn.send(cmd(&["GET", "b"]), 2);
    h.written();
    h.server(
        b"+OK\r\n+QUEUED\r\n-ERR unknown command 'NOSUCH'\r\n+QUEUED\r\n\
          -EXECABORT Transaction discarded because of previous errors.\r\n$1\r\nb\r\n",
    );
    let replies = h.replies();
    assert_eq!(replies.len(), 2);
    match &replies[0].1 {
        Err(Error::ExecAbort { position, cause }) => {
            assert_eq!(*position, 1);
            assert_eq!(cause.kind(), &ServerErrorKind::Err);
            assert!(cause.message().contains("NOSUCH"));
        }
        other => panic!("expected EXECABORT, got {other:?}"),
    }
    assert_eq!(replies[1].0, 2);
    assert_eq!(value(&replies[1].1), &bulk("b"));
}

#[test]
fn null_exec_is_watch_aborted_in_both_protocols() {
    for null in [&b"*-1\r\n"[..], b"_\r\n"] {
        let mut h = Harness::ready();
        h.conn.send(
            Request::transaction(&frames(&[&["INCR", "a"]]), 1).expect("whole frames"),
            1,
        );
        h.written();
        let mut script = b"+OK\r\n+QUEUED\r\n".to_vec();
        script.extend_from_slice(null);
        h.server(&script);
        assert_eq!(h.replies()[0].1.as_ref().unwrap(), &Reply::WatchAborted);
    }
}

#[test]
fn refused_multi_reports_multis_error_and_consumes_every_reply() {
    let mut h = Harness::ready();
    h.conn.send(
        Request::transaction(&frames(&[&["INCR", "a"]]), 1).expect("whole frames"),
        1,
    );
    h.conn.send(cmd(&["PING"]), 2);
    h.written();
    h.server(b"-ERR MULTI calls can not be nested\r\n:1\r\n-ERR EXEC without MULTI\r\n+PONG\r\n");
    let replies = h.replies();
    match &replies[0].1 {
        Err(Error::Server(e)) => assert!(e.message().contains("nested")),
        other => panic!("{other:?}"),
    }
    assert_eq!(value(&replies[1].1), &simple("PONG"));
}

#[test]
fn pushes_are_kept_apart_from_replies() {
    let mut h = Harness::ready();
    h.conn.send(cmd(&["GET", "a"]), 1);
    h.conn.send(
        Request::pipeline(frames(&[&["GET", "b"], &["GET", "c"]]), 2).expect("whole frames"),
        2,
    );
    h.written();
    h.server(
        b">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\na\r\n$1\r\nA\r\n$1\r\nB\r\n\
          >3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n$1\r\nC\r\n",
    );
    let events = h.take_events();
    let pushes = events
        .iter()
        .filter(|e| matches!(e, Event::Push(Value::Push(_))))
        .count();
    assert_eq!(pushes, 2);
    let replies: Vec<_> = events
        .into_iter()
        .filter_map(|e| match e {
            Event::Reply { tag, result } => Some((tag, result.unwrap())),
            _ => None,
        })
        .collect();
    assert_eq!(
        replies,
        vec![
            (1, Reply::Value(bulk("A"))),
            (2, Reply::Values(vec![bulk("B"), bulk("C")]))
        ]
    );
}

#[test]
fn lost_connection_fails_written_requests_and_keeps_unwritten_ones() {
    let mut h = Harness::ready();
    h.conn.send(cmd(&["INCR", "a"]), 1);
    h.conn.send(
        Request::transaction(&frames(&[&["INCR", "a"]]), 1).expect("whole frames"),
        2,
    );
    h.written();
    h.conn.send(cmd(&["GET", "a"]), 3);
    // Half of request 2's replies arrived.
    h.server(b":1\r\n+OK\r\n");
    h.conn.handle_connection_lost();
    let replies = h.replies();
    let tags: Vec<u32> = replies.iter().map(|(t, _)| *t).collect();
    assert_eq!(tags, vec![1, 2]);
    assert_eq!(value(&replies[0].1), &Value::Integer(1));
    assert!(matches!(replies[1].1, Err(Error::ConnectionLost)));
    assert!(h.conn.is_closed());
    assert!(h.written().is_empty());
    let unsent: Vec<u32> = h.conn.take_unsent().map(|(_, t)| t).collect();
    assert_eq!(unsent, vec![3]);
}

#[test]
fn garbage_fails_every_in_flight_request_with_a_protocol_error() {
    let mut h = Harness::ready();
    h.conn.send(cmd(&["GET", "a"]), 1);
    h.conn.send(cmd(&["GET", "b"]), 2);
    h.written();
    let mut buf = BytesMut::from(&b"$1\r\na\r\n@bogus\r\n"[..]);
    assert!(h.conn.handle_read(&mut buf).is_err());
    let replies = h.replies();
    assert_eq!(value(&replies[0].1), &bulk("a"));
    assert!(matches!(replies[1].1, Err(Error::Protocol(_))));
    assert!(h.conn.is_closed());
}

#[test]
fn reply_without_a_request_is_a_protocol_error() {
    let mut h = Harness::ready();
    let mut buf = BytesMut::from(&b"+OK\r\n"[..]);
    assert!(h.conn.handle_read(&mut buf).is_err());
    assert!(h.conn.is_closed());
}

#[test]
fn abandoned_requests_still_consume_their_replies() {
    // A driver whose waiter is gone just drops the reply event; the next request must get
    // its own reply regardless.
    let mut h = Harness::ready();
    h.conn.send(cmd(&["GET", "abandoned"]), 1);
    h.conn.send(
        Request::pipeline(frames(&[&["GET", "x"], &["GET", "y"]]), 2).expect("whole frames"),
        2,
    );
    h.conn.send(cmd(&["GET", "mine"]), 3);
    h.written();
    h.server(b"$3\r\nold\r\n$1\r\nx\r\n$1\r\ny\r\n$4\r\nmine\r\n");
    let mine = h
        .replies()
        .into_iter()
        .find(|(tag, _)| *tag == 3)
        .map(|(_, r)| r.unwrap());
    assert_eq!(mine, Some(Reply::Value(bulk("mine"))));
}

#[test]
fn partial_reply_waits_for_more_bytes() {
    let mut h = Harness::ready();
    h.conn.send(cmd(&["GET", "a"]), 1);
    h.written();
    let mut buf = BytesMut::from(&b"$5\r\nhel"[..]);
    h.conn.handle_read(&mut buf).unwrap();
    assert!(h.replies().is_empty());
    buf.extend_from_slice(b"lo\r\n");
    h.conn.handle_read(&mut buf).unwrap();
    assert_eq!(value(&h.replies()[0].1), &bulk("hello"));
}

#[test]
fn pipelines_become_requests_of_their_shape() {
    use crate::{Batch, PipelineCommands};
    let mut atomic = Batch::new();
    atomic.set("a", 1).incr("a");
    let request = Request::from_batch(&atomic);
    assert_eq!(request.shape(), Shape::Transaction { commands: 2 });
    let mut encoded = BytesMut::new();
    atomic.encode(&mut encoded);
    assert_eq!(request.bytes(), &encoded[..]);

    let mut plain = Batch::non_atomic();
    plain.get("a");
    let request = Request::from_batch(&plain);
    assert_eq!(request.shape(), Shape::Pipeline { commands: 1 });
    assert_eq!(request.bytes(), plain.frames());
}

#[test]
fn raw_frames_must_hold_exactly_the_commands_announced() {
    let two = frames(&[&["GET", "a"], &["GET", "b"]]);
    assert!(Request::pipeline(two.clone(), 2).is_ok());
    assert!(Request::transaction(&two, 2).is_ok());
    for (bytes, commands) in [
        (two.clone(), 1),
        (two.clone(), 3),
        (two.slice(..two.len() - 1), 2),
        (Bytes::new(), 1),
        (Bytes::from_static(b"*0\r\n"), 0),
        (Bytes::from_static(b"*1\r\n$4\r\nPING\r\nPING\r\n"), 2),
        (Bytes::from_static(b"*1\r\n$99999999999999999999\r\n"), 1),
        (Bytes::from_static(b"*2\r\n$3\r\nGET\r\n:1\r\n"), 1),
    ] {
        let err = Request::pipeline(bytes.clone(), commands).expect_err(&format!("{bytes:?}"));
        assert!(matches!(err, Error::Refused { .. }), "{err:?}");
        assert!(!err.may_have_run());
        assert!(Request::transaction(&bytes, commands).is_err());
    }
    assert!(Request::pipeline(Bytes::new(), 0).is_ok());
    assert!(Request::encoded(two).is_err());
}

#[test]
fn a_request_names_the_command_that_is_refused() {
    let named = |request: Request| match request.check_shared() {
        Err(Error::Refused { command, .. }) => command,
        other => panic!("{other:?}"),
    };
    let body = frames(&[&["GET", "a"], &["select", "2"], &["MONITOR"]]);
    assert_eq!(
        named(Request::pipeline(body.clone(), 3).expect("whole")),
        "SELECT"
    );
    // The transaction's own MULTI / EXEC (and ASKING) are not the user's commands.
    let tx = Request::transaction(&body, 3).expect("whole");
    assert_eq!(named(tx.clone()), "SELECT");
    assert_eq!(named(tx.asking()), "SELECT");
    let lease = Request::pipeline(frames(&[&["GET", "a"], &["MONITOR"]]), 2).expect("whole");
    assert!(
        matches!(lease.check_lease(), Err(Error::Refused { command, .. }) if command == "MONITOR")
    );
    // ASKING waits for the command after it: refused alone, accepted before another.
    let asking = frames(&[&["GET", "a"], &["ASKING"]]);
    assert_eq!(
        named(Request::pipeline(asking, 2).expect("whole")),
        "ASKING"
    );
    let asking = frames(&[&["ASKING"], &["GET", "a"]]);
    let request = Request::pipeline(asking, 2).expect("whole");
    assert_eq!(request.check_shared().ok(), Some(Dispatch::Shared));
    let blocking = frames(&[&["GET", "a"], &["BLPOP", "l", "1"]]);
    let request = Request::pipeline(blocking, 2).expect("whole");
    assert_eq!(request.check_shared().ok(), Some(Dispatch::Blocking));
}
