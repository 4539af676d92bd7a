//! The advertisement's HMAC-SHA1, exactly as FreeBSD's `carp_hmac_prepare`
//! and `carp_hmac_generate` compute it.
//!
//! Key: the vhid's 20-byte key buffer (a passphrase is cut to 19 bytes and
//! zero padded, see [`Key::from_passphrase`]). Message: version 2, type 1,
//! the vhid, every IPv4 address of the vhid in ascending order (each once),
//! every IPv6 address in ascending byte order with the embedded scope of
//! link-local addresses zeroed, then the 8 counter bytes. The prefix before
//! the counter is hashed once when the key or the addresses change; each
//! advertisement then clones that fixed-size state (no allocation).

use std::net::{Ipv4Addr, Ipv6Addr};

use hmac::{Hmac, Mac};
use sha1::Sha1;

use super::wire::{CARP_ADVERTISEMENT, CARP_VERSION, MD_LEN};
use crate::types::Key;

type HmacSha1 = Hmac<Sha1>;

/// The HMAC state of one vhid, prepared up to the counter.
#[derive(Clone)]
pub struct CarpMac {
    prepared: HmacSha1,
}

impl std::fmt::Debug for CarpMac {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CarpMac(<keyed>)")
    }
}

impl CarpMac {
    /// Prepare the state for `vhid` with `key` over the vhid's addresses
    /// (any order, duplicates allowed: they are sorted and hashed once).
    pub fn new(key: &Key, vhid: u8, v4: &[Ipv4Addr], v6: &[Ipv6Addr]) -> CarpMac {
        // HMAC accepts any key length; the whole 20-byte buffer is the key,
        // trailing zeros included (they do not change an HMAC-SHA1 key).
        let mut mac = HmacSha1::new_from_slice(key.raw()).expect("HMAC takes any key length");
        mac.update(&[CARP_VERSION, CARP_ADVERTISEMENT, vhid]);
        let mut v4: Vec<u32> = v4.iter().map(|a| u32::from(*a)).collect();
        v4.sort_unstable();
        v4.dedup();
        for a in v4 {
            mac.update(&a.to_be_bytes());
        }
        let mut v6: Vec<[u8; 16]> = v6.iter().map(hashed_v6).collect();
        v6.sort_unstable();
        v6.dedup();
        for a in v6 {
            mac.update(&a);
        }
        CarpMac { prepared: mac }
    }

    /// The HMAC of an advertisement carrying `counter`.
    pub fn generate(&self, counter: u64) -> [u8; MD_LEN] {
        let mut mac = self.prepared.clone();
        mac.update(&counter.to_be_bytes());
        mac.finalize().into_bytes().into()
    }

    /// Whether `md` is the HMAC for `counter` (constant-time compare).
    pub fn verify(&self, counter: u64, md: &[u8; MD_LEN]) -> bool {
        let mut mac = self.prepared.clone();
        mac.update(&counter.to_be_bytes());
        mac.verify_slice(md).is_ok()
    }
}

/// An IPv6 address as FreeBSD hashes it: KAME embeds the scope (zone) of
/// link-local and interface/link-local multicast addresses in bytes 2-3;
/// those are zeroed, so the plain address is hashed.
fn hashed_v6(a: &Ipv6Addr) -> [u8; 16] {
    let mut o = a.octets();
    let link_local = o[0] == 0xfe && (o[1] & 0xc0) == 0x80;
    let scoped_mcast = o[0] == 0xff && matches!(o[1] & 0x0f, 0x01 | 0x02);
    if link_local || scoped_mcast {
        o[2] = 0;
        o[3] = 0;
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTER: u64 = 0xc9d8_7bf6_cbe9_f402;
    const MD: [u8; 20] = [
        0xf7, 0xf4, 0xf9, 0x4f, 0x42, 0xa0, 0xba, 0xee, 0x65, 0xc3, 0x86, 0xd3, 0x4e, 0x6e, 0xea, 0x8a, 0xf1,
        0x93, 0xcb, 0x24,
    ];
    const VIP: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 100);

    fn secret() -> Key {
        Key::from_passphrase(b"secret")
    }

    #[test]
    fn real_test_vector_verifies() {
        let mac = CarpMac::new(&secret(), 42, &[VIP], &[]);
        assert_eq!(mac.generate(COUNTER), MD);
        assert!(mac.verify(COUNTER, &MD));
    }

    #[test]
    fn one_byte_of_key_changes_it() {
        let mac = CarpMac::new(&Key::from_passphrase(b"secreu"), 42, &[VIP], &[]);
        assert!(!mac.verify(COUNTER, &MD));
    }

    #[test]
    fn one_address_changes_it() {
        let mac = CarpMac::new(&secret(), 42, &[Ipv4Addr::new(192, 0, 2, 101)], &[]);
        assert!(!mac.verify(COUNTER, &MD));
        let more = CarpMac::new(&secret(), 42, &[VIP], &["2001:db8::1".parse().unwrap()]);
        assert!(!more.verify(COUNTER, &MD));
    }

    #[test]
    fn one_byte_of_counter_changes_it() {
        let mac = CarpMac::new(&secret(), 42, &[VIP], &[]);
        assert!(!mac.verify(COUNTER ^ 0x0100, &MD));
        assert!(!mac.verify(COUNTER, &{
            let mut m = MD;
            m[19] ^= 1;
            m
        }));
    }

    #[test]
    fn vhid_is_hashed() {
        assert!(!CarpMac::new(&secret(), 43, &[VIP], &[]).verify(COUNTER, &MD));
    }

    #[test]
    fn addresses_are_sorted_and_deduplicated() {
        let a: Ipv4Addr = "192.0.2.1".parse().unwrap();
        let b: Ipv4Addr = "198.51.100.7".parse().unwrap();
        let c: Ipv6Addr = "2001:db8::2".parse().unwrap();
        let d: Ipv6Addr = "2001:db8::10".parse().unwrap();
        let one = CarpMac::new(&secret(), 1, &[b, a], &[d, c]);
        let two = CarpMac::new(&secret(), 1, &[a, b, a], &[c, d, c]);
        assert_eq!(one.generate(5), two.generate(5));
        // The message is exactly 2,1,vhid, sorted v4, sorted v6, counter.
        let mut manual = HmacSha1::new_from_slice(secret().raw()).unwrap();
        manual.update(&[2, 1, 1]);
        manual.update(&a.octets());
        manual.update(&b.octets());
        manual.update(&c.octets());
        manual.update(&d.octets());
        manual.update(&5u64.to_be_bytes());
        let expect: [u8; 20] = manual.finalize().into_bytes().into();
        assert_eq!(one.generate(5), expect);
    }

    #[test]
    fn scope_bytes_are_zeroed() {
        let plain: Ipv6Addr = "fe80::1".parse().unwrap();
        let embedded: Ipv6Addr = "fe80:3::1".parse().unwrap();
        let a = CarpMac::new(&secret(), 1, &[], &[plain]);
        let b = CarpMac::new(&secret(), 1, &[], &[embedded]);
        assert_eq!(a.generate(1), b.generate(1));
        // A global address keeps bytes 2-3.
        let g1 = CarpMac::new(&secret(), 1, &[], &["2001:db8::1".parse().unwrap()]);
        let g2 = CarpMac::new(&secret(), 1, &[], &["2001:db9::1".parse().unwrap()]);
        assert_ne!(g1.generate(1), g2.generate(1));
    }

    #[test]
    fn key_is_the_whole_zero_padded_buffer() {
        // A 25-byte passphrase keys like its first 19 bytes.
        let long = Key::from_passphrase(b"0123456789abcdefghijKLMNO");
        let cut = Key::from_passphrase(b"0123456789abcdefghi");
        let a = CarpMac::new(&long, 7, &[VIP], &[]);
        let b = CarpMac::new(&cut, 7, &[VIP], &[]);
        assert_eq!(a.generate(9), b.generate(9));
    }
}
