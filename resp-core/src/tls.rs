//! TLS settings ([`TlsConfig`]) and TLS failures ([`TlsError`]), as plain data: the TLS
//! library itself (rustls) lives in `cureds-core`, which turns a [`TlsConfig`] into its
//! configuration once per connection.

use std::fmt;

/// How connections are secured with TLS: which certificate authorities to trust, an optional
/// client certificate (mutual TLS), and the name the server's certificate must carry.
///
/// The default trusts the Mozilla root store (the `webpki-roots` bundle compiled into the
/// client) and checks the certificate against the host name of the address (sent as SNI too).
/// A `rediss://` URL gives this default; adjust it with the `with_*` methods and set it with
/// [`Config::with_tls`](crate::Config::with_tls).
///
/// ```
/// use resp_core::{Config, TlsConfig, TlsRoots};
///
/// let ca = b"-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n".to_vec();
/// let config: Config = "rediss://db.example:6380".parse()?;
/// let config = config.with_tls(TlsConfig::new().with_roots(TlsRoots::None).with_ca_pem(ca));
/// assert!(config.tls.is_some());
/// # Ok::<(), resp_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TlsConfig {
    /// The built-in root certificates to trust.
    pub roots: TlsRoots,
    /// PEM bundles of CA certificates trusted in addition to [`TlsConfig::roots`].
    pub ca_pem: Vec<Vec<u8>>,
    /// A client certificate and key, for servers that require one (`tls-auth-clients yes`).
    pub client_identity: Option<ClientIdentity>,
    /// The name the server's certificate must be valid for, and the SNI sent; `None` uses
    /// the host of [`Config::address`](crate::Config::address).
    pub server_name: Option<String>,
    /// Accepts any server certificate: see [`TlsConfig::danger_accept_invalid_certs`].
    pub danger_accept_invalid_certs: bool,
}

/// Which built-in set of root certificates a [`TlsConfig`] trusts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TlsRoots {
    /// The Mozilla root store compiled into the client (`webpki-roots`): the same on every
    /// machine, independent of the system's certificate files.
    #[default]
    WebPki,
    /// The operating system's certificate store, read when a connection is made.
    Platform,
    /// None: only the CAs given with [`TlsConfig::with_ca_pem`].
    None,
}

/// A client certificate chain and its private key, both PEM; the key never shows in
/// `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientIdentity {
    /// The certificate chain, leaf first, PEM.
    pub cert_chain_pem: Vec<u8>,
    key_pem: Vec<u8>,
}

impl ClientIdentity {
    /// A certificate chain (PEM, leaf first) and its private key (PEM: PKCS#8, PKCS#1 or
    /// SEC1).
    pub fn from_pem(cert_chain_pem: impl Into<Vec<u8>>, key_pem: impl Into<Vec<u8>>) -> Self {
        ClientIdentity {
            cert_chain_pem: cert_chain_pem.into(),
            key_pem: key_pem.into(),
        }
    }

    /// The private key's PEM, for the TLS library.
    pub fn expose_key_pem(&self) -> &[u8] {
        &self.key_pem
    }
}

impl fmt::Debug for ClientIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientIdentity")
            .field(
                "cert_chain_pem",
                &format_args!("<{} bytes>", self.cert_chain_pem.len()),
            )
            .field("key_pem", &format_args!("<redacted>"))
            .finish()
    }
}

impl TlsConfig {
    /// The default: webpki roots, no client certificate, the address's host as the name.
    pub fn new() -> Self {
        TlsConfig::default()
    }

    /// Sets which built-in roots are trusted.
    pub fn with_roots(mut self, roots: TlsRoots) -> Self {
        self.roots = roots;
        self
    }

    /// Trusts the CA certificates in this PEM bundle too (for a private CA, with
    /// [`TlsRoots::None`] to trust only it).
    pub fn with_ca_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.ca_pem.push(pem.into());
        self
    }

    /// Presents this certificate to the server (mutual TLS).
    pub fn with_client_identity(mut self, identity: ClientIdentity) -> Self {
        self.client_identity = Some(identity);
        self
    }

    /// Checks the server's certificate against `name` (and sends it as SNI) instead of the
    /// address's host: for a server reached by IP or through a tunnel.
    pub fn with_server_name(mut self, name: impl Into<String>) -> Self {
        self.server_name = Some(name.into());
        self
    }

    /// **Development only: turns off certificate verification.** Any certificate is
    /// accepted, for any name, from any issuer, expired or not, so anyone on the path can
    /// impersonate the server and read every command and password. The traffic is still
    /// encrypted, which is all this buys.
    pub fn danger_accept_invalid_certs(mut self) -> Self {
        self.danger_accept_invalid_certs = true;
        self
    }
}

/// Why a TLS connection could not be set up or was ended by TLS.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TlsError {
    /// The server's certificate was rejected; `reason` says why (unknown issuer, not valid
    /// for the name, expired, ...).
    CertificateRejected {
        /// Why the certificate was not accepted.
        reason: String,
    },
    /// The server ended the handshake with an alert (for example because it requires a
    /// client certificate and got none or one it does not trust).
    AlertReceived {
        /// The alert, as rustls names it (`CertificateRequired`, `UnknownCA`, ...).
        alert: String,
    },
    /// Any other TLS failure (a peer that does not speak TLS, a protocol violation).
    Other {
        /// What went wrong, in the TLS library's words.
        message: String,
    },
}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsError::CertificateRejected { reason } => {
                write!(f, "the server's certificate was rejected: {reason}")
            }
            TlsError::AlertReceived { alert } => write!(
                f,
                "the server ended the TLS session with alert {alert} \
                 (it may require a client certificate it trusts)"
            ),
            TlsError::Other { message } => write!(f, "TLS failed: {message}"),
        }
    }
}

impl std::error::Error for TlsError {}
