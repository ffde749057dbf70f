//! [`ToArgs`]: turning Rust values into command arguments, written straight into the output
//! buffer as RESP bulk strings with no intermediate `String`.

use bytes::{BufMut, Bytes, BytesMut};

use crate::Error;

/// Where [`ToArgs`] writes: appends bulk strings to a command under construction and counts them.
///
/// A value that cannot become an argument (a codec failed, see [`crate::Codec`]) reports it
/// with [`ArgWriter::fail`] instead of writing: the command records the failure and is never
/// sent; sending it ends with that error.
#[derive(Debug)]
pub struct ArgWriter<'a> {
    buf: &'a mut BytesMut,
    count: &'a mut usize,
    failure: Option<Error>,
}

impl<'a> ArgWriter<'a> {
    /// A writer that appends to `buf` and adds one to `count` per argument. Read a failure
    /// reported by the values with [`ArgWriter::into_failure`].
    pub fn new(buf: &'a mut BytesMut, count: &'a mut usize) -> Self {
        ArgWriter {
            buf,
            count,
            failure: None,
        }
    }

    /// Reports that a value could not be written (the first report is kept): the command
    /// being built must not be sent, and sending it ends with `error`.
    pub fn fail(&mut self, error: Error) {
        self.failure.get_or_insert(error);
    }

    /// The first failure reported with [`ArgWriter::fail`], if any.
    pub fn into_failure(self) -> Option<Error> {
        self.failure
    }

    /// Appends one binary-safe argument.
    #[inline]
    pub fn write_arg(&mut self, arg: &[u8]) {
        let mut len = itoa::Buffer::new();
        let len = len.format(arg.len());
        self.buf.reserve(1 + len.len() + 2 + arg.len() + 2);
        self.buf.put_u8(b'$');
        self.buf.put_slice(len.as_bytes());
        self.buf.put_slice(b"\r\n");
        self.buf.put_slice(arg);
        self.buf.put_slice(b"\r\n");
        *self.count += 1;
    }

    /// Appends one integer argument in decimal.
    #[inline]
    pub fn write_int(&mut self, n: impl itoa::Integer) {
        let mut digits = itoa::Buffer::new();
        self.write_arg(digits.format(n).as_bytes());
    }

    /// Appends one floating-point argument in the shortest form that reads back exactly;
    /// infinities as `inf` / `-inf`, which Redis accepts.
    #[inline]
    pub fn write_f64(&mut self, x: f64) {
        if x.is_infinite() {
            self.write_arg(if x > 0.0 { b"inf" } else { b"-inf" });
        } else if x.is_nan() {
            self.write_arg(b"nan");
        } else {
            let mut digits = ryu::Buffer::new();
            self.write_arg(digits.format_finite(x).as_bytes());
        }
    }

    /// Appends arguments that an [`Args`] encoded earlier.
    fn write_encoded(&mut self, encoded: &[u8], count: usize) {
        self.buf.extend_from_slice(encoded);
        *self.count += count;
    }

    /// How many arguments have been written so far (to the command as a whole).
    pub fn count(&self) -> usize {
        *self.count
    }
}

/// A value that becomes zero or more command arguments.
///
/// Strings and bytes become one argument as they are; numbers become their decimal text;
/// `bool` becomes `1` or `0`; `Option` adds nothing when `None`; slices, `Vec`s and tuples
/// add each element in order, so `("field", 1)` pairs fit `HSET` and `MSET`.
///
/// Writing cannot fail, except through [`ArgWriter::fail`]: a value that cannot be encoded
/// (a `Json` whose `Serialize` impl fails) marks the command as failed, and sending it
/// ends with that [`Error::Codec`](crate::Error::Codec) without writing anything.
///
/// ```
/// use bytes::BytesMut;
/// use resp_core::{ArgWriter, ToArgs};
///
/// let (mut buf, mut count) = (BytesMut::new(), 0);
/// ("k", 42u8, 1.5f64).write_args(&mut ArgWriter::new(&mut buf, &mut count));
/// assert_eq!(count, 3);
/// assert_eq!(&buf[..], b"$1\r\nk\r\n$2\r\n42\r\n$3\r\n1.5\r\n");
/// ```
pub trait ToArgs {
    /// Appends this value's arguments.
    fn write_args(&self, out: &mut ArgWriter<'_>);
}

impl<T: ToArgs + ?Sized> ToArgs for &T {
    #[inline]
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        (**self).write_args(out)
    }
}

macro_rules! bytes_like {
    ($($t:ty),*) => {$(
        impl ToArgs for $t {
            #[inline]
            fn write_args(&self, out: &mut ArgWriter<'_>) {
                out.write_arg(AsRef::<[u8]>::as_ref(self))
            }
        }
    )*};
}
bytes_like!(str, String, [u8], Vec<u8>, Bytes, BytesMut);

impl<const N: usize> ToArgs for [u8; N] {
    #[inline]
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        out.write_arg(self)
    }
}

macro_rules! integer {
    ($($t:ty),*) => {$(
        impl ToArgs for $t {
            #[inline]
            fn write_args(&self, out: &mut ArgWriter<'_>) {
                out.write_int(*self)
            }
        }
    )*};
}
integer!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

impl ToArgs for f64 {
    #[inline]
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        out.write_f64(*self)
    }
}

impl ToArgs for f32 {
    #[inline]
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        out.write_f64(f64::from(*self))
    }
}

impl ToArgs for bool {
    /// `1` for true, `0` for false: what Redis reads as a boolean wherever it takes one
    /// (`SETBIT key offset 1`, a Lua script's `ARGV[1] == '1'`), and what
    /// [`FromValue`](crate::FromValue) for `bool` reads back from a stored value.
    #[inline]
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        out.write_arg(if *self { b"1" } else { b"0" })
    }
}

impl ToArgs for () {
    /// No arguments: for commands whose variable part is empty (`eval(script, (), ())`).
    #[inline]
    fn write_args(&self, _out: &mut ArgWriter<'_>) {}
}

impl<T: ToArgs> ToArgs for Option<T> {
    #[inline]
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        if let Some(v) = self {
            v.write_args(out)
        }
    }
}

impl<T: ToArgs + NotByte> ToArgs for [T] {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        for v in self {
            v.write_args(out)
        }
    }
}

impl<T: ToArgs + NotByte> ToArgs for Vec<T> {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        self.as_slice().write_args(out)
    }
}

impl<T: ToArgs + NotByte, const N: usize> ToArgs for [T; N] {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        self.as_slice().write_args(out)
    }
}

/// Marker for element types whose slices are lists of arguments: every [`ToArgs`] type but
/// `u8`, because `[u8]`, `Vec<u8>` and `[u8; N]` are one binary argument.
pub trait NotByte {}
macro_rules! not_byte {
    ($($t:ty),*) => {$( impl NotByte for $t {} )*};
}
not_byte!(
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    bool,
    str,
    String,
    Bytes,
    Vec<u8>
);
impl<T: ?Sized> NotByte for &T {}
impl<T, U> NotByte for (T, U) {}
impl<T, U, V> NotByte for (T, U, V) {}

macro_rules! tuple {
    ($($name:ident)+) => {
        impl<$($name: ToArgs),+> ToArgs for ($($name,)+) {
            #[allow(non_snake_case)]
            fn write_args(&self, out: &mut ArgWriter<'_>) {
                let ($($name,)+) = self;
                $($name.write_args(out);)+
            }
        }
    };
}
tuple!(A);
tuple!(A B);
tuple!(A B C);
tuple!(A B C D);
tuple!(A B C D E);
tuple!(A B C D E F);

impl<K: ToArgs, V: ToArgs, S> ToArgs for std::collections::HashMap<K, V, S> {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        for (k, v) in self {
            k.write_args(out);
            v.write_args(out);
        }
    }
}

impl<K: ToArgs, V: ToArgs> ToArgs for std::collections::BTreeMap<K, V> {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        for (k, v) in self {
            k.write_args(out);
            v.write_args(out);
        }
    }
}

/// Arguments encoded once and written again later, with their count known.
///
/// Commands whose argument list holds a count of what follows (`EVAL script numkeys key...`,
/// `ZUNIONSTORE dst numkeys key...`) encode the variable part first to learn the count; scans
/// and scripts keep their arguments to send them again.
///
/// ```
/// use resp_core::Args;
///
/// let keys = Args::from_args(["a", "b"]);
/// assert_eq!(keys.len(), 2);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Args {
    encoded: BytesMut,
    count: usize,
    failure: Option<Box<Error>>,
}

impl PartialEq for Args {
    fn eq(&self, other: &Self) -> bool {
        self.encoded == other.encoded
            && self.count == other.count
            && self.failure.is_some() == other.failure.is_some()
    }
}

impl Eq for Args {}

impl Args {
    /// No arguments.
    pub fn new() -> Self {
        Self::default()
    }

    /// The arguments `args` writes.
    pub fn from_args(args: impl ToArgs) -> Self {
        let mut this = Self::new();
        this.push(args);
        this
    }

    /// Appends more arguments.
    pub fn push(&mut self, args: impl ToArgs) -> &mut Self {
        let mut out = ArgWriter::new(&mut self.encoded, &mut self.count);
        args.write_args(&mut out);
        if let Some(error) = out.into_failure() {
            self.failure.get_or_insert(Box::new(error));
        }
        self
    }

    /// The first value that could not be encoded ([`ArgWriter::fail`]); a command these
    /// arguments go into is not sent.
    pub fn failure(&self) -> Option<&Error> {
        self.failure.as_deref()
    }

    /// The number of arguments.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether there are no arguments.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

impl ToArgs for Args {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        if let Some(error) = &self.failure {
            out.fail((**error).clone());
        }
        out.write_encoded(&self.encoded, self.count)
    }
}

impl NotByte for Args {}
impl NotByte for () {}
