//! The results tables (markdown, ready for BENCHMARKS.md) and the issues' goal checks.

use std::fmt::Write as _;

use crate::chart::Bar;
use crate::memory::MemoryRow;
use crate::redirect::RedirectRow;
use crate::scenario::Scenario;
use crate::stats::{quantile, Sample};

/// All rounds of one client (or one redis-benchmark variant) in one scenario.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) scenario: Scenario,
    pub(crate) label: String,
    /// True for redis-benchmark reference rows.
    pub(crate) reference: bool,
    pub(crate) samples: Vec<Sample>,
}

impl Row {
    /// A peer library's row: neither ours nor a redis-benchmark reference.
    fn is_peer(&self) -> bool {
        !self.reference && !self.label.starts_with(OURS)
    }
}

/// A row's rounds folded: medians, and the interquartile range of the two figures that
/// vary most from round to round under load.
#[derive(Clone, Copy, Debug, Default)]
struct Summary {
    ops_per_sec: f64,
    ops_spread: Option<(f64, f64)>,
    cpu_us_per_op: Option<f64>,
    cpu_spread: Option<(f64, f64)>,
    p50_us: Option<f64>,
    p99_us: Option<f64>,
    set_p50_us: Option<f64>,
    get_p50_us: Option<f64>,
}

fn summarize(samples: &[Sample]) -> Summary {
    let values = |f: &dyn Fn(&Sample) -> Option<f64>| samples.iter().filter_map(f).collect();
    let q = |f: &dyn Fn(&Sample) -> Option<f64>, q: f64| quantile(values(f), q);
    let spread = |f: &dyn Fn(&Sample) -> Option<f64>| q(f, 0.25).zip(q(f, 0.75));
    let us = |d: std::time::Duration| d.as_secs_f64() * 1e6;
    let ops = |s: &Sample| Some(s.ops_per_sec());
    let cpu = |s: &Sample| s.cpu_us_per_op();
    Summary {
        ops_per_sec: q(&ops, 0.5).unwrap_or(0.0),
        ops_spread: spread(&ops),
        cpu_us_per_op: q(&cpu, 0.5),
        cpu_spread: spread(&cpu),
        p50_us: q(&|s| s.latency.map(|l| us(l.p50)), 0.5),
        p99_us: q(&|s| s.latency.map(|l| us(l.p99)), 0.5),
        set_p50_us: q(&|s| s.set_get_p50.map(|(set, _)| us(set)), 0.5),
        get_p50_us: q(&|s| s.set_get_p50.map(|(_, get)| us(get)), 0.5),
    }
}

/// Which goals a table is checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Goals {
    /// One server: conc/pipe 1.3x the best peer's ops/s, big 1.2x, seq p50 within
    /// 10% of redis-benchmark.
    OneServer,
    /// Cluster: ahead of every peer on conc and pipe, in ops/s and CPU per op.
    Cluster,
    /// No goal set (TLS: the rows side by side).
    None,
}

/// The cluster goal: at least the best peer's ops/s, at most the leanest peer's CPU per op.
const CLUSTER_OPS_GOAL: f64 = 1.0;

/// The one-server goals for our clients, as ratios to the best (or leanest) peer of the same run.
const CONC_PIPE_OPS_GOAL: f64 = 1.3;
const CPU_GOAL: f64 = 1.0;
const BIG_OPS_GOAL: f64 = 1.2;
const SEQ_P50_GOAL: f64 = 1.10;

/// Our clients' names start with this.
const OURS: &str = "client-";

/// The best peer's median ops/s and the leanest peer's median CPU/op in one scenario, with
/// their names.
#[derive(Clone, Debug, Default)]
struct Peers {
    best_ops: Option<(String, f64)>,
    leanest_cpu: Option<(String, f64)>,
}

fn peers(rows: &[Row], scenario: Scenario) -> Peers {
    let mut p = Peers::default();
    for row in rows
        .iter()
        .filter(|r| r.scenario == scenario && r.is_peer())
    {
        let s = summarize(&row.samples);
        if p.best_ops.as_ref().is_none_or(|(_, b)| s.ops_per_sec > *b) {
            p.best_ops = Some((row.label.clone(), s.ops_per_sec));
        }
        if let Some(c) = s.cpu_us_per_op {
            if p.leanest_cpu.as_ref().is_none_or(|(_, l)| c < *l) {
                p.leanest_cpu = Some((row.label.clone(), c));
            }
        }
    }
    p
}

/// Renders the table of medians and spreads, with ratios to the best and leanest peer, then
/// the goal checks.
pub(crate) fn render(rows: &[Row], batch: usize, big_size: usize, goal_set: Goals) -> String {
    let mut out = String::new();
    out.push_str(
        "| scenario | client | ops/s | ops/s p25–p75 | CPU µs/op | CPU p25–p75 | p50 µs | p99 µs \
         | ops/s ÷ best peer | CPU/op ÷ leanest peer |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        let s = summarize(&row.samples);
        let (ops_ratio, cpu_ratio) = ratios(rows, row, &s);
        let _ = writeln!(
            out,
            "| {} | {} | {:.0} | {} | {} | {} | {} | {} | {} | {} |",
            row.scenario.name(),
            row.label,
            s.ops_per_sec,
            spread(s.ops_spread, 0),
            opt(s.cpu_us_per_op, 2),
            spread(s.cpu_spread, 2),
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
    let _ = write!(
        out,
        "\nMedians over rounds; p25–p75 is the spread of the per-round results. Peers are \
         every client but ours. pipe latencies are per pipeline of {batch} commands",
    );
    if rows.iter().any(|r| r.scenario == Scenario::Big) {
        let mib = big_size as f64 / (1 << 20) as f64;
        let _ = write!(
            out,
            "; big moves {mib:.1} MiB per op (MiB/s = ops/s × {mib:.1})"
        );
    }
    if rows.iter().any(|r| r.reference) {
        out.push_str(
            "; redis-benchmark rows: mean of its SET and GET tests, CPU not measured (another \
             process)",
        );
    }
    out.push_str(".\n");
    match goal_set {
        Goals::OneServer => {
            out.push_str("\nGoals (our clients against the best peer and redis-benchmark):\n");
            out.push_str(&goals(rows));
        }
        Goals::Cluster => {
            out.push_str("\nGoals (our clients ahead of every peer in the run):\n");
            out.push_str(&cluster_goals(rows));
        }
        Goals::None => {}
    }
    out
}

/// `row`'s median ops/s ÷ the best peer's and median CPU per op ÷ the leanest peer's, in the
/// same scenario of the same run.
fn ratios(rows: &[Row], row: &Row, s: &Summary) -> (Option<f64>, Option<f64>) {
    let p = peers(rows, row.scenario);
    let ops_ratio = p.best_ops.map(|(_, b)| s.ops_per_sec / b);
    let cpu_ratio = p.leanest_cpu.zip(s.cpu_us_per_op).map(|((_, l), c)| c / l);
    (ops_ratio, cpu_ratio)
}

/// The table's ratio columns as chart bars, one per client and scenario (redis-benchmark rows,
/// which have no ratios, are left out).
pub(crate) fn chart_bars(rows: &[Row]) -> Vec<Bar> {
    rows.iter()
        .filter(|r| !r.reference)
        .map(|row| {
            let (ops_ratio, cpu_ratio) = ratios(rows, row, &summarize(&row.samples));
            Bar {
                scenario: row.scenario.name().to_owned(),
                client: row.label.clone(),
                ops_ratio,
                cpu_ratio,
            }
        })
        .collect()
}

fn cluster_goals(rows: &[Row]) -> String {
    let mut out = String::new();
    for row in rows.iter().filter(|r| r.label.starts_with(OURS)) {
        if !matches!(row.scenario, Scenario::Conc | Scenario::Pipe) {
            continue;
        }
        let s = summarize(&row.samples);
        let p = peers(rows, row.scenario);
        if p.best_ops.is_none() {
            let _ = writeln!(
                out,
                "- {}, {}: no peer ran it",
                row.scenario.name(),
                row.label
            );
            continue;
        }
        ops_and_cpu_goal_line(&mut out, row, &s, &p, CLUSTER_OPS_GOAL);
    }
    out
}

/// One goal line: `row`'s ops/s against the best peer's with `ops_goal`, and its CPU per op
/// against the leanest peer's with [`CPU_GOAL`]. Nothing when no peer ran the scenario.
fn ops_and_cpu_goal_line(out: &mut String, row: &Row, s: &Summary, p: &Peers, ops_goal: f64) {
    let Some((best, best_ops)) = &p.best_ops else {
        return;
    };
    let ops = s.ops_per_sec / best_ops;
    let cpu = p
        .leanest_cpu
        .as_ref()
        .zip(s.cpu_us_per_op)
        .map(|((lean, l), c)| (lean, c / l));
    let _ = writeln!(
        out,
        "- {}, {}: {ops:.2}x {best}'s ops/s (goal ≥ {ops_goal}x: {}), {} (goal ≤ {CPU_GOAL}x: {})",
        row.scenario.name(),
        row.label,
        verdict(ops >= ops_goal),
        cpu.map_or("CPU/op not compared".into(), |(lean, c)| format!(
            "{c:.2}x {lean}'s CPU/op"
        )),
        cpu.map_or("not measured", |(_, c)| verdict(c <= CPU_GOAL)),
    );
}

/// Renders the redirect table: per client, the median first request after its slot moved,
/// the median steady request on the same slot, and the difference.
pub(crate) fn render_redirects(rows: &[RedirectRow], steady_pairs: usize) -> String {
    let mut out = String::from(
        "| redirect (MOVED) | client | first SET after the move, µs | steady SET, µs | cost of \
         the redirect, µs | first ÷ steady | moves | moves without MOVED |\n\
         |---|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        let Some((first, steady)) = row.medians() else {
            let _ = writeln!(
                out,
                "| moved | {} | – | – | – | – | 0 | {} |",
                row.label, row.without_moved
            );
            continue;
        };
        let _ = writeln!(
            out,
            "| moved | {} | {first:.1} | {steady:.1} | {:.1} | {:.1}x | {} | {} |",
            row.label,
            first - steady,
            first / steady.max(1e-9),
            row.first.len(),
            row.without_moved,
        );
    }
    let _ = writeln!(
        out,
        "\nEach move: a slot that no workload key uses is given to the next primary with \
         CLUSTER SETSLOT ... NODE on every node (new owner first), behind the clients' back; \
         the client's first SET for a key in it goes to the old owner, gets MOVED and is sent \
         again (its GET is checked after). Steady: the median of the next {steady_pairs} SETs \
         on the same slot. Medians over the moves after which the old owner's `errorstat_MOVED` \
         (INFO errorstats) had grown, i.e. the first SET really was redirected; the last column \
         counts the others, left out. Connections to both nodes were already open.",
    );
    out
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
        let p = peers(rows, row.scenario);
        match (row.scenario, &p.best_ops) {
            (Scenario::Conc | Scenario::Pipe, Some(_)) => {
                ops_and_cpu_goal_line(&mut out, row, &s, &p, CONC_PIPE_OPS_GOAL);
            }
            (Scenario::Big, Some((best, b))) => {
                let ops = s.ops_per_sec / b;
                let _ = writeln!(
                    out,
                    "- big, {}: {ops:.2}x {best}'s ops/s (goal ≥ {BIG_OPS_GOAL}x: {})",
                    row.label,
                    verdict(ops >= BIG_OPS_GOAL),
                );
            }
            (Scenario::Seq, _) => out.push_str(&seq_goal(rows, row, &s)),
            _ => {}
        }
    }
    out
}

fn seq_goal(rows: &[Row], row: &Row, s: &Summary) -> String {
    let reference = rows
        .iter()
        .find(|r| r.scenario == Scenario::Seq && r.label.ends_with("-c 1 -P 1"))
        .map(|r| summarize(&r.samples));
    let (Some(rb), Some(p50)) = (reference, s.p50_us) else {
        return format!(
            "- seq, {}: no redis-benchmark -c 1 -P 1 reference\n",
            row.label
        );
    };
    let Some(rb_p50) = rb.p50_us else {
        return String::new();
    };
    let excess = p50 / rb_p50;
    format!(
        "- seq p50, {}: {p50:.1} µs (SET {} / GET {}) vs redis-benchmark {rb_p50:.1} µs \
         (SET {} / GET {}): {:+.0}% (goal ≤ +10%: {})\n",
        row.label,
        opt(s.set_p50_us, 1),
        opt(s.get_p50_us, 1),
        opt(rb.set_p50_us, 1),
        opt(rb.get_p50_us, 1),
        (excess - 1.0) * 100.0,
        verdict(excess <= SEQ_P50_GOAL),
    )
}

/// Renders the memory table: one row per client.
pub(crate) fn render_memory(
    rows: &[MemoryRow],
    idle_clients: usize,
    commands: usize,
    value_size: usize,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| client | RSS growth, {idle_clients} idle clients (KiB) | per idle client (bytes) \
         | peak RSS growth, pipeline of {commands} commands (MiB) |\n|---|---:|---:|---:|",
    );
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {:.0} | {:.0} | {:.1} |",
            row.label,
            row.idle_growth as f64 / 1024.0,
            row.idle_growth as f64 / idle_clients.max(1) as f64,
            row.pipeline_peak_growth as f64 / (1 << 20) as f64,
        );
    }
    let _ = writeln!(
        out,
        "\nEach figure from a fresh process per client and measurement (so no library reuses \
         another's freed heap): resident memory after connecting the idle clients (each has \
         answered one GET) minus before, one warm client already connected; and the highest \
         resident memory while one pipeline of SET/GET pairs ({value_size}-byte values) is \
         sent and its replies checked, minus before it. redis-rs's response timeout is raised \
         from 500 ms to 10 s for this (our default) so the pipeline can finish.",
    );
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

fn spread(v: Option<(f64, f64)>, decimals: usize) -> String {
    v.map_or_else(
        || "–".into(),
        |(lo, hi)| format!("{lo:.decimals$}–{hi:.decimals$}"),
    )
}

fn ratio(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.2}x"))
}
