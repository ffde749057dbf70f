use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

use resp_core::{cmd, Error, Reply, Request};

use super::*;
use crate::deadline::{ReplyReceiver, Waiter};

/// A waker that counts its wake-ups.
#[derive(Default)]
struct Count(AtomicUsize);

impl Wake for Count {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

fn counting() -> (Arc<Count>, Waker) {
    let count = Arc::new(Count::default());
    (count.clone(), Waker::from(count))
}

fn queued(name: &str) -> (Queued, ReplyReceiver) {
    let (waiter, receiver) = Waiter::new(None);
    ((Request::command(&cmd(name)), waiter), receiver)
}

fn name(queued: &Queued) -> Vec<u8> {
    queued.0.bytes().to_vec()
}

#[test]
fn requests_come_out_in_order() {
    let (sender, mut requests) = channel(8);
    let (a, _ra) = queued("A");
    let (b, _rb) = queued("B");
    let (a_bytes, b_bytes) = (name(&a), name(&b));
    sender.try_send(a).unwrap();
    sender.try_send(b).unwrap();
    assert_eq!(requests.try_recv().map(|q| name(&q)), Some(a_bytes));
    assert_eq!(requests.try_recv().map(|q| name(&q)), Some(b_bytes));
    assert!(requests.try_recv().is_none());
}

#[test]
fn a_full_queue_refuses_without_waiting_and_takes_again_once_emptied() {
    let (sender, mut requests) = channel(2);
    let mut receivers = Vec::new();
    for n in ["A", "B"] {
        let (q, r) = queued(n);
        receivers.push(r);
        sender.try_send(q).unwrap();
    }
    let (c, _rc) = queued("C");
    let c = sender.try_send(c).unwrap_err();
    assert!(requests.try_recv().is_some());
    sender.try_send(c).unwrap();
}

/// A full queue of one and a sender waiting for room in it: `then` gets both ends, the pending
/// send (polled once), how often its waker has been woken, and a context to poll it again.
fn with_a_sender_waiting_for_room(
    then: impl FnOnce(
        &RequestSender,
        &mut Requests,
        Pin<&mut dyn Future<Output = Result<(), Queued>>>,
        &Count,
        &mut Context<'_>,
    ),
) {
    let (sender, mut requests) = channel(1);
    let (a, _ra) = queued("A");
    sender.try_send(a).unwrap();
    let (b, _rb) = queued("B");
    let mut send = pin!(sender.send(b));
    let (woken, waker) = counting();
    let mut cx = Context::from_waker(&waker);
    assert!(send.as_mut().poll(&mut cx).is_pending());
    then(&sender, &mut requests, send, &woken, &mut cx);
}

#[test]
fn a_sender_waiting_for_room_goes_on_when_the_driver_takes_one() {
    with_a_sender_waiting_for_room(|_, requests, mut send, woken, cx| {
        assert!(requests.try_recv().is_some());
        requests.made_room();
        assert_eq!(woken.0.load(Ordering::SeqCst), 1);
        assert!(matches!(send.as_mut().poll(cx), Poll::Ready(Ok(()))));
        assert!(requests.try_recv().is_some());
    });
}

#[test]
fn the_driver_is_woken_once_per_wait_not_once_per_request() {
    let (sender, mut requests) = channel(64);
    let (woken, waker) = counting();
    let mut cx = Context::from_waker(&waker);
    assert!(requests.poll_next(&mut cx).is_pending());
    let mut receivers = Vec::new();
    for _ in 0..10 {
        let (q, r) = queued("PING");
        receivers.push(r);
        sender.try_send(q).unwrap();
    }
    assert_eq!(woken.0.load(Ordering::SeqCst), 1);
    let mut taken = 0;
    while let Poll::Ready(Some(_)) = requests.poll_next(&mut cx) {
        taken += 1;
    }
    assert_eq!(taken, 10);
    // Pending again, registered again: the next request wakes it again.
    let (q, _r) = queued("PING");
    sender.try_send(q).unwrap();
    assert_eq!(woken.0.load(Ordering::SeqCst), 2);
}

#[test]
fn the_last_handle_gone_ends_the_queue_after_what_is_left() {
    let (sender, mut requests) = channel(8);
    let second = sender.clone();
    let (woken, waker) = counting();
    let mut cx = Context::from_waker(&waker);
    let (q, _r) = queued("A");
    sender.try_send(q).unwrap();
    drop(sender);
    assert!(!requests.is_closed());
    drop(second);
    assert!(requests.is_closed());
    assert!(matches!(requests.poll_next(&mut cx), Poll::Ready(Some(_))));
    assert!(matches!(requests.poll_next(&mut cx), Poll::Ready(None)));

    // A driver waiting on an empty queue is woken when the last handle goes.
    let (sender, mut requests) = channel(8);
    assert!(requests.poll_next(&mut cx).is_pending());
    let before = woken.0.load(Ordering::SeqCst);
    drop(sender);
    assert_eq!(woken.0.load(Ordering::SeqCst), before + 1);
    assert!(matches!(requests.poll_next(&mut cx), Poll::Ready(None)));
}

#[test]
fn a_closed_queue_gives_requests_back_and_wakes_waiting_senders() {
    with_a_sender_waiting_for_room(|sender, requests, mut send, woken, cx| {
        requests.close();
        assert_eq!(woken.0.load(Ordering::SeqCst), 1);
        assert!(matches!(send.as_mut().poll(cx), Poll::Ready(Err(_))));
        assert!(sender.is_closed());
        // What was queued before the close is still there for the driver to fail.
        assert!(requests.try_recv().is_some());
    });
}

#[test]
fn dropping_the_driver_end_ends_the_wait_of_queued_callers() {
    let (sender, requests) = channel(8);
    let (q, reply) = queued("A");
    sender.try_send(q).unwrap();
    drop(requests);
    let got: Result<Result<Reply, Error>, _> = futures_lite::future::block_on(reply);
    assert!(
        got.is_err(),
        "the waiter was dropped, so the caller's wait ends"
    );
    let (q, _r) = queued("B");
    assert!(sender.try_send(q).is_err());
}

fn queued_until(name: &str, deadline: Option<Instant>) -> (Queued, ReplyReceiver) {
    let (waiter, receiver) = Waiter::new(deadline);
    ((Request::command(&cmd(name)), waiter), receiver)
}

#[test]
fn a_due_request_ends_wherever_it_waits_and_the_rest_keep_their_order() {
    let (sender, mut requests) = channel(8);
    let now = Instant::now();
    let later = now + Duration::from_secs(60);
    let (a, mut ra) = queued_until("A", Some(later));
    let (b, mut rb) = queued_until("B", Some(now));
    let (c, mut rc) = queued_until("C", None);
    let (a_bytes, c_bytes) = (name(&a), name(&c));
    for q in [a, b, c] {
        sender.try_send(q).unwrap();
    }
    // The queue knows the earliest deadline, though it is not at the front.
    assert_eq!(requests.earliest_deadline(), Some(now));
    requests.expire(now, &Error::Timeout);
    assert_eq!(requests.earliest_deadline(), Some(later));
    assert!(matches!(rb.try_recv(), Ok(Some(Err(Error::Timeout)))));
    assert!(matches!(ra.try_recv(), Ok(None)));
    assert!(matches!(rc.try_recv(), Ok(None)));
    assert_eq!(requests.try_recv().map(|q| name(&q)), Some(a_bytes));
    assert_eq!(requests.try_recv().map(|q| name(&q)), Some(c_bytes));
    assert_eq!(requests.earliest_deadline(), None);
}

#[test]
fn a_watching_driver_is_woken_for_a_sooner_deadline_only() {
    let (sender, mut requests) = channel(8);
    let now = Instant::now();
    let (woken, waker) = counting();
    let mut cx = Context::from_waker(&waker);
    let mut receivers = Vec::new();
    let mut send = |deadline| {
        let (q, r) = queued_until("PING", deadline);
        receivers.push(r);
        sender.try_send(q).unwrap();
    };
    // Into an empty queue: the driver may be idle.
    assert!(requests.watch(&mut cx));
    send(Some(now + Duration::from_secs(10)));
    assert_eq!(woken.0.load(Ordering::SeqCst), 1);
    // Behind it, later or without a deadline: its alarm is in time already.
    assert!(requests.watch(&mut cx));
    send(Some(now + Duration::from_secs(20)));
    send(None);
    assert_eq!(woken.0.load(Ordering::SeqCst), 1);
    // Sooner than anything queued: the alarm must be set sooner.
    send(Some(now + Duration::from_secs(1)));
    assert_eq!(woken.0.load(Ordering::SeqCst), 2);
    assert_eq!(
        requests.earliest_deadline(),
        Some(now + Duration::from_secs(1))
    );
}
