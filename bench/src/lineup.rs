//! The clients under test: which ones exist, connecting them (to one server, a cluster, or
//! over TLS), running a scenario on each on its own runtime.

use crate::clients::{
    BenchClient, CuredsAsyncStd, CuredsClusterAsyncStd, CuredsClusterTokio, CuredsTokio, Fred,
    RedisRs, RedisRsCluster, Rustis, CLUSTER_PIPE_UNSUPPORTED,
};
use crate::error::BenchError;
use crate::executor::{AsyncStd, Executor, Tokio};
use crate::mode::{fred_cluster_url, rustis_cluster_url, Endpoint, Mode};
use crate::scenario::{self, Scenario, Workload};
use crate::stats::Sample;

/// Why rustis has no TLS rows in a build without the `rustis-tls` feature.
#[cfg(not(feature = "rustis-tls"))]
const RUSTIS_TLS_NOT_BUILT: &str = "this bench was built without its `rustis-tls` feature \
     (rustis's `tokio-rustls` compiles rustls's aws-lc-rs provider, minutes of C build, so it \
     is off by default and in CI); `cargo run --release -p bench --features rustis-tls -- --tls` \
     adds rustis";

/// A client library (and runtime) the benchmark knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ClientKind {
    CuredsTokio,
    CuredsAsyncStd,
    RedisRs,
    Fred,
    Rustis,
}

impl ClientKind {
    /// Every client, in table order.
    pub(crate) const ALL: [ClientKind; 5] = [
        ClientKind::CuredsTokio,
        ClientKind::CuredsAsyncStd,
        ClientKind::RedisRs,
        ClientKind::Fred,
        ClientKind::Rustis,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            ClientKind::CuredsTokio => CuredsTokio::NAME,
            ClientKind::CuredsAsyncStd => CuredsAsyncStd::NAME,
            ClientKind::RedisRs => RedisRs::NAME,
            ClientKind::Fred => Fred::NAME,
            ClientKind::Rustis => Rustis::NAME,
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<ClientKind> {
        ClientKind::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Why this client has no rows in `mode`, if it has none.
    pub(crate) fn skipped_in(self, mode: Mode) -> Option<&'static str> {
        match (self, mode) {
            #[cfg(not(feature = "rustis-tls"))]
            (ClientKind::Rustis, Mode::Tls) => Some(RUSTIS_TLS_NOT_BUILT),
            _ => None,
        }
    }
}

/// A connected client of any kind.
pub(crate) enum AnyClient {
    CuredsTokio(CuredsTokio),
    CuredsAsyncStd(CuredsAsyncStd),
    CuredsClusterTokio(CuredsClusterTokio),
    CuredsClusterAsyncStd(CuredsClusterAsyncStd),
    RedisRs(RedisRs),
    RedisRsCluster(RedisRsCluster),
    Fred(Fred),
    Rustis(Rustis),
}

/// The runtimes, built once for the whole process.
pub(crate) struct Runtimes {
    pub(crate) tokio: Tokio,
    pub(crate) async_std: AsyncStd,
}

/// Calls `$body` with `$c` bound to the inner client and `$rt` to its executor.
macro_rules! with_client {
    ($any:expr, $rts:expr, |$c:ident, $rt:ident| $body:expr) => {
        match $any {
            AnyClient::CuredsTokio($c) => {
                let $rt = &$rts.tokio;
                $body
            }
            AnyClient::CuredsAsyncStd($c) => {
                let $rt = &$rts.async_std;
                $body
            }
            AnyClient::CuredsClusterTokio($c) => {
                let $rt = &$rts.tokio;
                $body
            }
            AnyClient::CuredsClusterAsyncStd($c) => {
                let $rt = &$rts.async_std;
                $body
            }
            AnyClient::RedisRs($c) => {
                let $rt = &$rts.tokio;
                $body
            }
            AnyClient::RedisRsCluster($c) => {
                let $rt = &$rts.tokio;
                $body
            }
            AnyClient::Fred($c) => {
                let $rt = &$rts.tokio;
                $body
            }
            AnyClient::Rustis($c) => {
                let $rt = &$rts.tokio;
                $body
            }
        }
    };
}

impl AnyClient {
    /// Connects a client of `kind` to `endpoint` on its runtime: the library's single-server
    /// client, its cluster client, or its single-server client over TLS.
    ///
    /// # Errors
    /// The library's connect error; [`BenchError::Connect`] for a client this build cannot
    /// connect to `endpoint` (see [`ClientKind::skipped_in`]).
    pub(crate) fn connect(
        kind: ClientKind,
        endpoint: &Endpoint,
        rt: &Runtimes,
    ) -> Result<AnyClient, BenchError> {
        let tokio = &rt.tokio;
        let async_std = &rt.async_std;
        Ok(match (kind, endpoint) {
            (ClientKind::CuredsTokio, Endpoint::Server(url)) => {
                AnyClient::CuredsTokio(tokio.block_on(CuredsTokio::connect(url))?)
            }
            (ClientKind::CuredsTokio, Endpoint::Tls { url, ca_pem }) => {
                AnyClient::CuredsTokio(tokio.block_on(CuredsTokio::connect_tls(url, ca_pem))?)
            }
            (ClientKind::CuredsTokio, Endpoint::Cluster(urls)) => {
                AnyClient::CuredsClusterTokio(tokio.block_on(CuredsClusterTokio::connect(urls))?)
            }
            (ClientKind::CuredsAsyncStd, Endpoint::Server(url)) => {
                AnyClient::CuredsAsyncStd(async_std.block_on(CuredsAsyncStd::connect(url))?)
            }
            (ClientKind::CuredsAsyncStd, Endpoint::Tls { url, ca_pem }) => {
                AnyClient::CuredsAsyncStd(
                    async_std.block_on(CuredsAsyncStd::connect_tls(url, ca_pem))?,
                )
            }
            (ClientKind::CuredsAsyncStd, Endpoint::Cluster(urls)) => {
                AnyClient::CuredsClusterAsyncStd(
                    async_std.block_on(CuredsClusterAsyncStd::connect(urls))?,
                )
            }
            (ClientKind::RedisRs, Endpoint::Server(url)) => {
                AnyClient::RedisRs(tokio.block_on(RedisRs::connect(url))?)
            }
            (ClientKind::RedisRs, Endpoint::Tls { url, ca_pem }) => {
                AnyClient::RedisRs(tokio.block_on(RedisRs::connect_tls(url, ca_pem))?)
            }
            (ClientKind::RedisRs, Endpoint::Cluster(urls)) => {
                AnyClient::RedisRsCluster(tokio.block_on(RedisRsCluster::connect(urls))?)
            }
            (ClientKind::Fred, Endpoint::Server(url)) => {
                AnyClient::Fred(tokio.block_on(Fred::connect(url))?)
            }
            (ClientKind::Fred, Endpoint::Tls { url, ca_pem }) => {
                AnyClient::Fred(tokio.block_on(Fred::connect_tls(url, ca_pem))?)
            }
            (ClientKind::Fred, Endpoint::Cluster(urls)) => {
                AnyClient::Fred(tokio.block_on(Fred::connect(&fred_cluster_url(urls)))?)
            }
            (ClientKind::Rustis, Endpoint::Server(url)) => {
                AnyClient::Rustis(tokio.block_on(Rustis::connect(url))?)
            }
            (ClientKind::Rustis, Endpoint::Cluster(urls)) => {
                AnyClient::Rustis(tokio.block_on(Rustis::connect(&rustis_cluster_url(urls)))?)
            }
            #[cfg(feature = "rustis-tls")]
            (ClientKind::Rustis, Endpoint::Tls { url, ca_pem }) => {
                AnyClient::Rustis(tokio.block_on(Rustis::connect_tls(url, ca_pem))?)
            }
            #[cfg(not(feature = "rustis-tls"))]
            (ClientKind::Rustis, Endpoint::Tls { .. }) => {
                return Err(BenchError::connect(Rustis::NAME, RUSTIS_TLS_NOT_BUILT))
            }
        })
    }

    /// As [`connect`](Self::connect), but every library waits at least `timeout` for a
    /// reply. Only redis-rs needs telling (its default is 500 ms); our clients default to 10 s,
    /// fred and rustis to no limit.
    pub(crate) fn connect_patient(
        kind: ClientKind,
        url: &str,
        rt: &Runtimes,
        timeout: std::time::Duration,
    ) -> Result<AnyClient, BenchError> {
        match kind {
            ClientKind::RedisRs => Ok(AnyClient::RedisRs(
                rt.tokio.block_on(RedisRs::connect_patient(url, timeout))?,
            )),
            _ => AnyClient::connect(kind, &Endpoint::Server(url.to_owned()), rt),
        }
    }

    pub(crate) fn name(&self) -> &'static str {
        match self {
            AnyClient::CuredsTokio(_) => CuredsTokio::NAME,
            AnyClient::CuredsAsyncStd(_) => CuredsAsyncStd::NAME,
            AnyClient::CuredsClusterTokio(_) => CuredsClusterTokio::NAME,
            AnyClient::CuredsClusterAsyncStd(_) => CuredsClusterAsyncStd::NAME,
            AnyClient::RedisRs(_) => RedisRs::NAME,
            AnyClient::RedisRsCluster(_) => RedisRsCluster::NAME,
            AnyClient::Fred(_) => Fred::NAME,
            AnyClient::Rustis(_) => Rustis::NAME,
        }
    }

    /// Why this client does not run `scenario`, if it does not.
    pub(crate) fn skips(&self, scenario: Scenario) -> Option<&'static str> {
        match (self, scenario) {
            (AnyClient::RedisRsCluster(_), Scenario::Pipe) => Some(CLUSTER_PIPE_UNSUPPORTED),
            _ => None,
        }
    }

    /// Runs `scenario` once and measures it.
    pub(crate) fn run(
        &self,
        rts: &Runtimes,
        scenario: Scenario,
        work: &Workload,
    ) -> Result<Sample, BenchError> {
        with_client!(self, rts, |c, rt| scenario::run(rt, c, scenario, work))
    }

    /// The redirect measurement of [`redirect::measure`](crate::redirect::measure): the first
    /// SET in the just-moved slot of `tag`, and the median SET after.
    pub(crate) fn redirect(
        &self,
        rts: &Runtimes,
        tag: &str,
        value: &bytes::Bytes,
        steady_pairs: usize,
    ) -> Result<(std::time::Duration, std::time::Duration), BenchError> {
        with_client!(self, rts, |c, rt| rt.block_on(crate::redirect::measure(
            c,
            tag,
            value,
            steady_pairs
        )))
    }

    /// `GET` of a key nothing sets, checked to be nil: proves the connection serves.
    pub(crate) fn check_absent(&self, rts: &Runtimes) -> Result<(), BenchError> {
        const ABSENT: &str = "bench:never-set";
        with_client!(self, rts, |c, rt| match rt.block_on(c.get(ABSENT))? {
            None => Ok(()),
            Some(_) => Err(BenchError::wrong_reply(
                self.name(),
                "GET of a key never set returned a value",
            )),
        })
    }

    /// One pipeline of SET/GET pairs over `keys`, replies checked.
    pub(crate) fn pipe(
        &self,
        rts: &Runtimes,
        keys: &[String],
        value: &bytes::Bytes,
    ) -> Result<(), BenchError> {
        with_client!(self, rts, |c, rt| rt.block_on(c.pipe(keys, value)))
    }

    /// A short untimed seq run, so connection setup, allocator growth and lazy initialisation
    /// are not charged to the first measured round.
    pub(crate) fn warm_up(&self, rts: &Runtimes, work: &Workload) -> Result<(), BenchError> {
        const PAIRS: usize = 2_000;
        with_client!(self, rts, |c, rt| rt
            .block_on(scenario::seq(c, work, PAIRS))
            .map(drop))
    }
}
