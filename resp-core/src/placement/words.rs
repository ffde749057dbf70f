//! Reading back the bulk strings of commands this crate encoded, to classify them by name and
//! arguments. The input is our own encoding, but the readers still stop quietly at anything
//! malformed rather than index past an end.

/// The bulk strings of a command body: `$len\r\n<bytes>\r\n`, one after the other.
pub(super) struct Words<'a> {
    rest: &'a [u8],
}

impl<'a> Words<'a> {
    pub(super) fn new(body: &'a [u8]) -> Self {
        Words { rest: body }
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let after_dollar = self.rest.strip_prefix(b"$")?;
        let (len, data) = number_line(after_dollar)?;
        let word = data.get(..len)?;
        self.rest = data.get(len..)?.strip_prefix(b"\r\n")?;
        Some(word)
    }
}

/// `digits\r\n` at the front of `bytes`: the number and what follows the line. Read by hand
/// (every command sent is classified, so this is on the hot path).
fn number_line(bytes: &[u8]) -> Option<(usize, &[u8])> {
    let mut n: usize = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b'0'..=b'9' => n = n.checked_mul(10)?.checked_add(usize::from(byte - b'0'))?,
            b'\r' if i > 0 => return Some((n, bytes.get(i..)?.strip_prefix(b"\r\n")?)),
            _ => return None,
        }
    }
    None
}
