//! Seeded RESP-like inputs for the `cargo test` runs of the checks.
//!
//! Uniform random bytes almost never get past the first type byte, so the generator strings
//! together grammar fragments (headers, payloads, terminators, the odd stray byte) of every
//! RESP3 type. Most outputs are near-valid: valid prefixes, wrong counts, missing CR LF, which
//! is where decoders differ.

use super::SplitMix64;

const FRAGMENTS: &[&[u8]] = &[
    b"+OK\r\n",
    b"-ERR bad\r\n",
    b":0\r\n",
    b":-42\r\n",
    b":+7\r\n",
    b":9223372036854775807\r\n",
    b":9223372036854775808\r\n",
    b":\r\n",
    b"$0\r\n\r\n",
    b"$3\r\nfoo\r\n",
    b"$3\r\nfo\r\n",
    b"$-1\r\n",
    b"$-2\r\n",
    b"$?\r\n",
    b";2\r\nab\r\n",
    b";0\r\n",
    b"*0\r\n",
    b"*1\r\n",
    b"*2\r\n",
    b"*-1\r\n",
    b"*?\r\n",
    b"%1\r\n",
    b"%?\r\n",
    b"~2\r\n",
    b"~?\r\n",
    b">2\r\n",
    b"|1\r\n",
    b".\r\n",
    b"_\r\n",
    b",1.5\r\n",
    b",-2e10\r\n",
    b",inf\r\n",
    b",-inf\r\n",
    b",nan\r\n",
    b",.5\r\n",
    b",1e400\r\n",
    b"#t\r\n",
    b"#f\r\n",
    b"#x\r\n",
    b"(12345678901234567890123\r\n",
    b"(-1\r\n",
    b"!5\r\nERR x\r\n",
    b"=7\r\ntxt:abc\r\n",
    b"=2\r\nab\r\n",
    b"*99999999999\r\n",
    b"$2147483648\r\n",
    b"\r\n",
    b"\r",
    b"\n",
];

const STRAY: &[u8] = b"+-:$*_,#(!=%~>|.;?0123456789\r\nx\0\xff";

/// Appends one random RESP-like input of at most about `max_fragments` pieces to `out`.
pub fn resp_soup(rng: &mut SplitMix64, max_fragments: usize, out: &mut Vec<u8>) {
    let count = 1 + rng.below(max_fragments);
    for _ in 0..count {
        match rng.below(10) {
            // A stray byte, often a type byte or a digit.
            0 => out.push(STRAY[rng.below(STRAY.len())]),
            // A fragment cut short: a valid prefix of something.
            1 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
                out.extend_from_slice(&fragment[..rng.below(fragment.len())]);
            }
            _ => out.extend_from_slice(FRAGMENTS[rng.below(FRAGMENTS.len())]),
        }
    }
}
