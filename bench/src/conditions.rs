//! The conditions a run measured under, printed above its tables so a result always carries
//! them: modes, runtimes, workload, cores, added load and load average.

use std::fmt::Write as _;
use std::process::Command;

use crate::mode::Mode;
use crate::options::Options;

/// What the options alone do not say about a run.
#[derive(Debug)]
pub(crate) struct Conditions {
    /// `--load` processes that ran beside the whole run.
    pub(crate) spinners: usize,
    pub(crate) load_before: String,
    pub(crate) load_after: String,
}

impl Conditions {
    /// The markdown heading and condition lines; `timed` adds the rounds and the workload.
    /// Each mode's section says which server it used.
    pub(crate) fn render(&self, o: &Options, timed: bool) -> String {
        let mut out = String::new();
        if timed {
            let _ = writeln!(
                out,
                "## Client benchmark: medians of {} interleaved rounds (who goes first \
                 rotating)\n",
                o.rounds
            );
        } else {
            out.push_str("## Client benchmark: memory\n\n");
        }
        let _ = writeln!(
            out,
            "modes: {}; tokio: multi-thread, {} workers; async-std: its global executor; \
             seq, pipe and big run {}",
            o.modes
                .iter()
                .map(|m| m.name())
                .collect::<Vec<_>>()
                .join(", "),
            o.tokio_workers,
            if o.in_task {
                "in a spawned task"
            } else {
                "on the main thread (block_on)"
            },
        );
        if timed {
            // big runs in the single-server mode only.
            let big = if o.modes.contains(&Mode::Single) {
                format!("; big {} GETs of {} bytes", o.big_gets, o.big_size)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "workload: seq {} SET+GET pairs; conc {} commands over {} tasks; pipe {} \
                 commands in pipelines of {}{big}; values {} bytes, {} keys",
                o.seq_pairs,
                o.conc_ops,
                o.conc_tasks,
                o.pipe_ops,
                o.pipe_batch,
                o.value_size,
                o.keyspace,
            );
            if o.moved && o.modes.contains(&Mode::Cluster) {
                let _ = writeln!(
                    out,
                    "moved (cluster): {} slots moved per client per round, each followed by {} \
                     SET+GET pairs for the steady state",
                    o.redirects, o.redirect_steady,
                );
            }
        }
        let _ = writeln!(
            out,
            "machine: {} cores shared by the server, the client and redis-benchmark; {}; load \
             average {} before, {} after\n",
            std::thread::available_parallelism().map_or(0, |n| n.get()),
            match self.spinners {
                0 => "no added load".to_owned(),
                n => format!("{n} busy-looping processes beside the whole run (--load {n})"),
            },
            self.load_before,
            self.load_after,
        );
        out
    }
}

impl Conditions {
    /// The chart's caption: the commit, the workload, the machine and its load.
    pub(crate) fn caption(&self, o: &Options) -> Vec<String> {
        let mut lines = Vec::new();
        if o.quick {
            lines.push(
                "bench --quick: counts far too small for timings to mean anything; this chart \
                 checks the drawing, it is not a measurement"
                    .to_owned(),
            );
        }
        lines.push(format!(
            "commit {}; medians of {} interleaved rounds; seq {} SET+GET pairs, conc {} \
             commands over {} tasks, pipe {} commands in pipelines of {}, big {} GETs of {} bytes",
            commit(),
            o.rounds,
            o.seq_pairs,
            o.conc_ops,
            o.conc_tasks,
            o.pipe_ops,
            o.pipe_batch,
            o.big_gets,
            o.big_size,
        ));
        lines.push(format!(
            "machine: {} cores ({}) shared by the servers and the clients; {}; load average {} \
             before, {} after",
            std::thread::available_parallelism().map_or(0, |n| n.get()),
            cpu_model(),
            match self.spinners {
                0 => "no added load".to_owned(),
                n => format!("{n} busy-looping processes beside the run (--load {n})"),
            },
            self.load_before,
            self.load_after,
        ));
        lines
    }
}

/// The 1-, 5- and 15-minute load averages, as /proc/loadavg gives them.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

/// `redis-server 7.0.15`, from `redis-server --version`.
pub(crate) fn redis_server_version() -> String {
    Command::new("redis-server")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| {
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            text.split_whitespace()
                .find_map(|w| w.strip_prefix("v=").map(|v| format!("redis-server {v}")))
        })
        .unwrap_or_else(|| "redis-server version unknown".into())
}

/// The CPU's model name from /proc/cpuinfo (`AMD EPYC`), or `CPU model unknown`.
pub(crate) fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(key, _)| key.trim() == "model name")
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "CPU model unknown".into())
}

/// The commit checked out where the bench runs (`git rev-parse --short HEAD`), with
/// `+ uncommitted changes` when tracked files differ from it; `commit unknown` outside a
/// repository.
pub(crate) fn commit() -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    match git(&["rev-parse", "--short", "HEAD"]) {
        Some(hash) => match git(&["status", "--porcelain", "--untracked-files=no"]) {
            Some(changes) if !changes.is_empty() => format!("{hash} + uncommitted changes"),
            _ => hash,
        },
        None => "commit unknown".into(),
    }
}
