//! The test process's memory, for tests that assert a bound on it.
//!
//! Resident set size comes from `/proc/self/statm` (and the kernel's peak mark, `VmHWM` in
//! `/proc/self/status`, for [`PeakRss`]); it counts every thread of the process. All the
//! integration tests run in one test binary, so a test that measures it runs in a child
//! process of its own ([`measured_here`]), and takes [`serial`] to run one at a time.

use std::process::Command;
use std::sync::{Mutex, MutexGuard};

use crate::TestRuntime;

static SERIAL: Mutex<()> = Mutex::new(());

/// One mebibyte, for thresholds.
pub const MIB: u64 = 1024 * 1024;

/// Holds off the other memory-measuring tests of this binary while it lives.
pub fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Set in the child process [`measured_here`] starts, to the name of the one test it runs.
const CHILD: &str = "CUREDS_MEASURING_CHILD";

/// Whether the calling test measures the process's memory here. Call it first in a
/// [`crate::both_runtimes!`] body, with that body's `rt` and `module_path!()`, and return when
/// it is `false`.
///
/// The test binary runs every integration test, on several threads at once, so its RSS moves
/// with whatever the other tests do meanwhile. So in the test run this starts the same test
/// again in a child process of the same binary that runs it alone (`--exact`, one test
/// thread), holding [`serial`] meanwhile so that measurements do not compete for memory
/// either; it passes the child's output on, panics if the child's test failed (or did not
/// run), and returns `false`. In that child it returns `true`, and the test measures.
///
/// # Panics
/// If the child cannot be started or its test did not pass.
pub fn measured_here<R: TestRuntime>(_rt: R, module_path: &str) -> bool {
    // `both_runtimes!` names each runtime's test after the runtime: `tokio`, `async_std`,
    // `smol`.
    let test = crate::test_name(module_path, &R::NAME.replace('-', "_"));
    if std::env::var(CHILD).is_ok_and(|name| name == test) {
        return true;
    }
    let _serial = serial();
    let exe = std::env::current_exe().expect("the test binary's path");
    let out = Command::new(exe)
        .args([
            test.as_str(),
            "--exact",
            "--include-ignored",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(CHILD, &test)
        .output()
        .expect("the test binary starts again");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprint!("{stderr}");
    assert!(
        out.status.success() && stdout.contains("test result: ok. 1 passed"),
        "{test}, measured in a child process, did not pass ({}):\n{stdout}",
        out.status
    );
    false
}

/// The process's resident set size in bytes (0 where `/proc` is not available).
pub fn rss() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

/// Samples the RSS on a thread of its own every 2 ms until stopped, to catch a peak that a
/// measurement after the fact would miss (memory freed once an error ends a reply).
#[derive(Debug)]
pub struct PeakSampler {
    running: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<u64>,
}

impl PeakSampler {
    /// Starts sampling.
    pub fn start() -> Self {
        use std::sync::atomic::Ordering;
        let running = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let thread = {
            let running = running.clone();
            std::thread::spawn(move || {
                let mut peak = rss();
                while running.load(Ordering::SeqCst) {
                    peak = peak.max(rss());
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                peak
            })
        };
        PeakSampler { running, thread }
    }

    /// Stops sampling; the highest RSS seen, in bytes.
    pub fn stop(self) -> u64 {
        self.running
            .store(false, std::sync::atomic::Ordering::SeqCst);
        self.thread.join().unwrap_or(0)
    }
}

/// The highest RSS while it runs, from the kernel's own peak mark where it can be reset
/// (Linux 4.0+: nothing is missed, however short), and from a [`PeakSampler`] besides.
#[derive(Debug)]
pub struct PeakRss {
    sampler: PeakSampler,
    /// Whether the kernel's mark was reset at the start (otherwise it may hold an earlier
    /// peak, and only the sampler counts).
    kernel: bool,
}

impl PeakRss {
    /// Resets the kernel's peak mark to the current RSS and starts sampling.
    pub fn start() -> Self {
        let kernel = std::fs::write("/proc/self/clear_refs", "5").is_ok() && kernel_peak() > 0;
        PeakRss {
            sampler: PeakSampler::start(),
            kernel,
        }
    }

    /// Stops; the highest RSS seen, in bytes.
    pub fn stop(self) -> u64 {
        let sampled = self.sampler.stop();
        if self.kernel {
            sampled.max(kernel_peak())
        } else {
            sampled
        }
    }
}

/// The process's peak RSS since it started or the mark was last reset (`VmHWM`), in bytes;
/// 0 where `/proc` does not say.
pub fn kernel_peak() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                let kib = line.strip_prefix("VmHWM:")?.trim().strip_suffix("kB")?;
                kib.trim().parse::<u64>().ok()
            })
        })
        .map_or(0, |kib| kib * 1024)
}
