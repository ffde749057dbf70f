//! The memory measurements (`memory` in `--scenarios`): resident memory per idle client, and
//! the peak while one pipeline of a million commands is sent and answered, per library.
//!
//! Each figure comes from a fresh process, this binary re-run with [`PROBE_FLAG`]. In one
//! process the allocator keeps what an earlier library freed and hands it to the next, which
//! would hide that library's growth.

use std::process::{Command, Stdio};
use std::time::Duration;

use bytes::Bytes;

use crate::error::BenchError;
use crate::executor::{AsyncStd, Tokio};
use crate::lineup::{AnyClient, ClientKind, Runtimes};
use crate::mode::Endpoint;

/// The hidden first argument that turns the bench binary into a memory probe.
pub(crate) const PROBE_FLAG: &str = "--memory-probe";

/// The response timeout every probe client gets at least (cureds' default).
const PATIENT_TIMEOUT: Duration = Duration::from_secs(10);

/// What one client library measured.
#[derive(Clone, Debug)]
pub(crate) struct MemoryRow {
    pub(crate) label: String,
    /// Resident bytes gained by connecting the idle clients.
    pub(crate) idle_growth: u64,
    /// Peak resident bytes during the big pipeline, above the resident bytes before it.
    pub(crate) pipeline_peak_growth: u64,
}

/// Which measurement a probe process makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Probe {
    /// Connect `count` clients and keep them idle.
    Idle,
    /// Send one pipeline of `count` commands.
    Pipeline,
}

impl Probe {
    fn name(self) -> &'static str {
        match self {
            Probe::Idle => "idle",
            Probe::Pipeline => "pipeline",
        }
    }
}

/// What the parent hands a probe process.
#[derive(Clone, Debug)]
pub(crate) struct ProbeSpec {
    pub(crate) url: String,
    pub(crate) idle_clients: usize,
    pub(crate) pipeline_commands: usize,
    pub(crate) value_size: usize,
    pub(crate) tokio_workers: usize,
}

/// Measures `kind` in two fresh probe processes.
///
/// # Errors
/// [`BenchError::Memory`] when a probe cannot start, fails (its error is passed on, so a
/// wrong reply still fails the run) or prints something other than a byte count.
pub(crate) fn measure(kind: ClientKind, spec: &ProbeSpec) -> Result<MemoryRow, BenchError> {
    Ok(MemoryRow {
        label: kind.name().to_owned(),
        idle_growth: run_probe(Probe::Idle, kind, spec, spec.idle_clients)?,
        pipeline_peak_growth: run_probe(Probe::Pipeline, kind, spec, spec.pipeline_commands)?,
    })
}

fn run_probe(
    probe: Probe,
    kind: ClientKind,
    spec: &ProbeSpec,
    count: usize,
) -> Result<u64, BenchError> {
    let fail = |m: String| BenchError::Memory(format!("{} {}: {m}", kind.name(), probe.name()));
    let exe = std::env::current_exe().map_err(|e| fail(e.to_string()))?;
    let output = Command::new(exe)
        .arg(PROBE_FLAG)
        .args([probe.name(), kind.name(), &spec.url])
        .args([count, spec.value_size, spec.tokio_workers].map(|n| n.to_string()))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| fail(e.to_string()))?;
    if !output.status.success() {
        return Err(fail(format!(
            "{}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    text.trim()
        .parse()
        .map_err(|_| fail(format!("printed {text:?}, not a byte count")))
}

/// A probe process's whole run: `args` are what follows [`PROBE_FLAG`]. Prints the measured
/// byte count on stdout.
///
/// # Errors
/// Bad arguments, a client that cannot connect, or a wrong reply.
pub(crate) fn probe_main(args: &[String]) -> Result<(), BenchError> {
    let usage = || {
        BenchError::Usage(format!(
            "{PROBE_FLAG} wants: idle|pipeline CLIENT URL N VALUE_SIZE WORKERS"
        ))
    };
    let [probe, client, url, count, value_size, workers] = args else {
        return Err(usage());
    };
    let probe = [Probe::Idle, Probe::Pipeline]
        .into_iter()
        .find(|p| p.name() == probe)
        .ok_or_else(usage)?;
    let kind = ClientKind::from_name(client).ok_or_else(usage)?;
    let number = |s: &String| s.parse::<usize>().map_err(|_| usage());
    let (count, value_size, workers) = (number(count)?, number(value_size)?, number(workers)?);
    let rt = Runtimes {
        tokio: Tokio::new(workers).map_err(BenchError::Server)?,
        async_std: AsyncStd,
    };
    // One client connected and used first, so the runtime's threads, the library's lazy
    // statics and the allocator's first arenas are not charged to what is measured. Its
    // replies may take seconds (a million-command pipeline), hence the patient timeout: our
    // clients' default, given to all.
    let warm = AnyClient::connect_patient(kind, url, &rt, PATIENT_TIMEOUT)?;
    let endpoint = Endpoint::Server(url.clone());
    warm.check_absent(&rt)?;
    let grown = match probe {
        Probe::Idle => {
            let before = harness::memory::rss();
            let mut idle = Vec::with_capacity(count);
            for _ in 0..count {
                let client = AnyClient::connect(kind, &endpoint, &rt)?;
                client.check_absent(&rt)?;
                idle.push(client);
            }
            harness::memory::rss().saturating_sub(before)
        }
        Probe::Pipeline => {
            let value = Bytes::from(vec![b'v'; value_size]);
            // Keys repeat every 10,000 so the server's memory stays small; the client still
            // sends and checks every command.
            let keys: Vec<String> = (0..count / 2)
                .map(|i| format!("key:{:012}", i % 10_000))
                .collect();
            reset_peak_rss();
            let before = harness::memory::rss();
            warm.pipe(&rt, &keys, &value)?;
            harness::memory::kernel_peak().saturating_sub(before)
        }
    };
    println!("{grown}");
    Ok(())
}

/// Resets the kernel's peak-RSS mark for this process (Linux 4.0+), so
/// `harness::memory::kernel_peak` sees the
/// pipeline's peak and not an earlier one. Best effort: where it fails the mark may stay
/// higher, which the caller's "minus before" still bounds by what was resident then.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}
