//! The connection URL grammar behind [`Config::from_url`], parsed by hand: the few forms a
//! Redis URL takes do not need a WHATWG parser (and its ~40 crates of IDNA tables).
//!
//! ```text
//! redis://[user[:password]@]host[:port][/db][?db=N]
//! rediss://...                                            (the same, over TLS)
//! redis+unix://[user[:password]@]/path/to.sock[?db=N]     (also unix://, and scheme:/path)
//! redis+sentinel://[user[:password]@]host[:port][,host[:port]...]/master_name[/db]
//!     [?role=replica&read_from=prefer_replica&sentinel_username=U&sentinel_password=P
//!      &sentinel_tls=yes&db=N]
//! rediss+sentinel://...                                   (TLS to the data nodes)
//! ```
//!
//! The scheme says how to reach the data nodes; `sentinel_tls=yes` (or `no`, the default)
//! says how to reach the sentinels, with the default [`crate::TlsConfig`] as `rediss` gives
//! the data nodes. A parameter rather than another scheme, because the two choices are
//! independent and a fourth scheme name would say less than `sentinel_tls` does.
//!
//! Error messages never repeat the URL's text beyond its scheme: a password with an unescaped
//! `/` or `@` shifts the pieces, and the password would then show up as a "port" or "db".

use std::net::Ipv6Addr;
use std::path::PathBuf;

use super::{Address, Config, Password, DEFAULT_PORT};
use crate::cluster::ReadFrom;
use crate::sentinel::{Role, SentinelConfig, DEFAULT_SENTINEL_PORT};
use crate::Error;

/// A URL split into its pieces, before any of them is interpreted.
struct Pieces<'a> {
    /// Lowercased, as schemes are case-insensitive.
    scheme: String,
    /// What follows `//` up to the path, if the URL has `//`.
    authority: Option<&'a str>,
    path: &'a str,
    query: &'a str,
}

/// Parses a connection URL into a [`Config`] with defaults for everything the URL leaves out.
pub(super) fn parse(url: &str) -> Result<Config, Error> {
    let pieces = split(url.trim())?;
    let (userinfo, host) = match pieces.authority {
        Some(authority) => match authority.rsplit_once('@') {
            Some((userinfo, host)) => (Some(userinfo), host),
            None => (None, authority),
        },
        None => (None, ""),
    };
    let mut config = match pieces.scheme.as_str() {
        "redis" | "rediss" => {
            let mut config = Config::new(tcp_address(host, DEFAULT_PORT)?);
            // `trim_matches` keeps `redis://h/` and `redis://h/2/` working as they always did.
            let db = pieces.path.trim_matches('/');
            if !db.is_empty() {
                config.db = parse_db(db, "the path after the host")?;
            }
            if pieces.scheme == "rediss" {
                config.tls = Some(crate::TlsConfig::default());
            }
            config
        }
        "redis+unix" | "unix" => {
            if !host.is_empty() {
                return Err(error(
                    "a unix socket URL takes a path, not a host: redis+unix:///path/to.sock",
                ));
            }
            Config::new(Address::Unix(unix_path(pieces.path)?))
        }
        "redis+sentinel" | "rediss+sentinel" => {
            let sentinels = host
                .split(',')
                .map(|host| tcp_address(host, DEFAULT_SENTINEL_PORT))
                .collect::<Result<Vec<_>, _>>()?;
            let mut path = pieces.path.trim_matches('/').splitn(2, '/');
            let master_name = decode(path.next().unwrap_or_default(), "master name")?;
            if master_name.is_empty() {
                return Err(error(
                    "a sentinel URL names the master after the hosts: \
                     redis+sentinel://host1:26379,host2:26379/mymaster/0",
                ));
            }
            let mut config = Config::new(Address::Sentinel(Box::new(SentinelConfig {
                sentinels,
                master_name,
                role: Role::Master,
                read_from: ReadFrom::Primary,
                username: None,
                password: None,
                tls: None,
            })));
            if let Some(db) = path.next().filter(|db| !db.is_empty()) {
                config.db = parse_db(db, "the path after the master name")?;
            }
            if pieces.scheme == "rediss+sentinel" {
                config.tls = Some(crate::TlsConfig::default());
            }
            config
        }
        other => {
            return Err(error(format!(
                "unknown URL scheme {other:?}; expected redis, rediss, redis+unix, unix, \
                 redis+sentinel or rediss+sentinel"
            )))
        }
    };
    if let Some(userinfo) = userinfo {
        let (user, password) = match userinfo.split_once(':') {
            Some((user, password)) => (user, Some(password)),
            None => (userinfo, None),
        };
        if !user.is_empty() {
            config.username = Some(decode(user, "user name")?);
        }
        if let Some(password) = password {
            config.password = Some(Password(decode(password, "password")?));
        }
    }
    for pair in pieces.query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(key, "query parameter name")?;
        let sentinel = match &mut config.address {
            Address::Sentinel(sentinel) => Some(sentinel),
            _ => None,
        };
        // Other parameters are ignored, as they always were.
        match (key.as_str(), sentinel) {
            ("db", _) => {
                config.db = parse_db(&decode(value, "db parameter")?, "the db parameter")?;
            }
            ("role", Some(sentinel)) => {
                sentinel.role = match decode(value, "role parameter")?.as_str() {
                    "master" => Role::Master,
                    "replica" | "slave" => Role::Replica,
                    _ => return Err(error("the role parameter must be master or replica")),
                }
            }
            ("read_from", Some(sentinel)) => {
                sentinel.read_from = match decode(value, "read_from parameter")?.as_str() {
                    "primary" | "master" => ReadFrom::Primary,
                    "prefer_replica" => ReadFrom::PreferReplica,
                    "round_robin_replicas" => ReadFrom::RoundRobinReplicas,
                    _ => {
                        return Err(error(
                            "the read_from parameter must be primary, prefer_replica or \
                             round_robin_replicas",
                        ))
                    }
                }
            }
            ("sentinel_username", Some(sentinel)) => {
                sentinel.username = Some(decode(value, "sentinel user name")?);
            }
            ("sentinel_password", Some(sentinel)) => {
                sentinel.password = Some(Password(decode(value, "sentinel password")?));
            }
            ("sentinel_tls", Some(sentinel)) => {
                sentinel.tls = match decode(value, "sentinel_tls parameter")?.as_str() {
                    "yes" | "true" | "1" => Some(crate::TlsConfig::default()),
                    "no" | "false" | "0" => None,
                    _ => return Err(error("the sentinel_tls parameter must be yes or no")),
                }
            }
            _ => {}
        }
    }
    Ok(config)
}

/// Splits `scheme:[//authority]path[?query][#fragment]`; the fragment is dropped.
fn split(url: &str) -> Result<Pieces<'_>, Error> {
    let scheme_ok = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    };
    let (scheme, rest) = match url.split_once(':') {
        Some((scheme, rest)) if scheme_ok(scheme) => (scheme, rest),
        _ => {
            return Err(error(
                "the URL has no scheme; expected e.g. redis://host:6379/0",
            ))
        }
    };
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            let (authority, path) = after.split_at(end);
            (Some(authority), path)
        }
        None => (None, rest),
    };
    Ok(Pieces {
        scheme: scheme.to_ascii_lowercase(),
        authority,
        path,
        query,
    })
}

/// `host[:port]` or `[ipv6][:port]`; `default_port` when it names none.
fn tcp_address(host_port: &str, default_port: u16) -> Result<Address, Error> {
    let (host, port) = if let Some(bracketed) = host_port.strip_prefix('[') {
        let Some((ip, after)) = bracketed.split_once(']') else {
            return Err(error("an IPv6 host misses its closing ]"));
        };
        let ip: Ipv6Addr = ip
            .parse()
            .map_err(|_| error("the host in [ ] is not an IPv6 address"))?;
        let port = match after {
            "" => None,
            _ => match after.strip_prefix(':') {
                Some(port) => Some(port),
                None => return Err(error("only :port may follow an IPv6 host's ]")),
            },
        };
        (ip.to_string(), port)
    } else {
        let (host, port) = match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        };
        if port.is_some_and(|p| p.contains(':')) {
            return Err(error(
                "the host has more than one ':'; write an IPv6 address in brackets: [::1]",
            ));
        }
        check_host_name(host)?;
        (host.to_owned(), port)
    };
    Ok(Address::Tcp {
        host,
        port: parse_port(port, default_port)?,
    })
}

fn check_host_name(host: &str) -> Result<(), Error> {
    if host.is_empty() {
        return Err(error("the URL names no host"));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_');
    if !host.chars().all(allowed) {
        return Err(error(
            "the host may hold only ASCII letters, digits, '-', '.' and '_' \
             (percent-encode '@', ':' and '/' in the user name and password)",
        ));
    }
    Ok(())
}

/// An absent or empty port is the default port, as `redis://host:` always was.
fn parse_port(port: Option<&str>, default_port: u16) -> Result<u16, Error> {
    let port = match port {
        None | Some("") => return Ok(default_port),
        Some(port) => port,
    };
    // `parse` alone would take a leading `+`.
    let digits = port.bytes().all(|b| b.is_ascii_digit());
    match port.parse::<u16>() {
        Ok(0) => Err(error("port 0 is not a port a server listens on")),
        Ok(port) if digits => Ok(port),
        _ => Err(error("the port is not a number from 1 to 65535")),
    }
}

fn unix_path(path: &str) -> Result<PathBuf, Error> {
    let path = decode(path, "socket path")?;
    if path.is_empty() || path == "/" {
        return Err(error("the unix socket URL names no path"));
    }
    Ok(PathBuf::from(path))
}

fn parse_db(text: &str, what: &str) -> Result<u32, Error> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(error(format!(
            "{what} must be a database number (0, 1, ...)"
        )));
    }
    text.parse()
        .map_err(|_| error(format!("{what} is not a database number that fits 32 bits")))
}

/// Percent-decodes `text`. A `%` not followed by two hex digits stays as it is (what browsers
/// and the `url` crate do), so a password with a bare `%` still works.
fn decode(text: &str, what: &str) -> Result<String, Error> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escaped = match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&hi), Some(&lo)) => hex(hi).zip(hex(lo)).map(|(hi, lo)| hi << 4 | lo),
            _ => None,
        };
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out)
        .map_err(|_| error(format!("the {what} is not UTF-8 once percent-decoded")))
}

fn hex(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

fn error(message: impl Into<String>) -> Error {
    Error::Config(message.into())
}
