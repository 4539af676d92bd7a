//! The VRRPv3 advertisement (RFC 5798 section 5), which FreeBSD 15 speaks
//! for `carpver 3` vhids.
//!
//! ```text
//!  0  version 3 (high nibble) | type 1 (low nibble)
//!  1  virtual router id (the vhid)
//!  2  priority (255 = address owner, 0 = master leaving)
//!  3  count of addresses
//!  4  4 reserved bits | 12-bit maximum advertisement interval, centiseconds
//!  6  checksum: Internet checksum over the message and the IPv4 or IPv6
//!     pseudo-header (protocol 112)
//!  8  the addresses (4 or 16 bytes each)
//! ```
//! No authentication.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::checksum::Checksum;
use super::wire::WireError;

/// Header bytes before the addresses.
pub const VRRP_HEADER_LEN: usize = 8;
/// The version nibble.
pub const VRRP_VERSION: u8 = 3;
/// The only type (advertisement).
pub const VRRP_ADVERTISEMENT: u8 = 1;
/// IP protocol number of CARP and VRRP.
pub const IPPROTO_VRRP: u8 = 112;
/// Largest interval the 12-bit field holds, centiseconds.
pub const VRRP_MAX_INTERVAL: u16 = 0x0fff;

/// A decoded VRRPv3 advertisement; the addresses stay in the input bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VrrpAdvert<'a> {
    /// The virtual router id.
    pub vrid: u8,
    /// The sender's priority.
    pub priority: u8,
    /// Maximum advertisement interval, centiseconds (12 bits).
    pub interval: u16,
    /// The checksum field as received.
    pub checksum: u16,
    count: u8,
    v6: bool,
    addrs: &'a [u8],
}

impl<'a> VrrpAdvert<'a> {
    /// Decode `bytes` received over IPv4 (`v6 = false`) or IPv6: length,
    /// version 3, type 1, and room for `count` addresses. The checksum is
    /// checked separately ([`vrrp_checksum_ok`]) as it needs the IP addresses.
    pub fn decode(bytes: &'a [u8], v6: bool) -> Result<VrrpAdvert<'a>, WireError> {
        let h: &[u8; VRRP_HEADER_LEN] = bytes
            .get(..VRRP_HEADER_LEN)
            .and_then(|s| s.try_into().ok())
            .ok_or(WireError::Truncated { need: VRRP_HEADER_LEN, got: bytes.len() })?;
        if h[0] >> 4 != VRRP_VERSION {
            return Err(WireError::BadVersion(h[0] >> 4));
        }
        if h[0] & 0x0f != VRRP_ADVERTISEMENT {
            return Err(WireError::BadType(h[0] & 0x0f));
        }
        let alen = if v6 { 16 } else { 4 };
        let count = h[3];
        let room = bytes.len() - VRRP_HEADER_LEN;
        let need = usize::from(count) * alen;
        if need > room {
            return Err(WireError::BadCount { count, room });
        }
        Ok(VrrpAdvert {
            vrid: h[1],
            priority: h[2],
            interval: u16::from_be_bytes([h[4], h[5]]) & VRRP_MAX_INTERVAL,
            checksum: u16::from_be_bytes([h[6], h[7]]),
            count,
            v6,
            addrs: &bytes[VRRP_HEADER_LEN..VRRP_HEADER_LEN + need],
        })
    }

    /// The number of addresses.
    pub fn count(&self) -> u8 {
        self.count
    }

    /// The advertised addresses, read from the input bytes.
    pub fn addresses(&self) -> impl Iterator<Item = IpAddr> + 'a {
        let v6 = self.v6;
        self.addrs.chunks_exact(if v6 { 16 } else { 4 }).map(move |c| {
            if v6 {
                let o: [u8; 16] = c.try_into().unwrap_or([0; 16]);
                IpAddr::V6(Ipv6Addr::from(o))
            } else {
                IpAddr::V4(Ipv4Addr::new(c[0], c[1], c[2], c[3]))
            }
        })
    }
}

/// The pseudo-header sum: IPv4 (src, dst, 0, 112, length) or IPv6
/// (src, dst, 32-bit length, 3 zero bytes, next header 112).
fn pseudo_header(src: IpAddr, dst: IpAddr, len: usize) -> Checksum {
    let mut sum = Checksum::new();
    match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            sum.add(&s.octets()).add(&d.octets()).add(&[0, IPPROTO_VRRP]).add(&(len as u16).to_be_bytes());
        }
        (s, d) => {
            sum.add(&v6_of(s).octets()).add(&v6_of(d).octets());
            sum.add(&(len as u32).to_be_bytes()).add(&[0, 0, 0, IPPROTO_VRRP]);
        }
    }
    sum
}

fn v6_of(a: IpAddr) -> Ipv6Addr {
    match a {
        IpAddr::V6(a) => a,
        IpAddr::V4(a) => a.to_ipv6_mapped(),
    }
}

/// The checksum a VRRP message from `src` to `dst` must carry (computed
/// with the checksum field zero).
pub fn vrrp_checksum(src: IpAddr, dst: IpAddr, msg: &[u8]) -> u16 {
    let mut sum = pseudo_header(src, dst, msg.len());
    match msg.get(..8) {
        Some(head) => {
            sum.add(&head[..6]).add(&msg[8..]);
        }
        None => {
            sum.add(msg);
        }
    }
    sum.finish()
}

/// Whether a received VRRP message's checksum is right.
pub fn vrrp_checksum_ok(src: IpAddr, dst: IpAddr, msg: &[u8]) -> bool {
    pseudo_header(src, dst, msg.len()).add(msg).finish() == 0
}

/// Encode an advertisement carrying `addrs` (all of one family), checksum
/// computed for `src` -> `dst`.
pub fn encode_vrrp(
    vrid: u8,
    priority: u8,
    interval: u16,
    addrs: &[IpAddr],
    src: IpAddr,
    dst: IpAddr,
) -> Vec<u8> {
    let mut b = Vec::with_capacity(VRRP_HEADER_LEN + addrs.len() * 16);
    let interval = interval.min(VRRP_MAX_INTERVAL);
    b.extend_from_slice(&[
        (VRRP_VERSION << 4) | VRRP_ADVERTISEMENT,
        vrid,
        priority,
        addrs.len().min(255) as u8,
    ]);
    b.extend_from_slice(&interval.to_be_bytes());
    b.extend_from_slice(&[0, 0]);
    for a in addrs.iter().take(255) {
        match a {
            IpAddr::V4(a) => b.extend_from_slice(&a.octets()),
            IpAddr::V6(a) => b.extend_from_slice(&a.octets()),
        }
    }
    seal_vrrp(&mut b, src, dst);
    b
}

/// Recompute the checksum of an encoded message for a (new) source address.
pub fn seal_vrrp(msg: &mut [u8], src: IpAddr, dst: IpAddr) {
    if msg.len() >= VRRP_HEADER_LEN {
        let sum = vrrp_checksum(src, dst, msg);
        msg[6..8].copy_from_slice(&sum.to_be_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(s: &str) -> IpAddr {
        IpAddr::V4(s.parse().unwrap())
    }

    #[test]
    fn header_layout() {
        let m = encode_vrrp(7, 100, 100, &[v4("192.0.2.50")], v4("192.0.2.1"), v4("224.0.0.18"));
        assert_eq!(m.len(), 12);
        assert_eq!(&m[..6], &[0x31, 7, 100, 1, 0, 100]);
        assert_eq!(&m[8..], &[192, 0, 2, 50]);
        assert!(vrrp_checksum_ok(v4("192.0.2.1"), v4("224.0.0.18"), &m));
        let a = VrrpAdvert::decode(&m, false).unwrap();
        assert_eq!((a.vrid, a.priority, a.interval, a.count()), (7, 100, 100, 1));
        assert_eq!(a.addresses().collect::<Vec<_>>(), vec![v4("192.0.2.50")]);
    }

    #[test]
    fn checksum_includes_the_pseudo_header() {
        let m = encode_vrrp(7, 100, 100, &[v4("192.0.2.50")], v4("192.0.2.1"), v4("224.0.0.18"));
        assert!(!vrrp_checksum_ok(v4("192.0.2.2"), v4("224.0.0.18"), &m));
        let mut resealed = m.clone();
        seal_vrrp(&mut resealed, v4("192.0.2.2"), v4("224.0.0.18"));
        assert!(vrrp_checksum_ok(v4("192.0.2.2"), v4("224.0.0.18"), &resealed));
        // IPv4 pseudo-header by hand: src + dst + proto + length.
        let mut sum = Checksum::new();
        sum.add(&[192, 0, 2, 1, 224, 0, 0, 18, 0, 112, 0, 12]).add(&m[..6]).add(&m[8..]);
        assert_eq!(u16::from_be_bytes([m[6], m[7]]), sum.finish());
    }

    #[test]
    fn ipv6_message() {
        let src: IpAddr = "fe80::1".parse().unwrap();
        let dst: IpAddr = "ff02::12".parse().unwrap();
        let vip: IpAddr = "2001:db8::50".parse().unwrap();
        let m = encode_vrrp(9, 255, 4095, &[vip], src, dst);
        assert_eq!(m.len(), 24);
        assert!(vrrp_checksum_ok(src, dst, &m));
        let a = VrrpAdvert::decode(&m, true).unwrap();
        assert_eq!((a.priority, a.interval), (255, 4095));
        assert_eq!(a.addresses().next(), Some(vip));
        // Read as IPv4 the same bytes hold 4 addresses' worth: still fits one.
        assert!(VrrpAdvert::decode(&m, false).is_ok());
    }

    #[test]
    fn errors_are_typed() {
        assert_eq!(VrrpAdvert::decode(&[0x31, 1], false), Err(WireError::Truncated { need: 8, got: 2 }));
        assert_eq!(VrrpAdvert::decode(&[0x21, 1, 1, 0, 0, 1, 0, 0], false), Err(WireError::BadVersion(2)));
        assert_eq!(VrrpAdvert::decode(&[0x32, 1, 1, 0, 0, 1, 0, 0], false), Err(WireError::BadType(2)));
        assert_eq!(
            VrrpAdvert::decode(&[0x31, 1, 1, 2, 0, 1, 0, 0, 1, 2, 3, 4], false),
            Err(WireError::BadCount { count: 2, room: 4 })
        );
    }

    #[test]
    fn reserved_bits_are_masked() {
        let a = VrrpAdvert::decode(&[0x31, 1, 1, 0, 0xf0, 0x64, 0, 0], false).unwrap();
        assert_eq!(a.interval, 100);
    }
}
