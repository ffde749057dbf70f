//! [`BenchError`]: why a benchmark run stopped.

use std::{fmt, io};

/// Why a benchmark run stopped. Client libraries' errors are kept as their message, since
/// each library has its own error type and the run only reports them.
#[derive(Debug)]
pub(crate) enum BenchError {
    /// A bad command-line argument.
    Usage(String),
    /// The redis-server we start (or the one `--url` names) could not be used.
    Server(io::Error),
    /// A client could not connect.
    Connect {
        client: &'static str,
        message: String,
    },
    /// A command failed in the middle of a scenario.
    Command {
        client: &'static str,
        message: String,
    },
    /// A reply arrived but was not the one the scenario expects (a client bug or a mix-up).
    WrongReply {
        client: &'static str,
        detail: String,
    },
    /// `getrusage` failed.
    Cpu(nix::Error),
    /// redis-benchmark could not be run or its output not understood.
    RedisBenchmark(String),
    /// A memory probe process failed (its own error is in the message).
    Memory(String),
    /// The `--load` spinner processes could not be started.
    Load(io::Error),
    /// The cluster could not be rearranged for the redirect measurement.
    Redirect(String),
    /// `--quick` found this many failed checks (each already reported).
    Quick(usize),
    /// The chart could not be written, or `--chart-from` found no table to draw.
    Chart(String),
}

impl BenchError {
    pub(crate) fn connect(client: &'static str, error: impl fmt::Display) -> Self {
        BenchError::Connect {
            client,
            message: error.to_string(),
        }
    }

    pub(crate) fn command(client: &'static str, error: impl fmt::Display) -> Self {
        BenchError::Command {
            client,
            message: error.to_string(),
        }
    }

    pub(crate) fn wrong_reply(client: &'static str, detail: impl Into<String>) -> Self {
        BenchError::WrongReply {
            client,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for BenchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BenchError::Usage(m) => write!(f, "usage: {m} (try --help)"),
            BenchError::Server(e) => write!(f, "redis-server: {e}"),
            BenchError::Connect { client, message } => {
                write!(f, "{client}: cannot connect: {message}")
            }
            BenchError::Command { client, message } => {
                write!(f, "{client}: command failed: {message}")
            }
            BenchError::WrongReply { client, detail } => {
                write!(f, "{client}: unexpected reply: {detail}")
            }
            BenchError::Cpu(e) => write!(f, "getrusage: {e}"),
            BenchError::RedisBenchmark(m) => write!(f, "redis-benchmark: {m}"),
            BenchError::Memory(m) => write!(f, "memory probe {m}"),
            BenchError::Load(e) => write!(f, "cannot start the --load processes: {e}"),
            BenchError::Redirect(m) => write!(f, "redirect measurement: {m}"),
            BenchError::Quick(n) => write!(f, "--quick: {n} failed checks (see above)"),
            BenchError::Chart(m) => write!(f, "chart: {m}"),
        }
    }
}

impl std::error::Error for BenchError {}
