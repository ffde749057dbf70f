//! [`ClusterPipeline`]: a pipeline on a cluster, atomic in one slot or split per node.

use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use resp_core::cluster::CommandSlots;
use resp_core::{Cmd, Error, FromValue, PipelineCommands, Reply, Request, Value};

use super::{Inner, Target};
use crate::send::unexpected;
use crate::Runtime;

/// Commands queued with the [`PipelineCommands`] methods and sent together by
/// [`ClusterPipeline::execute`].
///
/// Atomic by default: sent in `MULTI` / `EXEC` to the node owning its keys, which must all
/// share one slot ([`Error::CrossSlot`] otherwise, before anything is sent). A
/// [`ClusterPipeline::non_atomic`] one is split per node, the parts sent concurrently, and
/// the replies put back in the order the commands were queued; a redirected command is sent
/// again on its own; reads go to replicas when the client's `ReadFrom` says so. Commands
/// queued without marked keys (the `cmd` escape hatch) are routed by the server's
/// `COMMAND` key specs, or go to any primary when they have no key.
pub struct ClusterPipeline<R: Runtime> {
    inner: Arc<Inner<R>>,
    /// Each command's frame, slots, and whether it may be read from a replica.
    commands: Vec<(Bytes, CommandSlots, bool)>,
    /// The commands queued without marked keys (by index), kept to be looked up in the
    /// server's command table when the pipeline is sent.
    unmarked: Vec<(usize, Cmd<()>)>,
    atomic: bool,
}

impl<R: Runtime> std::fmt::Debug for ClusterPipeline<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusterPipeline")
            .field("len", &self.commands.len())
            .field("atomic", &self.atomic)
            .finish()
    }
}

impl<R: Runtime> ClusterPipeline<R> {
    pub(crate) fn new(inner: Arc<Inner<R>>) -> Self {
        ClusterPipeline {
            inner,
            commands: Vec::new(),
            unmarked: Vec::new(),
            atomic: true,
        }
    }

    /// Sends the commands without `MULTI` / `EXEC`, split per node.
    pub fn non_atomic(mut self) -> Self {
        self.atomic = false;
        self
    }

    /// The number of queued commands.
    pub fn len(&self) -> usize {
        self.commands.len()
    }

    /// Whether no command is queued.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    /// Removes every queued command.
    pub fn clear(&mut self) {
        self.commands.clear();
        self.unmarked.clear();
    }

    /// Sends the pipeline and converts all replies together into `T`.
    ///
    /// # Errors
    /// As for [`ClusterPipeline::execute_values`].
    pub async fn execute<T: FromValue>(&self) -> Result<T, Error> {
        T::from_value(Value::Array(self.execute_values().await?))
    }

    /// Sends the pipeline; one reply per command, error replies in place.
    ///
    /// # Errors
    /// [`Error::CrossSlot`] for an atomic pipeline whose keys span slots (nothing sent);
    /// [`Error::WatchAborted`], [`Error::ExecAbort`]; the nodes' errors.
    pub async fn execute_values(&self) -> Result<Vec<Value>, Error> {
        if self.commands.is_empty() {
            return Ok(Vec::new());
        }
        let commands = self.with_learned_keys().await;
        if !self.atomic {
            let commands = commands
                .iter()
                .map(|(frame, slots, read)| {
                    let target = slots
                        .single()
                        .map_or(Target::Any, |slot| self.inner.target_for(*read, slot));
                    (frame.clone(), target)
                })
                .collect();
            return self.inner.run_many(commands).await;
        }
        let mut slots: Vec<u16> = Vec::new();
        for (_, s, _) in &commands {
            match s {
                CommandSlots::NoKey => {}
                CommandSlots::Slot(x) => {
                    if !slots.contains(x) {
                        slots.push(*x);
                    }
                }
                CommandSlots::CrossSlot(xs) => {
                    for x in xs {
                        if !slots.contains(x) {
                            slots.push(*x);
                        }
                    }
                }
            }
        }
        if slots.len() > 1 {
            return Err(Error::CrossSlot {
                command: "MULTI".into(),
                slots,
            });
        }
        let mut frames = BytesMut::new();
        for (frame, _, _) in &self.commands {
            frames.extend_from_slice(frame);
        }
        let request = Request::transaction(&frames, self.commands.len())?;
        let target = slots.first().map_or(Target::Any, |s| Target::Slot(*s));
        match self.inner.run(target, request, None).await? {
            Reply::Values(values) => Ok(values),
            Reply::WatchAborted => Err(Error::WatchAborted),
            other => Err(unexpected(&other)),
        }
    }
}

impl<R: Runtime> ClusterPipeline<R> {
    /// The queued commands, those without marked keys given the slots and read-only flag
    /// of the server's command table (as [`ClusterClient`](super::ClusterClient) does for
    /// a single `cmd(..)`).
    async fn with_learned_keys(&self) -> Vec<(Bytes, CommandSlots, bool)> {
        let mut commands = self.commands.clone();
        if self.unmarked.is_empty() {
            return commands;
        }
        let Some(table) = self.inner.command_table().await else {
            return commands;
        };
        for (index, cmd) in &self.unmarked {
            if let (Some(keys), Some(entry)) = (table.keys(cmd), commands.get_mut(*index)) {
                entry.1 = CommandSlots::of_keys(keys);
                entry.2 |= table.is_read_only(cmd) && cmd.dispatch() == resp_core::Dispatch::Shared;
            }
        }
        commands
    }
}

impl<R: Runtime> PipelineCommands for ClusterPipeline<R> {
    fn push<T>(&mut self, cmd: Cmd<T>) -> &mut Self {
        let slots = CommandSlots::of(&cmd);
        let read = cmd.is_read_only() && cmd.dispatch() == resp_core::Dispatch::Shared;
        let mut frame = BytesMut::new();
        cmd.encode(&mut frame);
        if slots == CommandSlots::NoKey {
            let unmarked = cmd.with_reply(|_| Ok(()));
            self.unmarked.push((self.commands.len(), unmarked));
        }
        self.commands.push((frame.freeze(), slots, read));
        self
    }
}
