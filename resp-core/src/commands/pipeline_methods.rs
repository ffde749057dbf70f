//! [`PipelineCommands`]: every builder as a method that queues its command, generated from
//! `for_each_command!`.

use resp_core::commands::types::*;
use resp_core::{Cmd, Value};

/// Emits [`PipelineCommands`] from `for_each_command!`'s entries. Each method builds its
/// command with the builder and queues it; a generic reply is queued as [`Value`] (the local
/// `type T = Value;` makes the entry's reply type name it), because a pipeline converts all its
/// replies together when it runs.
macro_rules! pipeline_commands {
    ($(
        $family:ident {
            $(
                $(#[$doc:meta])*
                $name:ident $(<$t:ident>)? ($($arg:ident: $ty:ty),*) -> $ret:ty = $builder:path;
            )*
        }
    )*) => {
        /// Command methods for pipelines: each queues the command its builder makes.
        ///
        /// Implementors write [`PipelineCommands::push`]; generic replies are queued as
        /// [`Value`] because a pipeline converts all its replies together when it runs.
        ///
        /// ```
        /// use resp_core::{Batch, PipelineCommands};
        ///
        /// let mut pipe = Batch::new();
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
            /// use resp_core::{Batch, PipelineCommands};
            ///
            /// let mut pipe = Batch::new();
            /// pipe.cmd("OBJECT").arg("FREQ").arg("k");
            /// assert_eq!(pipe.len(), 1);
            /// ```
            fn cmd(&mut self, name: &str) -> PipelineCmd<'_, Self>
            where
                Self: Sized,
            {
                PipelineCmd { pipeline: self, cmd: Some(resp_core::cmd(name)) }
            }

            $($(
                $(#[$doc])*
                #[doc = ""]
                #[doc = concat!(
                    "Queues [`", stringify!($family), "::", stringify!($name),
                    "`](resp_core::commands::", stringify!($family), "::", stringify!($name), ")."
                )]
                fn $name(&mut self, $($arg: $ty),*) -> &mut Self {
                    $(type $t = Value;)?
                    let cmd: Cmd<$ret> = $builder($($arg),*);
                    self.push(cmd)
                }
            )*)*
        }
    };
}

for_each_command!(pipeline_commands);

/// A command started with [`PipelineCommands::cmd`]; it is queued when dropped.
#[derive(Debug)]
pub struct PipelineCmd<'a, P: PipelineCommands> {
    pipeline: &'a mut P,
    cmd: Option<Cmd<Value>>,
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
