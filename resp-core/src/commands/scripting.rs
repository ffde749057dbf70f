//! Lua scripting: [`Script`] (EVALSHA with a fallback to EVAL on `NOSCRIPT`), and the EVAL,
//! EVALSHA and SCRIPT commands.

use crate::{Cmd, FromValue, ToArgs};

/// A Lua script and its SHA1 digest, invoked by digest so the body is sent only when the
/// server does not have it cached yet.
///
/// A client runs it with `invoke_script` (`client.invoke_script(&script, keys, args)`, from
/// the client crates' `AsyncCommands`).
///
/// ```
/// use resp_core::commands::scripting::Script;
///
/// let add = Script::new("return redis.call('INCRBY', KEYS[1], ARGV[1])");
/// assert_eq!(add.evalsha_cmd::<i64>("counter", 5).argc(), 5); // EVALSHA sha 1 counter 5
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    source: String,
    sha1: String,
}

impl Script {
    /// A script with the given Lua source; computes its SHA1 digest (as Redis does).
    pub fn new(source: impl Into<String>) -> Self {
        let source = source.into();
        let sha1 = sha1_smol::Sha1::from(source.as_bytes())
            .digest()
            .to_string();
        Script { source, sha1 }
    }

    /// The Lua source.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The SHA1 digest in lower-case hex, as `SCRIPT LOAD` returns it.
    pub fn sha1(&self) -> &str {
        &self.sha1
    }

    /// `EVALSHA sha1 numkeys key... arg...`: the command a client's `invoke_script` tries first; use it
    /// in pipelines (after [`Script::load`]).
    pub fn evalsha_cmd<T: FromValue>(&self, keys: impl ToArgs, args: impl ToArgs) -> Cmd<T> {
        evalsha(&self.sha1, keys, args)
    }

    /// `EVAL source numkeys key... arg...`: runs the script by source (and caches it).
    pub fn eval_cmd<T: FromValue>(&self, keys: impl ToArgs, args: impl ToArgs) -> Cmd<T> {
        eval(&self.source, keys, args)
    }

    /// `SCRIPT LOAD source`: caches the script on the server; replies its digest.
    pub fn load(&self) -> Cmd<String> {
        script_load(&self.source)
    }
}

/// `name script-or-digest numkeys key... arg...`: the common shape of EVAL and FCALL.
pub(crate) fn with_keys<T: FromValue>(
    name: &str,
    target: impl ToArgs,
    keys: impl ToArgs,
    args: impl ToArgs,
) -> Cmd<T> {
    Cmd::new(name).arg(target).counted_keys(keys).arg(args)
}

commands!(
    /// `EVAL script numkeys key... arg...`: `numkeys` is counted from `keys`.
    ///
    /// ```
    /// use resp_core::commands::scripting;
    ///
    /// let cmd = scripting::eval::<i64>("return #KEYS", ["a", "b"], ());
    /// # let mut out = bytes::BytesMut::new(); cmd.encode(&mut out);
    /// assert_eq!(cmd.argc(), 5); // EVAL script 2 a b
    /// ```
    pub fn eval<T: FromValue>(script: impl ToArgs, keys: impl ToArgs, args: impl ToArgs) -> Cmd<T> {
        with_keys("EVAL", script, keys, args)
    }

    /// `EVAL_RO script numkeys key... arg...`: a read-only script, usable on replicas.
    pub fn eval_ro<T: FromValue>(
        script: impl ToArgs,
        keys: impl ToArgs,
        args: impl ToArgs,
    ) -> Cmd<T> {
        with_keys("EVAL_RO", script, keys, args).read_only()
    }

    /// `EVALSHA sha1 numkeys key... arg...`
    pub fn evalsha<T: FromValue>(
        sha1: impl ToArgs,
        keys: impl ToArgs,
        args: impl ToArgs,
    ) -> Cmd<T> {
        with_keys("EVALSHA", sha1, keys, args)
    }

    /// `EVALSHA_RO sha1 numkeys key... arg...`
    pub fn evalsha_ro<T: FromValue>(
        sha1: impl ToArgs,
        keys: impl ToArgs,
        args: impl ToArgs,
    ) -> Cmd<T> {
        with_keys("EVALSHA_RO", sha1, keys, args).read_only()
    }

    /// `SCRIPT LOAD script`: the script's SHA1 digest.
    pub fn script_load(script: impl ToArgs) -> Cmd<String> {
        Cmd::new("SCRIPT").arg("LOAD").arg(script)
    }

    /// `SCRIPT EXISTS sha1...`: whether each script is cached.
    pub fn script_exists(sha1s: impl ToArgs) -> Cmd<Vec<bool>> {
        Cmd::new("SCRIPT").arg("EXISTS").arg(sha1s)
    }

    /// `SCRIPT FLUSH`: empties the script cache.
    pub fn script_flush() -> Cmd<()> {
        Cmd::new("SCRIPT").arg("FLUSH")
    }

    /// `SCRIPT KILL`: stops the running script if it has not written yet.
    pub fn script_kill() -> Cmd<()> {
        Cmd::new("SCRIPT").arg("KILL")
    }
);
