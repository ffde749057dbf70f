//! Cursor iteration: [`ScanOptions`] for `SCAN`, `HSCAN`, `SSCAN` and `ZSCAN`, and the async
//! streams that walk a whole keyspace or collection page by page.
//!
//! The streams are generic over any [`AsyncCommands`] implementor and runtime-agnostic. As
//! Redis documents for SCAN, an element may be returned more than once, and elements added or
//! removed during the iteration may or may not be returned.

use std::future::Future;

use futures_core::Stream;

use super::{hashes, keys, sets, sorted_sets};
use crate::{ArgWriter, Args, AsyncCommands, Cmd, Error, FromValue, ToArgs};

/// The options shared by the SCAN family: `MATCH pattern`, `COUNT hint`, and (SCAN only)
/// `TYPE type`.
///
/// ```
/// use resp_core::commands::scan::ScanOptions;
/// use resp_core::commands::keys;
///
/// let cmd = keys::scan::<(u64, Vec<String>)>(0, ScanOptions::new().pattern("user:*").count(100));
/// assert_eq!(cmd.argc(), 6);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScanOptions {
    pattern: Option<Args>,
    count: Option<u64>,
    kind: Option<Args>,
}

impl ScanOptions {
    /// No options: every element, the server's default page size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only elements matching a glob-style pattern (`MATCH`).
    pub fn pattern(mut self, pattern: impl ToArgs) -> Self {
        self.pattern = Some(Args::from_args(pattern));
        self
    }

    /// A hint of how much work to do per page (`COUNT`).
    pub fn count(mut self, count: u64) -> Self {
        self.count = Some(count);
        self
    }

    /// Only keys of a type, e.g. `"hash"` (`TYPE`; SCAN only, the server rejects it on the
    /// others).
    pub fn kind(mut self, kind: impl ToArgs) -> Self {
        self.kind = Some(Args::from_args(kind));
        self
    }
}

impl ToArgs for ScanOptions {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        if let Some(pattern) = &self.pattern {
            out.write_arg(b"MATCH");
            pattern.write_args(out);
        }
        if let Some(count) = self.count {
            out.write_arg(b"COUNT");
            out.write_int(count);
        }
        if let Some(kind) = &self.kind {
            out.write_arg(b"TYPE");
            kind.write_args(out);
        }
    }
}

/// Builds the command for one page: the key (empty for SCAN), the cursor, the options.
type PageBuilder<I> = fn(&Args, u64, &ScanOptions) -> Cmd<(u64, Vec<I>)>;

struct Walk<'a, C, I> {
    client: &'a C,
    key: Args,
    options: ScanOptions,
    build: PageBuilder<I>,
    /// The cursor of the next page; `None` once the server returned cursor 0 (or failed).
    cursor: Option<u64>,
    page: std::vec::IntoIter<I>,
}

impl<C: AsyncCommands + Sync, I: FromValue + Send + 'static> Walk<'_, C, I> {
    /// The next element, fetching pages until one is not empty (a page may be empty while the
    /// iteration is not over).
    fn next(mut self) -> impl Future<Output = Option<(Result<I, Error>, Self)>> + Send {
        async move {
            loop {
                if let Some(item) = self.page.next() {
                    return Some((Ok(item), self));
                }
                let cursor = self.cursor?;
                let cmd = (self.build)(&self.key, cursor, &self.options);
                match self.client.send(cmd).await {
                    Ok((next, items)) => {
                        self.cursor = (next != 0).then_some(next);
                        self.page = items.into_iter();
                    }
                    Err(e) => {
                        self.cursor = None;
                        return Some((Err(e), self));
                    }
                }
            }
        }
    }
}

fn walk<'a, C, I>(
    client: &'a C,
    key: Args,
    options: ScanOptions,
    build: PageBuilder<I>,
) -> impl Stream<Item = Result<I, Error>> + Send + 'a
where
    C: AsyncCommands + Sync,
    I: FromValue + Send + 'static,
{
    let start = Walk {
        client,
        key,
        options,
        build,
        cursor: Some(0),
        page: Vec::new().into_iter(),
    };
    futures_lite::stream::unfold(start, Walk::next)
}

/// Every key of the database (`SCAN`), as a stream.
pub fn scan_stream<'a, C, T>(
    client: &'a C,
    options: ScanOptions,
) -> impl Stream<Item = Result<T, Error>> + Send + 'a
where
    C: AsyncCommands + Sync,
    T: FromValue + Send + 'static,
{
    fn page<T: FromValue>(_: &Args, cursor: u64, options: &ScanOptions) -> Cmd<(u64, Vec<T>)> {
        keys::scan(cursor, options.clone())
    }
    walk(client, Args::new(), options, page::<T>)
}

/// Every field and value of a hash (`HSCAN`), as a stream.
pub fn hscan_stream<'a, C, F, V>(
    client: &'a C,
    key: impl ToArgs,
    options: ScanOptions,
) -> impl Stream<Item = Result<(F, V), Error>> + Send + 'a
where
    C: AsyncCommands + Sync,
    F: FromValue + Send + 'static,
    V: FromValue + Send + 'static,
{
    fn page<I: FromValue>(key: &Args, cursor: u64, options: &ScanOptions) -> Cmd<(u64, Vec<I>)> {
        hashes::hscan(key, cursor, options.clone())
    }
    walk(client, Args::from_args(key), options, page::<(F, V)>)
}

/// Every member of a set (`SSCAN`), as a stream.
pub fn sscan_stream<'a, C, T>(
    client: &'a C,
    key: impl ToArgs,
    options: ScanOptions,
) -> impl Stream<Item = Result<T, Error>> + Send + 'a
where
    C: AsyncCommands + Sync,
    T: FromValue + Send + 'static,
{
    fn page<I: FromValue>(key: &Args, cursor: u64, options: &ScanOptions) -> Cmd<(u64, Vec<I>)> {
        sets::sscan(key, cursor, options.clone())
    }
    walk(client, Args::from_args(key), options, page::<T>)
}

/// Every member and score of a sorted set (`ZSCAN`), as a stream.
pub fn zscan_stream<'a, C, T>(
    client: &'a C,
    key: impl ToArgs,
    options: ScanOptions,
) -> impl Stream<Item = Result<(T, f64), Error>> + Send + 'a
where
    C: AsyncCommands + Sync,
    T: FromValue + Send + 'static,
{
    fn page<I: FromValue>(key: &Args, cursor: u64, options: &ScanOptions) -> Cmd<(u64, Vec<I>)> {
        sorted_sets::zscan(key, cursor, options.clone())
    }
    walk(client, Args::from_args(key), options, page::<(T, f64)>)
}
