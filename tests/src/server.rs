//! [`RedisServer`]: a real `redis-server` process on a free loopback port, in a throwaway
//! directory, stopped and cleaned up on drop.
//!
//! Many tests run in parallel threads, and several test binaries may run at once, so a port
//! picked as free can be taken by someone else before our server binds it. The server's own
//! log says whether it bound: on "Address already in use" we try another port; a server is
//! ready only once *its* log says "Ready to accept connections" (a PING alone could be
//! answered by another test's server that won the race for the port).

use std::fmt;
use std::fs;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::raw::RawConn;

/// Runs redis-server under a watchdog shell that SIGKILLs it when our end of the shell's stdin
/// closes: on [`RedisServer::kill`], and also when the test process dies without running any
/// destructor (a panic in a static, an abort, a CI timeout), so no server outlives its test
/// binary. The shell itself exits when redis-server does. (A non-interactive shell gives
/// background jobs /dev/null as stdin, hence the explicit fd 3.)
pub(crate) const WATCHDOG: &str = r#"exec 3<&0
redis-server "$@" </dev/null 3<&- &
pid=$!
(read _ <&3; kill -9 "$pid" 2>/dev/null) &
exec 3<&-
wait "$pid""#;

/// How long a server may take to start before we give up on it.
const START_TIMEOUT: Duration = Duration::from_secs(20);
/// How many fresh ports [`ServerBuilder::start`] tries when others keep taking them first.
const PORT_ATTEMPTS: usize = 20;
/// How long [`RedisServer::restart`] keeps retrying while its port is still busy.
const RESTART_TIMEOUT: Duration = Duration::from_secs(30);

/// An ACL user created at startup with `--user NAME on >PASSWORD ~* &* +@all`.
#[derive(Clone)]
pub struct AclUser {
    /// The user name.
    pub name: String,
    /// The user's password.
    pub password: String,
}

impl fmt::Debug for AclUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AclUser")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Options for a [`RedisServer`]; [`RedisServer::builder`] makes one.
#[derive(Clone, Debug, Default)]
pub struct ServerBuilder {
    requirepass: Option<String>,
    users: Vec<AclUser>,
    unix_socket: bool,
    tls: Option<(crate::Pki, bool)>,
    extra: Vec<String>,
    /// Picks the port to try (default [`free_port`]); a cluster node needs port + 10000
    /// free too, for its bus.
    pick_port: Option<fn() -> io::Result<u16>>,
}

impl ServerBuilder {
    /// Requires this password for the `default` user (`--requirepass`).
    pub fn requirepass(mut self, password: &str) -> Self {
        self.requirepass = Some(password.to_owned());
        self
    }

    /// Adds an ACL user with every permission and this password.
    pub fn acl_user(mut self, name: &str, password: &str) -> Self {
        self.users.push(AclUser {
            name: name.to_owned(),
            password: password.to_owned(),
        });
        self
    }

    /// Also listens on a unix socket in the server's directory (mode 700).
    pub fn unix_socket(mut self) -> Self {
        self.unix_socket = true;
        self
    }

    /// Listens with TLS only (`--port 0 --tls-port P`), with `pki`'s server certificate;
    /// with `auth_clients`, clients must present a certificate `pki`'s CA signed
    /// (`--tls-auth-clients yes`). [`RedisServer::url`] is then a `rediss://` URL, and
    /// [`RedisServer::raw`] (plain TCP) is not available.
    pub fn tls(mut self, pki: &crate::Pki, auth_clients: bool) -> Self {
        self.tls = Some((pki.clone(), auth_clients));
        self
    }

    /// Adds raw command-line arguments, e.g. `["--maxmemory", "10mb"]`.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.extra.extend(args.into_iter().map(Into::into));
        self
    }

    /// Picks ports with `pick` instead of [`free_port`] (a cluster node's bus port is its
    /// port + 10000, so it needs a port below 55536 whose neighbour is free too).
    pub fn port_picker(mut self, pick: fn() -> io::Result<u16>) -> Self {
        self.pick_port = Some(pick);
        self
    }

    /// Starts the server on a free loopback port and waits until it accepts connections.
    ///
    /// # Errors
    /// `redis-server` is not on `PATH`, exits during startup for a reason other than a taken
    /// port (the error carries its log), or does not become ready in time.
    pub fn start(self) -> io::Result<RedisServer> {
        let dir = tempfile::Builder::new().prefix("cureds-redis-").tempdir()?;
        if let Some((pki, _)) = &self.tls {
            fs::write(dir.path().join("ca.pem"), &pki.ca_pem)?;
            fs::write(dir.path().join("server.pem"), &pki.server_cert_pem)?;
            fs::write(dir.path().join("server.key"), &pki.server_key_pem)?;
        }
        let mut server = RedisServer {
            options: self,
            dir,
            port: 0,
            child: None,
        };
        let mut last_err = None;
        for _ in 0..PORT_ATTEMPTS {
            server.port = server.options.pick_port.unwrap_or(free_port)()?;
            match server.spawn_and_wait() {
                Ok(()) => return Ok(server),
                Err(StartError::PortTaken) => continue,
                Err(StartError::Io(e)) => {
                    last_err = Some(e);
                    break;
                }
            }
        }
        Err(last_err.unwrap_or_else(|| {
            io::Error::new(io::ErrorKind::AddrInUse, "no free port after many attempts")
        }))
    }
}

/// A running `redis-server` owned by a test. Dropping it kills the process and deletes its
/// directory.
pub struct RedisServer {
    options: ServerBuilder,
    dir: TempDir,
    port: u16,
    child: Option<Child>,
}

impl fmt::Debug for RedisServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisServer")
            .field("port", &self.port)
            .field("dir", &self.dir.path())
            .field("running", &self.child.is_some())
            .finish()
    }
}

enum StartError {
    PortTaken,
    Io(io::Error),
}

impl From<io::Error> for StartError {
    fn from(e: io::Error) -> Self {
        StartError::Io(e)
    }
}

impl RedisServer {
    /// A plain server: no password, no ACL users, TCP only.
    ///
    /// # Errors
    /// As for [`ServerBuilder::start`].
    pub fn start() -> io::Result<RedisServer> {
        ServerBuilder::default().start()
    }

    /// Options for a server with a password, ACL users, a unix socket or extra arguments.
    pub fn builder() -> ServerBuilder {
        ServerBuilder::default()
    }

    /// The loopback TCP port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `127.0.0.1:port`.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// `redis://127.0.0.1:port` (no credentials, database 0); `rediss://` for a TLS server.
    pub fn url(&self) -> String {
        let scheme = if self.options.tls.is_some() {
            "rediss"
        } else {
            "redis"
        };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    /// `redis://127.0.0.1:port/db`.
    pub fn url_with_db(&self, db: u32) -> String {
        format!("redis://127.0.0.1:{}/{db}", self.port)
    }

    /// The URL with the `requirepass` password (`redis://:password@...`) if there is one.
    pub fn auth_url(&self) -> String {
        match &self.options.requirepass {
            Some(pw) => format!("redis://:{pw}@127.0.0.1:{}", self.port),
            None => self.url(),
        }
    }

    /// The unix socket's path, when the server was built with [`ServerBuilder::unix_socket`].
    pub fn unix_socket_path(&self) -> Option<PathBuf> {
        self.options.unix_socket.then(|| self.socket_path())
    }

    /// `redis+unix:///path/redis.sock`, when the server listens on a unix socket.
    pub fn unix_url(&self) -> Option<String> {
        self.unix_socket_path()
            .map(|p| format!("redis+unix://{}", p.display()))
    }

    /// The server's working directory (removed on drop).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The server's log so far (empty if it cannot be read).
    pub fn log(&self) -> String {
        fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// Whether the process is running (it has not been killed or stopped, and has not died).
    pub fn is_running(&mut self) -> bool {
        match &mut self.child {
            Some(child) => matches!(child.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// A raw RESP connection, authenticated as the `default` user when the server has a
    /// password (for checking what a client did behind its back).
    ///
    /// # Errors
    /// Connecting or authenticating failed.
    pub fn raw(&self) -> io::Result<RawConn> {
        if self.options.tls.is_some() {
            return Err(io::Error::other(
                "a TLS server has no plain-TCP port for RawConn",
            ));
        }
        let mut conn = RawConn::connect(self.addr())?;
        if let Some(pw) = &self.options.requirepass {
            conn.command_ok(&["AUTH", pw])?;
        }
        Ok(conn)
    }

    /// Kills the process with SIGKILL and waits for it: no goodbye to the clients, just closed
    /// sockets. The port is kept for [`RedisServer::restart`].
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            // Closing the watchdog's stdin makes it SIGKILL redis-server; the shell exits once
            // redis-server is reaped, so after wait() the port is closed.
            drop(child.stdin.take());
            let _ = child.wait();
        }
    }

    /// Stops the process politely (`SHUTDOWN NOSAVE`), killing it if it does not exit soon.
    pub fn stop(&mut self) {
        if self.child.is_none() {
            return;
        }
        if let Ok(mut conn) = self.raw() {
            // The server closes the connection instead of answering; any error here is fine.
            let _ = conn.send(&["SHUTDOWN", "NOSAVE"]);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if !self.is_running() {
                break;
            }
            thread::sleep(Duration::from_millis(10));
        }
        self.kill();
    }

    /// Starts the server again on the same port (killing it first if it still runs), waiting
    /// while the port is busy. The data set starts empty: nothing is persisted.
    ///
    /// # Errors
    /// The port stayed taken for too long, or the server failed to start.
    pub fn restart(&mut self) -> io::Result<()> {
        self.kill();
        let deadline = Instant::now() + RESTART_TIMEOUT;
        loop {
            match self.spawn_and_wait() {
                Ok(()) => return Ok(()),
                Err(StartError::PortTaken) if Instant::now() < deadline => {
                    thread::sleep(Duration::from_millis(50));
                }
                Err(StartError::PortTaken) => {
                    return Err(io::Error::new(
                        io::ErrorKind::AddrInUse,
                        format!("port {} stayed busy for {RESTART_TIMEOUT:?}", self.port),
                    ))
                }
                Err(StartError::Io(e)) => return Err(e),
            }
        }
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("redis.log")
    }

    fn socket_path(&self) -> PathBuf {
        self.dir.path().join("redis.sock")
    }

    fn command_line(&self) -> Vec<String> {
        let dir = self.dir.path().display().to_string();
        let (port, tls_port) = match self.options.tls {
            Some(_) => ("0".to_owned(), Some(self.port.to_string())),
            None => (self.port.to_string(), None),
        };
        let mut args: Vec<String> = [
            "--port",
            &port,
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            &dir,
            "--logfile",
            &self.log_path().display().to_string(),
            "--daemonize",
            "no",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        if self.options.unix_socket {
            args.extend([
                "--unixsocket".to_owned(),
                self.socket_path().display().to_string(),
                "--unixsocketperm".to_owned(),
                "700".to_owned(),
            ]);
        }
        if let (Some((_, auth_clients)), Some(tls_port)) = (&self.options.tls, tls_port) {
            let file = |name: &str| self.dir.path().join(name).display().to_string();
            args.extend([
                "--tls-port".to_owned(),
                tls_port,
                "--tls-cert-file".to_owned(),
                file("server.pem"),
                "--tls-key-file".to_owned(),
                file("server.key"),
                "--tls-ca-cert-file".to_owned(),
                file("ca.pem"),
                "--tls-auth-clients".to_owned(),
                if *auth_clients { "yes" } else { "no" }.to_owned(),
            ]);
        }
        if let Some(pw) = &self.options.requirepass {
            args.extend(["--requirepass".to_owned(), pw.clone()]);
        }
        for user in &self.options.users {
            args.extend(
                [
                    "--user",
                    &user.name,
                    "on",
                    &format!(">{}", user.password),
                    "~*",
                    "&*",
                    "+@all",
                ]
                .map(str::to_owned),
            );
        }
        args.extend(self.options.extra.iter().cloned());
        args
    }

    fn spawn_and_wait(&mut self) -> Result<(), StartError> {
        // A fresh log per attempt, so an old "Ready" line cannot fool us.
        match fs::remove_file(self.log_path()) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        let child = Command::new("sh")
            .arg("-c")
            .arg(WATCHDOG)
            .arg("sh")
            .args(self.command_line())
            .current_dir(self.dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("cannot run sh to start redis-server: {e}"),
                )
            })?;
        self.child = Some(child);
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let log = self.log();
            if !self.is_running() {
                self.kill();
                if log.contains("Address already in use") {
                    return Err(StartError::PortTaken);
                }
                let hint = if log.is_empty() {
                    " (is redis-server on PATH?)"
                } else {
                    ""
                };
                return Err(io::Error::other(format!(
                    "redis-server exited during startup on port {}{hint}; its log:\n{log}",
                    self.port
                ))
                .into());
            }
            if log.contains("Ready to accept connections") {
                break;
            }
            if Instant::now() > deadline {
                self.kill();
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!("redis-server not ready after {START_TIMEOUT:?}; its log:\n{log}"),
                )
                .into());
            }
            thread::sleep(Duration::from_millis(5));
        }
        // Our process bound the port; check it also answers (NOAUTH counts as an answer).
        // A TLS port is only checked to accept connections (the raw client speaks no TLS).
        if self.options.tls.is_some() {
            std::net::TcpStream::connect(self.addr())?;
        } else {
            RawConn::connect(self.addr())?.ping_line()?;
        }
        Ok(())
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A loopback port that was free a moment ago. Another process may take it before we use it;
/// callers retry.
pub fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
