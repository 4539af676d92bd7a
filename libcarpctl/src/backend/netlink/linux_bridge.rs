//! if_bridge(4)'s words on a Linux bridge, where Linux has the concept,
//! and the bridge's real parameters in the listing.
//!
//! | FreeBSD                | Linux                                              |
//! |------------------------|----------------------------------------------------|
//! | `priority N`           | `IFLA_BR_PRIORITY` (N in steps of 4096, as bstp)   |
//! | `hellotime`/`fwddelay`/`maxage` S | `IFLA_BR_HELLO_TIME`/`FORWARD_DELAY`/`MAX_AGE`, S x 100 (centiseconds) |
//! | `timeout S`            | `IFLA_BR_AGEING_TIME`, S x 100 (S >= 1)            |
//! | `maxaddr N`            | `IFLA_BR_FDB_MAX_LEARNED` N (N >= 1; Linux 6.8+)   |
//! | `proto stp`            | nothing to do: Linux's kernel STP is 802.1D        |
//! | `ifpriority IF P`      | `IFLA_BRPORT_PRIORITY` P/4 (P in steps of 16)      |
//! | `ifpathcost IF C`      | `IFLA_BRPORT_COST` C, at most 65535 (1 and up)     |
//! | `learn`/`-learn IF`    | `IFLA_BRPORT_LEARNING`                             |
//! | `discover`/`-discover IF` | `IFLA_BRPORT_UNICAST_FLOOD`                     |
//! | `private`/`-private IF`| `IFLA_BRPORT_ISOLATED`                             |
//! | `static IF MAC`        | RTM_NEWNEIGH AF_BRIDGE, NTF_MASTER, NUD_NOARP      |
//! | `deladdr MAC`          | RTM_DELNEIGH of each matching entry                |
//! | `flush` / `flushall`   | RTM_DELNEIGH of each dynamic (not static, not sticky) / every entry |
//! | `addr`                 | one RTM_GETNEIGH AF_BRIDGE dump                    |
//!
//! Port priority: both kernels put it in the high bits of the 16-bit port
//! id, FreeBSD as `P << 8` (P 0-240 in steps of 16), Linux as `L << 10`
//! (L 0-63); the same high byte is `P = 4 L`, so 128 (FreeBSD's default)
//! is Linux's default 32.
//!
//! The address cache: Linux's fdb also holds `permanent` (local) entries,
//! the addresses of the ports and of the bridge, which Linux delivers to
//! the host. FreeBSD's cache has no such entries (if_bridge.c finds its
//! members' addresses without it), so `addr` does not list them, `flush`
//! and `flushall` never remove them, `deladdr` does not find them, and
//! `static` with such an address is refused (Linux would turn the local
//! entry into a forwarding one and stop delivering to the host). Linux's
//! entries without a VLAN (a bridge without VLAN filtering) are FreeBSD's
//! untagged ones: listed as `Vlan1`, and VLAN 0 or 1 in a request means
//! them.
//!
//! The listing: the bridge's parameters from its `IFLA_INFO_DATA` and each
//! member's from its `IFLA_INFO_SLAVE_DATA`, in the one link dump; Linux's
//! `fdb_max_learned` 0 (no limit) is shown as `maxaddr 4294967295`; while
//! the bridge runs STP every member shows STP, its role and state; the
//! protocol is `stp` (802.1D, Linux's only one in the kernel) and
//! `holdcnt 1` (Linux sends at most one BPDU per hold time, a second).
//!
//! Everything else is refused before anything is sent, with the reason;
//! 15's VLAN filtering words too, since the kernel this was tested on has
//! no bridge VLAN filtering.

use super::{Kernel, LinkTies, NetlinkBackend, Protocol, Transport};
use crate::error::{Errno, Error, Op, Result};
use crate::netlink::bridge::{BridgeAttrs, Neigh, PortAttrs};
use crate::netlink::msg::MessageBuilder;
use crate::netlink::route::{IfInfo, Link};
use crate::sys::netlink::{
    AF_BRIDGE, IFLA_INFO_DATA, IFLA_INFO_KIND, IFLA_LINKINFO, NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP,
    NLM_F_REPLACE, NLM_F_REQUEST, NTF_MASTER, NTF_SELF, NTF_STICKY, NUD_NOARP, NUD_PERMANENT, RTM_DELNEIGH,
    RTM_GETNEIGH, RTM_NEWLINK, RTM_NEWNEIGH,
};
use crate::types::{
    BridgeCacheChange, BridgeCacheEntry, BridgeConfig, BridgeMember, BridgeStpChange, IfaceChange, Interface,
};

fn unsupported(what: &str) -> Error {
    Error::Unsupported(format!("{what}; nothing was changed"))
}

/// Why each member flag Linux lacks is refused (`IFBIF_*` bit, reason).
const NO_PORT_FLAG: [(u32, &str); 8] = [
    (
        BridgeMember::STP,
        "Linux runs STP for a whole bridge (IFLA_BR_STP_STATE), not per member: `stp IF` has no Linux counterpart",
    ),
    (
        BridgeMember::EDGE,
        "Linux's kernel STP is 802.1D, which has no edge ports (RSTP's; Linux leaves RSTP to user space): `edge IF` has no Linux counterpart",
    ),
    (
        BridgeMember::AUTOEDGE,
        "Linux's kernel STP is 802.1D, which has no edge detection (RSTP's): `autoedge IF` has no Linux counterpart",
    ),
    (
        BridgeMember::PTP,
        "Linux's kernel STP is 802.1D, which has no point-to-point links (RSTP's): `ptp IF` has no Linux counterpart",
    ),
    (
        BridgeMember::AUTOPTP,
        "Linux's kernel STP is 802.1D, which has no point-to-point detection (RSTP's): `autoptp IF` has no Linux counterpart",
    ),
    (
        BridgeMember::SPAN,
        "a Linux bridge has no span ports (Linux mirrors traffic with tc's mirred action): `span IF` has no Linux counterpart",
    ),
    (
        BridgeMember::STICKY,
        "Linux marks single fdb entries sticky, not a member's learned ones: `sticky IF` has no Linux counterpart",
    ),
    (
        BridgeMember::QINQ,
        "Linux sets the VLAN protocol per bridge (IFLA_BR_VLAN_PROTOCOL), not per member: `qinq IF` has no Linux counterpart",
    ),
];

/// Why `holdcnt` is refused.
const NO_HOLDCNT: &str =
    "Linux's 802.1D STP has a fixed hold time (one BPDU a second per port), no transmit hold count to set";
/// Why `timeout 0` is refused.
const NO_TIMEOUT_0: &str = "FreeBSD's timeout 0 keeps learned addresses forever, Linux's ageing time 0 \
                            forgets them at once: Linux has no setting for \"never age\"";
/// Why `maxaddr 0` is refused.
const NO_MAXADDR_0: &str =
    "FreeBSD's maxaddr 0 caches no address, Linux's fdb_max_learned 0 means no limit: Linux has no setting for \"none\"";
/// Why `ifpathcost IF 0` is refused.
const NO_AUTO_COST: &str =
    "Linux cannot give a member back the path cost computed from its speed once one was set: ifpathcost 0 has no Linux counterpart";
/// Why `proto rstp` is refused.
const NO_RSTP: &str =
    "Linux's kernel bridge runs 802.1D STP only (RSTP needs a user-space daemon such as mstpd)";
/// Why `ifmaxaddr` is refused.
const NO_IFMAXADDR: &str =
    "Linux limits learned addresses per bridge (maxaddr), not per member: `ifmaxaddr` has no Linux counterpart";
/// Why 15's VLAN filtering words are refused: they would map to
/// IFLA_BR_VLAN_FILTERING, IFLA_BR_VLAN_DEFAULT_PVID and
/// IFLA_BRIDGE_VLAN_INFO, but the kernel this was built and tested on
/// (6.18) answers EOPNOTSUPP to `ip link add ... type bridge
/// vlan_filtering 1` and ignores the default PVID, so no mapping could be
/// tested, and none is built.
const NO_VLAN_WORDS: &str = "the Linux kernel this was built and tested on has no bridge VLAN filtering \
     (IFLA_BR_VLAN_FILTERING answers EOPNOTSUPP: no CONFIG_BRIDGE_VLAN_FILTERING), so 15's VLAN filtering \
     words are not mapped to it";
/// Why a cache entry with a VLAN is refused when the kernel refuses it.
const NO_FDB_VLAN: &str = "Linux refused a VLAN on this fdb entry: a bridge without VLAN filtering \
     (the kernel this was tested on has none) keeps its entries without VLAN (VLAN 0 or 1 here)";

/// Linux's `fdb_max_learned` 0 (no limit) as FreeBSD's maxaddr.
const NO_LIMIT: u32 = u32::MAX;

/// A member as the listing shows it, from its port attributes and its
/// bridge's. Linux runs STP for the whole bridge: while it does, every
/// member shows STP with its 802.1D role (root port, designated when this
/// bridge is the designated bridge of its segment, else alternate) and
/// its state (Linux's BR_STATE_* are numbered as FreeBSD's
/// BSTP_IFSTATE_* 0-4).
fn member(iface: &Interface, port: Option<&PortAttrs>, bridge: Option<&BridgeAttrs>) -> BridgeMember {
    let p = port.copied().unwrap_or_default();
    let mut m = BridgeMember::new(&iface.name, iface.index, p.cost.unwrap_or(0));
    let stp = bridge.filter(|b| b.stp_state.is_some_and(|s| s != 0));
    let bits = [
        (BridgeMember::LEARNING, p.learning),
        (BridgeMember::DISCOVER, p.unicast_flood),
        (BridgeMember::STP, stp.map(|_| true)),
        (BridgeMember::PRIVATE, p.isolated),
    ];
    m.flags = bits.iter().filter(|(_, on)| *on == Some(true)).fold(0, |acc, (bit, _)| acc | bit);
    if let Some(l) = p.priority {
        m.priority = u8::try_from(l * 4).unwrap_or(u8::MAX);
    }
    if let Some(b) = stp {
        m.stp_state = p.state.unwrap_or(0);
        m.stp_role = if m.stp_state == 0 {
            ROLE_DISABLED
        } else if p.no.is_some() && b.root_port == p.no {
            ROLE_ROOT
        } else if p.designated_bridge.is_some()
            && p.designated_bridge == b.bridge_id
            && p.designated_port == p.id
        {
            ROLE_DESIGNATED
        } else {
            ROLE_ALTERNATE
        };
    }
    m
}

/// `BSTP_ROLE_*`.
const ROLE_DISABLED: u8 = 0;
const ROLE_ROOT: u8 = 1;
const ROLE_DESIGNATED: u8 = 2;
const ROLE_ALTERNATE: u8 = 3;

/// A bridge's parameters as the listing shows them.
fn config(a: &BridgeAttrs, members: Vec<BridgeMember>) -> BridgeConfig {
    let d = BridgeConfig::default();
    let secs = |cs: Option<u32>, default: u32| cs.map_or(default, |v| v / 100);
    let small = |cs: Option<u32>, default: u8| u8::try_from(secs(cs, default.into())).unwrap_or(u8::MAX);
    let stp_on = a.stp_state.is_some_and(|s| s != 0);
    BridgeConfig {
        members,
        maxaddr: a.fdb_max_learned.map_or(d.maxaddr, |v| if v == 0 { NO_LIMIT } else { v }),
        timeout: secs(a.ageing_time, d.timeout),
        priority: a.priority.unwrap_or(d.priority),
        hellotime: small(a.hello_time, d.hellotime),
        fwddelay: small(a.forward_delay, d.fwddelay),
        maxage: small(a.max_age, d.maxage),
        holdcnt: 1,
        proto: "stp".into(),
        stp_id: if stp_on { a.bridge_addr().unwrap_or([0; 6]) } else { [0; 6] },
        ..d
    }
}

/// Bridges and their members from the link dump: one pass over the
/// links, whatever their number.
pub(super) fn fill_bridges(ties: &[LinkTies], list: &mut [Interface]) {
    // The bridges by index, for their members only: a host of bridges
    // without members (the listing benchmark's) builds no table.
    let any_member = ties.iter().any(|t| t.master.is_some());
    let bridges: std::collections::HashMap<u32, BridgeAttrs> = ties
        .iter()
        .zip(list.iter())
        .filter(|(t, _)| any_member && t.bridge)
        .map(|(t, i)| (i.index, t.bridge_attrs.unwrap_or_default()))
        .collect();
    let mut members: std::collections::HashMap<u32, Vec<BridgeMember>> = std::collections::HashMap::new();
    for (tie, iface) in ties.iter().zip(list.iter()) {
        if let Some(master) = tie.master {
            let m = member(iface, tie.port.as_ref(), bridges.get(&master));
            members.entry(master).or_default().push(m);
        }
    }
    for (tie, iface) in ties.iter().zip(list.iter_mut()) {
        if tie.bridge {
            let members = members.remove(&iface.index).unwrap_or_default();
            let attrs = tie.bridge_attrs.unwrap_or_default();
            iface.settings.bridge = Some(config(&attrs, members));
        }
    }
}

/// The Linux bridge attributes for `BridgeParam(keyword, value)`, checked
/// as FreeBSD checks them first.
fn param_attrs(keyword: &str, value: u32) -> Result<BridgeAttrs> {
    let v = crate::types::bridge_param_value(keyword, value)?;
    let mut a = BridgeAttrs::default();
    match keyword {
        "priority" => a.priority = Some(u16::try_from(v).unwrap_or(u16::MAX)),
        "hellotime" => a.hello_time = Some(v * 100),
        "fwddelay" => a.forward_delay = Some(v * 100),
        "maxage" => a.max_age = Some(v * 100),
        "timeout" if v == 0 => return Err(unsupported(NO_TIMEOUT_0)),
        "timeout" => {
            a.ageing_time = Some(v.checked_mul(100).ok_or_else(|| {
                unsupported(&format!(
                    "Linux keeps the ageing time in centiseconds in 32 bits: at most {} seconds",
                    u32::MAX / 100
                ))
            })?)
        }
        "maxaddr" if v == 0 => return Err(unsupported(NO_MAXADDR_0)),
        // The listing's "no limit" asked for again is Linux's no limit.
        "maxaddr" => a.fdb_max_learned = Some(if v == NO_LIMIT { 0 } else { v }),
        "holdcnt" => return Err(unsupported(NO_HOLDCNT)),
        other => return Err(unsupported(&format!("Linux has no bridge parameter {other}"))),
    }
    Ok(a)
}

/// The port attributes for member flag bits `flags` set or cleared, or
/// the refusal of the first bit Linux lacks.
fn flag_attrs(flags: u32, set: bool) -> Result<PortAttrs> {
    if let Some((_, why)) = NO_PORT_FLAG.iter().find(|(bit, _)| flags & bit != 0) {
        return Err(unsupported(why));
    }
    let known = BridgeMember::LEARNING | BridgeMember::DISCOVER | BridgeMember::PRIVATE;
    if flags & !known != 0 {
        return Err(unsupported(&format!("Linux has no bridge member flag {:#x}", flags & !known)));
    }
    let on = |bit: u32| (flags & bit != 0).then_some(set);
    Ok(PortAttrs {
        learning: on(BridgeMember::LEARNING),
        unicast_flood: on(BridgeMember::DISCOVER),
        isolated: on(BridgeMember::PRIVATE),
        ..PortAttrs::default()
    })
}

/// The VLANs of Linux fdb entries a FreeBSD VLAN means: 0 every VLAN,
/// 1 the untagged entries (no VLAN, Linux's 0) and VLAN 1.
fn vlan_matches(freebsd: u16, linux: u16) -> bool {
    match freebsd {
        0 => true,
        1 => linux <= 1,
        v => linux == v,
    }
}

/// FreeBSD's VLAN of a Linux entry: untagged ones are VLAN 1.
fn freebsd_vlan(linux: Option<u16>) -> u16 {
    linux.filter(|v| *v != 0).unwrap_or(1)
}

/// Whether `n` is in bridge `bridge`'s own fdb: `NDA_MASTER` names it and
/// it is no device's own list (`NTF_SELF`). A dump does not set
/// NTF_MASTER (only requests carry it).
fn in_fdb_of(n: &Neigh, bridge: u32) -> bool {
    n.flags & NTF_SELF == 0 && n.master == Some(bridge)
}

/// Whether `n` is an entry of bridge `bridge`'s fdb that FreeBSD's cache
/// would hold: not a local entry, not one on the bridge itself.
fn cache_entry_of(n: &Neigh, bridge: u32) -> bool {
    in_fdb_of(n, bridge)
        && n.state & NUD_PERMANENT == 0
        && u32::try_from(n.ifindex).is_ok_and(|i| i != bridge)
}

/// Whether `n` is what FreeBSD's `flush` removes: a dynamic entry (not
/// static, not sticky: if_bridge.c's IFBAF_TYPEMASK).
fn is_dynamic(n: &Neigh) -> bool {
    n.state & NUD_NOARP == 0 && n.flags & NTF_STICKY == 0
}

/// Whether `n` is a local (permanent) entry of bridge `bridge`.
fn local_entry_of(n: &Neigh, bridge: u32) -> bool {
    in_fdb_of(n, bridge) && n.state & NUD_PERMANENT != 0
}

impl<T: Transport, K: Kernel> NetlinkBackend<T, K> {
    /// The bridge `ifname` (its link) or ifconfig's refusal with `errno`.
    fn bridge_link(&mut self, ifname: &str, refuse: &dyn Fn(Errno) -> Error) -> Result<Link> {
        let link = self.link(ifname)?;
        if link.info_kind.as_deref() != Some("bridge") {
            return Err(refuse(Errno::EINVAL));
        }
        Ok(link)
    }

    /// The index of `member` when it is a port of `bridge`, else ENOENT.
    fn port_of(&mut self, bridge: &Link, member: &str, refuse: &dyn Fn(Errno) -> Error) -> Result<i32> {
        let m = self.link(member).map_err(|_| refuse(Errno::ENOENT))?;
        if m.master != u32::try_from(bridge.info.index).ok() {
            return Err(refuse(Errno::ENOENT));
        }
        Ok(m.info.index)
    }

    /// One of the bridge words on Linux.
    pub(super) fn linux_bridge_change(&mut self, ifname: &str, change: &IfaceChange) -> Result<()> {
        let release = self.release;
        let refuse = |errno| crate::types::refused(change, errno, release);
        let kernel = |e: Error| match e.errno() {
            Some(errno) => refuse(errno),
            None => e,
        };
        match change {
            IfaceChange::BridgeParam(keyword, value) => {
                let bridge = self.bridge_link(ifname, &refuse)?;
                let attrs = param_attrs(keyword, *value)?;
                self.set_bridge(bridge.info.index, &attrs).map_err(kernel)
            }
            IfaceChange::BridgeMemberFlag { member, flag, set } => {
                let get = |errno| Error::request("unable to get bridge flags", errno);
                let bridge = self.bridge_link(ifname, &get)?;
                let attrs = flag_attrs(*flag, *set)?;
                let port = self.port_of(&bridge, member, &get)?;
                self.set_port(port, attrs).map_err(kernel)
            }
            IfaceChange::BridgeStp(stp) => {
                let bridge = self.bridge_link(ifname, &refuse)?;
                match stp {
                    BridgeStpChange::Proto { proto, .. } if *proto == BridgeStpChange::STP => Ok(()),
                    BridgeStpChange::Proto { .. } => Err(unsupported(NO_RSTP)),
                    BridgeStpChange::Priority { member, value, .. } => {
                        let port = self.port_of(&bridge, member, &refuse)?;
                        // bstp_set_port_priority: at most 240, in steps of 16.
                        if *value > 240 {
                            return Err(refuse(Errno::EINVAL));
                        }
                        let linux = u16::from(value - value % 16) / 4;
                        self.set_port(port, PortAttrs { priority: Some(linux), ..PortAttrs::default() })
                            .map_err(kernel)
                    }
                    BridgeStpChange::PathCost { member, cost, .. } => {
                        let port = self.port_of(&bridge, member, &refuse)?;
                        // bstp_set_path_cost: at most 200,000,000; 802.1D's
                        // (stp) costs are 16 bits, as FreeBSD's stp mode.
                        if *cost > 200_000_000 {
                            return Err(refuse(Errno::EINVAL));
                        }
                        if *cost == 0 {
                            return Err(unsupported(NO_AUTO_COST));
                        }
                        let attrs = PortAttrs { cost: Some((*cost).min(65535)), ..PortAttrs::default() };
                        self.set_port(port, attrs).map_err(kernel)
                    }
                }
            }
            IfaceChange::BridgeCache(c) => {
                let bridge = self.bridge_link(ifname, &refuse)?;
                self.linux_cache_change(&bridge, c, &refuse).map_err(kernel)
            }
            _ => Err(unsupported(NO_VLAN_WORDS)),
        }
    }

    fn linux_cache_change(
        &mut self,
        bridge: &Link,
        c: &BridgeCacheChange,
        refuse: &dyn Fn(Errno) -> Error,
    ) -> Result<()> {
        let index = u32::try_from(bridge.info.index).unwrap_or(0);
        match c {
            BridgeCacheChange::Static { member, mac, vlan, .. } => {
                let port = self.port_of(bridge, member, refuse)?;
                if mac[0] & 1 != 0 || *mac == [0; 6] {
                    return Err(refuse(Errno::EINVAL));
                }
                if self.fdb()?.iter().any(|n| local_entry_of(n, index) && n.mac == Some(*mac)) {
                    return Err(unsupported(
                        "this is the address of a member or of the bridge, which Linux delivers to the host \
                         (a local fdb entry): a static entry would stop that",
                    ));
                }
                let entry = Neigh {
                    family: AF_BRIDGE,
                    ifindex: port,
                    state: NUD_NOARP,
                    flags: NTF_MASTER,
                    mac: Some(*mac),
                    vlan: Some(*vlan).filter(|v| *v > 1),
                    ..Neigh::default()
                };
                match self.neigh_request(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, &entry) {
                    Err(e) if entry.vlan.is_some() && e.errno() == Some(Errno::EINVAL) => {
                        Err(unsupported(NO_FDB_VLAN))
                    }
                    other => other,
                }
            }
            BridgeCacheChange::Delete { mac, vlan, .. } => {
                let found: Vec<Neigh> = self
                    .fdb()?
                    .into_iter()
                    .filter(|n| cache_entry_of(n, index) && n.mac == Some(*mac))
                    .filter(|n| vlan_matches(*vlan, n.vlan.unwrap_or(0)))
                    .collect();
                if found.is_empty() {
                    return Err(refuse(Errno::ENOENT));
                }
                found.iter().try_for_each(|n| self.delete_entry(n))
            }
            BridgeCacheChange::Flush { all } => {
                let gone: Vec<Neigh> = self
                    .fdb()?
                    .into_iter()
                    .filter(|n| cache_entry_of(n, index) && (*all || is_dynamic(n)))
                    .collect();
                for n in &gone {
                    match self.delete_entry(n) {
                        // A dynamic entry may have aged out meanwhile.
                        Err(e) if e.errno() == Some(Errno::ENOENT) => {}
                        other => other?,
                    }
                }
                Ok(())
            }
            BridgeCacheChange::MemberLimit { .. } => Err(unsupported(NO_IFMAXADDR)),
        }
    }

    /// The address cache of bridge `ifname` as FreeBSD's `addr` lists it.
    pub(super) fn linux_bridge_addresses(&mut self, ifname: &str) -> Result<Vec<BridgeCacheEntry>> {
        let refuse = |errno| Error::request("unable to get address cache", errno);
        let bridge = self.bridge_link(ifname, &refuse)?;
        let index = u32::try_from(bridge.info.index).unwrap_or(0);
        let attrs = bridge.info_data.as_deref().and_then(|d| BridgeAttrs::parse(d).ok()).unwrap_or_default();
        let ageing = attrs.ageing_time.unwrap_or(30000);
        let names: std::collections::HashMap<i32, String> =
            self.dump_links()?.into_iter().filter_map(|l| Some((l.info.index, l.name?))).collect();
        let entries = self.fdb()?.into_iter().filter(|n| cache_entry_of(n, index));
        Ok(entries
            .filter_map(|n| {
                let dynamic = n.state & NUD_NOARP == 0;
                let sticky = if n.flags & NTF_STICKY != 0 { BridgeCacheEntry::STICKY } else { 0 };
                Some(BridgeCacheEntry {
                    mac: n.mac?,
                    vlan: freebsd_vlan(n.vlan),
                    member: names.get(&n.ifindex).cloned().unwrap_or_default(),
                    // Seconds left: the ageing time less the time since
                    // the entry was last seen.
                    expire: if dynamic {
                        u64::from(ageing.saturating_sub(n.updated.unwrap_or(0)) / 100)
                    } else {
                        0
                    },
                    flags: sticky | if dynamic { 0 } else { BridgeCacheEntry::STATIC },
                })
            })
            .collect())
    }

    /// Every AF_BRIDGE fdb entry (one RTM_GETNEIGH dump).
    fn fdb(&mut self) -> Result<Vec<Neigh>> {
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, seq);
        Neigh { family: AF_BRIDGE, ..Neigh::default() }.emit(&mut b);
        self.run(Protocol::Route, b.finish(), Op::List, |m| Ok(Neigh::parse(m.payload)?))
    }

    fn delete_entry(&mut self, n: &Neigh) -> Result<()> {
        let del = Neigh { state: 0, master: None, updated: None, flags: NTF_MASTER, ..*n };
        self.neigh_request(RTM_DELNEIGH, 0, &del)
    }

    fn neigh_request(&mut self, kind: u16, flags: u16, n: &Neigh) -> Result<()> {
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(kind, NLM_F_REQUEST | NLM_F_ACK | flags, seq);
        n.emit(&mut b);
        self.ack(Protocol::Route, b.finish(), Op::SetFlags)
    }

    /// RTM_NEWLINK on bridge `index` with IFLA_LINKINFO { "bridge", DATA }.
    fn set_bridge(&mut self, index: i32, attrs: &BridgeAttrs) -> Result<()> {
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
        Link { info: IfInfo { index, ..IfInfo::default() }, ..Link::default() }.emit(&mut b);
        let mut w = b.attrs();
        w.nested(IFLA_LINKINFO, false, |w| {
            w.string(IFLA_INFO_KIND, "bridge");
            w.nested(IFLA_INFO_DATA, false, |w| attrs.emit(w));
        });
        self.ack(Protocol::Route, b.finish(), Op::SetFlags)
    }

    /// RTM_NEWLINK on port `index` with its bridge slave data.
    fn set_port(&mut self, index: i32, attrs: PortAttrs) -> Result<()> {
        let mut data = Vec::new();
        attrs.emit(&mut crate::netlink::nla::AttrWriter::new(&mut data));
        let link = Link {
            info: IfInfo { index, ..IfInfo::default() },
            slave_kind: Some("bridge".into()),
            slave_data: Some(data),
            ..Link::default()
        };
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
        link.emit(&mut b);
        self.ack(Protocol::Route, b.finish(), Op::SetFlags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_checked_and_converted() {
        assert_eq!(param_attrs("hellotime", 2).unwrap().hello_time, Some(200));
        assert_eq!(param_attrs("timeout", 300).unwrap().ageing_time, Some(30000));
        assert_eq!(param_attrs("priority", 4097).unwrap().priority, Some(4096));
        assert_eq!(param_attrs("maxaddr", 7).unwrap().fdb_max_learned, Some(7));
        assert_eq!(param_attrs("maxaddr", u32::MAX).unwrap().fdb_max_learned, Some(0));
        let e = param_attrs("hellotime", 3).unwrap_err();
        assert_eq!(e.to_string(), "BRDGSHT 3: Invalid argument");
        assert_eq!(
            param_attrs("priority", 61441).unwrap_err().to_string(),
            "BRDGSPRI 61441: Invalid argument"
        );
        for (word, v, why) in
            [("timeout", 0, "never age"), ("maxaddr", 0, "no limit"), ("holdcnt", 3, "hold")]
        {
            let e = param_attrs(word, v).unwrap_err().to_string();
            assert!(e.contains(why) && e.ends_with("nothing was changed"), "{e}");
        }
        assert!(param_attrs("timeout", 50_000_000).unwrap_err().to_string().contains("42949672 seconds"));
    }

    #[test]
    fn member_flags_map_or_are_refused() {
        let a = flag_attrs(BridgeMember::LEARNING | BridgeMember::PRIVATE, false).unwrap();
        assert_eq!((a.learning, a.unicast_flood, a.isolated), (Some(false), None, Some(false)));
        assert_eq!(flag_attrs(BridgeMember::DISCOVER, true).unwrap().unicast_flood, Some(true));
        for (bit, _) in NO_PORT_FLAG {
            let e = flag_attrs(bit | BridgeMember::LEARNING, true).unwrap_err().to_string();
            assert!(e.contains("no Linux counterpart") || e.contains("per member"), "{e}");
        }
    }

    #[test]
    fn listing_reads_linux_units() {
        let a = BridgeAttrs {
            forward_delay: Some(1500),
            hello_time: Some(200),
            max_age: Some(2000),
            ageing_time: Some(30000),
            stp_state: Some(0),
            priority: Some(4096),
            fdb_max_learned: Some(0),
            bridge_id: Some([0x10, 0, 2, 0, 0, 0, 0, 1]),
            root_port: Some(0),
            vlan_filtering: Some(0),
        };
        let c = config(&a, Vec::new());
        assert_eq!((c.fwddelay, c.hellotime, c.maxage, c.timeout, c.priority), (15, 2, 20, 300, 4096));
        assert_eq!((c.maxaddr, c.holdcnt, c.proto.as_str(), c.stp_id), (u32::MAX, 1, "stp", [0; 6]));
        let on = config(&BridgeAttrs { stp_state: Some(1), fdb_max_learned: Some(9), ..a }, Vec::new());
        assert_eq!((on.stp_id, on.maxaddr), ([2, 0, 0, 0, 0, 1], 9));
        let iface = Interface { name: "v0".into(), index: 4, ..Interface::default() };
        let p = PortAttrs {
            state: Some(3),
            priority: Some(32),
            cost: Some(2),
            learning: Some(true),
            unicast_flood: Some(false),
            isolated: Some(true),
            no: Some(1),
            id: Some(0x8001),
            designated_port: Some(0x8001),
            designated_bridge: Some([0x10, 0, 2, 0, 0, 0, 0, 1]),
        };
        let m = member(&iface, Some(&p), Some(&a));
        assert_eq!((m.priority, m.path_cost, m.port, m.flags), (128, 2, 4, 0x801));
        // STP on: every member runs it; designated on its own segment.
        let on = BridgeAttrs { stp_state: Some(1), ..a };
        let m = member(&iface, Some(&p), Some(&on));
        assert_eq!((m.flags, m.stp_role, m.stp_state), (0x805, ROLE_DESIGNATED, 3));
        let root = member(&iface, Some(&p), Some(&BridgeAttrs { root_port: Some(1), ..on }));
        assert_eq!(root.stp_role, ROLE_ROOT);
        let other = PortAttrs { designated_bridge: Some([0; 8]), state: Some(4), ..p };
        assert_eq!(member(&iface, Some(&other), Some(&on)).stp_role, ROLE_ALTERNATE);
        let down = PortAttrs { state: Some(0), ..p };
        assert_eq!(member(&iface, Some(&down), Some(&on)).stp_role, ROLE_DISABLED);
    }

    #[test]
    fn cache_entries_are_freebsds() {
        let n =
            Neigh { family: AF_BRIDGE, ifindex: 4, flags: NTF_MASTER, master: Some(3), ..Neigh::default() };
        assert!(cache_entry_of(&n, 3));
        assert!(!cache_entry_of(&n, 5));
        assert!(!cache_entry_of(&Neigh { state: NUD_PERMANENT, ..n }, 3));
        assert!(local_entry_of(&Neigh { state: NUD_PERMANENT, ..n }, 3));
        assert!(!cache_entry_of(&Neigh { flags: NTF_SELF, ..n }, 3));
        assert!(!cache_entry_of(&Neigh { ifindex: 3, ..n }, 3));
        assert_eq!((freebsd_vlan(None), freebsd_vlan(Some(0)), freebsd_vlan(Some(5))), (1, 1, 5));
        assert!(vlan_matches(0, 7) && vlan_matches(1, 0) && vlan_matches(1, 1) && !vlan_matches(1, 5));
        assert!(vlan_matches(5, 5) && !vlan_matches(5, 0));
        assert!(is_dynamic(&n) && !is_dynamic(&Neigh { flags: NTF_STICKY, ..n }));
        assert!(!is_dynamic(&Neigh { state: NUD_NOARP, ..n }));
    }
}
