//! The key-run bookkeeping of [`Cmd`]: marking, merging, spilling, and surviving clones and
//! reply changes.

use super::key_runs::{arguments, KeyRuns};
use crate::{cmd, Args, Cmd, Value};

fn keys<T>(cmd: &Cmd<T>) -> Vec<String> {
    cmd.keys()
        .map(|k| String::from_utf8_lossy(k).into_owned())
        .collect()
}

fn runs(runs: &KeyRuns) -> Vec<usize> {
    runs.indexes().collect()
}

#[test]
fn no_keys_unless_marked() {
    assert!(keys(&cmd("PING")).is_empty());
    assert!(keys(&cmd("GET").arg("k")).is_empty());
    // Marking nothing (an empty list, a `None`) records no run.
    let c = cmd("DEL").key(Vec::<&str>::new()).key(None::<&str>);
    assert_eq!(c.keys.shape(), (0, 0));
}

#[test]
fn one_key_and_several() {
    assert_eq!(keys(&cmd("GET").key("k")), ["k"]);
    let c = cmd("DEL").key(["a", "b", "c"]);
    assert_eq!(keys(&c), ["a", "b", "c"]);
    assert_eq!(c.keys.shape(), (1, 0), "one run");
}

#[test]
fn adjacent_keys_merge_into_one_run() {
    let c = cmd("BITOP").arg("AND").key("dst").key(["a", "b"]);
    assert_eq!(keys(&c), ["dst", "a", "b"]);
    assert_eq!(c.keys.shape(), (1, 0));
    assert_eq!(runs(&c.keys), [2, 3, 4]);
}

#[test]
fn key_value_pairs_mark_every_other_argument() {
    let c = cmd("MSET").key_value_pairs([("a", 1), ("b", 2), ("c", 3)]);
    assert_eq!(keys(&c), ["a", "b", "c"]);
    assert_eq!(runs(&c.keys), [1, 3, 5]);
    // One pair is one key; an odd list still marks its last (key-position) argument.
    assert_eq!(keys(&cmd("MSET").key_value_pairs(("a", 1))), ["a"]);
    assert_eq!(
        keys(&cmd("MSET").key_value_pairs(["a", "1", "b"])),
        ["a", "b"]
    );
}

#[test]
fn counted_keys_write_the_count_first() {
    let c = cmd("ZUNIONSTORE")
        .key("dst")
        .counted_keys(["a", "bb", "ccc"])
        .arg("WEIGHTS")
        .arg([1, 2, 3]);
    let words: Vec<&[u8]> = arguments(&c.body).collect();
    let want: [&[u8]; 9] = [
        b"ZUNIONSTORE",
        b"dst",
        b"3",
        b"a",
        b"bb",
        b"ccc",
        b"WEIGHTS",
        b"1",
        b"2",
    ];
    assert_eq!(words[..9], want);
    assert_eq!(c.argc(), 10);
    assert_eq!(keys(&c), ["dst", "a", "bb", "ccc"]);
    assert_eq!(runs(&c.keys), [1, 3, 4, 5]);
    assert_eq!(c.keys.shape(), (2, 0), "the count splits two runs");
    // No keys: `numkeys` is 0 and nothing is marked.
    let c = cmd("EVAL").arg("return 1").counted_keys(()).arg("x");
    assert_eq!(arguments(&c.body).nth(2), Some(&b"0"[..]));
    assert!(keys(&c).is_empty());
}

#[test]
fn keys_after_a_variable_number_of_arguments() {
    // XREADGROUP's options write zero or more arguments before STREAMS; the keys' indexes
    // follow whatever was written.
    for options in [Args::new(), Args::from_args(["COUNT", "10", "BLOCK", "5"])] {
        let c = cmd("XREADGROUP")
            .arg(("GROUP", "g", "c"))
            .arg(&options)
            .arg("STREAMS")
            .key(["s1", "s2"])
            .arg(["0", "0"]);
        assert_eq!(keys(&c), ["s1", "s2"]);
        let first = 5 + options.len();
        assert_eq!(runs(&c.keys), [first, first + 1]);
    }
}

#[test]
fn scattered_keys_spill_past_the_inline_runs() {
    let mut c = cmd("X");
    for i in 0..5 {
        c.push_key(format!("k{i}")).push_arg("v");
    }
    assert_eq!(keys(&c), ["k0", "k1", "k2", "k3", "k4"]);
    assert_eq!(c.keys.shape(), (2, 3));
    // A single key continuing a stepped run joins it, even once spilled.
    let c = cmd("X")
        .key("a")
        .arg("-")
        .key("b")
        .arg("-")
        .key_value_pairs([("c", 1), ("d", 2)])
        .key_value_pairs([("e", 3)]);
    assert_eq!(keys(&c), ["a", "b", "c", "d", "e"]);
    assert_eq!(c.keys.shape(), (2, 1));
}

#[test]
fn clone_with_reply_and_retype_keep_keys() {
    let c: Cmd<Value> = cmd("X").key("a").arg("-").key("b").arg("-").key("c");
    assert_eq!(
        c.keys.shape(),
        (2, 1),
        "spilled: the clone copies the Vec too"
    );
    let cloned = c.clone();
    assert_eq!(keys(&cloned), ["a", "b", "c"]);
    let retyped: Cmd<i64> = c.retype();
    assert_eq!(keys(&retyped), ["a", "b", "c"]);
    let converted: Cmd<bool> = retyped.with_reply(|_| Ok(true));
    assert_eq!(keys(&converted), ["a", "b", "c"]);
    assert_eq!(keys(&cloned), ["a", "b", "c"]);
}

#[test]
fn binary_and_empty_keys() {
    let c = cmd("GET").key(&b"\r\n\x00$3"[..]);
    assert_eq!(c.keys().collect::<Vec<_>>(), [&b"\r\n\x00$3"[..]]);
    let c = cmd("GET").key("");
    assert_eq!(c.keys().collect::<Vec<_>>(), [&b""[..]]);
}

/// A value whose encoding always fails, as a codec's would.
struct Unencodable;

impl crate::ToArgs for Unencodable {
    fn write_args(&self, out: &mut crate::ArgWriter<'_>) {
        out.fail(crate::Error::encode("test", "cannot encode"));
    }
}

#[test]
fn an_argument_that_fails_to_encode_keeps_the_command_from_being_sent() {
    let ok: Cmd<()> = Cmd::new("SET").key("k").arg("v");
    assert!(ok.failure().is_none() && ok.check_shared().is_ok());

    let cmd: Cmd<()> = Cmd::new("SET").key("k").arg(Unencodable).arg("later");
    let failure = cmd.failure().expect("the failure is kept");
    assert!(!failure.may_have_run());
    for checked in [cmd.check_shared().map(drop), cmd.check_lease().map(drop)] {
        assert!(matches!(
            checked,
            Err(crate::Error::Codec { format: "test", .. })
        ));
    }
    // Through a clone, a retype, a pipeline and encoded `Args` alike.
    assert!(cmd.clone().retype::<i64>().failure().is_some());
    let mut batch = crate::Batch::new();
    crate::PipelineCommands::push(&mut batch, Cmd::<()>::new("PING"));
    crate::PipelineCommands::push(&mut batch, cmd);
    assert!(batch.failure().is_some() && batch.check_shared().is_err());
    assert!(batch.check_lease().is_err());
    batch.clear();
    assert!(batch.failure().is_none());
    let args = crate::Args::from_args(("a", Unencodable));
    assert!(args.failure().is_some());
    assert!(Cmd::<()>::new("EVAL").arg(&args).failure().is_some());
}

#[test]
fn booleans_are_one_and_zero() {
    let cmd: Cmd<i64> = Cmd::new("SETBIT").key("k").arg(7).arg(true);
    let mut out = bytes::BytesMut::new();
    cmd.encode(&mut out);
    assert!(out.ends_with(b"$1\r\n1\r\n"));
    let args = crate::Args::from_args([true, false]);
    assert_eq!(args, crate::Args::from_args(["1", "0"]));
}
