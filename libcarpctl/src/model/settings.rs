//! The kernel's side of ifconfig's non-address keywords (if.c, in6.c's
//! ND6 flags, if_vlan.c, if_bridge.c, if_lagg.c, the tunnel drivers), as
//! one method on [`Host`]. Each checks everything before it changes
//! anything, so a refused change leaves the host as it was.

use super::Host;
use crate::error::{Errno, Error, Result};
use crate::types::{
    BridgeConfig, BridgeMember, Capabilities, IfFlags, IfaceChange, Inet6AddrState, Interface, LaggConfig,
    Nd6Flags, Tunnel, VlanConfig,
};

/// The lagg(4) protocols (`LAGG_PROTOS`).
pub const LAGG_PROTOS: [&str; 6] = ["failover", "lacp", "loadbalance", "roundrobin", "broadcast", "none"];

fn req(what: impl Into<String>, errno: Errno) -> Error {
    Error::request(what, errno)
}

use crate::types::{perror, refused, IFCAP_NV, IFCAP_NV_NOT_SUPPORTED};

/// `net.ifdescr_maxlen`'s default.
const IFDESCR_MAXLEN: usize = 1024;

impl Host {
    /// Apply one [`IfaceChange`] to `ifname`.
    pub fn change(&mut self, ifname: &str, change: &IfaceChange) -> Result<()> {
        // The interface -vnet names lives in the jail, not here.
        if let IfaceChange::Reclaim(jail) = change {
            return self.reclaim_from_jail(ifname, jail);
        }
        if self.iface(ifname).is_none() {
            return Err(Error::NoSuchInterface(ifname.to_string()));
        }
        // ifgeneve.c's words are netlink requests, answered as such.
        if let IfaceChange::Geneve(g) = change {
            return self.geneve_change(ifname, g);
        }
        // What ifconfig only reads before giving up (SIOCGETVLAN on a
        // non-vlan, SIOCGIFINFO_IN6 without IPv6) needs no privilege.
        let read_only = self.iface(ifname).is_some_and(|i| match change {
            IfaceChange::Vlan { .. } => i.settings.vlan.is_none(),
            IfaceChange::Nd6 { .. } => i.nd6.is_none(),
            // af_nd6.c asks first (SIOCGDEFIFACE_IN6) and sends nothing
            // when the interface is not the default one.
            IfaceChange::Nd6DefaultIf(false) => !i.settings.nd6_defaultif,
            IfaceChange::Vxlan(_) => i.settings.vxlan.is_none(),
            _ => false,
        });
        if read_only {
            return Ok(());
        }
        let vlan = self.iface(ifname).is_some_and(|i| i.settings.vlan.is_some());
        if matches!(change, IfaceChange::VlanDetach) && !vlan {
            return Err(req("SIOCGETVLAN", Errno::EINVAL));
        }
        // ifpfsync.c reads first, which needs no privilege: ENOTTY on
        // anything but a pfsync interface.
        let pfsync = self.iface(ifname).is_some_and(|i| i.settings.pfsync.is_some());
        if matches!(change, IfaceChange::Pfsync(_)) && !pfsync {
            let get = if self.release.major >= 14 { "SIOCGETPFSYNCNV" } else { "SIOCGETPFSYNC" };
            return Err(req(get, Errno::ENOTTY));
        }
        // setifcapnv's SIOCGIFCAP read: without IFCAP_NV only a warning.
        let nv = self.iface(ifname).and_then(|i| i.options).is_some_and(|c| c.bits() & IFCAP_NV != 0);
        if matches!(change, IfaceChange::CapabilityNv(_)) && !nv {
            return Err(Error::Refused(IFCAP_NV_NOT_SUPPORTED.into()));
        }
        // mac_ifnet_ioctl_set: the virtual host loads no MAC policy, so
        // no policy labels interfaces: EINVAL, before the privilege check.
        if let IfaceChange::Vnet(jail) = change {
            return self.move_to_jail(ifname, jail);
        }
        if let IfaceChange::MacLabel(_) = change {
            return Err(refused(change, Errno::EINVAL, self.release));
        }
        if !self.privileged {
            return Err(denied(change, self.release));
        }
        match change {
            IfaceChange::Flags { flags, set } => self.change_flags(ifname, *flags, *set),
            IfaceChange::Capabilities { caps, set } => match self.words_setcap(ifname, caps.bits(), *set) {
                Some(done) => done,
                None => {
                    self.with(ifname, |i| set_caps(i, *caps, *set));
                    Ok(())
                }
            },
            IfaceChange::Nd6 { flags, set } => self.change_nd6(ifname, *flags, *set),
            IfaceChange::Description(text) => {
                // if.c: longer than net.ifdescr_maxlen (1024, NUL included).
                if text.len() + 1 > IFDESCR_MAXLEN {
                    return Err(refused(change, Errno::ENAMETOOLONG, self.release));
                }
                let d = (!text.is_empty()).then(|| text.clone());
                self.with(ifname, |i| i.settings.description = d);
                Ok(())
            }
            IfaceChange::Name(new) => self.rename(ifname, new),
            IfaceChange::Group(group, add) => {
                let (g, add) = (group.clone(), *add);
                self.with(ifname, |i| {
                    let has = i.settings.groups.contains(&g);
                    if add && !has {
                        i.settings.groups.push(g);
                    } else if !add {
                        i.settings.groups.retain(|x| *x != g);
                    }
                });
                Ok(())
            }
            IfaceChange::Fib(n) | IfaceChange::TunnelFib(n) => {
                let fibs = u32::try_from(self.sysctl.get("net.fibs").copied().unwrap_or(1)).unwrap_or(1);
                let tunnel = matches!(change, IfaceChange::TunnelFib(_));
                if *n >= fibs {
                    let what = if tunnel { "ioctl (SIOCSTUNFIB)" } else { "ioctl (SIOCSIFFIB)" };
                    return Err(req(what, Errno::EINVAL));
                }
                self.with(ifname, |i| if tunnel { i.settings.tunnelfib = *n } else { i.settings.fib = *n });
                Ok(())
            }
            IfaceChange::Lladdr(mac) => {
                // if_setlladdr: a group (multicast) address is refused, and
                // so is an interface without a 6-byte link-level address.
                let no_lladdr = self.iface(ifname).is_some_and(|i| i.ether.is_none());
                if mac[0] & 1 != 0 || no_lladdr {
                    return Err(perror("ioctl (SIOCSIFLLADDR)", Errno::EINVAL));
                }
                let mac = *mac;
                self.with(ifname, |i| i.ether = Some(mac));
                Ok(())
            }
            IfaceChange::Vlan { tag, parent, proto } => {
                self.set_vlan(ifname, *tag, parent.as_deref(), *proto)
            }
            // SIOCSVLANPCP is SIOCSLANPCP: on an Ethernet interface of 12+
            // ether_ioctl takes it as the interface's own pcp.
            IfaceChange::VlanPcp(pcp) if !vlan => {
                self.set_lan_pcp(ifname, Some(*pcp)).map_err(|_| req("SIOCSVLANPCP", Errno::EINVAL))
            }
            IfaceChange::VlanPcp(pcp) => {
                let pcp = *pcp;
                self.vlan_mut(ifname, "SIOCSVLANPCP")?.pcp = pcp;
                Ok(())
            }
            IfaceChange::LanPcp(pcp) => self.set_lan_pcp(ifname, *pcp),
            IfaceChange::Nd6DefaultIf(set) => {
                // nd6_setdefaultiface: one index for the host.
                let set = *set;
                for i in &mut self.interfaces {
                    i.settings.nd6_defaultif = set && i.name == ifname;
                }
                Ok(())
            }
            IfaceChange::VlanDetach => {
                let v = self.vlan_mut(ifname, "SIOCGETVLAN")?;
                v.parent = None;
                v.tag = 0;
                // vlan_unconfig_locked leaves IFF_DRV_RUNNING as it was.
                Ok(())
            }
            IfaceChange::BridgeMember(member, add) => self.bridge_member(ifname, member, *add),
            IfaceChange::BridgeMemberFlag { member, flag, set } => {
                let b = self
                    .bridge_mut(ifname)
                    .ok_or_else(|| req("unable to get bridge flags", Errno::EINVAL))?;
                let m = b
                    .members
                    .iter_mut()
                    .find(|m| m.name == *member)
                    .ok_or_else(|| req("unable to get bridge flags", Errno::ENOENT))?;
                if *set {
                    m.flags |= flag;
                } else {
                    m.flags &= !flag;
                }
                Ok(())
            }
            IfaceChange::BridgeParam(which, value) => self.bridge_param(ifname, which, *value),
            IfaceChange::BridgeVlan(v) => self.bridge_vlan(ifname, v),
            IfaceChange::BridgeCache(c) => self.bridge_cache(ifname, c),
            IfaceChange::BridgeStp(c) => self.bridge_stp(ifname, c),
            IfaceChange::LaggPort(port, add) => self.lagg_port(ifname, port, *add),
            IfaceChange::LaggProto(p) => {
                let p = p.clone();
                match self.iface_mut(ifname).and_then(|i| i.settings.lagg.as_mut()) {
                    Some(l) => {
                        // The lacp options live in lacp's state: they go with
                        // it, and lacp_attach starts strict
                        // (net.link.lagg.lacp.default_strict_mode is 1).
                        if p != l.proto {
                            l.opts &= !LaggConfig::LACP_OPTS;
                            if p == "lacp" {
                                l.opts |= LaggConfig::LACP_STRICT;
                            }
                        }
                        l.proto = p;
                        Ok(())
                    }
                    None => Err(req("SIOCSLAGG", Errno::ENOTTY)),
                }
            }
            IfaceChange::Vnet(jail) => self.move_to_jail(ifname, jail),
            IfaceChange::Reclaim(jail) => self.reclaim_from_jail(ifname, jail),
            IfaceChange::Tunnel(src, dst) => self.set_tunnel(ifname, Tunnel { src: *src, dst: *dst }),
            IfaceChange::DeleteTunnel => {
                self.with(ifname, |i| {
                    i.settings.tunnel = None;
                    // ipsec_delete_tunnel: no longer running.
                    if i.settings.ipsec.is_some() {
                        i.flags.remove(crate::types::IfFlags::RUNNING);
                    }
                });
                Ok(())
            }
            IfaceChange::Driver(d) => self.driver_change(ifname, d),
            IfaceChange::LaggHash(_)
            | IfaceChange::LaggOption { .. }
            | IfaceChange::LaggFlowidShift(_)
            | IfaceChange::LaggRrLimit(_)
            | IfaceChange::GifOption { .. }
            | IfaceChange::GreOption { .. }
            | IfaceChange::GreKey(_)
            | IfaceChange::GrePort(_)
            | IfaceChange::Vxlan(_)
            | IfaceChange::Pfsync(_) => self.family_change(ifname, change).map(|_| ()),
            IfaceChange::Media(m) => self.set_media(ifname, m),
            IfaceChange::Geneve(g) => self.geneve_change(ifname, g),
            IfaceChange::MacLabel(_) => Err(refused(change, Errno::EINVAL, self.release)),
            // if.c's SIOCSIFCAPNV and the driver (capnv.rs).
            IfaceChange::CapabilityNv(list) => self.nv_setcapnv(ifname, list),
            IfaceChange::Inet6Address { addr, set, clear, pltime, vltime } => {
                let ip = std::net::IpAddr::V6(*addr);
                // in6_update_ifa: flags for an address that does not exist
                // come without a prefix mask, which a new address needs.
                if !self.iface(ifname).is_some_and(|i| i.addresses.iter().any(|a| a.addr == ip)) {
                    return Err(perror("ioctl (SIOCAIFADDR)", Errno::EINVAL));
                }
                let (set, clear, pltime, vltime, addr) = (*set, *clear, *pltime, *vltime, *addr);
                self.with(ifname, |i| {
                    let list = &mut i.settings.inet6_addresses;
                    // in6_update_ifa takes the request's flags as they are.
                    list.retain(|e| e.addr != addr);
                    let flags = set & !clear;
                    if flags != 0 || pltime.is_some() || vltime.is_some() {
                        list.push(Inet6AddrState { addr, flags, pltime, vltime });
                    }
                });
                Ok(())
            }
        }
    }
}

/// The error an unprivileged caller gets, named by the request.
fn denied(change: &IfaceChange, release: crate::types::Release) -> Error {
    crate::types::refused(change, Errno::EPERM, release)
}

impl Host {
    pub(super) fn with(&mut self, ifname: &str, f: impl FnOnce(&mut Interface)) {
        if let Some(i) = self.iface_mut(ifname) {
            f(i);
        }
    }

    /// SIOCSIFFLAGS: `promisc` sets IFF_PPROMISC, which the kernel turns
    /// into IFF_PROMISC; carp's PROMISC is kept while a vhid needs it.
    fn change_flags(&mut self, ifname: &str, flags: IfFlags, set: bool) -> Result<()> {
        let vhids = self.iface(ifname).is_some_and(|i| !i.carp.is_empty());
        self.with(ifname, |i| {
            i.flags.set(flags, set);
            if flags.contains(IfFlags::PPROMISC) {
                i.flags.set(IfFlags::PROMISC, set || vhids);
            }
        });
        Ok(())
    }

    /// SIOCSIFINFO_IN6 (af_nd6.c reads the flags, changes them, writes
    /// them back).
    fn change_nd6(&mut self, ifname: &str, flags: Nd6Flags, set: bool) -> Result<()> {
        // Without IPv6 attached, af_nd6.c's SIOCGIFINFO_IN6 fails and it
        // only warns: nothing changes.
        // nd6_ioctl(SIOCSIFINFO_FLAGS): the ifdisabled 1->0 transition runs
        // in6_if_up on an interface that is up, and auto_linklocal 0->1 runs
        // in6_ifattach; both assign the link-local address if none.
        let ll_first = self.release.link_local_first();
        self.with(ifname, |i| {
            let Some(n) = i.nd6.as_mut() else { return };
            let old = *n;
            n.set(flags, set);
            let enabled = old.contains(Nd6Flags::IFDISABLED) && !n.contains(Nd6Flags::IFDISABLED);
            let auto_on = !old.contains(Nd6Flags::AUTO_LINKLOCAL) && n.contains(Nd6Flags::AUTO_LINKLOCAL);
            if (enabled && i.flags.contains(IfFlags::UP)) || auto_on {
                super::ifaddr::add_link_local(i, ll_first);
            }
        });
        Ok(())
    }

    /// SIOCSIFNAME: EEXIST when the name is taken; groups and members that
    /// name the interface follow it.
    fn rename(&mut self, ifname: &str, new: &str) -> Result<()> {
        if new.is_empty()
            || new.len() >= 16
            || new.ends_with(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        {
            return Err(req("ioctl SIOCSIFNAME (set name)", Errno::EINVAL));
        }
        if self.iface(new).is_some() {
            return Err(req("ioctl SIOCSIFNAME (set name)", Errno::EEXIST));
        }
        for i in &mut self.interfaces {
            if let Some(b) = i.settings.bridge.as_mut() {
                b.members.iter_mut().filter(|m| m.name == ifname).for_each(|m| m.name = new.to_string());
            }
            if let Some(l) = i.settings.lagg.as_mut() {
                l.ports.iter_mut().filter(|p| *p == ifname).for_each(|p| *p = new.to_string());
            }
            if let Some(v) = i.settings.vlan.as_mut() {
                if v.parent.as_deref() == Some(ifname) {
                    v.parent = Some(new.to_string());
                }
            }
            if i.settings.epair_peer.as_deref() == Some(ifname) {
                i.settings.epair_peer = Some(new.to_string());
            }
        }
        self.with(ifname, |i| {
            if i.settings.drivername.is_none() {
                i.settings.drivername = Some(i.name.clone());
            }
            i.name = new.to_string();
        });
        Ok(())
    }

    fn vlan_mut(&mut self, ifname: &str, what: &str) -> Result<&mut VlanConfig> {
        self.iface_mut(ifname).and_then(|i| i.settings.vlan.as_mut()).ok_or_else(|| req(what, Errno::EINVAL))
    }

    /// SIOCSLANPCP: ether_ioctl keeps it for an interface with an Ethernet
    /// address (EINVAL above 7 unless IFNET_PCP_NONE); on a vlan it is
    /// SIOCSVLANPCP (vlan_ioctl: 0 to 7 only); other drivers answer EINVAL.
    fn set_lan_pcp(&mut self, ifname: &str, pcp: Option<u8>) -> Result<()> {
        let refused = || req("SIOCSLANPCP", Errno::EINVAL);
        let known = self.release.has_lan_pcp();
        let iface = self.iface_mut(ifname).ok_or_else(refused)?;
        if let Some(v) = iface.settings.vlan.as_mut() {
            v.pcp = pcp.filter(|p| *p <= 7).ok_or_else(refused)?;
            return Ok(());
        }
        if !known || iface.ether.is_none() || pcp.is_some_and(|p| p > 7) {
            return Err(refused());
        }
        iface.settings.pcp = pcp;
        Ok(())
    }

    /// SIOCSETVLAN (if_vlan.c `vlan_config`): the parent must exist (ENOENT),
    /// the tag be below 4095 (EINVAL); a configured vlan only changes its
    /// tag on the same parent (EBUSY otherwise).
    fn set_vlan(
        &mut self,
        ifname: &str,
        tag: Option<u16>,
        parent: Option<&str>,
        proto: Option<u16>,
    ) -> Result<()> {
        let cur = self.iface(ifname).and_then(|i| i.settings.vlan.clone());
        let Some(cur) = cur else {
            // Not a vlan: SIOCGETVLAN fails, ifconfig skips SIOCSETVLAN.
            return Ok(());
        };
        let tag = tag.unwrap_or(cur.tag);
        let parent = parent.map(str::to_string).or(cur.parent.clone());
        let Some(parent) = parent else {
            return Ok(());
        };
        if tag == 0 && cur.parent.is_none() && cur.tag == 0 {
            return Ok(());
        }
        if self.iface(&parent).is_none() {
            return Err(req("SIOCSETVLAN", Errno::ENOENT));
        }
        if tag >= 4095 {
            return Err(req("SIOCSETVLAN", Errno::EINVAL));
        }
        if cur.parent.as_deref().is_some_and(|p| p != parent) {
            return Err(req("SIOCSETVLAN", Errno::EBUSY));
        }
        let attaching = cur.parent.is_none();
        let p = self.iface(&parent).cloned().unwrap_or_default();
        let v = self.vlan_mut(ifname, "SIOCSETVLAN")?;
        v.tag = tag;
        v.parent = Some(parent);
        if let Some(p) = proto {
            v.proto = p;
        } else if v.proto == 0 {
            v.proto = VlanConfig::PROTO_8021Q;
        }
        if attaching {
            // vlan_config: the parent's address and link, as a vlan
            // created with its parameters has them.
            self.with(ifname, |i| {
                i.ether = p.ether;
                // vlan_config marks it running, up or not.
                i.flags.insert(IfFlags::SIMPLEX | IfFlags::RUNNING);
                // if_vlan.c forwards SIOCGIFMEDIA to the parent: its
                // media (none: no media line), kept in step by set_media.
                i.media = p.media.clone();
                i.status = p.status.clone();
            });
        }
        Ok(())
    }

    fn bridge_mut(&mut self, ifname: &str) -> Option<&mut BridgeConfig> {
        self.iface_mut(ifname).and_then(|i| i.settings.bridge.as_mut())
    }

    /// BRDGADD / BRDGDEL (if_bridge.c `bridge_ioctl_add`): the member must
    /// exist (ENOENT), not be the bridge or a bridge (EINVAL), not be a
    /// member already here or elsewhere (EEXIST / EBUSY).
    fn bridge_member(&mut self, ifname: &str, member: &str, add: bool) -> Result<()> {
        let what = if add { format!("BRDGADD {member}") } else { format!("BRDGDEL {member}") };
        if self.iface(ifname).and_then(|i| i.settings.bridge.as_ref()).is_none() {
            return Err(req(what, Errno::EINVAL));
        }
        if !add {
            let b = self.bridge_mut(ifname).ok_or_else(|| req(what.clone(), Errno::EINVAL))?;
            let before = b.members.len();
            b.members.retain(|m| m.name != member);
            if b.members.len() == before {
                return Err(req(what, Errno::ENOENT));
            }
            // bridge_delete_member: the member's cache entries go with it.
            b.cache.retain(|e| e.member != member);
            self.with(member, |i| i.flags.remove(IfFlags::PROMISC));
            return Ok(());
        }
        let m = self.iface(member).ok_or_else(|| req(what.clone(), Errno::ENOENT))?;
        if m.name == ifname || m.settings.bridge.is_some() {
            return Err(req(what, Errno::EINVAL));
        }
        let cost = super::bridge_cache::auto_path_cost(m);
        let mtu_differs = self.iface(ifname).is_some_and(|b| {
            self.bridge_ref(ifname).is_some_and(|c| !c.members.is_empty()) && b.mtu != m.mtu
        });
        if let Some(other) = self
            .interfaces
            .iter()
            .find(|i| i.settings.bridge.as_ref().is_some_and(|b| b.members.iter().any(|x| x.name == member)))
        {
            let errno = if other.name == ifname { Errno::EEXIST } else { Errno::EBUSY };
            return Err(req(what, errno));
        }
        if mtu_differs {
            return Err(req(what, Errno::EINVAL));
        }
        let mut new = BridgeMember::new(member, m.index, cost);
        if let Some(b) = self.bridge_mut(ifname) {
            // 15.x: a new member starts on the bridge's default untagged
            // VLAN and, under `defqinq`, allows Q-in-Q.
            new.untagged = b.defuntagged;
            if b.flags & crate::types::BridgeVlanChange::DEFQINQ != 0 {
                new.flags |= BridgeMember::QINQ;
            }
            b.members.push(new);
        }
        // The bridge puts its members in promiscuous mode.
        self.with(member, |i| i.flags.insert(IfFlags::PROMISC));
        Ok(())
    }

    fn bridge_ref(&self, ifname: &str) -> Option<&BridgeConfig> {
        self.iface(ifname).and_then(|i| i.settings.bridge.as_ref())
    }

    fn bridge_param(&mut self, ifname: &str, which: &str, value: u32) -> Result<()> {
        let what = crate::types::bridge_param_request(which, value);
        let b = self.bridge_mut(ifname).ok_or_else(|| req(what, Errno::EINVAL))?;
        // bridgestp.c's ranges and steps.
        let value = crate::types::bridge_param_value(which, value)?;
        match which {
            "maxaddr" => {
                b.maxaddr = value;
                super::bridge_cache::trim(b);
            }
            "timeout" => b.timeout = value,
            "priority" => b.priority = value as u16,
            "hellotime" => b.hellotime = value as u8,
            "fwddelay" => b.fwddelay = value as u8,
            "maxage" => b.maxage = value as u8,
            _ => b.holdcnt = value as u8,
        }
        Ok(())
    }

    /// SIOCSLAGGPORT / SIOCSLAGGDELPORT (if_lagg.c): the port must exist
    /// (EINVAL), not be a lagg, and not be a port of a lagg already (EEXIST
    /// for this one, EBUSY for another).
    fn lagg_port(&mut self, ifname: &str, port: &str, add: bool) -> Result<()> {
        let what = if add { "SIOCSLAGGPORT" } else { "SIOCSLAGGDELPORT" };
        if self.iface(ifname).and_then(|i| i.settings.lagg.as_ref()).is_none() {
            return Err(req(what, Errno::ENOTTY));
        }
        if !add {
            let l = self.lagg_mut(ifname);
            let Some(at) = l.ports.iter().position(|p| p == port) else {
                return Err(req(what, Errno::ENOENT));
            };
            l.ports.remove(at);
            // lagg_port_destroy: when the primary (first) port goes, the
            // lagg takes the next port's address, or none (zeros).
            if at == 0 {
                let next = l.ports.first().cloned();
                let mac = next.and_then(|n| self.iface(&n).and_then(|p| p.ether)).unwrap_or([0; 6]);
                self.with(ifname, |i| i.ether = Some(mac));
            }
            return Ok(());
        }
        let p = self.iface(port).ok_or_else(|| req(what, Errno::EINVAL))?;
        if p.settings.lagg.is_some() || p.name == ifname {
            return Err(req(what, Errno::EINVAL));
        }
        // lagg_port_create: already a port here is EEXIST, of another lagg EBUSY.
        if let Some(owner) = self
            .interfaces
            .iter()
            .find(|i| i.settings.lagg.as_ref().is_some_and(|l| l.ports.iter().any(|x| x == port)))
        {
            let errno = if owner.name == ifname { Errno::EEXIST } else { Errno::EBUSY };
            return Err(req(what, errno));
        }
        // lagg_port_create: an infiniband lagg takes infiniband ports only
        // (the virtual host has none), an ethernet one no infiniband port.
        if self.lagg_mut(ifname).lagg_type != "ethernet" {
            return Err(req(what, Errno::EPROTONOSUPPORT));
        }
        let first = self.lagg_mut(ifname).ports.is_empty();
        self.lagg_mut(ifname).ports.push(port.to_string());
        // if_lagg.c: the lagg takes its first port's address.
        if first {
            let mac = self.iface(port).and_then(|p| p.ether);
            self.with(ifname, |i| i.ether = mac);
        }
        Ok(())
    }

    fn lagg_mut(&mut self, ifname: &str) -> &mut LaggConfig {
        let i = self.interfaces.iter().position(|i| i.name == ifname).unwrap_or(0);
        self.interfaces[i].settings.lagg.get_or_insert_with(LaggConfig::default)
    }
}

/// SIOCSIFCAP: only what the interface supports can be turned on; the
/// model treats the options it has ever had as supported.
fn set_caps(i: &mut Interface, caps: Capabilities, set: bool) {
    let cur = i.options.unwrap_or_default();
    let new = if set { cur | caps } else { cur - caps };
    i.options = Some(new);
}
