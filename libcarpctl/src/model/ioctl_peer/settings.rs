//! The interface keywords' requests of the model kernel, read from the raw
//! structs as FreeBSD's kernel reads them (if.c's `ifhwioctl`, if_clone.c,
//! if_vlan.c's `vlan_ioctl`, if_bridge.c's `bridge_ioctl`, nd6.c's
//! `nd6_ioctl`) and applied to the [`Host`](super::Host) through the same
//! methods the model backend uses: a refused request changes nothing.

use super::{text, ModelIoctl, EPFNOSUPPORT};
use crate::error::Errno;
use crate::sys::abi::IFNAMSIZ;
use crate::sys::bridge::{
    ifbreq, ifbropreq, ifbrparam, BridgeArg, BridgeRequest, BRDGADD, BRDGADDS, BRDGDEL, BRDGDELS,
    BRDGGIFFLGS, BRDGGIFS, BRDGPARAM, BRDGSIFFLGS, BSTP_PROTO_RSTP, BSTP_PROTO_STP, IFBIF_SPAN,
};
use crate::sys::ifreq_iface::{
    ifg_req, CreateParams, IfaceRequest, ETHER_ADDR_LEN, IFNET_PCP_NONE, SIOCGIFFIB, SIOCGLANPCP,
    SIOCGTUNFIB, SIOCIFDESTROY, SIOCSIFCAP, SIOCSIFFIB, SIOCSIFLLADDR, SIOCSIFMEDIA, SIOCSIFRVNET,
    SIOCSIFVNET, SIOCSLANPCP, SIOCSTUNFIB,
};
use crate::sys::vlan::{vlanreq, ETHERTYPE_VLAN};
use crate::types::{
    errno_of, BridgeConfig, Capabilities, CloneRequest, IfaceChange, Nd6Flags, BRIDGE_PARAMS,
};

/// `VLAN_PCP_MAX`.
const VLAN_PCP_MAX: u8 = 7;

pub(super) type R = std::result::Result<(), Errno>;

/// The bridge commands that copy out (`BC_F_COPYOUT`): SIOCGDRVSPEC only.
fn is_get(cmd: u64) -> bool {
    cmd == BRDGGIFFLGS
        || cmd == BRDGGIFS
        || cmd == BRDGPARAM
        || BRIDGE_PARAMS.iter().any(|p| p.get == Some(cmd))
        || super::bridge::is_get(cmd)
}

impl ModelIoctl {
    /// Apply `change` as the kernel would: the interface must exist, the
    /// caller be privileged; the host's own rules do the rest.
    pub(super) fn apply(&mut self, ifname: &str, change: &IfaceChange) -> R {
        self.iface(ifname)?;
        self.privileged()?;
        self.host.change(ifname, change).map_err(|e| errno_of(&e))
    }

    /// ifioctl's SIOCSIFVNET (the interface must be here) and SIOCSIFRVNET
    /// (looked up in the jail): PRIV_NET_SETIFVNET, then if_vmove_loan /
    /// if_vmove_reclaim, whose ENXIO covers a jid that is no child jail.
    fn vmove(&mut self, ifname: &str, loan: bool, jid: i32) -> R {
        if loan {
            self.iface(ifname)?;
        }
        self.privileged()?;
        let jail = jid.to_string();
        let change = if loan { IfaceChange::Vnet(jail) } else { IfaceChange::Reclaim(jail) };
        self.host.change(ifname, &change).map_err(|e| match e {
            crate::Error::Jail { .. } => Errno::ENXIO,
            e => errno_of(&e),
        })
    }

    /// Set the bits of `new` not in `cur` and clear those gone, as two
    /// changes (the kernel takes the whole word).
    pub(super) fn apply_bits<T: Copy>(
        &mut self,
        ifname: &str,
        cur: u32,
        new: u32,
        make: impl Fn(u32, bool) -> Option<T>,
        wrap: impl Fn(T) -> IfaceChange,
    ) -> R {
        self.iface(ifname)?;
        self.privileged()?;
        for (bits, set) in [(new & !cur, true), (cur & !new, false)] {
            if bits != 0 {
                if let Some(v) = make(bits, set) {
                    self.apply(ifname, &wrap(v))?;
                }
            }
        }
        Ok(())
    }

    pub(super) fn iface_request(&mut self, req: IfaceRequest<'_>) -> R {
        let name = req.ifname();
        match req {
            IfaceRequest::SetDescr { text: t, .. } => {
                let end = t.iter().position(|&c| c == 0).unwrap_or(t.len());
                let d = String::from_utf8_lossy(&t[..end]).into_owned();
                self.apply(&name, &IfaceChange::Description(d))
            }
            IfaceRequest::GetDescr { ifr, buf } => {
                let d = self.iface(&name)?.settings.description.clone().ok_or(Errno::ENOMSG)?;
                let need = d.len() + 1;
                if buf.len() >= need {
                    buf[..d.len()].copy_from_slice(d.as_bytes());
                    buf[d.len()] = 0;
                    ifr.set_buffer(need as u64, ifr.buffer_ptr());
                } else {
                    ifr.set_buffer(need as u64, 0);
                }
                Ok(())
            }
            IfaceRequest::SetName { new, .. } => self.apply(&name, &IfaceChange::Name(text(new))),
            IfaceRequest::Plain { request, ifr } if request == SIOCSIFVNET || request == SIOCSIFRVNET => {
                self.vmove(&name, request == SIOCSIFVNET, ifr.jid())
            }
            IfaceRequest::Plain { request, ifr } => self.plain(&name, request, ifr),
            // nd6_ioctl: SIOCGDEFIFACE_IN6 answers the index, SIOCSDEFIFACE_IN6
            // (PRIV_NETINET_ND6) takes one (0: none) without checking it.
            IfaceRequest::DefaultIface { req, set: false } => {
                req.ifindex = self
                    .host
                    .interfaces
                    .iter()
                    .find(|i| i.settings.nd6_defaultif)
                    .map_or(0, |i| i.index.into());
                Ok(())
            }
            IfaceRequest::DefaultIface { req, set: true } => {
                self.privileged()?;
                let target = self.host.interfaces.iter().find(|i| u64::from(i.index) == req.ifindex);
                match target.map(|i| i.name.clone()) {
                    Some(n) => self.apply(&n, &IfaceChange::Nd6DefaultIf(true)),
                    None => {
                        let current = self.host.interfaces.iter().find(|i| i.settings.nd6_defaultif);
                        match current.map(|i| i.name.clone()) {
                            Some(n) => self.apply(&n, &IfaceChange::Nd6DefaultIf(false)),
                            None => Ok(()),
                        }
                    }
                }
            }
            IfaceRequest::SetNd6(r) => {
                let cur = self.iface(&name)?.nd6.ok_or(EPFNOSUPPORT)?.bits();
                let new = r.ndi.flags;
                self.apply_bits(
                    &name,
                    cur,
                    new,
                    |b, set| Some((Nd6Flags::from_bits_retain(b), set)),
                    |(flags, set)| IfaceChange::Nd6 { flags, set },
                )
            }
            IfaceRequest::Group { req, add } => {
                let group = req.group();
                let has = self.iface(&name)?.settings.groups.contains(&group);
                self.privileged()?;
                // if_addgroup / if_delgroup.
                if group.ends_with(|c: char| c.is_ascii_digit()) {
                    return Err(Errno::EINVAL);
                }
                match (add, has) {
                    (true, true) => Err(Errno::EEXIST),
                    (false, false) => Err(Errno::ENOENT),
                    _ => self.apply(&name, &IfaceChange::Group(group, add)),
                }
            }
            IfaceRequest::GetGroups { req, buf } => {
                let iface = self.iface(&name)?;
                let mut groups = vec!["all".to_string()];
                groups.extend(iface.settings.groups.iter().filter(|g| *g != "all").cloned());
                let each = std::mem::size_of::<ifg_req>();
                if req.ifgr_len == 0 {
                    req.ifgr_len = (groups.len() * each) as u32;
                    return Ok(());
                }
                let mut room = req.ifgr_len as usize;
                for (g, slot) in groups.iter().zip(buf.iter_mut()) {
                    if room < each {
                        return Err(Errno::EINVAL);
                    }
                    slot.ifgrq_ifgrqu = crate::sys::ifreq_iface::name_buf(g);
                    room -= each;
                }
                Ok(())
            }
            IfaceRequest::Create { ifr, params } => {
                let mut req = CloneRequest { name: name.clone(), ..CloneRequest::default() };
                match params {
                    None => {}
                    Some(CreateParams::Vlan(p)) => {
                        req.vlan = Some((p.vlr_tag, p.parent().unwrap_or_default()))
                    }
                    Some(CreateParams::Lagg(p)) => {
                        req.lagg_type = Some(p.name().ok_or(Errno::EINVAL)?.into())
                    }
                    Some(CreateParams::Vxlan(p)) => req.vxlan = p.changes(),
                }
                let got = self.host.create_interface(&req).map_err(|e| errno_of(&e))?;
                ifr.ifr_name = crate::sys::ifreq_iface::name_buf(&got);
                Ok(())
            }
            IfaceRequest::Vlan { vlr, set: false, .. } => {
                let v = self.iface(&name)?.settings.vlan.clone().ok_or(Errno::EINVAL)?;
                let proto = if v.proto == 0 { ETHERTYPE_VLAN } else { v.proto };
                *vlr = vlanreq::new(v.parent.as_deref().unwrap_or(""), v.tag, proto);
                if !self.host.release.has_vlan_proto() {
                    vlr.vlr_proto = 0; // 10-11 copy out 18 bytes; ours were zeroed
                }
                Ok(())
            }
            IfaceRequest::Vlan { vlr, set: true, .. } => {
                let not_vlan = self.iface(&name)?.settings.vlan.is_none();
                self.privileged()?;
                if not_vlan {
                    return Err(Errno::EINVAL);
                }
                let change = match vlr.parent() {
                    None => IfaceChange::VlanDetach,
                    Some(parent) => {
                        if self.host.iface(&parent).is_none() {
                            self.privileged()?;
                            return Err(Errno::ENOENT);
                        }
                        let proto = match vlr.vlr_proto {
                            _ if !self.host.release.has_vlan_proto() => None,
                            0 => Some(ETHERTYPE_VLAN),
                            p => Some(p),
                        };
                        IfaceChange::Vlan { tag: Some(vlr.vlr_tag), parent: Some(parent), proto }
                    }
                };
                self.apply(&name, &change)
            }
            IfaceRequest::AddrState { req, lifetime } => {
                // in6_control: the address must be the interface's.
                let addr = req.ifr_addr.ip();
                let iface = self.iface(&name)?;
                if !iface.addresses.iter().any(|a| a.addr == std::net::IpAddr::V6(addr)) {
                    return Err(Errno::EADDRNOTAVAIL);
                }
                let st = iface.settings.inet6_addresses.iter().find(|e| e.addr == addr).cloned();
                let inf = crate::sys::abi::ND6_INFINITE_LIFETIME;
                if lifetime {
                    let (vl, pl) =
                        st.map_or((inf, inf), |e| (e.vltime.unwrap_or(inf), e.pltime.unwrap_or(inf)));
                    req.set_lifetimes(vl, pl);
                } else {
                    req.set_flags6(st.map_or(0, |e| e.flags));
                }
                Ok(())
            }
            IfaceRequest::Cloners { req, buf } => {
                if req.ifcr_count < 0 {
                    return Err(Errno::EINVAL);
                }
                let all = self.host.cloners();
                req.ifcr_total = all.len() as i32;
                for (c, slot) in all.iter().zip(buf.iter_mut().take(req.ifcr_count as usize)) {
                    *slot = crate::sys::ifreq_iface::name_buf(c);
                }
                Ok(())
            }
        }
    }

    /// The requests on a plain `ifreq`.
    fn plain(&mut self, name: &str, request: u64, ifr: &mut crate::sys::abi::ifreq) -> R {
        let iface = self.iface(name)?.clone();
        match request {
            SIOCGIFFIB => ifr.set_fib(iface.settings.fib),
            SIOCGTUNFIB => ifr.set_fib(iface.settings.tunnelfib),
            SIOCSIFFIB => return self.apply(name, &IfaceChange::Fib(ifr.fib())),
            SIOCSTUNFIB => return self.apply(name, &IfaceChange::TunnelFib(ifr.fib())),
            SIOCSIFLLADDR => {
                self.privileged()?;
                let (len, _family, data) = ifr.sockaddr_raw();
                // if_setlladdr: the length must be the interface's.
                if usize::from(len) != ETHER_ADDR_LEN || iface.ether.is_none() {
                    return Err(Errno::EINVAL);
                }
                let mut mac = [0u8; ETHER_ADDR_LEN];
                mac.copy_from_slice(&data[..ETHER_ADDR_LEN]);
                return self.apply(name, &IfaceChange::Lladdr(mac));
            }
            SIOCSIFCAP => {
                let cur = iface.options.map_or(0, |c| c.bits());
                // ifhwioctl: a bit the interface does not support.
                if iface.settings.capability_words.is_some_and(|n| ifr.reqcap() as u32 & !n.supported != 0) {
                    self.privileged()?;
                    return Err(Errno::EINVAL);
                }
                return self.apply_bits(
                    name,
                    cur,
                    ifr.reqcap() as u32,
                    |b, set| Some((Capabilities::from_bits_retain(b), set)),
                    |(caps, set)| IfaceChange::Capabilities { caps, set },
                );
            }
            // vlan_ioctl's SIOCGVLANPCP, else ether_ioctl's if_pcp.
            SIOCGLANPCP => match (&iface.settings.vlan, iface.ether) {
                (Some(v), _) => ifr.set_vlan_pcp(v.pcp),
                (None, Some(_)) if self.host.release.has_lan_pcp() => {
                    ifr.set_vlan_pcp(iface.settings.pcp.unwrap_or(IFNET_PCP_NONE))
                }
                _ => return Err(Errno::EINVAL),
            },
            SIOCSLANPCP => {
                self.privileged()?;
                let pcp = ifr.vlan_pcp();
                if iface.settings.vlan.is_none() {
                    let pcp = (pcp != IFNET_PCP_NONE).then_some(pcp);
                    return self.apply(name, &IfaceChange::LanPcp(pcp));
                }
                if pcp > VLAN_PCP_MAX {
                    return Err(Errno::EINVAL);
                }
                return self.apply(name, &IfaceChange::VlanPcp(pcp));
            }
            SIOCSIFMEDIA => {
                self.privileged()?;
                // ifmedia_ioctl: the whole word, matched against the
                // driver's list by the host (model/media.rs).
                let step = crate::types::MediaStep::Word(ifr.media());
                return self.apply(name, &IfaceChange::Media(crate::types::MediaEdit::one(step)));
            }
            SIOCIFDESTROY => return self.host.destroy_interface(name).map_err(|e| errno_of(&e)),
            _ => return Err(Errno::EINVAL),
        }
        Ok(())
    }

    /// `bridge_ioctl(SIOCSDRVSPEC / SIOCGDRVSPEC)`: the argument's size and
    /// the direction must be the command's; setting needs privilege.
    pub(super) fn bridge_request(&mut self, req: BridgeRequest<'_>) -> R {
        let name = text(&req.ifd.ifd_name);
        let iface = self.iface(&name)?;
        // ifhwioctl checks the privilege of a SET before the driver runs.
        let bridge = iface.settings.bridge.clone();
        if req.set {
            self.privileged()?;
        }
        let mut bridge = bridge.ok_or(Errno::EINVAL)?;
        self.host.stp_view(iface, &mut bridge);
        let cmd = req.ifd.ifd_cmd;
        if req.ifd.ifd_len != req.arg.len() as u64 || req.set == is_get(cmd) {
            return Err(Errno::EINVAL);
        }
        if super::bridge::handles(cmd) {
            return self.bridge_more(&name, &bridge, cmd, req.arg);
        }
        match req.arg {
            BridgeArg::Member(m) => self.bridge_member(&name, &bridge, cmd, m),
            BridgeArg::Param(p) => self.bridge_param(&name, &bridge, cmd, p),
            BridgeArg::Op(op) if cmd == BRDGPARAM => {
                // The priority in the top 16 bits, the address below.
                let id =
                    bridge.stp_id.iter().fold(u64::from(bridge.priority), |v, b| (v << 8) | u64::from(*b));
                *op = ifbropreq {
                    ifbop_bridgeid: id,
                    ifbop_designated_root: id,
                    ifbop_holdcount: bridge.holdcnt,
                    ifbop_maxage: bridge.maxage,
                    ifbop_hellotime: bridge.hellotime,
                    ifbop_fwddelay: bridge.fwddelay,
                    ifbop_protocol: if bridge.proto == "stp" { BSTP_PROTO_STP } else { BSTP_PROTO_RSTP },
                    ifbop_priority: bridge.priority,
                    ..ifbropreq::default()
                };
                Ok(())
            }
            BridgeArg::Op(_) | BridgeArg::Addr(_) | BridgeArg::Addrs { .. } | BridgeArg::VlanSet(_) => {
                Err(Errno::EINVAL)
            }
            BridgeArg::Members { conf, buf } => {
                if cmd != BRDGGIFS {
                    return Err(Errno::EINVAL);
                }
                let each = std::mem::size_of::<ifbreq>();
                if conf.ifbic_len == 0 {
                    conf.ifbic_len = (bridge.members.len() * each) as u32;
                    return Ok(());
                }
                let room = conf.ifbic_len as usize / each;
                let mut n = 0;
                // 15 reports the member's VLAN fields (padding before).
                let fifteen = self.host.release >= crate::types::Release::V15_0;
                for (m, slot) in bridge.members.iter().zip(buf.iter_mut()).take(room) {
                    *slot = ifbreq {
                        ifbr_ifsflags: m.flags,
                        ifbr_path_cost: m.path_cost,
                        ifbr_portno: m.port as u8,
                        ifbr_priority: m.priority,
                        ifbr_addrmax: m.ifmaxaddr,
                        ifbr_proto: if bridge.proto == "stp" { BSTP_PROTO_STP } else { BSTP_PROTO_RSTP },
                        ifbr_role: m.stp_role,
                        ifbr_state: m.stp_state,
                        ifbr_pvid: if fifteen { m.untagged } else { 0 },
                        ifbr_vlanproto: if fifteen { m.vlanproto } else { 0 },
                        ..ifbreq::member(&m.name)
                    };
                    n += 1;
                }
                conf.ifbic_len = (n * each) as u32;
                Ok(())
            }
        }
    }

    fn bridge_member(&mut self, name: &str, bridge: &BridgeConfig, cmd: u64, m: &mut ifbreq) -> R {
        let member = m.name();
        let current = bridge.members.iter().find(|x| x.name == member).map(|x| x.flags);
        match cmd {
            BRDGADD | BRDGDEL => self.apply(name, &IfaceChange::BridgeMember(member, cmd == BRDGADD)),
            BRDGADDS | BRDGDELS => self.apply(
                name,
                &IfaceChange::BridgeMemberFlag { member, flag: IFBIF_SPAN, set: cmd == BRDGADDS },
            ),
            BRDGGIFFLGS => {
                m.ifbr_ifsflags = current.ok_or(Errno::ENOENT)?;
                Ok(())
            }
            BRDGSIFFLGS => {
                let cur = current.ok_or(Errno::ENOENT)?;
                // bridge_ioctl_sifflags: span ports are BRDGADDS's.
                if m.ifbr_ifsflags & IFBIF_SPAN != 0 {
                    return Err(Errno::EINVAL);
                }
                let member2 = member.clone();
                self.apply_bits(
                    name,
                    cur & !IFBIF_SPAN,
                    m.ifbr_ifsflags,
                    |b, set| Some((b, set)),
                    move |(flag, set)| IfaceChange::BridgeMemberFlag { member: member2.clone(), flag, set },
                )
            }
            _ => Err(Errno::EINVAL),
        }
    }

    fn bridge_param(&mut self, name: &str, bridge: &BridgeConfig, cmd: u64, p: &mut ifbrparam) -> R {
        if let Some(spec) = BRIDGE_PARAMS.iter().find(|s| s.set == cmd) {
            let v = match spec.bits {
                32 => p.int32(),
                16 => p.int16().into(),
                _ => p.int8().into(),
            };
            return self.apply(name, &IfaceChange::BridgeParam(spec.keyword, v));
        }
        let spec = BRIDGE_PARAMS.iter().find(|s| s.get == Some(cmd)).ok_or(Errno::EINVAL)?;
        *p = match spec.keyword {
            "maxaddr" => ifbrparam::of32(bridge.maxaddr),
            "timeout" => ifbrparam::of32(bridge.timeout),
            "priority" => ifbrparam::of16(bridge.priority),
            "hellotime" => ifbrparam::of8(bridge.hellotime),
            "fwddelay" => ifbrparam::of8(bridge.fwddelay),
            _ => ifbrparam::of8(bridge.maxage),
        };
        Ok(())
    }
}

const _: () = assert!(IFNAMSIZ == 16);
