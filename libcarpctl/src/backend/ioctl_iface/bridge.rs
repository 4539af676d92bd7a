//! The bridge address cache, STP and 15's VLAN filtering requests over
//! ioctl(2), as ifbridge.c makes them (`setbridge_static`, `_deladdr`,
//! `_flush`, `_flushall`, `_ifmaxaddr`, `_protocol`, `_ifpriority`,
//! `_ifpathcost`, `bridge_addresses`; 15's `setbridge_ifuntagged`,
//! `set_bridge_vlanset`, `setbridge_flags`, `setbridge_defuntagged`,
//! `setbridge_ifvlanproto`), and the listing's reads of the same state.

use super::{Keywords, Raw};
use crate::error::{Errno, Error, Result};
use crate::sys::bridge::*;
use crate::sys::bridge_addr::*;
use crate::sys::ifreq_iface::name_buf;
use crate::sys::IoctlSys;
use crate::types::{
    BridgeCacheChange, BridgeCacheEntry, BridgeConfig, BridgeStpChange, BridgeVlanChange, Release, VlanSet,
    VlanSetOp,
};

impl<S: IoctlSys> Keywords<'_, S> {
    /// The request of a cache or STP word; the outer `Err` is a read's
    /// refusal.
    pub(super) fn bridge_cache_write(&mut self, bridge: &str, change: &BridgeCacheChange) -> Raw<()> {
        match change {
            BridgeCacheChange::Static { member, mac, vlan, .. } => {
                let mut a = ifbareq {
                    ifba_ifsname: name_buf(member),
                    ifba_flags: IFBAF_STATIC,
                    ifba_dst: *mac,
                    ifba_vlan: *vlan,
                    ..ifbareq::default()
                };
                self.bridge(bridge, BRDGSADDR, true, BridgeArg::Addr(&mut a))
            }
            BridgeCacheChange::Delete { mac, vlan, .. } => {
                let mut a = ifbareq { ifba_dst: *mac, ifba_vlan: *vlan, ..ifbareq::default() };
                self.bridge(bridge, BRDGDADDR, true, BridgeArg::Addr(&mut a))
            }
            BridgeCacheChange::Flush { all } => {
                let flags = if *all { IFBF_FLUSHALL } else { IFBF_FLUSHDYN };
                let mut r = ifbreq { ifbr_ifsflags: flags, ..ifbreq::default() };
                self.bridge(bridge, BRDGFLUSH, true, BridgeArg::Member(&mut r))
            }
            BridgeCacheChange::MemberLimit { member, max, .. } => {
                let mut r = ifbreq { ifbr_addrmax: *max, ..ifbreq::member(member) };
                self.bridge(bridge, BRDGSIFAMAX, true, BridgeArg::Member(&mut r))
            }
        }
    }

    /// The request of an STP word.
    pub(super) fn bridge_stp_write(&mut self, bridge: &str, change: &BridgeStpChange) -> Raw<()> {
        match change {
            BridgeStpChange::Proto { proto, .. } => {
                self.bridge(bridge, BRDGSPROTO, true, BridgeArg::Param(&mut ifbrparam::of8(*proto)))
            }
            BridgeStpChange::Priority { member, value, .. } => {
                let mut r = ifbreq { ifbr_priority: *value, ..ifbreq::member(member) };
                self.bridge(bridge, BRDGSIFPRIO, true, BridgeArg::Member(&mut r))
            }
            BridgeStpChange::PathCost { member, cost, .. } => {
                let mut r = ifbreq { ifbr_path_cost: *cost, ..ifbreq::member(member) };
                self.bridge(bridge, BRDGSIFCOST, true, BridgeArg::Member(&mut r))
            }
        }
    }

    /// 15's VLAN filtering requests; the flag words read BRDGGFLAGS first.
    pub(super) fn bridge_vlan_write(&mut self, bridge: &str, change: &BridgeVlanChange) -> Result<Raw<()>> {
        Ok(match change {
            BridgeVlanChange::Flags { flags, set } => {
                let mut p = ifbrparam::default();
                self.bridge(bridge, BRDGGFLAGS, false, BridgeArg::Param(&mut p)).map_err(|e| match e {
                    Errno::ENXIO => Error::NoSuchInterface(bridge.into()),
                    e => Error::request("BRDGGFLAGS", e),
                })?;
                let now = if *set { p.int32() | flags } else { p.int32() & !flags };
                self.bridge(bridge, BRDGSFLAGS, true, BridgeArg::Param(&mut ifbrparam::of32(now)))
            }
            BridgeVlanChange::DefaultPvid(vid) => {
                self.bridge(bridge, BRDGSDEFPVID, true, BridgeArg::Param(&mut ifbrparam::of16(*vid)))
            }
            BridgeVlanChange::Pvid { member, vid, .. } => {
                let mut r = ifbreq { ifbr_pvid: *vid, ..ifbreq::member(member) };
                self.bridge(bridge, BRDGSIFPVID, true, BridgeArg::Member(&mut r))
            }
            BridgeVlanChange::Proto { member, proto } => {
                let mut r = ifbreq { ifbr_vlanproto: *proto, ..ifbreq::member(member) };
                self.bridge(bridge, BRDGSIFVLANPROTO, true, BridgeArg::Member(&mut r))
            }
            BridgeVlanChange::Tagged { member, op, set, .. } => {
                let bv_op = match op {
                    VlanSetOp::Set => BRDG_VLAN_OP_SET,
                    VlanSetOp::Add => BRDG_VLAN_OP_ADD,
                    VlanSetOp::Del => BRDG_VLAN_OP_DEL,
                };
                let mut r =
                    ifbif_vlan_req { bv_ifname: name_buf(member), bv_op, ..ifbif_vlan_req::default() };
                r.set_ids(set.ids());
                self.bridge(bridge, BRDGSIFVLANSET, true, BridgeArg::VlanSet(&mut r))
            }
        })
    }

    /// The address cache (BRDGRTS: its size, then the entries), as
    /// bridge_addresses reads it.
    pub(super) fn bridge_cache_read(&mut self, bridge: &str) -> Option<Vec<BridgeCacheEntry>> {
        let each = std::mem::size_of::<ifbareq>();
        let mut conf = ifbaconf::default();
        self.bridge(bridge, BRDGRTS, false, BridgeArg::Addrs { conf: &mut conf, buf: &mut [] }).ok()?;
        let mut buf = vec![ifbareq::default(); conf.ifbac_len as usize / each];
        conf.ifbac_len = (buf.len() * each) as u32;
        self.bridge(bridge, BRDGRTS, false, BridgeArg::Addrs { conf: &mut conf, buf: &mut buf }).ok()?;
        let n = (conf.ifbac_len as usize / each).min(buf.len());
        Some(
            buf[..n]
                .iter()
                .map(|a| BridgeCacheEntry {
                    mac: a.ifba_dst,
                    vlan: a.ifba_vlan,
                    member: a.name(),
                    expire: a.ifba_expire,
                    flags: a.ifba_flags,
                })
                .collect(),
        )
    }

    /// 15's VLAN state of the bridge and its members (BRDGGFLAGS,
    /// BRDGGDEFPVID, BRDGGIFVLANSET per member; the member's untagged VLAN
    /// and protocol come with BRDGGIFS).
    pub(super) fn bridge_vlan_read(
        &mut self,
        bridge: &str,
        b: &mut BridgeConfig,
        release: Release,
    ) -> Option<()> {
        if release < Release::V15_0 {
            return Some(());
        }
        let mut p = ifbrparam::default();
        self.bridge(bridge, BRDGGFLAGS, false, BridgeArg::Param(&mut p)).ok()?;
        b.flags = p.int32();
        self.bridge(bridge, BRDGGDEFPVID, false, BridgeArg::Param(&mut p)).ok()?;
        b.defuntagged = p.int16();
        for m in &mut b.members {
            let mut r = ifbif_vlan_req { bv_ifname: name_buf(&m.name), ..ifbif_vlan_req::default() };
            self.bridge(bridge, BRDGGIFVLANSET, false, BridgeArg::VlanSet(&mut r)).ok()?;
            m.tagged = VlanSet::from_ids(&r.ids())?;
        }
        Some(())
    }
}
