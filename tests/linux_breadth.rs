//! Issue 10's words on the real Linux kernel through rtnetlink, in
//! namespaces the tests create and remove; each result is compared with
//! `ip -j link`.
#![cfg(target_os = "linux")]

use crate::support::netns::{can_run, InNamespace as _, Netns};

fn link(ns: &Netns, name: &str) -> serde_json::Value {
    ns.ip_json(&["link", "show", name])[0].clone()
}

fn links(ns: &Netns) -> Vec<String> {
    ns.ip_json(&["link"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ifname"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn linux_create_bridge_epair_members_and_destroy() {
    if !can_run("linux_create_bridge_epair_members_and_destroy") {
        return;
    }
    let ns = Netns::new();
    assert_eq!(ns.ifconfig("bridge create").stdout, "bridge0\n");
    assert_eq!(ns.ifconfig("epair create").stdout, "epair0a\n");
    assert_eq!(link(&ns, "epair0a")["link"], "epair0b", "a veth pair");
    let again = ns.ifconfig("bridge0 create");
    assert_eq!((again.code, again.stderr.as_str()), (1, "ifconfig: interface bridge0 already exists\n"));
    ns.ifconfig("bridge0 addm epair0a").silent_ok();
    assert_eq!(link(&ns, "epair0a")["master"], "bridge0");
    let ours = ns.ifconfig("bridge0").stdout;
    assert!(ours.contains("\tmember: epair0a flags=3<LEARNING,DISCOVER>\n"), "{ours}");
    let dup = ns.ifconfig("bridge0 addm epair0a");
    assert_eq!(dup.stderr, "ifconfig: BRDGADD epair0a: File exists\n");
    ns.ifconfig("bridge0 deletem epair0a").silent_ok();
    assert!(link(&ns, "epair0a").get("master").is_none());
    let gone = ns.ifconfig("bridge0 deletem epair0a");
    assert_eq!(
        (gone.code, gone.stderr.as_str()),
        (1, "ifconfig: BRDGDEL epair0a: No such file or directory\n")
    );
    ns.ifconfig("epair0a destroy").silent_ok();
    ns.ifconfig("bridge0 destroy").silent_ok();
    let left = links(&ns);
    assert_eq!(left, ["lo"], "{left:?}");
    let lo = ns.ifconfig("lo destroy");
    assert_eq!((lo.code, lo.stderr.as_str()), (1, "ifconfig: SIOCIFDESTROY: Invalid argument\n"));
}

#[test]
fn linux_description_name_lladdr_flags() {
    if !can_run("linux_description_name_lladdr_flags") {
        return;
    }
    let ns = Netns::new();
    ns.ip(&["link", "add", "v0", "type", "veth", "peer", "name", "v1"]);
    let r = crate::support::netns_run(&ns, &["v0", "description", "LAN side"]);
    r.silent_ok();
    assert_eq!(link(&ns, "v0")["ifalias"], "LAN side");
    assert_eq!(ns.ifconfig("v0").stdout.lines().nth(1), Some("\tdescription: LAN side"));
    ns.ifconfig("v0 -description").silent_ok();
    assert!(link(&ns, "v0").get("ifalias").is_none_or(|a| a == ""));
    ns.ifconfig("v0 ether 02:00:5e:00:53:01").silent_ok();
    assert_eq!(link(&ns, "v0")["address"], "02:00:5e:00:53:01");
    ns.ifconfig("v0 promisc -arp").silent_ok();
    let flags = link(&ns, "v0")["flags"].clone();
    let has = |f: &str| flags.as_array().unwrap().iter().any(|x| x == f);
    assert!(has("PROMISC") && has("NOARP"), "{flags}");
    ns.ifconfig("v0 -promisc arp").silent_ok();
    let flags = link(&ns, "v0")["flags"].clone();
    assert!(!flags.as_array().unwrap().iter().any(|x| x == "PROMISC" || x == "NOARP"), "{flags}");
    ns.ifconfig("v0 name lan0").silent_ok();
    assert!(links(&ns).contains(&"lan0".to_string()));
}

#[test]
fn linux_refuses_what_it_lacks() {
    if !can_run("linux_refuses_what_it_lacks") {
        return;
    }
    let ns = Netns::new();
    ns.ip(&["link", "add", "v0", "type", "veth", "peer", "name", "v1"]);
    let before = ns.ip(&["-j", "link"]);
    for (args, msg) in [
        ("v0 group egress", "ifconfig: Linux has no interface groups; nothing was changed\n"),
        ("v0 fib 1", "ifconfig: Linux has no per-interface FIB (use VRF devices and ip rules); nothing was changed\n"),
        ("lagg0 create", "ifconfig: lagg(4) is not mapped to Linux bonding: the mapping was never tested against a kernel with the bonding driver, so it is not built; nothing was changed\n"),
        ("v0 laggproto lacp", "ifconfig: lagg(4) is not mapped to Linux bonding: the mapping was never tested against a kernel with the bonding driver, so it is not built; nothing was changed\n"),
        ("gre0 create", "ifconfig: gif(4)/gre(4) are not mapped to Linux ipip/sit/gre: the mapping was never tested against a kernel with those modules, so it is not built; nothing was changed\n"),
        ("v0 grekey 5", "ifconfig: gif(4)/gre(4) are not mapped to Linux ipip/sit/gre: the mapping was never tested against a kernel with those modules, so it is not built; nothing was changed\n"),
        ("pfsync0 create", "ifconfig: Linux has no pfsync(4): it syncs pf(4) state, and Linux has no pf; nothing was changed\n"),
        ("v0 syncdev v1", "ifconfig: Linux has no pfsync(4): it syncs pf(4) state, and Linux has no pf; nothing was changed\n"),
        ("wg0 create", "ifconfig: wg(4) is not mapped to Linux wireguard links: the kernel this was built and tested on has no wireguard link type, so the mapping was never tested and is not built; nothing was changed\n"),
        ("ipsec0 create", "ifconfig: ipsec(4) is not mapped to Linux xfrm links: the kernel this was built and tested on has no xfrm link type, so the mapping was never tested and is not built; nothing was changed\n"),
        ("stf0 create", "ifconfig: stf(4) is not mapped to Linux sit links: the kernel this was built and tested on has no sit link type, so the mapping was never tested and is not built; nothing was changed\n"),
        ("geneve0 create", "ifconfig: geneve(4) is not mapped to Linux geneve links: the kernel this was built and tested on has no geneve link type, so the mapping was never tested and is not built; nothing was changed\n"),
        ("geneve1 create genevemode l3", "ifconfig: geneve(4) is not mapped to Linux geneve links: the kernel this was built and tested on has no geneve link type, so the mapping was never tested and is not built; nothing was changed\n"),
        ("tun0 create", "ifconfig: Linux has no tun cloner mapped here (only bridge, epair as a veth pair, vlan, vxlan); nothing was changed\n"),
        ("v0 inet6 no_dad", "ifconfig: Linux keeps IPv6 per-interface settings in sysctl net.ipv6.conf, not ND6 flags; nothing was changed\n"),
        ("v0 rxtls", "ifconfig: Linux has no IFCAP_NV capabilities (its offloads are ethtool features); nothing was changed\n"),
    ] {
        let r = ns.ifconfig(args);
        assert_eq!((r.code, r.stderr.as_str()), (1, msg), "{args}");
    }
    assert_eq!(ns.ip(&["-j", "link"]), before, "nothing changed");
}
