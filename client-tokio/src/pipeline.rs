//! [`Pipeline`]: commands sent as one request on a [`Client`](crate::Client).

/// Commands queued with the [`PipelineCommands`](crate::PipelineCommands) methods and sent
/// together by [`execute`](resp_core::session::Pipeline::execute); made by
/// [`Client::pipeline`](crate::Client::pipeline). Atomic (`MULTI` / `EXEC`) unless
/// [`non_atomic`](resp_core::session::Pipeline::non_atomic); see
/// [`resp_core::session::Pipeline`].
///
/// ```no_run
/// use client_tokio::{Client, PipelineCommands, Value};
///
/// # async fn demo(client: Client) -> Result<(), client_tokio::Error> {
/// let mut pipe = client.pipeline();
/// pipe.set("a", 1).incr("a").get("a");
/// let ((), n, a): ((), i64, String) = pipe.execute().await?;
/// # Ok(()) }
/// ```
pub type Pipeline = resp_core::session::Pipeline<crate::Client>;
