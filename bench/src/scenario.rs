//! The four scenarios, written once for every client and runtime.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::clients::BenchClient;
use crate::cpu::process_cpu_time;
use crate::error::BenchError;
use crate::executor::Executor;
use crate::stats::{Latencies, Sample};

/// Which scenario to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scenario {
    /// One task: SET then GET, one at a time.
    Seq,
    /// Many tasks sharing one client, each doing SET then GET.
    Conc,
    /// One task sending non-atomic pipelines of SET/GET pairs.
    Pipe,
    /// One task: GET of one large value.
    Big,
}

impl Scenario {
    pub(crate) const ALL: [Scenario; 4] =
        [Scenario::Seq, Scenario::Conc, Scenario::Pipe, Scenario::Big];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Scenario::Seq => "seq",
            Scenario::Conc => "conc",
            Scenario::Pipe => "pipe",
            Scenario::Big => "big",
        }
    }
}

/// The data and sizes every client gets the same of.
#[derive(Clone, Debug)]
pub(crate) struct Workload {
    /// Pre-built keys (16 bytes, like redis-benchmark's `key:__rand_int__`), so no client pays
    /// for formatting them inside the timed loop.
    pub(crate) keys: Arc<Vec<String>>,
    pub(crate) value: Bytes,
    pub(crate) big_value: Bytes,
    /// seq: SET+GET pairs.
    pub(crate) seq_pairs: usize,
    /// conc: total commands over all tasks.
    pub(crate) conc_ops: usize,
    pub(crate) conc_tasks: usize,
    /// pipe: total commands; `pipe_batch` commands per pipeline.
    pub(crate) pipe_ops: usize,
    pub(crate) pipe_batch: usize,
    /// big: GETs of `big_value`.
    pub(crate) big_gets: usize,
    /// Run the one-task scenarios in a spawned task rather than on the blocking thread.
    pub(crate) in_task: bool,
}

/// The key the big scenario reads.
const BIG_KEY: &str = "bench:big";

impl Workload {
    pub(crate) fn new(keyspace: usize, value_size: usize, big_size: usize) -> Workload {
        let keys = (0..keyspace.max(1))
            .map(|i| format!("key:{i:012}"))
            .collect();
        Workload {
            keys: Arc::new(keys),
            value: Bytes::from(vec![b'v'; value_size]),
            // Not one repeated byte, so a client returning the wrong slice would show.
            big_value: (0..big_size).map(|i| (i % 251) as u8).collect(),
            seq_pairs: 0,
            conc_ops: 0,
            conc_tasks: 1,
            pipe_ops: 0,
            pipe_batch: 2,
            big_gets: 0,
            in_task: false,
        }
    }

    fn key(&self, i: usize) -> &str {
        let keys = &self.keys;
        keys.get(i % keys.len())
            .map_or("key:000000000000", String::as_str)
    }
}

/// Runs `scenario` once with `client` on `exec` and measures it.
pub(crate) fn run<E: Executor, C: BenchClient>(
    exec: &E,
    client: &C,
    scenario: Scenario,
    work: &Workload,
) -> Result<Sample, BenchError> {
    if work.in_task && scenario != Scenario::Conc {
        let (client, work) = (client.clone(), work.clone());
        return exec.block_on(exec.spawn(async move { one_task(&client, scenario, &work).await }));
    }
    match scenario {
        Scenario::Conc => exec.block_on(conc(exec, client, work)),
        _ => exec.block_on(one_task(client, scenario, work)),
    }
}

/// A scenario that runs in one task (all but conc).
async fn one_task<C: BenchClient>(
    client: &C,
    scenario: Scenario,
    work: &Workload,
) -> Result<Sample, BenchError> {
    match scenario {
        Scenario::Seq => seq(client, work, work.seq_pairs).await,
        Scenario::Pipe => pipe(client, work).await,
        _ => big(client, work).await,
    }
}

/// CPU and wall clock at the start of a run.
struct Meter {
    cpu: Duration,
    start: Instant,
}

impl Meter {
    fn start() -> Result<Meter, BenchError> {
        Ok(Meter {
            cpu: process_cpu_time()?,
            start: Instant::now(),
        })
    }

    fn stop(self, ops: usize, mut latency: Latencies) -> Result<Sample, BenchError> {
        let elapsed = self.start.elapsed();
        let cpu = process_cpu_time()?.saturating_sub(self.cpu);
        Ok(Sample {
            ops: ops as u64,
            elapsed,
            cpu: Some(cpu),
            latency: latency.percentiles(),
            set_get_p50: None,
        })
    }
}

/// Values above this size are checked by length and a few sampled bytes instead of in full:
/// a full compare of 1 MiB would add a memcmp to every client's CPU per op and narrow the
/// differences being measured.
const FULL_CHECK_LIMIT: usize = 4096;

pub(crate) fn check_get<C: BenchClient>(
    got: Option<C::Value>,
    expected: &[u8],
) -> Result<(), BenchError> {
    let Some(got) = got else {
        return Err(BenchError::wrong_reply(
            C::NAME,
            "GET returned nil for a key just SET",
        ));
    };
    let got = got.as_ref();
    let same = if expected.len() <= FULL_CHECK_LIMIT {
        got == expected
    } else {
        let n = expected.len();
        got.len() == n
            && [0, n / 3, n / 2, n - 1]
                .iter()
                .all(|&i| got.get(i) == expected.get(i))
    };
    if same {
        Ok(())
    } else {
        Err(BenchError::wrong_reply(
            C::NAME,
            format!(
                "GET returned {} bytes, not the {} just SET",
                got.len(),
                expected.len()
            ),
        ))
    }
}

/// One task, `pairs` SET+GET round trips; also used (untimed) as a warm-up.
pub(crate) async fn seq<C: BenchClient>(
    client: &C,
    work: &Workload,
    pairs: usize,
) -> Result<Sample, BenchError> {
    let mut sets = Latencies::with_capacity(pairs);
    let mut gets = Latencies::with_capacity(pairs);
    let meter = Meter::start()?;
    for i in 0..pairs {
        let key = work.key(i);
        let t0 = Instant::now();
        client.set(key, &work.value).await?;
        let t1 = Instant::now();
        let got = client.get(key).await?;
        gets.push(t1.elapsed());
        sets.push(t1 - t0);
        check_get::<C>(got, &work.value)?;
    }
    let mut sample = meter.stop(2 * pairs, Latencies::default())?;
    let mut all = Latencies::with_capacity(2 * pairs);
    all.extend(&sets);
    all.extend(&gets);
    sample.latency = all.percentiles();
    sample.set_get_p50 = sets
        .percentiles()
        .zip(gets.percentiles())
        .map(|(s, g)| (s.p50, g.p50));
    Ok(sample)
}

/// `conc_tasks` tasks sharing `client`, each doing its share of SET+GET pairs on its own keys.
async fn conc<E: Executor, C: BenchClient>(
    exec: &E,
    client: &C,
    work: &Workload,
) -> Result<Sample, BenchError> {
    let tasks = work.conc_tasks.max(1);
    let pairs_per_task = work.conc_ops / 2 / tasks;
    let meter = Meter::start()?;
    let handles: Vec<_> = (0..tasks)
        .map(|t| {
            let client = client.clone();
            let work = work.clone();
            exec.spawn(async move {
                let mut lat = Latencies::with_capacity(2 * pairs_per_task);
                for i in 0..pairs_per_task {
                    // Tasks walk disjoint stretches of the key space.
                    let key = work.key(t * pairs_per_task + i);
                    let t0 = Instant::now();
                    client.set(key, &work.value).await?;
                    let t1 = Instant::now();
                    let got = client.get(key).await?;
                    lat.push(t1.elapsed());
                    lat.push(t1 - t0);
                    check_get::<C>(got, &work.value)?;
                }
                Ok::<_, BenchError>(lat)
            })
        })
        .collect();
    let mut all = Latencies::with_capacity(2 * pairs_per_task * tasks);
    let mut first_error = None;
    for handle in handles {
        // Join every task even after an error, so none is left running into the next run.
        match handle.await {
            Ok(lat) => all.extend(&lat),
            Err(e) => first_error = first_error.or(Some(e)),
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    meter.stop(2 * pairs_per_task * tasks, all)
}

/// One task sending pipelines of `pipe_batch` commands (SET/GET pairs), one after another;
/// the latency is per pipeline.
async fn pipe<C: BenchClient>(client: &C, work: &Workload) -> Result<Sample, BenchError> {
    let pairs = (work.pipe_batch / 2).max(1);
    let batches = work.pipe_ops / (2 * pairs);
    let nkeys = work.keys.len();
    let mut lat = Latencies::with_capacity(batches);
    let meter = Meter::start()?;
    for b in 0..batches {
        // Consecutive batches use consecutive windows of the key space.
        let start = (b * pairs) % nkeys.saturating_sub(pairs).max(1);
        let keys = work.keys.get(start..start + pairs).unwrap_or(&[]);
        let t0 = Instant::now();
        client.pipe(keys, &work.value).await?;
        lat.push(t0.elapsed());
    }
    meter.stop(batches * 2 * pairs, lat)
}

/// One task reading the big value `big_gets` times (it is SET once before the clock starts).
async fn big<C: BenchClient>(client: &C, work: &Workload) -> Result<Sample, BenchError> {
    client.set(BIG_KEY, &work.big_value).await?;
    let mut lat = Latencies::with_capacity(work.big_gets);
    let meter = Meter::start()?;
    for _ in 0..work.big_gets {
        let t0 = Instant::now();
        let got = client.get(BIG_KEY).await?;
        lat.push(t0.elapsed());
        check_get::<C>(got, &work.big_value)?;
    }
    meter.stop(work.big_gets, lat)
}
