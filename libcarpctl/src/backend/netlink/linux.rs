//! Linux as a netlink [`Kernel`]: the rtnetlink half of [`NetlinkBackend`]
//! with Linux's reading of the kernel's answers, so that a FreeBSD
//! ifconfig front end can run on Linux and print FreeBSD's output (the 15.0
//! dialect: [`Backend::release`](crate::Backend::release) is
//! [`Release::V15_0`]).
//!
//! # Flags
//!
//! Linux's `IFF_*` bits are translated to FreeBSD's names and values
//! ([`IfFlags`]):
//!
//! | Linux          | value   | FreeBSD       | value     |
//! |----------------|---------|---------------|-----------|
//! | `IFF_UP`          | 0x1     | `UP`          | 0x1       |
//! | `IFF_BROADCAST`   | 0x2     | `BROADCAST`   | 0x2       |
//! | `IFF_DEBUG`       | 0x4     | `DEBUG`       | 0x4       |
//! | `IFF_LOOPBACK`    | 0x8     | `LOOPBACK`    | 0x8       |
//! | `IFF_POINTOPOINT` | 0x10    | `POINTOPOINT` | 0x10      |
//! | `IFF_RUNNING`     | 0x40    | `RUNNING`     | 0x40      |
//! | `IFF_NOARP`       | 0x80    | `NOARP`       | 0x80      |
//! | `IFF_PROMISC`     | 0x100   | `PROMISC`     | 0x100     |
//! | `IFF_ALLMULTI`    | 0x200   | `ALLMULTI`    | 0x200     |
//! | `IFF_MULTICAST`   | 0x1000  | `MULTICAST`   | 0x8000    |
//! | `IFF_LOWER_UP`    | 0x10000 | `LOWER_UP`    | 0x1000000 |
//!
//! Linux bits without a FreeBSD meaning are dropped: `NOTRAILERS` (0x20,
//! FreeBSD's 0x20 is `NEEDSEPOCH`), `MASTER` (0x400, FreeBSD's is
//! `DRV_OACTIVE`), `SLAVE` (0x800, FreeBSD's is `SIMPLEX`), `PORTSEL`,
//! `AUTOMEDIA`, `DYNAMIC`, `DORMANT`, `ECHO`. FreeBSD's `SIMPLEX` has no
//! Linux counterpart and is **not** synthesized: every flag shown comes from
//! a bit the Linux kernel reported.
//!
//! # Other fields
//!
//! Metric 0 (Linux has none); MTU from `IFLA_MTU`; the MAC from
//! `IFLA_ADDRESS` for `ARPHRD_ETHER` links; the type from `IFLA_LINKINFO`'s
//! kind (`bridge`, `vlan`) or else `ifi_type` (`ARPHRD_ETHER` = Ethernet,
//! `ARPHRD_LOOPBACK` = loopback); the status line (Ethernet and VLAN only)
//! from `IFLA_OPERSTATE`: `active` when up (or unknown with carrier), else
//! `no carrier`. Options, nd6 options and media are not reported.
//!
//! # CARP
//!
//! Linux has no carp(4): every CARP request (GET, SET, an address with a
//! vhid) fails with [`Error::Unsupported`](crate::Error::Unsupported)
//! before anything is sent, so nothing changes.

use super::kernel::{address_message, Kernel, LinkTies};
use super::{linux_change, NetlinkBackend, Transport};
use crate::error::{Errno, Result};
use crate::netlink::route::{Addr, Dialect, Link};
use crate::sys::netlink::{
    AF_INET6_LINUX, ARPHRD_ETHER, ARPHRD_LOOPBACK, IF_OPER_UNKNOWN, IF_OPER_UP, LINUX_IFF_ALLMULTI,
    LINUX_IFF_BROADCAST, LINUX_IFF_DEBUG, LINUX_IFF_LOOPBACK, LINUX_IFF_LOWER_UP, LINUX_IFF_MULTICAST,
    LINUX_IFF_NOARP, LINUX_IFF_POINTOPOINT, LINUX_IFF_PROMISC, LINUX_IFF_RUNNING, LINUX_IFF_UP, NLM_F_CREATE,
    NLM_F_EXCL,
};
use crate::types::{AddressRequest, CloneRequest, Family, IfFlags, IfType, IfaceChange, Interface, Release};

/// The reason every CARP request fails on Linux.
pub const NO_CARP: &str = "CARP is not available: this Linux kernel has no carp(4) \
     (no netlink \"carp\" family, no SIOCSVH/SIOCGVH); nothing was changed";

/// Linux bit -> FreeBSD bit, for every bit that has a FreeBSD meaning.
const FLAG_MAP: [(u32, IfFlags); 11] = [
    (LINUX_IFF_UP, IfFlags::UP),
    (LINUX_IFF_BROADCAST, IfFlags::BROADCAST),
    (LINUX_IFF_DEBUG, IfFlags::DEBUG),
    (LINUX_IFF_LOOPBACK, IfFlags::LOOPBACK),
    (LINUX_IFF_POINTOPOINT, IfFlags::POINTOPOINT),
    (LINUX_IFF_RUNNING, IfFlags::RUNNING),
    (LINUX_IFF_NOARP, IfFlags::NOARP),
    (LINUX_IFF_PROMISC, IfFlags::PROMISC),
    (LINUX_IFF_ALLMULTI, IfFlags::ALLMULTI),
    (LINUX_IFF_MULTICAST, IfFlags::MULTICAST),
    (LINUX_IFF_LOWER_UP, IfFlags::LOWER_UP),
];

/// Linux `ifi_flags` -> FreeBSD [`IfFlags`] (see the table above).
pub fn flags_from_linux(bits: u32) -> IfFlags {
    FLAG_MAP.iter().filter(|(l, _)| bits & l != 0).fold(IfFlags::empty(), |acc, (_, f)| acc | *f)
}

/// FreeBSD [`IfFlags`] -> Linux bits (flags without a Linux bit are dropped).
pub fn flags_to_linux(flags: IfFlags) -> u32 {
    FLAG_MAP.iter().filter(|(_, f)| flags.contains(*f)).fold(0, |acc, (l, _)| acc | l)
}

/// The interface type of a Linux link.
fn kind_of(link: &Link) -> IfType {
    match link.info_kind.as_deref() {
        Some("bridge") => return IfType::Bridge,
        Some("vlan") => return IfType::L2Vlan,
        _ => {}
    }
    match link.info.kind {
        ARPHRD_ETHER => IfType::Ethernet,
        ARPHRD_LOOPBACK => IfType::Loopback,
        _ => IfType::Other,
    }
}

/// An [`Interface`] from a Linux link message.
pub(crate) fn interface_from_link(link: &Link) -> Interface {
    let kind = kind_of(link);
    let ether = match &link.address {
        Some(a) if link.info.kind == ARPHRD_ETHER => <[u8; 6]>::try_from(a.as_slice()).ok(),
        _ => None,
    };
    let status = match kind {
        IfType::Ethernet | IfType::L2Vlan => {
            let up = match link.operstate {
                Some(IF_OPER_UP) => true,
                Some(IF_OPER_UNKNOWN) | None => link.carrier == Some(1),
                Some(_) => false,
            };
            Some(if up { crate::types::LinkStatus::Active } else { crate::types::LinkStatus::NoCarrier })
        }
        _ => None,
    };
    Interface {
        name: link.name.clone().unwrap_or_default(),
        index: u32::try_from(link.info.index).unwrap_or(0),
        kind,
        flags: flags_from_linux(link.info.flags),
        metric: 0,
        mtu: link.mtu.unwrap_or(0),
        ether,
        status,
        ..Interface::default()
    }
}

/// The Linux kernel.
#[derive(Debug, Clone, Copy, Default)]
pub struct Linux;

impl Kernel for Linux {
    const NAME: &'static str = "linux";
    const AF_INET6: u8 = AF_INET6_LINUX;
    const DIALECT: Dialect = Dialect::Linux;

    fn carp() -> std::result::Result<(), &'static str> {
        Err(NO_CARP)
    }

    fn errno(n: i32) -> Errno {
        Errno::from_linux(n)
    }

    fn interface_from_link(link: &Link) -> Interface {
        interface_from_link(link)
    }

    fn fill_settings(ties: &[LinkTies], list: &mut [Interface]) {
        super::linux_bridge::fill_bridges(ties, list);
        super::linux_vxlan::fill_vxlan(ties, list);
    }

    /// As iproute2: IFA_LOCAL and IFA_ADDRESS (the peer, `ip addr add A
    /// peer D`, else the address), and the broadcast FreeBSD would derive
    /// (Linux derives none; a peer address has none); an existing address
    /// is EEXIST.
    fn add_request(index: u32, req: &AddressRequest) -> (Addr, u16) {
        let mut a = address_message::<Linux>(index, req);
        a.address = Some(req.destination.unwrap_or(req.addr));
        a.broadcast = req.effective_broadcast().filter(|_| req.destination.is_none());
        (a, NLM_F_CREATE | NLM_F_EXCL)
    }

    /// Linux's inet6 delete needs the prefix length.
    fn delete_needs_prefix(family: Family) -> bool {
        family == Family::Inet6
    }

    fn change<T: Transport>(
        nl: &mut NetlinkBackend<T, Self>,
        ifname: &str,
        change: &IfaceChange,
    ) -> Result<()> {
        nl.linux_change(ifname, change)
    }

    fn create_interface<T: Transport>(
        nl: &mut NetlinkBackend<T, Self>,
        req: &CloneRequest,
    ) -> Result<String> {
        nl.linux_create(req)
    }

    fn destroy_interface<T: Transport>(nl: &mut NetlinkBackend<T, Self>, ifname: &str) -> Result<()> {
        nl.linux_destroy(ifname)
    }

    fn bridge_addresses<T: Transport>(
        nl: &mut NetlinkBackend<T, Self>,
        ifname: &str,
    ) -> Result<Vec<crate::types::BridgeCacheEntry>> {
        nl.linux_bridge_addresses(ifname)
    }

    fn cloners() -> Result<Vec<String>> {
        Ok(linux_change::CLONERS.iter().map(|s| s.to_string()).collect())
    }
}

impl<T: Transport> NetlinkBackend<T, Linux> {
    /// A Linux backend over `transport` (output dialect 15.0).
    pub fn linux(transport: T) -> NetlinkBackend<T, Linux> {
        NetlinkBackend::new(transport, Release::V15_0)
    }
}

#[cfg(target_os = "linux")]
impl NetlinkBackend<super::SocketTransport, Linux> {
    /// The backend for the Linux kernel this process runs on (its current
    /// network namespace); fails if rtnetlink cannot be opened.
    pub fn open_linux() -> crate::Result<Self> {
        Ok(NetlinkBackend::linux(super::SocketTransport::open()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netlink::route::IfInfo;

    #[test]
    fn flags_translate_both_ways() {
        // ip link: BROADCAST,MULTICAST,UP,LOWER_UP (+ RUNNING).
        let linux = 0x1 | 0x2 | 0x40 | 0x1000 | 0x10000;
        let f = flags_from_linux(linux);
        assert_eq!(
            f,
            IfFlags::UP | IfFlags::BROADCAST | IfFlags::RUNNING | IfFlags::MULTICAST | IfFlags::LOWER_UP
        );
        assert_eq!(f.bits(), 0x100_8043);
        assert_eq!(flags_to_linux(f), linux);
        // MASTER, SLAVE, DORMANT have no FreeBSD meaning.
        assert_eq!(flags_from_linux(0x400 | 0x800 | 0x20000), IfFlags::empty());
        assert_eq!(flags_to_linux(IfFlags::SIMPLEX), 0);
    }

    #[test]
    fn links_become_interfaces() {
        let veth = Link {
            info: IfInfo { kind: ARPHRD_ETHER, index: 3, flags: 0x1003, ..IfInfo::default() },
            name: Some("v0".into()),
            mtu: Some(1500),
            address: Some(vec![2, 0, 0, 0, 0, 1]),
            operstate: Some(2),
            info_kind: Some("veth".into()),
            ..Link::default()
        };
        let i = interface_from_link(&veth);
        assert_eq!((i.kind, i.index, i.mtu, i.metric), (IfType::Ethernet, 3, 1500, 0));
        assert_eq!(i.ether, Some([2, 0, 0, 0, 0, 1]));
        assert_eq!(i.status_text(), Some("no carrier"));
        let br = Link { info_kind: Some("bridge".into()), ..veth.clone() };
        assert_eq!(interface_from_link(&br).kind, IfType::Bridge);
        assert_eq!(interface_from_link(&br).status, None);
        let lo = Link {
            info: IfInfo { kind: ARPHRD_LOOPBACK, flags: 0x49, ..IfInfo::default() },
            address: Some(vec![0; 6]),
            ..Link::default()
        };
        let lo = interface_from_link(&lo);
        assert_eq!((lo.kind, lo.ether, lo.status), (IfType::Loopback, None, None));
        assert_eq!(lo.flags, IfFlags::UP | IfFlags::LOOPBACK | IfFlags::RUNNING);
    }
}
