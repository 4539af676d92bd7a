//! What differs between the kernels that speak rtnetlink: one small trait,
//! one implementation per kernel, each in a file of its own
//! ([`FreeBsd`](super::freebsd::FreeBsd), [`Linux`](super::linux::Linux)).
//! The backend's code is the same for all of them.

use crate::error::{Errno, Error, Result};
use crate::netlink::bridge::{BridgeAttrs, PortAttrs};
use crate::netlink::route::{Addr, Dialect, IfAddrInfo, Link};
use crate::sys::netlink::AF_INET;
use crate::types::{AddressRequest, CloneRequest, Family, IfaceChange, Interface};

use super::{NetlinkBackend, Transport};

/// What a listing keeps of a link once its [`Interface`] is made: only
/// what ties it to other interfaces or its kind's own data, so that the
/// link messages themselves are not held until the dump ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkTies {
    /// `IFLA_MASTER`: the index of the bridge (or bond) the link is in.
    pub master: Option<u32>,
    /// `IFLA_INFO_KIND` is `"bridge"`.
    pub bridge: bool,
    /// `IFLA_INFO_DATA` of a vxlan (undecoded); `None` for other kinds.
    pub vxlan: Option<Vec<u8>>,
    /// `IFLA_INFO_DATA` of a geneve (undecoded); `None` for other kinds.
    pub geneve: Option<Vec<u8>>,
    /// A Linux bridge's parameters (its `IFLA_INFO_DATA`, decoded: a few
    /// words instead of its ~600 bytes).
    pub bridge_attrs: Option<BridgeAttrs>,
    /// A Linux bridge port's settings (its `IFLA_INFO_SLAVE_DATA`, decoded).
    pub port: Option<PortAttrs>,
}

impl LinkTies {
    /// Take what the listing keeps from `link` (the rest is dropped with it).
    pub fn of(link: &mut Link) -> LinkTies {
        let kind = link.info_kind.as_deref();
        let bridge = kind == Some("bridge");
        let vxlan = if kind == Some("vxlan") { link.info_data.take() } else { None };
        let geneve = if kind == Some("geneve") { link.info_data.take() } else { None };
        let bridge_attrs =
            link.info_data.as_deref().filter(|_| bridge).and_then(|d| BridgeAttrs::parse(d).ok());
        let port = match (link.slave_kind.as_deref(), link.slave_data.as_deref()) {
            (Some("bridge"), Some(d)) => PortAttrs::parse(d).ok(),
            _ => None,
        };
        LinkTies { master: link.master, bridge, vxlan, geneve, bridge_attrs, port }
    }
}

/// A kernel at the other end of a netlink transport.
pub trait Kernel: Sized {
    /// The backend's name for diagnostics (`"netlink"`, `"linux"`).
    const NAME: &'static str;
    /// This kernel's `AF_INET6`.
    const AF_INET6: u8;
    /// How this kernel numbers address attributes.
    const DIALECT: Dialect;

    /// `Err(why)` when this kernel has no carp(4): every CARP request then
    /// fails with that reason before anything is sent.
    fn carp() -> std::result::Result<(), &'static str>;

    /// Name a kernel errno number.
    fn errno(n: i32) -> Errno;

    /// An [`Interface`] (without addresses) from a link message.
    fn interface_from_link(link: &Link) -> Interface;

    /// What the link dump says beyond each interface itself (bridge
    /// members, a vxlan's configuration), filled in after every link is
    /// read, from what the listing kept of each link (`ties[n]` is
    /// `list[n]`'s).
    fn fill_settings(ties: &[LinkTies], list: &mut [Interface]) {
        let _ = (ties, list);
    }

    /// The RTM_NEWADDR message that adds `req` to interface `index`, and
    /// the request flags it goes with.
    fn add_request(index: u32, req: &AddressRequest) -> (Addr, u16);

    /// Decorate the RTM_DELADDR message of an address.
    fn delete_request(del: &mut Addr) {
        let _ = del;
    }

    /// Whether deleting an address of `family` needs its prefix length
    /// (found with a dump).
    fn delete_needs_prefix(family: Family) -> bool {
        let _ = family;
        false
    }

    /// After an acknowledged RTM_NEWLINK that brings `ifname` up: whether
    /// the kernel really did.
    fn check_up<T: Transport>(nl: &mut NetlinkBackend<T, Self>, ifname: &str) -> Result<()> {
        let _ = (nl, ifname);
        Ok(())
    }

    /// Any other change ifconfig's keywords make.
    fn change<T: Transport>(
        nl: &mut NetlinkBackend<T, Self>,
        ifname: &str,
        change: &IfaceChange,
    ) -> Result<()> {
        let _ = change;
        nl.link(ifname)?;
        Err(Error::Unsupported("this change is not implemented over this kernel's netlink yet".into()))
    }

    /// Create a cloned interface; the name it got.
    fn create_interface<T: Transport>(
        nl: &mut NetlinkBackend<T, Self>,
        req: &CloneRequest,
    ) -> Result<String> {
        let _ = nl;
        Err(Error::Unsupported(format!("cannot create {} over netlink yet", req.name)))
    }

    /// Destroy a cloned interface.
    fn destroy_interface<T: Transport>(nl: &mut NetlinkBackend<T, Self>, ifname: &str) -> Result<()> {
        let _ = nl;
        Err(Error::Unsupported(format!("cannot destroy {ifname} over netlink yet")))
    }

    /// The address cache of bridge `ifname` (`addr`).
    fn bridge_addresses<T: Transport>(
        nl: &mut NetlinkBackend<T, Self>,
        ifname: &str,
    ) -> Result<Vec<crate::types::BridgeCacheEntry>> {
        crate::backend::cache_in_listing(nl, ifname)
    }

    /// The interface cloners (`ifconfig -C`).
    fn cloners() -> Result<Vec<String>>;
}

/// The address family number `family` has on kernel `K`.
pub(crate) fn af_of<K: Kernel>(family: Family) -> u8 {
    match family {
        Family::Inet6 => K::AF_INET6,
        _ => AF_INET,
    }
}

/// The part of an address message every kernel shares.
pub(crate) fn address_message<K: Kernel>(index: u32, req: &AddressRequest) -> Addr {
    Addr {
        info: IfAddrInfo {
            family: af_of::<K>(req.family()),
            prefixlen: req.effective_prefixlen(),
            index,
            ..IfAddrInfo::default()
        },
        local: Some(req.addr),
        ..Addr::default()
    }
}
