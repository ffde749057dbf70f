//! Key slots: CRC16 (XMODEM) of the key, or of its `{hash tag}`, modulo 16384.

use crate::Cmd;

/// The number of hash slots in a cluster.
pub const SLOTS: u16 = 16384;

/// CRC16-CCITT (XMODEM: polynomial 0x1021, initial value 0), as Redis Cluster uses for slots.
///
/// ```
/// assert_eq!(resp_core::cluster::crc16(b"123456789"), 0x31C3);
/// ```
pub fn crc16(bytes: &[u8]) -> u16 {
    bytes.iter().fold(0u16, |crc, &b| {
        let index = usize::from(((crc >> 8) ^ u16::from(b)) & 0xff);
        (crc << 8) ^ CRC16_TABLE[index]
    })
}

const CRC16_TABLE: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = (i as u16) << 8;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

/// The part of `key` that is hashed: what lies between the first `{` and the first `}` after
/// it, when that is not empty; otherwise the whole key (the Redis Cluster specification).
///
/// ```
/// use resp_core::cluster::hash_tag;
/// assert_eq!(hash_tag(b"{user1000}.following"), b"user1000");
/// assert_eq!(hash_tag(b"foo{}{bar}"), b"foo{}{bar}");
/// assert_eq!(hash_tag(b"foo{{bar}}zap"), b"{bar");
/// ```
pub fn hash_tag(key: &[u8]) -> &[u8] {
    if let Some(open) = memchr::memchr(b'{', key) {
        let rest = &key[open + 1..];
        if let Some(close) = memchr::memchr(b'}', rest) {
            if close > 0 {
                return &rest[..close];
            }
        }
    }
    key
}

/// The cluster slot of `key` (0..16384).
///
/// ```
/// use resp_core::cluster::key_slot;
/// assert_eq!(key_slot(b"{user1000}.following"), key_slot(b"{user1000}.followers"));
/// ```
pub fn key_slot(key: &[u8]) -> u16 {
    crc16(hash_tag(key)) & (SLOTS - 1)
}

/// The slots a command's keys hash to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandSlots {
    /// The command has no (marked) key: it may run on any primary, or on all of them.
    NoKey,
    /// Every key hashes to this slot.
    Slot(u16),
    /// The keys hash to these distinct slots, in the order the keys first name them.
    CrossSlot(Vec<u16>),
}

impl CommandSlots {
    /// The slots of the given keys.
    pub fn of_keys<'a>(keys: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let mut slots = CommandSlots::NoKey;
        for key in keys {
            let slot = key_slot(key);
            match &mut slots {
                CommandSlots::NoKey => slots = CommandSlots::Slot(slot),
                CommandSlots::Slot(s) if *s == slot => {}
                CommandSlots::Slot(s) => slots = CommandSlots::CrossSlot(vec![*s, slot]),
                CommandSlots::CrossSlot(all) => {
                    if !all.contains(&slot) {
                        all.push(slot);
                    }
                }
            }
        }
        slots
    }

    /// The slots of a command's marked keys ([`Cmd::keys`]).
    ///
    /// ```
    /// use resp_core::cluster::{key_slot, CommandSlots};
    /// use resp_core::commands::strings;
    ///
    /// let get = strings::get::<resp_core::Value>("{a}1");
    /// assert_eq!(CommandSlots::of(&get), CommandSlots::Slot(key_slot(b"a")));
    /// ```
    pub fn of<T>(cmd: &Cmd<T>) -> Self {
        Self::of_keys(cmd.keys())
    }

    /// The one slot, if all keys share it.
    pub fn single(&self) -> Option<u16> {
        match self {
            CommandSlots::Slot(s) => Some(*s),
            _ => None,
        }
    }
}
