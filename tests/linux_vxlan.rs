//! vxlan on the real Linux kernel through rtnetlink (linux_vxlan.rs), in a
//! namespace the test creates and removes; what ifconfig sets is compared
//! with `ip -j -d link`, and what it prints with FreeBSD's `vxlan vni`
//! line (ifvxlan.c vxlan_status).
#![cfg(target_os = "linux")]

use crate::support::netns::{can_run, InNamespace as _, Netns};

fn info_data(ns: &Netns, name: &str) -> serde_json::Value {
    ns.ip_json(&["-d", "link", "show", name])[0]["linkinfo"]["info_data"].clone()
}

fn link_names(ns: &Netns) -> Vec<String> {
    let all = ns.ip_json(&["link"]);
    all.as_array().unwrap().iter().map(|l| l["ifname"].as_str().unwrap().to_string()).collect()
}

#[test]
fn linux_vxlan_create_list_destroy() {
    if !can_run("linux_vxlan_create_list_destroy") {
        return;
    }
    let ns = Netns::new();
    ns.ifconfig(
        "vxlan0 create vxlanid 42 vxlanlocal 192.0.2.1 vxlanremote 192.0.2.2 vxlanttl 9 -vxlanlearn \
         vxlantimeout 300 vxlanmaxaddr 100 vxlanportrange 20000 30000",
    )
    .silent_ok();
    let d = info_data(&ns, "vxlan0");
    assert_eq!(
        (d["id"].as_u64(), d["local"].as_str(), d["remote"].as_str()),
        (Some(42), Some("192.0.2.1"), Some("192.0.2.2"))
    );
    assert_eq!(
        (d["ttl"].as_u64(), d["learning"].as_bool(), d["port"].as_u64()),
        (Some(9), Some(false), Some(4789))
    );
    assert_eq!((d["ageing"].as_u64(), d["limit"].as_u64()), (Some(300), Some(100)));
    assert_eq!(
        (d["port_range"]["low"].as_u64(), d["port_range"]["high"].as_u64()),
        (Some(20000), Some(30000))
    );
    let ours = ns.ifconfig("-v vxlan0").stdout;
    assert!(
        ours.contains(
            "\tvxlan vni 42 local 192.0.2.1:4789 remote 192.0.2.2:4789\n\
             \t\tconfig: nolearning portrange 20000-30000 ttl 9\n\t\tftable: cnt 0 max 100 timeout 300\n"
        ),
        "{ours}"
    );

    // No unit: the next free one, printed; IPv6 and another port.
    let r = ns.ifconfig("vxlan create vxlanid 7 vxlanlocal 2001:db8::1 vxlanremote 2001:db8::2 vxlanremoteport 8472 vxlanlocalport 8472");
    assert_eq!((r.code, r.stdout.as_str()), (0, "vxlan1\n"), "{r:?}");
    let d = info_data(&ns, "vxlan1");
    assert_eq!(
        (d["id"].as_u64(), d["local6"].as_str(), d["remote6"].as_str()),
        (Some(7), Some("2001:db8::1"), Some("2001:db8::2"))
    );
    assert_eq!(d["port"].as_u64(), Some(8472));
    assert!(ns
        .ifconfig("vxlan1")
        .stdout
        .contains("\tvxlan vni 7 local [2001:db8::1]:8472 remote [2001:db8::2]:8472\n"));

    // Where Linux differs: refused with the reason, nothing created or changed.
    let before = link_names(&ns);
    let r = ns.ifconfig("vxlan5 create vxlanlocal 192.0.2.1");
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "ifconfig: a Linux vxlan needs its vxlanid at creation; nothing was changed\n")
    );
    let r = ns.ifconfig("vxlan5 create vxlanid 5 vxlanlocalport 5000");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("vxlanlocalport must equal vxlanremoteport"), "{r:?}");
    let r = ns.ifconfig("vxlan5 create vxlanid 5 vxlangroup 239.0.0.5");
    assert!(r.stderr.contains("a Linux vxlan group needs vxlandev"), "{r:?}");
    let r = ns.ifconfig("vxlan0 vxlanttl 3");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("cannot be changed later"), "{r:?}");
    assert_eq!(info_data(&ns, "vxlan0")["ttl"].as_u64(), Some(9));
    // FreeBSD's own checks come first, on Linux too.
    let r = ns.ifconfig("vxlan5 create vxlanid 5 vxlanlocal 192.0.2.1 vxlanremote 2001:db8::2");
    assert_eq!(r.stderr, "ifconfig: cannot mix IPv4 and IPv6 addresses\n");
    assert_eq!(link_names(&ns), before);

    ns.ifconfig("vxlan0 destroy").silent_ok();
    ns.ifconfig("vxlan1 destroy").silent_ok();
    assert_eq!(link_names(&ns), ["lo"]);
}
