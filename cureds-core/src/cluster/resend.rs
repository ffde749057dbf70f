//! Sending again the commands of a fanned-out pipeline that a node redirected (`MOVED`,
//! `ASK`, `TRYAGAIN`, `CLUSTERDOWN`), that a replica refused, or that were lost with their
//! node, without changing their order per key.
//!
//! A pipeline keeps the order of its commands per key, as a single server does. So the
//! commands of one slot that must go again travel together, in their order, as one pipeline
//! to one node, led by the first of them: the node is the one its redirect names, and while
//! it is refused (`TRYAGAIN`, a node down) the commands behind it wait with it, even those
//! another node would serve at once. Slots go again independently of each other.
//!
//! What this cannot undo: a command that ran on the first try while an earlier one of its
//! slot was redirected. For single-key commands that does not happen (a key missing on a
//! migrating node stays missing there, a slot that moved stays moved); a multi-key command
//! refused with `TRYAGAIN` (its keys split by a migration) can run after later commands on
//! one of its keys that its node served.

use std::sync::Arc;
use std::time::Instant;

use bytes::{Bytes, BytesMut};
use resp_core::cluster::{Node, Redirect};
use resp_core::{Error, Reply, Request, Value};

use super::fanout::join_all;
use super::router::{backoff, node_is_down, retryable, DOWN_POLL, MAX_ATTEMPTS};
use super::{Inner, Target};
use crate::send::unexpected;
use crate::transport::{Transport, Wait};
use crate::Runtime;

/// `ASKING`, sent before each command that goes to a node importing its slot.
const ASKING: &[u8] = b"*1\r\n$6\r\nASKING\r\n";

/// Why a command must go again: the reply its node gave (a redirect or a replica's
/// refusal), or the error that lost it.
#[derive(Debug)]
pub(super) enum Refused {
    Reply(Value),
    Lost(Error),
}

impl Refused {
    /// Lost because its node is known to be down: nothing was sent.
    fn node_down(&self) -> bool {
        match self {
            Refused::Lost(error) => node_is_down(error),
            Refused::Reply(_) => false,
        }
    }
}

/// Commands to send again, by index, with why each was refused.
type Pending = Vec<(usize, Refused)>;

/// Where the commands of a chain go next.
struct Hop {
    node: Option<Node>,
    /// The node imports the slot: `ASKING` goes before each command.
    asking: bool,
}

impl<R: Runtime> Inner<R> {
    /// Sends the `again` commands (indexes into `commands`, ascending) again, one chain per
    /// slot, the chains concurrently; their final replies by index. A command still
    /// redirected when the attempts or the response timeout run out gets its last redirect
    /// as its reply; a lost one ends the whole pipeline with its error.
    pub(super) async fn resend(
        self: &Arc<Self>,
        commands: &[(Bytes, Target)],
        again: Pending,
        started: Instant,
    ) -> Result<Vec<(usize, Value)>, Error> {
        let mut chains: Vec<(Option<u16>, Pending)> = Vec::new();
        for (index, refused) in again {
            let slot = commands[index].1.slot();
            match chains
                .iter_mut()
                .find(|(s, _)| slot.is_some() && *s == slot)
            {
                Some((_, chain)) => chain.push((index, refused)),
                None => chains.push((slot, vec![(index, refused)])),
            }
        }
        let results = join_all(
            chains
                .into_iter()
                .map(|(slot, chain)| self.resend_chain(commands, slot, chain, started))
                .collect(),
        )
        .await;
        let mut replies = Vec::new();
        for result in results {
            replies.extend(result?);
        }
        Ok(replies)
    }

    /// One slot's commands (or one keyless command, `slot` None), sent again in order until
    /// none is refused.
    async fn resend_chain(
        self: &Arc<Self>,
        commands: &[(Bytes, Target)],
        slot: Option<u16>,
        mut pending: Pending,
        started: Instant,
    ) -> Result<Vec<(usize, Value)>, Error> {
        let budget = self.response_budget();
        let mut done = Vec::with_capacity(pending.len());
        let mut attempt = 0;
        while let Some((_, lead)) = pending.first() {
            // A node known to be down was sent nothing: only the response timeout bounds
            // waiting for its slot's new owner.
            if !lead.node_down() {
                attempt += 1;
            }
            if attempt > MAX_ATTEMPTS || started.elapsed() > budget {
                for (index, refused) in pending {
                    match refused {
                        Refused::Reply(value) => done.push((index, value)),
                        Refused::Lost(error) => return Err(error),
                    }
                }
                break;
            }
            let hop = self.next_hop(lead, slot, attempt).await;
            let sent = self.send_chain(commands, &pending, &hop).await;
            pending = match sent {
                Ok(values) => {
                    let mut refused = Vec::new();
                    for ((index, _), value) in pending.into_iter().zip(values) {
                        if Redirect::of_value(&value).is_some() {
                            refused.push((index, Refused::Reply(value)));
                        } else {
                            done.push((index, value));
                        }
                    }
                    refused
                }
                Err(error) if retryable(&error) => pending
                    .into_iter()
                    .map(|(index, _)| (index, Refused::Lost(error.clone())))
                    .collect(),
                Err(error) => return Err(error),
            };
        }
        Ok(done)
    }

    /// Where a chain goes next, from why its first command was refused: the node a redirect
    /// names (the map updated for `MOVED`), or after a backoff the slot's primary as the
    /// map says then.
    async fn next_hop(self: &Arc<Self>, lead: &Refused, slot: Option<u16>, attempt: usize) -> Hop {
        let redirect = match lead {
            Refused::Reply(value) => Redirect::of_value(value),
            Refused::Lost(_) => None,
        };
        match redirect {
            Some(Redirect::Moved { slot, node }) => {
                self.learn_moved(slot, node.clone());
                return Hop {
                    node: Some(node),
                    asking: false,
                };
            }
            Some(Redirect::Ask { node, .. }) => {
                return Hop {
                    node: Some(node),
                    asking: true,
                }
            }
            // A replica's refusal: the primary answers at once.
            None if matches!(lead, Refused::Reply(_)) => {}
            Some(redirect) => {
                if redirect.needs_refresh() {
                    self.refresh_background();
                }
                self.runtime.sleep(backoff(attempt)).await;
            }
            None => {
                self.node_unreachable();
                let delay = if lead.node_down() {
                    DOWN_POLL
                } else {
                    backoff(attempt)
                };
                self.runtime.sleep(delay).await;
            }
        }
        Hop {
            node: self.resolve(&slot.map_or(Target::Any, Target::Slot)),
            asking: false,
        }
    }

    /// Sends the pending commands as one pipeline along `hop`; one reply per command.
    async fn send_chain(
        &self,
        commands: &[(Bytes, Target)],
        pending: &[(usize, Refused)],
        hop: &Hop,
    ) -> Result<Vec<Value>, Error> {
        let Some(node) = &hop.node else {
            return Err(Error::Config("no cluster node serves the slot".into()));
        };
        let mut frames = BytesMut::new();
        for (index, _) in pending {
            if hop.asking {
                frames.extend_from_slice(ASKING);
            }
            frames.extend_from_slice(&commands[*index].0);
        }
        let sent = pending.len() * if hop.asking { 2 } else { 1 };
        let request = Request::pipeline(frames.freeze(), sent)?;
        let values = match self
            .client(node)
            .await?
            .request(request, Wait::Response)
            .await?
        {
            Reply::Values(values) if values.len() == sent => values,
            other => return Err(unexpected(&other)),
        };
        // ASKING's own replies (+OK) are dropped: each command's reply follows its ASKING.
        let step = if hop.asking { 2 } else { 1 };
        Ok(values.into_iter().skip(step - 1).step_by(step).collect())
    }
}
