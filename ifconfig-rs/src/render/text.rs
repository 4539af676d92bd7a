//! Numbers and addresses written straight into the output, for the lines
//! a listing repeats per interface and per address. `core::fmt` (`write!`,
//! the `Display` chains of `Ipv4Addr`/`Ipv6Addr`, `{:02x}` joined with
//! `:`) was about half of `ifconfig -a`'s instructions at 10000 interfaces;
//! these write the same text (the tests compare them with `Display`).

use std::net::{Ipv4Addr, Ipv6Addr};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// `{n}` for an unsigned number.
pub fn dec(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[at..].iter().for_each(|&d| out.push(char::from(d)));
}

/// `{n:0width$x}`: lower-case hex, at least `width` digits.
pub fn hex(out: &mut String, n: u32, width: usize) {
    let used = (32 - n.leading_zeros()).div_ceil(4).max(1) as usize;
    (used..width).for_each(|_| out.push('0'));
    (0..used).rev().for_each(|d| out.push(char::from(HEX[(n >> (4 * d)) as usize & 0xf])));
}

/// `{a}` for an IPv4 address (dotted quad).
pub fn ipv4(out: &mut String, a: Ipv4Addr) {
    for (n, octet) in a.octets().into_iter().enumerate() {
        if n > 0 {
            out.push('.');
        }
        dec(out, u64::from(octet));
    }
}

/// `{a}` for an IPv6 address as `Display` writes it (RFC 5952: the first
/// longest run of two or more zero groups as `::`; `::ffff:a.b.c.d` for an
/// IPv4-mapped address).
pub fn ipv6(out: &mut String, a: Ipv6Addr) {
    if let Some(v4) = a.to_ipv4_mapped() {
        out.push_str("::ffff:");
        return ipv4(out, v4);
    }
    let groups = a.segments();
    // The first longest run of zero groups.
    let (mut best, mut best_len, mut run) = (0, 0, 0);
    for (n, &g) in groups.iter().enumerate() {
        run = if g == 0 { run + 1 } else { 0 };
        if run > best_len {
            (best, best_len) = (n + 1 - run, run);
        }
    }
    let joined = |out: &mut String, part: &[u16]| {
        for (n, &g) in part.iter().enumerate() {
            if n > 0 {
                out.push(':');
            }
            hex(out, u32::from(g), 1);
        }
    };
    if best_len > 1 {
        joined(out, &groups[..best]);
        out.push_str("::");
        joined(out, &groups[best + best_len..]);
    } else {
        joined(out, &groups);
    }
}

/// A MAC address as two hex digits per byte, `sep` between bytes.
pub fn mac(out: &mut String, m: &[u8; 6], sep: char) {
    for (n, &b) in m.iter().enumerate() {
        if n > 0 {
            out.push(sep);
        }
        hex(out, u32::from(b), 2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn with(f: impl FnOnce(&mut String)) -> String {
        let mut s = String::new();
        f(&mut s);
        s
    }

    #[test]
    fn edges_match_display() {
        for n in [0u64, 7, 9, 10, 99, 100, 65535, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(with(|s| dec(s, n)), n.to_string());
        }
        for n in [0u32, 1, 0xf, 0x10, 0xffffff00, u32::MAX] {
            assert_eq!(with(|s| hex(s, n, 1)), format!("{n:x}"));
            assert_eq!(with(|s| hex(s, n, 8)), format!("{n:08x}"));
        }
        for a in ["::", "::1", "1::", "fe80::1", "2001:db8::1:0:0:1", "1:0:0:1:0:0:0:1", "::ffff:192.0.2.1"] {
            let a: Ipv6Addr = a.parse().unwrap();
            assert_eq!(with(|s| ipv6(s, a)), a.to_string(), "{a}");
        }
        assert_eq!(with(|s| mac(s, &[0, 0x25, 0x90, 3, 0xe, 0xfa], ':')), "00:25:90:03:0e:fa");
    }

    proptest! {
        #[test]
        fn numbers_match_display(n in any::<u32>(), w in 0usize..10) {
            prop_assert_eq!(with(|s| dec(s, u64::from(n))), n.to_string());
            prop_assert_eq!(with(|s| hex(s, n, w)), format!("{n:0w$x}"));
        }

        #[test]
        fn addresses_match_display(v4 in any::<[u8; 4]>(), groups in any::<[u16; 8]>(), zeros in any::<u8>()) {
            let a = Ipv4Addr::from(v4);
            prop_assert_eq!(with(|s| ipv4(s, a)), a.to_string());
            // Zero some groups so that runs of zeros are common.
            let g: [u16; 8] = std::array::from_fn(|n| if zeros & (1 << n) != 0 { 0 } else { groups[n] });
            let a6 = Ipv6Addr::from(g);
            prop_assert_eq!(with(|s| ipv6(s, a6)), a6.to_string());
        }
    }
}
