//! Self-tests of the run-on-every-runtime framework.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

tests::both_runtimes! {
    async fn spawned_tasks_run_concurrently(rt) {
        let started = Instant::now();
        let done = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..100)
            .map(|i| {
                let done = Arc::clone(&done);
                rt.spawn(async move {
                    rt.sleep(Duration::from_millis(100)).await;
                    done.fetch_add(1, Ordering::SeqCst);
                    i
                })
            })
            .collect();
        let mut sum = 0;
        for t in tasks {
            sum += t.await;
        }
        assert_eq!(sum, (0..100).sum::<i32>());
        assert_eq!(done.load(Ordering::SeqCst), 100);
        // A hundred 100 ms sleeps overlapped instead of adding up.
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    }

    async fn timeout_gives_up_and_passes_results_through(rt) {
        let started = Instant::now();
        assert_eq!(rt.timeout(Duration::from_millis(50), rt.sleep(Duration::from_secs(30))).await, None);
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(rt.timeout(Duration::from_secs(5), async { 7 }).await, Some(7));
    }

    #[should_panic(expected = "boom in a task")]
    async fn a_panic_in_a_task_reaches_the_test(rt) {
        rt.spawn(async { panic!("boom in a task") }).await;
    }
}

#[test]
fn runtime_names_are_distinct() {
    use tests::TestRuntime;
    assert_eq!(
        [tests::Tokio::NAME, tests::AsyncStd::NAME, tests::Smol::NAME],
        ["tokio", "async-std", "smol"]
    );
}
