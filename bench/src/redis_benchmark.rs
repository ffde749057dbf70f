//! The reference: `redis-benchmark` against the same server, parsed from its `--csv` output.

use std::process::Command;
use std::time::Duration;

use crate::error::BenchError;
use crate::stats::{Percentiles, Sample};

/// One redis-benchmark invocation: `clients` connections, `pipeline` commands in flight per
/// connection, `requests` per test, tests SET and GET with `value_size`-byte values.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RbRun {
    pub(crate) clients: usize,
    pub(crate) pipeline: usize,
    pub(crate) requests: usize,
}

impl RbRun {
    /// The row label, as the command line spells it.
    pub(crate) fn label(&self) -> String {
        format!("redis-benchmark -c {} -P {}", self.clients, self.pipeline)
    }

    /// Runs it against `host:port` and folds SET and GET into one [`Sample`]: ops/s over both
    /// tests together, the mean of the two tests' p50 and p99, and both p50s separately.
    pub(crate) fn run(
        &self,
        host: &str,
        port: u16,
        value_size: usize,
    ) -> Result<Sample, BenchError> {
        let output = Command::new("redis-benchmark")
            .args(["-h", host, "-p", &port.to_string()])
            .args(["-c", &self.clients.to_string()])
            .args(["-P", &self.pipeline.to_string()])
            .args(["-n", &self.requests.to_string()])
            .args(["-d", &value_size.to_string()])
            .args(["-t", "set,get", "--csv"])
            .output()
            .map_err(|e| BenchError::RedisBenchmark(format!("cannot run it: {e}")))?;
        if !output.status.success() {
            return Err(BenchError::RedisBenchmark(format!(
                "exited with {}: {}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            )));
        }
        let text = String::from_utf8_lossy(&output.stdout);
        let set = find_test(&text, "SET")?;
        let get = find_test(&text, "GET")?;
        let ops = 2 * self.requests as u64;
        let secs = self.requests as f64 / set.rps + self.requests as f64 / get.rps;
        Ok(Sample {
            ops,
            elapsed: Duration::from_secs_f64(secs),
            cpu: None,
            latency: Some(Percentiles {
                p50: ms((set.p50_ms + get.p50_ms) / 2.0),
                p99: ms((set.p99_ms + get.p99_ms) / 2.0),
            }),
            set_get_p50: Some((ms(set.p50_ms), ms(get.p50_ms))),
        })
    }
}

fn ms(v: f64) -> Duration {
    Duration::from_secs_f64(v.max(0.0) / 1000.0)
}

/// One CSV row of redis-benchmark's output.
#[derive(Debug, PartialEq)]
struct TestRow {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
}

/// Finds `test`'s row. The header names the columns
/// (`"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",...`); we look them up
/// by name rather than trust their order.
fn find_test(csv: &str, test: &str) -> Result<TestRow, BenchError> {
    let mut lines = csv.lines();
    let header: Vec<String> = lines
        .next()
        .map(split_row)
        .ok_or_else(|| BenchError::RedisBenchmark("empty output".into()))?;
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| BenchError::RedisBenchmark(format!("no column {name:?} in {header:?}")))
    };
    let (rps, p50, p99) = (
        column("rps")?,
        column("p50_latency_ms")?,
        column("p99_latency_ms")?,
    );
    let row = lines
        .map(split_row)
        .find(|r| r.first().is_some_and(|t| t == test))
        .ok_or_else(|| BenchError::RedisBenchmark(format!("no {test} row in:\n{csv}")))?;
    let field = |i: usize| -> Result<f64, BenchError> {
        row.get(i)
            .and_then(|f| f.parse().ok())
            .ok_or_else(|| BenchError::RedisBenchmark(format!("bad {test} row: {row:?}")))
    };
    Ok(TestRow {
        rps: field(rps)?,
        p50_ms: field(p50)?,
        p99_ms: field(p99)?,
    })
}

fn split_row(line: &str) -> Vec<String> {
    line.split(',')
        .map(|f| f.trim().trim_matches('"').to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = r#""test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
"SET","25316.46","0.033","0.016","0.031","0.047","0.095","0.847"
"GET","17699.12","0.050","0.016","0.039","0.039","0.151","3.895"
"#;

    #[test]
    fn parses_rows_by_column_name() {
        let get = find_test(OUTPUT, "GET").expect("GET row parses");
        assert_eq!(
            get,
            TestRow {
                rps: 17699.12,
                p50_ms: 0.039,
                p99_ms: 0.151
            }
        );
        assert!(find_test(OUTPUT, "INCR").is_err());
        assert!(find_test("", "GET").is_err());
        assert!(find_test("\"test\",\"rps\"\n\"GET\",\"1\"\n", "GET").is_err());
    }
}
