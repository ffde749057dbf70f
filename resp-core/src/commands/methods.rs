//! Method syntax for every builder, on clients ([`AsyncCommands`]) and pipelines
//! ([`PipelineCommands`]), generated from one table by a small macro that only forwards.

use std::future::Future;
use std::sync::Arc;

use super::{AsyncCommands, PipelineCommands};
use crate::{Cmd, Error, FromValue, ToArgs, Value};

/// The reply type a pipeline queues a generic command with: pipelines convert all replies
/// together when they run.
#[doc(hidden)]
macro_rules! pipeline_reply {
    ($t:ident) => {
        Value
    };
}

/// Emits [`AsyncCommands`] and [`PipelineCommands`] from one list of
/// `family { name<T>(arg: Type, ...) -> Reply; ... }` entries, where `<T>` marks a reply
/// generic over [`FromValue`]. Each method calls `family::name` with the same arguments.
macro_rules! command_methods {
    ($(
        $family:ident {
            $(
                $(#[$doc:meta])*
                $name:ident $(<$t:ident>)? ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty;
            )*
        }
    )*) => {
        /// Command methods for anything that can send a [`Cmd`] and await its reply: the
        /// clients of both runtime crates and their leased connections.
        ///
        /// Implementors write [`AsyncCommands::send`]; every other method is provided and
        /// builds its command with the builder of the same name in [`crate::commands`]. The
        /// futures are `Send` and borrow nothing but `self` and the arguments' types.
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
            /// Commands marked [`Dispatch::Blocking`](crate::Dispatch::Blocking) must not
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
                BoundCmd { client: self, cmd: crate::cmd(name) }
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
                    "Sends [`", stringify!($family), "::", stringify!($name), "`](crate::commands::",
                    stringify!($family), "::", stringify!($name), ")."
                )]
                fn $name $(<$t: FromValue + Send + 'static>)? (
                    &self,
                    $($arg: $ty),*
                ) -> impl Future<Output = Result<$ret, Error>> + Send {
                    self.send($family::$name $(::<$t>)? ($($arg),*))
                }
            )*)*
        }

        /// Command methods for pipelines: each queues the command its builder makes.
        ///
        /// Implementors write [`PipelineCommands::push`]; generic replies are queued as
        /// [`Value`] because a pipeline converts all its replies together when it runs.
        ///
        /// ```
        /// use resp_core::{Pipeline, PipelineCommands};
        ///
        /// let mut pipe = Pipeline::new();
        /// pipe.set("a", 1).get("a").incr("a");
        /// assert_eq!(pipe.len(), 3);
        /// ```
        pub trait PipelineCommands {
            /// Queues one command.
            fn push<T>(&mut self, cmd: Cmd<T>) -> &mut Self;

            /// Queues any command by name; arguments are added with [`PipelineCmd::arg`] and
            /// the command is queued when the returned value is dropped (at the end of the
            /// statement).
            ///
            /// ```
            /// use resp_core::{Pipeline, PipelineCommands};
            ///
            /// let mut pipe = Pipeline::new();
            /// pipe.cmd("OBJECT").arg("FREQ").arg("k");
            /// assert_eq!(pipe.len(), 1);
            /// ```
            fn cmd(&mut self, name: &str) -> PipelineCmd<'_, Self>
            where
                Self: Sized,
            {
                PipelineCmd { pipeline: self, cmd: Some(crate::cmd(name)) }
            }

            $($(
                $(#[$doc])*
                #[doc = ""]
                #[doc = concat!(
                    "Queues [`", stringify!($family), "::", stringify!($name), "`](crate::commands::",
                    stringify!($family), "::", stringify!($name), ")."
                )]
                fn $name(&mut self, $($arg: $ty),*) -> &mut Self {
                    self.push($family::$name $(::<pipeline_reply!($t)>)? ($($arg),*))
                }
            )*)*
        }
    };
}

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
    pub(super) client: &'a C,
    pub(super) cmd: Cmd<Value>,
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

/// A command started with [`PipelineCommands::cmd`]; it is queued when dropped.
#[derive(Debug)]
pub struct PipelineCmd<'a, P: PipelineCommands> {
    pub(super) pipeline: &'a mut P,
    pub(super) cmd: Option<Cmd<Value>>,
}

impl<P: PipelineCommands> PipelineCmd<'_, P> {
    /// Adds arguments.
    pub fn arg(mut self, arg: impl ToArgs) -> Self {
        if let Some(cmd) = self.cmd.as_mut() {
            cmd.push_arg(arg);
        }
        self
    }
}

impl<P: PipelineCommands> Drop for PipelineCmd<'_, P> {
    fn drop(&mut self) {
        if let Some(cmd) = self.cmd.take() {
            self.pipeline.push(cmd);
        }
    }
}
