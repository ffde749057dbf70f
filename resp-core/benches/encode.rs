//! Encoding 1M `SET key value` commands: resp-core's `Cmd` builder against redis-rs's
//! `cmd().arg()` packing, both building each command and appending it to a write buffer that
//! is drained every 64 KiB, as a client's driver drains it into the socket.

// criterion_group! defines an undocumented `pub fn`.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use bytes::BytesMut;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use resp_core::{Cmd, Value};

const COMMANDS: usize = 1_000_000;
const VALUE: &str = "value-0123456789";
/// The write buffer is "sent" (cleared, keeping its capacity) when it holds this much.
const FLUSH_AT: usize = 64 * 1024;

fn keys() -> Vec<String> {
    (0..COMMANDS).map(|i| format!("key:{i:08}")).collect()
}

/// Returns the number of bytes written, to check both sides write the same stream.
fn ours(keys: &[String]) -> usize {
    let mut out = BytesMut::with_capacity(2 * FLUSH_AT);
    let mut written = 0;
    for key in keys {
        Cmd::<Value>::with_converter("SET", Ok)
            .arg(key.as_str())
            .arg(VALUE)
            .encode(&mut out);
        if out.len() >= FLUSH_AT {
            written += black_box(&out).len();
            out.clear();
        }
    }
    written + out.len()
}

fn redis_rs(keys: &[String]) -> usize {
    let mut out = Vec::with_capacity(2 * FLUSH_AT);
    let mut written = 0;
    for key in keys {
        redis::cmd("SET")
            .arg(key.as_str())
            .arg(VALUE)
            .write_packed_command(&mut out);
        if out.len() >= FLUSH_AT {
            written += black_box(&out).len();
            out.clear();
        }
    }
    written + out.len()
}

fn set_commands(c: &mut Criterion) {
    let keys = keys();
    let (a, b) = (ours(&keys), redis_rs(&keys));
    assert_eq!(a, b, "both encoders write the same number of bytes");
    let mut group = c.benchmark_group("encode_1M_SET");
    group.throughput(Throughput::Elements(COMMANDS as u64));
    group.bench_function("cureds", |b| b.iter(|| ours(black_box(&keys))));
    group.bench_function("redis-rs", |b| b.iter(|| redis_rs(black_box(&keys))));
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = set_commands
}
criterion_main!(benches);
