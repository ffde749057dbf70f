//! [`BenchClient`]: the few operations the scenarios need, implemented once per library.
//!
//! Each adapter calls its library the way that library's documentation shows, with its
//! cheapest ordinary argument and reply types, and checks every reply it gets back.

use std::future::Future;

use bytes::Bytes;

use crate::error::BenchError;

mod cureds;
mod fred;
mod redis_rs;
mod rustis;

pub(crate) use self::cureds::{
    CuredsAsyncStd, CuredsClusterAsyncStd, CuredsClusterTokio, CuredsTokio,
};
pub(crate) use self::fred::Fred;
pub(crate) use self::redis_rs::{RedisRs, RedisRsCluster, CLUSTER_PIPE_UNSUPPORTED};
pub(crate) use self::rustis::Rustis;

/// One client connection shared by all tasks of a scenario (clones share it).
pub(crate) trait BenchClient: Clone + Send + Sync + 'static {
    /// The name printed in the table.
    const NAME: &'static str;

    /// What GET returns: the library's own byte type.
    type Value: AsRef<[u8]> + Send;

    /// `SET key value`.
    fn set(&self, key: &str, value: &Bytes) -> impl Future<Output = Result<(), BenchError>> + Send;

    /// `GET key`.
    fn get(
        &self,
        key: &str,
    ) -> impl Future<Output = Result<Option<Self::Value>, BenchError>> + Send;

    /// One non-atomic pipeline of `SET k value` and `GET k` for each key: `2 * keys.len()`
    /// commands in one request. Checks that every GET returned `value`.
    fn pipe(
        &self,
        keys: &[String],
        value: &Bytes,
    ) -> impl Future<Output = Result<(), BenchError>> + Send;
}

/// A rustls client configuration (ring, the process's provider) trusting only the CA in
/// `ca_pem`, for the peers that take one (fred, rustis).
///
/// # Errors
/// The PEM holds no usable certificate.
pub(crate) fn rustls_config(ca_pem: &str) -> Result<rustls::ClientConfig, String> {
    use rustls_pki_types::pem::PemObject as _;
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_pki_types::CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        let cert = cert.map_err(|e| format!("CA certificate: {e}"))?;
        roots
            .add(cert)
            .map_err(|e| format!("CA certificate: {e}"))?;
    }
    if roots.is_empty() {
        return Err("no CA certificate in the PEM".into());
    }
    Ok(rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// Checks a pipeline's reply count and that each GET (every second reply) returned `value`;
/// `get_reply` extracts a reply's bytes.
pub(crate) fn check_pipe_replies<V>(
    client: &'static str,
    replies: &[V],
    pairs: usize,
    value: &[u8],
    get_reply: impl Fn(&V) -> Option<&[u8]>,
) -> Result<(), BenchError> {
    if replies.len() != 2 * pairs {
        return Err(BenchError::wrong_reply(
            client,
            format!(
                "pipeline: {} replies for {} commands",
                replies.len(),
                2 * pairs
            ),
        ));
    }
    for (i, reply) in replies.iter().enumerate().skip(1).step_by(2) {
        if get_reply(reply) != Some(value) {
            return Err(BenchError::wrong_reply(
                client,
                format!("pipeline: reply {i} is not the value just SET"),
            ));
        }
    }
    Ok(())
}
