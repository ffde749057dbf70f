//! How each command is written once: [`commands!`] wraps a family's builders and records
//! them; [`collect_families!`] gathers every family's records into the exported
//! `for_each_command!`, from which the method traits are generated, in this crate or another.

/// Defines a family's builders and records them for the method traits.
///
/// The builders are ordinary functions inside `commands!( ... );` (parentheses, so rustfmt
/// formats them as items), each of the shape
///
/// ```text
/// /// docs
/// pub fn name<T: FromValue>(arg: Type, ...) -> Cmd<Reply> { body }
/// ```
///
/// with at most one generic parameter, the reply type. They are emitted unchanged, so errors
/// in a body point at the family file. Next to them this defines `entries!`, a crate-private
/// macro that hands the family's records (doc, name, generic, arguments, reply) to a callback;
/// only [`collect_families!`] calls it.
macro_rules! commands {
    (
        $(
            $(#[$attr:meta])*
            pub fn $name:ident $(<$t:ident: FromValue>)? ($($arg:ident: $ty:ty),* $(,)?)
                -> Cmd<$ret:ty>
            $body:block
        )*
    ) => {
        $(
            $(#[$attr])*
            pub fn $name $(<$t: FromValue>)? ($($arg: $ty),*) -> Cmd<$ret> $body
        )*

        commands!(@entries ($) $( $(#[$attr])* $name $(<$t>)? ($($arg: $ty),*) -> $ret; )*);
    };
    // `$d` is a `$` passed in: a macro cannot otherwise write `$` in a macro it defines.
    (@entries ($d:tt) $($entries:tt)*) => {
        macro_rules! entries {
            ($d callback:ident ! ($d($d before:tt)*) ($d($d after:tt)*)) => {
                $d callback! { $d($d before)* { $($entries)* } $d($d after)* }
            };
        }
        pub(crate) use entries;
    };
}

/// Reads the records of the named families, in order, and defines the exported
/// `for_each_command!` with all of them written out. Invoked once, in `commands/mod.rs`.
///
/// A tt-muncher: `@next` asks the next family's `entries!` to call back `@add` with its
/// records, `@add` appends them, and `@emit` writes the macro when no family is left.
macro_rules! collect_families {
    ($($family:ident)*) => {
        collect_families!(@next () $($family)*);
    };
    (@next ($($done:tt)*) $family:ident $($rest:ident)*) => {
        $family::entries!(collect_families! (@add ($($done)*) $family) ($($rest)*));
    };
    (@next ($($done:tt)*)) => {
        collect_families!(@emit ($) $($done)*);
    };
    (@add ($($done:tt)*) $family:ident { $($entries:tt)* } $($rest:ident)*) => {
        collect_families!(@next ($($done)* $family { $($entries)* }) $($rest)*);
    };
    (@emit ($d:tt) $(
        $family:ident {
            $( $(#[$doc:meta])* $name:ident $(<$t:ident>)? ($($arg:ident: $ty:ty),*) -> $ret:ty; )*
        }
    )*) => {
        /// Hands every typed command to the macro `callback`, for generating method traits
        /// from the builders (resp-core's `PipelineCommands` and cureds-core's `AsyncCommands` are made so).
        ///
        /// `for_each_command!(callback)` expands to
        ///
        /// ```text
        /// callback! {
        ///     strings {
        ///         /// `GET key`: ...
        ///         get<T>(key: impl ToArgs) -> T = $crate::commands::strings::get;
        ///         /// `INCR key`: the value after adding one.
        ///         incr(key: impl ToArgs) -> i64 = $crate::commands::strings::incr;
        ///         ...
        ///     }
        ///     keys { ... }
        ///     ...
        /// }
        /// ```
        ///
        /// one entry per builder: its doc attributes, name, optional generic reply parameter
        /// (always bounded by `FromValue` in the builder), arguments, the reply type (the `T`
        /// of the builder's `Cmd<T>`, which may mention the generic), and the builder's path.
        /// Argument and reply types are written as in the family modules, so the callback's
        /// module needs `use resp_core::commands::types::*;` (and `ToArgs`) in scope.
        ///
        /// Within resp-core it is reachable only by this name, not by path (rustc issue
        /// 52234, macro-expanded exports); other crates call `resp_core::for_each_command!`.
        #[doc(hidden)]
        #[macro_export]
        macro_rules! for_each_command {
            ($d callback:ident) => {
                $d callback! {
                    $(
                        $family {
                            $(
                                $(#[$doc])*
                                $name $(<$t>)? ($($arg: $ty),*) -> $ret
                                    = $d crate::commands::$family::$name;
                            )*
                        }
                    )*
                }
            };
        }
    };
}
