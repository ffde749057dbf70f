//! The clients under test: which ones exist, connecting them, running a scenario on each on
//! its own runtime.

use crate::clients::{BenchClient, CuredsAsyncStd, CuredsTokio, Fred, RedisRs, Rustis};
use crate::error::BenchError;
use crate::executor::{AsyncStd, Executor, Tokio};
use crate::scenario::{self, Scenario, Workload};
use crate::stats::Sample;

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
}

/// A connected client of any kind.
pub(crate) enum AnyClient {
    CuredsTokio(CuredsTokio),
    CuredsAsyncStd(CuredsAsyncStd),
    RedisRs(RedisRs),
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
            AnyClient::RedisRs($c) => {
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
    /// Connects a client of `kind` to `url` on its runtime.
    pub(crate) fn connect(
        kind: ClientKind,
        url: &str,
        rt: &Runtimes,
    ) -> Result<AnyClient, BenchError> {
        Ok(match kind {
            ClientKind::CuredsTokio => {
                AnyClient::CuredsTokio(rt.tokio.block_on(CuredsTokio::connect(url))?)
            }
            ClientKind::CuredsAsyncStd => {
                AnyClient::CuredsAsyncStd(rt.async_std.block_on(CuredsAsyncStd::connect(url))?)
            }
            ClientKind::RedisRs => AnyClient::RedisRs(rt.tokio.block_on(RedisRs::connect(url))?),
            ClientKind::Fred => AnyClient::Fred(rt.tokio.block_on(Fred::connect(url))?),
            ClientKind::Rustis => AnyClient::Rustis(rt.tokio.block_on(Rustis::connect(url))?),
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
            _ => AnyClient::connect(kind, url, rt),
        }
    }

    pub(crate) fn name(&self) -> &'static str {
        match self {
            AnyClient::CuredsTokio(_) => CuredsTokio::NAME,
            AnyClient::CuredsAsyncStd(_) => CuredsAsyncStd::NAME,
            AnyClient::RedisRs(_) => RedisRs::NAME,
            AnyClient::Fred(_) => Fred::NAME,
            AnyClient::Rustis(_) => Rustis::NAME,
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
