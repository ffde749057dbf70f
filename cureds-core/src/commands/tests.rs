//! The method trait, scan streams and scripts against a fake client that records what it is
//! sent (no server).

use bytes::BytesMut;
use resp_core::Cmd;

/// The command's arguments as text, read back from its encoded frame.
fn words<T>(cmd: &Cmd<T>) -> Vec<String> {
    let mut out = BytesMut::new();
    cmd.encode(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let mut lines = text.split("\r\n");
    let count: usize = lines.next().unwrap()[1..].parse().unwrap();
    (0..count)
        .map(|_| {
            lines.next().unwrap();
            lines.next().unwrap().to_owned()
        })
        .collect()
}

mod fake;
mod methods;
