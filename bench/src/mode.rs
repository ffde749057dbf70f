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
fn authorities(urls: &[String]) -> Vec<&str> {
    urls.iter()
        .map(|u| u.strip_prefix("redis://").unwrap_or(u))
        .collect()
}

/// fred's URL for a cluster: the first node in the authority, the others as `node=`.
pub(crate) fn fred_cluster_url(urls: &[String]) -> String {
    let nodes = authorities(urls);
    let mut url = format!("redis-cluster://{}", nodes.first().unwrap_or(&""));
    for (i, node) in nodes.iter().enumerate().skip(1) {
        url.push(if i == 1 { '?' } else { '&' });
        url.push_str("node=");
        url.push_str(node);
    }
    url
}

/// rustis's URL for a cluster: every node in the authority.
pub(crate) fn rustis_cluster_url(urls: &[String]) -> String {
    format!("redis+cluster://{}", authorities(urls).join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_urls_for_the_peers() {
        let urls: Vec<String> = [1, 2, 3]
            .iter()
            .map(|p| format!("redis://127.0.0.1:{p}"))
            .collect();
        assert_eq!(
            fred_cluster_url(&urls),
            "redis-cluster://127.0.0.1:1?node=127.0.0.1:2&node=127.0.0.1:3"
        );
        assert_eq!(
            rustis_cluster_url(&urls),
            "redis+cluster://127.0.0.1:1,127.0.0.1:2,127.0.0.1:3"
        );
        assert_eq!(Mode::from_name("tls"), Some(Mode::Tls));
    }
}
