use super::*;
use crate::{cmd, PipelineCommands, Value};

/// `cmd(words[0]).arg(words[1])...`, in the case given.
fn build(words: &[&str]) -> Cmd<Value> {
    let (name, args) = words.split_first().expect("a name");
    args.iter().fold(cmd(name), |c, a| c.arg(*a))
}

/// The words in upper, lower and mixed case.
fn spellings(words: &[&str]) -> [Vec<String>; 3] {
    let mixed = |w: &&str| {
        w.chars()
            .enumerate()
            .map(|(i, c)| {
                if i % 2 == 0 {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect()
    };
    [
        words.iter().map(|w| w.to_ascii_uppercase()).collect(),
        words.iter().map(|w| w.to_ascii_lowercase()).collect(),
        words.iter().map(mixed).collect(),
    ]
}

/// Checks one command in every spelling: what the shared connection and a lease say.
#[track_caller]
fn check(words: &[&str], shared: Result<Dispatch, &str>, lease: Result<Release, &str>) {
    for spelling in spellings(words) {
        let spelled: Vec<&str> = spelling.iter().map(String::as_str).collect();
        let c = build(&spelled);
        let p = c.placement();
        let shown = format!("{spelled:?}");
        match (p.shared, shared) {
            (Ok(got), Ok(want)) => assert_eq!(got, want, "{shown}"),
            (Err(got), Err(says)) => {
                assert!(got.contains(says), "{shown}: {got}");
                let e = c.check_shared().expect_err(&shown);
                assert!(matches!(e, Error::Refused { .. }), "{shown}");
                assert!(e.to_string().contains("was not sent"), "{e}");
            }
            (got, want) => panic!("{shown}: shared {got:?}, expected {want:?}"),
        }
        match (p.lease, lease) {
            (Ok(got), Ok(want)) => assert_eq!(got, want, "{shown}"),
            (Err(got), Err(says)) => {
                assert!(got.contains(says), "{shown}: {got}");
                assert!(c.check_lease().is_err(), "{shown}");
            }
            (got, want) => panic!("{shown}: lease {got:?}, expected {want:?}"),
        }
    }
}

#[test]
fn subscriptions_belong_to_subscribe() {
    for name in [
        "SUBSCRIBE",
        "PSUBSCRIBE",
        "SSUBSCRIBE",
        "UNSUBSCRIBE",
        "PUNSUBSCRIBE",
        "SUNSUBSCRIBE",
    ] {
        check(
            &[name, "ch"],
            Err("Client::subscribe"),
            Err("Client::subscribe"),
        );
    }
}

#[test]
fn monitor_and_replication_need_their_own_connection() {
    check(&["MONITOR"], Err("of its own"), Err("of its own"));
    check(&["SYNC"], Err("replication"), Err("replication"));
    check(
        &["PSYNC", "?", "-1"],
        Err("replication"),
        Err("replication"),
    );
}

#[test]
fn client_reply_is_refused_and_off_or_skip_even_on_a_lease() {
    check(
        &["CLIENT", "REPLY", "ON"],
        Err("in order"),
        Ok(Release::Reuse),
    );
    check(&["CLIENT", "REPLY", "OFF"], Err("in order"), Err("forever"));
    check(
        &["CLIENT", "REPLY", "SKIP"],
        Err("in order"),
        Err("forever"),
    );
    check(&["CLIENT", "REPLY"], Err("in order"), Err("forever"));
}

#[test]
fn select_belongs_to_the_config_and_closes_a_lease() {
    check(
        &["SELECT", "1"],
        Err("part of the Config"),
        Ok(Release::Close),
    );
}

#[test]
fn transaction_commands_one_by_one_are_refused() {
    for words in [
        &["MULTI"][..],
        &["EXEC"],
        &["DISCARD"],
        &["WATCH", "k"],
        &["UNWATCH"],
    ] {
        check(words, Err("Client::transaction"), Ok(Release::Reset));
    }
}

#[test]
fn connection_wide_commands() {
    check(&["HELLO", "3"], Err("protocol"), Ok(Release::Close));
    check(
        &["AUTH", "user", "pw"],
        Err("the Config's credentials"),
        Ok(Release::Close),
    );
    check(&["RESET"], Err("resets"), Ok(Release::Close));
    check(&["QUIT"], Err("closes"), Ok(Release::Close));
    check(&["READONLY"], Err("replica"), Ok(Release::Close));
    check(&["READWRITE"], Err("replica"), Ok(Release::Close));
    check(&["ASKING"], Err("next"), Ok(Release::Close));
    check(
        &["CLIENT", "CACHING", "yes"],
        Err("next"),
        Ok(Release::Close),
    );
    check(
        &["CLIENT", "TRACKING", "on"],
        Err("stale"),
        Ok(Release::Close),
    );
    check(
        &["CLIENT", "NO-EVICT", "on"],
        Err("flag"),
        Ok(Release::Close),
    );
    check(
        &["CLIENT", "NO-TOUCH", "on"],
        Err("flag"),
        Ok(Release::Close),
    );
    check(
        &["CLIENT", "SETNAME", "n"],
        Ok(Dispatch::Shared),
        Ok(Release::Close),
    );
}

#[test]
fn ordinary_commands_run_anywhere() {
    for words in [
        &["GET", "k"][..],
        &["CLIENT", "ID"],
        &["CLIENT", "INFO"],
        &["CLIENT", "KILL", "ID", "7"],
        &["CLIENT"],
        &["PUBLISH", "ch", "m"],
        &["XREAD", "STREAMS", "block", "0"],
        &["SET", "select", "1"],
        &["GEORADIUSBYMEMBER_RO", "k", "m", "1", "km"],
        &["SUBSCRIBEX", "ch"],
        &["SUBSCRIBESUBSCRIBE", "ch"],
    ] {
        check(words, Ok(Dispatch::Shared), Ok(Release::Reuse));
    }
}

#[test]
fn blocking_commands_are_found_by_name() {
    for words in [
        &["BLPOP", "k", "0"][..],
        &["BRPOP", "k", "0"],
        &["BRPOPLPUSH", "a", "b", "0"],
        &["BLMOVE", "a", "b", "LEFT", "RIGHT", "1"],
        &["BLMPOP", "0", "1", "k", "LEFT"],
        &["BZPOPMIN", "k", "0"],
        &["BZPOPMAX", "k", "0"],
        &["BZMPOP", "0", "1", "k", "MIN"],
        &["WAIT", "1", "0"],
        &["WAITAOF", "1", "0", "0"],
        &["XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "s", "$"],
        &[
            "XREADGROUP",
            "GROUP",
            "g",
            "c",
            "BLOCK",
            "10",
            "STREAMS",
            "s",
            ">",
        ],
    ] {
        check(words, Ok(Dispatch::Blocking), Ok(Release::Reuse));
    }
}

#[test]
fn a_builder_marked_blocking_stays_blocking() {
    let c = cmd("MODULE.BLOCKING").blocking();
    assert_eq!(c.check_shared().ok(), Some(Dispatch::Blocking));
    // A refusal wins over a blocking mark.
    assert!(cmd("SUBSCRIBE").blocking().check_shared().is_err());
}

#[test]
fn refusal_names_the_command_but_never_its_arguments() {
    let e = cmd("auth").arg("alice").arg("hunter2").check_shared();
    let Err(Error::Refused { command, .. }) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(command, "AUTH");
    assert!(!format!("{e:?}").contains("hunter2"));
    let e = cmd("client").arg("reply").arg("off").check_shared();
    assert!(matches!(&e, Err(Error::Refused { command, .. }) if command == "CLIENT REPLY"));
    let text = e.expect_err("refused").to_string();
    assert!(text.starts_with("CLIENT REPLY was not sent: "), "{text}");
}

#[test]
fn pipelines_are_checked_command_by_command() {
    let mut pipe = Batch::non_atomic();
    pipe.push(cmd("GET").arg("a"))
        .push(cmd("blpop").arg("k").arg(1));
    assert_eq!(pipe.check_shared().ok(), Some(Dispatch::Blocking));
    assert_eq!(pipe.check_lease().ok(), Some(Release::Reuse));

    pipe.push(cmd("select").arg(2))
        .push(cmd("subscribe").arg("c"));
    assert!(matches!(
        pipe.check_shared(),
        Err(Error::Refused { command, .. }) if command == "SELECT"
    ));
    assert!(matches!(
        pipe.check_lease(),
        Err(Error::Refused { command, .. }) if command == "SUBSCRIBE"
    ));

    let mut pipe = Batch::new();
    pipe.push(cmd("WATCH").arg("k")).push(cmd("SELECT").arg(1));
    assert_eq!(pipe.check_lease().ok(), Some(Release::Close));
    let mut pipe = Batch::new();
    pipe.push(cmd("GET").arg("k")).push(cmd("MULTI"));
    assert_eq!(pipe.check_lease().ok(), Some(Release::Reset));
}

#[test]
fn asking_in_a_pipeline_needs_a_command_after_it() {
    let mut pipe = Batch::non_atomic();
    pipe.push(cmd("ASKING")).push(cmd("GET").arg("k"));
    assert_eq!(pipe.check_shared().ok(), Some(Dispatch::Shared));
    pipe.push(cmd("client").arg("caching").arg("yes"));
    assert!(matches!(
        pipe.check_shared(),
        Err(Error::Refused { command, .. }) if command == "CLIENT CACHING"
    ));
}

#[test]
fn a_pipeline_names_its_first_refused_command_and_forgets_it_when_cleared() {
    let mut pipe = Batch::non_atomic();
    pipe.push(cmd("MONITOR"))
        .push(cmd("GET").arg("k"))
        .push(cmd("HELLO").arg(3))
        .push(cmd("ASKING"));
    assert!(matches!(
        pipe.check_shared(),
        Err(Error::Refused { command, .. }) if command == "MONITOR"
    ));
    assert!(matches!(
        pipe.check_lease(),
        Err(Error::Refused { command, .. }) if command == "MONITOR"
    ));
    pipe.clear();
    pipe.push(cmd("GET").arg("k"));
    assert_eq!(pipe.check_shared().ok(), Some(Dispatch::Shared));
    assert_eq!(pipe.check_lease().ok(), Some(Release::Reuse));
    assert!(!pipe.has_blocking());
}

#[test]
fn malformed_words_do_not_panic() {
    for body in [
        &b""[..],
        b"$",
        b"$3\r\nGE",
        b"$99\r\nGET\r\n",
        b"$x\r\nGET\r\n",
        b"$3\r\nGETxx",
        b"$\r\nGET\r\n",
        b"$-3\r\nGET\r\n",
        b"$99999999999999999999999\r\nGET\r\n",
    ] {
        let _ = Placement::of_body(body);
        let _: Vec<_> = Words::new(body).collect();
    }
    assert_eq!(Placement::of_body(b""), Placement::ANYWHERE);
    let words: Vec<&[u8]> = Words::new(b"$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n").collect();
    assert_eq!(words, [&b"CLIENT"[..], b"REPLY", b"OFF"]);
}
