//! The packed-nvlist reader against buffers no kernel would write: every
//! prefix, every single-byte change and arbitrary bytes are refused or
//! read, never a panic; whatever it reads packs back to a list that reads
//! the same.

use libcarpctl::nvlist::{NvList, NvValue};
use proptest::prelude::*;

fn sample() -> NvList {
    let mut peer = NvList::new();
    peer.set("af", NvValue::Number(2));
    peer.set("addr", NvValue::Binary(vec![192, 0, 2, 1]));
    let mut l = NvList::new();
    l.set("syncdev", NvValue::String("igb0".into()));
    l.set("syncpeer", NvValue::List(peer));
    l.set("maxupdates", NvValue::Number(128));
    l.set("flags", NvValue::Bool(true));
    l.set("none", NvValue::Null);
    l
}

/// Read `buf`; if it reads, its packing must read back equal.
fn read_is_sound(buf: &[u8]) {
    if let Ok(l) = NvList::unpack(buf) {
        for be in [false, true] {
            assert_eq!(NvList::unpack(&l.pack_as(be)).as_ref(), Ok(&l));
        }
    }
}

#[test]
fn every_prefix_and_every_byte_change() {
    for be in [false, true] {
        let good = sample().pack_as(be);
        assert_eq!(NvList::unpack(&good), Ok(sample()));
        for n in 0..good.len() {
            assert!(NvList::unpack(&good[..n]).is_err(), "a {n}-byte prefix read");
        }
        for i in 0..good.len() {
            for v in [0u8, 1, 2, 0x7f, 0x80, 0xfe, 0xff, good[i] ^ 1] {
                let mut b = good.clone();
                b[i] = v;
                read_is_sound(&b);
            }
        }
    }
}

/// Lists nested deeper than any request uses still read (the kernel caps
/// nesting; a reader must not run out of stack on a long chain).
#[test]
fn deep_nesting() {
    let mut l = NvList::new();
    for _ in 0..64 {
        let mut outer = NvList::new();
        outer.set("n", NvValue::List(l));
        l = outer;
    }
    read_is_sound(&l.pack_as(false));
}

proptest! {
    #[test]
    fn arbitrary_bytes(buf in proptest::collection::vec(any::<u8>(), 0..200)) {
        read_is_sound(&buf);
    }

    #[test]
    fn a_valid_header_then_arbitrary_pairs(tail in proptest::collection::vec(any::<u8>(), 0..120), be in any::<bool>()) {
        let mut buf = NvList::new().pack_as(be);
        let size = tail.len() as u64;
        let at = buf.len() - 8;
        let bytes = if be { size.to_be_bytes() } else { size.to_le_bytes() };
        buf[at..].copy_from_slice(&bytes);
        buf.extend_from_slice(&tail);
        read_is_sound(&buf);
    }
}
