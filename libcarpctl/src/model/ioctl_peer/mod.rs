//! The model as the kernel behind the ioctl backend: an [`IoctlSys`] that
//! reads the structs it is handed as FreeBSD's kernel does (raw ints, the
//! kernel's order of checks: if.c, in.c, in6.c, ip_carp.c) and answers
//! from a [`Host`] (the media words from its `media` text: see `media.rs`).
//!
//! Release 16 has no SIOCSVH/SIOCGVH: the request falls through to the
//! driver's ioctl, which answers EINVAL (ENXIO without the interface), as
//! `ether_ioctl` does for a command it does not know.

mod bridge;
mod drivers;
mod iface;
mod lagg;
mod media;
mod pfsync;
mod settings;
mod tunnel;
mod vxlan;

use std::net::IpAddr;

use super::{CarpApi, Host};
use crate::error::{Errno, Result};
use crate::sys::abi::{
    carpreq, name_of, IfDataHead, IFNAMSIZ, IFT_BRIDGE, IFT_ETHER, IFT_L2VLAN, IFT_LOOP, IFT_OTHER,
    LINK_STATE_DOWN, LINK_STATE_UNKNOWN, LINK_STATE_UP,
};
use crate::sys::convert::{mask_v4, mask_v6};
use crate::sys::ifaddrs::{IfAddr, IfAddrEntry, LinkAddr};
use crate::sys::ioctl::{IoctlRequest, IoctlSys};
use crate::types::{CarpSet, CarpState, IfFlags, IfType, Interface, Key, Vhid};

/// A point-to-point address without a peer.
const EDESTADDRREQ: Errno = Errno::EDESTADDRREQ;
/// `EPFNOSUPPORT` (FreeBSD 46): no IPv6 on the interface.
const EPFNOSUPPORT: Errno = Errno::Other(46);
/// `IF_MINMTU` / `IF_MAXMTU`.
const MTU_RANGE: std::ops::RangeInclusive<i32> = 72..=65535;
/// What a kernel's uninitialized stack looks like here: the bytes SIOCGVH
/// leaks after element 0 of a vhid-0 listing (14+).
const LEAKED: u8 = 0xa5;

/// One ioctl the model was asked for (for tests to inspect).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoctlCall {
    /// The request number.
    pub request: u64,
    /// Its C name.
    pub name: &'static str,
    /// The interface it names.
    pub ifname: String,
    /// SIOCSVH/SIOCGVH: `carpr_vhid`, `carpr_count` and the buffer's length.
    pub carp: Option<(i32, i32, usize)>,
}

/// The model [`Host`] behind the ioctl backend.
#[derive(Debug, Clone)]
pub struct ModelIoctl {
    /// The host; read it back after applying changes.
    pub host: Host,
    /// Every ioctl made, in order.
    pub calls: Vec<IoctlCall>,
}

fn text(name: &[u8; IFNAMSIZ]) -> String {
    String::from_utf8_lossy(name_of(name)).into_owned()
}

fn record(req: &IoctlRequest<'_>) -> IoctlCall {
    let (ifname, carp) = match req {
        IoctlRequest::SetVhid { ifr, carpr } => {
            (text(&ifr.ifr_name), Some((carpr.carpr_vhid, carpr.carpr_count, 1)))
        }
        IoctlRequest::GetVhid { ifr, carpr } => {
            let c = carpr.first().map_or((0, 0), |c| (c.carpr_vhid, c.carpr_count));
            (text(&ifr.ifr_name), Some((c.0, c.1, carpr.len())))
        }
        IoctlRequest::AddAddr(a) => (text(&a.ifra_name), None),
        IoctlRequest::AddAddr6(a) => (text(&a.ifra_name), None),
        IoctlRequest::DelAddr6(r) => (text(&r.ifr_name), None),
        IoctlRequest::GetNd6(r) => (text(&r.ifname), None),
        IoctlRequest::GetMedia(r) | IoctlRequest::GetXMedia(r) => (text(&r.ifm_name), None),
        IoctlRequest::GetMediaList { req, .. } => (text(&req.ifm_name), None),
        IoctlRequest::DelAddr(r)
        | IoctlRequest::GetFlags(r)
        | IoctlRequest::SetFlags(r)
        | IoctlRequest::GetMtu(r)
        | IoctlRequest::SetMtu(r)
        | IoctlRequest::GetMetric(r)
        | IoctlRequest::SetMetric(r)
        | IoctlRequest::GetCap(r) => (text(&r.ifr_name), None),
        IoctlRequest::Iface(r) => (r.ifname(), None),
        IoctlRequest::Bridge(r) => (text(&r.ifd.ifd_name), None),
        IoctlRequest::Lagg(r) => (r.ifname(), None),
        IoctlRequest::Tunnel(r) => (r.ifname(), None),
        IoctlRequest::Vxlan(r) => (r.ifname(), None),
        IoctlRequest::Nv(r) => (r.ifname(), None),
        IoctlRequest::Stf(r) => (r.ifname(), None),
        IoctlRequest::Mac(r) => (r.ifr.name(), None),
    };
    // A bridge command is recorded by its BRDG* name.
    let name = match req {
        IoctlRequest::Bridge(r) => crate::sys::bridge::command_name(r.ifd.ifd_cmd),
        IoctlRequest::Vxlan(r) => crate::sys::vxlan::command_name(r.ifd.ifd_cmd),
        IoctlRequest::Stf(r) => crate::sys::drivers::command_name(r.ifd.ifd_cmd),
        _ => req.name(),
    };
    IoctlCall { request: req.request(), name, ifname, carp }
}

/// See [`crate::Release::vhid_listing_is_broken`].
fn broken_listing(host: &Host) -> bool {
    host.release.vhid_listing_is_broken()
}

fn ifi_type(kind: IfType) -> u8 {
    match kind {
        IfType::Ethernet => IFT_ETHER,
        IfType::Loopback => IFT_LOOP,
        IfType::L2Vlan => IFT_L2VLAN,
        IfType::Bridge => IFT_BRIDGE,
        IfType::Other => IFT_OTHER,
    }
}

fn link_state(iface: &Interface) -> u8 {
    match (iface.kind, iface.status_text()) {
        (IfType::Loopback, _) => LINK_STATE_UP,
        (_, Some("active")) => LINK_STATE_UP,
        (_, Some("no carrier")) => LINK_STATE_DOWN,
        _ => LINK_STATE_UNKNOWN,
    }
}

/// The kernel's `if_flags | if_drv_flags`: LOWER_UP is netlink's view only.
fn kernel_flags(iface: &Interface) -> u32 {
    (iface.flags - IfFlags::LOWER_UP).bits()
}

impl ModelIoctl {
    /// The kernel of `host`.
    pub fn new(host: Host) -> ModelIoctl {
        ModelIoctl { host, calls: Vec::new() }
    }

    fn iface(&self, name: &str) -> std::result::Result<&Interface, Errno> {
        self.host.iface(name).ok_or(Errno::ENXIO)
    }

    fn privileged(&self) -> std::result::Result<(), Errno> {
        if self.host.privileged {
            Ok(())
        } else {
            Err(Errno::EPERM)
        }
    }

    /// `carp_ioctl(SIOCSVH)` and `carp_ioctl_set`.
    fn set_vhid(&mut self, name: &str, c: &carpreq) -> std::result::Result<(), Errno> {
        let Some(vhid) = Vhid::new(c.carpr_vhid.into()) else {
            // Everything checked before the request is read, then EINVAL.
            match self.host.carp_get_via(CarpApi::Ioctl, name, None) {
                Err(e) if e != Errno::ENOENT => return Err(e),
                _ => {}
            }
            self.privileged()?;
            return Err(Errno::EINVAL);
        };
        // A state beyond MASTER falls through carp_ioctl_set's switch:
        // ignored, as an INIT request is.
        let state = CarpState::from_raw(c.carpr_state.into()).unwrap_or(CarpState::Init);
        let set = CarpSet {
            state,
            advbase: c.carpr_advbase,
            advskew: c.carpr_advskew,
            key: Key::from_bytes(&c.carpr_key),
            ..CarpSet::zeroed(vhid)
        };
        self.host.carp_set_via(CarpApi::Ioctl, name, &set)
    }

    /// `carp_ioctl(SIOCGVH)` and `carp_ioctl_get`, including the copyout.
    fn get_vhid(&self, name: &str, buf: &mut [carpreq]) -> std::result::Result<(), Errno> {
        let req = buf.first().ok_or(Errno::EFAULT)?.clone();
        let all = match self.host.carp_get_via(CarpApi::Ioctl, name, None) {
            Ok(all) => all,
            Err(Errno::ENOENT) => Vec::new(),
            Err(e) => return Err(e),
        };
        if !(0..=crate::sys::abi::CARP_MAXVHID).contains(&req.carpr_vhid) {
            return Err(Errno::EINVAL);
        }
        if req.carpr_count < 1 {
            return Err(Errno::EMSGSIZE);
        }
        if all.is_empty() {
            return Err(Errno::ENOENT);
        }
        let privileged = self.host.privileged;
        if req.carpr_vhid != 0 {
            let st = all.iter().find(|s| i32::from(s.vhid.get()) == req.carpr_vhid).ok_or(Errno::ENOENT)?;
            buf[0].fill_from_status(st, privileged);
            if broken_listing(&self.host) {
                buf[0].carpr_count = 1;
            }
            return Ok(());
        }
        let count = all.len();
        if count > req.carpr_count as usize {
            return Err(Errno::EMSGSIZE);
        }
        if count > buf.len() {
            // copyout past the caller's buffer.
            return Err(Errno::EFAULT);
        }
        if broken_listing(&self.host) {
            // One stack carpreq, overwritten per vhid (the last one stays),
            // copied out `count` times its size.
            if let Some(last) = all.last() {
                buf[0].fill_from_status(last, privileged);
            }
            buf[0].carpr_count = count as i32;
            for junk in &mut buf[1..count] {
                *junk = carpreq {
                    carpr_count: i32::from_ne_bytes([LEAKED; 4]),
                    carpr_vhid: i32::from_ne_bytes([LEAKED; 4]),
                    carpr_state: i32::from_ne_bytes([LEAKED; 4]),
                    carpr_advskew: i32::from_ne_bytes([LEAKED; 4]),
                    carpr_advbase: i32::from_ne_bytes([LEAKED; 4]),
                    carpr_key: [LEAKED; crate::sys::abi::CARP_KEY_LEN],
                };
            }
        } else {
            for (slot, st) in buf.iter_mut().zip(&all) {
                slot.fill_from_status(st, privileged);
                slot.carpr_count = count as i32;
            }
        }
        Ok(())
    }
}

impl IoctlSys for ModelIoctl {
    fn ioctl(&mut self, req: IoctlRequest<'_>) -> std::result::Result<(), Errno> {
        self.calls.push(record(&req));
        let code = req.request();
        match req {
            IoctlRequest::SetVhid { ifr, carpr } => self.set_vhid(&ifr.name(), carpr),
            IoctlRequest::GetVhid { ifr, carpr } => self.get_vhid(&ifr.name(), carpr),
            IoctlRequest::AddAddr(a) => self.add_inet(a),
            IoctlRequest::AddAddr6(a) => self.add_inet6(a),
            IoctlRequest::DelAddr(r) => self.del_inet(r),
            IoctlRequest::DelAddr6(r) => self.del_inet6(r),
            IoctlRequest::SetFlags(r) => self.set_flags(r),
            IoctlRequest::GetNd6(r) => self.get_nd6(r),
            IoctlRequest::GetMedia(r) => self.get_media(r, false),
            IoctlRequest::GetXMedia(r) => self.get_media(r, true),
            IoctlRequest::GetMediaList { req, list, extended } => self.get_media_list(req, list, extended),
            IoctlRequest::GetFlags(r)
            | IoctlRequest::GetMtu(r)
            | IoctlRequest::SetMtu(r)
            | IoctlRequest::GetMetric(r)
            | IoctlRequest::SetMetric(r)
            | IoctlRequest::GetCap(r) => self.with_ifreq(r, code),
            IoctlRequest::Iface(r) => self.iface_request(r),
            IoctlRequest::Bridge(r) => self.bridge_request(r),
            IoctlRequest::Lagg(r) => self.lagg_request(r),
            IoctlRequest::Tunnel(r) => self.tunnel_request(r),
            IoctlRequest::Vxlan(r) => self.vxlan_request(r),
            IoctlRequest::Nv(r) => self.nv_request(r),
            IoctlRequest::Stf(r) => self.stf_request(r),
            // mac_ifnet_ioctl_{get,set}: no MAC policy labels interfaces.
            IoctlRequest::Mac(r) => self.iface(&r.ifr.name()).and(Err(Errno::EINVAL)),
        }
    }

    /// Per interface (index order) its `AF_LINK` entry, then its addresses
    /// in list order, each with an `if_data` carrying its vhid.
    fn jail_id(&mut self, name: &str) -> Result<i32> {
        self.host.jail_id(name).map(|jid| jid as i32)
    }

    fn getifaddrs(&mut self) -> Result<Vec<IfAddrEntry>> {
        let mut out = Vec::new();
        for iface in &self.host.interfaces {
            let flags = kernel_flags(iface);
            let head =
                IfDataHead { ifi_type: ifi_type(iface.kind), ifi_link_state: link_state(iface), ifi_vhid: 0 };
            out.push(IfAddrEntry {
                name: iface.name.clone(),
                flags,
                addr: IfAddr::Link(LinkAddr {
                    index: iface.index as u16,
                    ifi_type: head.ifi_type,
                    lladdr: iface.ether.map(|m| m.to_vec()).unwrap_or_default(),
                }),
                data: Some(head),
            });
            for a in &iface.addresses {
                let addr = match a.addr {
                    // ifa_broadaddr is ifa_dstaddr on a point-to-point interface.
                    IpAddr::V4(v4) => IfAddr::Inet {
                        addr: v4,
                        netmask: Some(mask_v4(a.prefixlen)),
                        broadaddr: a.broadcast.or(match a.destination {
                            Some(IpAddr::V4(d)) => Some(d),
                            _ => None,
                        }),
                    },
                    IpAddr::V6(v6) => IfAddr::Inet6 {
                        addr: v6,
                        netmask: Some(mask_v6(a.prefixlen)),
                        scope_id: a.scopeid.unwrap_or(0),
                        dstaddr: match a.destination {
                            Some(IpAddr::V6(d)) => Some(d),
                            _ => None,
                        },
                    },
                };
                let data = IfDataHead { ifi_vhid: a.vhid.map_or(0, |v| v.get()), ..head };
                out.push(IfAddrEntry { name: iface.name.clone(), flags, addr, data: Some(data) });
            }
        }
        Ok(out)
    }
}
