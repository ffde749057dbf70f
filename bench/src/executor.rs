//! [`Executor`]: the runtime a client's scenarios run on.
//!
//! redis-rs, fred and client-tokio run on one tokio multi-thread runtime; client-async-std runs
//! on the async-std executor. Both are built once and live for the whole process, so the
//! clients' connections and driver tasks survive from one scenario to the next.

use std::future::Future;
use std::pin::Pin;

/// A spawned task's result, boxed so both runtimes' join handles have one type. One box per
/// task is noise: conc spawns 100 tasks per run.
pub(crate) type Joined<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// A runtime that can run a scenario to completion and spawn its tasks.
pub(crate) trait Executor {
    /// Runs `fut` to completion from the main thread.
    fn block_on<F: Future>(&self, fut: F) -> F::Output;

    /// Spawns `fut` on this runtime; a panic in the task is re-raised by the join.
    fn spawn<F>(&self, fut: F) -> Joined<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static;
}

/// A tokio multi-thread runtime.
pub(crate) struct Tokio(tokio::runtime::Runtime);

impl Tokio {
    /// A multi-thread runtime with `workers` worker threads (tokio's default is one per core).
    pub(crate) fn new(workers: usize) -> std::io::Result<Self> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers.max(1))
            .enable_all()
            .build()?;
        Ok(Tokio(rt))
    }
}

impl Executor for Tokio {
    fn block_on<F: Future>(&self, fut: F) -> F::Output {
        self.0.block_on(fut)
    }

    fn spawn<F>(&self, fut: F) -> Joined<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let handle = self.0.spawn(fut);
        Box::pin(async move {
            match handle.await {
                Ok(out) => out,
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(e) => panic!("tokio task failed: {e}"),
            }
        })
    }
}

/// The async-std executor (its global thread pool, one thread per core by default; the
/// client-async-std driver task runs on the same pool).
pub(crate) struct AsyncStd;

impl Executor for AsyncStd {
    fn block_on<F: Future>(&self, fut: F) -> F::Output {
        async_std::task::block_on(fut)
    }

    fn spawn<F>(&self, fut: F) -> Joined<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        Box::pin(async_std::task::spawn(fut))
    }
}
