//! [`TestClient`] and [`TestPipeline`]: the one surface a test body uses, implemented by the
//! clients of both runtime crates, so each test is written once.
//!
//! The command methods come from resp-core's [`AsyncCommands`] and [`PipelineCommands`]
//! (shared by both clients already); these traits add what each client crate defines on its
//! own types: pipelines and their execution.

use std::fmt::Debug;
use std::future::Future;

use resp_core::{AsyncCommands, Error, FromValue, PipelineCommands, Value};

/// A client under test: commands, clones sharing one connection, pipelines.
pub trait TestClient: AsyncCommands + Clone + Debug + Send + Sync + 'static {
    /// The client's pipeline type.
    type Pipeline: TestPipeline;

    /// An atomic pipeline (MULTI/EXEC).
    fn pipeline(&self) -> Self::Pipeline;
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

            fn pipeline(&self) -> Self::Pipeline {
                $krate::Client::pipeline(self)
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
