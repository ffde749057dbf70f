//! [`KnownSentinels`]: the sentinels a client asks, the configured ones and those the
//! sentinels named (`SENTINEL SENTINELS`), so that a client outlives the sentinels it was
//! given when they are replaced.

use crate::Address;

/// The most sentinels a [`KnownSentinels`] remembers besides the configured ones: a
/// deployment runs a handful, and every one of them is a connection attempt (and, for a
/// client that reconnects, a `+switch-master` subscription).
pub const MAX_DISCOVERED: usize = 16;

/// The sentinels to ask, in order: the configured ones (as given), then those the sentinels
/// named, most recently named first, at most [`MAX_DISCOVERED`] of them, without duplicates.
///
/// A sentinel that answers is remembered with the peers it names; those named before but
/// not now go behind them, and the oldest fall off past the bound. So a sentinel that was
/// removed from the deployment costs at most one failed attempt after all the live ones,
/// until newer names push it out.
///
/// ```
/// use resp_core::sentinel::KnownSentinels;
/// use resp_core::Address;
///
/// let tcp = |port| Address::Tcp { host: "10.0.0.1".into(), port };
/// let mut known = KnownSentinels::new(vec![tcp(26379)]);
/// // The configured sentinel names the two others; the configured one is not repeated.
/// assert!(known.learn(&tcp(26379), vec![tcp(26380), tcp(26381), tcp(26379)]));
/// assert_eq!(known.to_vec(), vec![tcp(26379), tcp(26380), tcp(26381)]);
/// // Learning the same again changes nothing.
/// assert!(!known.learn(&tcp(26379), vec![tcp(26380), tcp(26381)]));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownSentinels {
    configured: Vec<Address>,
    discovered: Vec<Address>,
}

impl KnownSentinels {
    /// The configured sentinels, none discovered yet.
    pub fn new(configured: Vec<Address>) -> Self {
        KnownSentinels {
            configured,
            discovered: Vec::new(),
        }
    }

    /// Every known sentinel in the order to ask them: configured, then discovered.
    pub fn iter(&self) -> impl Iterator<Item = &Address> {
        self.configured.iter().chain(&self.discovered)
    }

    /// [`KnownSentinels::iter`], collected.
    pub fn to_vec(&self) -> Vec<Address> {
        self.iter().cloned().collect()
    }

    /// The sentinels learned from other sentinels, most recently named first.
    pub fn discovered(&self) -> &[Address] {
        &self.discovered
    }

    /// Remembers that `answered` answered and named `peers` (from [`super::parse_sentinels`]):
    /// both go first among the discovered sentinels, unless configured; the rest keep their
    /// order behind them, up to [`MAX_DISCOVERED`] in all. Returns whether the list changed.
    pub fn learn(&mut self, answered: &Address, peers: Vec<Address>) -> bool {
        let earlier = std::mem::take(&mut self.discovered);
        for sentinel in std::iter::once(answered.clone())
            .chain(peers)
            .chain(earlier.iter().cloned())
        {
            if self.discovered.len() == MAX_DISCOVERED {
                break;
            }
            if !self.configured.contains(&sentinel) && !self.discovered.contains(&sentinel) {
                self.discovered.push(sentinel);
            }
        }
        self.discovered != earlier
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcp(port: u16) -> Address {
        Address::Tcp {
            host: "127.0.0.1".into(),
            port,
        }
    }

    #[test]
    fn configured_first_then_the_latest_names_deduplicated() {
        let mut known = KnownSentinels::new(vec![tcp(1), tcp(2)]);
        assert_eq!(known.to_vec(), vec![tcp(1), tcp(2)]);
        assert!(known.learn(&tcp(1), vec![tcp(2), tcp(3), tcp(3), tcp(4)]));
        assert_eq!(known.to_vec(), vec![tcp(1), tcp(2), tcp(3), tcp(4)]);
        // A discovered sentinel that answers goes first, with what it names; the others
        // stay behind.
        assert!(known.learn(&tcp(4), vec![tcp(5), tcp(1)]));
        assert_eq!(known.discovered(), &[tcp(4), tcp(5), tcp(3)]);
        assert!(!known.learn(&tcp(4), vec![tcp(5)]));
    }

    #[test]
    fn bounded_the_oldest_fall_off() {
        let mut known = KnownSentinels::new(vec![tcp(1)]);
        let many: Vec<Address> = (100..100 + 40).map(tcp).collect();
        known.learn(&tcp(1), many.clone());
        assert_eq!(known.discovered(), &many[..MAX_DISCOVERED]);
        // Newer names push the oldest out.
        known.learn(&tcp(1), vec![tcp(7), tcp(8)]);
        assert_eq!(known.discovered().len(), MAX_DISCOVERED);
        assert_eq!(&known.discovered()[..3], &[tcp(7), tcp(8), tcp(100)]);
        assert!(!known.discovered().contains(&many[MAX_DISCOVERED - 1]));
        assert_eq!(known.iter().count(), 1 + MAX_DISCOVERED);
    }
}
