//! Redis 7 functions: FUNCTION LOAD/DELETE/FLUSH/LIST and FCALL.

use super::scripting::with_keys;
use crate::{Cmd, FromValue, ToArgs};

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
/// structure; read it as [`Value`](crate::Value) or a matching type).
pub fn function_list<T: FromValue>(library_pattern: Option<&str>) -> Cmd<T> {
    Cmd::new("FUNCTION")
        .arg("LIST")
        .arg(library_pattern.map(|p| ("LIBRARYNAME", p)))
}

/// `FCALL function numkeys key... arg...`: `numkeys` is counted from `keys`.
pub fn fcall<T: FromValue>(function: impl ToArgs, keys: impl ToArgs, args: impl ToArgs) -> Cmd<T> {
    with_keys("FCALL", function, keys, args)
}

/// `FCALL_RO function numkeys key... arg...`: a read-only function, usable on replicas.
pub fn fcall_ro<T: FromValue>(
    function: impl ToArgs,
    keys: impl ToArgs,
    args: impl ToArgs,
) -> Cmd<T> {
    with_keys("FCALL_RO", function, keys, args)
}
