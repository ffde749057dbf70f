//! [`AsyncCommands`]: every builder of [`resp_core::commands`] as a method on anything that
//! sends a [`Cmd`] and awaits its reply, generated from `resp_core::for_each_command!` (the
//! builders are the one place a command is written), plus the scan streams and scripts.

use std::future::Future;
use std::sync::Arc;

use resp_core::commands::scan::ScanOptions;
use resp_core::commands::scripting::Script;
use resp_core::commands::types::*;
use resp_core::{Args, Cmd, Error, FromValue, ServerErrorKind, Value};

pub use scan::ScanStream;

mod scan;
#[cfg(test)]
mod tests;

/// Emits [`AsyncCommands`] from `for_each_command!`'s entries. Each method builds its command
/// with the builder and sends it.
macro_rules! async_commands {
    ($(
        $family:ident {
            $(
                $(#[$doc:meta])*
                $name:ident $(<$t:ident>)? ($($arg:ident: $ty:ty),*) -> $ret:ty = $builder:path;
            )*
        }
    )*) => {
        /// Command methods for anything that can send a [`Cmd`] and await its reply: the
        /// clients of both runtime crates and their leased connections.
        ///
        /// Implementors write [`AsyncCommands::send`]; every other method is provided and
        /// builds its command with the builder of the same name in
        /// [`resp_core::commands`]. The futures are `Send` and borrow nothing but `self` and
        /// the arguments' types.
        ///
        /// ```no_run
        /// # use cureds_core::{AsyncCommands, Error};
        /// # async fn demo(client: &impl AsyncCommands) -> Result<(), Error> {
        /// client.set("a", 1).await?;
        /// let n: i64 = client.incr("a").await?;
        /// let a: Option<String> = client.get("a").await?;
        /// assert_eq!((n, a.as_deref()), (2, Some("2")));
        /// # Ok(()) }
        /// ```
        ///
        /// # Methods by family
        ///
        /// First the general ones: [`send`](Self::send) (any [`Cmd`]), [`cmd`](Self::cmd)
        /// (any command by name), the scan streams ([`scan_iter`](Self::scan_iter),
        /// [`hscan_iter`](Self::hscan_iter), [`sscan_iter`](Self::sscan_iter),
        /// [`zscan_iter`](Self::zscan_iter)) and [`invoke_script`](Self::invoke_script).
        /// Then one method per command builder, grouped below (and listed on this page in
        /// the same order) by the family module of [`resp_core::commands`] that defines
        /// it; each method's doc links to its builder. Option and reply types are in
        /// [`resp_core::commands::types`] (all in the prelude).
        ///
        $(
            #[doc = concat!(
                "- **[", stringify!($family), "](resp_core::commands::", stringify!($family), ")**: ",
                $("[`", stringify!($name), "`](Self::", stringify!($name), ") ",)*
            )]
        )*
        pub trait AsyncCommands {
            /// Sends one command and resolves to its reply, converted to the command's type.
            ///
            /// Commands marked [`Dispatch::Blocking`](resp_core::Dispatch::Blocking) must not
            /// stall the shared connection; implementors route them accordingly.
            ///
            /// # Errors
            /// [`Error::Server`] for an error reply, [`Error::Type`] when the reply does not
            /// convert, or the transport's error.
            fn send<T: Send + 'static>(
                &self,
                cmd: Cmd<T>,
            ) -> impl Future<Output = Result<T, Error>> + Send;

            /// Starts any command by name (the escape hatch for commands without a
            /// builder); add arguments with [`BoundCmd::arg`] and send it with
            /// [`BoundCmd::query`].
            ///
            /// ```no_run
            /// # use cureds_core::{AsyncCommands, Error};
            /// # async fn demo(client: &impl AsyncCommands) -> Result<(), Error> {
            /// let freq: i64 = client.cmd("OBJECT").arg("FREQ").arg("k").query().await?;
            /// # Ok(()) }
            /// ```
            fn cmd(&self, name: &str) -> BoundCmd<'_, Self>
            where
                Self: Sized,
            {
                BoundCmd { client: self, cmd: resp_core::cmd(name) }
            }

            /// Iterates over the keys of the database with `SCAN`, one page at a time: a
            /// [`Stream`](futures_core::Stream) that is `Unpin`, so `.next().await` works
            /// on it directly. A failed page yields its error and ends the stream.
            ///
            /// ```no_run
            /// # use cureds_core::{AsyncCommands, Error};
            /// use futures_lite::StreamExt;
            /// use resp_core::commands::scan::ScanOptions;
            ///
            /// # async fn demo(client: &(impl AsyncCommands + Sync)) -> Result<(), Error> {
            /// let mut keys = client.scan_iter::<String>(ScanOptions::new().pattern("user:*"));
            /// while let Some(key) = keys.next().await {
            ///     println!("{}", key?);
            /// }
            /// # Ok(()) }
            /// ```
            fn scan_iter<T>(&self, options: ScanOptions) -> ScanStream<'_, Self, T>
            where
                Self: Sync + Sized,
                T: FromValue + Send + 'static,
            {
                ScanStream::scan(self, options)
            }

            /// Iterates over the fields and values of a hash with `HSCAN`.
            fn hscan_iter<F, V>(
                &self,
                key: impl ToArgs,
                options: ScanOptions,
            ) -> ScanStream<'_, Self, (F, V)>
            where
                Self: Sync + Sized,
                F: FromValue + Send + 'static,
                V: FromValue + Send + 'static,
            {
                ScanStream::hscan(self, key, options)
            }

            /// Iterates over the members of a set with `SSCAN`.
            fn sscan_iter<T>(
                &self,
                key: impl ToArgs,
                options: ScanOptions,
            ) -> ScanStream<'_, Self, T>
            where
                Self: Sync + Sized,
                T: FromValue + Send + 'static,
            {
                ScanStream::sscan(self, key, options)
            }

            /// Iterates over the members and scores of a sorted set with `ZSCAN`.
            fn zscan_iter<T>(
                &self,
                key: impl ToArgs,
                options: ScanOptions,
            ) -> ScanStream<'_, Self, (T, f64)>
            where
                Self: Sync + Sized,
                T: FromValue + Send + 'static,
            {
                ScanStream::zscan(self, key, options)
            }

            /// Runs a [`Script`]: `EVALSHA` first, and when the server answers `NOSCRIPT`
            /// (its script cache was flushed, or this is another server), `EVAL` with the
            /// source, which also caches it for next time.
            ///
            /// ```no_run
            /// # use cureds_core::{AsyncCommands, Error};
            /// use resp_core::commands::scripting::Script;
            ///
            /// # async fn demo(client: &(impl AsyncCommands + Sync)) -> Result<(), Error> {
            /// let add = Script::new("return redis.call('INCRBY', KEYS[1], ARGV[1])");
            /// let n: i64 = client.invoke_script(&add, "counter", 5).await?;
            /// # Ok(()) }
            /// ```
            ///
            /// # Errors
            /// The script's error, or as for [`AsyncCommands::send`].
            fn invoke_script<'a, T>(
                &'a self,
                script: &'a Script,
                keys: impl ToArgs,
                args: impl ToArgs,
            ) -> impl Future<Output = Result<T, Error>> + Send + 'a
            where
                Self: Sync + Sized,
                T: FromValue + Send + 'static,
            {
                // Encoded once, sent once or twice.
                let keys = Args::from_args(keys);
                let args = Args::from_args(args);
                async move {
                    match self.send(script.evalsha_cmd::<T>(&keys, &args)).await {
                        Err(Error::Server(e)) if e.kind() == &ServerErrorKind::NoScript => {
                            self.send(script.eval_cmd::<T>(&keys, &args)).await
                        }
                        other => other,
                    }
                }
            }

            $($(
                $(#[$doc])*
                #[doc = ""]
                #[doc = concat!(
                    "Sends [`", stringify!($family), "::", stringify!($name),
                    "`](resp_core::commands::", stringify!($family), "::", stringify!($name), ")."
                )]
                fn $name $(<$t: FromValue + Send + 'static>)? (
                    &self,
                    $($arg: $ty),*
                ) -> impl Future<Output = Result<$ret, Error>> + Send {
                    let cmd: Cmd<$ret> = $builder($($arg),*);
                    self.send(cmd)
                }
            )*)*
        }
    };
}

resp_core::for_each_command!(async_commands);

/// A shared reference sends through the client it points to, so generic code can take
/// `impl AsyncCommands` by value.
impl<C: AsyncCommands> AsyncCommands for &C {
    fn send<T: Send + 'static>(
        &self,
        cmd: Cmd<T>,
    ) -> impl Future<Output = Result<T, Error>> + Send {
        (**self).send(cmd)
    }
}

/// An `Arc` sends through the client it holds.
impl<C: AsyncCommands> AsyncCommands for Arc<C> {
    fn send<T: Send + 'static>(
        &self,
        cmd: Cmd<T>,
    ) -> impl Future<Output = Result<T, Error>> + Send {
        (**self).send(cmd)
    }
}

/// A command started with [`AsyncCommands::cmd`], bound to the client that will send it.
#[derive(Debug)]
pub struct BoundCmd<'a, C> {
    client: &'a C,
    cmd: Cmd<Value>,
}

impl<'a, C: AsyncCommands> BoundCmd<'a, C> {
    /// Adds arguments.
    pub fn arg(mut self, arg: impl ToArgs) -> Self {
        self.cmd.push_arg(arg);
        self
    }

    /// Marks the command as blocking, so the client runs it off the shared connection.
    pub fn blocking(mut self) -> Self {
        self.cmd = self.cmd.blocking();
        self
    }

    /// Sends the command and converts its reply to `T`.
    ///
    /// # Errors
    /// As for [`AsyncCommands::send`].
    pub fn query<T: FromValue + Send + 'static>(
        self,
    ) -> impl Future<Output = Result<T, Error>> + Send + 'a {
        self.client.send(self.cmd.retype::<T>())
    }

    /// The command, unsent.
    pub fn into_cmd(self) -> Cmd<Value> {
        self.cmd
    }
}
