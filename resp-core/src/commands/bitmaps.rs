//! Bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD.

use crate::{ArgWriter, Args, Cmd, ToArgs};

/// Whether `BITCOUNT`/`BITPOS` ranges count bytes or bits (Redis 7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BitUnit {
    /// `BYTE` (the default).
    Byte,
    /// `BIT`
    Bit,
}

impl ToArgs for BitUnit {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        out.write_arg(match self {
            BitUnit::Byte => b"BYTE",
            BitUnit::Bit => b"BIT",
        })
    }
}

/// The operation of `BITOP`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BitOp {
    /// `AND`
    And,
    /// `OR`
    Or,
    /// `XOR`
    Xor,
    /// `NOT` (one source key).
    Not,
}

impl ToArgs for BitOp {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        out.write_arg(match self {
            BitOp::And => b"AND",
            BitOp::Or => b"OR",
            BitOp::Xor => b"XOR",
            BitOp::Not => b"NOT",
        })
    }
}

/// How `BITFIELD` handles overflow of the `SET` and `INCRBY` operations that follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overflow {
    /// `WRAP` (the default): wrap around.
    Wrap,
    /// `SAT`: saturate at the type's bounds.
    Sat,
    /// `FAIL`: do nothing and reply null.
    Fail,
}

/// The operations of one `BITFIELD` call. Types are `"u8"`, `"i16"`, ...; offsets are bit
/// offsets, or `"#n"` for the n-th field of the type's width.
///
/// ```
/// use resp_core::commands::bitmaps::{self, BitField, Overflow};
///
/// let ops = BitField::new().set("u8", 0, 255).overflow(Overflow::Sat).incrby("u8", 0, 10).get("u8", 0);
/// let cmd = bitmaps::bitfield("bits", ops);
/// assert_eq!(cmd.argc(), 15);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BitField {
    ops: Args,
}

impl BitField {
    /// No operations.
    pub fn new() -> Self {
        Self::default()
    }

    /// `GET type offset`
    pub fn get(mut self, kind: impl ToArgs, offset: impl ToArgs) -> Self {
        self.ops.push("GET").push(kind).push(offset);
        self
    }

    /// `SET type offset value`: replies the old value.
    pub fn set(mut self, kind: impl ToArgs, offset: impl ToArgs, value: i64) -> Self {
        self.ops.push("SET").push(kind).push(offset).push(value);
        self
    }

    /// `INCRBY type offset increment`: replies the new value.
    pub fn incrby(mut self, kind: impl ToArgs, offset: impl ToArgs, increment: i64) -> Self {
        self.ops
            .push("INCRBY")
            .push(kind)
            .push(offset)
            .push(increment);
        self
    }

    /// `OVERFLOW WRAP|SAT|FAIL` for the operations after it.
    pub fn overflow(mut self, overflow: Overflow) -> Self {
        let word = match overflow {
            Overflow::Wrap => "WRAP",
            Overflow::Sat => "SAT",
            Overflow::Fail => "FAIL",
        };
        self.ops.push("OVERFLOW").push(word);
        self
    }
}

commands!(
    /// `SETBIT key offset 0|1`: the bit's old value.
    pub fn setbit(key: impl ToArgs, offset: u64, value: bool) -> Cmd<u8> {
        Cmd::new("SETBIT").key(key).arg(offset).arg(u8::from(value))
    }

    /// `GETBIT key offset`: 0 or 1 (0 past the end).
    pub fn getbit(key: impl ToArgs, offset: u64) -> Cmd<u8> {
        Cmd::new("GETBIT").read_only().key(key).arg(offset)
    }

    /// `BITCOUNT key`: the number of set bits.
    pub fn bitcount(key: impl ToArgs) -> Cmd<usize> {
        Cmd::new("BITCOUNT").read_only().key(key)
    }

    /// `BITCOUNT key start end BYTE|BIT`: set bits within a range (both ends inclusive; negative
    /// counts from the end).
    pub fn bitcount_range(key: impl ToArgs, start: i64, end: i64, unit: BitUnit) -> Cmd<usize> {
        Cmd::new("BITCOUNT")
            .read_only()
            .key(key)
            .arg(start)
            .arg(end)
            .arg(unit)
    }

    /// `BITPOS key 0|1`: the position of the first bit with that value, or -1.
    pub fn bitpos(key: impl ToArgs, bit: bool) -> Cmd<i64> {
        Cmd::new("BITPOS").read_only().key(key).arg(u8::from(bit))
    }

    /// `BITPOS key 0|1 start end BYTE|BIT`
    pub fn bitpos_range(
        key: impl ToArgs,
        bit: bool,
        start: i64,
        end: i64,
        unit: BitUnit,
    ) -> Cmd<i64> {
        Cmd::new("BITPOS")
            .read_only()
            .key(key)
            .arg(u8::from(bit))
            .arg(start)
            .arg(end)
            .arg(unit)
    }

    /// `BITOP AND|OR|XOR|NOT destination key...`: the length of the stored string.
    pub fn bitop(op: BitOp, destination: impl ToArgs, keys: impl ToArgs) -> Cmd<usize> {
        Cmd::new("BITOP").arg(op).key(destination).key(keys)
    }

    /// `BITFIELD key operations...`: one reply per GET/SET/INCRBY (`None` where `OVERFLOW FAIL`
    /// stopped it).
    pub fn bitfield(key: impl ToArgs, operations: BitField) -> Cmd<Vec<Option<i64>>> {
        Cmd::new("BITFIELD").key(key).arg(operations.ops)
    }

    /// `BITFIELD_RO key GET type offset ...`: the read-only form (GET operations only), usable on
    /// replicas.
    pub fn bitfield_ro(key: impl ToArgs, operations: BitField) -> Cmd<Vec<Option<i64>>> {
        Cmd::new("BITFIELD_RO").key(key).arg(operations.ops)
    }
);
