//! Decoding throughput: resp-core's `Decoder` against redis-protocol and redis-rs, same corpora,
//! same run. See BENCHMARKS.md at the repository root for the results and how to read them.
//!
//! Every decoder starts from the wire bytes in a plain slice and hands back each reply as an
//! owned value, so each timing includes copying the bytes into the decoder's buffer (for
//! redis-rs, into the buffer its parser fills from an `io::Read`), as a client copies them
//! out of the socket. On the bulk corpora that copy is most of the time for every decoder.

// criterion_group! defines an undocumented `pub fn`.
#![allow(missing_docs)]

use std::hint::black_box;
use std::io::Read;
use std::time::{Duration, Instant};

use bytes::BytesMut;
use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use resp_core::Decoder;

mod corpus;
use corpus::Corpus;

/// The read size of the chunked benches, a typical socket read.
const CHUNK: usize = 4096;

fn ours_whole(data: &[u8]) -> usize {
    let mut buf = BytesMut::from(data);
    let mut decoder = Decoder::new();
    let mut replies = 0;
    while let Some(value) = decoder.decode(&mut buf).expect("cureds decodes the corpus") {
        black_box(value);
        replies += 1;
    }
    replies
}

fn ours_chunked(data: &[u8]) -> usize {
    let mut buf = BytesMut::new();
    let mut decoder = Decoder::new();
    let mut replies = 0;
    for read in data.chunks(CHUNK) {
        buf.extend_from_slice(read);
        while let Some(value) = decoder.decode(&mut buf).expect("cureds decodes the corpus") {
            black_box(value);
            replies += 1;
        }
    }
    replies
}

fn redis_protocol_whole(data: &[u8], resp3: bool) -> usize {
    let mut buf = BytesMut::from(data);
    let mut replies = 0;
    while !buf.is_empty() && redis_protocol_step(&mut buf, resp3) {
        replies += 1;
    }
    replies
}

/// Feeds redis-protocol the way its codec is used: append each read to one buffer and retry
/// the decode from the start of the pending reply (it keeps no state between attempts).
fn redis_protocol_chunked(data: &[u8], resp3: bool) -> usize {
    let mut buf = BytesMut::new();
    let mut replies = 0;
    for read in data.chunks(CHUNK) {
        buf.extend_from_slice(read);
        while !buf.is_empty() && redis_protocol_step(&mut buf, resp3) {
            replies += 1;
        }
    }
    replies
}

/// Decodes one frame off `buf`; false when `buf` holds no complete frame.
fn redis_protocol_step(buf: &mut BytesMut, resp3: bool) -> bool {
    if resp3 {
        let frame = redis_protocol::resp3::decode::complete::decode_bytes_mut(buf)
            .expect("redis-protocol decodes the corpus");
        frame.map(black_box).is_some()
    } else {
        let frame = redis_protocol::resp2::decode::decode_bytes_mut(buf)
            .expect("redis-protocol decodes the corpus");
        frame.map(black_box).is_some()
    }
}

/// redis-rs's parser reads from an `io::Read`; its combine decoder buffers and keeps partial
/// state between reads, so a reader that yields one chunk per call is how its synchronous
/// connection sees a socket.
fn redis_rs(reader: impl Read, replies: usize) -> usize {
    let mut parser = redis::Parser::new();
    let mut reader = reader;
    for _ in 0..replies {
        black_box(
            parser
                .parse_value(&mut reader)
                .expect("redis-rs parses the corpus"),
        );
    }
    replies
}

/// An `io::Read` over a slice that returns at most [`CHUNK`] bytes per call, as a socket does.
struct ChunkedReader<'a>(&'a [u8]);

impl Read for ChunkedReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = out.len().min(CHUNK).min(self.0.len());
        let (head, tail) = self.0.split_at(n);
        out[..n].copy_from_slice(head);
        self.0 = tail;
        Ok(n)
    }
}

/// Checks once, outside the timings, that every decoder reads the corpus as intended.
fn check(corpus: &Corpus) {
    let data = &corpus.bytes[..];
    assert_eq!(
        ours_whole(data),
        corpus.replies,
        "cureds on {}",
        corpus.name
    );
    assert_eq!(
        ours_chunked(data),
        corpus.replies,
        "cureds chunked on {}",
        corpus.name
    );
    assert_eq!(redis_protocol_whole(data, corpus.resp3), corpus.replies);
    assert_eq!(redis_rs(data, corpus.replies), corpus.replies);
}

fn whole_corpora(c: &mut Criterion) {
    let corpora = [
        corpus::small_replies(),
        corpus::bulks_4k(),
        corpus::bulk_1m(),
        corpus::arrays_1000(),
        corpus::resp3_maps(),
    ];
    for corpus in &corpora {
        check(corpus);
        let data = &corpus.bytes[..];
        let mut group = c.benchmark_group(corpus.name);
        group.throughput(Throughput::Bytes(data.len() as u64));
        group.bench_function("cureds", |b| b.iter(|| ours_whole(black_box(data))));
        group.bench_function("redis-protocol", |b| {
            b.iter(|| redis_protocol_whole(black_box(data), corpus.resp3))
        });
        group.bench_function("redis-rs", |b| {
            b.iter(|| redis_rs(black_box(data), corpus.replies))
        });
        group.finish();
    }
}

/// The big array, whole and in 4 KiB reads. redis-protocol re-parses the pending reply on
/// every read, which is quadratic: it runs here on a 1 MiB array only (256 reads), and on the
/// 16 MiB array once, outside criterion, when `CUREDS_BENCH_QUADRATIC=1` (see
/// [`quadratic_peer_once`]).
fn chunked_corpora(c: &mut Criterion) {
    for corpus in [
        corpus::big_array("array_1MiB", 1 << 20),
        corpus::big_array("array_16MiB", 16 << 20),
    ] {
        check(&corpus);
        let data = &corpus.bytes[..];
        let mut group = c.benchmark_group(corpus.name);
        group.throughput(Throughput::Bytes(data.len() as u64));
        group.bench_function(BenchmarkId::new("cureds", "whole"), |b| {
            b.iter(|| ours_whole(black_box(data)))
        });
        group.bench_function(BenchmarkId::new("cureds", "4KiB_reads"), |b| {
            b.iter(|| ours_chunked(black_box(data)))
        });
        group.bench_function(BenchmarkId::new("redis-rs", "whole"), |b| {
            b.iter(|| redis_rs(black_box(data), 1))
        });
        group.bench_function(BenchmarkId::new("redis-rs", "4KiB_reads"), |b| {
            b.iter(|| redis_rs(ChunkedReader(black_box(data)), 1))
        });
        group.bench_function(BenchmarkId::new("redis-protocol", "whole"), |b| {
            b.iter(|| redis_protocol_whole(black_box(data), false))
        });
        if data.len() <= 1 << 21 {
            group.bench_function(BenchmarkId::new("redis-protocol", "4KiB_reads"), |b| {
                b.iter(|| redis_protocol_chunked(black_box(data), false))
            });
        }
        group.finish();
    }
}

/// One timed pass of redis-protocol over the 16 MiB array in 4 KiB reads, stopped after
/// 60 seconds: criterion's ten samples of it would take many minutes.
fn quadratic_peer_once() {
    if std::env::var_os("CUREDS_BENCH_QUADRATIC").is_none() {
        return;
    }
    let corpus = corpus::big_array("array_16MiB", 16 << 20);
    let cap = Duration::from_secs(60);
    let start = Instant::now();
    let mut buf = BytesMut::new();
    let mut reads = 0;
    let mut replies = 0;
    for read in corpus.bytes.chunks(CHUNK) {
        buf.extend_from_slice(read);
        reads += 1;
        if redis_protocol_step(&mut buf, false) {
            replies += 1;
        }
        if start.elapsed() > cap {
            break;
        }
    }
    let total = corpus.bytes.len().div_ceil(CHUNK);
    println!(
        "array_16MiB/redis-protocol/4KiB_reads (one pass): {reads} of {total} reads, \
         {replies} replies, {:.2?}{}",
        start.elapsed(),
        if reads < total {
            " (stopped at the cap)"
        } else {
            ""
        }
    );
}

fn config() -> Criterion {
    // Short runs: the machine is shared, and the medians settle within a few seconds.
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = whole_corpora, chunked_corpora
}

fn main() {
    benches();
    quadratic_peer_once();
    Criterion::default().configure_from_args().final_summary();
}
