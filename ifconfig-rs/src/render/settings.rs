//! The lines of ifconfig's per-driver status routines: `description:`
//! (ifconfig.c), `groups:` (ifgroup.c), `vlan:` (ifvlan.c), the bridge
//! block (ifbridge.c), `tunnel`
//! (af_inet*.c), `fib:` (iffib.c).

use std::fmt::Write as _;

use libcarpctl::{BridgeMember, Interface, VlanConfig, IFBIFBITS, IFBRFBITS};

/// `STP_ROLES` (net/if_bridgevar.h): `ifbr_role`'s names.
const STP_ROLES: [&str; 5] = ["disabled", "root", "designated", "alternate", "backup"];
/// `STP_STATES`: `ifbr_state`'s names.
const STP_STATES: [&str; 6] = ["disabled", "listening", "learning", "forwarding", "blocking", "discarding"];

use super::text;

/// `\tdescription: TEXT` (right after the flags line).
pub fn description(i: &Interface) -> String {
    match i.settings.description.as_deref() {
        Some(d) if !d.is_empty() => format!("\tdescription: {d}\n"),
        _ => String::new(),
    }
}

/// `\tdrivername: igb0` (`-D`, or `-v`).
pub fn drivername(i: &Interface) -> String {
    format!("\tdrivername: {}\n", i.settings.drivername.as_deref().unwrap_or(&i.name))
}

/// `\ttunnel inet SRC --> DST`.
pub fn tunnel(i: &Interface) -> String {
    match &i.settings.tunnel {
        Some(t) => {
            let af = if t.src.is_ipv6() { "inet6" } else { "inet" };
            format!("\ttunnel {af} {} --> {}\n", t.src, t.dst)
        }
        None => String::new(),
    }
}

/// `\tgroups: a b` (the group `all` is never shown).
pub fn groups(i: &Interface) -> String {
    let g: Vec<&str> = i.settings.groups.iter().map(String::as_str).filter(|g| *g != "all").collect();
    if g.is_empty() {
        return String::new();
    }
    let mut s = String::from("\tgroups:");
    for name in g {
        s.push(' ');
        s.push_str(name);
    }
    s.push('\n');
    s
}

/// `\tfib: N` and `\ttunnelfib: N` when not the default FIB.
pub fn fib(i: &Interface) -> String {
    let mut s = String::new();
    if i.settings.fib != 0 {
        let _ = writeln!(s, "\tfib: {}", i.settings.fib);
    }
    if i.settings.tunnelfib != 0 {
        let _ = writeln!(s, "\ttunnelfib: {}", i.settings.tunnelfib);
    }
    s
}

/// ifvlan.c's vlan_status: `\tvlan: 111 vlanproto: 802.1q vlanpcp: 0 parent
/// interface: vmx1` (12+; 14.x read at fel1x-developer/freebsd-src
/// 2d614aa2); 11.x has `vlanpcp:` but no `vlanproto:` (a pre-QinQ
/// vlan_status read in the index, file 69971903; that pcp came with 11.0
/// is not checked against a copy); 10.x only the tag and the parent.
pub fn vlan(i: &Interface, with_proto: bool, with_pcp: bool) -> String {
    let Some(v) = &i.settings.vlan else {
        return String::new();
    };
    let parent = v.parent.as_deref().unwrap_or("<none>");
    let mut s = format!("\tvlan: {}", v.tag);
    if with_proto {
        let _ = match v.proto {
            VlanConfig::PROTO_8021Q => write!(s, " vlanproto: 802.1q"),
            VlanConfig::PROTO_8021AD => write!(s, " vlanproto: 802.1ad"),
            p => write!(s, " vlanproto: 0x{p:04x}"),
        };
    }
    if with_pcp {
        let _ = write!(s, " vlanpcp: {}", v.pcp);
    }
    let _ = writeln!(s, " parent interface: {parent}");
    s
}

/// `LABEL N` for each pair, space-separated (the bridge's number lines,
/// written without `core::fmt`: one per bridge in a listing).
fn numbers(out: &mut String, pairs: &[(&str, u32)]) {
    for (n, (label, value)) in pairs.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(label);
        out.push(' ');
        text::dec(out, u64::from(*value));
    }
}

/// The bridge block of ifbridge.c's bridge_status: id, timers, root, and a
/// `member:` pair of lines per member. `vlan_filtering` is 15.x's form
/// (checked against a 15.x-era bridge_status, index file 175971584): a
/// `bridge flags=` line after the root (IFBRFBITS, ` defuntagged=N`),
/// `ifmaxaddr` only when set, and the member's ` vlan protocol`,
/// ` untagged N` and ` tagged SET` (print_vlans' ranges). 10.x-14.x (fel1x-developer/freebsd-src 2d614aa2):
/// no flags line, `ifmaxaddr N` always.
pub fn bridge(s: &mut String, i: &Interface, vlan_filtering: bool) {
    let Some(b) = &i.settings.bridge else {
        return;
    };
    // The STP bridge id (zeros while no member runs STP), not the ether.
    let id = b.stp_id;
    s.push_str("\tid ");
    text::mac(s, &id, ':');
    s.push(' ');
    let priority = u32::from(b.priority);
    numbers(s, &[("priority", priority), ("hellotime", b.hellotime.into()), ("fwddelay", b.fwddelay.into())]);
    s.push_str("\n\t");
    numbers(s, &[("maxage", b.maxage.into()), ("holdcnt", b.holdcnt.into())]);
    s.push_str(" proto ");
    s.push_str(&b.proto);
    s.push(' ');
    numbers(s, &[("maxaddr", b.maxaddr), ("timeout", b.timeout)]);
    s.push_str("\n\troot id ");
    text::mac(s, &id, ':');
    s.push(' ');
    numbers(s, &[("priority", priority), ("ifcost", 0), ("port", 0)]);
    s.push('\n');
    if vlan_filtering {
        // printb("\tbridge flags", flags, IFBRFBITS), then the default
        // untagged VLAN when there is one.
        let names: Vec<&str> =
            IFBRFBITS.iter().filter(|(bit, _)| b.flags & bit != 0).map(|(_, name)| *name).collect();
        let _ = write!(s, "\tbridge flags={:x}<{}>", b.flags, names.join(","));
        if b.defuntagged != 0 {
            let _ = write!(s, " defuntagged={}", b.defuntagged);
        }
        s.push('\n');
    }
    for m in &b.members {
        // printb("flags", ifbr_ifsflags, IFBIFBITS): names in IFBIFBITS' order.
        let names: Vec<&str> =
            IFBIFBITS.iter().filter(|(bit, _)| m.flags & bit != 0).map(|(_, name)| *name).collect();
        let _ = writeln!(s, "\tmember: {} flags={:x}<{}>", m.name, m.flags, names.join(","));
        s.push_str("\t        ");
        if !vlan_filtering || m.ifmaxaddr != 0 {
            let _ = write!(s, "ifmaxaddr {} ", m.ifmaxaddr);
        }
        let _ = write!(s, "port {} priority {} path cost {}", m.port, m.priority, m.path_cost);
        if m.flags & BridgeMember::STP != 0 {
            // STP_PROTOS, then STP_ROLES and STP_STATES on the next line.
            let _ = write!(s, " proto {}\n\t        ", b.proto);
            match STP_ROLES.get(usize::from(m.stp_role)) {
                Some(r) => write!(s, "role {r}"),
                None => write!(s, "<unknown role {}>", m.stp_role),
            }
            .ok();
            match STP_STATES.get(usize::from(m.stp_state)) {
                Some(st) => write!(s, " state {st}"),
                None => write!(s, " <unknown state {}>", m.stp_state),
            }
            .ok();
        }
        if vlan_filtering {
            // vlan_proto_name, then ` untagged N` and print_vlans' ` tagged SET`.
            let proto = match m.vlanproto {
                0 => "none",
                VlanConfig::PROTO_8021Q => "802.1q",
                VlanConfig::PROTO_8021AD => "802.1ad",
                _ => "unknown",
            };
            if m.vlanproto != 0 {
                let _ = write!(s, " vlan protocol {proto}");
            }
            if m.untagged != 0 {
                let _ = write!(s, " untagged {}", m.untagged);
            }
            if !m.tagged.is_empty() {
                let _ = write!(s, " tagged {}", m.tagged);
            }
        }
        s.push('\n');
    }
}

/// ifbridge.c's bridge_addresses (`addr`): one line per cache entry,
/// `MAC VlanN MEMBER EXPIRE flags=N<...>` (ether_ntoa, printb with
/// IFBAFBITS).
pub fn bridge_addresses(s: &mut String, cache: &[libcarpctl::BridgeCacheEntry]) {
    for e in cache {
        text::mac(s, &e.mac, ':');
        let _ = write!(s, " Vlan{} {} {} ", e.vlan, e.member, e.expire);
        let names: Vec<&str> = libcarpctl::IFBAFBITS
            .iter()
            .filter(|(bit, _)| u32::from(e.flags) & bit != 0)
            .map(|(_, name)| *name)
            .collect();
        let _ = writeln!(s, "flags={:x}<{}>", e.flags, names.join(","));
    }
}
