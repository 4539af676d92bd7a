//! getifaddrs(3) entries, decoded, and the decoders for the sockaddrs it
//! hands out (pure functions over bytes, tested on every OS).
//!
//! A sockaddr from the routing socket may be shorter than its struct (a
//! netmask is trimmed after its last non-zero byte, its `sa_len` says how
//! long it is): only `sa_len` bytes are ever read, the rest counts as zero.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::abi::{IfDataHead, AF_INET, AF_INET6, AF_LINK};
use crate::error::DecodeError;

/// One getifaddrs(3) entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IfAddrEntry {
    /// `ifa_name`.
    pub name: String,
    /// `ifa_flags`: `IFF_*` (`if_flags | if_drv_flags`).
    pub flags: u32,
    /// `ifa_addr`, decoded.
    pub addr: IfAddr,
    /// The leading bytes of `*ifa_data` (`None` when there is none).
    pub data: Option<IfDataHead>,
}

/// An entry's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfAddr {
    /// `AF_LINK`: the interface itself.
    Link(LinkAddr),
    /// `AF_INET`.
    Inet {
        /// The address.
        addr: Ipv4Addr,
        /// `ifa_netmask`.
        netmask: Option<Ipv4Addr>,
        /// `ifa_broadaddr` / `ifa_dstaddr`.
        broadaddr: Option<Ipv4Addr>,
    },
    /// `AF_INET6`.
    Inet6 {
        /// The address (any embedded KAME scope removed).
        addr: Ipv6Addr,
        /// `ifa_netmask`.
        netmask: Option<Ipv6Addr>,
        /// `sin6_scope_id` (or the scope that was embedded in the address).
        scope_id: u32,
        /// `ifa_dstaddr` when it is an inet6 address (point-to-point).
        dstaddr: Option<Ipv6Addr>,
    },
    /// Another family (or no address): its `sa_family`.
    Other(u8),
}

/// A decoded `sockaddr_dl`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LinkAddr {
    /// `sdl_index`.
    pub index: u16,
    /// `sdl_type` (`IFT_*`).
    pub ifi_type: u8,
    /// The link-level address (`sdl_alen` bytes after the name).
    pub lladdr: Vec<u8>,
}

/// `sa_len` bytes of a sockaddr, zero-extended to `N` (longer input is cut).
fn padded<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    let n = bytes.len().min(N);
    out[..n].copy_from_slice(&bytes[..n]);
    out
}

/// The family of a sockaddr given as its `sa_len` bytes (0 if too short).
pub fn sa_family(bytes: &[u8]) -> u8 {
    bytes.get(1).copied().unwrap_or(0)
}

/// The address of a (possibly trimmed) `sockaddr_in`.
pub fn decode_in(bytes: &[u8]) -> Ipv4Addr {
    let b: [u8; 16] = padded(bytes);
    Ipv4Addr::new(b[4], b[5], b[6], b[7])
}

/// The address and scope of a (possibly trimmed) `sockaddr_in6`. A
/// link-local address with the scope embedded in bytes 2-3 (KAME style) is
/// cleaned and the embedded scope returned when `sin6_scope_id` is 0.
pub fn decode_in6(bytes: &[u8]) -> (Ipv6Addr, u32) {
    let b: [u8; 28] = padded(bytes);
    let mut a = [0u8; 16];
    a.copy_from_slice(&b[8..24]);
    let mut scope = u32::from_ne_bytes([b[24], b[25], b[26], b[27]]);
    let link_local = a[0] == 0xfe && a[1] & 0xc0 == 0x80;
    if link_local && (a[2] != 0 || a[3] != 0) {
        if scope == 0 {
            scope = u32::from(u16::from_be_bytes([a[2], a[3]]));
        }
        a[2] = 0;
        a[3] = 0;
    }
    (Ipv6Addr::from(a), scope)
}

/// A `sockaddr_dl` given as its `sdl_len` bytes. Name and address must lie
/// inside them.
pub fn decode_dl(bytes: &[u8]) -> Result<LinkAddr, DecodeError> {
    const DATA: usize = 8;
    if bytes.len() < DATA {
        return Err(DecodeError::new("sockaddr_dl", format!("{} bytes, header needs {DATA}", bytes.len())));
    }
    let (nlen, alen) = (usize::from(bytes[5]), usize::from(bytes[6]));
    let end = DATA + nlen + alen;
    if end > bytes.len() {
        return Err(DecodeError::new(
            "sockaddr_dl",
            format!("name {nlen} + address {alen} bytes overrun sdl_len {}", bytes.len()),
        ));
    }
    Ok(LinkAddr {
        index: u16::from_ne_bytes([bytes[2], bytes[3]]),
        ifi_type: bytes[4],
        lladdr: bytes[DATA + nlen..end].to_vec(),
    })
}

/// Decode an entry's address from the bytes of `ifa_addr`, `ifa_netmask`
/// and `ifa_broadaddr` (each its `sa_len` bytes, `None` for a NULL pointer).
pub fn decode_entry_addr(
    addr: Option<&[u8]>,
    netmask: Option<&[u8]>,
    broadaddr: Option<&[u8]>,
) -> Result<IfAddr, DecodeError> {
    let Some(addr) = addr else { return Ok(IfAddr::Other(0)) };
    Ok(match sa_family(addr) {
        AF_LINK => IfAddr::Link(decode_dl(addr)?),
        AF_INET => IfAddr::Inet {
            addr: decode_in(addr),
            netmask: netmask.map(decode_in),
            broadaddr: broadaddr.filter(|b| sa_family(b) == AF_INET).map(decode_in),
        },
        AF_INET6 => {
            let (a, scope_id) = decode_in6(addr);
            let dstaddr = broadaddr.filter(|b| sa_family(b) == AF_INET6).map(|b| decode_in6(b).0);
            IfAddr::Inet6 { addr: a, netmask: netmask.map(|m| decode_in6(m).0), scope_id, dstaddr }
        }
        other => IfAddr::Other(other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sin(len: u8, a: [u8; 4]) -> Vec<u8> {
        let mut v = vec![len, AF_INET, 0, 0, a[0], a[1], a[2], a[3], 0, 0, 0, 0, 0, 0, 0, 0];
        v.truncate(len.into());
        v
    }

    #[test]
    fn trimmed_netmask_reads_as_zero_filled() {
        // 255.255.255.224 trimmed after its last non-zero byte: sin_len 8.
        let addr = sin(16, [10, 0, 0, 112]);
        let mask = sin(8, [255, 255, 255, 224]);
        let bcast = sin(16, [10, 0, 0, 127]);
        let got = decode_entry_addr(Some(&addr), Some(&mask), Some(&bcast)).unwrap();
        assert_eq!(
            got,
            IfAddr::Inet {
                addr: Ipv4Addr::new(10, 0, 0, 112),
                netmask: Some(Ipv4Addr::new(255, 255, 255, 224)),
                broadaddr: Some(Ipv4Addr::new(10, 0, 0, 127)),
            }
        );
        // 255.0.0.0 trimmed to sin_len 5, and a zero-length /0 mask.
        assert_eq!(decode_in(&sin(5, [255, 0, 0, 0])), Ipv4Addr::new(255, 0, 0, 0));
        assert_eq!(decode_in(&[]), Ipv4Addr::UNSPECIFIED);
    }

    #[test]
    fn link_local_scope_embedded_or_not() {
        let mut s6 = vec![28, AF_INET6, 0, 0, 0, 0, 0, 0];
        s6.extend_from_slice(&"fe80:1::225:90ff:fe03:efa".parse::<Ipv6Addr>().unwrap().octets());
        s6.extend_from_slice(&0u32.to_ne_bytes());
        let (a, scope) = decode_in6(&s6);
        assert_eq!((a, scope), ("fe80::225:90ff:fe03:efa".parse().unwrap(), 1));
        let mut clean = s6.clone();
        clean[10] = 0;
        clean[11] = 0;
        clean[24..28].copy_from_slice(&7u32.to_ne_bytes());
        assert_eq!(decode_in6(&clean).1, 7);
        // A global address never loses bytes 2-3.
        let mut g = s6.clone();
        g[8..24].copy_from_slice(&"2001:db8::3".parse::<Ipv6Addr>().unwrap().octets());
        assert_eq!(decode_in6(&g).0, "2001:db8::3".parse::<Ipv6Addr>().unwrap());
    }

    #[test]
    fn sockaddr_dl_bounds() {
        let mut dl = vec![0u8, AF_LINK, 1, 0, 6, 4, 6, 0];
        dl[2..4].copy_from_slice(&1u16.to_ne_bytes());
        dl.extend_from_slice(b"igb0");
        dl.extend_from_slice(&[0x00, 0x25, 0x90, 0x03, 0x0e, 0xfa]);
        dl[0] = dl.len() as u8;
        let l = decode_dl(&dl).unwrap();
        assert_eq!((l.index, l.ifi_type), (1, 6));
        assert_eq!(l.lladdr, vec![0x00, 0x25, 0x90, 0x03, 0x0e, 0xfa]);
        let err = decode_dl(&dl[..14]).unwrap_err();
        assert!(err.detail.contains("overrun"), "{err}");
        assert!(decode_dl(&dl[..3]).is_err());
        assert_eq!(decode_entry_addr(None, None, None).unwrap(), IfAddr::Other(0));
        assert_eq!(decode_entry_addr(Some(&[16, 99]), None, None).unwrap(), IfAddr::Other(99));
    }
}
