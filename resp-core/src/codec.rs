//! Storing structured values: the [`Codec`] hook that turns a value into the bytes of one
//! argument and a reply's bytes back into a value, [`Encoded`] to use any codec, and (with
//! the `serde` feature) [`Json`], the ready-made one.
//!
//! A codec failure is an [`Error::Codec`] carrying the codec's own error as its
//! [`source`](std::error::Error::source). An argument cannot fail to be written
//! ([`ToArgs`] returns nothing), so encoding failures surface when the command is sent:
//! the value reports the failure through [`ArgWriter::fail`], the command remembers it
//! ([`Cmd::failure`](crate::Cmd::failure)), and sending it (alone or in a pipeline) ends with
//! that error without writing anything to the server.

use std::fmt;
use std::marker::PhantomData;

use bytes::Bytes;

use crate::{ArgWriter, Error, FromValue, NotByte, ToArgs, Value};

/// A format that turns values into bytes and back: the hook for MessagePack, bincode, CBOR
/// or anything else, used through [`Encoded`].
///
/// One codec type can serve every value type it handles (`impl<T: Serialize +
/// DeserializeOwned> Codec<T> for MsgPack`, with serde), or only some. A codec of your own,
/// here a made-up one that stores numbers in hexadecimal:
///
/// ```
/// use resp_core::{Codec, Encoded, FromValue, Value};
///
/// struct Hex;
///
/// impl Codec<u64> for Hex {
///     const FORMAT: &'static str = "hex";
///     type Error = std::num::ParseIntError;
///     fn encode(value: &u64) -> Result<Vec<u8>, Self::Error> {
///         Ok(format!("{value:x}").into_bytes())
///     }
///     fn decode(bytes: &[u8]) -> Result<u64, Self::Error> {
///         u64::from_str_radix(&String::from_utf8_lossy(bytes), 16)
///     }
/// }
///
/// let cmd = resp_core::commands::strings::set("n", Encoded::<Hex, _>::new(255));
/// assert!(cmd.keys().eq([&b"n"[..]]));
/// let n = Encoded::<Hex, u64>::from_value(Value::BulkString("ff".into()))?;
/// assert_eq!(n.value, 255);
/// let bad = Encoded::<Hex, u64>::from_value(Value::BulkString("zz".into())).unwrap_err();
/// assert!(matches!(bad, resp_core::Error::Codec { format: "hex", .. }));
/// # Ok::<(), resp_core::Error>(())
/// ```
pub trait Codec<T> {
    /// The format's name, for error messages: `"JSON"`, `"MessagePack"`.
    const FORMAT: &'static str;
    /// What encoding or decoding reports; it becomes the [`Error::Codec`]'s source.
    type Error: std::error::Error + Send + Sync + 'static;

    /// The bytes of one argument holding `value`.
    ///
    /// # Errors
    /// When the value cannot be represented in this format.
    fn encode(value: &T) -> Result<Vec<u8>, Self::Error>;

    /// The value held by a reply's bytes.
    ///
    /// # Errors
    /// When the bytes are not a valid encoding of a `T`.
    fn decode(bytes: &[u8]) -> Result<T, Self::Error>;
}

/// A value stored in the format `C`: as an argument ([`ToArgs`]) it is one argument holding
/// the encoded bytes; as a reply type ([`FromValue`]) it decodes a string reply. Nil is
/// `Option<Encoded<C, T>>`'s `None`, as for any type.
///
/// # Errors
/// A value that does not encode makes the command fail when sent, with [`Error::Codec`]
/// (nothing is sent); a reply that does not decode is [`Error::Codec`] too, and a reply
/// that is not a string is [`Error::Type`].
pub struct Encoded<C, T> {
    /// The value.
    pub value: T,
    codec: PhantomData<fn() -> C>,
}

impl<C, T> Encoded<C, T> {
    /// Wraps `value` to be encoded with `C`.
    pub fn new(value: T) -> Self {
        Encoded {
            value,
            codec: PhantomData,
        }
    }

    /// The value.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<C, T: Clone> Clone for Encoded<C, T> {
    fn clone(&self) -> Self {
        Encoded::new(self.value.clone())
    }
}

impl<C, T: fmt::Debug> fmt::Debug for Encoded<C, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Encoded").field(&self.value).finish()
    }
}

impl<C, T: PartialEq> PartialEq for Encoded<C, T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<C, T> std::ops::Deref for Encoded<C, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<C: Codec<T>, T> ToArgs for Encoded<C, T> {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        match C::encode(&self.value) {
            Ok(bytes) => out.write_arg(&bytes),
            Err(e) => out.fail(Error::encode(C::FORMAT, e)),
        }
    }
}

impl<C: Codec<T>, T> FromValue for Encoded<C, T> {
    fn from_value(value: Value) -> Result<Self, Error> {
        let bytes = Bytes::from_value(value)?;
        C::decode(&bytes)
            .map(Encoded::new)
            .map_err(|e| Error::decode(C::FORMAT, e))
    }
}

impl<C, T> NotByte for Encoded<C, T> {}

#[cfg(feature = "serde")]
pub use self::json::{Json, JsonCodec};

#[cfg(feature = "serde")]
mod json {
    use std::fmt;

    use bytes::Bytes;
    use serde::de::DeserializeOwned;
    use serde::Serialize;

    use super::Codec;
    use crate::{ArgWriter, Error, FromValue, NotByte, ToArgs, Value};

    /// The JSON [`Codec`] (serde_json), for [`Encoded`](super::Encoded) and for code that is
    /// generic over codecs; [`Json`] is the short way to use it.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct JsonCodec;

    impl<T: Serialize + DeserializeOwned> Codec<T> for JsonCodec {
        const FORMAT: &'static str = "JSON";
        type Error = serde_json::Error;

        fn encode(value: &T) -> Result<Vec<u8>, serde_json::Error> {
            serde_json::to_vec(value)
        }

        fn decode(bytes: &[u8]) -> Result<T, serde_json::Error> {
            serde_json::from_slice(bytes)
        }
    }

    /// A value stored as JSON (with serde): one argument holding its JSON text, or a
    /// string reply parsed as JSON. Works in every argument and reply position: a command's
    /// value, a pipeline's, a script's argument, an element of a `Vec` or `HashMap` reply.
    ///
    /// Encoding cannot fail inside [`ToArgs`]; a value whose `Serialize` impl fails (a map
    /// with non-string keys, a custom error) makes the command end with [`Error::Codec`]
    /// when it is sent, and nothing is sent. A reply that is not JSON for `T` is
    /// [`Error::Codec`]; its [`source`](std::error::Error::source) is the
    /// `serde_json::Error`.
    ///
    /// ```
    /// use resp_core::{FromValue, Json, Value};
    /// # #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    /// # struct User { name: String, age: u32 }
    ///
    /// let cmd = resp_core::commands::strings::set("user:1", Json(User { name: "Ada".into(), age: 36 }));
    /// assert!(cmd.failure().is_none());
    ///
    /// let reply = Value::BulkString(r#"{"name":"Ada","age":36}"#.into());
    /// let Json(user) = Json::<User>::from_value(reply)?;
    /// assert_eq!(user, User { name: "Ada".into(), age: 36 });
    ///
    /// let bad = Json::<User>::from_value(Value::BulkString("{".into())).unwrap_err();
    /// assert!(matches!(bad, resp_core::Error::Codec { format: "JSON", .. }));
    /// # Ok::<(), resp_core::Error>(())
    /// ```
    #[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
    pub struct Json<T>(pub T);

    impl<T> Json<T> {
        /// The value.
        pub fn into_inner(self) -> T {
            self.0
        }
    }

    impl<T> std::ops::Deref for Json<T> {
        type Target = T;
        fn deref(&self) -> &T {
            &self.0
        }
    }

    impl<T: fmt::Debug> fmt::Debug for Json<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_tuple("Json").field(&self.0).finish()
        }
    }

    // Not through `JsonCodec`: an argument needs only `Serialize` (so `Json(&user)` works),
    // a reply only `DeserializeOwned`.
    impl<T: Serialize> ToArgs for Json<T> {
        fn write_args(&self, out: &mut ArgWriter<'_>) {
            match serde_json::to_vec(&self.0) {
                Ok(bytes) => out.write_arg(&bytes),
                Err(e) => out.fail(Error::encode("JSON", e)),
            }
        }
    }

    impl<T: DeserializeOwned> FromValue for Json<T> {
        fn from_value(value: Value) -> Result<Self, Error> {
            let bytes = Bytes::from_value(value)?;
            serde_json::from_slice(&bytes)
                .map(Json)
                .map_err(|e| Error::decode("JSON", e))
        }
    }

    impl<T> NotByte for Json<T> {}
}
