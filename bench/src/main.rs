//! Client benchmark: the same scenarios (seq, conc, pipe, big) for our two clients, redis-rs,
//! fred and rustis, against one redis-server, with redis-benchmark as the reference; optionally
//! beside busy-looping processes (`--load`), plus memory per idle client and per big pipeline.
//! `--cluster` runs seq, conc and pipe on a 3-primary cluster with each library's cluster
//! client, and times the first request after a slot moved (`MOVED`); `--tls` runs them over
//! TLS. Prints markdown tables of medians and spreads over interleaved rounds and checks the
//! issues' goals, and draws them as an SVG chart. Progress goes to stderr. `--quick` only checks
//! that every client's replies are right in every mode, for CI.
//!
//! `cargo run --release -p bench -- --help` lists the options.

mod chart;
mod checks;
mod clients;
mod conditions;
mod cpu;
mod error;
mod executor;
mod lineup;
mod load;
mod memory;
mod mode;
mod options;
mod progress;
mod redirect;
mod redis_benchmark;
mod report;
mod scenario;
mod stats;

use std::process::ExitCode;

use checks::Checks;
use error::BenchError;
use executor::{AsyncStd, Tokio};
use lineup::{AnyClient, Runtimes};
use load::Load;
use memory::ProbeSpec;
use mode::{Endpoint, Mode};
use options::{Options, Parsed};
use progress::Progress;
use redirect::{RedirectRow, SlotMover};
use redis_benchmark::RbRun;
use report::Row;
use scenario::{Scenario, Workload};

fn main() -> ExitCode {
    // With the `rustis-tls` feature, rustis's `tokio-rustls` compiles rustls's aws-lc-rs
    // provider in beside ring, and rustls then picks no provider by itself: make ring
    // (cureds-core's) the process's, so every library's TLS runs on the same one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The hidden roles this binary re-runs itself in (see `load` and `memory`).
    let result = match args.first().map(String::as_str) {
        Some(load::SPIN_FLAG) => load::spin(),
        Some(memory::PROBE_FLAG) => memory::probe_main(args.get(1..).unwrap_or_default()),
        _ => match options::parse(args) {
            Ok(Parsed::Help) => {
                print!("{}", options::usage());
                Ok(())
            }
            Ok(Parsed::Run(options)) => run(&options),
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(o: &Options) -> Result<(), BenchError> {
    if let Some(tables) = &o.chart_from {
        return chart_from(o, tables);
    }
    let mut progress = Progress::plan(o);
    // Started before any client connects and killed when `run` returns or unwinds.
    let load = match o.load {
        0 => None,
        n => Some(Load::start(n).map_err(BenchError::Load)?),
    };
    let rt = Runtimes {
        tokio: Tokio::new(o.tokio_workers).map_err(BenchError::Server)?,
        async_std: AsyncStd,
    };
    let load_before = conditions::load_average();
    let mut checks = Checks::new(o.quick);

    let mut work = Workload::new(o.keyspace, o.value_size, o.big_size);
    work.seq_pairs = o.seq_pairs;
    work.conc_ops = o.conc_ops;
    work.conc_tasks = o.conc_tasks;
    work.pipe_ops = o.pipe_ops;
    work.pipe_batch = o.pipe_batch;
    work.big_gets = o.big_gets;
    work.in_task = o.in_task;

    let mut sections = Vec::with_capacity(o.modes.len());
    for &mode in &o.modes {
        let section = match mode {
            Mode::Single => run_single(o, &rt, &work, &mut checks, &mut progress)?,
            Mode::Cluster => run_cluster(o, &rt, &work, &mut checks, &mut progress)?,
            Mode::Tls => run_tls(o, &rt, &work, &mut checks, &mut progress)?,
        };
        if o.quick {
            eprintln!(
                "bench --quick: {} mode done ({} passed, {} failed so far)",
                mode.name(),
                checks.passed,
                checks.failed
            );
        }
        sections.push(section);
    }
    let load_after = conditions::load_average();
    let spinners = load.as_ref().map_or(0, Load::len);
    drop(load);
    eprintln!("bench: done in {}", progress::duration(progress.elapsed()));
    let run_conditions = conditions::Conditions {
        spinners,
        load_before,
        load_after,
    };
    let chart = chart::Chart {
        caption: run_conditions.caption(o),
        modes: sections
            .iter()
            .filter(|s| !s.rows.is_empty())
            .map(|s| chart::ModeChart {
                title: s.mode_title().to_owned(),
                note: String::new(),
                bars: report::chart_bars(&s.rows),
            })
            .collect(),
    };

    if o.quick {
        // Counts too small for timings to mean anything: only the checks are reported, in
        // the plain "N passed, N failed" form CI logs understand.
        for note in sections.iter().flat_map(|s| &s.notes) {
            println!("note: {note}");
        }
        // Only when asked: a chart of --quick counts means nothing, but drawing one checks the
        // chart's path in CI.
        if let (Some(path), false) = (&o.svg, chart.modes.is_empty()) {
            write_chart(&chart, path)?;
        }
        println!(
            "bench --quick: {} passed, {} failed",
            checks.passed, checks.failed
        );
        return match checks.failed {
            0 => Ok(()),
            n => Err(BenchError::Quick(n)),
        };
    }

    let timed = sections
        .iter()
        .any(|s| !s.rows.is_empty() || !s.redirects.is_empty());
    print!("{}", run_conditions.render(o, timed));
    for section in &sections {
        print!("{}", section.render(o));
    }
    if !chart.modes.is_empty() {
        let path = o.svg.clone().unwrap_or_else(|| options::DEFAULT_SVG.into());
        // The report is out already; a chart that cannot be written does not fail the run.
        if let Err(e) = write_chart(&chart, &path) {
            eprintln!("bench: {e}");
        }
    }
    Ok(())
}

/// `--chart-from`: the chart of the results tables in `tables`, nothing run.
fn chart_from(o: &Options, tables: &std::path::Path) -> Result<(), BenchError> {
    let text = std::fs::read_to_string(tables)
        .map_err(|e| BenchError::Chart(format!("--chart-from {}: {e}", tables.display())))?;
    let mut chart = chart::from_markdown(&text)
        .map_err(|e| BenchError::Chart(format!("--chart-from {}: {e}", tables.display())))?;
    chart.caption = vec![format!(
        "From the tables of {}; each mode's commit and load as noted there. Medians over \
         interleaved rounds; ratios compare clients of the same run.",
        tables.display()
    )];
    let path = o.svg.clone().unwrap_or_else(|| options::DEFAULT_SVG.into());
    write_chart(&chart, &path)
}

/// Writes `chart` to `path` and says where on stderr.
fn write_chart(chart: &chart::Chart, path: &std::path::Path) -> Result<(), BenchError> {
    std::fs::write(path, chart::render(chart))
        .map_err(|e| BenchError::Chart(format!("cannot write to {}: {e}", path.display())))?;
    eprintln!("bench: chart written to {}", path.display());
    Ok(())
}

/// What one mode measured, printed under its own heading.
struct Section {
    mode: Mode,
    /// What the clients talked to.
    server: String,
    rows: Vec<Row>,
    memory_rows: Vec<memory::MemoryRow>,
    redirects: Vec<RedirectRow>,
    /// Clients or scenarios left out, and why.
    notes: Vec<String>,
}

impl Section {
    fn new(mode: Mode, server: String) -> Section {
        Section {
            mode,
            server,
            rows: Vec::new(),
            memory_rows: Vec::new(),
            redirects: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The heading of this mode's section.
    fn mode_title(&self) -> &'static str {
        match self.mode {
            Mode::Single => "One server",
            Mode::Cluster => "Cluster (--cluster)",
            Mode::Tls => "TLS (--tls)",
        }
    }

    fn render(&self, o: &Options) -> String {
        let mut out = format!("### {}\n\nserver: {}\n\n", self.mode_title(), self.server);
        if !self.rows.is_empty() {
            let goals = match self.mode {
                Mode::Single => report::Goals::OneServer,
                Mode::Cluster => report::Goals::Cluster,
                Mode::Tls => report::Goals::None,
            };
            out.push_str(&report::render(&self.rows, o.pipe_batch, o.big_size, goals));
        }
        if !self.redirects.is_empty() {
            out.push('\n');
            out.push_str(&report::render_redirects(
                &self.redirects,
                o.redirect_steady,
            ));
        }
        if !self.memory_rows.is_empty() {
            out.push('\n');
            out.push_str(&report::render_memory(
                &self.memory_rows,
                o.idle_clients,
                o.memory_pipeline,
                o.value_size,
            ));
        }
        for note in &self.notes {
            out.push_str(&format!("- not run: {note}\n"));
        }
        out.push('\n');
        out
    }
}

/// Connects and warms up every client of `o.clients` that this build can connect to
/// `endpoint`; notes the others.
fn connect_all(
    o: &Options,
    rt: &Runtimes,
    work: &Workload,
    endpoint: &Endpoint,
    checks: &mut Checks,
    notes: &mut Vec<String>,
) -> Result<Vec<AnyClient>, BenchError> {
    let mode = endpoint.mode();
    let mut clients = Vec::with_capacity(o.clients.len());
    for &kind in &o.clients {
        if let Some(why) = kind.skipped_in(mode) {
            notes.push(format!("{} in {} mode: {why}", kind.name(), mode.name()));
            continue;
        }
        let what = format!("{} {} connect and warm-up", mode.name(), kind.name());
        let connected = AnyClient::connect(kind, endpoint, rt).and_then(|client| {
            client.warm_up(rt, work)?;
            Ok(client)
        });
        if let Some(client) = checks.record(&what, connected)? {
            clients.push(client);
        }
    }
    Ok(clients)
}

/// The interleaved rounds of every scenario in `scenarios` for `clients`, with the
/// redis-benchmark references when `rb_target` is given.
#[allow(clippy::too_many_arguments)]
fn timed_rows(
    o: &Options,
    rt: &Runtimes,
    work: &Workload,
    mode: Mode,
    clients: &[AnyClient],
    scenarios: &[Scenario],
    rb_target: Option<&(String, u16)>,
    checks: &mut Checks,
    progress: &mut Progress,
    notes: &mut Vec<String>,
) -> Result<Vec<Row>, BenchError> {
    let mut rows: Vec<Row> = Vec::new();
    for &scenario in scenarios {
        let references = match (scenario, rb_target) {
            (Scenario::Seq, Some(_)) => vec![RbRun {
                clients: 1,
                pipeline: 1,
                requests: o.seq_pairs,
            }],
            (Scenario::Conc, Some(_)) => vec![RbRun {
                clients: o.conc_tasks,
                pipeline: 1,
                requests: o.conc_ops / 2,
            }],
            (Scenario::Pipe, Some(_)) => vec![RbRun {
                clients: 1,
                pipeline: o.pipe_batch,
                requests: o.pipe_ops / 2,
            }],
            _ => Vec::new(),
        };
        let mut runners: Vec<&AnyClient> = Vec::with_capacity(clients.len());
        for client in clients {
            match client.skips(scenario) {
                Some(why) => notes.push(format!(
                    "{} {} in {} mode: {why}",
                    scenario.name(),
                    client.name(),
                    mode.name()
                )),
                None => runners.push(client),
            }
        }
        progress.set_planned(
            mode,
            scenario.name(),
            (runners.len() + references.len()) * o.rounds,
        );
        let first = rows.len();
        rows.extend(runners.iter().map(|c| Row {
            scenario,
            label: c.name().to_owned(),
            reference: false,
            samples: Vec::new(),
        }));
        rows.extend(references.iter().map(|r| Row {
            scenario,
            label: r.label(),
            reference: true,
            samples: Vec::new(),
        }));
        for round in 0..o.rounds {
            // Rotate who goes first, so no client always runs right after the same neighbour.
            for j in 0..runners.len() {
                let i = (round + j) % runners.len();
                let (Some(client), Some(row)) = (runners.get(i), rows.get_mut(first + i)) else {
                    continue;
                };
                let step = step_label(mode, scenario, round, o.rounds, client.name());
                progress.start(mode, scenario.name(), &step);
                let what = format!("{} {} {}", mode.name(), scenario.name(), client.name());
                let Some(sample) = checks.record(&what, client.run(rt, scenario, work))? else {
                    progress.done(&format!("{step} failed"));
                    continue;
                };
                progress.done(&format!(
                    "{step} {:>10.0} ops/s {:>7} µs CPU/op",
                    sample.ops_per_sec(),
                    sample
                        .cpu_us_per_op()
                        .map_or("–".into(), |c| format!("{c:.2}")),
                ));
                row.samples.push(sample);
            }
            if let Some((host, port)) = rb_target {
                for (k, reference) in references.iter().enumerate() {
                    let step = step_label(mode, scenario, round, o.rounds, &reference.label());
                    progress.start(mode, scenario.name(), &step);
                    let sample = reference.run(host, *port, o.value_size)?;
                    progress.done(&format!("{step} {:>10.0} ops/s", sample.ops_per_sec()));
                    if let Some(row) = rows.get_mut(first + runners.len() + k) {
                        row.samples.push(sample);
                    }
                }
            }
        }
    }
    Ok(rows)
}

/// `single conc round 2/3 client-tokio`, aligned.
fn step_label(mode: Mode, scenario: Scenario, round: usize, rounds: usize, client: &str) -> String {
    format!(
        "{:>7} {:>4} round {}/{rounds} {client:<16}",
        mode.name(),
        scenario.name(),
        round + 1,
    )
}

/// The cluster and TLS modes' measurement: connects every client to `endpoint` and times seq,
/// conc and pipe there (no redis-benchmark reference); returns the clients for more.
fn connect_and_time(
    o: &Options,
    rt: &Runtimes,
    work: &Workload,
    endpoint: &Endpoint,
    checks: &mut Checks,
    progress: &mut Progress,
    section: &mut Section,
) -> Result<Vec<AnyClient>, BenchError> {
    let clients = connect_all(o, rt, work, endpoint, checks, &mut section.notes)?;
    section.rows = timed_rows(
        o,
        rt,
        work,
        endpoint.mode(),
        &clients,
        &seq_conc_pipe(o),
        None,
        checks,
        progress,
        &mut section.notes,
    )?;
    Ok(clients)
}

/// seq, conc and pipe only: big and memory are single-server measurements.
fn seq_conc_pipe(o: &Options) -> Vec<Scenario> {
    o.scenarios
        .iter()
        .copied()
        .filter(|s| matches!(s, Scenario::Seq | Scenario::Conc | Scenario::Pipe))
        .collect()
}

/// The single-server mode: every scenario, redis-benchmark, memory.
fn run_single(
    o: &Options,
    rt: &Runtimes,
    work: &Workload,
    checks: &mut Checks,
    progress: &mut Progress,
) -> Result<Section, BenchError> {
    // Kept alive until the end of the mode; dropping it kills the server.
    let server = match &o.url {
        Some(_) => None,
        None => Some(harness::RedisServer::start().map_err(BenchError::Server)?),
    };
    let url = match (&o.url, &server) {
        (Some(url), _) => url.clone(),
        (None, Some(server)) => server.url(),
        (None, None) => unreachable!("a server was started when no --url was given"),
    };
    let described = match &o.url {
        Some(url) => format!("{url} ({})", conditions::redis_server_version()),
        None => format!(
            "redis-server started by the bench ({})",
            conditions::redis_server_version()
        ),
    };
    let mut section = Section::new(Mode::Single, described);
    let endpoint = Endpoint::Server(url.clone());
    let clients = connect_all(o, rt, work, &endpoint, checks, &mut section.notes)?;
    let rb_target = if o.redis_benchmark {
        host_port(&url)
    } else {
        None
    };
    if o.redis_benchmark && rb_target.is_none() {
        eprintln!("bench: cannot tell host and port from {url:?}; skipping redis-benchmark");
    }
    section.rows = timed_rows(
        o,
        rt,
        work,
        Mode::Single,
        &clients,
        &o.scenarios,
        rb_target.as_ref(),
        checks,
        progress,
        &mut section.notes,
    )?;
    drop(clients);
    if o.memory {
        let spec = ProbeSpec {
            url: url.clone(),
            idle_clients: o.idle_clients,
            pipeline_commands: o.memory_pipeline,
            value_size: o.value_size,
            tokio_workers: o.tokio_workers,
        };
        for &kind in &o.clients {
            let step = format!("{:>7} memory {:<16}", Mode::Single.name(), kind.name());
            progress.start(Mode::Single, "memory", &step);
            let what = format!("memory {}", kind.name());
            let Some(row) = checks.record(&what, memory::measure(kind, &spec))? else {
                progress.done(&format!("{step} failed"));
                continue;
            };
            progress.done(&format!(
                "{step} {:>8} bytes for {} idle clients, {:>10} bytes pipeline peak",
                row.idle_growth, o.idle_clients, row.pipeline_peak_growth
            ));
            section.memory_rows.push(row);
        }
    }
    Ok(section)
}

/// Primaries of the cluster the cluster mode starts (no replicas: they would take CPU from
/// the clients for replication only).
const CLUSTER_PRIMARIES: usize = 3;

/// The cluster mode: seq, conc and pipe with each library's cluster client, then the cost
/// of a redirect.
fn run_cluster(
    o: &Options,
    rt: &Runtimes,
    work: &Workload,
    checks: &mut Checks,
    progress: &mut Progress,
) -> Result<Section, BenchError> {
    let cluster =
        harness::RedisCluster::start_with(CLUSTER_PRIMARIES, 0).map_err(BenchError::Server)?;
    let mut section = Section::new(
        Mode::Cluster,
        format!(
            "Redis Cluster of {CLUSTER_PRIMARIES} primaries, no replicas, started by the bench \
             ({}); {} keys over {} slots, so every scenario and every pipeline touches all \
             primaries",
            conditions::redis_server_version(),
            work.keys.len(),
            redirect::distinct_slots(&work.keys),
        ),
    );
    let endpoint = Endpoint::Cluster(cluster.urls());
    let clients = connect_and_time(o, rt, work, &endpoint, checks, progress, &mut section)?;
    if o.moved {
        progress.set_planned(
            Mode::Cluster,
            "moved",
            clients.len() * o.rounds * o.redirects,
        );
    }
    if o.moved && !clients.is_empty() {
        let mut mover = SlotMover::new(&cluster, &work.keys)?;
        let mut rows: Vec<RedirectRow> =
            clients.iter().map(|c| RedirectRow::new(c.name())).collect();
        for round in 0..o.rounds {
            for j in 0..clients.len() {
                let i = (round + j) % clients.len();
                let (Some(client), Some(row)) = (clients.get(i), rows.get_mut(i)) else {
                    continue;
                };
                for n in 0..o.redirects {
                    let step = format!(
                        "cluster moved round {}/{} {:<16} move {}/{}",
                        round + 1,
                        o.rounds,
                        client.name(),
                        n + 1,
                        o.redirects,
                    );
                    progress.start(Mode::Cluster, "moved", &step);
                    let tag = mover.fresh_tag()?;
                    let old_owner = mover.owner(&tag)?;
                    let moved_before = mover.moved_replies(old_owner)?;
                    mover.move_slot(&tag)?;
                    let what = format!("cluster moved {}", client.name());
                    let measured = client.redirect(rt, &tag, &work.value, o.redirect_steady);
                    let Some((first, steady)) = checks.record(&what, measured)? else {
                        progress.done(&format!("{step} failed"));
                        continue;
                    };
                    // Only a request the old owner answered with MOVED measures a redirect.
                    let redirected = mover.moved_replies(old_owner)? > moved_before;
                    progress.done(&format!(
                        "{step} first {:>8.1} µs, steady {:>8.1} µs{}",
                        first.as_secs_f64() * 1e6,
                        steady.as_secs_f64() * 1e6,
                        if redirected {
                            ""
                        } else {
                            " (no MOVED seen: left out)"
                        },
                    ));
                    if redirected {
                        row.first.push(first);
                        row.steady.push(steady);
                    } else {
                        row.without_moved += 1;
                    }
                }
            }
        }
        section.redirects = rows;
    }
    Ok(section)
}

/// The TLS mode: seq, conc and pipe against one server on a TLS port.
fn run_tls(
    o: &Options,
    rt: &Runtimes,
    work: &Workload,
    checks: &mut Checks,
    progress: &mut Progress,
) -> Result<Section, BenchError> {
    let pki = harness::Pki::new();
    let server = harness::RedisServer::builder()
        .tls(&pki, false)
        .start()
        .map_err(BenchError::Server)?;
    let mut section = Section::new(
        Mode::Tls,
        format!(
            "redis-server started by the bench on a TLS port only ({}), certificate from a CA \
             the bench makes (rcgen), no client certificates; every client over rustls with \
             ring, trusting only that CA",
            conditions::redis_server_version()
        ),
    );
    let endpoint = Endpoint::Tls {
        url: server.url(),
        ca_pem: pki.ca_pem.clone(),
    };
    connect_and_time(o, rt, work, &endpoint, checks, progress, &mut section)?;
    Ok(section)
}

/// `host` and `port` of a `redis://[user[:password]@]host[:port][/db]` URL, for
/// redis-benchmark. `None` for other URL forms (unix sockets).
fn host_port(url: &str) -> Option<(String, u16)> {
    let rest = url.strip_prefix("redis://")?;
    let authority = rest.split('/').next()?;
    let host_port = authority.rsplit('@').next()?;
    match host_port.rsplit_once(':') {
        Some((host, port)) => Some((host.to_owned(), port.parse().ok()?)),
        None => Some((host_port.to_owned(), 6379)),
    }
}

#[cfg(test)]
mod tests {
    use super::host_port;

    #[test]
    fn host_port_from_urls() {
        assert_eq!(
            host_port("redis://127.0.0.1:7000"),
            Some(("127.0.0.1".into(), 7000))
        );
        assert_eq!(host_port("redis://u:p@h:1/2"), Some(("h".into(), 1)));
        assert_eq!(host_port("redis://h"), Some(("h".into(), 6379)));
        assert_eq!(host_port("redis+unix:///tmp/s"), None);
    }
}
