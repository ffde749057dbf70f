//! Encoding 1M `SET key value` commands: resp-core's `Cmd` builder against redis-rs's
//! `cmd().arg()` packing, both building each command and appending it to a write buffer that
//! is drained every 64 KiB, as a client's driver drains it into the socket.

// criterion_group! defines an undocumented `pub fn`.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use bytes::BytesMut;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use resp_core::commands::strings;
use resp_core::{pack_command, write_array_header, write_bulk_string, Cmd, Value};

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

/// The same stream through the typed builder `strings::set`, as `client.set(k, v)` builds it
/// (including whatever bookkeeping the builder does, such as marking the key).
fn ours_typed(keys: &[String]) -> usize {
    let mut out = BytesMut::with_capacity(2 * FLUSH_AT);
    let mut written = 0;
    for key in keys {
        strings::set(key.as_str(), VALUE).encode(&mut out);
        if out.len() >= FLUSH_AT {
            written += black_box(&out).len();
            out.clear();
        }
    }
    written + out.len()
}

/// The same stream written with the low-level frame writers: no command object at all.
fn ours_frame_writers(keys: &[String]) -> usize {
    let mut out = BytesMut::with_capacity(2 * FLUSH_AT);
    let mut written = 0;
    for key in keys {
        write_array_header(3, &mut out);
        write_bulk_string(b"SET", &mut out);
        write_bulk_string(key.as_bytes(), &mut out);
        write_bulk_string(VALUE.as_bytes(), &mut out);
        if out.len() >= FLUSH_AT {
            written += black_box(&out).len();
            out.clear();
        }
    }
    written + out.len()
}

/// The standalone facade, which returns a fresh `Vec` per command.
fn ours_pack_command(keys: &[String]) -> usize {
    let mut out = Vec::with_capacity(2 * FLUSH_AT);
    let mut written = 0;
    for key in keys {
        out.extend_from_slice(&pack_command(&["SET", key.as_str(), VALUE]));
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
    let expected = redis_rs(&keys);
    assert_eq!(ours(&keys), expected, "same stream length");
    assert_eq!(ours_typed(&keys), expected, "same stream length");
    assert_eq!(ours_frame_writers(&keys), expected, "same stream length");
    assert_eq!(ours_pack_command(&keys), expected, "same stream length");
    let mut group = c.benchmark_group("encode_1M_SET");
    group.throughput(Throughput::Elements(COMMANDS as u64));
    group.bench_function("cureds_Cmd", |b| b.iter(|| ours(black_box(&keys))));
    group.bench_function("cureds_strings_set", |b| {
        b.iter(|| ours_typed(black_box(&keys)))
    });
    group.bench_function("cureds_frame_writers", |b| {
        b.iter(|| ours_frame_writers(black_box(&keys)))
    });
    group.bench_function("cureds_pack_command", |b| {
        b.iter(|| ours_pack_command(black_box(&keys)))
    });
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
