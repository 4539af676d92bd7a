//! The ioctl backend: what ifconfig did on FreeBSD 10-13 (and still can on
//! 14-15): SIOCSVH/SIOCGVH for vhids, SIOCAIFADDR(_IN6) with `ifra_vhid`
//! for addresses, getifaddrs(3) for the listing.
//!
//! # Learning an interface's vhids
//!
//! SIOCGVH with `carpr_vhid = 0` and `carpr_count > 1` (the "all vhids"
//! listing) has copied out uninitialized kernel stack after element 0 since
//! 2023, so it is never used. Instead, [`IoctlBackend`] asks for vhid 0
//! with a count of 1, which is valid on every release and classifies the
//! interface:
//!
//! * ENOENT: no vhid at all;
//! * success: exactly one vhid, and element 0 is it (this finds a vhid
//!   that has no address yet, which getifaddrs cannot show);
//! * EMSGSIZE: two or more. Then every vhid 1..=255 is asked for on its
//!   own (ENOENT = absent). That costs 255 cheap ioctls, only on interfaces
//!   with several vhids, and also finds vhids without addresses, which the
//!   `ifi_vhid` of getifaddrs entries would miss.
//!
//! FreeBSD 16 removed SIOCSVH/SIOCGVH: on such a release the CARP methods
//! return [`Error::Unsupported`] without calling the kernel (which would
//! answer EINVAL from the driver), and listings show no CARP status.

use std::net::IpAddr;

use crate::error::{Changed, Errno, Error, Op, Result};
use crate::sys::abi::{
    carpreq, ifname, ifreq, in6_aliasreq, in6_ifreq, in6_ndireq, in_aliasreq, sockaddr_in, IfDataHead,
    CARP_MAXVHID, IFNAMSIZ, IFT_BRIDGE, IFT_ETHER, IFT_L2VLAN, IFT_LOOP,
};
use crate::sys::convert::prefixlen_of_mask;
use crate::sys::ifaddrs::{IfAddr, IfAddrEntry};
use crate::sys::ioctl::{IoctlRequest, IoctlSys};
use crate::sys::media_text::{media_line, status_line, supported_line};
use crate::types::{
    Address, AddressRequest, AddressSelector, Capabilities, CarpSet, CarpStatus, CloneRequest, Family,
    IfFlags, IfType, IfaceChange, Interface, Nd6Flags, Release, Vhid,
};
use crate::Backend;

pub use super::ioctl_iface::Keywords;

/// [`Backend`] over ioctl(2) and getifaddrs(3), through an [`IoctlSys`].
#[derive(Debug)]
pub struct IoctlBackend<S: IoctlSys> {
    sys: S,
    release: Release,
}

#[cfg(target_os = "freebsd")]
impl IoctlBackend<crate::sys::FreeBsdIoctl> {
    /// The backend on the running FreeBSD kernel (release from `uname -r`).
    pub fn open() -> Result<Self> {
        let release = crate::sys::running_release()?;
        Ok(IoctlBackend::new(crate::sys::FreeBsdIoctl::open()?, release))
    }
}

/// The SIOCGVH errors after which an interface simply has no CARP status
/// to show (ifconfig prints nothing then): no vhid, not a carp-capable
/// type, carp.ko not loaded, no IFF_MULTICAST.
const NO_CARP_HERE: [Errno; 4] =
    [Errno::ENOENT, Errno::EOPNOTSUPP, Errno::EPROTONOSUPPORT, Errno::EADDRNOTAVAIL];

impl<S: IoctlSys> IoctlBackend<S> {
    /// A backend calling `sys`, behaving as `release`.
    pub fn new(sys: S, release: Release) -> Self {
        IoctlBackend { sys, release }
    }

    /// The system-call layer.
    pub fn sys(&self) -> &S {
        &self.sys
    }

    /// The system-call layer, mutably (tests inspect and change the model).
    pub fn sys_mut(&mut self) -> &mut S {
        &mut self.sys
    }

    /// Give the system-call layer back.
    pub fn into_sys(self) -> S {
        self.sys
    }

    fn c_name(ifname_: &str) -> Result<[u8; IFNAMSIZ]> {
        ifname(ifname_).ok_or_else(|| Error::NoSuchInterface(ifname_.to_string()))
    }

    fn ifreq(ifname_: &str) -> Result<ifreq> {
        Ok(ifreq { ifr_name: Self::c_name(ifname_)?, ifr_ifru: [0; 16] })
    }

    /// A kernel error for `op` on `ifname_`; ENXIO means there is no such
    /// interface.
    fn kernel(op: Op, ifname_: &str, errno: Errno) -> Error {
        match errno {
            Errno::ENXIO => Error::NoSuchInterface(ifname_.to_string()),
            e => Error::kernel(op, e).on_interface(ifname_, None),
        }
    }

    fn require_carp_ioctl(&self) -> Result<()> {
        if self.release.has_carp_ioctl() {
            Ok(())
        } else {
            Err(Error::Unsupported(format!(
                "FreeBSD {} has no CARP ioctls (SIOCSVH/SIOCGVH were removed in 16): use netlink",
                self.release
            )))
        }
    }

    /// SIOCGVH for one raw vhid (0 = the count-1 probe).
    fn gvh(&mut self, ifname_: &str, vhid: i32) -> std::result::Result<carpreq, Errno> {
        let mut ifr = Self::ifreq(ifname_).map_err(|_| Errno::ENXIO)?;
        let mut buf = [carpreq::get_request(vhid)];
        self.sys.ioctl(IoctlRequest::GetVhid { ifr: &mut ifr, carpr: &mut buf })?;
        let [reply] = buf;
        Ok(reply)
    }

    /// Every vhid of the interface, ascending (see the module docs).
    fn all_vhids(&mut self, ifname_: &str) -> Result<Vec<CarpStatus>> {
        let err = |e| Self::kernel(Op::GetVhid, ifname_, e);
        match self.gvh(ifname_, 0) {
            Ok(only) => Ok(vec![only.to_status()?]),
            Err(Errno::EMSGSIZE) => {
                let mut out = Vec::new();
                for v in 1..=CARP_MAXVHID {
                    match self.gvh(ifname_, v) {
                        Ok(reply) => out.push(reply.to_status()?),
                        Err(Errno::ENOENT) => {}
                        Err(e) => return Err(err(e)),
                    }
                }
                if out.is_empty() {
                    // They went away between the probe and the walk.
                    return Err(err(Errno::ENOENT));
                }
                Ok(out)
            }
            Err(e) => Err(err(e)),
        }
    }

    fn get_ifreq(
        &mut self,
        ifname_: &str,
        which: fn(&mut ifreq) -> IoctlRequest<'_>,
    ) -> std::result::Result<ifreq, Errno> {
        let mut ifr = Self::ifreq(ifname_).map_err(|_| Errno::ENXIO)?;
        self.sys.ioctl(which(&mut ifr))?;
        Ok(ifr)
    }

    /// The `media:` and `status:` texts and the supported media:
    /// SIOCGIFXMEDIA, then SIOCGIFMEDIA (FreeBSD 10 and drivers without
    /// extended media), for the words and then the list (ifmedia.c's
    /// `media_status`). No texts when neither works (no media: loopback,
    /// bridge) or the interface lists no media (ifconfig then only warns
    /// "no media types?").
    fn media(&mut self, ifname_: &str) -> (Option<String>, Option<String>, Vec<String>) {
        let Ok(name) = Self::c_name(ifname_) else { return (None, None, Vec::new()) };
        let Ok(read) = super::ioctl_media::read_media(&mut self.sys, name) else {
            return (None, None, Vec::new());
        };
        if read.list.is_empty() {
            return (None, None, Vec::new());
        }
        let r = read.req;
        let (current, active, status) = (r.ifm_current as u32, r.ifm_active as u32, r.ifm_status as u32);
        let supported = read.list.into_iter().filter_map(supported_line).collect();
        (media_line(current, active), status_line(status, active), supported)
    }

    /// Fill in the lines FreeBSD's ifconfig reads with one ioctl each and
    /// that neither getifaddrs(3) nor 14+'s netlink listing carries:
    /// `options` (SIOCGIFCAP; none when it fails, 0 kept: 14+ prints it),
    /// the keywords' lines (description, groups, fib, vlan, bridge: see
    /// [`Keywords::read_settings`]),
    /// `nd6` (SIOCGIFINFO_IN6), `media` and `status` (SIOCGIFXMEDIA or
    /// SIOCGIFMEDIA; both `None` without media, as ifconfig prints neither
    /// line then). A request that fails leaves its field `None`.
    #[doc(alias = "SIOCGIFMEDIA")]
    #[doc(alias = "SIOCGIFINFO_IN6")]
    pub fn enrich(&mut self, iface: &mut Interface) {
        let name = iface.name.clone();
        let cap = self.get_ifreq(&name, |r| IoctlRequest::GetCap(r)).ok();
        iface.options = cap.map(|r| Capabilities::from_bits_retain(r.curcap() as u32));
        // The supported words (`-m`), and an IFCAP_NV interface's second
        // word (14's listing shows it).
        iface.settings.capability_words = cap.and_then(|r| {
            super::ioctl_iface::words_read(&mut self.sys, &name, r.reqcap() as u32, self.release)
        });
        iface.nd6 = Self::c_name(&name).ok().and_then(|ifname_| {
            let mut nd = in6_ndireq { ifname: ifname_, ..Default::default() };
            self.sys
                .ioctl(IoctlRequest::GetNd6(&mut nd))
                .ok()
                .map(|()| Nd6Flags::from_bits_retain(nd.ndi.flags))
        });
        let (media, status, supported) = self.media(&name);
        (iface.media, iface.status) = (media, status.map(|s| s.as_str().into()));
        iface.supported_media = supported;
        self.keywords().read_settings(iface);
    }

    /// The interface keywords' requests (description, groups, cloning,
    /// vlan, bridge...) on this backend's kernel.
    pub fn keywords(&mut self) -> Keywords<'_, S> {
        Keywords::new(&mut self.sys, self.release)
    }

    /// Fill in what getifaddrs does not carry: MTU, metric, options, nd6,
    /// media, status and the vhids. `Ok(false)` when the interface vanished
    /// meanwhile.
    fn complete(&mut self, iface: &mut Interface) -> Result<bool> {
        let name = iface.name.clone();
        let list_err = |e| Error::kernel(Op::List, e);
        match self.get_ifreq(&name, |r| IoctlRequest::GetMtu(r)) {
            Ok(r) => iface.mtu = r.mtu() as u32,
            Err(Errno::ENXIO) => return Ok(false),
            Err(e) => return Err(list_err(e)),
        }
        match self.get_ifreq(&name, |r| IoctlRequest::GetMetric(r)) {
            Ok(r) => iface.metric = r.metric() as u32,
            Err(Errno::ENXIO) => return Ok(false),
            Err(e) => return Err(list_err(e)),
        }
        self.enrich(iface);
        if self.release.has_carp_ioctl() {
            iface.carp = match self.all_vhids(&name) {
                Ok(list) => list,
                Err(Error::NoSuchInterface(_)) => return Ok(false),
                Err(e) if e.errno().is_some_and(|e| NO_CARP_HERE.contains(&e)) => Vec::new(),
                Err(e) => return Err(e),
            };
        }
        Ok(true)
    }

    /// inet's request has one field for the peer and the broadcast; when a
    /// request names both apart (14's grammar, which sends them as
    /// IFA_ADDRESS and IFA_BROADCAST), the interface's flags say which one
    /// the kernel would take (SIOCGIFFLAGS).
    fn one_inet_peer_field(&mut self, ifname_: &str, req: &AddressRequest) -> Result<AddressRequest> {
        let mut req = req.clone();
        if req.destination.is_none() || req.destination == req.broadcast.map(IpAddr::V4) {
            return Ok(req);
        }
        let mut ifr = Self::ifreq(ifname_)?;
        self.sys
            .ioctl(IoctlRequest::GetFlags(&mut ifr))
            .map_err(|e| Self::kernel(Op::GetFlags, ifname_, e))?;
        if IfFlags::from_bits_retain(ifr.flags()).contains(IfFlags::POINTOPOINT) {
            req.broadcast = None;
        } else {
            req.destination = None;
        }
        Ok(req)
    }
}

fn if_type(ifi_type: u8) -> IfType {
    match ifi_type {
        IFT_ETHER => IfType::Ethernet,
        IFT_LOOP => IfType::Loopback,
        IFT_L2VLAN => IfType::L2Vlan,
        IFT_BRIDGE => IfType::Bridge,
        _ => IfType::Other,
    }
}

/// Group getifaddrs entries into interfaces, in first-appearance order.
fn interfaces_of(entries: Vec<IfAddrEntry>) -> Vec<Interface> {
    let mut out: Vec<Interface> = Vec::new();
    for e in entries {
        let pos = match out.iter().position(|i| i.name == e.name) {
            Some(p) => p,
            None => {
                out.push(Interface {
                    name: e.name.clone(),
                    flags: IfFlags::from_bits_retain(e.flags),
                    ..Default::default()
                });
                out.len() - 1
            }
        };
        let iface = &mut out[pos];
        let head = e.data.unwrap_or_default();
        match e.addr {
            IfAddr::Link(l) => link_entry(iface, e.flags, &l.lladdr, l.index, l.ifi_type, e.data),
            // ifa_broadaddr and ifa_dstaddr are one field: the flags say which.
            IfAddr::Inet { addr, netmask, broadaddr } => iface.addresses.push(Address {
                addr: addr.into(),
                prefixlen: prefixlen_of_mask(netmask.unwrap_or(std::net::Ipv4Addr::UNSPECIFIED).into()),
                broadcast: broadaddr
                    .filter(|_| IfFlags::from_bits_retain(e.flags).contains(IfFlags::BROADCAST)),
                vhid: Vhid::new(head.ifi_vhid.into()),
                scopeid: None,
                destination: broadaddr
                    .filter(|_| IfFlags::from_bits_retain(e.flags).contains(IfFlags::POINTOPOINT))
                    .map(Into::into),
            }),
            IfAddr::Inet6 { addr, netmask, scope_id, dstaddr } => iface.addresses.push(Address {
                addr: addr.into(),
                prefixlen: prefixlen_of_mask(netmask.unwrap_or(std::net::Ipv6Addr::UNSPECIFIED).into()),
                broadcast: None,
                vhid: Vhid::new(head.ifi_vhid.into()),
                scopeid: (scope_id != 0).then_some(scope_id),
                destination: dstaddr
                    .filter(|_| IfFlags::from_bits_retain(e.flags).contains(IfFlags::POINTOPOINT))
                    .map(Into::into),
            }),
            IfAddr::Other(_) => {}
        }
    }
    out
}

/// The `AF_LINK` entry: flags, index, type, MAC. (The status line comes
/// with the media, from SIOCGIFMEDIA, as in ifconfig.)
fn link_entry(
    iface: &mut Interface,
    flags: u32,
    lladdr: &[u8],
    index: u16,
    sdl_type: u8,
    data: Option<IfDataHead>,
) {
    iface.flags = IfFlags::from_bits_retain(flags);
    iface.index = index.into();
    iface.kind = if_type(data.map_or(sdl_type, |d| d.ifi_type));
    let ethernet_like = matches!(iface.kind, IfType::Ethernet | IfType::L2Vlan | IfType::Bridge);
    iface.ether = match <[u8; 6]>::try_from(lladdr) {
        Ok(mac) if ethernet_like => Some(mac),
        _ => None,
    };
}

impl<S: IoctlSys> Backend for IoctlBackend<S> {
    fn name(&self) -> &'static str {
        "ioctl"
    }

    fn release(&self) -> Release {
        self.release
    }

    /// getifaddrs(3) for flags, index, MAC and addresses (with
    /// `ifi_vhid`); SIOCGIFMTU, SIOCGIFMETRIC, then [`IoctlBackend::enrich`]
    /// (SIOCGIFCAP, SIOCGIFINFO_IN6, SIOCGIFXMEDIA/SIOCGIFMEDIA) and
    /// SIOCGVH for the rest: about five ioctls per interface, as ifconfig
    /// makes (the kernel offers no bulk form).
    fn list_interfaces(&mut self) -> Result<Vec<Interface>> {
        let mut out = Vec::new();
        for mut iface in interfaces_of(self.sys.getifaddrs()?) {
            if self.complete(&mut iface)? {
                out.push(iface);
            }
        }
        Ok(out)
    }

    fn carp_get(&mut self, ifname_: &str, vhid: Option<Vhid>) -> Result<Vec<CarpStatus>> {
        self.require_carp_ioctl()?;
        Self::c_name(ifname_)?;
        match vhid {
            Some(v) => {
                let reply = self
                    .gvh(ifname_, v.get().into())
                    .map_err(|e| Self::kernel(Op::GetVhid, ifname_, e).in_carp_get(ifname_, vhid))?;
                Ok(vec![reply.to_status()?])
            }
            None => self.all_vhids(ifname_),
        }
    }

    fn carp_set(&mut self, ifname_: &str, req: &CarpSet) -> Result<()> {
        self.require_carp_ioctl()?;
        let mut ifr = Self::ifreq(ifname_)?;
        let mut carpr = carpreq::from_set(req);
        self.sys.ioctl(IoctlRequest::SetVhid { ifr: &mut ifr, carpr: &mut carpr }).map_err(|e| {
            // 10-14.0 apply advbase (and create the vhid) before refusing.
            let changed = match e {
                Errno::EINVAL if self.release.half_applies_rejected_set() => Changed::Unknown,
                _ => Changed::Nothing,
            };
            Self::kernel(Op::SetVhid, ifname_, e).in_carp_set(ifname_, req).with_changed(changed)
        })
    }

    fn add_address(&mut self, ifname_: &str, req: &AddressRequest) -> Result<()> {
        let name = Self::c_name(ifname_)?;
        let r = match req.addr {
            IpAddr::V4(_) => {
                match in_aliasreq::from_request(name, &self.one_inet_peer_field(ifname_, req)?) {
                    Some(mut a) => {
                        self.sys.ioctl(IoctlRequest::AddAddr(&mut a)).map_err(|e| (Op::AddAddr, e))
                    }
                    None => Err((Op::AddAddr, Errno::EAFNOSUPPORT)),
                }
            }
            IpAddr::V6(_) => match in6_aliasreq::from_request(name, req) {
                Some(mut a) => self.sys.ioctl(IoctlRequest::AddAddr6(&mut a)).map_err(|e| (Op::AddAddr6, e)),
                None => Err((Op::AddAddr6, Errno::EAFNOSUPPORT)),
            },
        };
        r.map_err(|(op, e)| Self::kernel(op, ifname_, e).in_add_address(ifname_, req))
    }

    /// `First(Inet)` sends an empty address (the kernel deletes the first
    /// inet address); `First(Inet6)` does the same, which FreeBSD refuses
    /// with EADDRNOTAVAIL (inet6 has no "first address").
    fn delete_address(&mut self, ifname_: &str, which: &AddressSelector) -> Result<()> {
        let name = Self::c_name(ifname_)?;
        let (family, addr) = match which {
            AddressSelector::Exact(a) => (Family::of(a), Some(*a)),
            AddressSelector::First(f) => (*f, None),
        };
        let r = match family {
            Family::Inet => {
                let mut ifr = ifreq { ifr_name: name, ifr_ifru: [0; 16] };
                if let Some(IpAddr::V4(a)) = addr {
                    ifr.set_addr_in(&sockaddr_in::new(a));
                }
                self.sys.ioctl(IoctlRequest::DelAddr(&mut ifr)).map_err(|e| (Op::DelAddr, e))
            }
            Family::Inet6 => {
                let a6 = match addr {
                    Some(IpAddr::V6(a)) => Some(a),
                    _ => None,
                };
                let mut r6 = in6_ifreq::for_delete(name, a6);
                self.sys.ioctl(IoctlRequest::DelAddr6(&mut r6)).map_err(|e| (Op::DelAddr6, e))
            }
            Family::Link => {
                return Err(Error::Unsupported(
                    "no link-layer address can be deleted with SIOCDIFADDR".into(),
                ))
            }
        };
        r.map_err(|(op, e)| Self::kernel(op, ifname_, e).in_delete_address(ifname_, which))
    }

    /// SIOCGIFFLAGS, then SIOCSIFFLAGS with IFF_UP set or cleared.
    fn set_up(&mut self, ifname_: &str, up: bool) -> Result<()> {
        let mut ifr = Self::ifreq(ifname_)?;
        self.sys
            .ioctl(IoctlRequest::GetFlags(&mut ifr))
            .map_err(|e| Self::kernel(Op::GetFlags, ifname_, e))?;
        let mut flags = IfFlags::from_bits_retain(ifr.flags());
        flags.set(IfFlags::UP, up);
        ifr.set_flags(flags.bits());
        self.sys.ioctl(IoctlRequest::SetFlags(&mut ifr)).map_err(|e| Self::kernel(Op::SetFlags, ifname_, e))
    }

    /// SIOCSIFMTU; `ifr_mtu` is a C int, so the bits pass unchanged (the
    /// kernel refuses what is out of its range).
    fn set_mtu(&mut self, ifname_: &str, mtu: u32) -> Result<()> {
        let mut ifr = Self::ifreq(ifname_)?;
        ifr.set_mtu(mtu as i32);
        self.sys
            .ioctl(IoctlRequest::SetMtu(&mut ifr))
            .map_err(|e| Self::kernel(Op::SetMtu, ifname_, e).on_interface(ifname_, Some("mtu")))
    }

    /// See [`Keywords::change`].
    fn change(&mut self, ifname_: &str, change: &IfaceChange) -> Result<()> {
        self.keywords().change(ifname_, change)
    }

    /// SIOCIFCREATE2 (see [`Keywords::create`]).
    fn create_interface(&mut self, req: &CloneRequest) -> Result<String> {
        self.keywords().create(req)
    }

    /// SIOCIFDESTROY.
    fn destroy_interface(&mut self, ifname_: &str) -> Result<()> {
        self.keywords().destroy(ifname_)
    }

    /// SIOCIFGCLONERS.
    fn cloners(&mut self) -> Result<Vec<String>> {
        self.keywords().cloners()
    }

    /// SIOCSIFMETRIC (`ifr_metric` is a C int, as for the MTU).
    fn set_metric(&mut self, ifname_: &str, metric: u32) -> Result<()> {
        let mut ifr = Self::ifreq(ifname_)?;
        ifr.set_metric(metric as i32);
        self.sys
            .ioctl(IoctlRequest::SetMetric(&mut ifr))
            .map_err(|e| Self::kernel(Op::SetMetric, ifname_, e).on_interface(ifname_, Some("metric")))
    }
}
