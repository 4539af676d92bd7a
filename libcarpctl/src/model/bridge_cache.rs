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
    BridgeCacheChange, BridgeCacheEntry, BridgeConfig, BridgeMember, BridgeStpChange, Interface,
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

impl Host {
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
