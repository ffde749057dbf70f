//! Bitmaps.

use cureds_core::AsyncCommands;
use resp_core::commands::bitmaps::{BitField, BitOp, BitUnit, Overflow};

pub(crate) async fn check<C: AsyncCommands + Sync>(c: &C, p: &str) {
    let k = |s: &str| format!("{p}{s}");
    let b = k("b");
    assert_eq!(c.setbit(&b, 7, true).await.unwrap(), 0);
    assert_eq!(c.setbit(&b, 7, true).await.unwrap(), 1);
    assert_eq!(c.getbit(&b, 7).await.unwrap(), 1);
    assert_eq!(c.getbit(&b, 100).await.unwrap(), 0);
    assert_eq!(c.get::<Vec<u8>>(&b).await.unwrap(), [1]);
    c.set(k("s"), "foobar").await.unwrap();
    assert_eq!(c.bitcount(k("s")).await.unwrap(), 26);
    assert_eq!(
        c.bitcount_range(k("s"), 1, 1, BitUnit::Byte).await.unwrap(),
        6
    );
    assert_eq!(
        c.bitcount_range(k("s"), 5, 30, BitUnit::Bit).await.unwrap(),
        17
    );
    c.set(k("p"), [0xffu8, 0xf0, 0x00]).await.unwrap();
    assert_eq!(c.bitpos(k("p"), false).await.unwrap(), 12);
    assert_eq!(
        c.bitpos_range(k("p"), true, 2, -1, BitUnit::Byte)
            .await
            .unwrap(),
        -1
    );
    assert_eq!(
        c.bitpos_range(k("p"), true, 7, 15, BitUnit::Bit)
            .await
            .unwrap(),
        7
    );
    c.set(k("x"), [0b1100u8]).await.unwrap();
    c.set(k("y"), [0b1010u8]).await.unwrap();
    assert_eq!(
        c.bitop(BitOp::And, k("and"), &[k("x"), k("y")])
            .await
            .unwrap(),
        1
    );
    assert_eq!(c.get::<Vec<u8>>(k("and")).await.unwrap(), [0b1000]);
    c.bitop(BitOp::Or, k("or"), &[k("x"), k("y")])
        .await
        .unwrap();
    assert_eq!(c.get::<Vec<u8>>(k("or")).await.unwrap(), [0b1110]);
    c.bitop(BitOp::Xor, k("xor"), &[k("x"), k("y")])
        .await
        .unwrap();
    assert_eq!(c.get::<Vec<u8>>(k("xor")).await.unwrap(), [0b0110]);
    c.bitop(BitOp::Not, k("not"), k("x")).await.unwrap();
    assert_eq!(c.get::<Vec<u8>>(k("not")).await.unwrap(), [!0b1100u8]);

    let ops = BitField::new()
        .set("u8", 0, 250)
        .overflow(Overflow::Sat)
        .incrby("u8", 0, 10)
        .get("u8", 0);
    assert_eq!(
        c.bitfield(k("f"), ops).await.unwrap(),
        [Some(0), Some(255), Some(255)]
    );
    let ops = BitField::new().overflow(Overflow::Fail).incrby("u8", 0, 1);
    assert_eq!(
        c.bitfield(k("f"), ops).await.unwrap(),
        [None],
        "FAIL overflow replies nil"
    );
    let ops = BitField::new().overflow(Overflow::Wrap).incrby("i8", 0, 1);
    assert_eq!(
        c.bitfield(k("f"), ops).await.unwrap(),
        [Some(0)],
        "i8 -1 + 1 wraps to 0"
    );
    assert_eq!(
        c.bitfield_ro(k("f"), BitField::new().get("u4", 0))
            .await
            .unwrap(),
        [Some(0)]
    );
}
