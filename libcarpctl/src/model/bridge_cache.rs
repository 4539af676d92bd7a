//! if_bridge(4)'s address cache and per-member STP settings on the virtual
//! host, with the kernel's rules (if_bridge.c `bridge_ioctl_saddr`,
//! `bridge_rtupdate`, `bridge_rtdaddr`, `bridge_rtflush`, `bridge_rttrim`,
//! `bridge_ioctl_sifmaxaddr`; bridgestp.c `bstp_set_protocol`,
//! `bstp_set_port_priority`, `bstp_set_path_cost`, as read in 10.4 and
//! 14.x copies; 15.x's kernel was not read, so its rules are taken as the
//! same). Nothing forwards frames here, so nothing is learned: dynamic
//! entries are the ones the host file lists, and they do not age.

use super::Host;
use crate::error::{Errno, Error, Result};
use crate::types::{
    BridgeCacheChange, BridgeCacheEntry, BridgeConfig, BridgeMember, BridgeStpChange, IfFlags, IfType,
    Interface,
};

/// `BSTP_MAX_PORT_PRIORITY`.
const MAX_PORT_PRIORITY: u8 = 240;
/// `BSTP_MAX_PATH_COST`.
const MAX_PATH_COST: u32 = 200_000_000;
/// `IFBIF_BSTP_ADMCOST`: the member's cost was set by hand (reported in
/// the flags' number, printb has no name for it).
pub(super) const ADMCOST: u32 = 0x400;

/// bstp_calc_path_cost for the model's links: 20,000,000,000 over the
/// speed in kbit/s (epair is 10 Gbit/s, the rest 1 Gbit/s here).
pub(super) fn auto_path_cost(m: &Interface) -> u32 {
    if m.media.as_deref().is_some_and(|s| s.contains("10Gbase")) {
        2000
    } else {
        20000
    }
}

/// bridge_rttrim: while the cache holds more than `maxaddr`, dynamic
/// entries go, newest first (the kernel's list order, which BRDGRTS and
/// the host file keep).
pub(super) fn trim(b: &mut BridgeConfig) {
    while b.cache.len() > b.maxaddr as usize {
        let Some(at) = b.cache.iter().position(BridgeCacheEntry::is_dynamic) else { break };
        b.cache.remove(at);
    }
}

/// `BSTP_ROLE_DESIGNATED`.
const ROLE_DESIGNATED: u8 = 2;
/// `BSTP_IFSTATE_FORWARDING`.
const STATE_FORWARDING: u8 = 3;
/// `BSTP_IFSTATE_DISCARDING`.
const STATE_DISCARDING: u8 = 5;

impl Host {
    /// Bridge `b` of `bridge` as the kernel reports its STP state
    /// (bridgestp.c `bstp_reinit`, `bstp_ifupdstatus`, index file
    /// 685691156): with a member running STP, the bridge id is the lowest
    /// address of its Ethernet members, else zeros; a member running STP
    /// that is up with its link is designated (the bridge is alone: it is
    /// the root), and forwarding once the bridge runs (the steady state,
    /// after the forward delay: the model has no clock), else disabled and
    /// discarding.
    pub(crate) fn stp_view(&self, bridge: &Interface, b: &mut BridgeConfig) {
        let running = bridge.flags.contains(IfFlags::UP | IfFlags::RUNNING);
        let stp = b.members.iter().any(|m| m.flags & BridgeMember::STP != 0);
        b.stp_id = [0; 6];
        if stp {
            let macs =
                b.members.iter().filter_map(|m| self.iface(&m.name)).filter(|i| i.kind == IfType::Ethernet);
            if let Some(id) = macs.filter_map(|i| i.ether).filter(|e| *e != [0; 6]).min() {
                b.stp_id = id;
            }
        }
        for m in &mut b.members {
            let up = self.iface(&m.name).is_some_and(Interface::is_up_with_link);
            let on = m.flags & BridgeMember::STP != 0 && up && b.stp_id != [0; 6];
            m.stp_role = if on { ROLE_DESIGNATED } else { 0 };
            m.stp_state = if on && running { STATE_FORWARDING } else { STATE_DISCARDING };
        }
    }

    /// One address cache request on bridge `ifname`.
    pub(super) fn bridge_cache(&mut self, ifname: &str, change: &BridgeCacheChange) -> Result<()> {
        let refuse = |errno| Error::request(change.request(), errno);
        let b = self
            .iface_mut(ifname)
            .and_then(|i| i.settings.bridge.as_mut())
            .ok_or_else(|| refuse(Errno::EINVAL))?;
        match change {
            BridgeCacheChange::Static { member, mac, vlan, .. } => {
                let limit = member_of(b, member).map_err(refuse)?.ifmaxaddr;
                if mac[0] & 1 != 0 || *mac == [0; 6] {
                    return Err(refuse(Errno::EINVAL));
                }
                // 802.1p frames map to VLAN 1.
                let vlan = if *vlan == 0 { 1 } else { *vlan };
                match b.cache.iter().position(|e| e.mac == *mac && e.vlan == vlan) {
                    Some(at) => {
                        // A dynamic entry moves to the member; a static one
                        // stays where it is. Either way it is static now.
                        let e = &mut b.cache[at];
                        if e.is_dynamic() {
                            e.member = member.clone();
                        }
                        e.flags = BridgeCacheEntry::STATIC;
                        e.expire = 0;
                    }
                    None => {
                        let held = b.cache.iter().filter(|e| e.member == *member).count();
                        if b.cache.len() >= b.maxaddr as usize || (limit != 0 && held >= limit as usize) {
                            return Err(refuse(Errno::ENOSPC));
                        }
                        let e = BridgeCacheEntry {
                            mac: *mac,
                            vlan,
                            member: member.clone(),
                            expire: 0,
                            flags: BridgeCacheEntry::STATIC,
                        };
                        b.cache.insert(0, e);
                    }
                }
            }
            BridgeCacheChange::Delete { mac, vlan, .. } => {
                // VLAN 0 matches every VLAN.
                let before = b.cache.len();
                b.cache.retain(|e| !(e.mac == *mac && (*vlan == 0 || e.vlan == *vlan)));
                if b.cache.len() == before {
                    return Err(refuse(Errno::ENOENT));
                }
            }
            BridgeCacheChange::Flush { all } => b.cache.retain(|e| !*all && !e.is_dynamic()),
            BridgeCacheChange::MemberLimit { member, max, .. } => {
                b.members
                    .iter_mut()
                    .find(|m| m.name == *member)
                    .ok_or_else(|| refuse(Errno::ENOENT))?
                    .ifmaxaddr = *max;
            }
        }
        Ok(())
    }

    /// One STP request on bridge `ifname`.
    pub(super) fn bridge_stp(&mut self, ifname: &str, change: &BridgeStpChange) -> Result<()> {
        let refuse = |errno| Error::request(change.request(), errno);
        let auto: Vec<(String, u32)> = self
            .bridge_ref_members(ifname)
            .into_iter()
            .filter_map(|m| self.iface(&m).map(|i| (m.clone(), auto_path_cost(i))))
            .collect();
        let b = self
            .iface_mut(ifname)
            .and_then(|i| i.settings.bridge.as_mut())
            .ok_or_else(|| refuse(Errno::EINVAL))?;
        match change {
            BridgeStpChange::Proto { proto, .. } => {
                b.proto = match *proto {
                    BridgeStpChange::STP => "stp",
                    BridgeStpChange::RSTP => "rstp",
                    _ => return Err(refuse(Errno::EINVAL)),
                }
                .into();
            }
            BridgeStpChange::Priority { member, value, .. } => {
                let m = member_of(b, member).map_err(refuse)?;
                if *value > MAX_PORT_PRIORITY {
                    return Err(refuse(Errno::EINVAL));
                }
                // In steps of 16.
                m.priority = value - value % 16;
            }
            BridgeStpChange::PathCost { member, cost, .. } => {
                let stp = b.proto == "stp";
                let m = member_of(b, member).map_err(refuse)?;
                if *cost > MAX_PATH_COST {
                    return Err(refuse(Errno::EINVAL));
                }
                if *cost == 0 {
                    m.flags &= !ADMCOST;
                    m.path_cost = auto.iter().find(|(n, _)| *n == m.name).map_or(m.path_cost, |(_, c)| *c);
                } else {
                    // STP compat mode only uses 16 bits.
                    m.path_cost = if stp { (*cost).min(65535) } else { *cost };
                    m.flags |= ADMCOST;
                }
            }
        }
        Ok(())
    }

    fn bridge_ref_members(&self, ifname: &str) -> Vec<String> {
        self.iface(ifname)
            .and_then(|i| i.settings.bridge.as_ref())
            .map(|b| b.members.iter().map(|m| m.name.clone()).collect())
            .unwrap_or_default()
    }
}

/// Member `name` of the bridge, or ENOENT.
fn member_of<'b>(b: &'b mut BridgeConfig, name: &str) -> std::result::Result<&'b mut BridgeMember, Errno> {
    b.members.iter_mut().find(|m| m.name == name).ok_or(Errno::ENOENT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{CloneRequest, IfaceChange, Release};

    fn host() -> Host {
        let mut h = Host::new(Release::V14_0);
        for name in ["bridge0", "epair0"] {
            h.create_interface(&CloneRequest { name: name.into(), ..CloneRequest::default() }).unwrap();
        }
        for m in ["epair0a", "epair0b"] {
            h.change("bridge0", &IfaceChange::BridgeMember(m.into(), true)).unwrap();
        }
        h
    }

    fn bridge(h: &Host) -> BridgeConfig {
        h.iface("bridge0").unwrap().settings.bridge.clone().unwrap()
    }

    fn entry(n: u8, member: &str, flags: u8) -> BridgeCacheEntry {
        BridgeCacheEntry { mac: [2, 0, 0, 0, 0, n], vlan: 1, member: member.into(), expire: 60, flags }
    }

    fn cache(h: &mut Host, c: BridgeCacheChange) -> Result<()> {
        h.change("bridge0", &IfaceChange::BridgeCache(c))
    }

    #[test]
    fn static_entries_move_learned_ones_and_keep_static_ones() {
        let mut h = host();
        h.iface_mut("bridge0").unwrap().settings.bridge.as_mut().unwrap().cache =
            vec![entry(1, "epair0a", 0), entry(2, "epair0a", BridgeCacheEntry::STATIC)];
        let st = |n, m: &str| BridgeCacheChange::Static {
            member: m.into(),
            mac: [2, 0, 0, 0, 0, n],
            vlan: 0,
            label: String::new(),
        };
        cache(&mut h, st(1, "epair0b")).unwrap();
        cache(&mut h, st(2, "epair0b")).unwrap();
        let b = bridge(&h);
        assert_eq!((b.cache[0].member.as_str(), b.cache[0].flags, b.cache[0].expire), ("epair0b", 1, 0));
        assert_eq!(b.cache[1].member, "epair0a", "a static entry stays where it is");
    }

    #[test]
    fn flush_keeps_static_and_sticky_and_trim_drops_newest_dynamic_first() {
        let mut h = host();
        let all = vec![
            entry(1, "epair0a", 0),
            entry(2, "epair0a", BridgeCacheEntry::STICKY),
            entry(3, "epair0b", BridgeCacheEntry::STATIC),
            entry(4, "epair0b", 0),
        ];
        h.iface_mut("bridge0").unwrap().settings.bridge.as_mut().unwrap().cache = all.clone();
        cache(&mut h, BridgeCacheChange::Flush { all: false }).unwrap();
        assert_eq!(bridge(&h).cache, all[1..3]);
        h.iface_mut("bridge0").unwrap().settings.bridge.as_mut().unwrap().cache = all.clone();
        h.change("bridge0", &IfaceChange::BridgeParam("maxaddr", 3)).unwrap();
        assert_eq!(bridge(&h).cache, all[1..]);
        h.change("bridge0", &IfaceChange::BridgeMember("epair0b".into(), false)).unwrap();
        assert_eq!(bridge(&h).cache, all[1..2], "deletem drops the member's entries");
    }

    #[test]
    fn stp_view_derives_the_bridge_id_and_port_roles() {
        let mut h = host();
        let view = |h: &Host| {
            let mut b = bridge(h);
            h.stp_view(h.iface("bridge0").unwrap(), &mut b);
            b
        };
        assert_eq!(view(&h).stp_id, [0; 6], "no member runs STP");
        let stp =
            IfaceChange::BridgeMemberFlag { member: "epair0b".into(), flag: BridgeMember::STP, set: true };
        h.change("bridge0", &stp).unwrap();
        let a = h.iface("epair0a").unwrap().ether.unwrap();
        let b = view(&h);
        assert_eq!(b.stp_id, a.min(h.iface("epair0b").unwrap().ether.unwrap()));
        // epair0b is down: disabled, discarding.
        assert_eq!((b.members[1].stp_role, b.members[1].stp_state), (0, STATE_DISCARDING));
        assert_eq!((b.members[0].stp_role, b.members[0].stp_state), (0, STATE_DISCARDING), "no STP");
    }
}
