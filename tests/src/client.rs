//! [`TestClient`] and [`TestPipeline`]: the one surface a test body uses, implemented by the
//! clients of both runtime crates, so each test is written once.
//!
//! The command methods come from resp-core's [`AsyncCommands`] and [`PipelineCommands`]
//! (shared by both clients already); these traits add what each client crate defines on its
//! own types: pipelines and their execution.

use std::fmt::Debug;
use std::future::Future;

use std::ops::Deref;

use resp_core::{AsyncCommands, Error, FromValue, Message, PipelineCommands, ToArgs, Value};

/// A client under test: commands, clones sharing one connection, pipelines.
pub trait TestClient: AsyncCommands + Clone + Debug + Send + Sync + 'static {
    /// The client's pipeline type.
    type Pipeline: TestPipeline;
    /// The handle of a leased, dedicated connection.
    type Dedicated: TestDedicated;
    /// A lease on a dedicated connection (returned to the pool on drop).
    type Lease: Deref<Target = Self::Dedicated> + Send + Sync;

    /// A pub/sub subscription.
    type Subscription: TestSubscription;

    /// An atomic pipeline (MULTI/EXEC).
    fn pipeline(&self) -> Self::Pipeline;

    /// `SUBSCRIBE channels` on a connection of the subscription's own.
    fn subscribe<C: ToArgs + Send>(
        &self,
        channels: C,
    ) -> impl Future<Output = Result<Self::Subscription, Error>> + Send;

    /// `PSUBSCRIBE patterns` on a connection of the subscription's own.
    fn psubscribe<C: ToArgs + Send>(
        &self,
        patterns: C,
    ) -> impl Future<Output = Result<Self::Subscription, Error>> + Send;

    /// Leases a dedicated connection.
    fn lease(&self) -> impl Future<Output = Result<Self::Lease, Error>> + Send;

    /// The WATCH transaction helper: WATCH `keys`, `build` reads and queues, MULTI/EXEC,
    /// retried while EXEC is aborted.
    fn transaction<K, F, Fut, T>(
        &self,
        keys: K,
        build: F,
    ) -> impl Future<Output = Result<T, Error>> + Send
    where
        K: ToArgs + Clone + Send,
        F: FnMut(Self::Dedicated) -> Fut + Send,
        Fut: Future<Output = Result<resp_core::Pipeline, Error>> + Send,
        T: FromValue + Send;
}

/// A subscription: messages in order, and changes while it is open.
pub trait TestSubscription: Send + Sized {
    /// The next message; `None` when the subscription ended.
    fn next_message(&mut self) -> impl Future<Output = Option<Message>> + Send;

    /// Adds channels.
    fn subscribe<C: ToArgs + Send>(
        &self,
        channels: C,
    ) -> impl Future<Output = Result<(), Error>> + Send;

    /// Removes channels.
    fn unsubscribe<C: ToArgs + Send>(
        &self,
        channels: C,
    ) -> impl Future<Output = Result<(), Error>> + Send;

    /// Adds patterns.
    fn psubscribe<C: ToArgs + Send>(
        &self,
        patterns: C,
    ) -> impl Future<Output = Result<(), Error>> + Send;
}

/// A dedicated connection's handle: commands plus WATCH and MULTI/EXEC.
pub trait TestDedicated: AsyncCommands + Clone + Send + Sync + 'static {
    /// `WATCH keys`.
    fn watch<K: ToArgs + Send>(&self, keys: K) -> impl Future<Output = Result<(), Error>> + Send;

    /// `UNWATCH`.
    fn unwatch(&self) -> impl Future<Output = Result<(), Error>> + Send;

    /// An empty pipeline for the transaction's commands.
    fn multi(&self) -> resp_core::Pipeline;

    /// Runs `commands` in MULTI/EXEC.
    fn exec<T: FromValue + Send>(
        &self,
        commands: &resp_core::Pipeline,
    ) -> impl Future<Output = Result<T, Error>> + Send;
}

/// A client's pipeline.
pub trait TestPipeline: PipelineCommands + Send + Sync + Sized {
    /// The same pipeline, sent without MULTI/EXEC.
    fn non_atomic(self) -> Self;

    /// Sends the pipeline and converts all replies together.
    fn execute<T: FromValue + Send>(&self) -> impl Future<Output = Result<T, Error>> + Send;

    /// Sends the pipeline and returns one reply per command, errors in place.
    fn execute_values(&self) -> impl Future<Output = Result<Vec<Value>, Error>> + Send;
}

macro_rules! test_client {
    ($krate:ident) => {
        impl TestClient for $krate::Client {
            type Pipeline = $krate::Pipeline;
            type Dedicated = $krate::Dedicated;
            type Lease = $krate::Lease;
            type Subscription = $krate::Subscription;

            fn subscribe<C: ToArgs + Send>(
                &self,
                channels: C,
            ) -> impl Future<Output = Result<Self::Subscription, Error>> + Send {
                $krate::Client::subscribe(self, channels)
            }

            fn psubscribe<C: ToArgs + Send>(
                &self,
                patterns: C,
            ) -> impl Future<Output = Result<Self::Subscription, Error>> + Send {
                $krate::Client::psubscribe(self, patterns)
            }

            fn pipeline(&self) -> Self::Pipeline {
                $krate::Client::pipeline(self)
            }

            fn lease(&self) -> impl Future<Output = Result<Self::Lease, Error>> + Send {
                $krate::Client::lease(self)
            }

            fn transaction<K, F, Fut, T>(
                &self,
                keys: K,
                build: F,
            ) -> impl Future<Output = Result<T, Error>> + Send
            where
                K: ToArgs + Clone + Send,
                F: FnMut(Self::Dedicated) -> Fut + Send,
                Fut: Future<Output = Result<resp_core::Pipeline, Error>> + Send,
                T: FromValue + Send,
            {
                $krate::Client::transaction(self, keys, build)
            }
        }

        impl TestSubscription for $krate::Subscription {
            fn next_message(&mut self) -> impl Future<Output = Option<Message>> + Send {
                $krate::Subscription::next_message(self)
            }

            fn subscribe<C: ToArgs + Send>(
                &self,
                channels: C,
            ) -> impl Future<Output = Result<(), Error>> + Send {
                $krate::Subscription::subscribe(self, channels)
            }

            fn unsubscribe<C: ToArgs + Send>(
                &self,
                channels: C,
            ) -> impl Future<Output = Result<(), Error>> + Send {
                $krate::Subscription::unsubscribe(self, channels)
            }

            fn psubscribe<C: ToArgs + Send>(
                &self,
                patterns: C,
            ) -> impl Future<Output = Result<(), Error>> + Send {
                $krate::Subscription::psubscribe(self, patterns)
            }
        }

        impl TestDedicated for $krate::Dedicated {
            fn watch<K: ToArgs + Send>(
                &self,
                keys: K,
            ) -> impl Future<Output = Result<(), Error>> + Send {
                $krate::Dedicated::watch(self, keys)
            }

            fn unwatch(&self) -> impl Future<Output = Result<(), Error>> + Send {
                $krate::Dedicated::unwatch(self)
            }

            fn multi(&self) -> resp_core::Pipeline {
                $krate::Dedicated::multi(self)
            }

            fn exec<T: FromValue + Send>(
                &self,
                commands: &resp_core::Pipeline,
            ) -> impl Future<Output = Result<T, Error>> + Send {
                $krate::Dedicated::exec(self, commands)
            }
        }

        impl TestPipeline for $krate::Pipeline {
            fn non_atomic(self) -> Self {
                $krate::Pipeline::non_atomic(self)
            }

            fn execute<T: FromValue + Send>(
                &self,
            ) -> impl Future<Output = Result<T, Error>> + Send {
                $krate::Pipeline::execute(self)
            }

            fn execute_values(&self) -> impl Future<Output = Result<Vec<Value>, Error>> + Send {
                $krate::Pipeline::execute_values(self)
            }
        }
    };
}

test_client!(client_tokio);
test_client!(client_async_std);
