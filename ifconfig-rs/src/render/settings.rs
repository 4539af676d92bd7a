//! The lines of ifconfig's per-driver status routines: `description:`
//! (ifconfig.c), `groups:` (ifgroup.c), `vlan:` (ifvlan.c), the bridge
//! block (ifbridge.c), `tunnel`
//! (af_inet*.c), `fib:` (iffib.c).

use std::fmt::Write as _;

use super::text;

use libcarpctl::{Interface, VlanConfig, IFBIF_NAMES};

/// `\tdescription: TEXT` (right after the flags line).
pub fn description(out: &mut String, i: &Interface) {
    if let Some(d) = i.settings.description.as_deref().filter(|d| !d.is_empty()) {
        out.push_str("\tdescription: ");
        out.push_str(d);
        out.push('\n');
    }
}

/// `\tdrivername: igb0` (`-D`, or `-v`).
pub fn drivername(out: &mut String, i: &Interface) {
    let _ = writeln!(out, "\tdrivername: {}", i.settings.drivername.as_deref().unwrap_or(&i.name));
}

/// `\ttunnel inet SRC --> DST`.
pub fn tunnel(out: &mut String, i: &Interface) {
    if let Some(t) = &i.settings.tunnel {
        let af = if t.src.is_ipv6() { "inet6" } else { "inet" };
        let _ = writeln!(out, "\ttunnel {af} {} --> {}", t.src, t.dst);
    }
}

/// `\tgroups: a b` (the group `all` is never shown).
pub fn groups(out: &mut String, i: &Interface) {
    let mut shown = i.settings.groups.iter().filter(|g| *g != "all").peekable();
    if shown.peek().is_none() {
        return;
    }
    out.push_str("\tgroups:");
    for name in shown {
        out.push(' ');
        out.push_str(name);
    }
    out.push('\n');
}

/// `\tfib: N` and `\ttunnelfib: N` when not the default FIB.
pub fn fib(out: &mut String, i: &Interface) {
    if i.settings.fib != 0 {
        let _ = writeln!(out, "\tfib: {}", i.settings.fib);
    }
    if i.settings.tunnelfib != 0 {
        let _ = writeln!(out, "\ttunnelfib: {}", i.settings.tunnelfib);
    }
}

/// `\tvlan: 111 vlanproto: 802.1q vlanpcp: 0 parent interface: vmx1`;
/// 10 and 11 print only the tag and the parent.
pub fn vlan(out: &mut String, i: &Interface, with_proto: bool) {
    let Some(v) = &i.settings.vlan else {
        return;
    };
    let parent = v.parent.as_deref().unwrap_or("<none>");
    if !with_proto {
        let _ = writeln!(out, "\tvlan: {} parent interface: {parent}", v.tag);
        return;
    }
    let proto = match v.proto {
        VlanConfig::PROTO_8021Q => "802.1q".to_string(),
        VlanConfig::PROTO_8021AD => "802.1ad".to_string(),
        p => format!("0x{p:04x}"),
    };
    let _ =
        writeln!(out, "\tvlan: {} vlanproto: {proto} vlanpcp: {} parent interface: {parent}", v.tag, v.pcp);
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

/// The bridge block: id, timers, root, and a `member:` pair of lines per
/// member.
pub fn bridge(out: &mut String, i: &Interface) {
    let Some(b) = &i.settings.bridge else {
        return;
    };
    let id = i.ether.unwrap_or_default();
    out.push_str("\tid ");
    text::mac(out, &id, ':');
    out.push(' ');
    let priority = u32::from(b.priority);
    numbers(
        out,
        &[("priority", priority), ("hellotime", b.hellotime.into()), ("fwddelay", b.fwddelay.into())],
    );
    out.push_str("\n\t");
    numbers(out, &[("maxage", b.maxage.into()), ("holdcnt", b.holdcnt.into())]);
    out.push_str(" proto ");
    out.push_str(&b.proto);
    out.push(' ');
    numbers(out, &[("maxaddr", b.maxaddr), ("timeout", b.timeout)]);
    out.push_str("\n\troot id ");
    text::mac(out, &id, ':');
    out.push(' ');
    numbers(out, &[("priority", priority), ("ifcost", 0), ("port", 0)]);
    out.push('\n');
    for m in &b.members {
        let names: Vec<&str> = (0..IFBIF_NAMES.len())
            .filter(|bit| m.flags & (1 << bit) != 0)
            .map(|bit| IFBIF_NAMES[bit])
            .collect();
        let _ = writeln!(out, "\tmember: {} flags={:x}<{}>", m.name, m.flags, names.join(","));
        let _ = writeln!(
            out,
            "\t        ifmaxaddr {} port {} priority {} path cost {}",
            m.ifmaxaddr, m.port, m.priority, m.path_cost
        );
    }
}
