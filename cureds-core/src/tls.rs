//! TLS, written once for every runtime: rustls's sans-IO [`ClientConnection`] driven over
//! the runtime's [`Socket`], so a runtime crate needs no TLS crate of its own.
//!
//! [`TlsSocket`] is itself a [`Socket`]: the driver and the handshake use it as they use a
//! plain TCP stream.

use std::io::{self, BufRead, Write};
use std::sync::{Arc, Mutex};
use std::task::{ready, Context, Poll};

use bytes::{Buf, BufMut, BytesMut};
use resp_core::{Error, TlsConfig, TlsError, TlsRoots};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::{CertificateError, ClientConfig, ClientConnection, RootCertStore};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};

use crate::runtime::Socket;

/// Room reserved for each read of TLS records (one full record is 16 KiB plus overhead).
const RECORD_READ: usize = 17 * 1024;
/// Room reserved for decrypted bytes when the read buffer has none (one record's worth).
const PLAINTEXT_READ: usize = 16 * 1024;

/// Secures `socket` with TLS as `config` says, checking the certificate against `host` (or
/// the configured server name), and completes the TLS handshake.
///
/// # Errors
/// [`Error::Tls`] when the certificate is rejected or the server ends the handshake;
/// [`Error::Config`] for unreadable PEM or a name that is no DNS name or IP address;
/// [`Error::Io`] when the connection fails.
pub(crate) async fn connect<S: Socket>(
    socket: S,
    config: &TlsConfig,
    host: &str,
) -> Result<TlsSocket<S>, Error> {
    let name = config.server_name.as_deref().unwrap_or(host);
    let server_name = ServerName::try_from(name.to_owned()).map_err(|_| {
        Error::Config(format!(
            "TLS server name {name:?} is neither a DNS name nor an IP address"
        ))
    })?;
    let tls = ClientConnection::new(client_config(config)?, server_name)
        .map_err(|e| Error::Tls(describe(e)))?;
    let mut socket = TlsSocket {
        inner: socket,
        tls,
        incoming: BytesMut::new(),
        outgoing: BytesMut::new(),
        owed: 0,
        plaintext: 0,
        peer_closed: false,
    };
    std::future::poll_fn(|cx| socket.poll_handshake(cx))
        .await
        .map_err(from_io)?;
    Ok(socket)
}

/// Turns an I/O error that carries a [`TlsError`] (from [`TlsSocket`]) into [`Error::Tls`].
pub(crate) fn from_io(error: io::Error) -> Error {
    match error.get_ref().and_then(|e| e.downcast_ref::<TlsError>()) {
        Some(tls) => Error::Tls(tls.clone()),
        None => error.into(),
    }
}

/// Like [`from_io`], for an error already made into an [`Error`].
pub(crate) fn unwrap_io(error: Error) -> Error {
    match &error {
        Error::Io(io) => match io.get_ref().and_then(|e| e.downcast_ref::<TlsError>()) {
            Some(tls) => Error::Tls(tls.clone()),
            None => error,
        },
        _ => error,
    }
}

/// How many rustls configurations [`client_config`] keeps: a Sentinel-backed client uses two
/// (the sentinels' and the data nodes'), one after the other at every connect.
const BUILT_KEPT: usize = 4;

/// rustls's configuration for `config`, built once and reused while the settings stay the
/// same (reconnects, leases, subscriptions): that also lets reconnects resume TLS sessions.
/// The [`BUILT_KEPT`] last used are kept, most recent first.
fn client_config(config: &TlsConfig) -> Result<Arc<ClientConfig>, Error> {
    static KEPT: Mutex<Vec<(TlsConfig, Arc<ClientConfig>)>> = Mutex::new(Vec::new());
    let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
    let built = match kept.iter().position(|(settings, _)| settings == config) {
        Some(i) => kept.remove(i).1,
        None => Arc::new(build_client_config(config)?),
    };
    kept.insert(0, (config.clone(), built.clone()));
    kept.truncate(BUILT_KEPT);
    Ok(built)
}

fn build_client_config(config: &TlsConfig) -> Result<ClientConfig, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Tls(describe(e)))?;
    let builder = if config.danger_accept_invalid_certs {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
    } else {
        builder.with_root_certificates(roots(config)?)
    };
    match &config.client_identity {
        None => Ok(builder.with_no_client_auth()),
        Some(identity) => {
            let chain = certificates(&identity.cert_chain_pem, "client certificate")?;
            let key = PrivateKeyDer::from_pem_slice(identity.expose_key_pem()).map_err(|_| {
                // The PEM error may quote the key's bytes: say only what is wrong.
                Error::Config("the client key is not a PEM private key".into())
            })?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| Error::Config(format!("client certificate or key: {e}")))
        }
    }
}

fn roots(config: &TlsConfig) -> Result<RootCertStore, Error> {
    let mut roots = RootCertStore::empty();
    match config.roots {
        TlsRoots::WebPki => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        TlsRoots::Platform => {
            let found = rustls_native_certs::load_native_certs();
            let (added, _) = roots.add_parsable_certificates(found.certs);
            if added == 0 {
                let why = found.errors.first().map(ToString::to_string);
                return Err(Error::Config(format!(
                    "no platform root certificates found{}",
                    why.map(|w| format!(": {w}")).unwrap_or_default()
                )));
            }
        }
        _ => {}
    }
    for pem in &config.ca_pem {
        for cert in certificates(pem, "CA bundle")? {
            roots
                .add(cert)
                .map_err(|e| Error::Config(format!("a CA certificate is unusable: {e}")))?;
        }
    }
    if roots.is_empty() {
        return Err(Error::Config(
            "TLS trusts no certificate authority: add a CA bundle or use TlsRoots::WebPki".into(),
        ));
    }
    Ok(roots)
}

fn certificates(pem: &[u8], what: &str) -> Result<Vec<CertificateDer<'static>>, Error> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::Config(format!("the {what} is not valid PEM: {e}")))?;
    if certs.is_empty() {
        return Err(Error::Config(format!(
            "the {what} holds no PEM certificate"
        )));
    }
    Ok(certs)
}

/// Says why rustls failed, in words a user can act on.
fn describe(error: rustls::Error) -> TlsError {
    match error {
        rustls::Error::InvalidCertificate(cert) => TlsError::CertificateRejected {
            reason: match cert {
                CertificateError::UnknownIssuer => {
                    "it was not issued by a trusted certificate authority (unknown issuer)".into()
                }
                CertificateError::NotValidForName
                | CertificateError::NotValidForNameContext { .. } => format!(
                    "it is not valid for the server's name ({})",
                    rustls::Error::InvalidCertificate(cert)
                ),
                CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                    format!(
                        "it has expired ({})",
                        rustls::Error::InvalidCertificate(cert)
                    )
                }
                other => rustls::Error::InvalidCertificate(other).to_string(),
            },
        },
        rustls::Error::AlertReceived(alert) => TlsError::AlertReceived {
            alert: format!("{alert:?}"),
        },
        other => TlsError::Other {
            message: other.to_string(),
        },
    }
}

fn tls_io_error(error: rustls::Error) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, describe(error))
}

/// A TLS session over a runtime's socket.
pub(crate) struct TlsSocket<S> {
    inner: S,
    tls: ClientConnection,
    /// TLS records read from the socket and not yet handed to rustls.
    incoming: BytesMut,
    /// TLS records from rustls not yet written to the socket.
    outgoing: BytesMut,
    /// Plaintext bytes taken by the last `poll_write` whose records are not all written yet:
    /// they are reported once the records are on the wire (the caller retries with the same
    /// bytes meanwhile, as the driver does), so "written" means sent, as on plain TCP.
    owed: usize,
    /// Decrypted bytes rustls holds for us, as of the last records processed.
    plaintext: usize,
    /// Whether the server has closed its side (with or without close_notify).
    peer_closed: bool,
}

impl<S: Socket> TlsSocket<S> {
    /// Writes the TLS records rustls has produced until none is left.
    fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        loop {
            if self.outgoing.is_empty() {
                if !self.tls.wants_write() {
                    return Poll::Ready(Ok(()));
                }
                self.tls.write_tls(&mut (&mut self.outgoing).writer())?;
            }
            let n = ready!(self.inner.poll_write(cx, &self.outgoing))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.outgoing.advance(n);
        }
    }

    /// Hands buffered records to rustls and processes them. On a TLS failure rustls queues
    /// an alert for the server, sent on a best-effort basis.
    fn feed(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        let n = self.tls.read_tls(&mut &self.incoming[..])?;
        self.incoming.advance(n);
        match self.tls.process_new_packets() {
            Ok(state) => {
                self.plaintext = state.plaintext_bytes_to_read();
                self.peer_closed = state.peer_has_closed();
            }
            Err(error) => {
                let _ = self.poll_flush(cx);
                return Err(tls_io_error(error));
            }
        }
        if n == 0 && !self.incoming.is_empty() {
            return Err(io::Error::other(
                "TLS: rustls took none of the records read",
            ));
        }
        Ok(())
    }

    fn poll_handshake(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        loop {
            ready!(self.poll_flush(cx))?;
            if !self.tls.is_handshaking() {
                return Poll::Ready(Ok(()));
            }
            if !self.incoming.is_empty() {
                self.feed(cx)?;
                continue;
            }
            self.incoming.reserve(RECORD_READ);
            if ready!(self.inner.poll_read_buf(cx, &mut self.incoming))? == 0 {
                return Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the server closed the connection during the TLS handshake \
                     (does it speak TLS on this port?)",
                )));
            }
        }
    }

    /// Copies decrypted bytes into `buf`'s spare room (never past it: the driver reserves
    /// exactly the rest of a large bulk string); `None` when rustls holds none.
    fn read_plaintext(&mut self, buf: &mut BytesMut) -> Option<io::Result<usize>> {
        if self.plaintext == 0 && !self.peer_closed {
            // Nothing decrypted (the driver asks on every wake-up).
            return None;
        }
        if buf.capacity() == buf.len() {
            buf.reserve(PLAINTEXT_READ);
        }
        let room = buf.capacity() - buf.len();
        // Straight from rustls's buffer into the spare room: no zero-filled chunk to read into.
        let mut reader = self.tls.reader();
        let n = match reader.fill_buf() {
            Ok(decrypted) => {
                let n = decrypted.len().min(room);
                buf.extend_from_slice(decrypted.get(..n).unwrap_or_default());
                n
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return None,
            // The peer closed without close_notify: for the client, a closed connection.
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Some(Ok(0)),
            Err(e) => return Some(Err(e)),
        };
        reader.consume(n);
        self.plaintext = self.plaintext.saturating_sub(n);
        Some(Ok(n))
    }
}

impl<S: Socket> Socket for TlsSocket<S> {
    fn poll_read_buf(
        &mut self,
        cx: &mut Context<'_>,
        buf: &mut BytesMut,
    ) -> Poll<io::Result<usize>> {
        loop {
            if let Some(read) = self.read_plaintext(buf) {
                return Poll::Ready(read);
            }
            if !self.incoming.is_empty() {
                self.feed(cx)?;
                continue;
            }
            // Records rustls produced on its own (alerts, key updates) go out too.
            if let Poll::Ready(Err(e)) = self.poll_flush(cx) {
                return Poll::Ready(Err(e));
            }
            self.incoming.reserve(RECORD_READ);
            if ready!(self.inner.poll_read_buf(cx, &mut self.incoming))? == 0 {
                return Poll::Ready(Ok(0));
            }
        }
    }

    fn poll_write(&mut self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.owed == 0 {
            ready!(self.poll_flush(cx))?;
            self.owed = self.tls.writer().write(buf)?;
        }
        ready!(self.poll_flush(cx))?;
        Poll::Ready(Ok(std::mem::take(&mut self.owed)))
    }

    /// The records buffer (17 KiB once used) and the socket's own read memory; rustls keeps
    /// its buffers.
    fn release_read_memory(&mut self) {
        if self.incoming.is_empty() {
            self.incoming = BytesMut::new();
        }
        self.inner.release_read_memory();
    }
}

/// The verifier behind [`TlsConfig::danger_accept_invalid_certs`]: any certificate passes;
/// the handshake's signatures are still checked, so the session is at least consistent.
#[derive(Debug)]
struct AcceptAnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
