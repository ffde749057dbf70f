//! The clients under test: which ones exist, connecting them, running a scenario on each on
//! its own runtime.

use crate::clients::{BenchClient, Fred, RedisRs};
use crate::error::BenchError;
use crate::executor::{Executor, Tokio};
use crate::scenario::{self, Scenario, Workload};
use crate::stats::Sample;

/// A client library (and runtime) the benchmark knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ClientKind {
    RedisRs,
    Fred,
}

impl ClientKind {
    /// Every client, in table order.
    pub(crate) const ALL: [ClientKind; 2] = [ClientKind::RedisRs, ClientKind::Fred];

    pub(crate) fn name(self) -> &'static str {
        match self {
            ClientKind::RedisRs => RedisRs::NAME,
            ClientKind::Fred => Fred::NAME,
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<ClientKind> {
        ClientKind::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// A connected client of any kind.
pub(crate) enum AnyClient {
    RedisRs(RedisRs),
    Fred(Fred),
}

/// The runtimes, built once for the whole process.
pub(crate) struct Runtimes {
    pub(crate) tokio: Tokio,
}

impl AnyClient {
    /// Connects a client of `kind` to `url` on its runtime.
    pub(crate) fn connect(
        kind: ClientKind,
        url: &str,
        rt: &Runtimes,
    ) -> Result<AnyClient, BenchError> {
        Ok(match kind {
            ClientKind::RedisRs => AnyClient::RedisRs(rt.tokio.block_on(RedisRs::connect(url))?),
            ClientKind::Fred => AnyClient::Fred(rt.tokio.block_on(Fred::connect(url))?),
        })
    }

    pub(crate) fn name(&self) -> &'static str {
        match self {
            AnyClient::RedisRs(_) => RedisRs::NAME,
            AnyClient::Fred(_) => Fred::NAME,
        }
    }

    /// Runs `scenario` once and measures it.
    pub(crate) fn run(
        &self,
        rt: &Runtimes,
        scenario: Scenario,
        work: &Workload,
    ) -> Result<Sample, BenchError> {
        match self {
            AnyClient::RedisRs(c) => scenario::run(&rt.tokio, c, scenario, work),
            AnyClient::Fred(c) => scenario::run(&rt.tokio, c, scenario, work),
        }
    }

    /// A short untimed seq run, so connection setup, allocator growth and lazy initialisation
    /// are not charged to the first measured round.
    pub(crate) fn warm_up(&self, rt: &Runtimes, work: &Workload) -> Result<(), BenchError> {
        const PAIRS: usize = 2_000;
        match self {
            AnyClient::RedisRs(c) => rt.tokio.block_on(scenario::seq(c, work, PAIRS)),
            AnyClient::Fred(c) => rt.tokio.block_on(scenario::seq(c, work, PAIRS)),
        }
        .map(drop)
    }
}
