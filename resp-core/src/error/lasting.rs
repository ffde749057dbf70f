//! [`Lasting`]: the one place that says which connect failures waiting will not clear, so a
//! client ends the requests waiting for a reconnect at once instead of letting them wait.

use super::{Error, ServerErrorKind};

/// Why a failed connect will fail the same way on the next attempt, however long the client
/// waits: someone else must act first. See [`Error::lasting`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lasting {
    /// The server refused the client's identity (`WRONGPASS`, `NOAUTH`, `NOPERM`): it clears
    /// when the password, the ACL user or the client's credentials change.
    Credentials,
    /// The server is at its `maxclients` limit (`ERR max number of clients reached`): it
    /// clears when other clients disconnect or the limit is raised, which this client cannot
    /// bring about or foresee.
    ServerFull,
}

/// The message after `ERR` when a server at its `maxclients` limit refuses a connection.
const MAX_CLIENTS: &str = "max number of clients reached";

impl Error {
    /// Whether waiting cannot clear this error, and why: `Some` when the server answered and
    /// refused this client (see [`Lasting`]), so another connect attempt soon will most
    /// likely fail the same way; `None` for failures that can pass by themselves (a refused
    /// or timed-out TCP connect, a server that is `LOADING`, a lost connection, ...).
    /// Looks through [`Error::ConnectionDown`].
    ///
    /// A client that reconnects uses this to end the requests waiting for the reconnect at
    /// once, with the refusal, instead of after [`Config::reconnect_wait`](crate::Config);
    /// it keeps reconnecting in the background.
    ///
    /// | error | lasting |
    /// |---|---|
    /// | `WRONGPASS`, `NOAUTH`, `NOPERM` | [`Lasting::Credentials`] |
    /// | `ERR max number of clients reached` | [`Lasting::ServerFull`] |
    /// | any other error | `None` |
    ///
    /// ```
    /// use resp_core::{Error, Lasting, ServerError};
    ///
    /// let refused = Error::Server(ServerError::parse(b"WRONGPASS invalid username-password pair"));
    /// assert_eq!(refused.lasting(), Some(Lasting::Credentials));
    /// let loading = Error::Server(ServerError::parse(b"LOADING Redis is loading the dataset"));
    /// assert_eq!(loading.lasting(), None); // it will be done loading soon
    /// ```
    pub fn lasting(&self) -> Option<Lasting> {
        match self {
            Error::Server(e) => match e.kind() {
                ServerErrorKind::WrongPass | ServerErrorKind::NoAuth | ServerErrorKind::NoPerm => {
                    Some(Lasting::Credentials)
                }
                ServerErrorKind::Err if e.message().starts_with(MAX_CLIENTS) => {
                    Some(Lasting::ServerFull)
                }
                _ => None,
            },
            Error::ConnectionDown { last_error } => last_error.lasting(),
            _ => None,
        }
    }
}
