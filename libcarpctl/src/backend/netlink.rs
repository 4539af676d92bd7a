//! The netlink backend: rtnetlink for links and addresses, the generic
//! `"carp"` family for vhids (FreeBSD 14+), over any [`Transport`].
//!
//! One code path serves every kernel that speaks it; what differs is a
//! [`Kernel`], one file each: [`FreeBsd`](freebsd::FreeBsd) (errno numbering, `IFF_*` values
//! and `ifi_type` as FreeBSD's own, the carp family, `IFA_FREEBSD`) and
//! [`Linux`](linux::Linux) (see [`linux`]). This module names none of them.
//!
//! Costs: [`Backend::list_interfaces`] sends one RTM_GETLINK dump and one
//! RTM_GETADDR dump whatever the number of interfaces, then (FreeBSD) at most
//! one carp GET per interface whose type can carry carp, plus one family
//! lookup per backend.
//!
//! What netlink does not carry is left empty in the [`Interface`]s it lists:
//! capabilities (`options`), nd6 options and the media line, which FreeBSD's
//! ifconfig reads with ioctls; the metric is reported as 0 and cannot be set.

pub mod freebsd;
mod freebsd_geneve;
mod kernel;
pub mod linux;
mod linux_bridge;
mod linux_change;
mod linux_vxlan;
pub(crate) mod netns;
#[cfg(any(target_os = "linux", target_os = "freebsd"))]
mod socket;
mod transport;

use std::collections::HashMap;
use std::net::IpAddr;

use zeroize::Zeroize;

pub use kernel::{Kernel, LinkTies};
#[cfg(any(target_os = "linux", target_os = "freebsd"))]
pub use socket::SocketTransport;
pub use transport::{Protocol, Transport};

use crate::backend::Backend;
use crate::error::{Errno, Error, Op, Result};
use crate::netlink::msg::{self, MessageBuilder};
use crate::netlink::route::{Addr, IfAddrInfo, IfInfo, Link};
use crate::netlink::{carp, genl, route};
use crate::sys::netlink::{
    AF_INET, AF_UNSPEC, CARP_NL_FAMILY_NAME, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST, RTM_DELADDR, RTM_GETADDR,
    RTM_GETLINK, RTM_NEWADDR, RTM_NEWLINK,
};
use crate::types::{
    Address, AddressRequest, AddressSelector, CarpSet, CarpStatus, Family, IfFlags, Interface, Release, Vhid,
};

/// The netlink [`Backend`] over a transport `T` to a kernel `K`.
#[derive(Debug)]
pub struct NetlinkBackend<T, K> {
    transport: T,
    kernel: std::marker::PhantomData<K>,
    release: Release,
    seq: u32,
    /// The carp family id, once looked up (`Some(None)`: not registered).
    carp_family: Option<Option<u16>>,
}

impl<T: Transport, K: Kernel> NetlinkBackend<T, K> {
    /// A backend talking to kernel `K` through `transport`; `release` is
    /// the FreeBSD release whose behaviour and output apply.
    pub fn new(transport: T, release: Release) -> NetlinkBackend<T, K> {
        NetlinkBackend { transport, kernel: std::marker::PhantomData, release, seq: 0, carp_family: None }
    }

    /// The transport (e.g. to inspect a test peer).
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The transport, mutably.
    pub fn transport_mut(&mut self) -> &mut T {
        &mut self.transport
    }

    /// Give the transport back.
    pub fn into_transport(self) -> T {
        self.transport
    }

    pub(crate) fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.wrapping_add(1).max(1);
        self.seq
    }

    /// Run one exchange; decode every data message with `decode`. A kernel
    /// error becomes `Error::Kernel { op, errno, .. }`.
    fn run<R>(
        &mut self,
        protocol: Protocol,
        request: Vec<u8>,
        op: Op,
        decode: impl Fn(&msg::Message<'_>) -> Result<R>,
    ) -> Result<Vec<R>> {
        let mut out = Vec::new();
        self.run_each(protocol, request, op, |m| {
            out.push(decode(m)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Run one exchange, handing each data message to `each` as its
    /// datagram arrives (nothing of the reply is kept). A kernel error
    /// becomes `Error::Kernel { op, errno, .. }`; the messages of a
    /// datagram that carries it are not handed over.
    pub(crate) fn run_each(
        &mut self,
        protocol: Protocol,
        request: Vec<u8>,
        op: Op,
        each: impl FnMut(&msg::Message<'_>) -> Result<()>,
    ) -> Result<()> {
        match self.exchange_raw(protocol, request, each)? {
            Some((errno, _)) => Err(Error::kernel(op, K::errno(errno))),
            None => Ok(()),
        }
    }

    /// Send an acknowledged request whose refusal ifconfig reports as the
    /// kernel words it (ifgeneve.c's `geneve_nl_fini`): an
    /// [`Error::Netlink`] with the extended-ack text.
    pub(crate) fn ack_text(&mut self, request: Vec<u8>) -> Result<()> {
        match self.exchange_raw(Protocol::Route, request, |_| Ok(()))? {
            Some((errno, message)) => Err(Error::Netlink { errno: K::errno(errno), message }),
            None => Ok(()),
        }
    }

    /// One exchange: each data message to `each`; the kernel's error, if
    /// any, with its extended-ack text.
    fn exchange_raw(
        &mut self,
        protocol: Protocol,
        mut request: Vec<u8>,
        mut each: impl FnMut(&msg::Message<'_>) -> Result<()>,
    ) -> Result<Option<(i32, Option<String>)>> {
        let seq = msg::Header::parse(&request)?.seq;
        let (mut error, mut complete) = (None, false);
        let sent = self.transport.exchange_each(protocol, &request, &mut |datagram| {
            let outcome = msg::collect(datagram, seq)?;
            if let Some(e) = outcome.error {
                error = Some(e);
            } else if error.is_none() {
                outcome.data.iter().try_for_each(&mut each)?;
            }
            complete |= outcome.complete;
            Ok(complete)
        });
        request.zeroize();
        sent?;
        if error.is_some() {
            return Ok(error);
        }
        if !complete {
            return Err(
                crate::error::DecodeError::new("netlink reply", "ended without NLMSG_DONE or ack").into()
            );
        }
        Ok(None)
    }

    /// The RTM_GETLINK dump request (every link).
    fn link_dump_request(&mut self) -> Vec<u8> {
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq);
        Link::default().emit(&mut b);
        b.finish()
    }

    /// All links (one RTM_GETLINK dump).
    pub(crate) fn dump_links(&mut self) -> Result<Vec<Link>> {
        let request = self.link_dump_request();
        self.run(Protocol::Route, request, Op::List, |m| {
            let mut link = Link::parse(m.payload)?;
            // Only a vxlan's (linux_vxlan) and a geneve's IFLA_INFO_DATA
            // are read; a bridge's is ~600 bytes that would be held for
            // every link.
            if !matches!(link.info_kind.as_deref(), Some("vxlan" | "geneve")) {
                link.info_data = None;
            }
            Ok(link)
        })
    }

    /// All addresses of `family` (AF_UNSPEC: all), one RTM_GETADDR dump.
    fn dump_addrs(&mut self, family: u8) -> Result<Vec<Addr>> {
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq);
        Addr { info: IfAddrInfo { family, ..IfAddrInfo::default() }, ..Addr::default() }.emit(&mut b);
        let dialect = K::DIALECT;
        self.run(Protocol::Route, b.finish(), Op::List, |m| Ok(Addr::parse(m.payload, dialect)?))
    }

    /// One link by name (RTM_GETLINK with IFLA_IFNAME, as if_nametoindex).
    pub(crate) fn link(&mut self, ifname: &str) -> Result<Link> {
        let missing = || Error::NoSuchInterface(ifname.to_string());
        if ifname.is_empty() || ifname.len() >= 16 || ifname.contains('\0') {
            return Err(missing());
        }
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
        Link { name: Some(ifname.to_string()), ..Link::default() }.emit(&mut b);
        match self.run(Protocol::Route, b.finish(), Op::List, |m| Ok(Link::parse(m.payload)?)) {
            Ok(links) => links.into_iter().find(|l| l.name.as_deref() == Some(ifname)).ok_or_else(missing),
            Err(Error::Kernel { errno: Errno::ENODEV | Errno::ENOENT | Errno::ENXIO, .. }) => Err(missing()),
            Err(e) => Err(e),
        }
    }

    fn ifindex(&mut self, ifname: &str) -> Result<u32> {
        let link = self.link(ifname)?;
        u32::try_from(link.info.index).map_err(|_| Error::NoSuchInterface(ifname.to_string()))
    }

    /// An address as listed, or `None` for families ifconfig does not list.
    fn address_from(a: &Addr) -> Option<Address> {
        let addr = a.addr()?;
        let family_ok = match addr {
            IpAddr::V4(_) => a.info.family == AF_INET,
            IpAddr::V6(_) => a.info.family == K::AF_INET6,
        };
        if !family_ok {
            return None;
        }
        let scopeid = match addr {
            IpAddr::V6(v6) if route::is_link_local(&v6) => Some(a.info.index),
            _ => None,
        };
        let vhid = a.freebsd.and_then(|f| f.vhid).and_then(|v| Vhid::new(v.into()));
        let broadcast = if addr.is_ipv4() { a.broadcast } else { None };
        Some(Address { addr, prefixlen: a.info.prefixlen, broadcast, vhid, scopeid, destination: a.peer() })
    }

    /// The carp family id; `EPROTONOSUPPORT` (as libifconfig reports it)
    /// when carp.ko is not loaded.
    fn carp_family(&mut self, op: Op) -> Result<u16> {
        K::carp().map_err(|why| Error::Unsupported(why.to_string()))?;
        if self.carp_family.is_none() {
            let seq = self.next_seq();
            let req = genl::get_family_request(CARP_NL_FAMILY_NAME, seq);
            let found =
                match self.run(Protocol::Generic, req, op, |m| Ok(genl::parse_family_reply(m.payload)?)) {
                    Ok(fams) => fams.into_iter().find(|f| f.name == CARP_NL_FAMILY_NAME || f.name.is_empty()),
                    Err(Error::Kernel { .. }) => None,
                    Err(e) => return Err(e),
                };
            self.carp_family = Some(found.map(|f| f.id));
        }
        self.carp_family.flatten().ok_or(Error::kernel(op, Errno::EPROTONOSUPPORT))
    }

    /// Whether the kernel's generic netlink has the "carp" family (FreeBSD
    /// with carp.ko loaded). Used to choose between netlink and ioctl.
    pub fn has_carp_family(&mut self) -> bool {
        self.carp_family(Op::GetVhid).is_ok()
    }

    fn carp_dump(&mut self, family: u16, ifname: &str, vhid: Option<Vhid>) -> Result<Vec<CarpStatus>> {
        let seq = self.next_seq();
        let req = carp::get_request(family, seq, ifname, vhid);
        self.run(Protocol::Generic, req, Op::GetVhid, |m| Ok(carp::parse_status(m.payload)?))
    }

    /// Send an acknowledged request; errors carry `op`.
    pub(crate) fn ack(&mut self, protocol: Protocol, request: Vec<u8>, op: Op) -> Result<()> {
        self.run(protocol, request, op, |_| Ok(())).map(|_| ())
    }

    fn send_addr(&mut self, kind: u16, flags: u16, addr: &Addr, op: Op) -> Result<()> {
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(kind, NLM_F_REQUEST | NLM_F_ACK | flags, seq);
        addr.emit(&mut b);
        self.ack(Protocol::Route, b.finish(), op)
    }

    fn send_link(&mut self, link: &Link, op: Op) -> Result<()> {
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
        link.emit(&mut b);
        self.ack(Protocol::Route, b.finish(), op)
    }
}

fn add_op(family: Family) -> Op {
    if family == Family::Inet6 {
        Op::AddAddr6
    } else {
        Op::AddAddr
    }
}

fn del_op(family: Family) -> Op {
    if family == Family::Inet6 {
        Op::DelAddr6
    } else {
        Op::DelAddr
    }
}

impl<T: Transport, K: Kernel> Backend for NetlinkBackend<T, K> {
    fn name(&self) -> &'static str {
        K::NAME
    }

    fn release(&self) -> Release {
        self.release
    }

    fn list_interfaces(&mut self) -> Result<Vec<Interface>> {
        // Each link becomes its interface as its datagram arrives; only its
        // ties to other interfaces are kept until the dump ends.
        let (mut list, mut ties) = (Vec::new(), Vec::new());
        let request = self.link_dump_request();
        self.run_each(Protocol::Route, request, Op::List, |m| {
            let mut link = Link::parse(m.payload)?;
            let mut iface = K::interface_from_link(&link);
            // The description (IFLA_IFALIAS), which every kernel reports the same way.
            iface.settings.description = link.alias.take().filter(|a| !a.is_empty());
            ties.push(LinkTies::of(&mut link));
            list.push(iface);
            Ok(())
        })?;
        K::fill_settings(&ties, &mut list);
        drop(ties);
        // Each address to its interface through an index map, as its
        // datagram arrives: no search per address, no copy of the dump.
        let at: HashMap<u32, usize> = list.iter().enumerate().map(|(n, i)| (i.index, n)).collect();
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq);
        Addr { info: IfAddrInfo { family: AF_UNSPEC, ..IfAddrInfo::default() }, ..Addr::default() }
            .emit(&mut b);
        self.run_each(Protocol::Route, b.finish(), Op::List, |m| {
            let a = Addr::parse(m.payload, K::DIALECT)?;
            if let (Some(address), Some(&n)) = (Self::address_from(&a), at.get(&a.info.index)) {
                list[n].addresses.push(address);
            }
            Ok(())
        })?;
        if K::carp().is_ok() && list.iter().any(|i| i.kind.supports_carp()) {
            let family = match self.carp_family(Op::GetVhid) {
                Ok(f) => Some(f),
                Err(Error::Kernel { errno: Errno::EPROTONOSUPPORT, .. }) => None,
                Err(e) => return Err(e),
            };
            if let Some(family) = family {
                for i in list.iter_mut().filter(|i| i.kind.supports_carp()) {
                    i.carp = match self.carp_dump(family, &i.name, None) {
                        Ok(list) => list,
                        Err(Error::Kernel { errno: Errno::ENOENT | Errno::EOPNOTSUPP, .. }) => Vec::new(),
                        Err(e) => return Err(e),
                    };
                    i.carp.sort_by_key(|c| c.vhid);
                }
            }
        }
        Ok(list)
    }

    fn interface(&mut self, name: &str) -> Result<Interface> {
        self.list_interfaces()?
            .into_iter()
            .find(|i| i.name == name)
            .ok_or_else(|| Error::NoSuchInterface(name.to_string()))
    }

    fn carp_get(&mut self, ifname: &str, vhid: Option<Vhid>) -> Result<Vec<CarpStatus>> {
        let family = self.carp_family(Op::GetVhid)?;
        let mut list = self.carp_dump(family, ifname, vhid).map_err(|e| e.in_carp_get(ifname, vhid))?;
        list.sort_by_key(|c| c.vhid);
        Ok(list)
    }

    fn carp_set(&mut self, ifname: &str, req: &CarpSet) -> Result<()> {
        let family = self.carp_family(Op::SetVhid)?;
        let seq = self.next_seq();
        let msg = carp::set_request(family, seq, ifname, req, self.release.has_vrrp());
        // A netlink SET is checked whole before it is applied.
        self.ack(Protocol::Generic, msg, Op::SetVhid).map_err(|e| e.in_carp_set(ifname, req))
    }

    fn add_address(&mut self, ifname: &str, req: &AddressRequest) -> Result<()> {
        if req.vhid.is_some() {
            K::carp().map_err(|why| Error::Unsupported(why.to_string()))?;
        }
        let index = self.ifindex(ifname)?;
        let (addr, flags) = K::add_request(index, req);
        self.send_addr(RTM_NEWADDR, flags, &addr, add_op(req.family()))
            .map_err(|e| e.in_add_address(ifname, req))
    }

    fn delete_address(&mut self, ifname: &str, which: &AddressSelector) -> Result<()> {
        let family = match which {
            AddressSelector::Exact(a) => Family::of(a),
            AddressSelector::First(f) => *f,
        };
        let op = del_op(family);
        let index = self.ifindex(ifname)?;
        // FreeBSD deletes by address alone; Linux's inet6 delete needs the
        // prefix length, and "first address" needs a lookup on both.
        let needs_lookup = matches!(which, AddressSelector::First(_)) || K::delete_needs_prefix(family);
        let (addr, prefixlen) = if needs_lookup {
            let af = kernel::af_of::<K>(family);
            let found = self
                .dump_addrs(af)?
                .iter()
                .filter(|a| a.info.index == index && a.info.family == af)
                .filter_map(Self::address_from)
                .find(|a| match which {
                    AddressSelector::Exact(x) => a.addr == *x,
                    AddressSelector::First(_) => true,
                });
            match found {
                Some(a) => (a.addr, a.prefixlen),
                None => return Err(Error::kernel(op, Errno::EADDRNOTAVAIL).in_delete_address(ifname, which)),
            }
        } else {
            match which {
                AddressSelector::Exact(a) => (*a, 0),
                AddressSelector::First(_) => unreachable!("First always looks up"),
            }
        };
        let mut del = Addr {
            info: IfAddrInfo {
                family: kernel::af_of::<K>(family),
                prefixlen,
                index,
                ..IfAddrInfo::default()
            },
            local: Some(addr),
            ..Addr::default()
        };
        K::delete_request(&mut del);
        self.send_addr(RTM_DELADDR, 0, &del, op).map_err(|e| e.in_delete_address(ifname, which))
    }

    fn set_up(&mut self, ifname: &str, up: bool) -> Result<()> {
        let index = self.link(ifname)?.info.index;
        let flags = if up { IfFlags::UP.bits() } else { 0 };
        let change = IfFlags::UP.bits();
        let link = Link { info: IfInfo { index, flags, change, ..IfInfo::default() }, ..Link::default() };
        self.send_link(&link, Op::SetFlags).map_err(|e| e.on_interface(ifname, Some("flags")))?;
        if up {
            K::check_up(self, ifname)?;
        }
        Ok(())
    }

    fn set_mtu(&mut self, ifname: &str, mtu: u32) -> Result<()> {
        let index = self.link(ifname)?.info.index;
        let link = Link { info: IfInfo { index, ..IfInfo::default() }, mtu: Some(mtu), ..Link::default() };
        self.send_link(&link, Op::SetMtu).map_err(|e| e.on_interface(ifname, Some("mtu")))
    }

    fn set_metric(&mut self, ifname: &str, _metric: u32) -> Result<()> {
        self.link(ifname)?;
        Err(Error::Unsupported(
            "netlink has no interface metric; on FreeBSD it is set with SIOCSIFMETRIC (ioctl backend)".into(),
        ))
    }

    fn change(&mut self, ifname: &str, change: &crate::types::IfaceChange) -> Result<()> {
        K::change(self, ifname, change)
    }

    fn create_interface(&mut self, req: &crate::types::CloneRequest) -> Result<String> {
        K::create_interface(self, req)
    }

    fn destroy_interface(&mut self, ifname: &str) -> Result<()> {
        K::destroy_interface(self, ifname)
    }

    fn cloners(&mut self) -> Result<Vec<String>> {
        K::cloners()
    }

    fn bridge_addresses(&mut self, ifname: &str) -> Result<Vec<crate::types::BridgeCacheEntry>> {
        K::bridge_addresses(self, ifname)
    }
}
