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

/// An expected argument of [`check!`] that the builder must mark as a key.
struct Key(String);

/// `key("k")` in a [`check!`] list: this argument is a key.
fn key(word: impl ToString) -> Key {
    Key(word.to_string())
}

/// One expected argument of [`check!`]: its text and whether it is a key.
trait Word {
    fn word(self) -> (String, bool);
}

impl<T: std::fmt::Display> Word for T {
    fn word(self) -> (String, bool) {
        (self.to_string(), false)
    }
}

impl Word for Key {
    fn word(self) -> (String, bool) {
        (self.0, true)
    }
}

/// The keys a command marks, as text.
fn marked_keys<T>(cmd: &Cmd<T>) -> Vec<String> {
    cmd.keys()
        .map(|k| String::from_utf8_lossy(k).into_owned())
        .collect()
}

/// Asserts a command's argument list, and that exactly the arguments written `key(..)` are
/// marked as its keys (none when there is no `key(..)`).
macro_rules! check {
    ($cmd:expr, [$($word:expr),* $(,)?]) => {{
        use super::Word as _;
        let cmd = $cmd;
        let want: Vec<(String, bool)> = vec![$(($word).word()),*];
        let words: Vec<String> = want.iter().map(|(w, _)| w.clone()).collect();
        let keys: Vec<String> = want.iter().filter(|(_, k)| *k).map(|(w, _)| w.clone()).collect();
        assert_eq!(super::words(&cmd), words);
        assert_eq!(super::marked_keys(&cmd), keys, "keys of {words:?}");
        cmd
    }};
}

mod encoding;
mod replies;
mod values;
