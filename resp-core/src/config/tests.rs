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
        "rediss://h",
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
