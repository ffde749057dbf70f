//! Connection and server commands: PING, ECHO, INFO, DBSIZE, FLUSHDB, TIME, CLIENT, CONFIG,
//! WAIT.
//!
//! `SELECT` is deliberately absent: on a shared connection it would switch the database under
//! every task. The database is part of the client's configuration (the URL's `/db`).

use crate::{Cmd, FromValue, ToArgs};

/// `PING`: `"PONG"`.
pub fn ping() -> Cmd<String> {
    Cmd::new("PING")
}

/// `ECHO message`: the message.
pub fn echo<T: FromValue>(message: impl ToArgs) -> Cmd<T> {
    Cmd::new("ECHO").arg(message)
}

/// `INFO`: the server's report, `# Section` headers and `field:value` lines.
pub fn info() -> Cmd<String> {
    Cmd::new("INFO")
}

/// `INFO section...`: only the named sections (e.g. `"memory"`, `["server", "clients"]`).
pub fn info_sections(sections: impl ToArgs) -> Cmd<String> {
    Cmd::new("INFO").arg(sections)
}

/// `DBSIZE`: the number of keys in the client's database.
pub fn dbsize() -> Cmd<usize> {
    Cmd::new("DBSIZE")
}

/// `FLUSHDB`: deletes every key of the client's database.
pub fn flushdb() -> Cmd<()> {
    Cmd::new("FLUSHDB")
}

/// `FLUSHDB ASYNC`: as [`flushdb`], freeing memory in the background.
pub fn flushdb_async() -> Cmd<()> {
    Cmd::new("FLUSHDB").arg("ASYNC")
}

/// `FLUSHALL`: deletes every key of every database.
pub fn flushall() -> Cmd<()> {
    Cmd::new("FLUSHALL")
}

/// `FLUSHALL ASYNC`
pub fn flushall_async() -> Cmd<()> {
    Cmd::new("FLUSHALL").arg("ASYNC")
}

/// `TIME`: the server's clock as (Unix seconds, microseconds within the second).
pub fn time() -> Cmd<(u64, u64)> {
    Cmd::new("TIME")
}

/// `LASTSAVE`: the Unix time of the last successful save to disk.
pub fn lastsave() -> Cmd<i64> {
    Cmd::new("LASTSAVE")
}

/// `CLIENT SETNAME name`: names this connection (shown by `CLIENT LIST`). On a shared client
/// prefer the client's configured name, which survives reconnects.
pub fn client_setname(name: impl ToArgs) -> Cmd<()> {
    Cmd::new("CLIENT").arg("SETNAME").arg(name)
}

/// `CLIENT GETNAME`: this connection's name, if any.
pub fn client_getname() -> Cmd<Option<String>> {
    Cmd::new("CLIENT").arg("GETNAME")
}

/// `CLIENT ID`: this connection's id.
pub fn client_id() -> Cmd<i64> {
    Cmd::new("CLIENT").arg("ID")
}

/// `CLIENT LIST`: one line per connection.
pub fn client_list() -> Cmd<String> {
    Cmd::new("CLIENT").arg("LIST")
}

/// `CONFIG GET parameter...`: the matching parameters and values; read it as e.g.
/// `HashMap<String, String>` (RESP2's flat array and RESP3's map both convert).
pub fn config_get<T: FromValue>(parameters: impl ToArgs) -> Cmd<T> {
    Cmd::new("CONFIG").arg("GET").arg(parameters)
}

/// `CONFIG SET parameter value`
pub fn config_set(parameter: impl ToArgs, value: impl ToArgs) -> Cmd<()> {
    Cmd::new("CONFIG").arg("SET").arg(parameter).arg(value)
}

/// `MEMORY USAGE key`: bytes used by the key and its value, or `None` when absent.
pub fn memory_usage(key: impl ToArgs) -> Cmd<Option<u64>> {
    Cmd::new("MEMORY").arg("USAGE").arg(key)
}

/// `WAIT numreplicas timeout` (blocking): waits until the writes so far reached `numreplicas`
/// replicas or `timeout` milliseconds passed (0: forever); how many replicas acknowledged.
pub fn wait(numreplicas: u64, timeout_ms: u64) -> Cmd<usize> {
    Cmd::new("WAIT").arg(numreplicas).arg(timeout_ms).blocking()
}
