//! Property: however the server's bytes are split into reads, every request gets the same
//! result, in the same order.

use proptest::prelude::*;

use super::*;

/// One request and the server bytes that answer it (possibly with pushes in between).
#[derive(Clone, Debug)]
enum Step {
    Get { len: usize },
    Pipeline { replies: Vec<bool> },
    Transaction { queued: Vec<bool>, watched: bool },
    Push,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0usize..300).prop_map(|len| Step::Get { len }),
        prop::collection::vec(any::<bool>(), 0..6).prop_map(|replies| Step::Pipeline { replies }),
        (prop::collection::vec(any::<bool>(), 0..5), any::<bool>())
            .prop_map(|(queued, watched)| Step::Transaction { queued, watched }),
        Just(Step::Push),
    ]
}

fn script(steps: &[Step]) -> (Vec<Request>, Vec<u8>) {
    let mut requests = Vec::new();
    let mut server = Vec::new();
    for step in steps {
        match step {
            Step::Get { len } => {
                requests.push(cmd(&["GET", "k"]));
                server.extend_from_slice(format!("${len}\r\n").as_bytes());
                server.extend(std::iter::repeat_n(b'x', *len));
                server.extend_from_slice(b"\r\n");
            }
            Step::Pipeline { replies } => {
                let body: Vec<&[&str]> = replies.iter().map(|_| &["INCR", "n"][..]).collect();
                requests
                    .push(Request::pipeline(frames(&body), replies.len()).expect("whole frames"));
                for ok in replies {
                    server.extend_from_slice(if *ok { b":7\r\n" } else { b"-ERR no\r\n" });
                }
            }
            Step::Transaction { queued, watched } => {
                let body: Vec<&[&str]> = queued.iter().map(|_| &["INCR", "n"][..]).collect();
                requests.push(
                    Request::transaction(&frames(&body), queued.len()).expect("whole frames"),
                );
                server.extend_from_slice(b"+OK\r\n");
                for ok in queued {
                    server.extend_from_slice(if *ok { b"+QUEUED\r\n" } else { b"-ERR bad\r\n" });
                }
                if queued.iter().any(|ok| !ok) {
                    server.extend_from_slice(b"-EXECABORT discarded\r\n");
                } else if *watched {
                    server.extend_from_slice(b"*-1\r\n");
                } else {
                    server.extend_from_slice(format!("*{}\r\n", queued.len()).as_bytes());
                    for _ in queued {
                        server.extend_from_slice(b":1\r\n");
                    }
                }
            }
            Step::Push => server.extend_from_slice(b">2\r\n$7\r\nmessage\r\n$1\r\np\r\n"),
        }
    }
    (requests, server)
}

/// Runs the script, feeding the server bytes in the given pieces; returns a printable
/// summary of every event.
fn run(requests: &[Request], server: &[u8], cuts: &[usize]) -> Vec<String> {
    let mut h = Harness::ready();
    for (tag, request) in requests.iter().enumerate() {
        h.conn.send(request.clone(), tag as u32);
    }
    h.written();
    let mut buf = BytesMut::new();
    let mut start = 0;
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (server.len() + 1)).collect();
    cuts.sort_unstable();
    cuts.push(server.len());
    for cut in cuts {
        buf.extend_from_slice(&server[start..cut]);
        start = cut;
        h.conn.handle_read(&mut buf).expect("valid bytes");
    }
    assert!(buf.is_empty());
    assert_eq!(h.conn.in_flight(), 0);
    h.take_events().iter().map(|e| format!("{e:?}")).collect()
}

proptest! {
    #[test]
    fn any_split_gives_the_same_events(
        steps in prop::collection::vec(step(), 1..12),
        cuts in prop::collection::vec(any::<usize>(), 0..20),
    ) {
        let (requests, server) = script(&steps);
        let whole = run(&requests, &server, &[]);
        let expected_replies = requests.len();
        prop_assert_eq!(whole.iter().filter(|e| e.starts_with("Reply")).count(), expected_replies);
        let split = run(&requests, &server, &cuts);
        prop_assert_eq!(whole, split);
    }

    #[test]
    fn byte_at_a_time_gives_the_same_events(steps in prop::collection::vec(step(), 1..6)) {
        let (requests, server) = script(&steps);
        let cuts: Vec<usize> = (0..server.len()).collect();
        prop_assert_eq!(run(&requests, &server, &[]), run(&requests, &server, &cuts));
    }
}

#[test]
fn read_hint_tells_the_driver_how_much_of_a_bulk_is_missing() {
    let mut h = Harness::ready();
    h.conn.send(cmd(&["GET", "k"]), 1);
    h.written();
    let mut buf = BytesMut::from(&b"$1000\r\nabc"[..]);
    h.conn.handle_read(&mut buf).expect("valid bytes");
    // 997 more data bytes and the CRLF.
    assert_eq!(h.conn.read_hint(buf.len()), Some(999));
    buf.extend_from_slice(&[b'x'; 997]);
    buf.extend_from_slice(b"\r\n");
    h.conn.handle_read(&mut buf).expect("valid bytes");
    assert_eq!(h.conn.read_hint(buf.len()), None);
    assert_eq!(h.replies().len(), 1);
}
