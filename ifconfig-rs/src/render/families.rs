//! The status lines of the clone families: lagg (iflagg.c `lagg_status`),
//! vxlan (ifvxlan.c `vxlan_status`), gre (ifgre.c `gre_status`), gif
//! (ifgif.c `gif_status`), pfsync (ifpfsync.c `pfsync_status`), ipsec
//! (ifipsec.c `ipsec_status`), stf (ifstf.c `stf_status`).

use std::fmt::Write as _;
use std::net::IpAddr;

use libcarpctl::{Interface, VxlanConfig};

use super::bits;

/// LAGG_OPT_BITS (net/if_lagg.h).
fn lagg_opt_name(bit: u32) -> Option<&'static str> {
    Some(match bit {
        0 => "USE_FLOWID",
        2 => "USE_NUMA",
        4 => "LACP_STRICT",
        5 => "LACP_TXTEST",
        6 => "LACP_RXTEST",
        7 => "LACP_FAST_TIMO",
        _ => return None,
    })
}

/// The flags of port `n` of a lagg (LAGG_PORT_BITS): the first port of
/// failover is the MASTER; a virtual host has no LACP partner, so lacp
/// negotiates nothing.
fn port_flags(proto: &str, n: usize) -> &'static str {
    match (proto, n) {
        ("failover", 0) => "5<MASTER,ACTIVE>",
        ("failover", _) => "0<>",
        ("lacp", _) => "0<>",
        (_, 0) => "5<MASTER,ACTIVE>",
        _ => "4<ACTIVE>",
    }
}

/// iflagg.c `lagg_status`: `\tlaggproto P lagghash l2,l3,l4`; with -v
/// (11 on) the `lagg options:` and `lagg statistics:` blocks (an lacp
/// lagg's `lag id:` last); a `\tlaggport: IF flags=..` line per port, with
/// -v on an lacp lagg its ` state=` bits and its actor and partner.
pub fn lagg(i: &Interface, verbose: bool, options_block: bool) -> String {
    let Some(l) = &i.settings.lagg else {
        return String::new();
    };
    // An lacp lagg's requests (zero where the kernel gave none).
    let lacp = l.proto == "lacp";
    let state = l.lacp.clone().unwrap_or_default();
    let mut s = format!("\tlaggproto {}", l.proto);
    if l.hash & 0x7 != 0 {
        let names: Vec<&str> = [(1, "l2"), (2, "l3"), (4, "l4")]
            .iter()
            .filter(|(b, _)| l.hash & b != 0)
            .map(|(_, n)| *n)
            .collect();
        let _ = write!(s, " lagghash {}", names.join(","));
    }
    s.push('\n');
    if verbose && options_block {
        s.push_str("\tlagg options:\n");
        bits(&mut s, "\t\tflags", l.opts, lagg_opt_name);
        let _ = writeln!(s, "\n\t\tflowid_shift: {}", l.flowid_shift);
        if l.proto == "roundrobin" {
            let _ = writeln!(s, "\t\trr_limit: {}", l.rr_limit);
        }
        let active = (0..l.ports.len()).filter(|n| port_flags(&l.proto, *n).contains("ACTIVE")).count();
        let _ = writeln!(s, "\tlagg statistics:\n\t\tactive ports: {active}\n\t\tflapping: 0");
        if lacp {
            let _ = writeln!(s, "\tlag id: {}", super::lacp::peer(&state.lag_id));
        }
    }
    for (n, port) in l.ports.iter().enumerate() {
        let _ = write!(s, "\tlaggport: {port} flags={}", port_flags(&l.proto, n));
        let req = state.ports.get(n).copied().unwrap_or_default();
        if verbose && lacp {
            bits(&mut s, " state", req.actor.state.into(), super::lacp::state_name);
        }
        s.push('\n');
        if verbose && lacp {
            let _ = writeln!(s, "\t\t{}", super::lacp::peer(&req));
        }
    }
    s
}

/// `host:port` as getnameinfo gives them, in brackets for IPv6.
fn endpoint(a: Option<IpAddr>, port: u16, brackets: bool) -> String {
    let a = a.map_or_else(|| "0.0.0.0".to_string(), |a| a.to_string());
    if brackets {
        format!("[{a}]:{port}")
    } else {
        format!("{a}:{port}")
    }
}

/// ifvxlan.c `vxlan_status`: nothing until the vni is set; then
/// `\tvxlan vni N local A:P remote|group B:P`, and with -v the config
/// and forwarding-table lines.
pub fn vxlan(i: &Interface, verbose: bool) -> String {
    let Some(c) = &i.settings.vxlan else {
        return String::new();
    };
    let Some(vni) = c.vni.filter(|v| *v < VxlanConfig::VNI_MAX) else {
        return String::new();
    };
    let v6 = c.remote.is_some_and(|r| r.is_ipv6());
    let group = c.remote.is_some_and(|r| r.is_multicast());
    let mut s = format!(
        "\tvxlan vni {vni} local {} {} {}",
        endpoint(c.local, c.local_port, v6),
        if group { "group" } else { "remote" },
        endpoint(c.remote, c.remote_port, v6)
    );
    if verbose {
        let _ = write!(
            s,
            "\n\t\tconfig: {}learning portrange {}-{} ttl {}\n\t\tftable: cnt 0 max {} timeout {}",
            if c.learn { "" } else { "no" },
            c.port_min,
            c.port_max,
            c.ttl,
            c.maxaddr,
            c.timeout
        );
    }
    s.push('\n');
    s
}

/// ifgre.c `gre_status`: `\tgrekey: 0xK (K)` when there is a key; with
/// options, `\tudpport: P` and `\toptions=N<...>`.
pub fn gre(i: &Interface) -> String {
    let Some(g) = &i.settings.gre else {
        return String::new();
    };
    let mut s = String::new();
    if g.key != 0 {
        let _ = writeln!(s, "\tgrekey: 0x{:x} ({})", g.key, g.key);
    }
    if g.options == 0 {
        return s;
    }
    if g.udpport != 0 {
        let _ = writeln!(s, "\tudpport: {}", g.udpport);
    }
    let names = |b: u32| ["ENABLE_CSUM", "ENABLE_SEQ", "UDPENCAP"].get(b as usize).copied();
    bits(&mut s, "\toptions", g.options, names);
    s.push('\n');
    s
}

/// ifgif.c `gif_status`: `\toptions=N<...>` when an option is set; the
/// names are the release's GIFBITS.
pub fn gif(i: &Interface, noclamp: bool) -> String {
    let Some(g) = &i.settings.gif else {
        return String::new();
    };
    if g.options == 0 {
        return String::new();
    }
    let names = |b: u32| match b {
        0 if noclamp => Some("NOCLAMP"),
        0 => Some("ACCEPT_REV_ETHIP_VER"),
        1 => Some("IGNORE_SOURCE"),
        4 if !noclamp => Some("SEND_REV_ETHIP_VER"),
        _ => None,
    };
    let mut s = String::new();
    bits(&mut s, "\toptions", g.options, names);
    s.push('\n');
    s
}

/// ifpfsync.c `pfsync_status`. 14 on (nvlist): always
/// `\t[syncdev: D ][syncpeer: P ]maxupd: N defer: on|off version: V` and
/// `\tsyncok: 1`. Before: always (see below),
/// `\t[pfsync: syncdev: D ]syncpeer: P maxupd: N defer: on|off`.
pub fn pfsync(i: &Interface, nvlist: bool) -> String {
    let Some(p) = &i.settings.pfsync else {
        return String::new();
    };
    let defer = if p.defer { "on" } else { "off" };
    let mut s = String::from("\t");
    if nvlist {
        if let Some(d) = &p.syncdev {
            let _ = write!(s, "syncdev: {d} ");
        }
        if let Some(peer) = p.syncpeer {
            let _ = write!(s, "syncpeer: {peer} ");
        }
        let _ = writeln!(s, "maxupd: {} defer: {defer} version: {}\n\tsyncok: 1", p.maxupd, p.version);
        return s;
    }
    // 10-13 (ifpfsync.c of 10.4 and 12.0) compare the peer with
    // INADDR_PFSYNC_GROUP in host order, while the kernel keeps it in
    // network order: on amd64 the group never matches, so the line is
    // always printed, with `syncpeer: 224.0.0.240` when no peer was set.
    if let Some(d) = &p.syncdev {
        let _ = write!(s, "pfsync: syncdev: {d} ");
    }
    let peer = p.syncpeer.unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::new(224, 0, 0, 240)));
    let _ = writeln!(s, "syncpeer: {peer} maxupd: {} defer: {defer}", p.maxupd);
    s
}

/// ifipsec.c `ipsec_status`: `\treqid: N` (IPSECGREQID answers on every
/// ipsec interface, 0 included).
pub fn ipsec(i: &Interface) -> String {
    i.settings.ipsec.map(|c| format!("\treqid: {}\n", c.reqid)).unwrap_or_default()
}

/// ifstf.c `stf_status` (the 6rd ifconfig, `shown`): STF6RD_GV4NET
/// answers on every stf, so `\tv4net A/P -> tv4br B` always, a prefix
/// length of 0 shown as 32.
pub fn stf(i: &Interface, shown: bool) -> String {
    let Some(c) = i.settings.stf.filter(|_| shown) else {
        return String::new();
    };
    let len = if c.v4prefixlen == 0 { 32 } else { c.v4prefixlen };
    format!("\tv4net {}/{len} -> tv4br {}\n", c.v4net, c.braddr)
}
