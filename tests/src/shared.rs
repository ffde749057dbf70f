//! Servers shared by the tests of one test binary, and unique key names so that tests sharing
//! a server do not see each other's data.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};

use crate::{RedisServer, ServerBuilder};

/// Servers handed out by [`shared_server`], by name. Weak: a server lives while some test holds
/// it and stops when the last one finishes, so none outlives the test binary (statics are
/// never dropped).
static SHARED: Mutex<Vec<(&'static str, Weak<RedisServer>)>> = Mutex::new(Vec::new());

/// The server called `name` in this test binary, started with `options` if no running test
/// holds it. Tests that share it must keep to their own keys ([`unique_prefix`]) and must not
/// kill it, flush it, or change its configuration. Every integration-test module runs in the
/// one test binary, so each module takes a name of its own (its file name).
///
/// # Errors
/// As for [`ServerBuilder::start`].
pub fn shared_server(
    name: &'static str,
    options: impl FnOnce() -> ServerBuilder,
) -> io::Result<Arc<RedisServer>> {
    // Held while starting, so that tests starting together get one server, not several.
    let mut servers = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    servers.retain(|(_, weak)| weak.strong_count() > 0);
    if let Some(server) = servers
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, w)| w.upgrade())
    {
        return Ok(server);
    }
    let server = Arc::new(options().start()?);
    servers.push((name, Arc::downgrade(&server)));
    Ok(server)
}

/// The deployment in `slot` while some running test still holds it, else a new one from
/// `start`, kept in `slot` as weak (it stops when its last test finishes). The lock is held
/// while starting, so tests starting together get one deployment, not several.
pub(crate) fn held_or_started<T>(
    slot: &Mutex<Weak<T>>,
    start: impl FnOnce() -> io::Result<T>,
) -> io::Result<Arc<T>> {
    let mut held = slot.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(deployment) = held.upgrade() {
        return Ok(deployment);
    }
    let deployment = Arc::new(start()?);
    *held = Arc::downgrade(&deployment);
    Ok(deployment)
}

/// A key prefix no other call in this process (nor, by the process id, in another test binary
/// sharing a server) returns: `"t<pid>.<n>:"`.
pub fn unique_prefix() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "t{}.{}:",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}
