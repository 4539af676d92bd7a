//! carpd as the kernel ifconfig talks to: FreeBSD's "carp" generic netlink
//! family (GET, SET) and rtnetlink address messages for addresses with a
//! vhid (add, delete, dump), answered as a FreeBSD 14+ kernel answers them,
//! with FreeBSD errno numbers. The requests arrive over the control socket
//! (see `control`), so ifconfig's netlink code path drives carpd as it
//! drives carp(4).

use std::net::IpAddr;

use libcarpctl::engine::VhidConfig;
use libcarpctl::netlink::carp::{self, Target};
use libcarpctl::netlink::genl::{self, Family as GenlFamily, GenlHeader};
use libcarpctl::netlink::msg::{self, Header, MessageBuilder};
use libcarpctl::netlink::route::{Addr, Dialect, FreebsdAddr, IfAddrInfo};
use libcarpctl::sys::netlink::{
    AF_INET, AF_INET6_FREEBSD, CARP_NL_CMD_GET, CARP_NL_CMD_SET, CARP_NL_FAMILY_NAME,
    CARP_NL_VRRP_ADV_INTER, GENL_ID_CTRL, NLM_F_ACK, NLM_F_MULTI, NLMSG_DONE, RTM_DELADDR, RTM_GETADDR,
    RTM_NEWADDR,
};
use libcarpctl::{CarpStatus, Errno, Key, Vhid};

use super::Daemon;
use crate::config::VipAddr;

/// The id carpd gives the "carp" family.
pub const CARP_FAMILY_ID: u16 = 33;

type Reply = Result<Vec<Vec<u8>>, Errno>;

impl Daemon {
    /// Answer one netlink request with the bytes of its reply messages.
    pub(super) fn netlink(&mut self, generic: bool, bytes: &[u8], privileged: bool) -> Vec<u8> {
        let Ok(msgs) = msg::parse_messages(bytes) else { return Vec::new() };
        let Some(m) = msgs.first() else { return Vec::new() };
        let h = &m.header;
        let answer = match (generic, h.kind) {
            (true, GENL_ID_CTRL) => family(h, m.payload),
            (true, CARP_FAMILY_ID) => match GenlHeader::split(m.payload).map(|(g, _)| g.cmd) {
                Ok(CARP_NL_CMD_GET) => self.carp_get(h, m.payload, privileged),
                Ok(CARP_NL_CMD_SET) => self.carp_set(m.payload, privileged).map(|()| Vec::new()),
                Ok(_) => Err(Errno::EOPNOTSUPP),
                Err(_) => Err(Errno::EINVAL),
            },
            (false, RTM_NEWADDR | RTM_DELADDR) if !privileged => Err(Errno::EPERM),
            (false, RTM_NEWADDR) => self.change_addr(m.payload, true).map(|()| Vec::new()),
            (false, RTM_DELADDR) => self.change_addr(m.payload, false).map(|()| Vec::new()),
            (false, RTM_GETADDR) => Ok(self.get_addr(h)),
            _ => Err(Errno::EOPNOTSUPP),
        };
        let mut out = Vec::new();
        match answer {
            Ok(replies) => {
                let ends_itself = replies.last().is_some_and(|r| is_done(r));
                out.extend(replies.into_iter().flatten());
                if h.flags & NLM_F_ACK != 0 && !ends_itself {
                    out.extend(msg::error_message(h, 0, None));
                }
            }
            Err(e) => out.extend(msg::error_message(h, e.freebsd(), None)),
        }
        out
    }

    fn target_index(&mut self, t: &Target) -> Result<(u32, String), Errno> {
        let name = match t {
            Target::Name(n) => n.clone(),
            Target::Index(i) => nix::net::if_::if_indextoname(*i)
                .map_err(|_| Errno::ENXIO)?
                .to_string_lossy()
                .into_owned(),
            Target::None => return Err(Errno::ENXIO),
        };
        let index = nix::net::if_::if_nametoindex(name.as_str()).map_err(|_| Errno::ENXIO)?;
        Ok((index, name))
    }

    /// carp_nl_get: every vhid of the interface (or one), the key only to root.
    fn carp_get(&mut self, h: &Header, payload: &[u8], privileged: bool) -> Reply {
        let req = carp::parse_get_request(payload).map_err(|_| Errno::EINVAL)?;
        let (index, _) = self.target_index(&req.target)?;
        let want = match req.vhid {
            0 => None,
            n => Some(Vhid::new(n.into()).ok_or(Errno::EINVAL)?),
        };
        let list: Vec<CarpStatus> = self
            .engine
            .status()
            .filter(|v| v.ifindex == index && want.is_none_or(|w| w == v.vhid))
            .map(|v| CarpStatus {
                vhid: v.vhid,
                state: v.state,
                advbase: v.advbase.into(),
                advskew: v.advskew.into(),
                key: if privileged { self.engine.key(index, v.vhid).cloned().unwrap_or_default() } else { Key::empty() },
                peer: Some(v.peer),
                peer6: Some(v.peer6),
                version: v.version,
                vrrp_priority: v.vrrp_priority,
                vrrp_interval: v.vrrp_interval.into(),
            })
            .collect();
        let error = if want.is_some() && list.is_empty() { Errno::ENOENT.freebsd() } else { 0 };
        let mut out: Vec<Vec<u8>> =
            list.iter().map(|st| carp::status_message(h, CARP_FAMILY_ID, st, privileged, true)).collect();
        out.push(msg::done_message(h, error));
        Ok(out)
    }

    /// carp_nl_set: privilege, the handler's checks, then the kernel's
    /// merge rules (VhidConfig::apply_set) on the vhid as it is.
    fn carp_set(&mut self, payload: &[u8], privileged: bool) -> Result<(), Errno> {
        if !privileged {
            return Err(Errno::EPERM);
        }
        let r = carp::parse_set_request(payload).map_err(|_| Errno::EINVAL)?;
        let set = r.to_carp_set().ok_or(Errno::EINVAL)?;
        let vhid = set.vhid;
        let (index, name) = self.target_index(&r.target)?;
        let current = self.ifaces.get(&index).and_then(|i| i.configs.get(&vhid.get()));
        let cfg = VhidConfig::apply_set(current, &set).map_err(|_| Errno::EINVAL)?;
        self.set_vhid(&name, cfg).map_err(|_| Errno::EINVAL)?;
        Ok(())
    }

    /// An address with a vhid added to or deleted from an interface.
    fn change_addr(&mut self, payload: &[u8], add: bool) -> Result<(), Errno> {
        let a = Addr::parse(payload, Dialect::FreeBsd).map_err(|_| Errno::EINVAL)?;
        let ip = a.addr().ok_or(Errno::EINVAL)?;
        let index = a.info.index;
        let iface = self.ifaces.get(&index).ok_or(Errno::EADDRNOTAVAIL)?;
        let mut found = None;
        for (v, list) in &iface.vips {
            if list.iter().any(|x| x.addr == ip) {
                found = Some(*v);
            }
        }
        let (vhid, mut list) = if add {
            let v = a.freebsd.and_then(|f| f.vhid).ok_or(Errno::EOPNOTSUPP)?;
            let v = u8::try_from(v).map_err(|_| Errno::EINVAL)?;
            if !iface.configs.contains_key(&v) {
                return Err(Errno::ENOENT);
            }
            if found.is_some() {
                return Err(Errno::EEXIST);
            }
            let mut list = iface.vips.get(&v).cloned().unwrap_or_default();
            list.push(VipAddr { addr: ip, prefix: a.info.prefixlen });
            (v, list)
        } else {
            let v = found.ok_or(Errno::EADDRNOTAVAIL)?;
            let mut list = iface.vips.get(&v).cloned().unwrap_or_default();
            list.retain(|x| x.addr != ip);
            (v, list)
        };
        list.sort();
        let vhid = Vhid::new(vhid.into()).ok_or(Errno::EINVAL)?;
        // The engine restarts the vhid from INIT on an address change; its
        // BecomeBackup / BecomeMaster actions move the macvlan.
        self.set_vips(index, vhid, list).map_err(|_| Errno::ENOENT)
    }

    /// Every address with a vhid, as FreeBSD's dump lists them.
    fn get_addr(&self, h: &Header) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for (index, iface) in &self.ifaces {
            for (vhid, list) in &iface.vips {
                for a in list {
                    let family = if a.addr.is_ipv4() { AF_INET } else { AF_INET6_FREEBSD };
                    let addr = Addr {
                        info: IfAddrInfo { family, prefixlen: a.prefix, flags: 0, scope: 0, index: *index },
                        address: Some(a.addr),
                        local: a.addr.is_ipv4().then_some(a.addr),
                        label: Some(iface.name.clone()),
                        flags: Some(0),
                        freebsd: Some(FreebsdAddr {
                            vhid: Some(u32::from(*vhid)),
                            flags: matches!(a.addr, IpAddr::V6(_)).then_some(0),
                        }),
                        ..Addr::default()
                    };
                    let mut b = MessageBuilder::new(RTM_NEWADDR, NLM_F_MULTI, h.seq).with_pid(h.pid);
                    addr.emit(&mut b);
                    out.push(b.finish());
                }
            }
        }
        out.push(msg::done_message(h, 0));
        out
    }
}

/// CTRL_CMD_GETFAMILY for "carp".
fn family(h: &Header, payload: &[u8]) -> Reply {
    let name = genl::parse_get_family_request(payload).map_err(|_| Errno::EINVAL)?;
    if name != CARP_NL_FAMILY_NAME {
        return Err(Errno::ENOENT);
    }
    let fam = GenlFamily { id: CARP_FAMILY_ID, name, version: 2, max_attr: u32::from(CARP_NL_VRRP_ADV_INTER) };
    Ok(vec![genl::family_reply(h, &fam)])
}

fn is_done(bytes: &[u8]) -> bool {
    Header::parse(bytes).is_ok_and(|h| h.kind == NLMSG_DONE)
}
