//! The reply streams the decode benches run on, built once per run.
//!
//! Sizes follow the issue: many small replies, 4 KiB bulks, one 1 MiB bulk, arrays of 1,000
//! bulks, RESP3 maps, and one 16 MiB array (fed in 4 KiB reads by the chunked benches).

use std::io::Write;

/// A byte stream holding `replies` complete replies.
pub(crate) struct Corpus {
    /// Short name used as the criterion group name.
    pub(crate) name: &'static str,
    /// The wire bytes.
    pub(crate) bytes: Vec<u8>,
    /// How many top-level replies `bytes` holds.
    pub(crate) replies: usize,
    /// Whether it uses RESP3-only types (so redis-protocol must use its RESP3 decoder).
    pub(crate) resp3: bool,
}

fn bulk(out: &mut Vec<u8>, payload: &[u8]) {
    write!(out, "${}\r\n", payload.len()).expect("writing to a Vec cannot fail");
    out.extend_from_slice(payload);
    out.extend_from_slice(b"\r\n");
}

/// 10,000 replies cycling through `+OK`, an integer, and a 16-byte bulk string: a pipeline
/// of GET/SET/INCR answers.
pub(crate) fn small_replies() -> Corpus {
    let mut bytes = Vec::new();
    let replies = 10_000;
    for i in 0..replies {
        match i % 3 {
            0 => bytes.extend_from_slice(b"+OK\r\n"),
            1 => write!(bytes, ":{}\r\n", i * 7919).expect("writing to a Vec cannot fail"),
            _ => bulk(&mut bytes, b"value-0123456789"),
        }
    }
    Corpus {
        name: "small_replies",
        bytes,
        replies,
        resp3: false,
    }
}

/// 1,000 bulk strings of 4 KiB each.
pub(crate) fn bulks_4k() -> Corpus {
    let payload = vec![b'x'; 4096];
    let mut bytes = Vec::new();
    let replies = 1_000;
    for _ in 0..replies {
        bulk(&mut bytes, &payload);
    }
    Corpus {
        name: "bulk_4KiB",
        bytes,
        replies,
        resp3: false,
    }
}

/// One bulk string of 1 MiB.
pub(crate) fn bulk_1m() -> Corpus {
    let mut bytes = Vec::new();
    bulk(&mut bytes, &vec![b'y'; 1 << 20]);
    Corpus {
        name: "bulk_1MiB",
        bytes,
        replies: 1,
        resp3: false,
    }
}

/// 10 arrays of 1,000 bulk strings of 16 bytes (LRANGE / MGET answers).
pub(crate) fn arrays_1000() -> Corpus {
    let mut bytes = Vec::new();
    let replies = 10;
    for _ in 0..replies {
        bytes.extend_from_slice(b"*1000\r\n");
        for i in 0..1000 {
            bulk(&mut bytes, format!("element-{i:08}").as_bytes());
        }
    }
    Corpus {
        name: "array_1000_bulks",
        bytes,
        replies,
        resp3: false,
    }
}

/// 100 RESP3 maps of 100 pairs: bulk-string field names to integers (HGETALL under RESP3).
pub(crate) fn resp3_maps() -> Corpus {
    let mut bytes = Vec::new();
    let replies = 100;
    for _ in 0..replies {
        bytes.extend_from_slice(b"%100\r\n");
        for i in 0..100 {
            bulk(&mut bytes, format!("field:{i:04}").as_bytes());
            write!(bytes, ":{}\r\n", i * 31).expect("writing to a Vec cannot fail");
        }
    }
    Corpus {
        name: "resp3_map_100",
        bytes,
        replies,
        resp3: true,
    }
}

/// One array of `total` bytes made of 64-byte bulk-string elements (57 payload bytes).
pub(crate) fn big_array(name: &'static str, total: usize) -> Corpus {
    let elements = total / 64;
    let mut bytes = Vec::with_capacity(total + 16);
    write!(bytes, "*{elements}\r\n").expect("writing to a Vec cannot fail");
    let payload = [b'z'; 57];
    for _ in 0..elements {
        bulk(&mut bytes, &payload);
    }
    Corpus {
        name,
        bytes,
        replies: 1,
        resp3: false,
    }
}
