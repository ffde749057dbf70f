//! Builders for raw RESP frames, for fake-server scripts.
//!
//! These write what the protocol says and nothing more; to send something broken, build the
//! bytes by hand (`b"$9999999999\r\n".to_vec()`).

/// `+text\r\n`
pub fn simple(text: &str) -> Vec<u8> {
    format!("+{text}\r\n").into_bytes()
}

/// `-line\r\n` (the line starts with the error kind, e.g. `"ERR oops"`).
pub fn error(line: &str) -> Vec<u8> {
    format!("-{line}\r\n").into_bytes()
}

/// `:n\r\n`
pub fn integer(n: i64) -> Vec<u8> {
    format!(":{n}\r\n").into_bytes()
}

/// `$len\r\nbytes\r\n`
pub fn bulk(bytes: &[u8]) -> Vec<u8> {
    let mut out = format!("${}\r\n", bytes.len()).into_bytes();
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\r\n");
    out
}

/// RESP2's null bulk string, `$-1\r\n`.
pub fn null_bulk() -> Vec<u8> {
    b"$-1\r\n".to_vec()
}

/// `*n\r\n` followed by the given, already encoded, elements.
pub fn array(elements: &[Vec<u8>]) -> Vec<u8> {
    aggregate(b'*', elements.len(), elements)
}

/// `>n\r\n` (a RESP3 push) followed by the given, already encoded, elements.
pub fn push(elements: &[Vec<u8>]) -> Vec<u8> {
    aggregate(b'>', elements.len(), elements)
}

/// `%n\r\n` (a RESP3 map) followed by the given, already encoded, keys and values.
pub fn map(pairs: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let flat: Vec<Vec<u8>> = pairs
        .iter()
        .flat_map(|(k, v)| [k.clone(), v.clone()])
        .collect();
    aggregate(b'%', pairs.len(), &flat)
}

/// A pub/sub message as a RESP3 push: `>3 message <channel> <payload>`.
pub fn message_push(channel: &[u8], payload: &[u8]) -> Vec<u8> {
    push(&[bulk(b"message"), bulk(channel), bulk(payload)])
}

/// The reply to `HELLO`, shaped as Redis 7 sends it: a RESP3 map when `resp3`, else (for
/// `HELLO 2`) the same pairs as a flat RESP2 array.
pub fn hello_map(resp3: bool) -> Vec<u8> {
    let pairs = [
        (bulk(b"server"), bulk(b"redis")),
        (bulk(b"version"), bulk(b"7.0.15")),
        (bulk(b"proto"), integer(if resp3 { 3 } else { 2 })),
        (bulk(b"id"), integer(1)),
        (bulk(b"mode"), bulk(b"standalone")),
        (bulk(b"role"), bulk(b"master")),
        (bulk(b"modules"), array(&[])),
    ];
    if resp3 {
        map(&pairs)
    } else {
        let flat: Vec<Vec<u8>> = pairs
            .iter()
            .flat_map(|(k, v)| [k.clone(), v.clone()])
            .collect();
        array(&flat)
    }
}

fn aggregate(kind: u8, count: usize, elements: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![kind];
    out.extend_from_slice(count.to_string().as_bytes());
    out.extend_from_slice(b"\r\n");
    for e in elements {
        out.extend_from_slice(e);
    }
    out
}
