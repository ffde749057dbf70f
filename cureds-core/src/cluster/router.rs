//! The router: where a command goes (its keys' slot, a replica for a read, any primary,
//! every primary), and sending it there while following `MOVED`, `ASK`, `TRYAGAIN`,
//! `CLUSTERDOWN` and lost nodes within the response timeout.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use resp_core::cluster::{CommandSlots, CommandTable, Fanout, Node, Redirect, Split};
use resp_core::{cmd, Cmd, Dispatch, Error, Reply, Request, ServerErrorKind, Shape, Value};

use super::fanout::encode;
use super::{Inner, Target};
use crate::send::single;
use crate::transport::{Transport, Wait};
use crate::{AsyncCommands, Client, Runtime};

/// How many times one request follows redirects or retries before giving up.
pub(super) const MAX_ATTEMPTS: usize = 32;

/// Whether a read sent to a replica should go to the primary instead: the replica is
/// unreachable or was lost mid-read, redirected it, or refused it (`LOADING`, `MASTERDOWN`,
/// ...).
fn replica_failed(outcome: &Result<Reply, Error>) -> bool {
    match outcome {
        Ok(Reply::Value(v)) => Redirect::of_value(v).is_some(),
        Ok(_) => false,
        Err(Error::Server(e)) => Redirect::of_server_error(e).is_some() || replica_refusal(e),
        // A read has no effect: one lost in flight is safe to send again.
        Err(Error::ConnectionLost) => true,
        Err(e) => retryable(e),
    }
}

/// Whether a pipeline's reply in place is a replica's refusal to serve a read.
pub(super) fn replica_refused(value: &Value) -> bool {
    match value {
        Value::Error(line) | Value::BulkError(line) => {
            replica_refusal(&resp_core::ServerError::from_bytes(line.clone()))
        }
        _ => false,
    }
}

/// A server error that a replica gives while it cannot serve reads.
fn replica_refusal(error: &resp_core::ServerError) -> bool {
    matches!(
        error.kind(),
        ServerErrorKind::Loading | ServerErrorKind::ReadOnly | ServerErrorKind::MasterDown
    )
}

/// The redirect an outcome asks for: an error reply, or a transaction discarded because a
/// command was redirected when queued.
fn redirect_of(outcome: &Result<Reply, Error>) -> Option<Redirect> {
    match outcome {
        Ok(Reply::Value(v)) => Redirect::of_value(v),
        Err(Error::ExecAbort { cause, .. }) => Redirect::of_server_error(cause),
        _ => None,
    }
}

pub(super) fn backoff(attempt: usize) -> Duration {
    Duration::from_millis((5u64 << attempt.min(6)).min(250))
}

/// How often a request for a node that is down looks again for where to go.
pub(super) const DOWN_POLL: Duration = Duration::from_millis(20);

/// Whether an error says the node is known to be down, for a reason that may clear (it is
/// restarting, or the cluster promotes a replica): nothing was sent. A node that refuses the
/// client's credentials is not waited for.
pub(super) fn node_is_down(error: &Error) -> bool {
    matches!(error, Error::ConnectionDown { .. }) && error.lasting().is_none()
}

/// Whether sending again is safe and may help: the command did not run, or the node is
/// unreachable.
pub(super) fn retryable(error: &Error) -> bool {
    !error.may_have_run() || error.is_io()
}

impl<R: Runtime> Inner<R> {
    /// How long a request may follow redirects and retry: the response timeout, or 10 s.
    pub(super) fn response_budget(&self) -> Duration {
        self.config
            .node
            .response_timeout
            .unwrap_or(Duration::from_secs(10))
    }

    /// A `MOVED` reply: `slot` is `node`'s now. The map learns it at once, and a refresh
    /// (more slots probably moved) runs in the background.
    pub(super) fn learn_moved(self: &Arc<Self>, slot: u16, node: Node) {
        {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let mut map = (*state.map).clone();
            map.set_primary(slot, node);
            state.map = Arc::new(map);
        }
        self.refresh_background();
    }

    pub(super) fn resolve(&self, target: &Target) -> Option<Node> {
        let map = self.map();
        match target {
            Target::Slot(slot) => map.primary(*slot).cloned(),
            Target::Read(slot) => {
                let turn = self.next_read.fetch_add(1, Ordering::Relaxed);
                let node = map.read_node(*slot, self.config.read_from, turn)?;
                // A replica known to be down is skipped at once rather than waited for.
                if self.is_down(node) {
                    map.primary(*slot).cloned()
                } else {
                    Some(node.clone())
                }
            }
            Target::Any => {
                let shards = map.shards();
                let n = self.next_any.fetch_add(1, Ordering::Relaxed);
                shards
                    .get(n % shards.len().max(1))
                    .map(|s| s.primary.clone())
            }
            Target::Asking(node) => Some(node.clone()),
        }
    }

    pub(super) async fn client_for(&self, target: &Target) -> Result<Client<R>, Error> {
        match self.resolve(target) {
            Some(node) => self.client(&node).await,
            None => Err(Error::Config(format!("no cluster node serves {target:?}"))),
        }
    }

    /// The server's command table (key positions and flags), for commands without marked
    /// keys: fetched with `COMMAND` by the first caller, which the others wait for. A
    /// server that refuses `COMMAND` (an ACL) leaves it empty; a connection error leaves it
    /// to the next caller.
    pub(crate) async fn command_table(&self) -> Option<Arc<CommandTable>> {
        let table = self
            .commands
            .get_or_try_init(|| async {
                let client = self.client_for(&Target::Any).await?;
                match client.send(cmd("COMMAND")).await {
                    Ok(reply) => Ok(Arc::new(CommandTable::from_reply(&reply))),
                    Err(Error::Server(_)) => Ok(Arc::new(CommandTable::default())),
                    Err(e) => Err(e),
                }
            })
            .await;
        table.ok().cloned()
    }

    /// Where a command on keys of `slot` goes: a replica for a read when `ReadFrom` says
    /// so, the primary otherwise.
    pub(super) fn slot_target<T>(&self, cmd: &Cmd<T>, slot: u16) -> Target {
        self.target_for(
            cmd.is_read_only() && cmd.dispatch() == Dispatch::Shared,
            slot,
        )
    }

    /// [`Target::Read`] for a read (when replicas serve reads), else [`Target::Slot`].
    pub(crate) fn target_for(&self, read_only: bool, slot: u16) -> Target {
        if read_only && self.config.read_from.uses_replicas() {
            Target::Read(slot)
        } else {
            Target::Slot(slot)
        }
    }

    pub(super) async fn send<T: Send + 'static>(self: &Arc<Self>, cmd: Cmd<T>) -> Result<T, Error> {
        let dispatch = cmd.check_shared()?;
        let wait = (dispatch == Dispatch::Blocking).then(|| Wait::blocking(cmd.block_timeout()));
        let mut slots = CommandSlots::of(&cmd);
        let mut read_only = cmd.is_read_only();
        if slots == CommandSlots::NoKey {
            // No marked key: the escape hatch (or a keyless command). The server's key
            // specs say where its keys are, and its flags whether it only reads.
            if let Some(table) = self.command_table().await {
                if let Some(keys) = table.keys(&cmd) {
                    slots = CommandSlots::of_keys(keys);
                    read_only |= table.is_read_only(&cmd);
                }
            }
        }
        let convert = cmd.converter();
        match slots {
            CommandSlots::Slot(slot) => single(
                self.run(
                    self.target_for(read_only && dispatch == Dispatch::Shared, slot),
                    Request::command(&cmd),
                    wait,
                )
                .await?,
                convert,
            ),
            CommandSlots::CrossSlot(slots) => {
                let Some(split) = Split::plan(&cmd) else {
                    return Err(Error::CrossSlot {
                        command: String::from_utf8_lossy(cmd.name()).to_uppercase(),
                        slots,
                    });
                };
                let replies = self.run_split(&split).await?;
                convert(split.merge_replies(replies))
            }
            CommandSlots::NoKey => match Fanout::of(&cmd) {
                Fanout::Any => single(
                    self.run(Target::Any, Request::command(&cmd), wait).await?,
                    convert,
                ),
                fanout => convert(fanout.combine(self.run_on_every_primary(encode(&cmd)).await?)),
            },
        }
    }

    /// Sends `request` to `target`, following redirects and retrying within the response
    /// timeout.
    pub(crate) async fn run(
        self: &Arc<Self>,
        mut target: Target,
        request: Request,
        wait: Option<Wait>,
    ) -> Result<Reply, Error> {
        let started = Instant::now();
        let budget = self.response_budget();
        let mut attempt = 0;
        loop {
            let outcome = self.attempt(&target, &request, wait).await;
            if outcome.as_ref().is_err_and(node_is_down) && started.elapsed() <= budget {
                // Not sent: wait for the map to name the slot's new owner (the recovery
                // watch asks a few times a second) or for the node to come back. Not an
                // attempt: only the response timeout bounds this wait.
                self.node_unreachable();
                self.runtime.sleep(DOWN_POLL).await;
                continue;
            }
            if let Target::Read(slot) = target {
                // A replica that is down, syncing, or no longer serving the slot (MOVED):
                // its primary answers instead.
                if replica_failed(&outcome) {
                    target = Target::Slot(slot);
                    if outcome.is_err() {
                        self.refresh_background();
                    }
                    continue;
                }
            }
            let redirect = match redirect_of(&outcome) {
                Some(redirect) => Some(Ok(redirect)),
                None if outcome.as_ref().is_err_and(retryable) => Some(Err(())),
                None => None,
            };
            let Some(redirect) = redirect else {
                return outcome;
            };
            attempt += 1;
            if attempt >= MAX_ATTEMPTS || started.elapsed() > budget {
                return outcome;
            }
            match redirect {
                Ok(Redirect::Moved { slot, node }) => {
                    self.learn_moved(slot, node);
                    if matches!(target, Target::Asking(_)) {
                        target = Target::Slot(slot);
                    }
                }
                Ok(Redirect::Ask { node, .. }) => {
                    let back = match target {
                        Target::Asking(_) => None,
                        ref t => Some(t.clone()),
                    };
                    target = Target::Asking(node);
                    // Only this attempt goes to the importing node. A transaction's commands
                    // were refused at queue time (EXECABORT), so none ran: it may go again.
                    let outcome = self.attempt(&target, &request, wait).await;
                    if redirect_of(&outcome).is_none() {
                        return outcome;
                    }
                    target = back.unwrap_or(Target::Any);
                    self.runtime.sleep(backoff(attempt)).await;
                }
                Ok(r) => {
                    if r.needs_refresh() {
                        self.refresh_background();
                    }
                    self.runtime.sleep(backoff(attempt)).await;
                }
                Err(()) => {
                    self.node_unreachable();
                    self.runtime.sleep(backoff(attempt)).await;
                }
            }
        }
    }

    pub(super) async fn attempt(
        &self,
        target: &Target,
        request: &Request,
        wait: Option<Wait>,
    ) -> Result<Reply, Error> {
        let client = match self.resolve(target) {
            Some(node) => self.reachable_client(&node).await?,
            None => return Err(Error::Config(format!("no cluster node serves {target:?}"))),
        };
        if let Target::Asking(_) = target {
            let reply = client.request(request.asking(), Wait::Response).await?;
            // A transaction's replies come back as without ASKING; a single command's come
            // as a pipeline of two, ASKING's first.
            return match (request.shape(), reply) {
                (Shape::Single, Reply::Values(mut v)) if v.len() == 2 => {
                    Ok(Reply::Value(v.pop().unwrap_or(Value::Null)))
                }
                (_, other) => Ok(other),
            };
        }
        match wait {
            Some(wait) => client.request_blocking(request.clone(), wait).await,
            None => client.request(request.clone(), Wait::Response).await,
        }
    }
}
