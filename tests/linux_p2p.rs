//! Point-to-point destinations on the real Linux kernel: ifconfig's second
//! address is `ip addr add A peer D` (IFA_ADDRESS beside IFA_LOCAL), on a
//! tun device in a namespace the test creates and removes, compared with
//! `ip -j addr`.
#![cfg(target_os = "linux")]

use crate::support::netns::{can_run, InNamespace as _, Netns};

/// `(local, address, prefixlen)` of each address of `dev` in `family`.
fn addrs(ns: &Netns, dev: &str, family: &str) -> Vec<(String, String, u64)> {
    let v = ns.ip_json(&["addr", "show", dev]);
    v[0]["addr_info"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["family"] == family && a["scope"] == "global")
        .map(|a| {
            let s = |k: &str| a[k].as_str().unwrap_or_default().to_string();
            (s("local"), s("address"), a["prefixlen"].as_u64().unwrap())
        })
        .collect()
}

#[test]
fn linux_point_to_point_peer() {
    if !can_run("linux_point_to_point_peer") {
        return;
    }
    let ns = Netns::new();
    ns.ip(&["tuntap", "add", "dev", "tun0", "mode", "tun"]);
    ns.ifconfig("tun0 inet 192.0.2.1/32 192.0.2.2").silent_ok();
    ns.ifconfig("tun0 inet6 2001:db8::1 2001:db8::2 prefixlen 128").silent_ok();
    assert_eq!(addrs(&ns, "tun0", "inet"), [("192.0.2.1".into(), "192.0.2.2".into(), 32)]);
    assert_eq!(addrs(&ns, "tun0", "inet6"), [("2001:db8::1".into(), "2001:db8::2".into(), 128)]);
    let shown = ns.ifconfig("tun0").stdout;
    assert!(shown.contains("\tinet 192.0.2.1 --> 192.0.2.2 netmask 0xffffffff\n"), "{shown}");
    assert!(shown.contains("\tinet6 2001:db8::1 --> 2001:db8::2 prefixlen 128\n"), "{shown}");
    // A replace takes the old address and its peer away.
    ns.ifconfig("tun0 inet 198.51.100.1/32 198.51.100.2").silent_ok();
    assert_eq!(addrs(&ns, "tun0", "inet"), [("198.51.100.1".into(), "198.51.100.2".into(), 32)]);
    ns.ifconfig("tun0 inet 198.51.100.1 -alias").silent_ok();
    assert!(addrs(&ns, "tun0", "inet").is_empty());
    // A bad peer is refused before anything is sent.
    let r = ns.ifconfig("tun0 inet 192.0.2.1/32 192.0.2.2/30");
    assert_eq!((r.code, r.stderr.as_str()), (1, "ifconfig: 192.0.2.2/30: bad value\n"));
    assert!(addrs(&ns, "tun0", "inet").is_empty());
}
