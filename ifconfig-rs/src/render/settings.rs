//! The lines of ifconfig's per-driver status routines: `description:`
//! (ifconfig.c), `groups:` (ifgroup.c), `vlan:` (ifvlan.c), the bridge
//! block (ifbridge.c), `tunnel`
//! (af_inet*.c), `fib:` (iffib.c).

use std::fmt::Write as _;

use libcarpctl::{Interface, VlanConfig, IFBIF_NAMES};

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

/// `\tvlan: 111 vlanproto: 802.1q vlanpcp: 0 parent interface: vmx1`;
/// 10 and 11 print only the tag and the parent.
pub fn vlan(i: &Interface, with_proto: bool) -> String {
    let Some(v) = &i.settings.vlan else {
        return String::new();
    };
    let parent = v.parent.as_deref().unwrap_or("<none>");
    if !with_proto {
        return format!("\tvlan: {} parent interface: {parent}\n", v.tag);
    }
    let proto = match v.proto {
        VlanConfig::PROTO_8021Q => "802.1q".to_string(),
        VlanConfig::PROTO_8021AD => "802.1ad".to_string(),
        p => format!("0x{p:04x}"),
    };
    format!("\tvlan: {} vlanproto: {proto} vlanpcp: {} parent interface: {parent}\n", v.tag, v.pcp)
}

fn ether_ntoa(m: &[u8; 6]) -> String {
    m.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

/// The bridge block: id, timers, root, and a `member:` pair of lines per
/// member.
pub fn bridge(i: &Interface) -> String {
    let Some(b) = &i.settings.bridge else {
        return String::new();
    };
    let id = ether_ntoa(&i.ether.unwrap_or_default());
    let mut s = String::new();
    let _ =
        writeln!(s, "\tid {id} priority {} hellotime {} fwddelay {}", b.priority, b.hellotime, b.fwddelay);
    let _ = writeln!(
        s,
        "\tmaxage {} holdcnt {} proto {} maxaddr {} timeout {}",
        b.maxage, b.holdcnt, b.proto, b.maxaddr, b.timeout
    );
    let _ = writeln!(s, "\troot id {id} priority {} ifcost 0 port 0", b.priority);
    for m in &b.members {
        let names: Vec<&str> = (0..IFBIF_NAMES.len())
            .filter(|bit| m.flags & (1 << bit) != 0)
            .map(|bit| IFBIF_NAMES[bit])
            .collect();
        let _ = writeln!(s, "\tmember: {} flags={:x}<{}>", m.name, m.flags, names.join(","));
        let _ = writeln!(
            s,
            "\t        ifmaxaddr {} port {} priority {} path cost {}",
            m.ifmaxaddr, m.port, m.priority, m.path_cost
        );
    }
    s
}
