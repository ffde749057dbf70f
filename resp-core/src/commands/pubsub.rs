//! Publishing and pub/sub introspection. These are ordinary requests, safe on the shared
//! connection; subscribing changes a connection's mode and is not a command method.

use crate::{Cmd, FromValue, ToArgs};

commands!(
    /// `PUBLISH channel message`: how many subscribers received it (on this node).
    pub fn publish(channel: impl ToArgs, message: impl ToArgs) -> Cmd<usize> {
        Cmd::new("PUBLISH").arg(channel).arg(message)
    }

    /// `SPUBLISH shardchannel message` (Redis 7): publishes to a shard channel.
    pub fn spublish(channel: impl ToArgs, message: impl ToArgs) -> Cmd<usize> {
        // A shard channel is not a key to Redis (its key spec is flagged `not_key`), but it is
        // hashed to a slot like one and must reach that slot's shard, so it is marked for
        // routing. PUBLISH's channels go to any node and are not marked.
        Cmd::new("SPUBLISH").key(channel).arg(message)
    }

    /// `PUBSUB CHANNELS [pattern]`: the channels with at least one subscriber.
    pub fn pubsub_channels<T: FromValue>(pattern: Option<&str>) -> Cmd<T> {
        Cmd::new("PUBSUB").arg("CHANNELS").arg(pattern)
    }

    /// `PUBSUB NUMSUB channel...`: each channel with its subscriber count; read it as e.g.
    /// `Vec<(String, u64)>`.
    pub fn pubsub_numsub<T: FromValue>(channels: impl ToArgs) -> Cmd<T> {
        Cmd::new("PUBSUB").arg("NUMSUB").arg(channels)
    }

    /// `PUBSUB NUMPAT`: how many pattern subscriptions exist.
    pub fn pubsub_numpat() -> Cmd<usize> {
        Cmd::new("PUBSUB").arg("NUMPAT")
    }

    /// `PUBSUB SHARDCHANNELS [pattern]` (Redis 7): the shard channels with subscribers.
    pub fn pubsub_shardchannels<T: FromValue>(pattern: Option<&str>) -> Cmd<T> {
        Cmd::new("PUBSUB").arg("SHARDCHANNELS").arg(pattern)
    }

    /// `PUBSUB SHARDNUMSUB shardchannel...` (Redis 7)
    pub fn pubsub_shardnumsub<T: FromValue>(channels: impl ToArgs) -> Cmd<T> {
        Cmd::new("PUBSUB").arg("SHARDNUMSUB").arg(channels)
    }
);
