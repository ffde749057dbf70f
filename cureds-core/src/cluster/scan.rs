//! [`ClusterScanStream`]: `SCAN` over every primary of a cluster, one page at a time.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_core::Stream;
use resp_core::cluster::Node;
use resp_core::commands::keys;
use resp_core::commands::scan::ScanOptions;
use resp_core::{Error, FromValue};

use super::Inner;
use crate::{AsyncCommands, Runtime};

/// A page being fetched from one node.
type PageFuture<T> = Pin<Box<dyn Future<Output = Result<(u64, Vec<T>), Error>> + Send>>;

/// Every key of a cluster: a [`Stream`] that walks `SCAN` on each primary in turn, with the
/// same [`ScanOptions`] (`MATCH`, `COUNT`, `TYPE`) as [`AsyncCommands::scan_iter`] on one
/// server. Made by [`ClusterClient::scan_all_iter`](super::ClusterClient::scan_all_iter).
///
/// One page is held at a time, whatever the size of the keyspace. The primaries are those
/// of the slot map when the stream is made; each is walked from cursor 0 until it returns
/// cursor 0, then the next one starts.
///
/// As for SCAN on one server, a key added or removed during the walk may or may not be
/// yielded; a key whose slot migrates between primaries during the walk may be yielded
/// twice or not at all. When a page fails (a node died or was failed over mid-scan), the
/// stream yields [`Error::ScanInterrupted`], naming the node, its cursor and how far the
/// walk got, and ends: a cursor is only meaningful to the node that issued it.
///
/// It is `Unpin`; [`ClusterScanStream::next`] needs no import.
#[must_use = "a stream does nothing unless polled"]
pub struct ClusterScanStream<R: Runtime, T> {
    inner: Arc<Inner<R>>,
    options: ScanOptions,
    nodes: Vec<Node>,
    /// The node being walked (an index into `nodes`).
    node: usize,
    /// That node's next cursor; `None` once the whole walk ended (or failed).
    cursor: Option<u64>,
    page: std::vec::IntoIter<T>,
    fetching: Option<PageFuture<T>>,
}

// Nothing is pinned in place: the page future is boxed.
impl<R: Runtime, T> Unpin for ClusterScanStream<R, T> {}

impl<R: Runtime, T: FromValue + Send + 'static> ClusterScanStream<R, T> {
    pub(crate) fn new(inner: Arc<Inner<R>>, options: ScanOptions) -> Self {
        let nodes: Vec<Node> = inner.map().primaries().cloned().collect();
        ClusterScanStream {
            inner,
            options,
            cursor: (!nodes.is_empty()).then_some(0),
            nodes,
            node: 0,
            page: Vec::new().into_iter(),
            fetching: None,
        }
    }

    /// The next key, fetching the next page (from this node or the next) when this one is
    /// used up; `None` at the end.
    #[allow(clippy::should_implement_trait)] // an async `next`, not `Iterator::next`
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    fn fetch(&self, node: Node, cursor: u64) -> PageFuture<T> {
        let inner = self.inner.clone();
        let page = keys::scan::<Vec<T>>(cursor, self.options.clone());
        Box::pin(async move { inner.client(&node).await?.send(page).await })
    }
}

impl<R: Runtime, T: FromValue + Send + 'static> Stream for ClusterScanStream<R, T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            // A page may be empty while the walk is not over: fetch until one is not.
            if let Some(key) = this.page.next() {
                return Poll::Ready(Some(Ok(key)));
            }
            let Some(cursor) = this.cursor else {
                return Poll::Ready(None);
            };
            let Some(node) = this.nodes.get(this.node).cloned() else {
                this.cursor = None;
                return Poll::Ready(None);
            };
            if this.fetching.is_none() {
                this.fetching = Some(this.fetch(node.clone(), cursor));
            }
            let Some(fetching) = this.fetching.as_mut() else {
                return Poll::Ready(None);
            };
            let page = std::task::ready!(fetching.as_mut().poll(cx));
            this.fetching = None;
            match page {
                Ok((next, keys)) => {
                    this.page = keys.into_iter();
                    if next != 0 {
                        this.cursor = Some(next);
                    } else {
                        this.node += 1;
                        this.cursor = (this.node < this.nodes.len()).then_some(0);
                    }
                }
                Err(source) => {
                    this.cursor = None;
                    return Poll::Ready(Some(Err(Error::ScanInterrupted {
                        node: node.to_string(),
                        cursor,
                        nodes_done: this.node,
                        nodes_total: this.nodes.len(),
                        source: Box::new(source),
                    })));
                }
            }
        }
    }
}

impl<R: Runtime, T> fmt::Debug for ClusterScanStream<R, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClusterScanStream")
            .field("nodes", &self.nodes)
            .field("node", &self.node)
            .field("cursor", &self.cursor)
            .field("fetching", &self.fetching.is_some())
            .finish_non_exhaustive()
    }
}
