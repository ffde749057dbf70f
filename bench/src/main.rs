//! Client benchmark: the same scenarios (seq, conc, pipe, big) for our two clients, redis-rs,
//! fred and rustis, against one redis-server, with redis-benchmark as the reference; optionally
//! beside busy-looping processes (`--load`), plus memory per idle client and per big pipeline.
//! Prints markdown tables of medians and spreads over interleaved rounds and checks issue 9's
//! goals. `--quick` only checks that every client's replies are right, for CI.
//!
//! `cargo run --release -p bench -- --help` lists the options.

mod checks;
mod clients;
mod conditions;
mod cpu;
mod error;
mod executor;
mod lineup;
mod load;
mod memory;
mod options;
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
use options::{Options, Parsed};
use redis_benchmark::RbRun;
use report::Row;
use scenario::{Scenario, Workload};

fn main() -> ExitCode {
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
    // Kept alive until the end of the run; dropping it kills the server.
    let server = match &o.url {
        Some(_) => None,
        None => Some(harness::RedisServer::start().map_err(BenchError::Server)?),
    };
    let url = match (&o.url, &server) {
        (Some(url), _) => url.clone(),
        (None, Some(server)) => server.url(),
        (None, None) => unreachable!("a server was started when no --url was given"),
    };
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

    let mut clients = Vec::with_capacity(o.clients.len());
    for &kind in &o.clients {
        let what = format!("{} connect and warm-up", kind.name());
        let connected = AnyClient::connect(kind, &url, &rt).and_then(|client| {
            client.warm_up(&rt, &work)?;
            Ok(client)
        });
        if let Some(client) = checks.record(&what, connected)? {
            clients.push(client);
        }
    }
    let rb_target = if o.redis_benchmark {
        host_port(&url)
    } else {
        None
    };
    if o.redis_benchmark && rb_target.is_none() {
        eprintln!("bench: cannot tell host and port from {url:?}; skipping redis-benchmark");
    }

    let mut rows: Vec<Row> = Vec::new();
    for &scenario in &o.scenarios {
        let references = match (scenario, &rb_target) {
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
        let first = rows.len();
        rows.extend(clients.iter().map(|c| Row {
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
            for j in 0..clients.len() {
                let i = (round + j) % clients.len();
                let (Some(client), Some(row)) = (clients.get(i), rows.get_mut(first + i)) else {
                    continue;
                };
                let what = format!("{} {}", scenario.name(), client.name());
                let Some(sample) = checks.record(&what, client.run(&rt, scenario, &work))? else {
                    continue;
                };
                eprintln!(
                    "{:>4} round {} {:<16} {:>10.0} ops/s {:>7} µs CPU/op",
                    scenario.name(),
                    round + 1,
                    client.name(),
                    sample.ops_per_sec(),
                    sample
                        .cpu_us_per_op()
                        .map_or("–".into(), |c| format!("{c:.2}")),
                );
                row.samples.push(sample);
            }
            if let Some((host, port)) = &rb_target {
                for (k, reference) in references.iter().enumerate() {
                    let sample = reference.run(host, *port, o.value_size)?;
                    eprintln!(
                        "{:>4} round {} {:<16} {:>10.0} ops/s",
                        scenario.name(),
                        round + 1,
                        reference.label(),
                        sample.ops_per_sec(),
                    );
                    if let Some(row) = rows.get_mut(first + clients.len() + k) {
                        row.samples.push(sample);
                    }
                }
            }
        }
    }
    let mut memory_rows = Vec::new();
    if o.memory {
        let spec = ProbeSpec {
            url: url.clone(),
            idle_clients: o.idle_clients,
            pipeline_commands: o.memory_pipeline,
            value_size: o.value_size,
            tokio_workers: o.tokio_workers,
        };
        for &kind in &o.clients {
            let what = format!("memory {}", kind.name());
            if let Some(row) = checks.record(&what, memory::measure(kind, &spec))? {
                eprintln!(
                    "memory {:<16} {:>8} bytes for {} idle clients, {:>10} bytes pipeline peak",
                    row.label, row.idle_growth, o.idle_clients, row.pipeline_peak_growth
                );
                memory_rows.push(row);
            }
        }
    }
    let load_after = conditions::load_average();
    let spinners = load.as_ref().map_or(0, Load::len);
    drop(load);

    if o.quick {
        // Counts too small for timings to mean anything: only the checks are reported, in
        // the plain "N passed, N failed" form CI logs understand.
        println!(
            "bench --quick: {} passed, {} failed",
            checks.passed, checks.failed
        );
        return match checks.failed {
            0 => Ok(()),
            n => Err(BenchError::Quick(n)),
        };
    }

    let run_conditions = conditions::Conditions {
        url: o.url.as_deref(),
        spinners,
        load_before,
        load_after,
    };
    print!("{}", run_conditions.render(o, !rows.is_empty()));
    if !rows.is_empty() {
        print!("{}", report::render(&rows, o.pipe_batch, o.big_size));
    }
    if !memory_rows.is_empty() {
        println!();
        print!(
            "{}",
            report::render_memory(
                &memory_rows,
                o.idle_clients,
                o.memory_pipeline,
                o.value_size
            )
        );
    }
    Ok(())
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
