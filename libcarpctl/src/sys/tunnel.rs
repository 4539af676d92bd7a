//! The raw ABI of the tunnel keywords (`sys/sockio.h`,
//! `netinet6/in6_var.h`, `net/if_gif.h`, `net/if_gre.h`): `tunnel SRC
//! DST` (SIOCSIFPHYADDR with a `struct in_aliasreq`, SIOCSIFPHYADDR_IN6
//! with a `struct in6_aliasreq`), `-tunnel` (SIOCDIFPHYADDR), the
//! listing's `tunnel inet A --> B` (SIOCGIFP{SRC,DST}ADDR(_IN6)), and the
//! gif(4) and gre(4) settings, each one 32-bit value that `ifr_data`
//! points at (`GIF[GS]OPTS`, `GRE[GS]KEY`, `GRE[GS]OPTS`, `GRE[GS]PORT`).
//!
//! The same numbers on every release here (10.4's and 14.x's headers);
//! `GRE[GS]PORT` came with GRE-in-UDP (13.0): an older kernel refuses it.

use std::mem::size_of;

use super::abi::{ifreq, in6_aliasreq, in6_ifreq, in_aliasreq};
use super::request::{iow, iowr};

const IFREQ: usize = size_of::<ifreq>();

/// `SIOCSIFPHYADDR`: set an inet tunnel's outer addresses (`struct
/// ifaliasreq`: `ifra_addr` the source, `ifra_dstaddr` the destination).
pub const SIOCSIFPHYADDR: u64 = iow(b'i', 70, size_of::<in_aliasreq>());
/// `SIOCGIFPSRCADDR`: the outer source (`ifr_addr`).
pub const SIOCGIFPSRCADDR: u64 = iowr(b'i', 71, IFREQ);
/// `SIOCGIFPDSTADDR`: the outer destination (`ifr_addr`).
pub const SIOCGIFPDSTADDR: u64 = iowr(b'i', 72, IFREQ);
/// `SIOCDIFPHYADDR`: delete the tunnel's outer addresses.
pub const SIOCDIFPHYADDR: u64 = iow(b'i', 73, IFREQ);
/// `SIOCSIFPHYADDR_IN6`.
pub const SIOCSIFPHYADDR_IN6: u64 = iow(b'i', 70, size_of::<in6_aliasreq>());
/// `SIOCGIFPSRCADDR_IN6`.
pub const SIOCGIFPSRCADDR_IN6: u64 = iowr(b'i', 71, size_of::<in6_ifreq>());
/// `SIOCGIFPDSTADDR_IN6`.
pub const SIOCGIFPDSTADDR_IN6: u64 = iowr(b'i', 72, size_of::<in6_ifreq>());
/// `GIFGOPTS`: gif(4)'s option bits.
pub const GIFGOPTS: u64 = iowr(b'i', 150, IFREQ);
/// `GIFSOPTS`.
pub const GIFSOPTS: u64 = iow(b'i', 151, IFREQ);
/// `GREGKEY`: gre(4)'s key.
pub const GREGKEY: u64 = iowr(b'i', 107, IFREQ);
/// `GRESKEY`.
pub const GRESKEY: u64 = iow(b'i', 108, IFREQ);
/// `GREGOPTS`: gre(4)'s option bits.
pub const GREGOPTS: u64 = iowr(b'i', 109, IFREQ);
/// `GRESOPTS`.
pub const GRESOPTS: u64 = iow(b'i', 110, IFREQ);
/// `GREGPORT`: gre(4)'s GRE-in-UDP source port.
pub const GREGPORT: u64 = iowr(b'i', 111, IFREQ);
/// `GRESPORT`.
pub const GRESPORT: u64 = iow(b'i', 112, IFREQ);

/// The requests that carry one 32-bit value through `ifr_data` (with
/// ipsec(4)'s reqid pair, `sys::drivers`).
pub const VALUE_REQUESTS: [u64; 10] = [
    GIFGOPTS,
    GIFSOPTS,
    GREGKEY,
    GRESKEY,
    GREGOPTS,
    GRESOPTS,
    GREGPORT,
    GRESPORT,
    super::drivers::IPSECGREQID,
    super::drivers::IPSECSREQID,
];

/// One tunnel request, with the value `ifr_data` names.
#[derive(Debug)]
pub enum TunnelRequest<'a> {
    /// SIOCSIFPHYADDR.
    SetInet(&'a mut in_aliasreq),
    /// SIOCSIFPHYADDR_IN6.
    SetInet6(&'a mut in6_aliasreq),
    /// SIOCDIFPHYADDR.
    Delete(&'a mut ifreq),
    /// SIOCGIFPSRCADDR / SIOCGIFPDSTADDR (`dst`): the answer in `ifr_addr`.
    GetInet {
        /// The request and reply.
        ifr: &'a mut ifreq,
        /// The destination (true) or the source.
        dst: bool,
    },
    /// SIOCGIFPSRCADDR_IN6 / SIOCGIFPDSTADDR_IN6 (`dst`).
    GetInet6 {
        /// The request and reply.
        req: &'a mut in6_ifreq,
        /// The destination (true) or the source.
        dst: bool,
    },
    /// One of [`VALUE_REQUESTS`]: `ifr_data` -> `value` (copied in for a
    /// SET, out for a GET).
    Value {
        /// The request number.
        request: u64,
        /// Names the interface.
        ifr: &'a mut ifreq,
        /// The value.
        value: &'a mut u32,
    },
}

impl TunnelRequest<'_> {
    /// The request number.
    pub fn request(&self) -> u64 {
        match self {
            TunnelRequest::SetInet(_) => SIOCSIFPHYADDR,
            TunnelRequest::SetInet6(_) => SIOCSIFPHYADDR_IN6,
            TunnelRequest::Delete(_) => SIOCDIFPHYADDR,
            TunnelRequest::GetInet { dst: false, .. } => SIOCGIFPSRCADDR,
            TunnelRequest::GetInet { dst: true, .. } => SIOCGIFPDSTADDR,
            TunnelRequest::GetInet6 { dst: false, .. } => SIOCGIFPSRCADDR_IN6,
            TunnelRequest::GetInet6 { dst: true, .. } => SIOCGIFPDSTADDR_IN6,
            TunnelRequest::Value { request, .. } => *request,
        }
    }

    /// The interface the request names.
    pub fn ifname(&self) -> String {
        let name = match self {
            TunnelRequest::SetInet(a) => &a.ifra_name,
            TunnelRequest::SetInet6(a) => &a.ifra_name,
            TunnelRequest::Delete(ifr)
            | TunnelRequest::GetInet { ifr, .. }
            | TunnelRequest::Value { ifr, .. } => &ifr.ifr_name,
            TunnelRequest::GetInet6 { req, .. } => &req.ifr_name,
        };
        String::from_utf8_lossy(super::abi::name_of(name)).into_owned()
    }

    /// Whether it goes to an `AF_INET6` socket (the `_IN6` requests, as
    /// af_inet6.c sends them).
    pub fn wants_inet6_socket(&self) -> bool {
        matches!(self, TunnelRequest::SetInet6(_) | TunnelRequest::GetInet6 { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The amd64 values, worked out by hand from the headers.
    #[test]
    fn numbers() {
        assert_eq!(SIOCSIFPHYADDR, 0x8044_6946);
        assert_eq!(SIOCSIFPHYADDR_IN6, 0x8088_6946);
        assert_eq!(SIOCGIFPSRCADDR_IN6, 0xC120_6947);
        assert_eq!(SIOCDIFPHYADDR, 0x8020_6949);
        assert_eq!(GIFSOPTS, 0x8020_6997);
        assert_eq!(GRESPORT, 0x8020_6970);
    }
}
