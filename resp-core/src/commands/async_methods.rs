//! [`AsyncCommands`]: every builder as a method on anything that sends a [`Cmd`] and awaits
//! its reply, generated from `for_each_command!`.
//!
//! This file uses only resp-core's public API, through `resp_core::` paths, so that when
//! `AsyncCommands` moves to the runtime-generic client crate (resp-core is to have no async
//! code), the move is cutting this file and pasting it there: its one macro definition and its
//! one invocation, which there is spelled `resp_core::for_each_command!` (here the exported
//! macro can only be named without a path). `scan_iter` and friends and `Script::invoke` go
//! along with it.

use std::future::Future;
use std::sync::Arc;

use futures_core::Stream;
use resp_core::commands::scan;
use resp_core::commands::types::*;
use resp_core::{Cmd, Error, FromValue, Value};

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
        /// # use resp_core::{AsyncCommands, Error};
        /// # async fn demo(client: &impl AsyncCommands) -> Result<(), Error> {
        /// client.set("a", 1).await?;
        /// let n: i64 = client.incr("a").await?;
        /// let a: Option<String> = client.get("a").await?;
        /// assert_eq!((n, a.as_deref()), (2, Some("2")));
        /// # Ok(()) }
        /// ```
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
            /// # use resp_core::{AsyncCommands, Error};
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

            /// Iterates over the keys of the database with `SCAN`, one page at a time.
            /// A failed page yields its error and ends the stream.
            fn scan_iter<T>(
                &self,
                options: ScanOptions,
            ) -> impl Stream<Item = Result<T, Error>> + Send + '_
            where
                Self: Sync + Sized,
                T: FromValue + Send + 'static,
            {
                scan::scan_stream(self, options)
            }

            /// Iterates over the fields and values of a hash with `HSCAN`.
            fn hscan_iter<F, V>(
                &self,
                key: impl ToArgs,
                options: ScanOptions,
            ) -> impl Stream<Item = Result<(F, V), Error>> + Send + '_
            where
                Self: Sync + Sized,
                F: FromValue + Send + 'static,
                V: FromValue + Send + 'static,
            {
                scan::hscan_stream(self, key, options)
            }

            /// Iterates over the members of a set with `SSCAN`.
            fn sscan_iter<T>(
                &self,
                key: impl ToArgs,
                options: ScanOptions,
            ) -> impl Stream<Item = Result<T, Error>> + Send + '_
            where
                Self: Sync + Sized,
                T: FromValue + Send + 'static,
            {
                scan::sscan_stream(self, key, options)
            }

            /// Iterates over the members and scores of a sorted set with `ZSCAN`.
            fn zscan_iter<T>(
                &self,
                key: impl ToArgs,
                options: ScanOptions,
            ) -> impl Stream<Item = Result<(T, f64), Error>> + Send + '_
            where
                Self: Sync + Sized,
                T: FromValue + Send + 'static,
            {
                scan::zscan_stream(self, key, options)
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

for_each_command!(async_commands);

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
