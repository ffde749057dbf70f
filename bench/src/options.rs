//! Command-line options.

use crate::error::BenchError;
use crate::lineup::ClientKind;
use crate::scenario::Scenario;

/// Everything a run can be told; [`Options::default`] is the documented full run.
#[derive(Clone, Debug)]
pub(crate) struct Options {
    /// An existing server to use instead of starting one.
    pub(crate) url: Option<String>,
    pub(crate) rounds: usize,
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
    pub(crate) clients: Vec<ClientKind>,
    pub(crate) scenarios: Vec<Scenario>,
    pub(crate) redis_benchmark: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            url: None,
            rounds: 3,
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
            clients: ClientKind::ALL.to_vec(),
            scenarios: Scenario::ALL.to_vec(),
            redis_benchmark: true,
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
Client benchmark: the same scenarios for each client against one redis-server.

usage: cargo run --release -p bench -- [options]

  --url URL            use this server instead of starting redis-server on a free port
  --rounds N           rounds per scenario, clients interleaved; medians reported [{}]
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
  --clients LIST       comma-separated subset of {} [all]
  --scenarios LIST     comma-separated subset of seq,conc,pipe,big [all]
  --no-redis-benchmark skip the redis-benchmark reference rows
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
    )
}

/// Parses the arguments after the program name.
///
/// # Errors
/// [`BenchError::Usage`] for an unknown flag, a missing or bad value, or sizes that cannot
/// work together (a pipeline bigger than the key space).
pub(crate) fn parse(args: impl IntoIterator<Item = String>) -> Result<Parsed, BenchError> {
    let mut o = Options::default();
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| BenchError::Usage(format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--help" | "-h" => return Ok(Parsed::Help),
            "--url" => o.url = Some(value()?),
            "--rounds" => o.rounds = count(&flag, &value()?)?,
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
            "--scenarios" => o.scenarios = list(&value()?, scenario_from_name, "scenario")?,
            "--no-redis-benchmark" => o.redis_benchmark = false,
            _ => return Err(BenchError::Usage(format!("unknown argument {flag:?}"))),
        }
    }
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

fn scenario_from_name(name: &str) -> Option<Scenario> {
    Scenario::ALL.into_iter().find(|s| s.name() == name)
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
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        for args in [
            &["--seq"][..],
            &["--seq", "0"],
            &["--seq", "x"],
            &["--frobnicate"],
            &["--scenarios", "seq,nope"],
            &["--batch", "7"],
            &["--keyspace", "10", "--batch", "100"],
        ] {
            assert!(
                matches!(parse_strs(args), Err(BenchError::Usage(_))),
                "{args:?} accepted"
            );
        }
        assert!(matches!(parse_strs(&["--help"]), Ok(Parsed::Help)));
    }
}
