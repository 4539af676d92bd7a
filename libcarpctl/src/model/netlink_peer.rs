//! A netlink [`Transport`] whose other end is the kernel model: it answers
//! the byte protocol as FreeBSD 14+ does (rtnetlink with `IFA_FREEBSD`, the
//! generic controller, the `"carp"` family), with FreeBSD errno numbers
//! (positive, as FreeBSD writes them).
//!
//! Used to drive [`NetlinkBackend`] end to end without a FreeBSD kernel:
//!
//! ```
//! use libcarpctl::Backend;
//! use libcarpctl::model::{Host, NetlinkPeer};
//!
//! let mut host = Host::example_10_0();
//! host.release = libcarpctl::Release::V14_0;
//! let mut backend = NetlinkPeer::backend(host);
//! assert_eq!(backend.interface("igb0").unwrap().mtu, 1500);
//! // One GETLINK dump, one GETADDR dump, the family lookup, one carp GET.
//! assert_eq!(backend.transport().log.len(), 4);
//! ```

use std::net::{IpAddr, Ipv4Addr};

use super::{CarpApi, Host};
use crate::backend::netlink::{NetlinkBackend, Protocol, Transport};
use crate::backend::FreeBsd;
use crate::error::{DecodeError, Errno, Error, Op, Result};
use crate::netlink::carp::{self, Target};
use crate::netlink::genl::{self, Family as GenlFamily, GenlHeader};
use crate::netlink::msg::{self, Header, Message, MessageBuilder};
use crate::netlink::route::{self, Addr, Dialect, FreebsdAddr, IfAddrInfo, IfInfo, Link};
use crate::sys::netlink::{
    AF_INET, AF_INET6_FREEBSD, AF_UNSPEC, CARP_NL_CMD_GET, CARP_NL_CMD_SET, CARP_NL_FAMILY_NAME,
    CARP_NL_VRRP_ADV_INTER, GENL_ID_CTRL, IF_OPER_DOWN, IF_OPER_UNKNOWN, IF_OPER_UP, NLM_F_ACK, NLM_F_CREATE,
    NLM_F_DUMP, NLM_F_MULTI, RTM_DELADDR, RTM_GETADDR, RTM_GETLINK, RTM_NEWADDR, RTM_NEWLINK, RT_SCOPE_HOST,
    RT_SCOPE_LINK, RT_SCOPE_UNIVERSE,
};
use crate::types::{AddressRequest, AddressSelector, IfFlags, IfType, Interface, Vhid};

/// One request the peer received, for tests that count round trips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerRequest {
    /// The socket protocol.
    pub protocol: Protocol,
    /// `nlmsg_type`.
    pub kind: u16,
    /// `nlmsg_flags`.
    pub flags: u16,
    /// The generic netlink command, for generic requests.
    pub genl_cmd: Option<u8>,
}

impl PeerRequest {
    /// Whether it was a dump.
    pub fn is_dump(&self) -> bool {
        self.flags & NLM_F_DUMP == NLM_F_DUMP
    }
}

/// The model kernel behind a netlink byte protocol.
#[derive(Debug, Clone)]
pub struct NetlinkPeer {
    /// The kernel state; read it back after a test.
    pub host: Host,
    /// Every request received, in order.
    pub log: Vec<PeerRequest>,
    /// Model a kernel from before the 2025 fix whose RTM_NEWLINK handles
    /// only "down" and silently ignores "up".
    pub ignore_link_up: bool,
}

type Reply = std::result::Result<Vec<Vec<u8>>, Errno>;

impl NetlinkPeer {
    /// The id the peer gives the `"carp"` family.
    pub const CARP_FAMILY_ID: u16 = 33;

    /// A peer in front of `host`.
    pub fn new(host: Host) -> NetlinkPeer {
        NetlinkPeer { host, log: Vec::new(), ignore_link_up: false }
    }

    /// A FreeBSD [`NetlinkBackend`] of the host's release talking to it.
    pub fn backend(host: Host) -> NetlinkBackend<NetlinkPeer, FreeBsd> {
        let release = host.release;
        NetlinkBackend::freebsd(NetlinkPeer::new(host), release)
    }

    /// How many requests of `kind` (and, for generic ones, command) came.
    pub fn count(&self, kind: u16, genl_cmd: Option<u8>) -> usize {
        self.log.iter().filter(|r| r.kind == kind && (genl_cmd.is_none() || r.genl_cmd == genl_cmd)).count()
    }

    fn carp_family_present(&self) -> bool {
        self.host.carp_loaded && self.host.release.has_netlink()
    }

    fn answer(&mut self, protocol: Protocol, m: &Message<'_>) -> Reply {
        let h = &m.header;
        match (protocol, h.kind) {
            (Protocol::Route, RTM_GETLINK) => self.get_link(h, m.payload),
            (Protocol::Route, RTM_GETADDR) => self.get_addr(h, m.payload),
            (Protocol::Route, RTM_NEWADDR | RTM_DELADDR) => self.change_addr(h, m.payload).map(|()| vec![]),
            (Protocol::Route, RTM_NEWLINK) => self.change_link(h, m.payload).map(|()| vec![]),
            (Protocol::Generic, GENL_ID_CTRL) => self.get_family(h, m.payload),
            (Protocol::Generic, Self::CARP_FAMILY_ID) if self.carp_family_present() => {
                self.carp(h, m.payload)
            }
            _ => Err(Errno::EOPNOTSUPP),
        }
    }

    // ---- rtnetlink ----

    fn link_of(&self, iface: &Interface) -> Link {
        freebsd_link(iface)
    }

    fn get_link(&self, h: &Header, payload: &[u8]) -> Reply {
        let req = Link::parse(payload).map_err(|_| Errno::EINVAL)?;
        if req.info.index != 0 || req.name.is_some() {
            let found = self.host.interfaces.iter().find(|i| {
                (req.info.index == 0 || i64::from(i.index) == i64::from(req.info.index))
                    && req.name.as_deref().is_none_or(|n| n == i.name)
            });
            let iface = found.ok_or(Errno::ENODEV)?;
            return Ok(vec![reply(h, RTM_NEWLINK, 0, |b| self.link_of(iface).emit(b))]);
        }
        let mut out: Vec<Vec<u8>> = self
            .host
            .interfaces
            .iter()
            .map(|i| reply(h, RTM_NEWLINK, NLM_F_MULTI, |b| self.link_of(i).emit(b)))
            .collect();
        out.push(msg::done_message(h, 0));
        Ok(out)
    }

    fn get_addr(&self, h: &Header, payload: &[u8]) -> Reply {
        let req = Addr::parse(payload, Dialect::FreeBsd).map_err(|_| Errno::EINVAL)?;
        let mut out = Vec::new();
        let mut error = 0;
        let ifaces: Vec<&Interface> = if req.info.index != 0 {
            self.host.iface_by_index(req.info.index).into_iter().collect()
        } else {
            self.host.interfaces.iter().collect()
        };
        if ifaces.is_empty() && req.info.index != 0 {
            error = Errno::ENOENT.freebsd();
        }
        for i in ifaces {
            for a in freebsd_addrs(i)
                .into_iter()
                .filter(|a| req.info.family == AF_UNSPEC || a.info.family == req.info.family)
            {
                out.push(reply(h, RTM_NEWADDR, NLM_F_MULTI, |b| a.emit(b)));
            }
        }
        out.push(msg::done_message(h, error));
        Ok(out)
    }

    fn change_addr(&mut self, h: &Header, payload: &[u8]) -> std::result::Result<(), Errno> {
        self.host.require_privilege()?;
        let req = Addr::parse(payload, Dialect::FreeBsd).map_err(|_| Errno::EINVAL)?;
        let name = self.host.iface_by_index(req.info.index).ok_or(Errno::ENOENT)?.name.clone();
        let max = match req.info.family {
            AF_INET => 32,
            AF_INET6_FREEBSD => 128,
            _ => return Err(Errno::EAFNOSUPPORT),
        };
        if req.info.prefixlen > max {
            return Err(Errno::EINVAL);
        }
        let addr = req.addr().ok_or(Errno::EINVAL)?;
        if (req.info.family == AF_INET) != addr.is_ipv4() {
            return Err(Errno::EINVAL);
        }
        if h.kind == RTM_DELADDR {
            return self.host.delete_address(&name, &AddressSelector::Exact(addr));
        }
        let raw_vhid = req.freebsd.and_then(|f| f.vhid).unwrap_or(0);
        let vhid = match raw_vhid {
            0 => None,
            n => Some(Vhid::new(n.into()).ok_or_else(|| self.unknown_vhid_errno(&name))?),
        };
        let p2p = self.host.iface(&name).is_some_and(|i| i.flags.contains(IfFlags::POINTOPOINT));
        // handle_newaddr_inet: a point-to-point interface takes only
        // IFA_LOCAL with IFA_ADDRESS, its peer ("Empty IFA_LOCAL/IFA_ADDRESS").
        if p2p && addr.is_ipv4() && (req.local.is_none() || req.address.is_none()) {
            return Err(Errno::EINVAL);
        }
        let destination = match addr {
            IpAddr::V4(_) if !p2p => None,
            _ => req.peer(),
        };
        let request = AddressRequest {
            addr,
            prefixlen: Some(req.info.prefixlen),
            broadcast: req.broadcast.filter(|_| !p2p),
            vhid,
            destination,
        };
        self.host.add_address(&name, &request)
    }

    /// What carp_attach answers for a vhid no softc can have (above 255).
    fn unknown_vhid_errno(&self, ifname: &str) -> Errno {
        match self.host.iface(ifname) {
            _ if !self.host.carp_loaded => Errno::EPROTONOSUPPORT,
            Some(i) if i.carp.is_empty() => Errno::ENOPROTOOPT,
            _ => Errno::ENOENT,
        }
    }

    fn change_link(&mut self, h: &Header, payload: &[u8]) -> std::result::Result<(), Errno> {
        self.host.require_privilege()?;
        let req = Link::parse(payload).map_err(|_| Errno::EINVAL)?;
        if h.flags & NLM_F_CREATE != 0 {
            return Err(Errno::EOPNOTSUPP);
        }
        let iface = match (req.info.index, &req.name) {
            (0, None) => return Err(Errno::EPERM),
            (0, Some(n)) => self.host.iface(n),
            (i, _) => u32::try_from(i).ok().and_then(|i| self.host.iface_by_index(i)),
        };
        let name = iface.ok_or(Errno::ENOENT)?.name.clone();
        if req.info.change & IfFlags::UP.bits() != 0 {
            let up = req.info.flags & IfFlags::UP.bits() != 0;
            if !up || !self.ignore_link_up {
                self.host.set_up(&name, up)?;
            }
        }
        if let Some(mtu) = req.mtu.filter(|m| *m > 0) {
            self.host.set_mtu(&name, mtu)?;
        }
        Ok(())
    }

    // ---- generic netlink ----

    fn get_family(&self, h: &Header, payload: &[u8]) -> Reply {
        let name = genl::parse_get_family_request(payload).map_err(|_| Errno::EINVAL)?;
        if name != CARP_NL_FAMILY_NAME || !self.carp_family_present() {
            return Err(Errno::ENOENT);
        }
        let fam = GenlFamily {
            id: Self::CARP_FAMILY_ID,
            name,
            version: 2,
            max_attr: u32::from(CARP_NL_VRRP_ADV_INTER),
        };
        Ok(vec![genl::family_reply(h, &fam)])
    }

    fn target_name(&self, t: &Target) -> std::result::Result<String, Errno> {
        match t {
            Target::Name(n) => Ok(n.clone()),
            Target::Index(i) => self.host.iface_by_index(*i).map(|i| i.name.clone()).ok_or(Errno::ENXIO),
            Target::None => Err(Errno::ENXIO),
        }
    }

    fn carp(&mut self, h: &Header, payload: &[u8]) -> Reply {
        let (g, _) = GenlHeader::split(payload).map_err(|_| Errno::EINVAL)?;
        match g.cmd {
            CARP_NL_CMD_GET => self.carp_get(h, payload),
            CARP_NL_CMD_SET => self.carp_set(payload).map(|()| vec![]),
            _ => Err(Errno::EOPNOTSUPP),
        }
    }

    /// carp_nl_get: interface errors before the dump (NLMSG_ERROR), the
    /// lookup's errors in the NLMSG_DONE that ends it.
    fn carp_get(&self, h: &Header, payload: &[u8]) -> Reply {
        let req = carp::parse_get_request(payload).map_err(|_| Errno::EINVAL)?;
        let name = self.target_name(&req.target)?;
        let iface = self.host.iface(&name).ok_or(Errno::ENXIO)?;
        if !iface.kind.supports_carp() {
            return Err(Errno::EOPNOTSUPP);
        }
        let result = match req.vhid {
            0 => self.host.carp_get_via(CarpApi::Netlink, &name, None),
            n => match Vhid::new(n.into()) {
                Some(v) => self.host.carp_get_via(CarpApi::Netlink, &name, Some(v)),
                None => Err(Errno::EINVAL),
            },
        };
        let (list, error) = match result {
            Ok(list) => (list, 0),
            Err(e) => (Vec::new(), e.freebsd()),
        };
        let vrrp = self.host.release.has_vrrp();
        let mut out: Vec<Vec<u8>> = list
            .iter()
            .map(|st| carp::status_message(h, Self::CARP_FAMILY_ID, st, self.host.privileged, vrrp))
            .collect();
        out.push(msg::done_message(h, error));
        Ok(out)
    }

    /// carp_nl_set: privilege first (genl `cmd_priv`), then the ranges the
    /// handler checks, then the kernel's rules.
    fn carp_set(&mut self, payload: &[u8]) -> std::result::Result<(), Errno> {
        self.host.require_privilege()?;
        let r = carp::parse_set_request(payload).map_err(|_| Errno::EINVAL)?;
        let set = r.to_carp_set().ok_or(Errno::EINVAL)?;
        let name = self.target_name(&r.target)?;
        self.host.carp_set_via(CarpApi::Netlink, &name, &set)
    }
}

/// A reply message of `kind` answering `h`, filled by `fill`.
fn reply(h: &Header, kind: u16, flags: u16, fill: impl FnOnce(&mut MessageBuilder)) -> Vec<u8> {
    let mut b = MessageBuilder::new(kind, flags, h.seq).with_pid(h.pid);
    fill(&mut b);
    b.finish()
}

/// FreeBSD's dump_iface: flags are `if_flags | if_drv_flags` with LOWER_UP
/// when the operational state is up; Ethernet and VLAN take that state from
/// the media (the model's status line), other types from IFF_UP.
fn freebsd_link(i: &Interface) -> Link {
    let operstate = match (i.kind, i.status_text()) {
        (IfType::Ethernet | IfType::L2Vlan, Some("no carrier")) => IF_OPER_DOWN,
        (IfType::Ethernet | IfType::L2Vlan, Some(_)) => IF_OPER_UP,
        (IfType::Ethernet | IfType::L2Vlan, None) => IF_OPER_UNKNOWN,
        _ if i.flags.contains(IfFlags::UP) => IF_OPER_UP,
        _ => IF_OPER_DOWN,
    };
    let mut flags = i.flags - IfFlags::LOWER_UP;
    if operstate == IF_OPER_UP {
        flags |= IfFlags::LOWER_UP;
    }
    Link {
        info: IfInfo {
            family: AF_UNSPEC,
            kind: crate::netlink::route::ift_of(i.kind),
            index: i32::try_from(i.index).unwrap_or(i32::MAX),
            flags: flags.bits(),
            change: 0,
        },
        name: Some(i.name.clone()),
        mtu: Some(i.mtu),
        address: i.ether.map(|m| m.to_vec()),
        operstate: Some(operstate),
        carrier: Some(u8::from(operstate == IF_OPER_UP)),
        promiscuity: Some(u32::from(i.flags.contains(IfFlags::PROMISC))),
        // geneve_clone_dump_nl: the kind and its data.
        info_kind: i.settings.geneve.as_ref().map(|_| crate::sys::netlink::GENEVE_KIND.to_string()),
        info_data: i.settings.geneve.as_ref().map(crate::netlink::geneve::encode_config),
        alias: i.settings.description.clone(),
        master: None,
        slave_kind: None,
        slave_data: None,
    }
}

/// FreeBSD's dump_iface_addr for every address of `i`, in list order.
fn freebsd_addrs(i: &Interface) -> Vec<Addr> {
    i.addresses
        .iter()
        .map(|a| {
            let (family, scope) = match a.addr {
                IpAddr::V4(v4) => (AF_INET, if v4.is_loopback() { RT_SCOPE_HOST } else { RT_SCOPE_UNIVERSE }),
                IpAddr::V6(v6) if v6.is_loopback() => (AF_INET6_FREEBSD, RT_SCOPE_HOST),
                IpAddr::V6(v6) if route::is_link_local(&v6) => (AF_INET6_FREEBSD, RT_SCOPE_LINK),
                IpAddr::V6(_) => (AF_INET6_FREEBSD, RT_SCOPE_UNIVERSE),
            };
            let broadcast: Option<Ipv4Addr> = a.broadcast.filter(|_| i.flags.contains(IfFlags::BROADCAST));
            // A point-to-point address: IFA_ADDRESS is its peer.
            let peer = a.destination.filter(|_| i.flags.contains(IfFlags::POINTOPOINT));
            Addr {
                info: IfAddrInfo { family, prefixlen: a.prefixlen, flags: 0, scope, index: i.index },
                address: Some(peer.unwrap_or(a.addr)),
                local: (a.addr.is_ipv4() || peer.is_some()).then_some(a.addr),
                broadcast,
                label: Some(i.name.clone()),
                flags: Some(0),
                freebsd: Some(FreebsdAddr {
                    vhid: a.vhid.map(|v| u32::from(v.get())),
                    flags: a.addr.is_ipv6().then_some(0),
                }),
            }
        })
        .collect()
}

impl Transport for NetlinkPeer {
    fn exchange(&mut self, protocol: Protocol, request: &[u8]) -> Result<Vec<u8>> {
        if !self.host.release.has_netlink() {
            return Err(Error::kernel(Op::Socket, Errno::EAFNOSUPPORT));
        }
        let msgs = msg::parse_messages(request)?;
        let m = msgs.first().ok_or_else(|| DecodeError::new("netlink request", "empty"))?;
        let genl_cmd = match protocol {
            Protocol::Generic => m.payload.first().copied(),
            Protocol::Route => None,
        };
        self.log.push(PeerRequest { protocol, kind: m.header.kind, flags: m.header.flags, genl_cmd });
        let mut out = Vec::new();
        if let Some(answer) = self.geneve_newlink(protocol, m) {
            // Refusals carry if_geneve.c's text (nlmsg_report_err_msg).
            let (errno, text) = answer.err().unwrap_or((0, None));
            out.extend(msg::error_message(&m.header, errno, text.as_deref()));
            return Ok(out);
        }
        match self.answer(protocol, m) {
            Ok(replies) => {
                let ends_itself = replies.last().is_some_and(|r| is_done(r));
                out.extend(replies.into_iter().flatten());
                if m.header.flags & NLM_F_ACK != 0 && !ends_itself {
                    out.extend(msg::error_message(&m.header, 0, None));
                }
            }
            Err(e) => out.extend(msg::error_message(&m.header, e.freebsd(), None)),
        }
        Ok(out)
    }
}

fn is_done(bytes: &[u8]) -> bool {
    msg::Header::parse(bytes).is_ok_and(|h| h.kind == crate::sys::netlink::NLMSG_DONE)
}
