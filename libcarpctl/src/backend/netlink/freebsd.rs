//! FreeBSD 14+ as a netlink [`Kernel`]: `ifi_flags` are FreeBSD's own
//! `IFF_*` (`if_flags | if_drv_flags`, plus `LOWER_UP` when the link is up),
//! `ifi_type` is the `IFT_*` interface type, errno numbers are FreeBSD's,
//! the generic family `"carp"` exists (with carp.ko), addresses carry
//! `IFA_FREEBSD` (flags and vhid).

use super::kernel::{address_message, Kernel, LinkTies};
use super::{NetlinkBackend, Transport};
use crate::error::{Errno, Error, Result};
use crate::netlink::route::{kind_of, Addr, Dialect, FreebsdAddr, Link};
use crate::sys::netlink::{AF_INET6_FREEBSD, IF_OPER_DOWN, IF_OPER_UP};
use crate::types::{AddressRequest, CloneRequest, IfFlags, IfType, IfaceChange, Interface, Release};

/// The FreeBSD kernel (14.0 and later).
#[derive(Debug, Clone, Copy, Default)]
pub struct FreeBsd;

impl Kernel for FreeBsd {
    const NAME: &'static str = "netlink";
    const AF_INET6: u8 = AF_INET6_FREEBSD;
    const DIALECT: Dialect = Dialect::FreeBsd;

    fn carp() -> std::result::Result<(), &'static str> {
        Ok(())
    }

    fn errno(n: i32) -> Errno {
        Errno::from_freebsd(n)
    }

    fn interface_from_link(link: &Link) -> Interface {
        interface_from_link(link)
    }

    /// As ifconfig: IFA_LOCAL, the destination as IFA_ADDRESS and a
    /// broadcast only when given (the kernel derives it), the FreeBSD nest
    /// with flags and vhid.
    fn add_request(index: u32, req: &AddressRequest) -> (Addr, u16) {
        let mut a = address_message::<FreeBsd>(index, req);
        a.address = req.destination;
        a.broadcast = req.broadcast;
        let vhid = req.vhid.map(|v| u32::from(v.get()));
        a.freebsd = Some(FreebsdAddr { vhid, flags: Some(0) });
        (a, 0)
    }

    fn delete_request(del: &mut Addr) {
        del.freebsd = Some(FreebsdAddr { vhid: None, flags: Some(0) });
    }

    fn check_up<T: Transport>(nl: &mut NetlinkBackend<T, Self>, ifname: &str) -> Result<()> {
        if is_up(&nl.link(ifname)?) {
            Ok(())
        } else {
            Err(Error::Unsupported(NO_LINK_UP.to_string()))
        }
    }

    fn cloners() -> Result<Vec<String>> {
        Err(Error::Unsupported("the cloner list needs SIOCIFGCLONERS".into()))
    }

    fn fill_settings(ties: &[LinkTies], list: &mut [Interface]) {
        super::freebsd_geneve::fill(ties, list);
    }

    /// geneve(4)'s words (16) are netlink requests; the other keywords
    /// need ioctls (the hybrid backend sends them).
    fn change<T: Transport>(
        nl: &mut NetlinkBackend<T, Self>,
        ifname: &str,
        change: &IfaceChange,
    ) -> Result<()> {
        match change {
            IfaceChange::Geneve(g) => nl.geneve_change(ifname, g),
            _ => {
                nl.link(ifname)?;
                Err(Error::Unsupported(
                    "this change is not implemented over this kernel's netlink yet".into(),
                ))
            }
        }
    }

    /// A geneve is created over netlink on 16 (ifgeneve.c); other clones
    /// with SIOCIFCREATE2.
    fn create_interface<T: Transport>(
        nl: &mut NetlinkBackend<T, Self>,
        req: &CloneRequest,
    ) -> Result<String> {
        if is_netlink_clone(nl.release, req) {
            return nl.geneve_create(req);
        }
        Err(Error::Unsupported(format!("cannot create {} over netlink yet", req.name)))
    }
}

/// Whether `req` is a create FreeBSD's ifconfig of `release` sends over
/// netlink: a geneve's, where the release has the cloner (16).
pub(crate) fn is_netlink_clone(release: Release, req: &CloneRequest) -> bool {
    req.name.starts_with(crate::sys::netlink::GENEVE_KIND) && release.has_cloner("geneve")
}

impl<T: Transport> NetlinkBackend<T, FreeBsd> {
    /// A FreeBSD backend of `release` over `transport`.
    pub fn freebsd(transport: T, release: Release) -> NetlinkBackend<T, FreeBsd> {
        NetlinkBackend::new(transport, release)
    }
}

#[cfg(target_os = "freebsd")]
impl NetlinkBackend<super::SocketTransport, FreeBsd> {
    /// The backend for the running FreeBSD kernel, following its release
    /// (`uname -r`). Netlink exists from 14.0 (rtnetlink from 13.2); without
    /// it this fails with `Op::Socket` and the socket's errno.
    pub fn open_freebsd() -> Result<Self> {
        NetlinkBackend::open_freebsd_as(crate::sys::running_release()?)
    }

    /// The backend for the running FreeBSD kernel, behaving as `release`.
    pub fn open_freebsd_as(release: Release) -> Result<Self> {
        Ok(NetlinkBackend::freebsd(super::SocketTransport::open()?, release))
    }
}

/// Why bringing an interface up failed although the kernel acknowledged it.
pub(crate) const NO_LINK_UP: &str = "this FreeBSD kernel's RTM_NEWLINK cannot bring an interface up \
     (it only handles down; fixed upstream in 2025, review D51871): use the ioctl backend (SIOCSIFFLAGS)";

/// Whether a link message says the interface is administratively up.
pub(crate) fn is_up(link: &Link) -> bool {
    IfFlags::from_bits_retain(link.info.flags).contains(IfFlags::UP)
}

/// An [`Interface`] from a FreeBSD link message. The status line exists
/// where FreeBSD derives the operational state from the media (Ethernet,
/// L2 VLAN): `active` when up, `no carrier` when down, none when unknown.
pub(crate) fn interface_from_link(link: &Link) -> Interface {
    let kind = kind_of(link.info.kind);
    let ether = match (&link.address, kind) {
        (Some(a), IfType::Ethernet | IfType::L2Vlan | IfType::Bridge) => {
            <[u8; 6]>::try_from(a.as_slice()).ok()
        }
        _ => None,
    };
    let status = match (kind, link.operstate) {
        (IfType::Ethernet | IfType::L2Vlan, Some(IF_OPER_UP)) => Some(crate::types::LinkStatus::Active),
        (IfType::Ethernet | IfType::L2Vlan, Some(IF_OPER_DOWN)) => Some(crate::types::LinkStatus::NoCarrier),
        _ => None,
    };
    Interface {
        name: link.name.clone().unwrap_or_default(),
        index: u32::try_from(link.info.index).unwrap_or(0),
        kind,
        flags: IfFlags::from_bits_retain(link.info.flags),
        metric: 0,
        mtu: link.mtu.unwrap_or(0),
        ether,
        status,
        ..Interface::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netlink::route::IfInfo;
    use crate::sys::netlink::{IFT_ETHER, IFT_LOOP};

    #[test]
    fn types_round_trip_and_status() {
        let link = Link {
            info: IfInfo { kind: IFT_ETHER, index: 1, flags: 0x1008843, ..IfInfo::default() },
            name: Some("igb0".into()),
            mtu: Some(1500),
            address: Some(vec![0, 0x25, 0x90, 3, 0x0e, 0xfa]),
            operstate: Some(IF_OPER_UP),
            ..Link::default()
        };
        let i = interface_from_link(&link);
        assert_eq!(i.status_text(), Some("active"));
        assert!(i.flags.contains(IfFlags::LOWER_UP | IfFlags::SIMPLEX));
        assert_eq!(i.ether, Some([0, 0x25, 0x90, 3, 0x0e, 0xfa]));
        let lo = Link { info: IfInfo { kind: IFT_LOOP, ..IfInfo::default() }, ..link };
        let lo = interface_from_link(&lo);
        assert_eq!((lo.status, lo.ether), (None, None));
    }
}
