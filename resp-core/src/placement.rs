//! [`Placement`]: which connection a command may run on, decided from its name and arguments
//! before it is sent.
//!
//! Every task of a client shares one multiplexed connection whose replies are matched to
//! requests in order. A command that changes that reply contract (subscriber mode, MONITOR,
//! `CLIENT REPLY`), or per-connection state other tasks depend on (the database, the user, the
//! protocol, an open MULTI or WATCH), would desync or hijack every other task, so it is
//! refused there with a reason that says where it belongs. The same command may be fine on a
//! leased dedicated connection, which is then reset or closed instead of returned as it is.
//!
//! The escape hatch (`cmd("client").arg("reply").arg("off")`) is classified the same way as a
//! typed command: names and subcommands are compared without regard to case.
//!
//! # Decisions worth knowing
//! - `CLIENT SETNAME` stays allowed on the shared connection (the typed `client_setname`
//!   documents that a reconnect forgets it); a lease that ran it is closed.
//! - `CLIENT TRACKING` is refused on the shared connection: it would track every task's
//!   reads, and a reconnect would silently end it, so a cache relying on its invalidations
//!   would go stale without notice. Client-side caching needs support in the client itself.
//! - `ASKING` and `CLIENT CACHING` apply to the next command only: refused alone on the shared
//!   connection, accepted in a pipeline when another command follows them there.
//! - `CLIENT REPLY OFF` / `SKIP` are refused on a lease too: the server sends no reply, and a
//!   connection that matches replies in order would wait for it forever.

#[cfg(test)]
mod tests;
mod words;

use crate::{Batch, Cmd, Dispatch, Error, Release};

pub(crate) use self::words::Commands;
use self::words::Words;

/// Where a command may run: on the shared multiplexed connection, and on a leased dedicated
/// connection. A refusal is a `&'static str` saying why and where the command belongs; see
/// [`Cmd::check_shared`] and [`Cmd::check_lease`] for the same as an [`Error::Refused`].
///
/// ```
/// use resp_core::{cmd, Dispatch, Placement, Release};
///
/// assert_eq!(cmd("GET").arg("k").placement().shared, Ok(Dispatch::Shared));
/// assert_eq!(cmd("blpop").arg("k").arg(0).placement().shared, Ok(Dispatch::Blocking));
/// let select = Placement::of([&b"select"[..], b"1"]);
/// assert!(select.shared.is_err());
/// assert_eq!(select.lease, Ok(Release::Close));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Placement {
    /// On the shared connection: run it there ([`Dispatch::Shared`]), or on a lease because
    /// it blocks ([`Dispatch::Blocking`]), or why it is refused.
    pub shared: Result<Dispatch, &'static str>,
    /// On a leased connection: what the lease must do when it ends ([`Release::Reuse`],
    /// [`Release::Reset`] after MULTI/WATCH, [`Release::Close`] when the command left state
    /// that cannot be restored), or why it is refused.
    pub lease: Result<Release, &'static str>,
}

const SUBSCRIBE: &str = "it turns the connection into a subscriber whose messages would be \
    taken for other requests' replies; use Client::subscribe (or psubscribe / ssubscribe), \
    which gives subscriptions a connection of their own";
const MONITOR: &str = "it turns the connection into a stream of every command the server \
    runs; MONITOR needs a connection of its own";
const REPLICATION: &str = "it turns the connection into a replication stream; it needs a \
    connection of its own";
const SELECT: &str = "it would switch the database of the connection every task shares; \
    the database is part of the Config (the URL path /N, or Config::with_db)";
const TRANSACTION: &str = "sent one by one, MULTI / EXEC / DISCARD / WATCH / UNWATCH would \
    capture or abort other tasks' commands on the shared connection; use a pipeline (atomic \
    by default) or Client::transaction";
const HELLO: &str = "it changes the protocol (and maybe the user) of the connection every \
    task shares; the protocol and credentials are part of the Config";
const AUTH: &str = "it changes the user of the connection every task shares, and a \
    reconnect would forget it; use the Config's credentials";
const RESET: &str = "it resets the user, database, protocol and name of the connection \
    every task shares";
const QUIT: &str = "it closes the connection every task shares; drop the client to close it";
const REPLICA_READS: &str = "it changes how the connection every task shares reads from a \
    cluster replica, and a reconnect would forget it; run it on a leased connection";
const NEXT_COMMAND: &str = "it applies to whichever command comes next, which on the shared \
    connection may be another task's; send it in a pipeline with the command it is for";
const CLIENT_REPLY: &str = "it stops or skips replies, and replies are matched to requests \
    in order: every later reply would go to the wrong task or never come";
const CLIENT_REPLY_OFF: &str = "CLIENT REPLY OFF and SKIP make the server send no reply, and \
    replies are matched to requests in order: this request and the ones after it would \
    wait forever";
const TRACKING: &str = "tracking set by hand would follow every task's reads and end \
    silently on a reconnect (a cache relying on it would go stale); run it on a leased \
    connection";
const CONNECTION_FLAG: &str = "it sets a flag on the connection every task shares, and a \
    reconnect would forget it; run it on a leased connection";

/// The longest command name that has a placement of its own (`PUNSUBSCRIBE`): longer names
/// run anywhere without being looked at further.
const LONGEST_SPECIAL_NAME: usize = 12;

impl Placement {
    const ANYWHERE: Placement = Placement {
        shared: Ok(Dispatch::Shared),
        lease: Ok(Release::Reuse),
    };

    /// Classifies a command from its words: the name first, then the arguments (only the
    /// first one or two are looked at, and for XREAD / XREADGROUP the words before
    /// `STREAMS`).
    pub fn of<'a>(words: impl IntoIterator<Item = &'a [u8]>) -> Placement {
        let mut words = words.into_iter();
        let Some(name) = words.next() else {
            return Placement::ANYWHERE;
        };
        if name.len() > LONGEST_SPECIAL_NAME {
            return Placement::ANYWHERE;
        }
        // One upper-cased copy on the stack and one `match`: every command sent is classified
        // here, so this is on the hot path of pipelines and single commands alike.
        let mut upper = [0u8; LONGEST_SPECIAL_NAME];
        let upper = &mut upper[..name.len()];
        upper.copy_from_slice(name);
        upper.make_ascii_uppercase();
        let refused = |reason| Placement {
            shared: Err(reason),
            lease: Err(reason),
        };
        let lease_only = |reason, lease| Placement {
            shared: Err(reason),
            lease: Ok(lease),
        };
        const BLOCKING: Placement = Placement {
            shared: Ok(Dispatch::Blocking),
            lease: Ok(Release::Reuse),
        };
        match &*upper {
            b"SUBSCRIBE" | b"PSUBSCRIBE" | b"SSUBSCRIBE" | b"UNSUBSCRIBE" | b"PUNSUBSCRIBE"
            | b"SUNSUBSCRIBE" => refused(SUBSCRIBE),
            b"MONITOR" => refused(MONITOR),
            b"SYNC" | b"PSYNC" => refused(REPLICATION),
            b"SELECT" => lease_only(SELECT, Release::Close),
            b"MULTI" | b"EXEC" | b"DISCARD" | b"WATCH" | b"UNWATCH" => {
                lease_only(TRANSACTION, Release::Reset)
            }
            b"HELLO" => lease_only(HELLO, Release::Close),
            b"AUTH" => lease_only(AUTH, Release::Close),
            b"RESET" => lease_only(RESET, Release::Close),
            b"QUIT" => lease_only(QUIT, Release::Close),
            b"READONLY" | b"READWRITE" => lease_only(REPLICA_READS, Release::Close),
            b"ASKING" => lease_only(NEXT_COMMAND, Release::Close),
            b"CLIENT" => client(words.next().unwrap_or_default(), words.next()),
            // Commands that hold their reply back until something happens on the server.
            b"BLPOP" | b"BRPOP" | b"BRPOPLPUSH" | b"BLMOVE" | b"BLMPOP" | b"BZPOPMIN"
            | b"BZPOPMAX" | b"BZMPOP" | b"WAIT" | b"WAITAOF" => BLOCKING,
            b"XREAD" | b"XREADGROUP" => {
                if blocks(words) {
                    BLOCKING
                } else {
                    Placement::ANYWHERE
                }
            }
            _ => Placement::ANYWHERE,
        }
    }

    /// Classifies an encoded command body (the bulk strings without the `*argc` header).
    pub(crate) fn of_body(body: &[u8]) -> Placement {
        Placement::of(Words::new(body))
    }
}

/// `CLIENT <subcommand> ...`.
fn client(sub: &[u8], arg: Option<&[u8]>) -> Placement {
    let is = |expected: &str| sub.eq_ignore_ascii_case(expected.as_bytes());
    let lease_only = |reason, lease| Placement {
        shared: Err(reason),
        lease: Ok(lease),
    };
    if is("REPLY") {
        let on = arg.is_some_and(|a| a.eq_ignore_ascii_case(b"ON"));
        Placement {
            shared: Err(CLIENT_REPLY),
            lease: if on {
                Ok(Release::Reuse)
            } else {
                Err(CLIENT_REPLY_OFF)
            },
        }
    } else if is("TRACKING") {
        lease_only(TRACKING, Release::Close)
    } else if is("CACHING") {
        lease_only(NEXT_COMMAND, Release::Close)
    } else if is("NO-EVICT") || is("NO-TOUCH") {
        lease_only(CONNECTION_FLAG, Release::Close)
    } else if is("SETNAME") {
        Placement {
            shared: Ok(Dispatch::Shared),
            lease: Ok(Release::Close),
        }
    } else {
        Placement::ANYWHERE
    }
}

/// Whether an XREAD / XREADGROUP has a `BLOCK` option (options come before `STREAMS`; after
/// it, the words are keys and IDs, which may be called anything).
fn blocks<'a>(args: impl Iterator<Item = &'a [u8]>) -> bool {
    args.take_while(|a| !a.eq_ignore_ascii_case(b"STREAMS"))
        .any(|a| a.eq_ignore_ascii_case(b"BLOCK"))
}

/// The name an [`Error::Refused`] shows: the command, with the subcommand for `CLIENT`.
/// Never more: arguments may be secrets (AUTH, HELLO ... AUTH).
fn shown_name<'a>(mut words: impl Iterator<Item = &'a [u8]>) -> String {
    let name = words.next().unwrap_or_default();
    let mut shown = String::from_utf8_lossy(name).to_ascii_uppercase();
    if name.eq_ignore_ascii_case(b"CLIENT") {
        if let Some(sub) = words.next() {
            shown.push(' ');
            shown.push_str(&String::from_utf8_lossy(sub).to_ascii_uppercase());
        }
    }
    shown
}

fn refusal(command: String, reason: &'static str) -> Error {
    Error::Refused { command, reason }
}

impl<T> Cmd<T> {
    /// Where this command may run (see [`Placement`]). A command its builder marked blocking
    /// ([`Cmd::blocking`]) is [`Dispatch::Blocking`] on the shared connection whatever its
    /// name says.
    pub fn placement(&self) -> Placement {
        let mut placement = Placement::of_body(self.body());
        if self.dispatch() == Dispatch::Blocking && placement.shared.is_ok() {
            placement.shared = Ok(Dispatch::Blocking);
        }
        placement
    }

    /// Checks the command before it goes on the shared multiplexed connection: how to
    /// dispatch it ([`Dispatch::Blocking`] ones go to a lease), or why it may not go there.
    ///
    /// # Errors
    /// [`Error::Refused`] naming the command and where it belongs, or the error of an
    /// argument that could not be encoded ([`Cmd::failure`]); nothing was sent.
    pub fn check_shared(&self) -> Result<Dispatch, Error> {
        if let Some(error) = self.failure() {
            return Err(error.clone());
        }
        self.placement()
            .check_shared_of(std::iter::once(self.body()))
    }

    /// Checks the command before it goes on a leased dedicated connection: what the lease
    /// must do when it ends (record it with [`LeaseState::note`](crate::LeaseState::note)).
    ///
    /// # Errors
    /// [`Error::Refused`] naming the command and where it belongs, or the error of an
    /// argument that could not be encoded ([`Cmd::failure`]); nothing was sent.
    pub fn check_lease(&self) -> Result<Release, Error> {
        if let Some(error) = self.failure() {
            return Err(error.clone());
        }
        self.placement()
            .check_lease_of(std::iter::once(self.body()))
    }
}

/// Where several commands sent back to back may run, folded as each is added: a [`Batch`]
/// notes each command as it is queued and a [`Request`](crate::Request) made of raw frames
/// as it checks them, so checking before sending never reads the frames again. Only reasons
/// are kept: a refusal (the rare path) reads the frames to name its command.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placements {
    /// Why the first refused command may not run on the shared connection (ASKING and
    /// CLIENT CACHING aside, which only need a command after them).
    shared_refused: Option<&'static str>,
    /// Whether the last command is one that applies to the command after it: refused when
    /// nothing follows.
    waiting_for_next: bool,
    /// Whether a command blocks.
    blocking: bool,
    /// Why the first command refused on a lease may not run there.
    lease_refused: Option<&'static str>,
    /// The strongest clean-up a lease needs after these commands.
    release: Release,
}

impl Default for Placements {
    fn default() -> Self {
        Placements {
            shared_refused: None,
            waiting_for_next: false,
            blocking: false,
            lease_refused: None,
            release: Release::Reuse,
        }
    }
}

impl Placements {
    /// Whether a command blocks.
    pub(crate) fn has_blocking(&self) -> bool {
        self.blocking
    }

    /// Notes the next command.
    pub(crate) fn note(&mut self, placement: Placement) {
        self.waiting_for_next = false;
        match placement.shared {
            Ok(dispatch) => self.blocking |= dispatch == Dispatch::Blocking,
            Err(NEXT_COMMAND) => self.waiting_for_next = true,
            Err(reason) => {
                self.shared_refused.get_or_insert(reason);
            }
        }
        match placement.lease {
            Ok(Release::Close) => self.release = Release::Close,
            Ok(Release::Reset) if self.release == Release::Reuse => self.release = Release::Reset,
            Ok(_) => {}
            Err(reason) => {
                self.lease_refused.get_or_insert(reason);
            }
        }
    }

    /// The commands' placement as one.
    pub(crate) fn total(&self) -> Placement {
        let shared = match (self.shared_refused, self.waiting_for_next) {
            (Some(reason), _) => Err(reason),
            (None, true) => Err(NEXT_COMMAND),
            (None, false) if self.blocking => Ok(Dispatch::Blocking),
            (None, false) => Ok(Dispatch::Shared),
        };
        Placement {
            shared,
            lease: self.lease_refused.map_or(Ok(self.release), Err),
        }
    }
}

impl Placement {
    /// [`Placement::shared`] as a `Result` for `bodies`, the commands it is the placement of
    /// (their bulk strings): a refusal names the command it is for.
    pub(crate) fn check_shared_of<'a>(
        self,
        bodies: impl Iterator<Item = &'a [u8]>,
    ) -> Result<Dispatch, Error> {
        self.shared
            .map_err(|reason| refusal_among(bodies, reason, |p| p.shared.err()))
    }

    /// [`Placement::lease`] as a `Result` for `bodies`; see [`Placement::check_shared_of`].
    pub(crate) fn check_lease_of<'a>(
        self,
        bodies: impl Iterator<Item = &'a [u8]>,
    ) -> Result<Release, Error> {
        self.lease
            .map_err(|reason| refusal_among(bodies, reason, |p| p.lease.err()))
    }
}

/// A [`Placement`] without its reasons, small enough to travel with every
/// [`Request`](crate::Request): a refusal reads the commands again for its reason and name
/// ([`refusal_of`]), which only the rare refused request pays for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// [`Placement::shared`], `None` when refused.
    pub(crate) shared: Option<Dispatch>,
    /// [`Placement::lease`], `None` when refused.
    pub(crate) lease: Option<Release>,
}

impl Placement {
    pub(crate) fn verdict(self) -> Verdict {
        Verdict {
            shared: self.shared.ok(),
            lease: self.lease.ok(),
        }
    }
}

/// The [`Error::Refused`] for commands whose [`Verdict`] refused them on `side`: the reason
/// and the command's name, read from `bodies` (called twice).
pub(crate) fn refusal_of<'a, I: Iterator<Item = &'a [u8]>>(
    bodies: impl Fn() -> I,
    side: fn(Placement) -> Option<&'static str>,
) -> Error {
    let reason = side(Placement::of_bodies(bodies())).unwrap_or(NOT_HERE);
    refusal_among(bodies(), reason, side)
}

/// The reason given should a verdict and a second reading of the same commands ever differ.
const NOT_HERE: &str = "it may not run on this connection";

/// The [`Error::Refused`] for `reason`, naming the first of `bodies` that `side` refuses for
/// it; the last one when none is (a command waiting for a next one that never comes).
fn refusal_among<'a>(
    bodies: impl Iterator<Item = &'a [u8]>,
    reason: &'static str,
    side: fn(Placement) -> Option<&'static str>,
) -> Error {
    let mut named: &[u8] = &[];
    for body in bodies {
        named = body;
        if reason != NEXT_COMMAND && side(Placement::of_body(body)) == Some(reason) {
            break;
        }
    }
    refusal(shown_name(Words::new(named)), reason)
}

impl Placement {
    /// The placement of encoded frames this crate wrote, all together.
    pub(crate) fn of_frames(frames: &[u8]) -> Placement {
        Placement::of_bodies(bodies(frames))
    }

    /// The placement of commands (their bodies) sent back to back, all together.
    fn of_bodies<'a>(bodies: impl Iterator<Item = &'a [u8]>) -> Placement {
        let mut placements = Placements::default();
        for body in bodies {
            placements.note(Placement::of_body(body));
        }
        placements.total()
    }
}

/// The command bodies of encoded frames this crate wrote (a [`Batch`]'s).
pub(crate) fn bodies(frames: &[u8]) -> impl Iterator<Item = &[u8]> {
    Commands::new(frames).map_while(Result::ok)
}

impl Batch {
    /// Checks every queued command for the shared connection ([`Cmd::check_shared`]):
    /// [`Dispatch::Blocking`] when one blocks. `ASKING` and `CLIENT CACHING` are accepted
    /// when a later command in the pipeline is the one they apply to.
    ///
    /// # Errors
    /// [`Error::Refused`] for the first command that may not run there, or the error of an
    /// argument that could not be encoded ([`Batch::failure`]); nothing was sent.
    pub fn check_shared(&self) -> Result<Dispatch, Error> {
        if let Some(error) = self.failure() {
            return Err(error.clone());
        }
        self.placed().total().check_shared_of(bodies(self.frames()))
    }

    /// Checks every queued command for a leased connection ([`Cmd::check_lease`]): the
    /// strongest clean-up any of them needs.
    ///
    /// # Errors
    /// [`Error::Refused`] for the first command that may not run there, or the error of an
    /// argument that could not be encoded ([`Batch::failure`]); nothing was sent.
    pub fn check_lease(&self) -> Result<Release, Error> {
        if let Some(error) = self.failure() {
            return Err(error.clone());
        }
        self.placed().total().check_lease_of(bodies(self.frames()))
    }
}
