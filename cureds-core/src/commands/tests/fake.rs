//! A client that records what it is sent and answers from a script of replies.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::Mutex;

use bytes::Bytes;

use resp_core::{Cmd, Dispatch, Error, Value};

use crate::AsyncCommands;

#[derive(Default)]
pub(super) struct FakeClient {
    pub(super) sent: Mutex<Vec<(Vec<String>, Dispatch)>>,
    replies: Mutex<VecDeque<Value>>,
}

impl FakeClient {
    pub(super) fn answering(replies: impl IntoIterator<Item = Value>) -> Self {
        FakeClient {
            sent: Mutex::default(),
            replies: Mutex::new(replies.into_iter().collect()),
        }
    }

    pub(super) fn sent(&self) -> Vec<Vec<String>> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .map(|(w, _)| w.clone())
            .collect()
    }
}

impl AsyncCommands for FakeClient {
    fn send<T: Send + 'static>(
        &self,
        cmd: Cmd<T>,
    ) -> impl Future<Output = Result<T, Error>> + Send {
        self.sent
            .lock()
            .unwrap()
            .push((super::words(&cmd), cmd.dispatch()));
        let reply = self.replies.lock().unwrap().pop_front();
        let result = match reply {
            Some(reply) => cmd.convert(reply),
            None => Err(Error::ConnectionLost),
        };
        std::future::ready(result)
    }
}

pub(super) fn bulk(s: &str) -> Value {
    Value::BulkString(Bytes::copy_from_slice(s.as_bytes()))
}

pub(super) fn arr(items: impl IntoIterator<Item = Value>) -> Value {
    Value::Array(items.into_iter().collect())
}

pub(super) fn bulks(items: &[&str]) -> Value {
    arr(items.iter().map(|s| bulk(s)))
}
