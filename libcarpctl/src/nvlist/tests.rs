use super::*;

/// `{"n": 5}` packed on amd64, worked out byte by byte from libnv's
/// layout: list header (magic, version, flags, 0 descriptors, 29 bytes
/// follow), then the pair header (type 3, name size 2, data size 8,
/// 0 items), "n\0" and the number.
#[test]
fn known_bytes_of_one_number() {
    let mut l = NvList::new();
    l.set("n", NvValue::Number(5));
    let mut want = vec![0x6c, 0, 0];
    want.extend_from_slice(&0u64.to_le_bytes());
    want.extend_from_slice(&29u64.to_le_bytes());
    want.push(3);
    want.extend_from_slice(&2u16.to_le_bytes());
    want.extend_from_slice(&8u64.to_le_bytes());
    want.extend_from_slice(&0u64.to_le_bytes());
    want.extend_from_slice(b"n\0");
    want.extend_from_slice(&5u64.to_le_bytes());
    assert_eq!(l.pack_as(false), want);
    assert_eq!(l.packed_size(), want.len());
    assert_eq!(NvList::unpack(&want).unwrap(), l);
}

/// A nested list: the pair's data size is the nested list's own packed
/// size, the nested header's size runs to the end of the whole buffer,
/// and an "up" pair (type 255, name "") closes it.
#[test]
fn known_bytes_of_a_nested_list() {
    let mut inner = NvList::new();
    inner.set("af", NvValue::Number(2));
    let mut l = NvList::new();
    l.set("p", NvValue::List(inner.clone()));
    l.set("b", NvValue::Bool(true));
    let bytes = l.pack_as(false);
    // 19 (header) + 19+2 (pair "p") + 19 (nested header) + 19+3+8 ("af")
    // + 19+1 (up) + 19+2+1 ("b").
    assert_eq!(bytes.len(), 19 + 21 + 19 + 30 + 20 + 22);
    let le64 = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
    assert_eq!(le64(11), (bytes.len() - 19) as u64);
    // Pair "p": type 5, data size = inner.packed_size() = 19 + 30.
    assert_eq!(bytes[19], 5);
    assert_eq!(le64(22), 49);
    assert_eq!(inner.packed_size(), 49);
    // The nested header starts after "p\0" and runs to the end.
    let nested = 19 + 21;
    assert_eq!(bytes[nested], 0x6c);
    assert_eq!(le64(nested + 11), (bytes.len() - nested - 19) as u64);
    // The up pair.
    let up = nested + 19 + 30;
    assert_eq!(&bytes[up..up + 3], &[255, 1, 0]);
    assert_eq!(bytes[up + 19], 0);
    assert_eq!(NvList::unpack(&bytes).unwrap(), l);
}

#[test]
fn every_type_round_trips_in_both_byte_orders() {
    let mut inner = NvList::new();
    inner.set("address", NvValue::Binary(vec![16, 2, 0, 0, 192, 0, 2, 1]));
    inner.set("empty", NvValue::List(NvList::new()));
    let mut l = NvList::new();
    l.set("syncdev", NvValue::String("igb0".into()));
    l.set("maxupdates", NvValue::Number(u64::MAX));
    l.set("on", NvValue::Bool(false));
    l.set("nothing", NvValue::Null);
    l.set("syncpeer", NvValue::List(inner));
    l.set("last", NvValue::String(String::new()));
    for be in [false, true] {
        let bytes = l.pack_as(be);
        assert_eq!(bytes[2] & 0x80 != 0, be);
        assert_eq!(NvList::unpack(&bytes).unwrap(), l, "big-endian {be}");
    }
    assert_eq!(l.pack(), l.pack_as(cfg!(target_endian = "big")));
}

#[test]
fn set_replaces_and_moves_to_the_end() {
    let mut l = NvList::new();
    l.set("a", NvValue::Number(1));
    l.set("b", NvValue::Number(2));
    l.set("a", NvValue::String("x".into()));
    let names: Vec<&str> = l.iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["b", "a"]);
    assert_eq!(l.number("a"), None);
    assert_eq!(l.string("a"), Some("x"));
}

#[test]
fn malformed_buffers_are_refused() {
    let mut l = NvList::new();
    l.set("s", NvValue::String("ab".into()));
    l.set("n", NvValue::List(NvList::new()));
    let good = l.pack_as(false);
    assert!(NvList::unpack(&good).is_ok());
    let bad = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut b = good.clone();
        f(&mut b);
        NvList::unpack(&b)
    };
    // Wrong magic, unknown flag, a size that does not match the buffer.
    assert_eq!(bad(&|b| b[0] = 0x6d), Err(Errno::EINVAL));
    assert_eq!(bad(&|b| b[2] = 0x10), Err(Errno::EINVAL));
    assert_eq!(bad(&|b| b.push(0)), Err(Errno::EINVAL));
    assert_eq!(bad(&|b| b.truncate(b.len() - 1)), Err(Errno::EINVAL));
    // Public flags on the list: EILSEQ, as nvlist_unpack(.., 0) says.
    assert_eq!(bad(&|b| b[2] = 0x01), Err(Errno::EILSEQ));
    // The string's NUL replaced: no terminator.
    let s_nul = 19 + 19 + 2 + 2;
    assert_eq!(bad(&|b| b[s_nul] = b'c'), Err(Errno::EINVAL));
    // A bool that is neither 0 nor 1.
    let mut t = NvList::new();
    t.set("b", NvValue::Bool(true));
    let mut b = t.pack_as(false);
    *b.last_mut().unwrap() = 2;
    assert_eq!(NvList::unpack(&b), Err(Errno::EINVAL));
    // An "up" with no list open, and a list never closed.
    let mut up = NvList::new().pack_as(false);
    up.extend_from_slice(&[255, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    up[11..19].copy_from_slice(&20u64.to_le_bytes());
    assert_eq!(NvList::unpack(&up), Err(Errno::EINVAL));
    let open = &good[..good.len() - 20];
    let mut open = open.to_vec();
    let n = (open.len() - 19) as u64;
    open[11..19].copy_from_slice(&n.to_le_bytes());
    assert!(NvList::unpack(&open).is_err());
    // The same name twice.
    let mut dup = NvList::new();
    dup.set("a", NvValue::Number(1));
    dup.pairs.push(("a".into(), NvValue::Number(2)));
    assert_eq!(NvList::unpack(&dup.pack_as(false)), Err(Errno::EEXIST));
}
