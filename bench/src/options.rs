//! Command-line options.

use std::path::PathBuf;

use crate::error::BenchError;
use crate::lineup::ClientKind;
use crate::mode::Mode;
use crate::scenario::Scenario;

/// Rounds per scenario on an idle machine.
const IDLE_ROUNDS: usize = 3;

/// Rounds per scenario with `--load`: under contention single rounds of the same client
/// vary 2-4x, so a ranking needs many rounds and their spread, not three.
const LOADED_ROUNDS: usize = 15;

/// Everything a run can be told; [`Options::default`] is the documented full run.
#[derive(Clone, Debug)]
pub(crate) struct Options {
    /// An existing server to use instead of starting one.
    pub(crate) url: Option<String>,
    pub(crate) rounds: usize,
    /// Busy-looping processes running beside the whole run.
    pub(crate) load: usize,
    /// Checking replies only: small counts, one round, no timing claims.
    pub(crate) quick: bool,
    pub(crate) seq_pairs: usize,
    pub(crate) conc_ops: usize,
    pub(crate) conc_tasks: usize,
    pub(crate) pipe_ops: usize,
    pub(crate) pipe_batch: usize,
    pub(crate) big_gets: usize,
    pub(crate) big_size: usize,
    pub(crate) value_size: usize,
    pub(crate) keyspace: usize,
    pub(crate) tokio_workers: usize,
    /// Run seq, pipe and big inside a spawned task (as a request handler would) rather than
    /// on the thread that blocks on the runtime.
    pub(crate) in_task: bool,
    pub(crate) clients: Vec<ClientKind>,
    pub(crate) scenarios: Vec<Scenario>,
    /// What to run against: one server, a cluster, TLS.
    pub(crate) modes: Vec<Mode>,
    /// Run the memory measurements (`memory` in `--scenarios`).
    pub(crate) memory: bool,
    /// Cluster mode: measure the cost of a redirect (`moved` in `--scenarios`).
    pub(crate) moved: bool,
    /// moved: slots moved per client per round.
    pub(crate) redirects: usize,
    /// moved: SET+GET pairs after each first request, for the steady-state latency.
    pub(crate) redirect_steady: usize,
    /// memory: idle clients connected at once.
    pub(crate) idle_clients: usize,
    /// memory: commands in the one big pipeline.
    pub(crate) memory_pipeline: usize,
    pub(crate) redis_benchmark: bool,
    /// Where the chart goes; a full run writes [`DEFAULT_SVG`] when not told.
    pub(crate) svg: Option<PathBuf>,
    /// Draw the chart of these saved tables instead of running.
    pub(crate) chart_from: Option<PathBuf>,
}

/// The chart's path when `--svg` is not given, in the current directory.
pub(crate) const DEFAULT_SVG: &str = "bench-chart.svg";

impl Options {
    /// Small counts that still reach every code path (a multi-read 1 MiB reply, pipelines of
    /// 100, concurrent tasks), for checking replies in CI.
    fn make_quick(&mut self) {
        self.quick = true;
        self.seq_pairs = 200;
        self.conc_ops = 2_000;
        self.conc_tasks = 10;
        self.pipe_ops = 2_000;
        self.pipe_batch = 100;
        self.big_gets = 3;
        self.keyspace = 1_000;
        self.idle_clients = 20;
        self.memory_pipeline = 10_000;
        self.redirects = 1;
        self.redirect_steady = 20;
        self.redis_benchmark = false;
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            url: None,
            rounds: IDLE_ROUNDS,
            load: 0,
            quick: false,
            seq_pairs: 50_000,
            conc_ops: 200_000,
            conc_tasks: 100,
            pipe_ops: 200_000,
            pipe_batch: 100,
            big_gets: 300,
            big_size: 1 << 20,
            value_size: 16,
            keyspace: 10_000,
            tokio_workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            in_task: false,
            clients: ClientKind::ALL.to_vec(),
            scenarios: Scenario::ALL.to_vec(),
            modes: vec![Mode::Single],
            memory: true,
            moved: true,
            redirects: 5,
            redirect_steady: 200,
            idle_clients: 1_000,
            memory_pipeline: 1_000_000,
            redis_benchmark: true,
            svg: None,
            chart_from: None,
        }
    }
}

/// What the command line asks for.
#[derive(Debug)]
pub(crate) enum Parsed {
    Run(Box<Options>),
    Help,
}

/// The `--help` text.
pub(crate) fn usage() -> String {
    let d = Options::default();
    let clients: Vec<&str> = ClientKind::ALL.iter().map(|c| c.name()).collect();
    format!(
        "\
Client benchmark: the same scenarios for each client against one redis-server, a 3-primary
cluster, or one redis-server over TLS.

usage: cargo run --release -p bench -- [options]

  --cluster            run the cluster mode: seq, conc, pipe on a 3-primary cluster the bench
                       starts (keys over all nodes; pipelines span them), each library's
                       cluster client, and the cost of a MOVED redirect (moved)
  --tls                run the TLS mode: seq, conc, pipe against a redis-server on a TLS port
                       with certificates the bench makes, each library over rustls
  --modes LIST         comma-separated subset of single,cluster,tls [single; all with --quick];
                       --cluster and --tls alone run only those modes
  --url URL            single mode: use this server instead of starting redis-server
  --quick              check replies only: every scenario of every mode once (or of the modes
                       given), small counts, every client, no redis-benchmark; exits non-zero
                       on any failed check (for CI)
  --load N             run N busy-looping processes beside the whole run [0]
  --rounds N           rounds per scenario, clients interleaved with who goes first
                       rotating; medians and p25-p75 spread reported
                       [{} idle, {LOADED_ROUNDS} with --load]
  --seq N              seq: SET+GET pairs, one task [{}]
  --conc N             conc: total commands over all tasks [{}]
  --tasks N            conc: tasks sharing one client [{}]
  --pipe N             pipe: total commands [{}]
  --batch N            pipe: commands per pipeline (SET/GET pairs) [{}]
  --big N              big: GETs of the big value [{}]
  --big-size BYTES     big: value size [{}]
  --value-size BYTES   value size for seq/conc/pipe and redis-benchmark -d [{}]
  --keyspace N         distinct keys [{}]
  --tokio-workers N    tokio worker threads [{} = cores]
  --in-task            run seq, pipe and big inside a task spawned on the runtime (as a
                       request handler would) instead of on the main thread blocking on it
  --clients LIST       comma-separated subset of {} [all]
  --scenarios LIST     comma-separated subset of seq,conc,pipe,big,memory,moved [all]; big and
                       memory run in single mode only, moved in cluster mode only
  --redirects N        moved: slots moved per client per round [{}]
  --idle-clients N     memory: idle clients connected at once, per library [{}]
  --memory-pipeline N  memory: commands in one pipeline, for its peak RSS [{}]
  --no-redis-benchmark skip the redis-benchmark reference rows
  --svg PATH           write the chart of the results (same-run ratios to the peers, per mode
                       and scenario) there [{DEFAULT_SVG} after a full run; none after --quick
                       unless given]
  --chart-from FILE    run nothing: draw the chart of the results tables in FILE (the bench's
                       own output, or BENCHMARKS.md) to --svg PATH
  --help               this text
",
        d.rounds,
        d.seq_pairs,
        d.conc_ops,
        d.conc_tasks,
        d.pipe_ops,
        d.pipe_batch,
        d.big_gets,
        d.big_size,
        d.value_size,
        d.keyspace,
        d.tokio_workers,
        clients.join(","),
        d.redirects,
        d.idle_clients,
        d.memory_pipeline,
    )
}

/// Parses the arguments after the program name.
///
/// # Errors
/// [`BenchError::Usage`] for an unknown flag, a missing or bad value, or sizes that cannot
/// work together (a pipeline bigger than the key space).
pub(crate) fn parse(args: impl IntoIterator<Item = String>) -> Result<Parsed, BenchError> {
    let mut o = Options::default();
    let mut rounds = None;
    let mut modes = Vec::new();
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| BenchError::Usage(format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--help" | "-h" => return Ok(Parsed::Help),
            "--url" => o.url = Some(value()?),
            "--cluster" => modes.push(Mode::Cluster),
            "--tls" => modes.push(Mode::Tls),
            "--modes" => modes.extend(list(&value()?, Mode::from_name, "mode")?),
            "--redirects" => o.redirects = count(&flag, &value()?)?,
            "--rounds" => rounds = Some(count(&flag, &value()?)?),
            // Presets first, so flags after --quick can still change a count.
            "--quick" => o.make_quick(),
            "--load" => o.load = count(&flag, &value()?)?,
            "--idle-clients" => o.idle_clients = count(&flag, &value()?)?,
            "--memory-pipeline" => o.memory_pipeline = count(&flag, &value()?)?,
            "--seq" => o.seq_pairs = count(&flag, &value()?)?,
            "--conc" => o.conc_ops = count(&flag, &value()?)?,
            "--tasks" => o.conc_tasks = count(&flag, &value()?)?,
            "--pipe" => o.pipe_ops = count(&flag, &value()?)?,
            "--batch" => o.pipe_batch = count(&flag, &value()?)?,
            "--big" => o.big_gets = count(&flag, &value()?)?,
            "--big-size" => o.big_size = count(&flag, &value()?)?,
            "--value-size" => o.value_size = count(&flag, &value()?)?,
            "--keyspace" => o.keyspace = count(&flag, &value()?)?,
            "--tokio-workers" => o.tokio_workers = count(&flag, &value()?)?,
            "--clients" => o.clients = list(&value()?, ClientKind::from_name, "client")?,
            "--scenarios" => {
                let parts = list(&value()?, part_from_name, "scenario")?;
                o.memory = parts.contains(&Part::Memory);
                o.moved = parts.contains(&Part::Moved);
                o.scenarios = parts
                    .into_iter()
                    .filter_map(|p| match p {
                        Part::Timed(s) => Some(s),
                        Part::Memory | Part::Moved => None,
                    })
                    .collect();
            }
            "--no-redis-benchmark" => o.redis_benchmark = false,
            "--in-task" => o.in_task = true,
            "--svg" => o.svg = Some(value()?.into()),
            "--chart-from" => o.chart_from = Some(value()?.into()),
            _ => return Err(BenchError::Usage(format!("unknown argument {flag:?}"))),
        }
    }
    o.modes = match (modes.is_empty(), o.quick) {
        (false, _) => {
            let mut unique = Vec::new();
            for m in modes {
                if !unique.contains(&m) {
                    unique.push(m);
                }
            }
            unique
        }
        (true, true) => Mode::ALL.to_vec(),
        (true, false) => vec![Mode::Single],
    };
    o.rounds = match (rounds, o.quick, o.load) {
        (Some(n), _, _) => n,
        (None, true, _) => 1,
        (None, false, 0) => IDLE_ROUNDS,
        (None, false, _) => LOADED_ROUNDS,
    };
    if o.pipe_batch < 2 || o.pipe_batch % 2 != 0 {
        return Err(BenchError::Usage(
            "--batch must be even (SET/GET pairs) and at least 2".into(),
        ));
    }
    if o.keyspace < o.pipe_batch / 2 + 1 {
        return Err(BenchError::Usage(
            "--keyspace must exceed half of --batch (each pipeline uses distinct keys)".into(),
        ));
    }
    Ok(Parsed::Run(Box::new(o)))
}

fn count(flag: &str, v: &str) -> Result<usize, BenchError> {
    match v.replace('_', "").parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(BenchError::Usage(format!(
            "{flag} wants a positive whole number, got {v:?}"
        ))),
    }
}

fn list<T: PartialEq>(
    v: &str,
    from_name: impl Fn(&str) -> Option<T>,
    what: &str,
) -> Result<Vec<T>, BenchError> {
    let mut items = Vec::new();
    for name in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let item =
            from_name(name).ok_or_else(|| BenchError::Usage(format!("unknown {what} {name:?}")))?;
        if !items.contains(&item) {
            items.push(item);
        }
    }
    if items.is_empty() {
        return Err(BenchError::Usage(format!("empty {what} list")));
    }
    Ok(items)
}

/// One entry of `--scenarios`: a timed scenario, the memory measurements (which have no
/// rounds or timings, so they are not a [`Scenario`]), or the redirect measurement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Timed(Scenario),
    Memory,
    Moved,
}

fn part_from_name(name: &str) -> Option<Part> {
    match name {
        "memory" => return Some(Part::Memory),
        "moved" => return Some(Part::Moved),
        _ => {}
    }
    Scenario::ALL
        .into_iter()
        .find(|s| s.name() == name)
        .map(Part::Timed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Parsed, BenchError> {
        parse(args.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn flags_override_defaults() {
        let Ok(Parsed::Run(o)) = parse_strs(&["--seq", "1_000", "--scenarios", "pipe,seq"]) else {
            panic!("valid arguments rejected");
        };
        assert_eq!(o.seq_pairs, 1000);
        assert_eq!(o.scenarios, vec![Scenario::Pipe, Scenario::Seq]);
        assert_eq!(o.rounds, Options::default().rounds);
        assert!(!o.memory, "memory runs only when listed");
    }

    #[test]
    fn load_raises_default_rounds_unless_given() {
        let Ok(Parsed::Run(o)) = parse_strs(&["--load", "2"]) else {
            panic!("valid arguments rejected");
        };
        assert_eq!((o.load, o.rounds), (2, LOADED_ROUNDS));
        let Ok(Parsed::Run(o)) = parse_strs(&["--load", "2", "--rounds", "4"]) else {
            panic!("valid arguments rejected");
        };
        assert_eq!(o.rounds, 4);
    }

    #[test]
    fn quick_presets_can_be_overridden() {
        let Ok(Parsed::Run(o)) = parse_strs(&["--quick", "--seq", "7"]) else {
            panic!("valid arguments rejected");
        };
        assert!(o.quick && !o.redis_benchmark);
        assert_eq!((o.rounds, o.seq_pairs), (1, 7));
        let Ok(Parsed::Run(o)) = parse_strs(&["--scenarios", "memory"]) else {
            panic!("valid arguments rejected");
        };
        assert!(o.memory && o.scenarios.is_empty());
    }

    #[test]
    fn modes_default_to_single_and_quick_runs_all() {
        let Ok(Parsed::Run(o)) = parse_strs(&[]) else {
            panic!("valid arguments rejected");
        };
        assert_eq!(o.modes, vec![Mode::Single]);
        let Ok(Parsed::Run(o)) = parse_strs(&["--quick"]) else {
            panic!("valid arguments rejected");
        };
        assert_eq!(o.modes, Mode::ALL.to_vec());
        let Ok(Parsed::Run(o)) = parse_strs(&["--quick", "--tls", "--cluster", "--tls"]) else {
            panic!("valid arguments rejected");
        };
        assert_eq!(o.modes, vec![Mode::Tls, Mode::Cluster]);
        let Ok(Parsed::Run(o)) = parse_strs(&["--modes", "single,cluster"]) else {
            panic!("valid arguments rejected");
        };
        assert_eq!(o.modes, vec![Mode::Single, Mode::Cluster]);
        let Ok(Parsed::Run(o)) = parse_strs(&["--scenarios", "seq,moved"]) else {
            panic!("valid arguments rejected");
        };
        assert!(o.moved && !o.memory);
        assert_eq!(o.scenarios, vec![Scenario::Seq]);
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        for args in [
            &["--seq"][..],
            &["--seq", "0"],
            &["--seq", "x"],
            &["--frobnicate"],
            &["--scenarios", "seq,nope"],
            &["--modes", "sentinel"],
            &["--batch", "7"],
            &["--keyspace", "10", "--batch", "100"],
        ] {
            assert!(
                matches!(parse_strs(args), Err(BenchError::Usage(_))),
                "{args:?} accepted"
            );
        }
        assert!(matches!(parse_strs(&["--help"]), Ok(Parsed::Help)));
        let Ok(Parsed::Run(o)) = parse_strs(&["--chart-from", "B.md", "--svg", "c.svg"]) else {
            panic!("valid arguments rejected");
        };
        assert_eq!(o.chart_from, Some("B.md".into()));
        assert_eq!(o.svg, Some("c.svg".into()));
    }
}
