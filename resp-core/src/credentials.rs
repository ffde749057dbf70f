//! [`Credentials`] and [`CredentialsProvider`]: a user name and password fetched afresh for
//! every handshake, so rotated passwords and short-lived tokens are picked up on reconnect.
//!
//! The provider is declared here, beside [`Config`](crate::Config), with a boxed `std`
//! future so that a `Config` can hold one; nothing here runs it (the async client does).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::{Error, Password};

/// A user name (`None`: the `default` user) and password for `AUTH` / `HELLO ... AUTH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The ACL user; `None` authenticates the `default` user.
    pub username: Option<String>,
    /// The password or token; never shown in `Debug` output.
    pub password: Password,
}

impl Credentials {
    /// Credentials for an ACL user.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials {
            username: Some(username.into()),
            password: Password::new(password),
        }
    }

    /// A password for the `default` user (`requirepass`).
    pub fn password(password: impl Into<String>) -> Self {
        Credentials {
            username: None,
            password: Password::new(password),
        }
    }
}

/// The future a [`CredentialsProvider`] returns.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, Error>> + Send + 'a>>;

/// Gives the credentials for a new connection; called at every handshake (first connect,
/// each reconnect, each pooled or subscriber connection) and by `Client::reauthenticate`.
///
/// A closure returning a future is a provider too: see [`credentials_fn`]. An error from the
/// provider fails that connection attempt (and the reconnect loop tries again with backoff).
///
/// When the server refuses a reconnect's credentials (`WRONGPASS`, `NOAUTH`, `NOPERM`), the
/// provider is asked once more at once: if it gives the same credentials, it has nothing
/// newer, and the requests waiting for the reconnect end at once with the refusal (see
/// [`Error::lasting`]); if it gives others, the next attempt uses them and the requests
/// wait for it. A provider that makes new credentials at every call (a fresh token each
/// time) therefore never ends them early: they wait
/// [`Config::reconnect_wait`](crate::Config::reconnect_wait), as for any other failure.
pub trait CredentialsProvider: Send + Sync + 'static {
    /// The credentials to authenticate with now.
    fn credentials(&self) -> CredentialsFuture<'_>;
}

/// A provider made from an async closure: `credentials_fn(|| async { Ok(fetch().await?) })`.
pub fn credentials_fn<F, Fut>(f: F) -> impl CredentialsProvider
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Credentials, Error>> + Send + 'static,
{
    FnProvider(f)
}

struct FnProvider<F>(F);

impl<F, Fut> CredentialsProvider for FnProvider<F>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Credentials, Error>> + Send + 'static,
{
    fn credentials(&self) -> CredentialsFuture<'_> {
        Box::pin((self.0)())
    }
}

/// A shared [`CredentialsProvider`] as a [`Config`](crate::Config) field: compared by
/// identity, shown without its contents.
#[derive(Clone)]
pub struct SharedProvider(pub Arc<dyn CredentialsProvider>);

impl fmt::Debug for SharedProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CredentialsProvider(..)")
    }
}

impl PartialEq for SharedProvider {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
