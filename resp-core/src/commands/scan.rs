//! Cursor iteration: [`ScanOptions`] for `SCAN`, `HSCAN`, `SSCAN` and `ZSCAN`. The clients
//! walk a whole keyspace or collection page by page with them (`scan_iter` and friends).

use crate::{ArgWriter, Args, ToArgs};

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
