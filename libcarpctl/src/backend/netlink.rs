//! The netlink backend: rtnetlink for links and addresses, the generic
//! `"carp"` family for vhids (FreeBSD 14+), over any [`Transport`].
//!
//! One code path serves two kernels, told apart by a [`Flavor`]: FreeBSD
//! (errno numbering, `IFF_*` values and `ifi_type` as FreeBSD's own, the
//! carp family, `IFA_FREEBSD`) and Linux (see [`crate::backend::linux`]).
//!
//! Costs: [`Backend::list_interfaces`] sends one RTM_GETLINK dump and one
//! RTM_GETADDR dump whatever the number of interfaces, then (FreeBSD) at most
//! one carp GET per interface whose type can carry carp, plus one family
//! lookup per backend.
//!
//! What netlink does not carry is left empty in the [`Interface`]s it lists:
//! capabilities (`options`), nd6 options and the media line, which FreeBSD's
//! ifconfig reads with ioctls; the metric is reported as 0 and cannot be set.

mod flavor;
mod freebsd;
mod linux_change;
#[cfg(any(target_os = "linux", target_os = "freebsd"))]
mod socket;
mod transport;

use std::net::IpAddr;

use zeroize::Zeroize;

pub use flavor::Flavor;
#[cfg(any(target_os = "linux", target_os = "freebsd"))]
pub use socket::SocketTransport;
pub use transport::{Protocol, Transport};

use crate::backend::Backend;
use crate::error::{Errno, Error, Op, Result};
use crate::netlink::msg::{self, MessageBuilder};
use crate::netlink::route::{Addr, FreebsdAddr, IfAddrInfo, IfInfo, Link};
use crate::netlink::{carp, genl, route};
use crate::sys::netlink::{
    AF_INET, AF_UNSPEC, CARP_NL_FAMILY_NAME, NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST,
    RTM_DELADDR, RTM_GETADDR, RTM_GETLINK, RTM_NEWADDR, RTM_NEWLINK,
};
use crate::types::{
    Address, AddressRequest, AddressSelector, CarpSet, CarpStatus, Family, IfFlags, Interface, Release, Vhid,
};

/// The netlink [`Backend`] over a transport `T`.
#[derive(Debug)]
pub struct NetlinkBackend<T> {
    transport: T,
    flavor: Flavor,
    release: Release,
    seq: u32,
    /// The carp family id, once looked up (`Some(None)`: not registered).
    carp_family: Option<Option<u16>>,
}

impl<T: Transport> NetlinkBackend<T> {
    /// A backend talking to a kernel of `flavor` through `transport`;
    /// `release` is the FreeBSD release whose behaviour and output apply.
    pub fn new(transport: T, flavor: Flavor, release: Release) -> NetlinkBackend<T> {
        NetlinkBackend { transport, flavor, release, seq: 0, carp_family: None }
    }

    /// A FreeBSD-flavored backend of `release` over `transport`.
    pub fn freebsd(transport: T, release: Release) -> NetlinkBackend<T> {
        NetlinkBackend::new(transport, Flavor::FreeBsd, release)
    }

    /// The flavor.
    pub fn flavor(&self) -> Flavor {
        self.flavor
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

    fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.wrapping_add(1).max(1);
        self.seq
    }

    /// Run one exchange; decode every data message with `decode`. A kernel
    /// error becomes `Error::Kernel { op, errno, .. }`.
    fn run<R>(
        &mut self,
        protocol: Protocol,
        mut request: Vec<u8>,
        op: Op,
        decode: impl Fn(&msg::Message<'_>) -> Result<R>,
    ) -> Result<Vec<R>> {
        let seq = msg::Header::parse(&request)?.seq;
        let sent = self.transport.exchange(protocol, &request);
        request.zeroize();
        let mut reply = sent?;
        let result = self.sort_reply(&reply, seq, op, decode);
        reply.zeroize();
        result
    }

    fn sort_reply<R>(
        &self,
        reply: &[u8],
        seq: u32,
        op: Op,
        decode: impl Fn(&msg::Message<'_>) -> Result<R>,
    ) -> Result<Vec<R>> {
        let outcome = msg::collect(reply, seq)?;
        if let Some((errno, _)) = outcome.error {
            return Err(Error::kernel(op, self.flavor.errno(errno)));
        }
        if !outcome.complete {
            return Err(
                crate::error::DecodeError::new("netlink reply", "ended without NLMSG_DONE or ack").into()
            );
        }
        outcome.data.iter().map(decode).collect()
    }

    /// All links (one RTM_GETLINK dump).
    fn dump_links(&mut self) -> Result<Vec<Link>> {
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq);
        Link::default().emit(&mut b);
        self.run(Protocol::Route, b.finish(), Op::List, |m| Ok(Link::parse(m.payload)?))
    }

    /// All addresses of `family` (AF_UNSPEC: all), one RTM_GETADDR dump.
    fn dump_addrs(&mut self, family: u8) -> Result<Vec<Addr>> {
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq);
        Addr { info: IfAddrInfo { family, ..IfAddrInfo::default() }, ..Addr::default() }.emit(&mut b);
        let dialect = self.flavor.dialect();
        self.run(Protocol::Route, b.finish(), Op::List, |m| Ok(Addr::parse(m.payload, dialect)?))
    }

    /// One link by name (RTM_GETLINK with IFLA_IFNAME, as if_nametoindex).
    fn link(&mut self, ifname: &str) -> Result<Link> {
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

    fn interface_from_link(&self, link: &Link) -> Interface {
        match self.flavor {
            Flavor::FreeBsd => freebsd::interface_from_link(link),
            Flavor::Linux => crate::backend::linux::interface_from_link(link),
        }
    }

    /// An address as listed, or `None` for families ifconfig does not list.
    fn address_from(&self, a: &Addr) -> Option<Address> {
        let addr = a.addr()?;
        let family_ok = match addr {
            IpAddr::V4(_) => a.info.family == AF_INET,
            IpAddr::V6(_) => a.info.family == self.flavor.af_inet6(),
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
        Some(Address { addr, prefixlen: a.info.prefixlen, broadcast, vhid, scopeid })
    }

    fn unsupported_carp(&self) -> Error {
        Error::Unsupported(crate::backend::linux::NO_CARP.to_string())
    }

    /// The carp family id; `EPROTONOSUPPORT` (as libifconfig reports it)
    /// when carp.ko is not loaded.
    fn carp_family(&mut self, op: Op) -> Result<u16> {
        if self.flavor == Flavor::Linux {
            return Err(self.unsupported_carp());
        }
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
    fn ack(&mut self, protocol: Protocol, request: Vec<u8>, op: Op) -> Result<()> {
        self.run(protocol, request, op, |_| Ok(())).map(|_| ())
    }

    fn addr_request(&self, index: u32, req: &AddressRequest) -> Addr {
        let mut a = Addr {
            info: IfAddrInfo {
                family: self.flavor.af_of(req.family()),
                prefixlen: req.effective_prefixlen(),
                index,
                ..IfAddrInfo::default()
            },
            local: Some(req.addr),
            ..Addr::default()
        };
        match self.flavor {
            // As ifconfig: IFA_LOCAL, a broadcast only when given (the
            // kernel derives it), the FreeBSD nest with flags and vhid.
            Flavor::FreeBsd => {
                a.broadcast = req.broadcast;
                let vhid = req.vhid.map(|v| u32::from(v.get()));
                a.freebsd = Some(FreebsdAddr { vhid, flags: Some(0) });
            }
            // As iproute2: IFA_LOCAL and IFA_ADDRESS, and the broadcast
            // FreeBSD would derive (Linux derives none).
            Flavor::Linux => {
                a.address = Some(req.addr);
                a.broadcast = req.effective_broadcast();
            }
        }
        a
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

#[cfg(target_os = "freebsd")]
impl NetlinkBackend<SocketTransport> {
    /// The backend for the running FreeBSD kernel, following its release
    /// (`uname -r`). Netlink exists from 14.0 (rtnetlink from 13.2); without
    /// it this fails with `Op::Socket` and the socket's errno.
    pub fn open_freebsd() -> Result<Self> {
        NetlinkBackend::open_freebsd_as(crate::sys::running_release()?)
    }

    /// The backend for the running FreeBSD kernel, behaving as `release`.
    pub fn open_freebsd_as(release: Release) -> Result<Self> {
        Ok(NetlinkBackend::freebsd(SocketTransport::open()?, release))
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

impl<T: Transport> Backend for NetlinkBackend<T> {
    fn name(&self) -> &'static str {
        match self.flavor {
            Flavor::FreeBsd => "netlink",
            Flavor::Linux => "linux",
        }
    }

    fn release(&self) -> Release {
        self.release
    }

    fn list_interfaces(&mut self) -> Result<Vec<Interface>> {
        let links = self.dump_links()?;
        let addrs = self.dump_addrs(AF_UNSPEC)?;
        let mut list: Vec<Interface> = links.iter().map(|l| self.interface_from_link(l)).collect();
        linux_change::fill_settings(&links, &mut list, self.flavor == Flavor::Linux);
        for a in &addrs {
            let Some(address) = self.address_from(a) else { continue };
            if let Some(i) = list.iter_mut().find(|i| i.index == a.info.index) {
                i.addresses.push(address);
            }
        }
        if self.flavor == Flavor::FreeBsd && list.iter().any(|i| i.kind.supports_carp()) {
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
        if self.flavor == Flavor::Linux && req.vhid.is_some() {
            return Err(self.unsupported_carp());
        }
        let index = self.ifindex(ifname)?;
        let addr = self.addr_request(index, req);
        let flags = match self.flavor {
            Flavor::Linux => NLM_F_CREATE | NLM_F_EXCL,
            Flavor::FreeBsd => 0,
        };
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
        let needs_lookup = matches!(which, AddressSelector::First(_))
            || (self.flavor == Flavor::Linux && family == Family::Inet6);
        let (addr, prefixlen) = if needs_lookup {
            let af = self.flavor.af_of(family);
            let found = self
                .dump_addrs(af)?
                .iter()
                .filter(|a| a.info.index == index && a.info.family == af)
                .filter_map(|a| self.address_from(a))
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
            info: IfAddrInfo { family: self.flavor.af_of(family), prefixlen, index, ..IfAddrInfo::default() },
            local: Some(addr),
            ..Addr::default()
        };
        if self.flavor == Flavor::FreeBsd {
            del.freebsd = Some(FreebsdAddr { vhid: None, flags: Some(0) });
        }
        self.send_addr(RTM_DELADDR, 0, &del, op).map_err(|e| e.in_delete_address(ifname, which))
    }

    fn set_up(&mut self, ifname: &str, up: bool) -> Result<()> {
        let index = self.link(ifname)?.info.index;
        let flags = if up { IfFlags::UP.bits() } else { 0 };
        let change = IfFlags::UP.bits();
        let link = Link { info: IfInfo { index, flags, change, ..IfInfo::default() }, ..Link::default() };
        self.send_link(&link, Op::SetFlags).map_err(|e| e.on_interface(ifname, Some("flags")))?;
        if up && self.flavor == Flavor::FreeBsd && !freebsd::is_up(&self.link(ifname)?) {
            return Err(Error::Unsupported(freebsd::NO_LINK_UP.to_string()));
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
        match self.flavor {
            Flavor::Linux => self.linux_change(ifname, change),
            Flavor::FreeBsd => {
                self.link(ifname)?;
                Err(Error::Unsupported("this change is not implemented over FreeBSD's netlink yet".into()))
            }
        }
    }

    fn create_interface(&mut self, req: &crate::types::CloneRequest) -> Result<String> {
        match self.flavor {
            Flavor::Linux => self.linux_create(req),
            Flavor::FreeBsd => {
                Err(Error::Unsupported(format!("cannot create {} over netlink yet", req.name)))
            }
        }
    }

    fn destroy_interface(&mut self, ifname: &str) -> Result<()> {
        match self.flavor {
            Flavor::Linux => self.linux_destroy(ifname),
            Flavor::FreeBsd => Err(Error::Unsupported(format!("cannot destroy {ifname} over netlink yet"))),
        }
    }

    fn cloners(&mut self) -> Result<Vec<String>> {
        match self.flavor {
            Flavor::Linux => Ok(linux_change::CLONERS.iter().map(|s| s.to_string()).collect()),
            Flavor::FreeBsd => Err(Error::Unsupported("the cloner list needs SIOCIFGCLONERS".into())),
        }
    }
}
