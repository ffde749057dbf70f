//! Fan-out: one request per node, sent concurrently and put back in order (a split
//! multi-key command, a non-atomic pipeline, a keyless command for every primary).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Instant;

use bytes::{Bytes, BytesMut};
use resp_core::cluster::{Node, PipelinePlan, Redirect, Split};
use resp_core::{Cmd, Error, Reply, Request, Value};

use super::resend::Refused;
use super::router::{replica_refused, retryable};
use super::{Inner, Target};
use crate::transport::{Transport, Wait};
use crate::Runtime;

/// Polls every future to completion; the outputs in order.
pub(crate) async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut futures: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(v) => *output = Some(v),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().flatten().collect()
}

/// The RESP frame of `cmd`.
pub(super) fn encode<T>(cmd: &Cmd<T>) -> Bytes {
    let mut out = BytesMut::new();
    cmd.encode(&mut out);
    out.freeze()
}

impl<R: Runtime> Inner<R> {
    /// Runs encoded single commands, each to its target, grouped per node into pipelines
    /// sent concurrently; replies in order. Redirected or lost ones go again, in order per
    /// slot (see `resend.rs`).
    pub(crate) async fn run_many(
        self: &Arc<Self>,
        commands: Vec<(Bytes, Target)>,
    ) -> Result<Vec<Value>, Error> {
        let started = Instant::now();
        let nodes: Vec<Option<Node>> = commands.iter().map(|(_, t)| self.resolve(t)).collect();
        let plan = PipelinePlan::new(nodes);
        let groups = plan.groups().iter().map(|(node, indexes)| {
            let mut frames = BytesMut::new();
            for &i in indexes {
                frames.extend_from_slice(&commands[i].0);
            }
            let request = Request::pipeline(frames.freeze(), indexes.len());
            let node = node.clone();
            async move {
                let request = request?;
                let Some(node) = node else {
                    return Err(Error::Config("no cluster node serves the slot".into()));
                };
                match self
                    .reachable_client(&node)
                    .await?
                    .request(request, Wait::Response)
                    .await?
                {
                    Reply::Values(values) => Ok(values),
                    other => Err(crate::send::unexpected(&other)),
                }
            }
        });
        let results = join_all(groups.collect()).await;
        let mut replies = Vec::with_capacity(results.len());
        let mut lost: Vec<Option<Error>> = vec![None; commands.len()];
        for ((_, indexes), result) in plan.groups().iter().zip(results) {
            match result {
                Ok(values) => replies.push(values),
                Err(e) if retryable(&e) => {
                    for &i in indexes {
                        lost[i] = Some(e.clone());
                    }
                    replies.push(Vec::new());
                }
                Err(e) => return Err(e),
            }
        }
        let mut out = plan.reassemble(replies);
        let mut again = Vec::new();
        for (i, error) in lost.into_iter().enumerate() {
            if let Some(error) = error {
                again.push((i, Refused::Lost(error)));
            } else if Redirect::of_value(&out[i]).is_some()
                || (matches!(commands[i].1, Target::Read(_)) && replica_refused(&out[i]))
            {
                again.push((
                    i,
                    Refused::Reply(std::mem::replace(&mut out[i], Value::Null)),
                ));
            }
        }
        if !again.is_empty() {
            for (i, value) in self.resend(&commands, again, started).await? {
                out[i] = value;
            }
        }
        Ok(out)
    }

    /// Runs the parts of a split multi-key command, each on its slot's node (a replica for
    /// a read when `ReadFrom` says so); the replies in [`Split::parts`] order.
    pub(super) async fn run_split(self: &Arc<Self>, split: &Split) -> Result<Vec<Value>, Error> {
        let parts = split
            .parts
            .iter()
            .map(|p| (encode(&p.cmd), self.slot_target(&p.cmd, p.slot)))
            .collect();
        self.run_many(parts).await
    }

    /// Sends `frame` to every primary at once; their replies in slot map order.
    pub(super) async fn run_on_every_primary(&self, frame: Bytes) -> Result<Vec<Value>, Error> {
        let primaries: Vec<Node> = self.map().primaries().cloned().collect();
        join_all(
            primaries
                .iter()
                .map(|node| {
                    let request = Request::encoded(frame.clone());
                    async move {
                        let client = self.client(node).await?;
                        match client.request(request?, Wait::Response).await? {
                            Reply::Value(v) => Ok(v),
                            other => Err(crate::send::unexpected(&other)),
                        }
                    }
                })
                .collect(),
        )
        .await
        .into_iter()
        .collect()
    }
}
