//! The results table (markdown, ready for BENCHMARKS.md) and the goal checks.

use std::fmt::Write as _;

use crate::clients::{BenchClient, RedisRs};
use crate::scenario::Scenario;
use crate::stats::{median, Sample};

/// All rounds of one client (or one redis-benchmark variant) in one scenario.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) scenario: Scenario,
    pub(crate) label: String,
    /// True for redis-benchmark reference rows.
    pub(crate) reference: bool,
    pub(crate) samples: Vec<Sample>,
}

/// The medians over a row's rounds.
#[derive(Clone, Copy, Debug, Default)]
struct Summary {
    ops_per_sec: f64,
    cpu_us_per_op: Option<f64>,
    p50_us: Option<f64>,
    p99_us: Option<f64>,
    set_p50_us: Option<f64>,
    get_p50_us: Option<f64>,
}

fn summarize(samples: &[Sample]) -> Summary {
    let med = |f: &dyn Fn(&Sample) -> Option<f64>| median(samples.iter().filter_map(f).collect());
    let us = |d: std::time::Duration| d.as_secs_f64() * 1e6;
    Summary {
        ops_per_sec: med(&|s| Some(s.ops_per_sec())).unwrap_or(0.0),
        cpu_us_per_op: med(&|s| s.cpu_us_per_op()),
        p50_us: med(&|s| s.latency.map(|l| us(l.p50))),
        p99_us: med(&|s| s.latency.map(|l| us(l.p99))),
        set_p50_us: med(&|s| s.set_get_p50.map(|(set, _)| us(set))),
        get_p50_us: med(&|s| s.set_get_p50.map(|(_, get)| us(get))),
    }
}

/// The goals issue 3 sets for our clients.
const CONC_OPS_GOAL: f64 = 1.3;
const CONC_CPU_GOAL: f64 = 0.7;
const PIPE_OPS_GOAL: f64 = 1.2;
const SEQ_P50_GOAL: f64 = 1.10;

/// Our clients' names start with this.
const OURS: &str = "client-";

/// Renders the table of medians, with ratios to redis-rs, then the goal checks.
pub(crate) fn render(rows: &[Row], batch: usize, big_size: usize) -> String {
    let mut out = String::new();
    out.push_str(
        "| scenario | client | ops/s | CPU µs/op | p50 µs | p99 µs | ops/s ÷ redis-rs | CPU/op ÷ redis-rs |\n\
         |---|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        let s = summarize(&row.samples);
        let base = baseline(rows, row.scenario);
        let ops_ratio = base.map(|b| s.ops_per_sec / b.ops_per_sec);
        let cpu_ratio = base
            .and_then(|b| b.cpu_us_per_op)
            .zip(s.cpu_us_per_op)
            .map(|(b, c)| c / b);
        let _ = writeln!(
            out,
            "| {} | {} | {:.0} | {} | {} | {} | {} | {} |",
            row.scenario.name(),
            row.label,
            s.ops_per_sec,
            opt(s.cpu_us_per_op, 2),
            opt(s.p50_us, 1),
            opt(s.p99_us, 1),
            if row.reference {
                "–".into()
            } else {
                ratio(ops_ratio)
            },
            if row.reference {
                "–".into()
            } else {
                ratio(cpu_ratio)
            },
        );
    }
    let _ = writeln!(
        out,
        "\npipe latencies are per pipeline of {batch} commands; big moves {:.1} MiB per op \
         (MiB/s = ops/s × {:.1}); redis-benchmark rows: mean of its SET and GET tests, CPU not \
         measured (another process).",
        big_size as f64 / (1 << 20) as f64,
        big_size as f64 / (1 << 20) as f64,
    );
    out.push_str("\nGoals (our clients against redis-rs and redis-benchmark):\n");
    out.push_str(&goals(rows));
    out
}

fn baseline(rows: &[Row], scenario: Scenario) -> Option<Summary> {
    rows.iter()
        .find(|r| r.scenario == scenario && r.label == RedisRs::NAME)
        .map(|r| summarize(&r.samples))
}

fn goals(rows: &[Row]) -> String {
    let mut out = String::new();
    let ours: Vec<&Row> = rows.iter().filter(|r| r.label.starts_with(OURS)).collect();
    if ours.is_empty() {
        out.push_str("- no cureds client in this run: goals not evaluated\n");
        return out;
    }
    for row in ours {
        let s = summarize(&row.samples);
        let base = baseline(rows, row.scenario);
        match (row.scenario, base) {
            (Scenario::Conc, Some(b)) => {
                let ops = s.ops_per_sec / b.ops_per_sec;
                let cpu = s.cpu_us_per_op.zip(b.cpu_us_per_op).map(|(c, b)| c / b);
                let _ = writeln!(
                    out,
                    "- conc, {}: {:.2}x redis-rs ops/s (goal ≥ {CONC_OPS_GOAL}x: {}), {} its CPU/op \
                     (goal ≤ {CONC_CPU_GOAL}x: {})",
                    row.label,
                    ops,
                    verdict(ops >= CONC_OPS_GOAL),
                    ratio(cpu),
                    cpu.map_or("not measured", |c| verdict(c <= CONC_CPU_GOAL)),
                );
            }
            (Scenario::Pipe, Some(b)) => {
                let ops = s.ops_per_sec / b.ops_per_sec;
                let _ = writeln!(
                    out,
                    "- pipe, {}: {:.2}x redis-rs ops/s (goal ≥ {PIPE_OPS_GOAL}x: {})",
                    row.label,
                    ops,
                    verdict(ops >= PIPE_OPS_GOAL),
                );
            }
            (Scenario::Seq, _) => {
                let reference = rows
                    .iter()
                    .find(|r| r.scenario == Scenario::Seq && r.label.ends_with("-c 1 -P 1"))
                    .map(|r| summarize(&r.samples));
                let (Some(rb), Some(p50)) = (reference, s.p50_us) else {
                    let _ = writeln!(
                        out,
                        "- seq, {}: no redis-benchmark -c 1 -P 1 reference",
                        row.label
                    );
                    continue;
                };
                let Some(rb_p50) = rb.p50_us else { continue };
                let excess = p50 / rb_p50;
                let _ = writeln!(
                    out,
                    "- seq p50, {}: {p50:.1} µs (SET {} / GET {}) vs redis-benchmark {rb_p50:.1} µs \
                     (SET {} / GET {}): {:+.0}% (goal ≤ +10%: {})",
                    row.label,
                    opt(s.set_p50_us, 1),
                    opt(s.get_p50_us, 1),
                    opt(rb.set_p50_us, 1),
                    opt(rb.get_p50_us, 1),
                    (excess - 1.0) * 100.0,
                    verdict(excess <= SEQ_P50_GOAL),
                );
            }
            _ => {}
        }
    }
    out
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}

fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.decimals$}"))
}

fn ratio(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.2}x"))
}
