//! Certificates for TLS tests, made fresh in each test with `rcgen`: a throwaway CA, a server
//! certificate it signs, and a client certificate for mutual TLS.

use cureds_core::{ClientIdentity, TlsConfig, TlsRoots};
use rcgen::{
    BasicConstraints, Certificate, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair,
};

/// A CA with a server certificate and a client certificate signed by it, all PEM.
#[derive(Clone)]
pub struct Pki {
    /// The CA's certificate: what clients (and a server checking clients) trust.
    pub ca_pem: String,
    /// The server's certificate.
    pub server_cert_pem: String,
    /// The server's private key.
    pub server_key_pem: String,
    /// A client certificate for mutual TLS.
    pub client_cert_pem: String,
    /// The client certificate's private key.
    pub client_key_pem: String,
}

impl std::fmt::Debug for Pki {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pki").finish_non_exhaustive()
    }
}

impl Pki {
    /// A server certificate valid for `127.0.0.1` and `localhost`.
    pub fn new() -> Pki {
        Pki::for_names(&["127.0.0.1", "localhost"])
    }

    /// A server certificate valid for `names` only (DNS names or IP addresses).
    pub fn for_names(names: &[&str]) -> Pki {
        let (ca, ca_key) = ca("cureds test CA");
        let (server_cert_pem, server_key_pem) =
            leaf(names, ExtendedKeyUsagePurpose::ServerAuth, &ca, &ca_key);
        let (client_cert_pem, client_key_pem) = leaf(
            &["cureds-test-client"],
            ExtendedKeyUsagePurpose::ClientAuth,
            &ca,
            &ca_key,
        );
        Pki {
            ca_pem: ca.pem(),
            server_cert_pem,
            server_key_pem,
            client_cert_pem,
            client_key_pem,
        }
    }

    /// The client's TLS settings: trust this CA only.
    pub fn client_tls(&self) -> TlsConfig {
        TlsConfig::new()
            .with_roots(TlsRoots::None)
            .with_ca_pem(self.ca_pem.clone())
    }

    /// [`Pki::client_tls`] presenting the client certificate too.
    pub fn client_tls_with_identity(&self) -> TlsConfig {
        self.client_tls()
            .with_client_identity(ClientIdentity::from_pem(
                self.client_cert_pem.clone(),
                self.client_key_pem.clone(),
            ))
    }
}

impl Default for Pki {
    fn default() -> Self {
        Pki::new()
    }
}

fn ca(name: &str) -> (Certificate, KeyPair) {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    let key = KeyPair::generate().expect("CA key");
    let cert = params.self_signed(&key).expect("CA certificate");
    (cert, key)
}

fn leaf(
    names: &[&str],
    usage: ExtendedKeyUsagePurpose,
    ca: &Certificate,
    ca_key: &KeyPair,
) -> (String, String) {
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let mut params = CertificateParams::new(names).expect("certificate names");
    params.extended_key_usages = vec![usage];
    let key = KeyPair::generate().expect("key");
    let cert = params.signed_by(&key, ca, ca_key).expect("certificate");
    (cert.pem(), key.serialize_pem())
}

/// A different CA's certificate: a client trusting only it rejects [`Pki`]'s servers.
pub fn unrelated_ca_pem() -> String {
    ca("some other CA").0.pem()
}
