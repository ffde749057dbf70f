use std::path::PathBuf;

use super::*;

fn tcp(host: &str, port: u16) -> Address {
    Address::Tcp {
        host: host.into(),
        port,
    }
}

#[test]
fn plain_host_gets_defaults() {
    let c = Config::from_url("redis://localhost").unwrap();
    assert_eq!(c.address, tcp("localhost", 6379));
    assert_eq!(c.db, 0);
    assert_eq!(c.username, None);
    assert_eq!(c.password, None);
    assert_eq!(c.protocol, ProtocolVersion::Auto);
}

#[test]
fn user_password_port_and_db() {
    let c = Config::from_url("redis://alice:secret@10.0.0.1:6380/3").unwrap();
    assert_eq!(c.address, tcp("10.0.0.1", 6380));
    assert_eq!(c.username.as_deref(), Some("alice"));
    assert_eq!(c.password, Some(Password::new("secret")));
    assert_eq!(c.db, 3);
}

#[test]
fn password_only() {
    let c = Config::from_url("redis://:p4ss@h/").unwrap();
    assert_eq!(c.username, None);
    assert_eq!(c.password, Some(Password::new("p4ss")));
    assert_eq!(c.db, 0);
}

#[test]
fn percent_decoding_of_credentials() {
    let c = Config::from_url("redis://us%40er:p%3A%2F%40%25ss@h").unwrap();
    assert_eq!(c.username.as_deref(), Some("us@er"));
    assert_eq!(c.password.unwrap().expose(), "p:/@%ss");
}

#[test]
fn ipv6_host_loses_brackets() {
    let c = Config::from_url("redis://[::1]:7000").unwrap();
    assert_eq!(c.address, tcp("::1", 7000));
    assert_eq!(c.address.to_string(), "[::1]:7000");
}

#[test]
fn db_from_query() {
    let c = Config::from_url("redis://h?db=5").unwrap();
    assert_eq!(c.db, 5);
}

#[test]
fn unix_socket_urls() {
    for url in [
        "redis+unix:///tmp/redis.sock?db=4",
        "unix:///tmp/redis.sock?db=4",
    ] {
        let c = Config::from_url(url).unwrap();
        assert_eq!(c.address, Address::Unix(PathBuf::from("/tmp/redis.sock")));
        assert_eq!(c.db, 4);
    }
    let c = Config::from_url("redis+unix:///tmp/with%20space.sock").unwrap();
    assert_eq!(
        c.address,
        Address::Unix(PathBuf::from("/tmp/with space.sock"))
    );
}

#[test]
fn bad_urls_are_config_errors() {
    for url in [
        "http://h",
        "redis://h/notanumber",
        "redis://h?db=-1",
        "redis://",
        "rediss://",
        "not a url",
        "redis+unix://",
        "redis+unix://host/tmp/x",
    ] {
        match Config::from_url(url) {
            Err(Error::Config(msg)) => assert!(!msg.is_empty(), "{url}"),
            other => panic!("{url}: expected a config error, got {other:?}"),
        }
    }
}

#[test]
fn password_never_in_debug_or_display() {
    let c = Config::from_url("redis://bob:hunter2@h/1").unwrap();
    let debug = format!("{c:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("bob"), "{debug}");
    let p = c.password.unwrap();
    assert!(!format!("{p}").contains("hunter2"));
    assert!(!format!("{p:?}").contains("hunter2"));
    assert!(!format!("{p:#?}").contains("hunter2"));
}

#[test]
fn builder_methods() {
    let c = Config::new(tcp("h", 1))
        .with_db(2)
        .with_credentials("u", Password::new("p"))
        .with_client_name("n")
        .with_protocol(ProtocolVersion::Resp2)
        .with_queue_capacity(0)
        .with_pool_size(3);
    assert_eq!(c.db, 2);
    assert_eq!(c.username.as_deref(), Some("u"));
    assert_eq!(c.client_name.as_deref(), Some("n"));
    assert_eq!(c.protocol, ProtocolVersion::Resp2);
    assert_eq!(c.queue_capacity, 1);
    assert_eq!(c.pool_size, 3);
}

#[test]
fn scheme_is_case_insensitive_and_fragment_is_dropped() {
    let c = Config::from_url("REDIS://h:7000/1#frag").unwrap();
    assert_eq!(c.address, tcp("h", 7000));
    assert_eq!(c.db, 1);
}

#[test]
fn ipv6_forms() {
    let c = Config::from_url("redis://u:p@[::1]/3").unwrap();
    assert_eq!(c.address, tcp("::1", 6379));
    assert_eq!(c.db, 3);
    // Written the long way, the address comes out in its canonical form.
    let c = Config::from_url("redis://[0:0:0:0:0:0:0:1]:7001").unwrap();
    assert_eq!(c.address, tcp("::1", 7001));
}

#[test]
fn empty_port_and_trailing_slashes_keep_their_old_meaning() {
    let c = Config::from_url("redis://h:/2/").unwrap();
    assert_eq!(c.address, tcp("h", 6379));
    assert_eq!(c.db, 2);
}

#[test]
fn password_with_unescaped_at_sign_splits_at_the_last_one() {
    let c = Config::from_url("redis://u:p@ss@h").unwrap();
    assert_eq!(c.address, tcp("h", 6379));
    assert_eq!(c.password.unwrap().expose(), "p@ss");
}

#[test]
fn bare_percent_sign_stays() {
    let c = Config::from_url("redis://:100%25%zz@h").unwrap();
    assert_eq!(c.password.unwrap().expose(), "100%%zz");
}

#[test]
fn query_db_wins_over_path_and_other_parameters_are_ignored() {
    let c = Config::from_url("redis://h/1?foo=bar&db=7&x").unwrap();
    assert_eq!(c.db, 7);
}

#[test]
fn unix_forms() {
    let c = Config::from_url("unix:/tmp/r.sock").unwrap();
    assert_eq!(c.address, Address::Unix(PathBuf::from("/tmp/r.sock")));
    let c = Config::from_url("redis+unix://al:pw@/tmp/r.sock?db=2").unwrap();
    assert_eq!(c.address, Address::Unix(PathBuf::from("/tmp/r.sock")));
    assert_eq!(c.username.as_deref(), Some("al"));
    assert_eq!(c.password.unwrap().expose(), "pw");
    assert_eq!(c.db, 2);
}

/// Each bad URL and a word its message must hold.
#[test]
fn bad_input_says_what_is_wrong() {
    for (url, says) in [
        ("redis://h:port", "port"),
        ("redis://h:65536", "port"),
        ("redis://h:0", "port 0"),
        ("redis://h:-1", "port"),
        ("redis://h:+80", "port"),
        ("redis://h/x", "database"),
        ("redis://h/1/2", "database"),
        ("redis://h?db=", "database"),
        ("redis://h/99999999999", "32 bits"),
        ("ftp://h", "unknown URL scheme"),
        ("://h", "no scheme"),
        ("redis://:pw@", "no host"),
        ("redis://h:1:2", "IPv6"),
        ("redis://[::1", "]"),
        ("redis://[nope]:1", "IPv6"),
        ("redis://[::1]x", ":port"),
        ("redis://a b", "host"),
        ("redis://h%20x", "host"),
        ("redis://u:%ff@h", "UTF-8"),
        ("rediss://:pw@", "no host"),
        ("unix://", "no path"),
    ] {
        match Config::from_url(url) {
            Err(Error::Config(msg)) => assert!(msg.contains(says), "{url}: {msg}"),
            other => panic!("{url}: expected a config error, got {other:?}"),
        }
    }
}

#[test]
fn errors_never_repeat_the_password() {
    // Unescaped '/' and '@' shift the password into the port, the path or the host.
    for url in [
        "redis://user:hunter2",
        "redis://user:hun/ter2@h",
        "redis://user:hunter2/x@h",
        "redis://u:hunter2@h:hunter2",
        "redis://u:hunter2@h/hunter2",
        "redis://u:hunter2@h?db=hunter2",
    ] {
        let msg = Config::from_url(url).unwrap_err().to_string();
        assert!(!msg.contains("hunter2"), "{url}: {msg}");
        assert!(!msg.contains("ter2"), "{url}: {msg}");
    }
}

proptest::proptest! {
    #[test]
    fn arbitrary_strings_never_panic(url in ".*") {
        let _ = Config::from_url(&url);
    }

    #[test]
    fn url_shaped_strings_never_panic(
        url in "(redis|rediss|unix|redis\\+unix|x):(//)?[a-z:@%/\\[\\]0-9?=&#.]{0,24}"
    ) {
        let _ = Config::from_url(&url);
    }

    #[test]
    fn any_password_round_trips_once_percent_encoded(password in "\\PC{0,16}") {
        let encoded: String = password
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02X}") })
            .collect();
        let c = Config::from_url(&format!("redis://u:{encoded}@h")).unwrap();
        proptest::prop_assert_eq!(c.password.map(|p| p.expose().to_owned()), Some(password));
    }
}

#[test]
fn rediss_urls_turn_tls_on_with_the_default_verification() {
    let config = Config::from_url("rediss://u:pw@db.example:6380/3").unwrap();
    assert_eq!(config.tls, Some(crate::TlsConfig::default()));
    assert_eq!(config.db, 3);
    assert_eq!(
        config.address,
        Address::Tcp {
            host: "db.example".into(),
            port: 6380
        }
    );
    assert_eq!(Config::from_url("redis://h").unwrap().tls, None);
    let tls = config.tls.unwrap();
    assert!(!tls.danger_accept_invalid_certs);
    assert_eq!(tls.roots, crate::TlsRoots::WebPki);
}

#[test]
fn a_client_key_never_shows_in_debug() {
    let identity = crate::ClientIdentity::from_pem("CERT", "-----BEGIN PRIVATE KEY-----s3cret");
    let config = Config::from_url("rediss://h")
        .unwrap()
        .with_tls(crate::TlsConfig::new().with_client_identity(identity));
    let shown = format!("{config:?}");
    assert!(!shown.contains("s3cret"), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
}
