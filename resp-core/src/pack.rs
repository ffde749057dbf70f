//! The standalone packing facade: whole commands to RESP bytes, as the original Python module
//! offered it, for users who bring their own socket.

use bytes::BytesMut;

use crate::encode::{write_array_header, write_bulk_string};

/// Encodes one command as a RESP array of bulk strings.
///
/// The first element, the command name, is upper-cased (ASCII); the arguments are written as
/// they are, binary data included. Any slice of string-like or byte-like items works.
///
/// ```
/// use resp_core::pack_command;
///
/// assert_eq!(pack_command(&["get", "a"]), b"*2\r\n$3\r\nGET\r\n$1\r\na\r\n");
/// assert_eq!(pack_command(&[b"set".as_slice(), b"k", b"\x00\xff"]),
///            b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n\x00\xff\r\n");
/// ```
pub fn pack_command<A: AsRef<[u8]>>(args: &[A]) -> Vec<u8> {
    let mut out = BytesMut::new();
    pack_into(args, &mut out);
    out.into()
}

/// Encodes commands as one transaction: `MULTI`, each command as [`pack_command`] writes it,
/// then `EXEC`.
///
/// ```
/// use resp_core::pack_pipeline;
///
/// let bytes = pack_pipeline(&[&["GET", "a"][..], &["INCR", "a"][..]]);
/// assert_eq!(
///     bytes,
///     b"*1\r\n$5\r\nMULTI\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\n\
///       *2\r\n$4\r\nINCR\r\n$1\r\na\r\n*1\r\n$4\r\nEXEC\r\n"
/// );
/// ```
pub fn pack_pipeline<C, A>(commands: &[C]) -> Vec<u8>
where
    C: AsRef<[A]>,
    A: AsRef<[u8]>,
{
    let mut frames = BytesMut::new();
    for command in commands {
        pack_into(command.as_ref(), &mut frames);
    }
    let mut out = BytesMut::new();
    crate::batch::write_transaction(&frames, &mut out);
    out.into()
}

fn pack_into<A: AsRef<[u8]>>(args: &[A], out: &mut BytesMut) {
    write_array_header(args.len(), out);
    let mut args = args.iter();
    if let Some(name) = args.next() {
        write_bulk_string(&name.as_ref().to_ascii_uppercase(), out);
    }
    for arg in args {
        write_bulk_string(arg.as_ref(), out);
    }
}

#[cfg(test)]
mod tests;
