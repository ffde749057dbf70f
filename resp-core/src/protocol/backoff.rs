//! [`Backoff`]: delays between reconnect attempts, exponential with full jitter.

use std::time::Duration;

/// Reconnect delays: attempt `n` waits a random time in `[0, min(max, base * 2^n)]` ("full
/// jitter"), so clients that lost the same server do not all come back at once.
///
/// The randomness comes from the caller (resp-core has no clock and no random source):
/// pass any well-mixed `u64` to [`next_delay`](Self::next_delay).
///
/// ```
/// use std::time::Duration;
/// use resp_core::Backoff;
///
/// let mut backoff = Backoff::new(Duration::from_millis(10), Duration::from_secs(1));
/// assert!(backoff.next_delay(u64::MAX) <= Duration::from_millis(10));
/// assert!(backoff.next_delay(u64::MAX) <= Duration::from_millis(20));
/// for _ in 0..20 {
///     assert!(backoff.next_delay(u64::MAX) <= Duration::from_secs(1));
/// }
/// backoff.reset();
/// assert_eq!(backoff.attempt(), 0);
/// ```
#[derive(Clone, Debug)]
pub struct Backoff {
    base: Duration,
    max: Duration,
    attempt: u32,
}

impl Backoff {
    /// Delays starting at `base`, doubling per attempt, capped at `max`.
    pub fn new(base: Duration, max: Duration) -> Self {
        Backoff {
            base,
            max,
            attempt: 0,
        }
    }

    /// How many delays were handed out since the last [`reset`](Self::reset).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The upper bound of the next delay, before jitter.
    pub fn ceiling(&self) -> Duration {
        let factor = 1u32.checked_shl(self.attempt.min(31)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.max)
    }

    /// The next delay: uniform in `[0, ceiling]` as chosen by `random`.
    pub fn next_delay(&mut self, random: u64) -> Duration {
        let ceiling = self.ceiling();
        self.attempt = self.attempt.saturating_add(1);
        let nanos = ceiling.as_nanos().min(u128::from(u64::MAX)) as u64;
        let jittered = ((u128::from(nanos) * u128::from(random)) >> 64) as u64;
        Duration::from_nanos(jittered)
    }

    /// Back to the first delay, after a successful connection.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

impl Default for Backoff {
    /// 50 ms doubling up to 5 s.
    fn default() -> Self {
        Backoff::new(Duration::from_millis(50), Duration::from_secs(5))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_doubles_then_caps() {
        let mut b = Backoff::new(Duration::from_millis(10), Duration::from_millis(100));
        let mut ceilings = Vec::new();
        for _ in 0..6 {
            ceilings.push(b.ceiling().as_millis());
            b.next_delay(0);
        }
        assert_eq!(ceilings, vec![10, 20, 40, 80, 100, 100]);
    }

    #[test]
    fn jitter_spans_the_range() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(1));
        assert_eq!(b.next_delay(0), Duration::ZERO);
        b.reset();
        let top = b.next_delay(u64::MAX);
        assert!(top > Duration::from_millis(99) && top <= Duration::from_millis(100));
        b.reset();
        let mid = b.next_delay(u64::MAX / 2);
        assert!(mid > Duration::from_millis(49) && mid <= Duration::from_millis(50));
    }

    #[test]
    fn many_attempts_do_not_overflow() {
        let mut b = Backoff::new(Duration::from_secs(1), Duration::from_secs(30));
        for _ in 0..1000 {
            assert!(b.next_delay(u64::MAX) <= Duration::from_secs(30));
        }
    }
}
