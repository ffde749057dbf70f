//! [`Known`]: the sentinels one client knows, shared by all its connections.

use std::sync::{Arc, Mutex, PoisonError};

use resp_core::sentinel::KnownSentinels;
use resp_core::{Address, Config, SentinelConfig};

/// The sentinels one client knows ([`KnownSentinels`]: the configured ones, then those the
/// sentinels named), shared by all its connections (the shared one, leased ones,
/// subscribers): what one connect learns, every later connect and failover watcher uses.
/// Holds nothing for an address that is not a Sentinel one.
#[derive(Clone, Default)]
pub(crate) struct Known(Option<Arc<Mutex<KnownSentinels>>>);

impl Known {
    /// A fresh list for a client of `config`: its configured sentinels, if it has any.
    pub(crate) fn for_config(config: &Config) -> Known {
        match &config.address {
            Address::Sentinel(sentinels) => Known(Some(Arc::new(Mutex::new(KnownSentinels::new(
                sentinels.sentinels.clone(),
            ))))),
            _ => Known(None),
        }
    }

    /// The sentinels to ask now, in order; `sentinels`' own list when nothing is shared.
    pub(crate) fn to_vec(&self, sentinels: &SentinelConfig) -> Vec<Address> {
        match &self.0 {
            Some(known) => lock(known).to_vec(),
            None => sentinels.sentinels.clone(),
        }
    }

    /// Remembers that `answered` named `peers` (see [`KnownSentinels::learn`]).
    pub(crate) fn learn(&self, answered: &Address, peers: Vec<Address>) {
        if let Some(known) = &self.0 {
            lock(known).learn(answered, peers);
        }
    }
}

fn lock(known: &Mutex<KnownSentinels>) -> std::sync::MutexGuard<'_, KnownSentinels> {
    // A panic while it was held leaves at worst fewer discovered sentinels: still a list.
    known.lock().unwrap_or_else(PoisonError::into_inner)
}
