//! Measurements of one scenario run, and the medians and spreads over rounds.

use std::time::Duration;

/// Latencies recorded one per operation (or per pipeline batch), in nanoseconds.
///
/// `u32` nanoseconds reach 4.29 s, far above any latency here; longer ones saturate.
#[derive(Debug, Default)]
pub(crate) struct Latencies(Vec<u32>);

impl Latencies {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Latencies(Vec::with_capacity(n))
    }

    pub(crate) fn push(&mut self, d: Duration) {
        self.0.push(u32::try_from(d.as_nanos()).unwrap_or(u32::MAX));
    }

    pub(crate) fn extend(&mut self, other: &Latencies) {
        self.0.extend_from_slice(&other.0);
    }

    /// The 50th and 99th percentiles (nearest rank), or `None` when nothing was recorded.
    pub(crate) fn percentiles(&mut self) -> Option<Percentiles> {
        if self.0.is_empty() {
            return None;
        }
        self.0.sort_unstable();
        Some(Percentiles {
            p50: nearest_rank(&self.0, 0.50),
            p99: nearest_rank(&self.0, 0.99),
        })
    }
}

fn nearest_rank(sorted: &[u32], q: f64) -> Duration {
    let n = sorted.len();
    // Nearest-rank: the smallest value with at least q of the samples at or below it.
    let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
    sorted
        .get(rank - 1)
        .map_or(Duration::ZERO, |&ns| Duration::from_nanos(u64::from(ns)))
}

/// The median and the 99th percentile of a latency distribution.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Percentiles {
    pub(crate) p50: Duration,
    pub(crate) p99: Duration,
}

/// What one run of one scenario with one client measured.
#[derive(Clone, Debug)]
pub(crate) struct Sample {
    /// Redis commands completed.
    pub(crate) ops: u64,
    pub(crate) elapsed: Duration,
    /// Process CPU time (user + system) spent during the run; `None` for external tools.
    pub(crate) cpu: Option<Duration>,
    /// Per-operation latency (per batch for pipelines).
    pub(crate) latency: Option<Percentiles>,
    /// Separate SET and GET medians, where the scenario tells them apart (seq).
    pub(crate) set_get_p50: Option<(Duration, Duration)>,
}

impl Sample {
    pub(crate) fn ops_per_sec(&self) -> f64 {
        self.ops as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    pub(crate) fn cpu_us_per_op(&self) -> Option<f64> {
        let cpu = self.cpu?;
        Some(cpu.as_secs_f64() * 1e6 / self.ops.max(1) as f64)
    }
}

/// The `q` quantile of `values` (`0.0..=1.0`), interpolating linearly between the two
/// nearest ranks, so the quartiles of a handful of rounds still lie between real results;
/// `None` when empty.
pub(crate) fn quantile(mut values: Vec<f64>, q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let pos = q.clamp(0.0, 1.0) * (values.len() - 1) as f64;
    let below = pos.floor() as usize;
    let lower = *values.get(below)?;
    let upper = *values.get(below + 1).unwrap_or(&lower);
    Some(lower + (upper - lower) * (pos - below as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let mut l = Latencies::default();
        for ns in (1..=100).rev() {
            l.push(Duration::from_nanos(ns));
        }
        let p = l.percentiles().expect("samples were recorded");
        assert_eq!(p.p50, Duration::from_nanos(50));
        assert_eq!(p.p99, Duration::from_nanos(99));
        assert!(Latencies::default().percentiles().is_none());
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        // The 0.5 quantile is the median: the mean of the middle two for an even count.
        assert_eq!(quantile(vec![3.0, 1.0, 2.0], 0.5), Some(2.0));
        assert_eq!(quantile(vec![4.0, 1.0, 2.0, 3.0], 0.5), Some(2.5));
        assert_eq!(quantile(vec![], 0.5), None);
    }

    #[test]
    fn quartiles_interpolate() {
        let v = vec![5.0, 1.0, 3.0, 2.0, 4.0];
        assert_eq!(quantile(v.clone(), 0.25), Some(2.0));
        assert_eq!(quantile(v.clone(), 0.75), Some(4.0));
        assert_eq!(quantile(vec![1.0, 2.0], 0.25), Some(1.25));
        assert_eq!(quantile(vec![7.0], 0.75), Some(7.0));
    }
}
