//! The inet6 address state ifconfig prints after an address (`anycast`,
//! `deprecated`, `prefer_source`, `pltime`/`vltime` with `-L`), read per
//! address with SIOCGIFAFLAG_IN6 and SIOCGIFALIFETIME_IN6
//! (`netinet6/in6_var.h`): both name the address in `ifr_addr` and answer
//! in the same union, `ifru_flags6` (an int) and `ifru_lifetime` (a
//! `struct in6_addrlifetime`), each at the union's start.

use std::mem::size_of;

use super::abi::{in6_ifreq, sockaddr_in6};
use super::request::iowr;

/// `SIOCGIFAFLAG_IN6`.
pub const SIOCGIFAFLAG_IN6: u64 = iowr(b'i', 73, size_of::<in6_ifreq>());
/// `SIOCGIFALIFETIME_IN6`.
pub const SIOCGIFALIFETIME_IN6: u64 = iowr(b'i', 81, size_of::<in6_ifreq>());

/// The union's first 28 bytes, where both answers are written over the
/// address that asked.
fn head(r: &in6_ifreq) -> [u8; 28] {
    let a = &r.ifr_addr;
    let mut b = [0u8; 28];
    b[0] = a.sin6_len;
    b[1] = a.sin6_family;
    b[2..4].copy_from_slice(&a.sin6_port.to_ne_bytes());
    b[4..8].copy_from_slice(&a.sin6_flowinfo.to_ne_bytes());
    b[8..24].copy_from_slice(&a.sin6_addr.s6_addr);
    b[24..28].copy_from_slice(&a.sin6_scope_id.to_ne_bytes());
    b
}

fn set_head(r: &mut in6_ifreq, b: &[u8; 28]) {
    let u32_at = |i: usize| u32::from_ne_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let mut s6 = [0u8; 16];
    s6.copy_from_slice(&b[8..24]);
    r.ifr_addr = sockaddr_in6 {
        sin6_len: b[0],
        sin6_family: b[1],
        sin6_port: u16::from_ne_bytes([b[2], b[3]]),
        sin6_flowinfo: u32_at(4),
        sin6_addr: super::abi::in6_addr { s6_addr: s6 },
        sin6_scope_id: u32_at(24),
    };
}

impl in6_ifreq {
    /// `ifr_ifru.ifru_flags6` (`IN6_IFF_*`).
    pub fn flags6(&self) -> u32 {
        let b = head(self);
        u32::from_ne_bytes([b[0], b[1], b[2], b[3]])
    }

    /// Answer `ifru_flags6`.
    pub fn set_flags6(&mut self, flags: u32) {
        let mut b = head(self);
        b[..4].copy_from_slice(&flags.to_ne_bytes());
        set_head(self, &b);
    }

    /// `ifru_lifetime`'s `(ia6t_vltime, ia6t_pltime)`.
    pub fn lifetimes(&self) -> (u32, u32) {
        let b = head(self);
        let at = |i: usize| u32::from_ne_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        (at(16), at(20))
    }

    /// Answer `ifru_lifetime` (expiry times 0).
    pub fn set_lifetimes(&mut self, vltime: u32, pltime: u32) {
        let mut b = head(self);
        b[..16].fill(0);
        b[16..20].copy_from_slice(&vltime.to_ne_bytes());
        b[20..24].copy_from_slice(&pltime.to_ne_bytes());
        set_head(self, &b);
    }
}

/// Offsets inside `in6_ifreq`'s union (the ABI check's facts).
pub const UNION_MEMBERS: [(&str, usize, usize); 2] =
    [("ifr_ifru.ifru_flags6", 0, size_of::<i32>()), ("ifr_ifru.ifru_lifetime.ia6t_vltime", 16, 4)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_round_trip() {
        let mut r = in6_ifreq::for_delete([0; 16], Some("2001:db8::1".parse().unwrap()));
        r.set_flags6(0x110);
        assert_eq!(r.flags6(), 0x110);
        r.set_lifetimes(7200, 3600);
        assert_eq!(r.lifetimes(), (7200, 3600));
        assert_eq!(SIOCGIFAFLAG_IN6, 0xC120_6949);
    }
}
