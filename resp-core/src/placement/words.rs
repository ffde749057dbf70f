//! Reading back encoded commands, to classify them by name and arguments: our own encoding,
//! and the bytes of a request built from raw frames, which are checked to be whole commands
//! first ([`Commands`]). The readers never index past an end.

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

/// The commands of encoded request bytes, each `*argc\r\n` followed by `argc` bulk strings:
/// their bodies (the bulk strings), or `Err` at the first thing that is not a whole command
/// (then nothing more). A command with no words counts as malformed: the server sends no
/// reply to `*0\r\n`, so the replies after it would be matched to the wrong requests.
pub(crate) struct Commands<'a> {
    rest: &'a [u8],
}

impl<'a> Commands<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Commands { rest: bytes }
    }

    fn split(bytes: &'a [u8]) -> Option<(&'a [u8], &'a [u8])> {
        let (argc, body) = number_line(bytes.strip_prefix(b"*")?)?;
        if argc == 0 {
            return None;
        }
        let mut end = 0;
        for _ in 0..argc {
            let (len, data) = number_line(body.get(end..)?.strip_prefix(b"$")?)?;
            let word_end = (body.len() - data.len()).checked_add(len)?;
            body.get(word_end..)?.strip_prefix(b"\r\n")?;
            end = word_end + 2;
        }
        Some((&body[..end], &body[end..]))
    }
}

impl<'a> Iterator for Commands<'a> {
    type Item = Result<&'a [u8], ()>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        match Self::split(self.rest) {
            Some((body, rest)) => {
                self.rest = rest;
                Some(Ok(body))
            }
            None => {
                self.rest = &[];
                Some(Err(()))
            }
        }
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
