//! [`Reply`]: what a completed request yields, and the bookkeeping that collects the replies
//! of one request, checking MULTI/EXEC's intermediate replies on the way.

use crate::{Error, ServerError, TypeError, Value};

use super::pubsub::SubscriptionKind;
use super::Shape;

/// The replies to one [`Request`](super::Request), once all have arrived.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Reply {
    /// The reply to a single command, error replies included (converting it, e.g. with
    /// [`Cmd::convert`](crate::Cmd::convert), turns those into [`Error::Server`]).
    Value(Value),
    /// One reply per command of a pipeline, or EXEC's array for a transaction; an error
    /// reply stays at its position.
    Values(Vec<Value>),
    /// `EXEC` answered null: a `WATCH`ed key changed, and none of the commands ran.
    WatchAborted,
}

/// Collects the replies of one in-flight request.
#[derive(Debug)]
pub(crate) enum Collector {
    Single,
    Pipeline {
        remaining: usize,
        values: Vec<Value>,
    },
    Transaction {
        commands: usize,
        /// Replies received so far (MULTI's `+OK` is number 0, or number 1 after ASKING's).
        seen: usize,
        /// 1 when ASKING's reply comes before MULTI's.
        asking: usize,
        failure: Option<Error>,
    },
    PubSub {
        kind: SubscriptionKind,
        subscribe: bool,
        /// `None` for an unsubscribe from everything until it reaches the front of the
        /// queue, when the connection knows how many subscriptions it has.
        remaining: Option<usize>,
        confirmations: Vec<Value>,
    },
}

impl Collector {
    pub(crate) fn new(shape: Shape) -> Self {
        match shape {
            Shape::Single => Collector::Single,
            Shape::Pipeline { commands } => Collector::Pipeline {
                remaining: commands,
                // The count comes from our own caller, not the network; still cap the
                // up-front reservation.
                values: Vec::with_capacity(commands.min(1024)),
            },
            Shape::Transaction { commands } => Collector::Transaction {
                commands,
                seen: 0,
                asking: 0,
                failure: None,
            },
            Shape::AskingTransaction { commands } => Collector::Transaction {
                commands,
                seen: 0,
                asking: 1,
                failure: None,
            },
            Shape::PubSub {
                kind,
                subscribe,
                channels,
            } => Collector::PubSub {
                kind,
                subscribe,
                remaining: (channels > 0).then_some(channels),
                confirmations: Vec::new(),
            },
        }
    }

    /// For a pub/sub request: whether a confirmation of `kind` and direction is its to take.
    /// `current` is how many subscriptions of that kind the connection has, which fixes
    /// the count of an unsubscribe from everything.
    pub(crate) fn wants_confirmation(
        &mut self,
        of_kind: SubscriptionKind,
        of_subscribe: bool,
        current: usize,
    ) -> bool {
        match self {
            Collector::PubSub {
                kind,
                subscribe,
                remaining,
                ..
            } if *kind == of_kind && *subscribe == of_subscribe => {
                remaining.get_or_insert(current.max(1));
                true
            }
            _ => false,
        }
    }

    /// The result if the request needs no reply at all (an empty pipeline).
    pub(crate) fn complete_without_replies(&mut self) -> Option<Result<Reply, Error>> {
        match self {
            Collector::Pipeline {
                remaining: 0,
                values,
            } => Some(Ok(Reply::Values(std::mem::take(values)))),
            _ => None,
        }
    }

    /// Takes one reply; returns the request's result once its last reply has arrived.
    pub(crate) fn feed(&mut self, value: Value) -> Option<Result<Reply, Error>> {
        match self {
            Collector::Single => Some(Ok(Reply::Value(value))),
            Collector::Pipeline { remaining, values } => {
                values.push(value);
                *remaining = remaining.saturating_sub(1);
                (*remaining == 0).then(|| Ok(Reply::Values(std::mem::take(values))))
            }
            Collector::PubSub {
                remaining,
                confirmations,
                ..
            } => {
                if let Some(error) = as_server_error(&value) {
                    return Some(Err(Error::Server(error)));
                }
                confirmations.push(value);
                let left = remaining.unwrap_or(1).saturating_sub(1);
                *remaining = Some(left);
                (left == 0).then(|| Ok(Reply::Values(std::mem::take(confirmations))))
            }
            Collector::Transaction {
                commands,
                seen,
                asking,
                failure,
            } => {
                let Some(index) = seen.checked_sub(*asking) else {
                    // ASKING's reply: a refusal is the transaction's error.
                    *seen += 1;
                    if let Some(error) = as_server_error(&value) {
                        *failure = Some(Error::Server(error));
                    }
                    return None;
                };
                *seen += 1;
                if index == 0 {
                    // MULTI refused (e.g. nested MULTI): the commands then run on their own
                    // and EXEC fails; report MULTI's error.
                    if let Some(error) = as_server_error(&value) {
                        *failure = Some(Error::Server(error));
                    }
                    None
                } else if index <= *commands {
                    if failure.is_none() {
                        *failure = check_queued(index - 1, &value);
                    }
                    None
                } else {
                    Some(match failure.take() {
                        Some(error) => Err(error),
                        None => exec_result(value),
                    })
                }
            }
        }
    }
}

fn as_server_error(value: &Value) -> Option<ServerError> {
    match value {
        Value::Error(line) | Value::BulkError(line) => Some(ServerError::from_bytes(line.clone())),
        _ => None,
    }
}

/// A command between MULTI and EXEC must be answered `+QUEUED`; an error means the server
/// will answer EXEC with EXECABORT, and we report which command caused it.
fn check_queued(position: usize, value: &Value) -> Option<Error> {
    if let Some(cause) = as_server_error(value) {
        return Some(Error::ExecAbort { position, cause });
    }
    match value {
        Value::SimpleString(s) if &s[..] == b"QUEUED" => None,
        other => Some(Error::Type(TypeError::new("+QUEUED", other))),
    }
}

fn exec_result(value: Value) -> Result<Reply, Error> {
    match value.without_attributes() {
        Value::Array(values) => Ok(Reply::Values(values)),
        Value::Null => Ok(Reply::WatchAborted),
        Value::Error(line) | Value::BulkError(line) => {
            Err(Error::Server(ServerError::from_bytes(line)))
        }
        other => Err(Error::Type(TypeError::new("EXEC's array", &other))),
    }
}
