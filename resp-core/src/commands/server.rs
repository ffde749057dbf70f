//! Connection and server commands: PING, ECHO, INFO, DBSIZE, FLUSHDB, TIME, CLIENT, CONFIG,
//! WAIT.
//!
//! `SELECT` is deliberately absent: on a shared connection it would switch the database under
//! every task. The database is part of the client's configuration (the URL's `/db`).

use super::reply::block_millis;
use crate::{Cmd, Error, FromValue, ToArgs, Value};

/// The text of an `INFO` reply, with lookups by field name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InfoReport {
    text: String,
}

impl InfoReport {
    /// The value of `field` (the text after `field:` on its line), from any section.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.fields()
            .find_map(|(name, value)| (name == field).then_some(value))
    }

    /// The value of `field` parsed, e.g. `report.parse::<u64>("connected_clients")`; `None`
    /// when absent or not parseable.
    pub fn parse<T: std::str::FromStr>(&self, field: &str) -> Option<T> {
        self.get(field)?.parse().ok()
    }

    /// Every `field:value` pair in order, sections flattened (`# Section` headers and blank
    /// lines skipped).
    pub fn fields(&self) -> impl Iterator<Item = (&str, &str)> {
        self.text
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once(':'))
    }

    /// The report as the server sent it.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl FromValue for InfoReport {
    /// Accepts the bulk (RESP2) or verbatim (RESP3) string of `INFO`.
    fn from_value(value: Value) -> Result<Self, Error> {
        Ok(InfoReport {
            text: String::from_value(value)?,
        })
    }
}

commands!(
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

    /// `INFO [section...]`, parsed: look fields up with
    /// [`InfoReport::get`](resp_core::commands::server::InfoReport::get). Pass `()` for the default
    /// sections.
    ///
    /// ```
    /// use resp_core::commands::server;
    ///
    /// let cmd = server::info_report(());
    /// let report = cmd.convert(resp_core::Value::BulkString("# Server\r\nredis_version:7.0.15\r\n".into())).unwrap();
    /// assert_eq!(report.get("redis_version"), Some("7.0.15"));
    /// ```
    pub fn info_report(sections: impl ToArgs) -> Cmd<InfoReport> {
        Cmd::new("INFO").arg(sections)
    }

    /// `DBSIZE`: the number of keys in the client's database.
    pub fn dbsize() -> Cmd<usize> {
        Cmd::new("DBSIZE").read_only()
    }

    /// `FLUSHDB`: deletes every key of the client's database.
    pub fn flushdb() -> Cmd<()> {
        Cmd::new("FLUSHDB")
    }

    /// `FLUSHDB ASYNC`: as [`server::flushdb`](resp_core::commands::server::flushdb), freeing
    /// memory in the background.
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

    /// `CLIENT INFO`: this connection's line of `CLIENT LIST`.
    pub fn client_info() -> Cmd<String> {
        Cmd::new("CLIENT").arg("INFO")
    }

    /// `CLIENT KILL ID id`: closes another connection; how many were closed (0 or 1).
    pub fn client_kill_id(id: i64) -> Cmd<usize> {
        Cmd::new("CLIENT").arg("KILL").arg("ID").arg(id)
    }

    /// `CLIENT PAUSE milliseconds [WRITE]`: suspends the server's clients (only their writes,
    /// with `write_only`) for a while; for failovers and tests.
    pub fn client_pause(milliseconds: u64, write_only: bool) -> Cmd<()> {
        Cmd::new("CLIENT")
            .arg("PAUSE")
            .arg(milliseconds)
            .arg(write_only.then_some("WRITE"))
    }

    /// `CLIENT UNPAUSE`: ends a [`server::client_pause`](resp_core::commands::server::client_pause)
    /// early.
    pub fn client_unpause() -> Cmd<()> {
        Cmd::new("CLIENT").arg("UNPAUSE")
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

    /// `CONFIG RESETSTAT`: resets the statistics `INFO` reports.
    pub fn config_resetstat() -> Cmd<()> {
        Cmd::new("CONFIG").arg("RESETSTAT")
    }

    /// `CONFIG REWRITE`: writes the running configuration to the config file.
    pub fn config_rewrite() -> Cmd<()> {
        Cmd::new("CONFIG").arg("REWRITE")
    }

    /// `SLOWLOG GET [count]`: the slowest recent commands (nested arrays; read them as
    /// [`resp_core::Value`] or a matching type).
    pub fn slowlog_get<T: FromValue>(count: Option<i64>) -> Cmd<T> {
        Cmd::new("SLOWLOG").arg("GET").arg(count)
    }

    /// `SLOWLOG LEN`
    pub fn slowlog_len() -> Cmd<usize> {
        Cmd::new("SLOWLOG").arg("LEN")
    }

    /// `SLOWLOG RESET`
    pub fn slowlog_reset() -> Cmd<()> {
        Cmd::new("SLOWLOG").arg("RESET")
    }

    /// `COMMAND COUNT`: how many commands the server knows.
    pub fn command_count() -> Cmd<usize> {
        Cmd::new("COMMAND").arg("COUNT")
    }

    /// `ROLE`: the replication role and its details (`["master", offset, replicas]`, ...).
    pub fn role<T: FromValue>() -> Cmd<T> {
        Cmd::new("ROLE")
    }

    /// `SAVE`: a synchronous snapshot to disk (blocks the server; prefer
    /// [`server::bgsave`](resp_core::commands::server::bgsave)).
    pub fn save() -> Cmd<()> {
        Cmd::new("SAVE")
    }

    /// `BGSAVE`: a snapshot in a background process.
    pub fn bgsave() -> Cmd<()> {
        Cmd::new("BGSAVE")
    }

    /// `BGREWRITEAOF`: rewrites the append-only file in the background.
    pub fn bgrewriteaof() -> Cmd<()> {
        Cmd::new("BGREWRITEAOF")
    }

    /// `MEMORY USAGE key`: bytes used by the key and its value, or `None` when absent.
    pub fn memory_usage(key: impl ToArgs) -> Cmd<Option<u64>> {
        Cmd::new("MEMORY").arg("USAGE").key(key)
    }

    /// `WAIT numreplicas timeout` (blocking): waits until the writes so far reached `numreplicas`
    /// replicas or `timeout` milliseconds passed (0: forever); how many replicas acknowledged.
    pub fn wait(numreplicas: u64, timeout_ms: u64) -> Cmd<usize> {
        block_millis(
            Cmd::new("WAIT").arg(numreplicas).arg(timeout_ms),
            timeout_ms,
        )
    }
);
