//! Tests of the command layer without a server: argument lists, typed replies, the method
//! traits against a fake client, pipelines.

use bytes::BytesMut;

use crate::Cmd;

/// The command's arguments as text, read back from its encoded frame.
fn words<T>(cmd: &Cmd<T>) -> Vec<String> {
    let mut out = BytesMut::new();
    cmd.encode(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let mut lines = text.split("\r\n");
    let count: usize = lines.next().unwrap()[1..].parse().unwrap();
    let mut args = Vec::new();
    for _ in 0..count {
        let header = lines.next().unwrap();
        assert!(header.starts_with('$'), "{header}");
        let arg = lines.next().unwrap();
        assert_eq!(header[1..].parse::<usize>().unwrap(), arg.len(), "{arg}");
        args.push(arg.to_owned());
    }
    assert_eq!(lines.next(), Some(""), "trailing bytes in {text:?}");
    assert_eq!(count, cmd.argc());
    args
}

/// Asserts a command's argument list.
macro_rules! check {
    ($cmd:expr, [$($word:expr),* $(,)?]) => {{
        let cmd = $cmd;
        let want: Vec<String> = vec![$(($word).to_string()),*];
        assert_eq!(super::words(&cmd), want);
        cmd
    }};
}

mod encoding;
mod fake;
mod methods;
mod replies;
