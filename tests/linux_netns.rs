//! The binary against the real Linux kernel, in network namespaces the
//! tests create and remove; documentation addresses only.
#![cfg(target_os = "linux")]

use std::collections::BTreeSet;

use crate::support::netns::{can_run, InNamespace as _, Netns};

/// A namespace with a bridge and a veth pair, each with addresses.
fn lab() -> Netns {
    let ns = Netns::new();
    ns.ip(&["link", "add", "br0", "type", "bridge"]);
    ns.ip(&["link", "add", "v0", "type", "veth", "peer", "name", "v1"]);
    ns.ip(&["addr", "add", "192.0.2.1/24", "broadcast", "+", "dev", "br0"]);
    ns.ip(&["addr", "add", "198.51.100.7/25", "dev", "br0"]);
    ns.ip(&["addr", "add", "2001:db8:1::1/64", "dev", "br0", "nodad"]);
    ns.ip(&["addr", "add", "192.0.2.65/26", "dev", "v0"]);
    for l in ["br0", "v0", "v1"] {
        ns.ip(&["link", "set", l, "up"]);
    }
    ns
}

/// (interface, "family address/prefix [broadcast]") from our `ifconfig -a`.
fn ours(text: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut iface = String::new();
    for line in text.lines() {
        if !line.starts_with('\t') {
            iface = line.split(':').next().unwrap().to_string();
            let mtu = line.rsplit("mtu ").next().unwrap();
            out.insert((iface.clone(), format!("mtu {mtu}")));
            continue;
        }
        let w: Vec<&str> = line.split_whitespace().collect();
        match w.as_slice() {
            ["ether", mac, ..] => {
                out.insert((iface.clone(), format!("ether {mac}")));
            }
            ["inet", a, "netmask", m, rest @ ..] => {
                let plen = u32::from_str_radix(m.trim_start_matches("0x"), 16).unwrap().count_ones();
                let brd = match rest {
                    ["broadcast", b, ..] => format!(" brd {b}"),
                    _ => String::new(),
                };
                out.insert((iface.clone(), format!("inet {a}/{plen}{brd}")));
            }
            ["inet6", a, "prefixlen", p, ..] => {
                let a = a.split('%').next().unwrap();
                out.insert((iface.clone(), format!("inet6 {a}/{p}")));
            }
            _ => {}
        }
    }
    out
}

/// The same facts from `ip -j addr`.
fn theirs(ns: &Netns) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for link in ns.ip_json(&["addr"]).as_array().unwrap() {
        let name = link["ifname"].as_str().unwrap().to_string();
        out.insert((name.clone(), format!("mtu {}", link["mtu"])));
        if link["link_type"] == "ether" {
            out.insert((name.clone(), format!("ether {}", link["address"].as_str().unwrap())));
        }
        for a in link["addr_info"].as_array().unwrap() {
            let fam = a["family"].as_str().unwrap();
            let mut s = format!("{fam} {}/{}", a["local"].as_str().unwrap(), a["prefixlen"]);
            if let Some(b) = a["broadcast"].as_str() {
                s.push_str(&format!(" brd {b}"));
            }
            out.insert((name.clone(), s));
        }
    }
    out
}

#[test]
fn listing_matches_ip_addr() {
    if !can_run("listing_matches_ip_addr") {
        return;
    }
    let ns = lab();
    let run = ns.ifconfig("-a");
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
    assert_eq!(ours(&run.stdout), theirs(&ns), "ifconfig -a:\n{}", run.stdout);
    // Linux reports no capabilities the FreeBSD way: no options line (not
    // even 14+'s `options=0`).
    assert!(!run.stdout.contains("\toptions="), "{}", run.stdout);
    let names = ns.ifconfig("-l").stdout;
    let mut listed: Vec<&str> = names.split_whitespace().collect();
    listed.sort();
    assert_eq!(listed, ["br0", "lo", "v0", "v1"]);
    let br0 = ns.ifconfig("br0").stdout;
    assert!(br0.starts_with("br0: flags="), "{br0}");
    assert!(br0.contains("<UP,BROADCAST,RUNNING,") || br0.contains("<UP,BROADCAST,"), "{br0}");
    assert!(br0.contains("\tinet 192.0.2.1 netmask 0xffffff00 broadcast 192.0.2.255\n"), "{br0}");
}

#[test]
fn aliases_add_and_delete() {
    if !can_run("aliases_add_and_delete") {
        return;
    }
    let ns = lab();
    ns.ifconfig("br0 192.0.2.10/24 alias").silent_ok();
    ns.ifconfig("br0 inet6 2001:db8:1::10/64 alias").silent_ok();
    let have = theirs(&ns);
    assert!(have.contains(&("br0".into(), "inet 192.0.2.10/24 brd 192.0.2.255".into())), "{have:?}");
    assert!(have.contains(&("br0".into(), "inet6 2001:db8:1::10/64".into())), "{have:?}");
    ns.ifconfig("br0 192.0.2.10 -alias").silent_ok();
    ns.ifconfig("br0 inet6 2001:db8:1::10 delete").silent_ok();
    let have = theirs(&ns);
    assert!(
        !have.iter().any(|(_, s)| s.contains("192.0.2.10/") || s.contains("2001:db8:1::10/")),
        "{have:?}"
    );
    // Without alias, a new inet address replaces the first one.
    ns.ifconfig("v1 198.51.100.200/24").silent_ok();
    ns.ifconfig("v1 198.51.100.201/24").silent_ok();
    let v1: Vec<_> = theirs(&ns).into_iter().filter(|(i, s)| i == "v1" && s.starts_with("inet ")).collect();
    assert_eq!(v1, [("v1".to_string(), "inet 198.51.100.201/24 brd 198.51.100.255".to_string())]);
}

#[test]
fn mtu_down_up() {
    if !can_run("mtu_down_up") {
        return;
    }
    let ns = lab();
    ns.ifconfig("v0 mtu 1400").silent_ok();
    ns.ifconfig("v0 down").silent_ok();
    let link = &ns.ip_json(&["link", "show", "v0"])[0];
    assert_eq!(link["mtu"], 1400);
    assert!(!link["flags"].as_array().unwrap().iter().any(|f| f == "UP"), "{link}");
    assert!(ns.ifconfig("v0").stdout.starts_with("v0: flags="));
    ns.ifconfig("v0 up").silent_ok();
    let link = &ns.ip_json(&["link", "show", "v0"])[0];
    assert!(link["flags"].as_array().unwrap().iter().any(|f| f == "UP"), "{link}");
    assert!(ns.ifconfig("v0").stdout.contains(" mtu 1400\n"));
}

#[test]
fn errors_missing_interface_duplicate_address_and_carp() {
    if !can_run("errors_missing_interface_duplicate_address_and_carp") {
        return;
    }
    let ns = lab();
    ns.ifconfig("nosuch0 up").fails_with("interface nosuch0 does not exist");
    ns.ifconfig("nosuch0").fails_with("interface nosuch0 does not exist");
    ns.ifconfig("br0 192.0.2.1/24 alias").fails_with("ioctl (SIOCAIFADDR): File exists");
    let before = theirs(&ns);
    let run = ns.ifconfig("br0 vhid 1 pass x 192.0.2.50/24 alias");
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.starts_with("ifconfig: ") && run.stderr.contains("carp"), "{run:?}");
    assert_eq!(theirs(&ns), before, "a refused CARP line changes nothing");
}

#[test]
fn a_refused_carp_step_undoes_the_link_changes() {
    if !can_run("a_refused_carp_step_undoes_the_link_changes") {
        return;
    }
    let ns = lab();
    // Linux drops inet6 addresses on down: the undo puts them back.
    ns.ip(&["addr", "add", "2001:db8:2::1/64", "dev", "v0", "nodad"]);
    // Link-local addresses come back by themselves, in their own time.
    let theirs = |ns: &Netns| {
        let mut all = theirs(ns);
        all.retain(|(_, a)| !a.starts_with("inet6 fe80:"));
        all
    };
    let link = |ns: &Netns| {
        let l = &ns.ip_json(&["link", "show", "v0"])[0];
        (l["mtu"].clone(), l["flags"].as_array().unwrap().iter().any(|f| f == "UP"))
    };
    let (before, link_before) = (theirs(&ns), link(&ns));
    assert_eq!(link_before, (1500.into(), true));
    for line in ["v0 down vhid 1 advskew 3", "v0 mtu 1400 down vhid 1 pass x", "v0 down 192.0.2.99 -alias"] {
        let run = ns.ifconfig(line);
        assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{line}: {run:?}");
        assert!(!run.stderr.contains("could not undo"), "{line}: {run:?}");
        assert_eq!(link(&ns), link_before, "{line}: v0 left changed");
        assert_eq!(theirs(&ns), before, "{line}");
    }
}
