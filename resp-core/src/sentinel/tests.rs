use super::*;
use crate::Config;

fn bulk(s: &str) -> Value {
    Value::BulkString(s.to_owned().into())
}

fn tcp(host: &str, port: u16) -> Address {
    Address::Tcp {
        host: host.into(),
        port,
    }
}

fn sentinel_of(config: &Config) -> &SentinelConfig {
    match &config.address {
        Address::Sentinel(sentinel) => sentinel,
        other => panic!("not a sentinel address: {other}"),
    }
}

#[test]
fn url_with_hosts_master_and_db() {
    let config: Config = "redis+sentinel://h1:26380,h2,[::1]:5000/mymaster/3"
        .parse()
        .unwrap();
    let sentinel = sentinel_of(&config);
    assert_eq!(
        sentinel.sentinels,
        vec![tcp("h1", 26380), tcp("h2", 26379), tcp("::1", 5000)]
    );
    assert_eq!(sentinel.master_name, "mymaster");
    assert_eq!(sentinel.role, Role::Master);
    assert_eq!(config.db, 3);
    assert!(config.tls.is_none());
}

#[test]
fn url_credentials_split_between_data_nodes_and_sentinels() {
    let config: Config = "rediss+sentinel://app:data%40pw@s1/my%20master?role=replica&sentinel_username=sen&sentinel_password=s%3Apw"
        .parse()
        .unwrap();
    assert_eq!(config.username.as_deref(), Some("app"));
    assert_eq!(
        config.password.as_ref().map(Password::expose),
        Some("data@pw")
    );
    assert!(config.tls.is_some());
    let sentinel = sentinel_of(&config);
    assert_eq!(sentinel.master_name, "my master");
    assert_eq!(sentinel.role, Role::Replica);
    assert_eq!(sentinel.username.as_deref(), Some("sen"));
    assert_eq!(
        sentinel.password.as_ref().map(Password::expose),
        Some("s:pw")
    );
    assert_eq!(config.db, 0);
    let debug = format!("{config:?}");
    assert!(
        !debug.contains("s:pw") && !debug.contains("data@pw"),
        "{debug}"
    );
}

#[test]
fn url_sentinel_tls_is_independent_of_the_data_nodes_tls() {
    for (url, data_tls, sentinel_tls) in [
        ("redis+sentinel://s1/m", false, false),
        ("rediss+sentinel://s1/m", true, false),
        ("rediss+sentinel://s1/m?sentinel_tls=yes", true, true),
        ("redis+sentinel://s1/m?sentinel_tls=true", false, true),
        (
            "rediss+sentinel://s1/m?sentinel_tls=1&role=replica",
            true,
            true,
        ),
        ("rediss+sentinel://s1/m?sentinel_tls=no", true, false),
        (
            "rediss+sentinel://s1/m?sentinel_tls=yes&sentinel_tls=false",
            true,
            false,
        ),
    ] {
        let config: Config = url.parse().expect(url);
        assert_eq!(config.tls.is_some(), data_tls, "{url}");
        let sentinel = sentinel_of(&config);
        assert_eq!(sentinel.tls.is_some(), sentinel_tls, "{url}");
        // `yes` is what `rediss` gives the data nodes: webpki roots, the host's name.
        if sentinel_tls {
            assert_eq!(sentinel.tls, Some(crate::TlsConfig::default()), "{url}");
        }
    }
    // Outside a sentinel URL the parameter is ignored, as unknown ones always were.
    let plain: Config = "redis://h?sentinel_tls=yes".parse().unwrap();
    assert!(plain.tls.is_none());
}

#[test]
fn url_errors_name_the_problem() {
    for (url, says) in [
        ("redis+sentinel://h1,h2", "names the master"),
        ("redis+sentinel://h1,h2/", "names the master"),
        ("redis+sentinel://h1,/m", "no host"),
        ("redis+sentinel://h1:x/m", "port"),
        ("redis+sentinel://h1/m/x", "database number"),
        ("redis+sentinel://h1/m?role=leader", "master or replica"),
        ("redis+sentinel://h1/m?sentinel_tls=maybe", "yes or no"),
        ("redis+sentinel://h1/m?sentinel_tls=", "yes or no"),
    ] {
        let error = Config::from_url(url).expect_err(url).to_string();
        assert!(error.contains(says), "{url}: {error}");
    }
}

#[test]
fn display_lists_name_and_sentinels() {
    let config: Config = "redis+sentinel://h1,h2:1/m?role=replica".parse().unwrap();
    assert_eq!(
        config.address.to_string(),
        "sentinel:m(replica)@h1:26379,h2:1"
    );
}

#[test]
fn master_address_shapes() {
    let s = tcp("s", 26379);
    let ok = Value::Array(vec![bulk("10.0.0.2"), bulk("6380")]);
    assert_eq!(
        parse_master_address(ok, &s).unwrap(),
        Some(tcp("10.0.0.2", 6380))
    );
    assert_eq!(parse_master_address(Value::Null, &s).unwrap(), None);
    for bad in [
        Value::Array(vec![bulk("10.0.0.2")]),
        Value::Array(vec![bulk("h"), bulk("port")]),
        Value::Array(vec![bulk("h"), bulk("0")]),
        Value::Integer(1),
    ] {
        assert!(matches!(
            parse_master_address(bad, &s),
            Err(Error::Sentinel(SentinelError::InvalidReply { .. }))
        ));
    }
    assert!(matches!(
        parse_master_address(Value::Error("ERR no such master".into()), &s),
        Err(Error::Server(_))
    ));
}

fn replica_entry(ip: &str, port: &str, flags: &str, link: &str) -> Vec<(Value, Value)> {
    vec![
        (bulk("name"), bulk(&format!("{ip}:{port}"))),
        (bulk("ip"), bulk(ip)),
        (bulk("port"), bulk(port)),
        (bulk("flags"), bulk(flags)),
        (bulk("master-link-status"), bulk(link)),
    ]
}

#[test]
fn replicas_keep_only_healthy_ones_in_both_protocols() {
    let s = tcp("s", 26379);
    let entries = [
        replica_entry("10.0.0.1", "6379", "slave", "ok"),
        replica_entry("10.0.0.2", "6379", "s_down,slave,disconnected", "err"),
        replica_entry("10.0.0.3", "6379", "slave", "err"),
        replica_entry("10.0.0.4", "6379", "slave,o_down", "ok"),
        replica_entry("10.0.0.5", "6380", "slave", "ok"),
    ];
    let resp3 = Value::Array(entries.iter().cloned().map(Value::Map).collect());
    let resp2 = Value::Array(
        entries
            .iter()
            .map(|pairs| {
                Value::Array(
                    pairs
                        .iter()
                        .flat_map(|(k, v)| [k.clone(), v.clone()])
                        .collect(),
                )
            })
            .collect(),
    );
    let want = vec![tcp("10.0.0.1", 6379), tcp("10.0.0.5", 6380)];
    assert_eq!(parse_replicas(resp3, &s).unwrap(), want);
    assert_eq!(parse_replicas(resp2, &s).unwrap(), want);
    assert_eq!(parse_replicas(Value::Array(vec![]), &s).unwrap(), vec![]);
    let no_port = Value::Array(vec![Value::Array(vec![bulk("ip"), bulk("h")])]);
    assert!(matches!(
        parse_replicas(no_port, &s),
        Err(Error::Sentinel(SentinelError::InvalidReply { .. }))
    ));
}

/// What a sentinel lists for another sentinel, in field order as Redis 7 sends it (fields
/// not read here included).
fn sentinel_entry(ip: &str, port: &str, flags: &str) -> Vec<(Value, Value)> {
    vec![
        (bulk("name"), bulk("7d1a3b8f3e2c")),
        (bulk("ip"), bulk(ip)),
        (bulk("port"), bulk(port)),
        (bulk("runid"), bulk("7d1a3b8f3e2c")),
        (bulk("flags"), bulk(flags)),
        (bulk("link-pending-commands"), bulk("0")),
        (bulk("voted-leader"), bulk("?")),
    ]
}

/// `entries` as RESP3 (a list of maps) and as RESP2 (a list of flat arrays).
fn both_shapes(entries: &[Vec<(Value, Value)>]) -> [Value; 2] {
    let resp3 = Value::Array(entries.iter().cloned().map(Value::Map).collect());
    let resp2 = Value::Array(
        entries
            .iter()
            .map(|pairs| {
                Value::Array(
                    pairs
                        .iter()
                        .flat_map(|(k, v)| [k.clone(), v.clone()])
                        .collect(),
                )
            })
            .collect(),
    );
    [resp3, resp2]
}

#[test]
fn sentinels_keep_the_reachable_ones_in_both_protocols() {
    let s = tcp("s", 26379);
    let entries = [
        sentinel_entry("10.0.0.1", "26379", "sentinel"),
        sentinel_entry("10.0.0.2", "26379", "s_down,sentinel"),
        sentinel_entry("10.0.0.3", "26379", "o_down,sentinel"),
        sentinel_entry("10.0.0.4", "26379", "sentinel,disconnected"),
        sentinel_entry("10.0.0.5", "26380", "sentinel"),
    ];
    let want = vec![tcp("10.0.0.1", 26379), tcp("10.0.0.5", 26380)];
    for reply in both_shapes(&entries) {
        assert_eq!(parse_sentinels(reply, &s).unwrap(), want);
    }
    // A port sent as an integer is read too; a missing flags field means nothing is wrong.
    let integer_port = Value::Array(vec![Value::Map(vec![
        (bulk("ip"), bulk("10.0.0.6")),
        (bulk("port"), Value::Integer(5000)),
    ])]);
    assert_eq!(
        parse_sentinels(integer_port, &s).unwrap(),
        vec![tcp("10.0.0.6", 5000)]
    );
    assert_eq!(parse_sentinels(Value::Array(vec![]), &s).unwrap(), vec![]);
}

#[test]
fn malformed_sentinels_replies_are_invalid() {
    let s = tcp("s", 26379);
    let invalid = |reply: Value| {
        matches!(
            parse_sentinels(reply, &s),
            Err(Error::Sentinel(SentinelError::InvalidReply { .. }))
        )
    };
    for entries in [
        vec![vec![(bulk("ip"), bulk("10.0.0.1"))]],
        vec![vec![(bulk("port"), bulk("26379"))]],
        vec![sentinel_entry("10.0.0.1", "not a port", "sentinel")],
        vec![sentinel_entry("10.0.0.1", "0", "sentinel")],
        vec![sentinel_entry("10.0.0.1", "70000", "sentinel")],
    ] {
        for reply in both_shapes(&entries) {
            assert!(invalid(reply.clone()), "{reply:?}");
        }
    }
    // An odd flat array, an entry that is no list, a reply that is no list.
    assert!(invalid(Value::Array(vec![Value::Array(vec![
        bulk("ip"),
        bulk("h"),
        bulk("port")
    ])])));
    assert!(invalid(Value::Array(vec![bulk("10.0.0.1:26379")])));
    assert!(invalid(Value::Integer(3)));
    assert!(invalid(Value::Null));
    // The whole reply is refused even when only one entry is broken.
    let mut entries = vec![sentinel_entry("10.0.0.1", "26379", "sentinel")];
    entries.push(vec![(bulk("ip"), bulk("10.0.0.2"))]);
    assert!(invalid(both_shapes(&entries)[0].clone()));
    assert!(matches!(
        parse_sentinels(Value::Error("ERR No such master with that name".into()), &s),
        Err(Error::Server(_))
    ));
    let error = parse_sentinels(Value::Integer(3), &s)
        .unwrap_err()
        .to_string();
    assert!(error.contains("SENTINELS"), "{error}");
}

#[test]
fn role_decides_master_replica_sentinel() {
    let master = Value::Array(vec![
        bulk("master"),
        Value::Integer(0),
        Value::Array(vec![]),
    ]);
    assert_eq!(parse_role(master).unwrap(), Role::Master);
    let replica = Value::Array(vec![bulk("slave"), bulk("127.0.0.1"), Value::Integer(6379)]);
    assert_eq!(parse_role(replica).unwrap(), Role::Replica);
    let sentinel = Value::Array(vec![bulk("sentinel"), Value::Array(vec![])]);
    assert_eq!(parse_role(sentinel).unwrap(), Role::Sentinel);
    assert!(matches!(parse_role(bulk("master")), Err(Error::Type(_))));
    assert!(matches!(
        parse_role(Value::Array(vec![bulk("leader")])),
        Err(Error::Type(_))
    ));
    assert!(matches!(
        parse_role(Value::Error("NOPERM no".into())),
        Err(Error::Server(_))
    ));
}

#[test]
fn switch_master_payloads() {
    let switch = parse_switch_master(b"m 10.0.0.1 6379 10.0.0.2 6380").unwrap();
    assert_eq!(switch.old, tcp("10.0.0.1", 6379));
    assert_eq!(switch.new, tcp("10.0.0.2", 6380));
    assert!(parse_switch_master(b"m 10.0.0.1 6379 10.0.0.2 x").is_none());
    assert!(parse_switch_master(b"").is_none());
    assert!(parse_switch_master(&[0xff, 0xfe]).is_none());
}

#[test]
fn wrong_role_error_reads_clearly() {
    let error = Error::Sentinel(SentinelError::WrongRole {
        master_name: "mymaster".into(),
        sentinel: tcp("127.0.0.1", 26379),
        node: tcp("127.0.0.1", 6380),
        expected: Role::Master,
        actual: Role::Replica,
    });
    assert_eq!(
        error.to_string(),
        "sentinel 127.0.0.1:26379 named 127.0.0.1:6380 as the master of \"mymaster\", but ROLE \
         says it is a replica; not using it"
    );
    assert!(!error.may_have_run());
}

#[test]
fn a_switch_ends_master_connections_to_the_old_node_and_replica_ones_to_the_promoted() {
    let master = SentinelConfig::new("m", [("s", 26379)]);
    let replica = master.clone().with_replica();
    let switch = parse_switch_master(b"m 10.0.0.1 6379 10.0.0.2 6379").unwrap();
    let (old, new, other) = (
        tcp("10.0.0.1", 6379),
        tcp("10.0.0.2", 6379),
        tcp("10.0.0.3", 6379),
    );
    assert!(master.switch_ends(&old, &switch));
    assert!(!master.switch_ends(&new, &switch));
    assert!(replica.switch_ends(&new, &switch));
    assert!(!replica.switch_ends(&other, &switch));
    let elsewhere = parse_switch_master(b"other 10.0.0.1 6379 10.0.0.2 6379").unwrap();
    assert!(!master.switch_ends(&old, &elsewhere));
}

#[test]
fn check_role_accepts_the_asked_role_only() {
    let replica = SentinelConfig::new("m", [("s", 26379)]).with_replica();
    let (s, n) = (tcp("s", 26379), tcp("n", 6379));
    let slave = Value::Array(vec![bulk("slave")]);
    let master = Value::Array(vec![bulk("master")]);
    assert!(replica.check_role(&s, &n, slave).is_ok());
    assert!(matches!(
        replica.check_role(&s, &n, master),
        Err(Error::Sentinel(SentinelError::WrongRole {
            expected: Role::Replica,
            actual: Role::Master,
            ..
        }))
    ));
}

#[test]
fn read_from_makes_a_reads_connection_that_falls_back_to_the_master() {
    use crate::cluster::ReadFrom;
    let node = |port| Address::Tcp {
        host: "127.0.0.1".into(),
        port,
    };
    let config: Config = "redis+sentinel://s1/m?read_from=prefer_replica"
        .parse()
        .unwrap();
    let Address::Sentinel(sentinels) = &config.address else {
        panic!("not a sentinel address")
    };
    assert_eq!(sentinels.read_from, ReadFrom::PreferReplica);
    assert_eq!(sentinels.role, Role::Master);
    // The master connection itself goes to the master only.
    assert_eq!(
        sentinels.candidates(node(1), vec![node(2)], 0),
        vec![(node(1), Role::Master)]
    );
    let reads = sentinels.for_reads().unwrap();
    assert!(reads.falls_back_to_master());
    assert_eq!(
        reads.candidates(node(1), vec![node(2), node(3)], 5),
        vec![
            (node(2), Role::Replica),
            (node(3), Role::Replica),
            (node(1), Role::Master)
        ]
    );
    // No healthy replica: the master serves the reads.
    assert_eq!(
        reads.candidates(node(1), vec![], 0),
        vec![(node(1), Role::Master)]
    );
    // A reads connection on the master moves when the master does; on a replica, when
    // that replica is promoted.
    let switch = parse_switch_master(b"m 127.0.0.1 1 127.0.0.1 2").unwrap();
    assert!(reads.switch_ends(&node(1), &switch));
    assert!(reads.switch_ends(&node(2), &switch));
    assert!(!reads.switch_ends(&node(3), &switch));
    // role=replica stays strict: no master fallback, no reads connection.
    let strict = SentinelConfig::new("m", [("s1", 26379)]).with_replica();
    assert!(strict.for_reads().is_none() && !strict.falls_back_to_master());
    assert_eq!(strict.candidates(node(1), vec![], 0), vec![]);
    assert!(!strict.switch_ends(&node(1), &switch));
    // Primary keeps reads on the master's connection.
    let primary = SentinelConfig::new("m", [("s1", 26379)]);
    assert!(primary.for_reads().is_none());
    for bad in [
        "redis+sentinel://s1/m?read_from=replica",
        "redis+sentinel://s1/m?read_from=",
    ] {
        let error = bad.parse::<Config>().unwrap_err();
        assert!(error.to_string().contains("read_from"), "{error}");
    }
}
