//! pfsync(4)'s settings in the kernel's two forms (`net/if_pfsync.h`):
//! `struct pfsyncreq` (SIOCGETPFSYNC / SIOCSETPFSYNC, 10.0 on: the sync
//! device, an IPv4 peer in network order, `maxupdates`, and `defer`) and
//! the nvlist of 14.0 on (SIOCGETPFSYNCNV / SIOCSETPFSYNCNV): `syncdev`
//! (a string), `maxupdates`, `flags` (`PFSYNCF_DEFER`, `PFSYNCF_OK`),
//! `version` (numbers) and `syncpeer`, a nested list of `af` (a number)
//! and `address` (the whole `sockaddr_in` or `sockaddr_in6`, as binary).
//!
//! Read in ifpfsync.c (10.4, 12.0 and 14.x) and if_pfsync.c / pfsync_nv.c
//! (14.x): the kernel ignores what `pfsync_nvstatus_to_kstatus` returns,
//! so a list without `maxupdates` or `flags` sets everything to zero, and
//! a `syncpeer` it cannot read (ifconfig's `-syncpeer` sends `af` 0)
//! leaves the peer unspecified while the other fields are taken.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::abi::{in_addr, AF_INET, AF_INET6, IFNAMSIZ};
use crate::nvlist::{NvList, NvValue};

/// `PFSYNCF_OK`: the bulk update is done (ifconfig 14's `syncok: 1`).
pub const PFSYNCF_OK: u64 = 0x1;
/// `PFSYNCF_DEFER`.
pub const PFSYNCF_DEFER: u64 = 0x2;
/// `INADDR_PFSYNC_GROUP`, 224.0.0.240 (host order).
pub const INADDR_PFSYNC_GROUP: u32 = 0xe000_00f0;
/// `sizeof(struct sockaddr_storage)`: ifconfig's `-syncpeer` sends that
/// many zero bytes with `af` 0.
const SOCKADDR_STORAGE: usize = 128;

/// `struct pfsyncreq`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct pfsyncreq {
    /// `pfsyncr_syncdev`.
    pub pfsyncr_syncdev: [u8; IFNAMSIZ],
    /// `pfsyncr_syncpeer` (network order; 0 asks for the group).
    pub pfsyncr_syncpeer: in_addr,
    /// `pfsyncr_maxupdates`.
    pub pfsyncr_maxupdates: i32,
    /// `pfsyncr_defer` (nonzero: on).
    pub pfsyncr_defer: i32,
}

impl pfsyncreq {
    /// The sync device, `None` when empty.
    pub fn syncdev(&self) -> Option<String> {
        let name = super::abi::name_of(&self.pfsyncr_syncdev);
        (!name.is_empty()).then(|| String::from_utf8_lossy(name).into_owned())
    }

    /// Store `dev` as ifconfig's `strlcpy` does (cut to 15 bytes).
    pub fn set_syncdev(&mut self, dev: Option<&str>) {
        self.pfsyncr_syncdev = [0; IFNAMSIZ];
        let b = dev.unwrap_or("").as_bytes();
        let n = b.len().min(IFNAMSIZ - 1);
        self.pfsyncr_syncdev[..n].copy_from_slice(&b[..n]);
    }

    /// The peer (`None`: 0, the group asked for).
    pub fn peer(&self) -> Option<Ipv4Addr> {
        let a = Ipv4Addr::from(u32::from_be(self.pfsyncr_syncpeer.s_addr));
        (!a.is_unspecified()).then_some(a)
    }

    /// Set the peer (`None`: 0).
    pub fn set_peer(&mut self, peer: Option<Ipv4Addr>) {
        self.pfsyncr_syncpeer.s_addr = peer.map_or(0, |a| u32::from(a).to_be());
    }
}

/// What the nvlist carries (`struct pfsync_kstatus`); `syncpeer` `None`
/// is `AF_UNSPEC`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PfsyncStatus {
    /// `syncdev` ("" for none).
    pub syncdev: String,
    /// `syncpeer`.
    pub syncpeer: Option<IpAddr>,
    /// `maxupdates`.
    pub maxupdates: u64,
    /// `flags`.
    pub flags: u64,
    /// `version`.
    pub version: u64,
}

/// The `syncpeer` list for `peer` (`None`: `af` 0 and a zero
/// `sockaddr_storage`, as ifconfig's `-syncpeer`).
pub fn syncpeer_nvlist(peer: Option<IpAddr>) -> NvList {
    let (af, address) = match peer {
        Some(IpAddr::V4(a)) => {
            let mut b = vec![16, AF_INET, 0, 0];
            b.extend_from_slice(&a.octets());
            b.extend_from_slice(&[0; 8]);
            (AF_INET, b)
        }
        Some(IpAddr::V6(a)) => {
            let mut b = vec![28, AF_INET6, 0, 0, 0, 0, 0, 0];
            b.extend_from_slice(&a.octets());
            b.extend_from_slice(&[0; 4]);
            (AF_INET6, b)
        }
        None => (0, vec![0; SOCKADDR_STORAGE]),
    };
    let mut l = NvList::new();
    l.set("af", NvValue::Number(af.into()));
    l.set("address", NvValue::Binary(address));
    l
}

/// `pfsync_syncpeer_nvlist_to_sockaddr`: `af` and an `address` of the
/// family's exact length; `None` otherwise (EINVAL).
pub fn syncpeer_of(l: &NvList) -> Option<IpAddr> {
    let af = l.number("af")?;
    let b = l.binary("address")?;
    match (af, b.len()) {
        (af, 16) if af == u64::from(AF_INET) => Some(IpAddr::V4(Ipv4Addr::new(b[4], b[5], b[6], b[7]))),
        (af, 28) if af == u64::from(AF_INET6) => {
            let mut a = [0u8; 16];
            a.copy_from_slice(&b[8..24]);
            Some(IpAddr::V6(Ipv6Addr::from(a)))
        }
        _ => None,
    }
}

impl PfsyncStatus {
    /// The kernel's SIOCGETPFSYNCNV answer: `syncdev` (only with a
    /// device), `maxupdates`, `flags`, `version`, `syncpeer` (only with a
    /// peer), in that order.
    pub fn to_nvlist(&self) -> NvList {
        let mut l = NvList::new();
        if !self.syncdev.is_empty() {
            l.set("syncdev", NvValue::String(self.syncdev.clone()));
        }
        l.set("maxupdates", NvValue::Number(self.maxupdates));
        l.set("flags", NvValue::Number(self.flags));
        l.set("version", NvValue::Number(self.version));
        if self.syncpeer.is_some() {
            l.set("syncpeer", NvValue::List(syncpeer_nvlist(self.syncpeer)));
        }
        l
    }

    /// `pfsync_nvstatus_to_kstatus` as the SET handler uses it (its
    /// error ignored): all zero without `maxupdates` and `flags`; the peer
    /// unspecified when its list cannot be read.
    pub fn from_nvlist(l: &NvList) -> PfsyncStatus {
        let (Some(maxupdates), Some(flags)) = (l.number("maxupdates"), l.number("flags")) else {
            return PfsyncStatus::default();
        };
        PfsyncStatus {
            syncdev: l.string("syncdev").map(|s| s.chars().take(IFNAMSIZ - 1).collect()).unwrap_or_default(),
            syncpeer: l.list("syncpeer").and_then(syncpeer_of),
            maxupdates,
            flags,
            version: l.number("version").unwrap_or(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peers_round_trip_and_minus_syncpeer_reads_as_none() {
        for p in ["192.0.2.9", "2001:db8::9"] {
            let ip: IpAddr = p.parse().unwrap();
            assert_eq!(syncpeer_of(&syncpeer_nvlist(Some(ip))), Some(ip));
        }
        let unspec = syncpeer_nvlist(None);
        assert_eq!(unspec.number("af"), Some(0));
        assert_eq!(unspec.binary("address").map(<[u8]>::len), Some(128));
        assert_eq!(syncpeer_of(&unspec), None);
    }

    /// The sockaddr inside `address` is the C struct's bytes.
    #[test]
    fn address_is_the_sockaddr() {
        let l = syncpeer_nvlist(Some("192.0.2.9".parse().unwrap()));
        assert_eq!(l.binary("address").unwrap(), &[16, 2, 0, 0, 192, 0, 2, 9, 0, 0, 0, 0, 0, 0, 0, 0]);
        let l = syncpeer_nvlist(Some("2001:db8::1".parse().unwrap()));
        let b = l.binary("address").unwrap();
        assert_eq!((b.len(), b[0], b[1], b[8], b[9], b[23]), (28, 28, 28, 0x20, 0x01, 1));
    }

    #[test]
    fn status_through_the_kernel_reading() {
        let s = PfsyncStatus {
            syncdev: "igb0".into(),
            syncpeer: Some("192.0.2.9".parse().unwrap()),
            maxupdates: 64,
            flags: PFSYNCF_DEFER | PFSYNCF_OK,
            version: 1400,
        };
        let bytes = s.to_nvlist().pack();
        assert_eq!(PfsyncStatus::from_nvlist(&NvList::unpack(&bytes).unwrap()), s);
        // No maxupdates: everything zero, as the kernel's memset leaves it.
        let mut l = s.to_nvlist();
        l.remove("maxupdates");
        assert_eq!(PfsyncStatus::from_nvlist(&l), PfsyncStatus::default());
        // An unreadable peer: the rest is taken.
        let mut l = s.to_nvlist();
        l.set("syncpeer", NvValue::List(syncpeer_nvlist(None)));
        assert_eq!(PfsyncStatus::from_nvlist(&l), PfsyncStatus { syncpeer: None, ..s });
    }

    #[test]
    fn pfsyncreq_fields() {
        let mut p = pfsyncreq::default();
        p.set_syncdev(Some("abcdefghijklmnopq"));
        assert_eq!(p.syncdev().as_deref(), Some("abcdefghijklmno"));
        p.set_peer(Some(Ipv4Addr::new(224, 0, 0, 240)));
        assert_eq!(p.pfsyncr_syncpeer.s_addr.to_ne_bytes(), [224, 0, 0, 240]);
        assert_eq!(u32::from_be(p.pfsyncr_syncpeer.s_addr), INADDR_PFSYNC_GROUP);
        assert_eq!(std::mem::size_of::<pfsyncreq>(), 28);
    }
}
