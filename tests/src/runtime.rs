//! [`TestRuntime`]: one test body, run on every runtime the clients support.
//!
//! client-tokio runs on a multi-threaded tokio runtime; client-async-std runs on the async-std
//! executor and on the smol executor (it is built on async-io and must not care which
//! executor polls it). A test is written once as an `async` body generic over `R:
//! TestRuntime`, and [`crate::both_runtimes!`] turns it into one `#[test]` per runtime.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use resp_core::{Config, Error, ProtocolVersion};

use cureds_core::Client;

use crate::Protocol;

/// The longest any one test body may run before it fails as hung.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(120);

/// A runtime a test body can run on.
pub trait TestRuntime: Copy + Send + Sync + 'static {
    /// A short name for messages (`"tokio"`, `"async-std"`, `"smol"`).
    const NAME: &'static str;

    /// The runtime the client runs on ([`cureds_core::Runtime`], from the runtime crate).
    type Rt: cureds_core::Runtime;

    /// Connects with a full configuration.
    fn connect_config(
        self,
        config: Config,
    ) -> impl Future<Output = Result<Client<Self::Rt>, Error>> + Send {
        Client::with_config(config)
    }

    /// Connects to `url` with default settings.
    fn connect(self, url: &str) -> impl Future<Output = Result<Client<Self::Rt>, Error>> + Send {
        let config = Config::from_url(url);
        async move { self.connect_config(config?).await }
    }

    /// Connects to `url` speaking exactly the given protocol.
    fn connect_with(
        self,
        url: &str,
        protocol: Protocol,
    ) -> impl Future<Output = Result<Client<Self::Rt>, Error>> + Send {
        let version = match protocol {
            Protocol::Resp2 => ProtocolVersion::Resp2,
            Protocol::Resp3 => ProtocolVersion::Resp3,
        };
        let config = Config::from_url(url).map(|c| c.with_protocol(version));
        async move { self.connect_config(config?).await }
    }

    /// Runs `fut` to completion on this runtime, from a plain thread.
    fn block_on<F: Future>(self, fut: F) -> F::Output;

    /// Spawns `fut` as a task of this runtime.
    fn spawn<F>(self, fut: F) -> Task<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static;

    /// A future that completes after `duration`.
    fn sleep(self, duration: Duration) -> Sleep;

    /// Runs `fut`, giving up after `duration`: `None` when the time ran out. The result is
    /// `Send` when `fut` is.
    fn timeout<F: Future>(self, duration: Duration, fut: F) -> Timeout<F> {
        Timeout {
            fut: Box::pin(fut),
            sleep: self.sleep(duration),
        }
    }
}

/// The future of [`TestRuntime::timeout`].
pub struct Timeout<F> {
    fut: Pin<Box<F>>,
    sleep: Sleep,
}

impl<F: Future> Future for Timeout<F> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Poll::Ready(out) = self.fut.as_mut().poll(cx) {
            return Poll::Ready(Some(out));
        }
        match Pin::new(&mut self.sleep).poll(cx) {
            Poll::Ready(()) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<F> std::fmt::Debug for Timeout<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Timeout")
    }
}

/// A spawned task; awaiting it gives the task's output, and a panic in the task is re-raised.
#[must_use = "a Task does nothing unless awaited (dropping it may cancel the task)"]
pub struct Task<T>(Pin<Box<dyn Future<Output = T> + Send>>);

impl<T> Future for Task<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        self.0.as_mut().poll(cx)
    }
}

impl<T> std::fmt::Debug for Task<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Task")
    }
}

/// A runtime's sleep, boxed so the three runtimes share one type.
pub struct Sleep(Pin<Box<dyn Future<Output = ()> + Send>>);

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.0.as_mut().poll(cx)
    }
}

impl std::fmt::Debug for Sleep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sleep")
    }
}

/// Runs a test body on `rt` with the [`TEST_TIMEOUT`]; panics when it runs over.
pub fn run<R, F, Fut>(rt: R, body: F)
where
    R: TestRuntime,
    F: FnOnce(R) -> Fut,
    Fut: Future<Output = ()>,
{
    rt.block_on(async move {
        if rt.timeout(TEST_TIMEOUT, body(rt)).await.is_none() {
            panic!(
                "test body on {} did not finish within {TEST_TIMEOUT:?}",
                R::NAME
            );
        }
    });
}

/// A multi-threaded tokio runtime (two workers: the test machines have two cores).
#[derive(Clone, Copy, Debug, Default)]
pub struct Tokio;

impl TestRuntime for Tokio {
    const NAME: &'static str = "tokio";
    type Rt = client_tokio::Tokio;

    fn block_on<F: Future>(self, fut: F) -> F::Output {
        match tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
        {
            Ok(rt) => rt.block_on(fut),
            Err(e) => panic!("cannot build a tokio runtime: {e}"),
        }
    }

    fn spawn<F>(self, fut: F) -> Task<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let handle = tokio::spawn(fut);
        Task(Box::pin(async move {
            match handle.await {
                Ok(out) => out,
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(e) => panic!("tokio task failed: {e}"),
            }
        }))
    }

    fn sleep(self, duration: Duration) -> Sleep {
        Sleep(Box::pin(tokio::time::sleep(duration)))
    }
}

/// The async-std executor.
#[derive(Clone, Copy, Debug, Default)]
pub struct AsyncStd;

impl TestRuntime for AsyncStd {
    const NAME: &'static str = "async-std";
    type Rt = client_async_std::AsyncIo;

    fn block_on<F: Future>(self, fut: F) -> F::Output {
        async_std::task::block_on(fut)
    }

    fn spawn<F>(self, fut: F) -> Task<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        Task(Box::pin(async_std::task::spawn(fut)))
    }

    fn sleep(self, duration: Duration) -> Sleep {
        Sleep(Box::pin(async move {
            async_io::Timer::after(duration).await;
        }))
    }
}

/// The smol executor (its global executor; `smol::block_on` for the test's own future).
#[derive(Clone, Copy, Debug, Default)]
pub struct Smol;

impl TestRuntime for Smol {
    const NAME: &'static str = "smol";
    type Rt = client_async_std::AsyncIo;

    fn block_on<F: Future>(self, fut: F) -> F::Output {
        smol::block_on(fut)
    }

    fn spawn<F>(self, fut: F) -> Task<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        Task(Box::pin(smol::spawn(fut)))
    }

    fn sleep(self, duration: Duration) -> Sleep {
        Sleep(Box::pin(async move {
            async_io::Timer::after(duration).await;
        }))
    }
}

/// Writes a test once and runs it on every runtime: expands each
/// `async fn name(rt) { body }` into a module `name` with one `#[test]` per runtime
/// (`name::tokio`, `name::async_std`, `name::smol`). Inside the body, `rt` is the runtime
/// (generic `R: TestRuntime`), so `rt.spawn(..)`, `rt.sleep(..)` work the same everywhere.
/// Items of the enclosing file are in scope; attributes before `async fn` (such as
/// `#[ignore]` or `#[should_panic]`) go on each generated test.
///
/// ```
/// tests::both_runtimes! {
///     async fn sleeps_and_spawns(rt) {
///         let task = rt.spawn(async { 40 + 2 });
///         rt.sleep(std::time::Duration::from_millis(1)).await;
///         assert_eq!(task.await, 42);
///     }
/// }
/// # fn main() {}
/// ```
#[macro_export]
macro_rules! both_runtimes {
    ($( $(#[$meta:meta])* async fn $name:ident($rt:ident) $body:block )*) => {$(
        #[allow(unused_imports)]
        mod $name {
            use super::*;
            #[allow(unused_imports)]
            use $crate::runtime::TestRuntime as _;

            async fn body<R: $crate::runtime::TestRuntime>($rt: R) $body

            #[test]
            $(#[$meta])*
            fn tokio() {
                $crate::runtime::run($crate::runtime::Tokio, body);
            }

            #[test]
            $(#[$meta])*
            fn async_std() {
                $crate::runtime::run($crate::runtime::AsyncStd, body);
            }

            #[test]
            $(#[$meta])*
            fn smol() {
                $crate::runtime::run($crate::runtime::Smol, body);
            }
        }
    )*};
}
