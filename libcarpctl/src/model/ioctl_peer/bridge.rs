//! The bridge commands of the address cache, STP settings and 15's VLAN
//! filtering, read from the raw structs as if_bridge.c's `bridge_ioctl`
//! reads them (`bridge_ioctl_rts`, `_saddr`, `_daddr`, `_flush`,
//! `_sifprio`, `_sifcost`, `_sproto`, `_sifmaxaddr`; 15's `_sifpvid`,
//! `_sifvlanset`, `_gifvlanset`, `_gflags`, `_sflags`, `_gdefpvid`,
//! `_sdefpvid`, `_sifvlanproto`) and applied through the host's rules.

use super::settings::R;
use super::ModelIoctl;
use crate::error::Errno;
use crate::sys::bridge::*;
use crate::sys::bridge_addr::{
    ifbareq, BRDG_VLAN_OP_ADD, BRDG_VLAN_OP_DEL, BRDG_VLAN_OP_SET, IFBAF_STATIC, IFBF_FLUSHALL,
};
use crate::types::{
    BridgeCacheChange, BridgeConfig, BridgeStpChange, BridgeVlanChange, IfaceChange, Release, VlanSet,
    VlanSetOp,
};

/// The commands this file answers, and whether each only exists from 15.
const COMMANDS: [(u64, bool); 16] = [
    (BRDGRTS, false),
    (BRDGSADDR, false),
    (BRDGDADDR, false),
    (BRDGFLUSH, false),
    (BRDGSIFPRIO, false),
    (BRDGSIFCOST, false),
    (BRDGSPROTO, false),
    (BRDGSIFAMAX, false),
    (BRDGSIFPVID, true),
    (BRDGSIFVLANSET, true),
    (BRDGGIFVLANSET, true),
    (BRDGGFLAGS, true),
    (BRDGSFLAGS, true),
    (BRDGGDEFPVID, true),
    (BRDGSDEFPVID, true),
    (BRDGSIFVLANPROTO, true),
];

/// Whether `cmd` is one of this file's commands.
pub(super) fn handles(cmd: u64) -> bool {
    COMMANDS.iter().any(|(c, _)| *c == cmd)
}

/// Whether `cmd` copies out (SIOCGDRVSPEC).
pub(super) fn is_get(cmd: u64) -> bool {
    [BRDGRTS, BRDGGIFVLANSET, BRDGGFLAGS, BRDGGDEFPVID].contains(&cmd)
}

impl ModelIoctl {
    /// One of this file's commands on bridge `name` (`bridge` as it is).
    pub(super) fn bridge_more(
        &mut self,
        name: &str,
        bridge: &BridgeConfig,
        cmd: u64,
        arg: BridgeArg<'_>,
    ) -> R {
        // Before 15 the VLAN commands are unknown to bridge_ioctl.
        let fifteen = COMMANDS.iter().any(|(c, new)| *c == cmd && *new);
        if fifteen && self.host.release < Release::V15_0 {
            return Err(Errno::EINVAL);
        }
        let change = match (cmd, arg) {
            (BRDGRTS, BridgeArg::Addrs { conf, buf }) => {
                let each = std::mem::size_of::<ifbareq>();
                if conf.ifbac_len == 0 {
                    conf.ifbac_len = (bridge.cache.len() * each) as u32;
                    return Ok(());
                }
                let room = conf.ifbac_len as usize / each;
                let mut n = 0;
                for (e, slot) in bridge.cache.iter().zip(buf.iter_mut()).take(room) {
                    let mut name = [0u8; 16];
                    name[..e.member.len().min(15)]
                        .copy_from_slice(&e.member.as_bytes()[..e.member.len().min(15)]);
                    *slot = ifbareq {
                        ifba_ifsname: name,
                        ifba_expire: if e.is_dynamic() { e.expire } else { 0 },
                        ifba_flags: e.flags,
                        ifba_dst: e.mac,
                        ifba_vlan: e.vlan,
                    };
                    n += 1;
                }
                conf.ifbac_len = (n * each) as u32;
                return Ok(());
            }
            (BRDGSADDR, BridgeArg::Addr(a)) => {
                // Only what ifconfig sends is modelled: a static entry.
                if a.ifba_flags & 0x03 != IFBAF_STATIC {
                    return Err(Errno::EINVAL);
                }
                let (member, mac, vlan) = (a.name(), a.ifba_dst, a.ifba_vlan);
                IfaceChange::BridgeCache(BridgeCacheChange::Static {
                    member,
                    mac,
                    vlan,
                    label: String::new(),
                })
            }
            (BRDGDADDR, BridgeArg::Addr(a)) => IfaceChange::BridgeCache(BridgeCacheChange::Delete {
                mac: a.ifba_dst,
                vlan: a.ifba_vlan,
                label: String::new(),
            }),
            (BRDGFLUSH, BridgeArg::Member(m)) => {
                IfaceChange::BridgeCache(BridgeCacheChange::Flush { all: m.ifbr_ifsflags == IFBF_FLUSHALL })
            }
            (BRDGSIFAMAX, BridgeArg::Member(m)) => IfaceChange::BridgeCache(BridgeCacheChange::MemberLimit {
                member: m.name(),
                max: m.ifbr_addrmax,
                label: String::new(),
            }),
            (BRDGSIFPRIO, BridgeArg::Member(m)) => IfaceChange::BridgeStp(BridgeStpChange::Priority {
                member: m.name(),
                value: m.ifbr_priority,
                label: String::new(),
            }),
            (BRDGSIFCOST, BridgeArg::Member(m)) => IfaceChange::BridgeStp(BridgeStpChange::PathCost {
                member: m.name(),
                cost: m.ifbr_path_cost,
                label: String::new(),
            }),
            (BRDGSPROTO, BridgeArg::Param(p)) => {
                IfaceChange::BridgeStp(BridgeStpChange::Proto { proto: p.int8(), label: String::new() })
            }
            (BRDGSIFPVID, BridgeArg::Member(m)) => IfaceChange::BridgeVlan(BridgeVlanChange::Pvid {
                member: m.name(),
                vid: m.ifbr_pvid,
                label: String::new(),
            }),
            (BRDGSIFVLANPROTO, BridgeArg::Member(m)) => {
                IfaceChange::BridgeVlan(BridgeVlanChange::Proto { member: m.name(), proto: m.ifbr_vlanproto })
            }
            (BRDGSIFVLANSET, BridgeArg::VlanSet(v)) => {
                let op = match v.bv_op {
                    BRDG_VLAN_OP_SET => VlanSetOp::Set,
                    BRDG_VLAN_OP_ADD => VlanSetOp::Add,
                    BRDG_VLAN_OP_DEL => VlanSetOp::Del,
                    _ => return Err(Errno::EINVAL),
                };
                let set = VlanSet::from_ids(&v.ids()).ok_or(Errno::EINVAL)?;
                IfaceChange::BridgeVlan(BridgeVlanChange::Tagged {
                    member: v.name(),
                    op,
                    set,
                    label: String::new(),
                })
            }
            (BRDGGIFVLANSET, BridgeArg::VlanSet(v)) => {
                let m = bridge.members.iter().find(|m| m.name == v.name()).ok_or(Errno::ENOENT)?;
                v.bv_set = [0; crate::sys::bridge_addr::BRVLAN_SETSIZE / 64];
                v.set_ids(m.tagged.ids());
                return Ok(());
            }
            (BRDGGFLAGS, BridgeArg::Param(p)) => {
                *p = ifbrparam::of32(bridge.flags);
                return Ok(());
            }
            (BRDGGDEFPVID, BridgeArg::Param(p)) => {
                *p = ifbrparam::of16(bridge.defuntagged);
                return Ok(());
            }
            (BRDGSDEFPVID, BridgeArg::Param(p)) => {
                IfaceChange::BridgeVlan(BridgeVlanChange::DefaultPvid(p.int16()))
            }
            (BRDGSFLAGS, BridgeArg::Param(p)) => {
                let (cur, new) = (bridge.flags, p.int32());
                return self.apply_bits(
                    name,
                    cur,
                    new,
                    |b, set| Some((b, set)),
                    |(flags, set)| IfaceChange::BridgeVlan(BridgeVlanChange::Flags { flags, set }),
                );
            }
            _ => return Err(Errno::EINVAL),
        };
        self.apply(name, &change)
    }
}
