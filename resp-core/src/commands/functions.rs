//! Redis 7 functions: FUNCTION LOAD/DELETE/FLUSH/LIST and FCALL.

use super::scripting::with_keys;
use bytes::Bytes;

use crate::{ArgWriter, Cmd, FromValue, ToArgs};

/// What `FUNCTION RESTORE` does with libraries that already exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestorePolicy {
    /// `APPEND` (the default): fail on a name clash.
    Append,
    /// `FLUSH`: delete every library first.
    Flush,
    /// `REPLACE`: replace libraries of the same name.
    Replace,
}

impl ToArgs for RestorePolicy {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        out.write_arg(match self {
            RestorePolicy::Append => b"APPEND",
            RestorePolicy::Flush => b"FLUSH",
            RestorePolicy::Replace => b"REPLACE",
        })
    }
}

commands!(
    /// `FUNCTION LOAD [REPLACE] code`: loads a library (its code starts with
    /// `#!lua name=<library>`); replies the library name.
    ///
    /// ```
    /// use resp_core::commands::functions;
    ///
    /// let cmd = functions::function_load("#!lua name=lib\nredis.register_function('f', function() return 1 end)", true);
    /// assert_eq!(cmd.argc(), 4); // FUNCTION LOAD REPLACE code
    /// ```
    pub fn function_load(code: impl ToArgs, replace: bool) -> Cmd<String> {
        Cmd::new("FUNCTION")
            .arg("LOAD")
            .arg(replace.then_some("REPLACE"))
            .arg(code)
    }

    /// `FUNCTION DELETE library`
    pub fn function_delete(library: impl ToArgs) -> Cmd<()> {
        Cmd::new("FUNCTION").arg("DELETE").arg(library)
    }

    /// `FUNCTION FLUSH`: deletes every library.
    pub fn function_flush() -> Cmd<()> {
        Cmd::new("FUNCTION").arg("FLUSH")
    }

    /// `FUNCTION LIST [LIBRARYNAME pattern]`: the libraries and their functions (a nested
    /// structure; read it as [`Value`](resp_core::Value) or a matching type).
    pub fn function_list<T: FromValue>(library_pattern: Option<&str>) -> Cmd<T> {
        Cmd::new("FUNCTION")
            .arg("LIST")
            .arg(library_pattern.map(|p| ("LIBRARYNAME", p)))
    }

    /// `FUNCTION DUMP`: every library in a serialized form for
    /// [`functions::function_restore`](resp_core::commands::functions::function_restore).
    pub fn function_dump() -> Cmd<Bytes> {
        Cmd::new("FUNCTION").arg("DUMP")
    }

    /// `FUNCTION RESTORE payload [APPEND|FLUSH|REPLACE]`: loads what
    /// [`functions::function_dump`](resp_core::commands::functions::function_dump) returned.
    pub fn function_restore(payload: impl ToArgs, policy: RestorePolicy) -> Cmd<()> {
        Cmd::new("FUNCTION").arg("RESTORE").arg(payload).arg(policy)
    }

    /// `FUNCTION STATS`: the running script, if any, and the engines (read it as
    /// [`Value`](resp_core::Value) or a matching type).
    pub fn function_stats<T: FromValue>() -> Cmd<T> {
        Cmd::new("FUNCTION").arg("STATS")
    }

    /// `FUNCTION KILL`: stops a running read-only function.
    pub fn function_kill() -> Cmd<()> {
        Cmd::new("FUNCTION").arg("KILL")
    }

    /// `FCALL function numkeys key... arg...`: `numkeys` is counted from `keys`.
    pub fn fcall<T: FromValue>(
        function: impl ToArgs,
        keys: impl ToArgs,
        args: impl ToArgs,
    ) -> Cmd<T> {
        with_keys("FCALL", function, keys, args)
    }

    /// `FCALL_RO function numkeys key... arg...`: a read-only function, usable on replicas.
    pub fn fcall_ro<T: FromValue>(
        function: impl ToArgs,
        keys: impl ToArgs,
        args: impl ToArgs,
    ) -> Cmd<T> {
        with_keys("FCALL_RO", function, keys, args).read_only()
    }
);
