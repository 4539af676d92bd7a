//! Inverses of the bridge address cache and STP requests, from the
//! bridge as it is before the request. A dynamic entry cannot be asked
//! for (only traffic makes one), so a request that removes or replaces
//! one has no inverse.

use libcarpctl::{BridgeCacheChange, BridgeCacheEntry, BridgeConfig, BridgeStpChange, IfaceChange};

/// `IFBIF_BSTP_ADMCOST`.
const ADMCOST: u32 = 0x400;

/// The request that puts `b`'s cache back after `c`.
pub fn cache_inverse(c: &BridgeCacheChange, b: &BridgeConfig) -> Result<Option<IfaceChange>, ()> {
    let static_for = |e: &BridgeCacheEntry| BridgeCacheChange::Static {
        member: e.member.clone(),
        mac: e.mac,
        vlan: e.vlan,
        label: "BRDGSADDR".into(),
    };
    Ok(match c {
        BridgeCacheChange::Static { member, mac, vlan, .. } => {
            let vlan = if *vlan == 0 { 1 } else { *vlan };
            match b.cache.iter().find(|e| e.mac == *mac && e.vlan == vlan) {
                Some(e) if !e.is_dynamic() && e.member == *member => None,
                Some(_) => return Err(()),
                None => Some(BridgeCacheChange::Delete { mac: *mac, vlan, label: "BRDGDADDR".into() }),
            }
        }
        BridgeCacheChange::Delete { mac, vlan, .. } => {
            let gone: Vec<&BridgeCacheEntry> =
                b.cache.iter().filter(|e| e.mac == *mac && (*vlan == 0 || e.vlan == *vlan)).collect();
            match gone.as_slice() {
                [] => None,
                [e] if !e.is_dynamic() => Some(static_for(e)),
                _ => return Err(()),
            }
        }
        BridgeCacheChange::Flush { all } => {
            match b.cache.iter().filter(|e| *all || e.is_dynamic()).collect::<Vec<_>>().as_slice() {
                [] => None,
                [e] if !e.is_dynamic() => Some(static_for(e)),
                _ => return Err(()),
            }
        }
        BridgeCacheChange::MemberLimit { member, .. } => {
            let m = b.members.iter().find(|m| m.name == *member).ok_or(())?;
            Some(BridgeCacheChange::MemberLimit {
                member: member.clone(),
                max: m.ifmaxaddr,
                label: "BRDGSIFAMAX".into(),
            })
        }
    }
    .map(IfaceChange::BridgeCache))
}

/// Bridge parameter `which` as `b` has it now (what puts it back).
pub fn param_now(which: &str, b: &BridgeConfig) -> Result<u32, ()> {
    Ok(match which {
        "maxaddr" => b.maxaddr,
        "timeout" => b.timeout,
        "priority" => b.priority.into(),
        "hellotime" => b.hellotime.into(),
        "fwddelay" => b.fwddelay.into(),
        "maxage" => b.maxage.into(),
        "holdcnt" => b.holdcnt.into(),
        _ => return Err(()),
    })
}

/// The request that puts `b`'s protocol or member setting back.
pub fn stp_inverse(c: &BridgeStpChange, b: &BridgeConfig) -> Result<IfaceChange, ()> {
    let member = |name: &str| b.members.iter().find(|m| m.name == name).ok_or(());
    Ok(IfaceChange::BridgeStp(match c {
        BridgeStpChange::Proto { .. } => {
            let proto = if b.proto == "stp" { BridgeStpChange::STP } else { BridgeStpChange::RSTP };
            BridgeStpChange::Proto { proto, label: "BRDGSPROTO".into() }
        }
        BridgeStpChange::Priority { member: name, .. } => BridgeStpChange::Priority {
            member: name.clone(),
            value: member(name)?.priority,
            label: "BRDGSIFPRIO".into(),
        },
        BridgeStpChange::PathCost { member: name, .. } => {
            let m = member(name)?;
            // A computed cost is asked for again with 0.
            let cost = if m.flags & ADMCOST != 0 { m.path_cost } else { 0 };
            BridgeStpChange::PathCost { member: name.clone(), cost, label: "BRDGSIFCOST".into() }
        }
    }))
}

/// The request that puts `b`'s 15.x VLAN filtering state back.
pub fn vlan_inverse(c: &libcarpctl::BridgeVlanChange, b: &BridgeConfig) -> Result<Option<IfaceChange>, ()> {
    use libcarpctl::{BridgeVlanChange as V, VlanSetOp};
    let member = |name: &str| b.members.iter().find(|m| m.name == name).ok_or(());
    Ok(Some(IfaceChange::BridgeVlan(match c {
        V::Flags { flags, set } => {
            let had = b.flags & flags;
            let moved = if *set { flags & !had } else { had };
            if moved == 0 {
                return Ok(None);
            }
            V::Flags { flags: moved, set: !set }
        }
        V::DefaultPvid(_) => V::DefaultPvid(b.defuntagged),
        V::Pvid { member: name, .. } => {
            V::Pvid { member: name.clone(), vid: member(name)?.untagged, label: "BRDGSIFPVID".into() }
        }
        V::Tagged { member: name, .. } => V::Tagged {
            member: name.clone(),
            op: VlanSetOp::Set,
            set: member(name)?.tagged.clone(),
            label: "BRDGSIFVLANSET".into(),
        },
        V::Proto { member: name, .. } => V::Proto { member: name.clone(), proto: member(name)?.vlanproto },
    })))
}
