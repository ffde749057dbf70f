//! [`Mode`]: what the clients talk to (one server, a cluster, one server over TLS), and
//! [`Endpoint`]: how a client reaches it.

/// What a part of the run measures against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// One redis-server over plain TCP (or `--url`): every scenario, memory, redis-benchmark.
    Single,
    /// A 3-primary Redis Cluster the bench starts (`--cluster`): seq, conc, pipe and the cost
    /// of a `MOVED` redirect.
    Cluster,
    /// One redis-server on a TLS port with certificates the bench makes (`--tls`): seq, conc,
    /// pipe.
    Tls,
}

impl Mode {
    pub(crate) const ALL: [Mode; 3] = [Mode::Single, Mode::Cluster, Mode::Tls];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Mode::Single => "single",
            Mode::Cluster => "cluster",
            Mode::Tls => "tls",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// Where a client connects.
#[derive(Clone, Debug)]
pub(crate) enum Endpoint {
    /// One server, `redis://` (or any URL form the libraries take, with `--url`).
    Server(String),
    /// Every node of a cluster as `redis://127.0.0.1:port`.
    Cluster(Vec<String>),
    /// One server's `rediss://` URL and the PEM of the only CA to trust.
    Tls { url: String, ca_pem: String },
}

impl Endpoint {
    pub(crate) fn mode(&self) -> Mode {
        match self {
            Endpoint::Server(_) => Mode::Single,
            Endpoint::Cluster(_) => Mode::Cluster,
            Endpoint::Tls { .. } => Mode::Tls,
        }
    }
}

/// `host:port` of each `redis://host:port` URL.
pub(crate) fn authorities(urls: &[String]) -> Vec<&str> {
    urls.iter()
        .map(|u| u.strip_prefix("redis://").unwrap_or(u))
        .collect()
}
