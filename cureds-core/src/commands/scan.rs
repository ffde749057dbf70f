//! [`ScanStream`]: SCAN, HSCAN, SSCAN and ZSCAN as streams that fetch one page at a time.
//!
//! As Redis documents for SCAN, an element may be returned more than once, and elements added
//! or removed during the iteration may or may not be returned.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use resp_core::commands::scan::ScanOptions;
use resp_core::commands::{hashes, keys, sets, sorted_sets};
use resp_core::{Args, Cmd, Error, FromValue, ToArgs};

use super::AsyncCommands;

/// Builds the command for one page: the key (empty for SCAN), the cursor, the options.
type PageBuilder<I> = fn(&Args, u64, &ScanOptions) -> Cmd<(u64, Vec<I>)>;

/// A page being fetched.
type PageFuture<'a, I> = Pin<Box<dyn Future<Output = Result<(u64, Vec<I>), Error>> + Send + 'a>>;

/// A keyspace or collection walked with a SCAN-family cursor: a [`Stream`] of elements (or of
/// field/value and member/score pairs) that fetches the next page when the last one is used
/// up. A failed page yields its error and ends the stream.
///
/// It is `Unpin`, so `StreamExt::next` works on it without pinning. Made by
/// [`AsyncCommands::scan_iter`] and its siblings.
#[must_use = "a stream does nothing unless polled"]
pub struct ScanStream<'a, C, I> {
    client: &'a C,
    key: Args,
    options: ScanOptions,
    build: PageBuilder<I>,
    /// The cursor of the next page; `None` once the server returned cursor 0 (or failed).
    cursor: Option<u64>,
    page: std::vec::IntoIter<I>,
    fetching: Option<PageFuture<'a, I>>,
}

// Nothing in the stream is pinned in place: the page future is boxed.
impl<C, I> Unpin for ScanStream<'_, C, I> {}

impl<'a, C, I> ScanStream<'a, C, I>
where
    C: AsyncCommands + Sync,
    I: FromValue + Send + 'static,
{
    fn new(client: &'a C, key: Args, options: ScanOptions, build: PageBuilder<I>) -> Self {
        ScanStream {
            client,
            key,
            options,
            build,
            cursor: Some(0),
            page: Vec::new().into_iter(),
            fetching: None,
        }
    }

    /// Every key of the database (`SCAN`).
    pub(crate) fn scan(client: &'a C, options: ScanOptions) -> Self {
        fn page<T: FromValue>(_: &Args, cursor: u64, options: &ScanOptions) -> Cmd<(u64, Vec<T>)> {
            keys::scan(cursor, options.clone())
        }
        Self::new(client, Args::new(), options, page::<I>)
    }

    /// Every member of a set (`SSCAN`).
    pub(crate) fn sscan(client: &'a C, key: impl ToArgs, options: ScanOptions) -> Self {
        fn page<I: FromValue>(
            key: &Args,
            cursor: u64,
            options: &ScanOptions,
        ) -> Cmd<(u64, Vec<I>)> {
            sets::sscan(key, cursor, options.clone())
        }
        Self::new(client, Args::from_args(key), options, page::<I>)
    }
}

impl<'a, C, F, V> ScanStream<'a, C, (F, V)>
where
    C: AsyncCommands + Sync,
    F: FromValue + Send + 'static,
    V: FromValue + Send + 'static,
{
    /// Every field and value of a hash (`HSCAN`).
    pub(crate) fn hscan(client: &'a C, key: impl ToArgs, options: ScanOptions) -> Self {
        fn page<I: FromValue>(
            key: &Args,
            cursor: u64,
            options: &ScanOptions,
        ) -> Cmd<(u64, Vec<I>)> {
            hashes::hscan(key, cursor, options.clone())
        }
        Self::new(client, Args::from_args(key), options, page::<(F, V)>)
    }
}

impl<'a, C, T> ScanStream<'a, C, (T, f64)>
where
    C: AsyncCommands + Sync,
    T: FromValue + Send + 'static,
{
    /// Every member and score of a sorted set (`ZSCAN`).
    pub(crate) fn zscan(client: &'a C, key: impl ToArgs, options: ScanOptions) -> Self {
        fn page<I: FromValue>(
            key: &Args,
            cursor: u64,
            options: &ScanOptions,
        ) -> Cmd<(u64, Vec<I>)> {
            sorted_sets::zscan(key, cursor, options.clone())
        }
        Self::new(client, Args::from_args(key), options, page::<(T, f64)>)
    }
}

impl<C, I> ScanStream<'_, C, I>
where
    C: AsyncCommands + Sync,
    I: FromValue + Send + 'static,
{
    /// The next element, fetching the next page when this one is used up; `None` at the end.
    /// The same as `StreamExt::next` (any crate's), without an import or pinning:
    /// `while let Some(key) = keys.next().await { .. }`.
    #[allow(clippy::should_implement_trait)] // an async `next`, not `Iterator::next`
    pub async fn next(&mut self) -> Option<Result<I, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<'a, C, I> Stream for ScanStream<'a, C, I>
where
    C: AsyncCommands + Sync,
    I: FromValue + Send + 'static,
{
    type Item = Result<I, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            // A page may be empty while the iteration is not over: fetch until one is not.
            if let Some(item) = this.page.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.fetching.is_none() {
                let Some(cursor) = this.cursor else {
                    return Poll::Ready(None);
                };
                let cmd = (this.build)(&this.key, cursor, &this.options);
                this.fetching = Some(Box::pin(this.client.send(cmd)));
            }
            let Some(fetching) = this.fetching.as_mut() else {
                return Poll::Ready(None);
            };
            let page = std::task::ready!(fetching.as_mut().poll(cx));
            this.fetching = None;
            match page {
                Ok((next, items)) => {
                    this.cursor = (next != 0).then_some(next);
                    this.page = items.into_iter();
                }
                Err(e) => {
                    this.cursor = None;
                    return Poll::Ready(Some(Err(e)));
                }
            }
        }
    }
}

impl<C, I> fmt::Debug for ScanStream<'_, C, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScanStream")
            .field("cursor", &self.cursor)
            .field("fetching", &self.fetching.is_some())
            .finish_non_exhaustive()
    }
}
