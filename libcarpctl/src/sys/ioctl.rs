//! The system calls the ioctl backend makes, behind one small trait so a
//! test can stand in for the kernel (the model's `ModelIoctl`, feature `test-peers`) and
//! FreeBSD provides the real one (`FreeBsdIoctl`).

use super::abi::{carpreq, ifreq, in6_aliasreq, in6_ifreq, in6_ndireq, in_aliasreq};
use super::bridge::BridgeRequest;
use super::drivers::{MacRequest, StfRequest};
use super::ifaddrs::IfAddrEntry;
use super::ifreq_iface::IfaceRequest;
use super::lagg::LaggRequest;
use super::media::{ifmediareq, SIOCGIFMEDIA, SIOCGIFXMEDIA};
use super::nvreq::NvRequest;
use super::request::{
    SIOCAIFADDR, SIOCAIFADDR_IN6, SIOCDIFADDR, SIOCDIFADDR_IN6, SIOCGIFCAP, SIOCGIFFLAGS, SIOCGIFINFO_IN6,
    SIOCGIFMETRIC, SIOCGIFMTU, SIOCGVH, SIOCSIFFLAGS, SIOCSIFMETRIC, SIOCSIFMTU, SIOCSVH,
};
use super::tunnel::TunnelRequest;
use super::vxlan::VxlanRequest;
use crate::error::{Errno, Result};

/// One ioctl with its typed argument. The kernel reads and writes the
/// structs in place.
#[derive(Debug)]
pub enum IoctlRequest<'a> {
    /// `SIOCSVH`: `ifr_data` points at `carpr`.
    SetVhid {
        /// Names the interface.
        ifr: &'a mut ifreq,
        /// The request.
        carpr: &'a mut carpreq,
    },
    /// `SIOCGVH`: `ifr_data` points at `carpr`, a buffer of
    /// `carpr.len()` elements; `carpr[0]` is the request. The kernel writes
    /// one element for a vhid, `carpr_count` elements for vhid 0.
    GetVhid {
        /// Names the interface.
        ifr: &'a mut ifreq,
        /// The request and reply buffer.
        carpr: &'a mut [carpreq],
    },
    /// `SIOCAIFADDR`.
    AddAddr(&'a mut in_aliasreq),
    /// `SIOCDIFADDR` (`ifr_addr` holds a `sockaddr_in`).
    DelAddr(&'a mut ifreq),
    /// `SIOCAIFADDR_IN6`.
    AddAddr6(&'a mut in6_aliasreq),
    /// `SIOCDIFADDR_IN6`.
    DelAddr6(&'a mut in6_ifreq),
    /// `SIOCGIFFLAGS`.
    GetFlags(&'a mut ifreq),
    /// `SIOCSIFFLAGS`.
    SetFlags(&'a mut ifreq),
    /// `SIOCGIFMTU`.
    GetMtu(&'a mut ifreq),
    /// `SIOCSIFMTU`.
    SetMtu(&'a mut ifreq),
    /// `SIOCGIFMETRIC`.
    GetMetric(&'a mut ifreq),
    /// `SIOCSIFMETRIC`.
    SetMetric(&'a mut ifreq),
    /// `SIOCGIFCAP`.
    GetCap(&'a mut ifreq),
    /// `SIOCGIFINFO_IN6`.
    GetNd6(&'a mut in6_ndireq),
    /// `SIOCGIFMEDIA` (extended Ethernet subtypes read as `IFM_OTHER`).
    /// Only `ifm_ulist` NULL with `ifm_count` 0 is sent: the words and the
    /// number of supported media, never the list.
    GetMedia(&'a mut ifmediareq),
    /// `SIOCGIFXMEDIA`: as [`IoctlRequest::GetMedia`], words unchanged.
    GetXMedia(&'a mut ifmediareq),
    /// `SIOCGIFXMEDIA` (`extended`) or `SIOCGIFMEDIA` with room for the
    /// supported media: `ifm_ulist` points at `list` and `ifm_count` is
    /// its length; the kernel writes the words there (E2BIG when they do
    /// not fit) and their number to `ifm_count`.
    GetMediaList {
        /// The request.
        req: &'a mut ifmediareq,
        /// Room for the words.
        list: &'a mut [i32],
        /// SIOCGIFXMEDIA rather than SIOCGIFMEDIA.
        extended: bool,
    },
    /// The interface keywords' requests (description, name, groups, fib,
    /// lladdr, capabilities, nd6, cloning, vlan): see [`IfaceRequest`].
    Iface(IfaceRequest<'a>),
    /// A bridge command (SIOCSDRVSPEC / SIOCGDRVSPEC).
    Bridge(BridgeRequest<'a>),
    /// A lagg request (`SIOC[GS]LAGG*`).
    Lagg(LaggRequest<'a>),
    /// A tunnel, gif or gre request (SIOCSIFPHYADDR, GIFSOPTS, GRESKEY...).
    Tunnel(TunnelRequest<'a>),
    /// A vxlan command (`VXLAN_CMD_*` through SIOCSDRVSPEC / SIOCGDRVSPEC).
    Vxlan(VxlanRequest<'a>),
    /// pfsync's `struct pfsyncreq` or a packed nvlist (pfsync 14+, the
    /// nv capabilities): see [`NvRequest`].
    Nv(NvRequest<'a>),
    /// An stf(4) 6rd command (`STF6RD_*` through SIOCSDRVSPEC /
    /// SIOCGDRVSPEC).
    Stf(StfRequest<'a>),
    /// SIOCSIFMAC / SIOCGIFMAC.
    Mac(MacRequest<'a>),
}

impl IoctlRequest<'_> {
    /// The request number.
    pub fn request(&self) -> u64 {
        match self {
            IoctlRequest::SetVhid { .. } => SIOCSVH,
            IoctlRequest::GetVhid { .. } => SIOCGVH,
            IoctlRequest::AddAddr(_) => SIOCAIFADDR,
            IoctlRequest::DelAddr(_) => SIOCDIFADDR,
            IoctlRequest::AddAddr6(_) => SIOCAIFADDR_IN6,
            IoctlRequest::DelAddr6(_) => SIOCDIFADDR_IN6,
            IoctlRequest::GetFlags(_) => SIOCGIFFLAGS,
            IoctlRequest::SetFlags(_) => SIOCSIFFLAGS,
            IoctlRequest::GetMtu(_) => SIOCGIFMTU,
            IoctlRequest::SetMtu(_) => SIOCSIFMTU,
            IoctlRequest::GetMetric(_) => SIOCGIFMETRIC,
            IoctlRequest::SetMetric(_) => SIOCSIFMETRIC,
            IoctlRequest::GetCap(_) => SIOCGIFCAP,
            IoctlRequest::GetNd6(_) => SIOCGIFINFO_IN6,
            IoctlRequest::GetMedia(_) => SIOCGIFMEDIA,
            IoctlRequest::GetXMedia(_) | IoctlRequest::GetMediaList { extended: true, .. } => SIOCGIFXMEDIA,
            IoctlRequest::GetMediaList { .. } => SIOCGIFMEDIA,
            IoctlRequest::Iface(r) => r.request(),
            IoctlRequest::Bridge(r) => r.request(),
            IoctlRequest::Lagg(r) => r.request(),
            IoctlRequest::Tunnel(r) => r.request(),
            IoctlRequest::Vxlan(r) => r.request(),
            IoctlRequest::Nv(r) => r.request(),
            IoctlRequest::Stf(r) => r.request(),
            IoctlRequest::Mac(r) => r.request(),
        }
    }

    /// The request's C name.
    pub fn name(&self) -> &'static str {
        match self {
            IoctlRequest::SetVhid { .. } => "SIOCSVH",
            IoctlRequest::GetVhid { .. } => "SIOCGVH",
            IoctlRequest::AddAddr(_) => "SIOCAIFADDR",
            IoctlRequest::DelAddr(_) => "SIOCDIFADDR",
            IoctlRequest::AddAddr6(_) => "SIOCAIFADDR_IN6",
            IoctlRequest::DelAddr6(_) => "SIOCDIFADDR_IN6",
            IoctlRequest::GetFlags(_) => "SIOCGIFFLAGS",
            IoctlRequest::SetFlags(_) => "SIOCSIFFLAGS",
            IoctlRequest::GetMtu(_) => "SIOCGIFMTU",
            IoctlRequest::SetMtu(_) => "SIOCSIFMTU",
            IoctlRequest::GetMetric(_) => "SIOCGIFMETRIC",
            IoctlRequest::SetMetric(_) => "SIOCSIFMETRIC",
            IoctlRequest::GetCap(_) => "SIOCGIFCAP",
            IoctlRequest::GetNd6(_) => "SIOCGIFINFO_IN6",
            IoctlRequest::GetMedia(_) => "SIOCGIFMEDIA",
            IoctlRequest::GetXMedia(_) | IoctlRequest::GetMediaList { extended: true, .. } => "SIOCGIFXMEDIA",
            IoctlRequest::GetMediaList { .. } => "SIOCGIFMEDIA",
            IoctlRequest::Iface(r) => r.name(),
            IoctlRequest::Bridge(r) => r.name(),
            IoctlRequest::Lagg(r) => super::request::name_of(r.request()),
            IoctlRequest::Tunnel(r) => super::request::name_of(r.request()),
            IoctlRequest::Vxlan(r) => super::request::name_of(r.request()),
            IoctlRequest::Nv(r) => super::request::name_of(r.request()),
            IoctlRequest::Stf(r) => super::request::name_of(r.request()),
            IoctlRequest::Mac(r) => super::request::name_of(r.request()),
        }
    }

    /// Whether the request goes to an `AF_INET6` socket (in6_control)
    /// rather than an `AF_INET` one.
    pub fn wants_inet6_socket(&self) -> bool {
        match self {
            IoctlRequest::AddAddr6(_) | IoctlRequest::DelAddr6(_) | IoctlRequest::GetNd6(_) => true,
            IoctlRequest::Iface(r) => r.wants_inet6_socket(),
            IoctlRequest::Tunnel(r) => r.wants_inet6_socket(),
            _ => false,
        }
    }
}

/// The kernel as the ioctl backend sees it.
pub trait IoctlSys {
    /// `ioctl(2)` on a datagram socket of the right family; `Err` carries
    /// the errno.
    fn ioctl(&mut self, req: IoctlRequest<'_>) -> std::result::Result<(), Errno>;

    /// `getifaddrs(3)`, decoded: per interface its `AF_LINK` entry, then
    /// its addresses in the kernel's list order.
    fn getifaddrs(&mut self) -> Result<Vec<IfAddrEntry>>;

    /// jail_getid(3): a jail's id from its name or number; the error is
    /// [`Error::Jail`](crate::Error::Jail) with the kernel's message. A
    /// kernel stand-in without jails refuses it by reason.
    fn jail_id(&mut self, name: &str) -> Result<i32> {
        Err(crate::Error::Unsupported(format!("jail_get(2) for {name}: this kernel has no jails")))
    }
}

impl<T: IoctlSys + ?Sized> IoctlSys for &mut T {
    fn ioctl(&mut self, req: IoctlRequest<'_>) -> std::result::Result<(), Errno> {
        (**self).ioctl(req)
    }

    fn getifaddrs(&mut self) -> Result<Vec<IfAddrEntry>> {
        (**self).getifaddrs()
    }

    fn jail_id(&mut self, name: &str) -> Result<i32> {
        (**self).jail_id(name)
    }
}
